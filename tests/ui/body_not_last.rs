use edgeapi::prelude::*;

#[edgeapi::openapi]
async fn update(Json(name): Json<String>, Path(id): Path<u32>) -> String {
    format!("{id}: {name}")
}

fn main() {
    let _app = App::new().put("/items/{id}", update);
}
