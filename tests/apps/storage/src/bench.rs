//! `GET /bench/decode?rows=N&reps=M`: a real D1 result of `N` rows, turned into Rust rows
//! and back `M` times each way, by serde-wasm-bindgen and by a JSON round trip
//! (`JSON.stringify` + serde_json, serde_json + `JSON.parse`). Answers nanoseconds per row,
//! and whether both ways gave the same values.

use edgeapi::prelude::*;
use serde::{Deserialize, Serialize};
use wasm_bindgen::prelude::*;

#[wasm_bindgen]
extern "C" {
    #[wasm_bindgen(js_namespace = performance, js_name = now)]
    fn now_ms() -> f64;
}

/// A row as an app would keep it: text of realistic lengths, numbers, a NULL-able column.
#[derive(Deserialize, Serialize, Debug, PartialEq)]
pub struct Row {
    id: i64,
    title: String,
    body: String,
    author: Option<String>,
    created_ms: i64,
    score: f64,
    done: i64,
}

#[derive(Deserialize)]
pub struct Size {
    #[serde(default = "hundred")]
    rows: u32,
    #[serde(default = "hundred")]
    reps: u32,
}

fn hundred() -> u32 {
    100
}

#[derive(Serialize)]
pub struct Figures {
    rows: usize,
    reps: u32,
    js_to_rust_ns_per_row: Pair,
    rust_to_js_ns_per_row: Pair,
    same_values: bool,
}

#[derive(Serialize)]
pub struct Pair {
    serde_wasm_bindgen: f64,
    json: f64,
}

/// Fills `rows` up to `n` rows, 50 to a batch.
async fn fill(db: &edgeapi::D1, n: u32) -> Result<(), Response> {
    #[derive(Deserialize)]
    struct Count {
        n: u32,
    }
    let have = db
        .prepare("SELECT count(*) AS n FROM rows")
        .first::<Count>()
        .await
        .map_err(IntoResponse::into_response)?
        .map_or(0, |count| count.n);
    let insert = "INSERT INTO rows (title, body, author, created_ms, score, done) \
                  VALUES (?1, ?2, ?3, ?4, ?5, ?6)";
    let mut next = have;
    while next < n {
        let batch = (next..n.min(next + 50)).map(|i| {
            let title = format!("Note {i}: groceries, errands and a café visit");
            let body = format!(
                "{i} Lorem ipsum dolor sit amet, consectetur adipiscing elit, sed do eiusmod \
                 tempor incididunt ut labore et dolore magna aliqua. Ut enim ad minim veniam, \
                 quis nostrud exercitation ullamco laboris — naïve résumé, 🦀 and \"quotes\"."
            );
            let author = (i % 3 != 0).then(|| format!("author-{}", i % 17));
            let created = 1_700_000_000_000_i64 + i64::from(i) * 60_000;
            db.prepare(insert)
                .bind((title, body, author, created, f64::from(i) * 0.25, i % 2))
        });
        db.batch(batch).await.map_err(IntoResponse::into_response)?;
        next = n.min(next + 50);
    }
    Ok(())
}

/// The rows as D1 answers them to JS, untouched.
async fn js_rows(env: &Env, n: u32) -> Result<JsValue, Response> {
    let fail = |why: &str| HttpError::new(StatusCode::INTERNAL_SERVER_ERROR, why).into_response();
    let db = env.get("DB").ok_or_else(|| fail("no DB"))?;
    let call = |target: &JsValue, name: &str, args: &js_sys::Array| -> Result<JsValue, Response> {
        let method: js_sys::Function = js_sys::Reflect::get(target, &name.into())
            .map_err(|_| fail(name))?
            .dyn_into()
            .map_err(|_| fail(name))?;
        method.apply(target, args).map_err(|_| fail(name))
    };
    let sql =
        "SELECT id, title, body, author, created_ms, score, done FROM rows ORDER BY id LIMIT ?1";
    let statement = call(&db, "prepare", &js_sys::Array::of1(&sql.into()))?;
    let bound = call(&statement, "bind", &js_sys::Array::of1(&n.into()))?;
    let promise: js_sys::Promise = call(&bound, "all", &js_sys::Array::new())?.unchecked_into();
    let answer = wasm_bindgen_futures::JsFuture::from(promise)
        .await
        .map_err(|_| fail("all"))?;
    js_sys::Reflect::get(&answer, &"results".into()).map_err(|_| fail("results"))
}

/// Nanoseconds per row of `reps` runs of `f` over `rows` rows. workerd moves its clock only
/// on I/O, so a zero-length timer (one turn of the event loop) comes before each reading.
async fn per_row(rows: usize, reps: u32, mut f: impl FnMut()) -> f64 {
    f(); // warm up
    let tick = || sleep(std::time::Duration::ZERO);
    tick().await;
    let started = now_ms();
    for _ in 0..reps {
        f();
    }
    tick().await;
    (now_ms() - started) * 1e6 / f64::from(reps) / rows.max(1) as f64
}

pub async fn decode(env: Env, Query(size): Query<Size>) -> Result<Json<Figures>, Response> {
    let (n, reps) = (size.rows.clamp(1, 10_000), size.reps.clamp(1, 10_000));
    let db = env.d1("DB").map_err(IntoResponse::into_response)?;
    fill(&db, n).await?;
    let js = js_rows(&env, n).await?;

    let by_swb = || serde_wasm_bindgen::from_value::<Vec<Row>>(js.clone()).unwrap_or_default();
    let by_json = || {
        let text = js_sys::JSON::stringify(&js)
            .ok()
            .and_then(|t| t.as_string());
        serde_json::from_str::<Vec<Row>>(&text.unwrap_or_default()).unwrap_or_default()
    };
    let rows = by_swb();
    let same_in = rows == by_json() && rows.len() == n as usize;
    let js_to_rust = Pair {
        serde_wasm_bindgen: per_row(rows.len(), reps, || drop(by_swb())).await,
        json: per_row(rows.len(), reps, || drop(by_json())).await,
    };

    let to_swb = || {
        rows.serialize(&serde_wasm_bindgen::Serializer::json_compatible())
            .unwrap_or(JsValue::NULL)
    };
    let to_json = || {
        let text = serde_json::to_string(&rows).unwrap_or_default();
        js_sys::JSON::parse(&text).unwrap_or(JsValue::NULL)
    };
    let text = |value: JsValue| {
        js_sys::JSON::stringify(&value)
            .ok()
            .and_then(|t| t.as_string())
    };
    let same_out = text(to_swb()) == text(to_json()) && text(to_swb()) == text(js.clone());
    let rust_to_js = Pair {
        serde_wasm_bindgen: per_row(rows.len(), reps, || drop(to_swb())).await,
        json: per_row(rows.len(), reps, || drop(to_json())).await,
    };
    Ok(Json(Figures {
        rows: rows.len(),
        reps,
        js_to_rust_ns_per_row: js_to_rust,
        rust_to_js_ns_per_row: rust_to_js,
        same_values: same_in && same_out,
    }))
}
