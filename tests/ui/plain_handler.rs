use edgeapi::prelude::*;

struct Report;

fn report() -> Report {
    Report
}

fn main() {
    let _app = App::new().get("/report", report);
}
