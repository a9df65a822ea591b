use edgeapi::prelude::*;

struct Database;

#[edgeapi::openapi]
fn list(_db: Database, Path(id): Path<u32>) -> String {
    id.to_string()
}

fn main() {
    let _app = App::new().get("/items/{id}", list);
}
