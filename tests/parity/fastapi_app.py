"""FastAPI's tutorial, chapter by chapter, as one FastAPI 0.165 app.

`examples/tutorial` is the same app in edgeapi. `record.mjs` sends both apps the requests
of `requests.mjs`; this side's answers are committed as `fastapi.json`, which
`tests/e2e/parity.test.js` holds the edgeapi app to. Each chapter's routes live under a
prefix of their own, so the chapters' reuse of paths such as `/items/{item_id}` does not
collide.
"""

from enum import Enum
from typing import Annotated

import secrets

from fastapi import (
    BackgroundTasks,
    Body,
    Cookie,
    Depends,
    FastAPI,
    Form,
    Header,
    HTTPException,
    Path,
    Query,
    Request,
    UploadFile,
    status,
)
from fastapi.responses import JSONResponse
from fastapi.security import (
    APIKeyHeader,
    HTTPAuthorizationCredentials,
    HTTPBasic,
    HTTPBasicCredentials,
    HTTPBearer,
    OAuth2PasswordBearer,
    OAuth2PasswordRequestForm,
)
from pydantic import BaseModel, Field

app = FastAPI()


# First steps ----------------------------------------------------------------------------


@app.get("/")
async def root():
    return {"message": "Hello World"}


# Path parameters ------------------------------------------------------------------------


@app.get("/path/items/{item_id}")
async def path_item(item_id: int):
    return {"item_id": item_id}


@app.get("/path/users/me")
async def path_user_me():
    return {"user_id": "the current user"}


@app.get("/path/users/{user_id}")
async def path_user(user_id: str):
    return {"user_id": user_id}


class ModelName(str, Enum):
    alexnet = "alexnet"
    resnet = "resnet"
    lenet = "lenet"


@app.get("/path/models/{model_name}")
async def path_model(model_name: ModelName):
    if model_name is ModelName.alexnet:
        return {"model_name": model_name, "message": "Deep Learning FTW!"}
    if model_name.value == "lenet":
        return {"model_name": model_name, "message": "LeCNN all the images"}
    return {"model_name": model_name, "message": "Have some residuals"}


@app.get("/path/files/{file_path:path}")
async def path_file(file_path: str):
    return {"file_path": file_path}


# Query parameters -----------------------------------------------------------------------

fake_items_db = [{"item_name": "Foo"}, {"item_name": "Bar"}, {"item_name": "Baz"}]


@app.get("/query/items/")
async def query_items(skip: int = 0, limit: int = 10):
    return fake_items_db[skip : skip + limit]


@app.get("/query/items/{item_id}")
async def query_item(item_id: str, q: str | None = None, short: bool = False):
    item = {"item_id": item_id}
    if q:
        item.update({"q": q})
    if not short:
        item.update(
            {"description": "This is an amazing item that has a long description"}
        )
    return item


@app.get("/query/users/{user_id}/items/{item_id}")
async def query_user_item(
    user_id: int, item_id: str, q: str | None = None, short: bool = False
):
    item = {"item_id": item_id, "owner_id": user_id}
    if q:
        item.update({"q": q})
    if not short:
        item.update(
            {"description": "This is an amazing item that has a long description"}
        )
    return item


@app.get("/query/needy/{item_id}")
async def query_needy(
    item_id: str, needy: str, skip: int = 0, limit: int | None = None
):
    return {"item_id": item_id, "needy": needy, "skip": skip, "limit": limit}


@app.get("/query/list/")
async def query_list(q: Annotated[list[str] | None, Query()] = None):
    return {"q": q}


@app.get("/query/flag/")
async def query_flag(on: bool):
    return {"on": on}


# Request body ---------------------------------------------------------------------------


class Item(BaseModel):
    name: str
    description: str | None = None
    price: float
    tax: float | None = None


@app.post("/body/items/")
async def body_create_item(item: Item):
    return item


@app.post("/body/items-tax/")
async def body_create_item_tax(item: Item):
    item_dict = item.model_dump()
    if item.tax is not None:
        item_dict.update({"price_with_tax": item.price + item.tax})
    return item_dict


@app.put("/body/items/{item_id}")
async def body_update_item(item_id: int, item: Item, q: str | None = None):
    result = {"item_id": item_id, **item.model_dump()}
    if q:
        result.update({"q": q})
    return result


class Tagged(BaseModel):
    name: str
    tags: set[str] = set()


@app.post("/body/tagged/")
async def body_tagged(item: Tagged):
    return {"name": item.name, "tags": sorted(item.tags)}


# Body - multiple parameters -------------------------------------------------------------


class User(BaseModel):
    username: str
    full_name: str | None = None


@app.put("/multi/items/{item_id}")
async def multi_item_user(item_id: int, item: Item, user: User):
    return {"item_id": item_id, "item": item, "user": user}


@app.put("/multi/importance/{item_id}")
async def multi_importance(
    item_id: int, item: Item, user: User, importance: Annotated[int, Body()]
):
    return {"item_id": item_id, "item": item, "user": user, "importance": importance}


@app.put("/multi/embed/{item_id}")
async def multi_embed(item_id: int, item: Annotated[Item, Body(embed=True)]):
    return {"item_id": item_id, "item": item}


# Cookie parameters ----------------------------------------------------------------------


@app.get("/cookies/items/")
async def cookie_items(ads_id: Annotated[str | None, Cookie()] = None):
    return {"ads_id": ads_id}


class Cookies(BaseModel):
    session_id: str
    fatebook_tracker: str | None = None
    googall_tracker: str | None = None


@app.get("/cookies/model/")
async def cookie_model(cookies: Annotated[Cookies, Cookie()]):
    return cookies


# Header parameters ----------------------------------------------------------------------


@app.get("/headers/items/")
async def header_items(user_agent: Annotated[str | None, Header()] = None):
    return {"User-Agent": user_agent}


@app.get("/headers/tokens/")
async def header_tokens(x_token: Annotated[list[str] | None, Header()] = None):
    return {"X-Token values": x_token}


class CommonHeaders(BaseModel):
    save_data: bool
    if_modified_since: str | None = None
    traceparent: str | None = None
    x_tag: list[str] = []


@app.get("/headers/model/")
async def header_model(headers: Annotated[CommonHeaders, Header()]):
    return headers


# Response status code -------------------------------------------------------------------


@app.post("/status/items/", status_code=201)
async def status_create_item(name: str):
    return {"name": name}


@app.delete("/status/items/{item_id}", status_code=status.HTTP_204_NO_CONTENT)
async def status_delete_item(item_id: int):
    return None


# Form data ------------------------------------------------------------------------------


@app.post("/forms/login/")
async def form_login(username: Annotated[str, Form()], password: Annotated[str, Form()]):
    return {"username": username}


class FormData(BaseModel):
    username: str
    password: str


@app.post("/forms/model/")
async def form_model(data: Annotated[FormData, Form()]):
    return data


# Handling errors ------------------------------------------------------------------------

items = {"foo": "The Foo Wrestlers"}


@app.get("/errors/items/{item_id}")
async def errors_item(item_id: str):
    if item_id not in items:
        raise HTTPException(status_code=404, detail="Item not found")
    return {"item": items[item_id]}


@app.get("/errors/items-header/{item_id}")
async def errors_item_header(item_id: str):
    if item_id not in items:
        raise HTTPException(
            status_code=404,
            detail="Item not found",
            headers={"X-Error": "There goes my error"},
        )
    return {"item": items[item_id]}


@app.delete("/errors/items/{item_id}")
async def errors_delete_item(item_id: str):
    # An error with a status that has no content: answered without a body or content type.
    raise HTTPException(status_code=204, headers={"X-Error": "Already gone"})


class UnicornException(Exception):
    def __init__(self, name: str):
        self.name = name


@app.exception_handler(UnicornException)
async def unicorn_exception_handler(request: Request, exc: UnicornException):
    return JSONResponse(
        status_code=418,
        content={"message": f"Oops! {exc.name} did something. There goes a rainbow..."},
    )


@app.get("/errors/unicorns/{name}")
async def errors_unicorn(name: str):
    if name == "yolo":
        raise UnicornException(name=name)
    return {"unicorn_name": name}


# Dependencies ---------------------------------------------------------------------------


async def common_parameters(q: str | None = None, skip: int = 0, limit: int = 100):
    return {"q": q, "skip": skip, "limit": limit}


@app.get("/deps/items/")
async def deps_items(commons: Annotated[dict, Depends(common_parameters)]):
    return commons


class CommonQueryParams:
    def __init__(self, q: str | None = None, skip: int = 0, limit: int = 100):
        self.q = q
        self.skip = skip
        self.limit = limit


@app.get("/deps/class-items/")
async def deps_class_items(commons: Annotated[CommonQueryParams, Depends()]):
    response = {}
    if commons.q:
        response.update({"q": commons.q})
    response.update({"items": fake_items_db[commons.skip : commons.skip + commons.limit]})
    return response


def query_extractor(q: str | None = None):
    return q


def query_or_cookie_extractor(
    q: Annotated[str, Depends(query_extractor)],
    last_query: Annotated[str | None, Cookie()] = None,
):
    if not q:
        return last_query
    return q


@app.get("/deps/sub/")
async def deps_sub(query_or_default: Annotated[str, Depends(query_or_cookie_extractor)]):
    return {"q_or_cookie": query_or_default}


async def verify_token(x_token: Annotated[str, Header()]):
    if x_token != "fake-super-secret-token":
        raise HTTPException(status_code=400, detail="X-Token header invalid")


async def verify_key(x_key: Annotated[str, Header()]):
    if x_key != "fake-super-secret-key":
        raise HTTPException(status_code=400, detail="X-Key header invalid")
    return x_key


@app.get("/deps/decorator/", dependencies=[Depends(verify_token), Depends(verify_key)])
async def deps_decorator():
    return [{"item": "Foo"}, {"item": "Bar"}]


@app.put("/deps/mixed/{item_id}", dependencies=[Depends(verify_token)])
async def deps_mixed(
    item_id: int,
    commons: Annotated[dict, Depends(common_parameters)],
    item: Item,
    x_key: Annotated[str, Depends(verify_key)],
    session: Annotated[str, Cookie()],
    n: int | None = None,
):
    return {"item_id": item_id, "n": n, "session": session, "item": item, **commons}


# Background tasks -----------------------------------------------------------------------


def write_notification(email: str, message=""):
    pass


@app.post("/background/send-notification/{email}")
async def background_notification(email: str, background_tasks: BackgroundTasks):
    background_tasks.add_task(write_notification, email, message="some notification")
    return {"message": "Notification sent in the background"}


def get_query(background_tasks: BackgroundTasks, q: str | None = None):
    if q:
        background_tasks.add_task(write_notification, "log", f"found query: {q}\n")
    return q


@app.post("/background/log/{email}")
async def background_log(
    email: str, background_tasks: BackgroundTasks, q: Annotated[str, Depends(get_query)]
):
    background_tasks.add_task(write_notification, email, f"message to {email}\n")
    return {"message": "Message sent"}


# Query and path validations, body fields ------------------------------------------------


@app.get("/validations/items/")
async def validations_items(
    q: Annotated[
        str | None, Query(min_length=3, max_length=50, pattern="^fixedquery$")
    ] = None,
):
    results = {"items": [{"item_id": "Foo"}, {"item_id": "Bar"}]}
    if q:
        results.update({"q": q})
    return results


@app.get("/validations/items/{item_id}")
async def validations_item(
    item_id: Annotated[int, Path(ge=1, le=1000)],
    size: Annotated[float, Query(gt=0, lt=10.5)],
    count: Annotated[int, Query(multiple_of=5)] = 0,
):
    return {"item_id": item_id, "size": size, "count": count}


class Priced(BaseModel):
    name: str
    description: str | None = Field(default=None, max_length=300)
    price: float = Field(gt=0)
    tags: list[str] = Field(default=[], max_length=3)


@app.put("/validations/body/{item_id}")
async def validations_body(item_id: int, item: Priced):
    return {"item_id": item_id, "item": item}


# Request files ---------------------------------------------------------------------------


@app.post("/files/uploadfile/")
async def files_upload(file: UploadFile):
    return {"filename": file.filename}


@app.post("/files/uploadfiles/")
async def files_uploads(files: list[UploadFile]):
    return {"filenames": [file.filename for file in files]}


@app.post("/files/form/")
async def files_form(fileb: UploadFile, token: Annotated[str, Form()]):
    return {
        "token": token,
        "fileb_content_type": fileb.content_type,
        "size": fileb.size,
        "content": (await fileb.read()).decode(),
    }


# Security --------------------------------------------------------------------------------

fake_users_db = {
    "johndoe": {
        "username": "johndoe",
        "full_name": "John Doe",
        "email": "johndoe@example.com",
        "hashed_password": "fakehashedsecret",
        "disabled": False,
    },
    "alice": {
        "username": "alice",
        "full_name": "Alice Wonderson",
        "email": "alice@example.com",
        "hashed_password": "fakehashedsecret2",
        "disabled": True,
    },
}

oauth2_scheme = OAuth2PasswordBearer(tokenUrl="security/token")


@app.post("/security/token")
async def security_login(form_data: Annotated[OAuth2PasswordRequestForm, Depends()]):
    user = fake_users_db.get(form_data.username)
    if not user:
        raise HTTPException(status_code=400, detail="Incorrect username or password")
    if "fakehashed" + form_data.password != user["hashed_password"]:
        raise HTTPException(status_code=400, detail="Incorrect username or password")
    return {"access_token": user["username"], "token_type": "bearer"}


async def get_current_user(token: Annotated[str, Depends(oauth2_scheme)]):
    user = fake_users_db.get(token)
    if not user:
        raise HTTPException(
            status_code=401,
            detail="Invalid authentication credentials",
            headers={"WWW-Authenticate": "Bearer"},
        )
    return user


async def get_current_active_user(current_user: Annotated[dict, Depends(get_current_user)]):
    if current_user["disabled"]:
        raise HTTPException(status_code=400, detail="Inactive user")
    return current_user


@app.get("/security/users/me")
async def security_me(current_user: Annotated[dict, Depends(get_current_active_user)]):
    return {k: v for k, v in current_user.items() if k != "hashed_password"}


basic = HTTPBasic()


@app.get("/security/basic/users/me")
def security_basic_me(credentials: Annotated[HTTPBasicCredentials, Depends(basic)]):
    right_username = secrets.compare_digest(credentials.username.encode("utf8"), b"stanleyjobson")
    right_password = secrets.compare_digest(credentials.password.encode("utf8"), b"swordfish")
    if not (right_username and right_password):
        raise HTTPException(
            status_code=401,
            detail="Incorrect username or password",
            headers={"WWW-Authenticate": "Basic"},
        )
    return {"username": credentials.username}


api_key = APIKeyHeader(name="x-api-key")


@app.get("/security/key/")
def security_key(key: Annotated[str, Depends(api_key)]):
    return {"key": key}


optional_bearer = HTTPBearer(auto_error=False)


@app.get("/security/bearer/")
def security_bearer(
    credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(optional_bearer)],
):
    if credentials is None:
        return {"credentials": None}
    return {"scheme": credentials.scheme, "credentials": credentials.credentials}
