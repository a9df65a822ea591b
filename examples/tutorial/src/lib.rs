//! FastAPI's tutorial, chapter by chapter, as an edgeapi app: the same routes as
//! `tests/parity/fastapi_app.py`, each chapter under a prefix of its own.
//!
//! `tests/e2e/parity.test.js` serves it on workerd, sends it the requests of
//! `tests/parity/requests.mjs` and compares each answer, byte for byte, with FastAPI 0.165's
//! (`tests/parity/fastapi.json`). Where the two differ on purpose, the README's FastAPI
//! table says so.

use std::collections::HashSet;

use edgeapi::extract::{Embed, FromRequestParts, Model};
use edgeapi::multipart::UploadFile;
use edgeapi::prelude::*;
use edgeapi::security::{
    ApiKeyHeader, ApiKeyName, HttpBasic, HttpBearer, OAuth2PasswordBearer,
    OAuth2PasswordRequestForm, TokenUrl,
};
use edgeapi::Parts;
use serde::{Deserialize, Serialize};
use serde_json::json;

// First steps ----------------------------------------------------------------------------

fn root() -> Json<serde_json::Value> {
    Json(json!({"message": "Hello World"}))
}

// Path parameters ------------------------------------------------------------------------

fn path_item(Path(item_id): Path<i64>) -> Json<serde_json::Value> {
    Json(json!({ "item_id": item_id }))
}

fn path_user_me() -> Json<serde_json::Value> {
    Json(json!({"user_id": "the current user"}))
}

fn path_user(Path(user_id): Path<String>) -> Json<serde_json::Value> {
    Json(json!({ "user_id": user_id }))
}

#[derive(Deserialize, Serialize, PartialEq)]
#[serde(rename_all = "lowercase")]
enum ModelName {
    Alexnet,
    Resnet,
    Lenet,
}

fn path_model(Path(model_name): Path<ModelName>) -> Json<serde_json::Value> {
    let message = match model_name {
        ModelName::Alexnet => "Deep Learning FTW!",
        ModelName::Lenet => "LeCNN all the images",
        ModelName::Resnet => "Have some residuals",
    };
    Json(json!({ "model_name": model_name, "message": message }))
}

fn path_file(Path(file_path): Path<String>) -> Json<serde_json::Value> {
    Json(json!({ "file_path": file_path }))
}

// Query parameters -----------------------------------------------------------------------

#[derive(Clone, Serialize)]
struct FakeItem {
    item_name: &'static str,
}

const FAKE_ITEMS_DB: [FakeItem; 3] = [
    FakeItem { item_name: "Foo" },
    FakeItem { item_name: "Bar" },
    FakeItem { item_name: "Baz" },
];

/// `items[start:stop]` as Python slices a list: negative indices count from the end.
fn py_slice<T: Clone>(items: &[T], start: i64, stop: i64) -> Vec<T> {
    let len = i64::try_from(items.len()).unwrap_or(i64::MAX);
    let index = |i: i64| {
        let i = if i < 0 {
            i.saturating_add(len).max(0)
        } else {
            i.min(len)
        };
        usize::try_from(i).unwrap_or(0)
    };
    items
        .get(index(start)..index(stop))
        .map(<[T]>::to_vec)
        .unwrap_or_default()
}

#[derive(Deserialize)]
struct Page {
    #[serde(default)]
    skip: i64,
    #[serde(default = "ten")]
    limit: i64,
}

fn ten() -> i64 {
    10
}

fn query_items(Query(page): Query<Page>) -> Json<Vec<FakeItem>> {
    let stop = page.skip.saturating_add(page.limit);
    Json(py_slice(&FAKE_ITEMS_DB, page.skip, stop))
}

#[derive(Deserialize)]
struct Short {
    q: Option<String>,
    #[serde(default)]
    short: bool,
}

const LONG_DESCRIPTION: &str = "This is an amazing item that has a long description";

#[derive(Serialize)]
struct QueryItem {
    item_id: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    owner_id: Option<i64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    q: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    description: Option<&'static str>,
}

impl QueryItem {
    fn new(item_id: String, owner_id: Option<i64>, query: Short) -> Self {
        Self {
            item_id,
            owner_id,
            // Python's `if q:` skips an empty string too.
            q: query.q.filter(|q| !q.is_empty()),
            description: (!query.short).then_some(LONG_DESCRIPTION),
        }
    }
}

fn query_item(Path(item_id): Path<String>, Query(query): Query<Short>) -> Json<QueryItem> {
    Json(QueryItem::new(item_id, None, query))
}

fn query_user_item(
    Path((user_id, item_id)): Path<(i64, String)>,
    Query(query): Query<Short>,
) -> Json<QueryItem> {
    Json(QueryItem::new(item_id, Some(user_id), query))
}

#[derive(Deserialize, Serialize)]
struct Needy {
    needy: String,
    #[serde(default)]
    skip: i64,
    limit: Option<i64>,
}

fn query_needy(Path(item_id): Path<String>, Query(query): Query<Needy>) -> Json<serde_json::Value> {
    Json(json!({
        "item_id": item_id, "needy": query.needy, "skip": query.skip, "limit": query.limit,
    }))
}

#[derive(Deserialize, Serialize)]
struct List {
    q: Option<Vec<String>>,
}

fn query_list(Query(list): Query<List>) -> Json<List> {
    Json(list)
}

#[derive(Deserialize, Serialize)]
struct Flag {
    on: bool,
}

fn query_flag(Query(flag): Query<Flag>) -> Json<Flag> {
    Json(flag)
}

// Request body ---------------------------------------------------------------------------

#[derive(Deserialize, Serialize)]
struct Item {
    name: String,
    description: Option<String>,
    price: f64,
    tax: Option<f64>,
}

fn body_create_item(Json(item): Json<Item>) -> Json<Item> {
    Json(item)
}

#[derive(Serialize)]
struct WithTax {
    #[serde(flatten)]
    item: Item,
    #[serde(skip_serializing_if = "Option::is_none")]
    price_with_tax: Option<f64>,
}

fn body_create_item_tax(Json(item): Json<Item>) -> Json<WithTax> {
    let price_with_tax = item.tax.map(|tax| item.price + tax);
    Json(WithTax {
        item,
        price_with_tax,
    })
}

#[derive(Deserialize)]
struct Q {
    q: Option<String>,
}

#[derive(Serialize)]
struct UpdatedItem {
    item_id: i64,
    #[serde(flatten)]
    item: Item,
    #[serde(skip_serializing_if = "Option::is_none")]
    q: Option<String>,
}

fn body_update_item(
    Path(item_id): Path<i64>,
    Query(query): Query<Q>,
    Json(item): Json<Item>,
) -> Json<UpdatedItem> {
    Json(UpdatedItem {
        item_id,
        item,
        q: query.q.filter(|q| !q.is_empty()),
    })
}

#[derive(Deserialize)]
struct Tagged {
    name: String,
    #[serde(default)]
    tags: HashSet<String>,
}

fn body_tagged(Json(item): Json<Tagged>) -> Json<serde_json::Value> {
    let mut tags: Vec<String> = item.tags.into_iter().collect();
    tags.sort();
    Json(json!({ "name": item.name, "tags": tags }))
}

// Body - multiple parameters -------------------------------------------------------------

#[derive(Deserialize, Serialize)]
struct User {
    username: String,
    full_name: Option<String>,
}

/// FastAPI's `item: Item, user: User`: two body parameters.
#[derive(Deserialize, Serialize)]
struct ItemAndUser {
    item: Item,
    user: User,
}

#[derive(Serialize)]
struct Updated<T> {
    item_id: i64,
    #[serde(flatten)]
    body: T,
}

fn multi_item_user(
    Path(item_id): Path<i64>,
    Embed(body): Embed<ItemAndUser>,
) -> Json<Updated<ItemAndUser>> {
    Json(Updated { item_id, body })
}

/// `item: Item, user: User, importance: int = Body()`.
#[derive(Deserialize, Serialize)]
struct WithImportance {
    item: Item,
    user: User,
    importance: i64,
}

fn multi_importance(
    Path(item_id): Path<i64>,
    Embed(body): Embed<WithImportance>,
) -> Json<Updated<WithImportance>> {
    Json(Updated { item_id, body })
}

/// `item: Item = Body(embed=True)`.
#[derive(Deserialize, Serialize)]
struct EmbeddedItem {
    item: Item,
}

fn multi_embed(
    Path(item_id): Path<i64>,
    Embed(body): Embed<EmbeddedItem>,
) -> Json<Updated<EmbeddedItem>> {
    Json(Updated { item_id, body })
}

// Cookie parameters ----------------------------------------------------------------------

#[derive(Deserialize, Serialize)]
struct Ads {
    ads_id: Option<String>,
}

fn cookie_items(Cookie(ads): Cookie<Ads>) -> Json<Ads> {
    Json(ads)
}

#[derive(Deserialize, Serialize)]
struct Cookies {
    session_id: String,
    fatebook_tracker: Option<String>,
    googall_tracker: Option<String>,
}

fn cookie_model(Cookie(Model(cookies)): Cookie<Model<Cookies>>) -> Json<Cookies> {
    Json(cookies)
}

// Header parameters ----------------------------------------------------------------------

#[derive(Deserialize)]
struct Agent {
    user_agent: Option<String>,
}

fn header_items(Header(agent): Header<Agent>) -> Json<serde_json::Value> {
    Json(json!({"User-Agent": agent.user_agent}))
}

#[derive(Deserialize)]
struct Tokens {
    x_token: Option<Vec<String>>,
}

fn header_tokens(Header(tokens): Header<Tokens>) -> Json<serde_json::Value> {
    Json(json!({"X-Token values": tokens.x_token}))
}

#[derive(Deserialize, Serialize)]
struct CommonHeaders {
    save_data: bool,
    if_modified_since: Option<String>,
    traceparent: Option<String>,
    #[serde(default)]
    x_tag: Vec<String>,
}

fn header_model(Header(Model(headers)): Header<Model<CommonHeaders>>) -> Json<CommonHeaders> {
    Json(headers)
}

// Response status code -------------------------------------------------------------------

#[derive(Deserialize, Serialize)]
struct Name {
    name: String,
}

fn status_create_item(Query(name): Query<Name>) -> (StatusCode, Json<Name>) {
    (StatusCode::CREATED, Json(name))
}

/// FastAPI's `status_code=204` on a JSON route that returns `None`: a 204 that still says
/// `application/json`.
fn status_delete_item(Path(_item_id): Path<i64>) -> (StatusCode, Json<()>) {
    (StatusCode::NO_CONTENT, Json(()))
}

// Form data ------------------------------------------------------------------------------

#[derive(Deserialize, Serialize)]
struct Login {
    username: String,
    password: String,
}

fn form_login(Form(login): Form<Login>) -> Json<serde_json::Value> {
    Json(json!({"username": login.username}))
}

fn form_model(Form(Model(login)): Form<Model<Login>>) -> Json<Login> {
    Json(login)
}

// Handling errors ------------------------------------------------------------------------

fn find_item(item_id: &str) -> Option<&'static str> {
    (item_id == "foo").then_some("The Foo Wrestlers")
}

fn errors_item(Path(item_id): Path<String>) -> Result<Json<serde_json::Value>, HttpError> {
    let item = find_item(&item_id)
        .ok_or_else(|| HttpError::new(StatusCode::NOT_FOUND, "Item not found"))?;
    Ok(Json(json!({ "item": item })))
}

fn errors_item_header(Path(item_id): Path<String>) -> Result<Json<serde_json::Value>, HttpError> {
    let item = find_item(&item_id).ok_or_else(|| {
        HttpError::new(StatusCode::NOT_FOUND, "Item not found")
            .header("x-error", "There goes my error")
    })?;
    Ok(Json(json!({ "item": item })))
}

fn errors_delete_item(Path(_item_id): Path<String>) -> HttpError {
    HttpError::from_status(StatusCode::NO_CONTENT).header("x-error", "Already gone")
}

/// FastAPI's `UnicornException`, answered by the app's error handler.
struct UnicornException {
    name: String,
}

impl IntoResponse for UnicornException {
    fn into_response(self) -> Response {
        // Only reached without the app's handler for it.
        Response::new(StatusCode::INTERNAL_SERVER_ERROR).with_error(self)
    }
}

fn unicorn_exception_handler(error: UnicornException) -> (StatusCode, Json<serde_json::Value>) {
    let message = format!(
        "Oops! {} did something. There goes a rainbow...",
        error.name
    );
    (StatusCode::IM_A_TEAPOT, Json(json!({ "message": message })))
}

fn errors_unicorn(Path(name): Path<String>) -> Result<Json<serde_json::Value>, UnicornException> {
    if name == "yolo" {
        return Err(UnicornException { name });
    }
    Ok(Json(json!({ "unicorn_name": name })))
}

// Dependencies ---------------------------------------------------------------------------

/// FastAPI's `common_parameters` (and `CommonQueryParams`): a dependency built on `Query`.
#[derive(Deserialize, Serialize)]
struct Commons {
    q: Option<String>,
    #[serde(default)]
    skip: i64,
    #[serde(default = "hundred")]
    limit: i64,
}

fn hundred() -> i64 {
    100
}

impl FromRequestParts for Commons {
    type Rejection = edgeapi::Error;

    async fn from_request_parts(parts: &mut Parts) -> Result<Self, edgeapi::Error> {
        let Query(commons) = Query::<Commons>::from_request_parts(parts).await?;
        Ok(commons)
    }
}

fn deps_items(commons: Commons) -> Json<Commons> {
    Json(commons)
}

#[derive(Serialize)]
struct ClassItems {
    #[serde(skip_serializing_if = "Option::is_none")]
    q: Option<String>,
    items: Vec<FakeItem>,
}

fn deps_class_items(commons: Commons) -> Json<ClassItems> {
    let stop = commons.skip.saturating_add(commons.limit);
    Json(ClassItems {
        q: commons.q.filter(|q| !q.is_empty()),
        items: py_slice(&FAKE_ITEMS_DB, commons.skip, stop),
    })
}

/// FastAPI's sub-dependencies: the query's `q`, or else the `last_query` cookie.
struct QueryOrCookie(Option<String>);

#[derive(Deserialize)]
struct LastQuery {
    last_query: Option<String>,
}

impl FromRequestParts for QueryOrCookie {
    type Rejection = edgeapi::Error;

    async fn from_request_parts(parts: &mut Parts) -> Result<Self, edgeapi::Error> {
        let Query(query) = Query::<Q>::from_request_parts(parts).await?;
        let Cookie(cookie) = Cookie::<LastQuery>::from_request_parts(parts).await?;
        Ok(QueryOrCookie(
            query.q.filter(|q| !q.is_empty()).or(cookie.last_query),
        ))
    }
}

fn deps_sub(QueryOrCookie(q): QueryOrCookie) -> Json<serde_json::Value> {
    Json(json!({ "q_or_cookie": q }))
}

#[derive(Deserialize)]
struct XToken {
    x_token: String,
}

/// FastAPI's `verify_token`: a missing header fails validation, a wrong one answers 400.
struct VerifyToken;

impl FromRequestParts for VerifyToken {
    type Rejection = edgeapi::Error;

    async fn from_request_parts(parts: &mut Parts) -> Result<Self, edgeapi::Error> {
        let Header(header) = Header::<XToken>::from_request_parts(parts).await?;
        if header.x_token != "fake-super-secret-token" {
            Err(HttpError::new(
                StatusCode::BAD_REQUEST,
                "X-Token header invalid",
            ))?;
        }
        Ok(VerifyToken)
    }
}

#[derive(Deserialize)]
struct XKey {
    x_key: String,
}

/// FastAPI's `verify_key`.
struct VerifyKey;

impl FromRequestParts for VerifyKey {
    type Rejection = edgeapi::Error;

    async fn from_request_parts(parts: &mut Parts) -> Result<Self, edgeapi::Error> {
        let Header(header) = Header::<XKey>::from_request_parts(parts).await?;
        if header.x_key != "fake-super-secret-key" {
            Err(HttpError::new(
                StatusCode::BAD_REQUEST,
                "X-Key header invalid",
            ))?;
        }
        Ok(VerifyKey)
    }
}

fn deps_decorator(_: VerifyToken, _: VerifyKey) -> Json<serde_json::Value> {
    Json(json!([{"item": "Foo"}, {"item": "Bar"}]))
}

#[derive(Deserialize)]
struct Session {
    session: String,
}

#[derive(Deserialize)]
struct N {
    n: Option<i64>,
}

#[derive(Serialize)]
struct Mixed {
    item_id: i64,
    n: Option<i64>,
    session: String,
    item: Item,
    #[serde(flatten)]
    commons: Commons,
}

/// Every parameter kind and dependency on one route: one 422 lists all their errors.
fn deps_mixed(
    _: VerifyToken,
    Path(item_id): Path<i64>,
    commons: Commons,
    _: VerifyKey,
    Cookie(session): Cookie<Session>,
    Query(n): Query<N>,
    Json(item): Json<Item>,
) -> Json<Mixed> {
    Json(Mixed {
        item_id,
        n: n.n,
        session: session.session,
        item,
        commons,
    })
}

// Background tasks -----------------------------------------------------------------------

async fn write_notification(_email: String, _message: String) {}

fn background_notification(
    Path(email): Path<String>,
    tasks: BackgroundTasks,
) -> Json<serde_json::Value> {
    tasks.add(write_notification(email, "some notification".into()));
    Json(json!({"message": "Notification sent in the background"}))
}

/// FastAPI's `get_query`: queues a task when the query has a `q`.
struct LogQuery;

impl FromRequestParts for LogQuery {
    type Rejection = edgeapi::Error;

    async fn from_request_parts(parts: &mut Parts) -> Result<Self, edgeapi::Error> {
        let Query(query) = Query::<Q>::from_request_parts(parts).await?;
        let tasks = BackgroundTasks::from_request_parts(parts).await?;
        if let Some(q) = query.q.filter(|q| !q.is_empty()) {
            tasks.add(write_notification(
                "log".into(),
                format!("found query: {q}\n"),
            ));
        }
        Ok(LogQuery)
    }
}

fn background_log(
    Path(email): Path<String>,
    tasks: BackgroundTasks,
    _: LogQuery,
) -> Json<serde_json::Value> {
    let message = format!("message to {email}\n");
    tasks.add(write_notification(email, message));
    Json(json!({"message": "Message sent"}))
}

// Query and path validations, body fields -----------------------------------------------

const FIXED_QUERY: &str = "^fixedquery$";

#[edgeapi::validate]
#[derive(Deserialize)]
struct FixedQuery {
    #[validate(length(min = 3, max = 50), regex(path = FIXED_QUERY))]
    q: Option<String>,
}

fn validations_items(Query(query): Query<FixedQuery>) -> Json<serde_json::Value> {
    let mut results = json!({"items": [{"item_id": "Foo"}, {"item_id": "Bar"}]});
    if let Some(q) = query.q.filter(|q| !q.is_empty()) {
        results["q"] = json!(q);
    }
    Json(results)
}

#[edgeapi::validate]
#[derive(Deserialize)]
struct ItemId {
    #[validate(range(min = 1, max = 1000))]
    item_id: i64,
}

#[edgeapi::validate]
#[derive(Deserialize)]
struct SizeAndCount {
    #[validate(range(exclusive_min = 0, exclusive_max = 10.5))]
    size: f64,
    #[validate(multiple_of = 5)]
    #[serde(default)]
    count: i64,
}

fn validations_item(
    Path(ItemId { item_id }): Path<ItemId>,
    Query(query): Query<SizeAndCount>,
) -> Json<serde_json::Value> {
    Json(json!({"item_id": item_id, "size": query.size, "count": query.count}))
}

#[edgeapi::validate]
#[derive(Deserialize, Serialize)]
struct Priced {
    name: String,
    #[validate(length(max = 300))]
    description: Option<String>,
    #[validate(range(exclusive_min = 0))]
    price: f64,
    #[validate(length(max = 3))]
    #[serde(default)]
    tags: Vec<String>,
}

fn validations_body(Path(item_id): Path<i64>, Json(item): Json<Priced>) -> Json<serde_json::Value> {
    Json(json!({"item_id": item_id, "item": item}))
}

// Request files --------------------------------------------------------------------------

#[derive(Deserialize)]
struct OneFile {
    file: UploadFile,
}

fn files_upload(Form(form): Form<OneFile>) -> Json<serde_json::Value> {
    Json(json!({"filename": form.file.filename}))
}

#[derive(Deserialize)]
struct ManyFiles {
    files: Vec<UploadFile>,
}

fn files_uploads(Form(form): Form<ManyFiles>) -> Json<serde_json::Value> {
    let filenames: Vec<&str> = form.files.iter().map(|f| f.filename.as_str()).collect();
    Json(json!({ "filenames": filenames }))
}

#[derive(Deserialize)]
struct FileAndToken {
    fileb: UploadFile,
    token: String,
}

fn files_form(Form(form): Form<FileAndToken>) -> Json<serde_json::Value> {
    Json(json!({
        "token": form.token,
        "fileb_content_type": form.fileb.content_type,
        "size": form.fileb.size(),
        "content": String::from_utf8_lossy(form.fileb.bytes()),
    }))
}

// Security -------------------------------------------------------------------------------

#[derive(Clone, Serialize)]
struct FakeUser {
    username: &'static str,
    full_name: &'static str,
    email: &'static str,
    #[serde(skip)]
    hashed_password: &'static str,
    disabled: bool,
}

const FAKE_USERS: [FakeUser; 2] = [
    FakeUser {
        username: "johndoe",
        full_name: "John Doe",
        email: "johndoe@example.com",
        hashed_password: "fakehashedsecret",
        disabled: false,
    },
    FakeUser {
        username: "alice",
        full_name: "Alice Wonderson",
        email: "alice@example.com",
        hashed_password: "fakehashedsecret2",
        disabled: true,
    },
];

fn fake_user(username: &str) -> Option<FakeUser> {
    FAKE_USERS
        .into_iter()
        .find(|user| user.username == username)
}

/// FastAPI: `oauth2_scheme = OAuth2PasswordBearer(tokenUrl="security/token")`.
struct SecurityLogin;

impl TokenUrl for SecurityLogin {
    const TOKEN_URL: &'static str = "security/token";
}

fn security_login(form: OAuth2PasswordRequestForm) -> Result<Json<serde_json::Value>, HttpError> {
    let wrong = || HttpError::new(StatusCode::BAD_REQUEST, "Incorrect username or password");
    let user = fake_user(&form.username).ok_or_else(wrong)?;
    if format!("fakehashed{}", form.password) != user.hashed_password {
        return Err(wrong());
    }
    Ok(Json(
        json!({"access_token": user.username, "token_type": "bearer"}),
    ))
}

/// FastAPI's `get_current_active_user`, built on `get_current_user`.
struct ActiveUser(FakeUser);

impl FromRequestParts for ActiveUser {
    type Rejection = HttpError;

    async fn from_request_parts(parts: &mut Parts) -> Result<Self, HttpError> {
        let bearer = OAuth2PasswordBearer::<SecurityLogin>::from_request_parts(parts).await?;
        let user = fake_user(&bearer.token).ok_or_else(|| {
            HttpError::new(
                StatusCode::UNAUTHORIZED,
                "Invalid authentication credentials",
            )
            .header("www-authenticate", "Bearer")
        })?;
        if user.disabled {
            return Err(HttpError::new(StatusCode::BAD_REQUEST, "Inactive user"));
        }
        Ok(ActiveUser(user))
    }
}

fn security_me(ActiveUser(user): ActiveUser) -> Json<FakeUser> {
    Json(user)
}

/// `secrets.compare_digest`: as long whatever the first difference.
fn compare_digest(a: &[u8], b: &[u8]) -> bool {
    a.len() == b.len() && a.iter().zip(b).fold(0, |diff, (x, y)| diff | (x ^ y)) == 0
}

fn security_basic_me(basic: HttpBasic) -> Result<Json<serde_json::Value>, HttpError> {
    let right_username = compare_digest(basic.username.as_bytes(), b"stanleyjobson");
    let right_password = compare_digest(basic.password.as_bytes(), b"swordfish");
    if !(right_username && right_password) {
        return Err(
            HttpError::new(StatusCode::UNAUTHORIZED, "Incorrect username or password")
                .header("www-authenticate", "Basic"),
        );
    }
    Ok(Json(json!({"username": basic.username})))
}

/// FastAPI: `APIKeyHeader(name="x-api-key")`.
struct XApiKey;

impl ApiKeyName for XApiKey {
    const NAME: &'static str = "x-api-key";
}

fn security_key(key: ApiKeyHeader<XApiKey>) -> Json<serde_json::Value> {
    Json(json!({"key": key.key}))
}

fn security_bearer(bearer: Option<HttpBearer>) -> Json<serde_json::Value> {
    Json(match bearer {
        None => json!({"credentials": null}),
        Some(bearer) => json!({"scheme": bearer.scheme, "credentials": bearer.credentials}),
    })
}

/// The app: every chapter's routes.
pub fn app() -> App {
    App::new()
        .get("/", root)
        .get("/path/items/{item_id}", path_item)
        .get("/path/users/me", path_user_me)
        .get("/path/users/{user_id}", path_user)
        .get("/path/models/{model_name}", path_model)
        .get("/path/files/{*file_path}", path_file)
        .get("/query/items/", query_items)
        .get("/query/items/{item_id}", query_item)
        .get("/query/users/{user_id}/items/{item_id}", query_user_item)
        .get("/query/needy/{item_id}", query_needy)
        .get("/query/list/", query_list)
        .get("/query/flag/", query_flag)
        .post("/body/items/", body_create_item)
        .post("/body/items-tax/", body_create_item_tax)
        .put("/body/items/{item_id}", body_update_item)
        .post("/body/tagged/", body_tagged)
        .put("/multi/items/{item_id}", multi_item_user)
        .put("/multi/importance/{item_id}", multi_importance)
        .put("/multi/embed/{item_id}", multi_embed)
        .get("/cookies/items/", cookie_items)
        .get("/cookies/model/", cookie_model)
        .get("/headers/items/", header_items)
        .get("/headers/tokens/", header_tokens)
        .get("/headers/model/", header_model)
        .post("/status/items/", status_create_item)
        .delete("/status/items/{item_id}", status_delete_item)
        .post("/forms/login/", form_login)
        .post("/forms/model/", form_model)
        .get("/errors/items/{item_id}", errors_item)
        .delete("/errors/items/{item_id}", errors_delete_item)
        .get("/errors/items-header/{item_id}", errors_item_header)
        .get("/errors/unicorns/{name}", errors_unicorn)
        .error_handler(unicorn_exception_handler)
        .get("/deps/items/", deps_items)
        .get("/deps/class-items/", deps_class_items)
        .get("/deps/sub/", deps_sub)
        .get("/deps/decorator/", deps_decorator)
        .put("/deps/mixed/{item_id}", deps_mixed)
        .post(
            "/background/send-notification/{email}",
            background_notification,
        )
        .post("/background/log/{email}", background_log)
        .get("/validations/items/", validations_items)
        .get("/validations/items/{item_id}", validations_item)
        .put("/validations/body/{item_id}", validations_body)
        .post("/files/uploadfile/", files_upload)
        .post("/files/uploadfiles/", files_uploads)
        .post("/files/form/", files_form)
        .post("/security/token", security_login)
        .get("/security/users/me", security_me)
        .get("/security/basic/users/me", security_basic_me)
        .get("/security/key/", security_key)
        .get("/security/bearer/", security_bearer)
}

edgeapi::export!(app);

#[cfg(test)]
mod tests {
    use super::py_slice;

    #[test]
    fn slices_as_python_does() {
        let items = [1, 2, 3];
        assert_eq!(py_slice(&items, 0, 10), [1, 2, 3]);
        assert_eq!(py_slice(&items, 1, 2), [2]);
        assert_eq!(py_slice(&items, -1, 9), [3]);
        assert_eq!(py_slice(&items, -2, -1), [2]);
        assert_eq!(py_slice(&items, 5, 6), Vec::<i32>::new());
        assert_eq!(py_slice(&items, 2, 1), Vec::<i32>::new());
        assert_eq!(py_slice(&items, i64::MIN, i64::MAX), [1, 2, 3]);
    }
}
