use edgeapi::prelude::*;

struct Item {
    name: String,
}

#[edgeapi::openapi]
fn create(Json(item): Json<Item>) -> String {
    item.name
}

fn main() {
    let _app = App::new().post("/items", create);
}
