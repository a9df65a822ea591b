use edgeapi::prelude::*;

struct Report {
    pages: u32,
}

#[edgeapi::openapi]
fn report() -> Report {
    Report { pages: 3 }
}

fn main() {
    let _app = App::new().get("/report", report);
}
