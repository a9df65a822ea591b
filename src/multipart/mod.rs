//! `multipart/form-data` bodies, FastAPI's `File()`, `UploadFile` and multipart `Form()`:
//! [`Multipart`] streams the parts of a body as they arrive, [`UploadFile`] is a file field
//! of a `Form<T>`.
//!
//! Both answer malformed bodies as FastAPI (Starlette and python-multipart) does: 400
//! `{"detail": "Missing boundary in multipart."}`, `"Invalid multipart data."`,
//! `"The Content-Disposition header field \"name\" must be provided."`, `"Too many
//! fields. Maximum number of fields is 1000."` (and files), `"Part exceeded maximum size
//! of 1024KB."` for a text field; a body or file over its limit answers 413.

pub(crate) mod form;
pub(crate) mod parser;
mod upload;

pub(crate) use upload::with_uploads;
pub use upload::UploadFile;

use parser::{Event, Malformed, Parser, PartHead};

use crate::error::HttpError;
use crate::extract::{FromRequest, Order};
use crate::request::{Chunks, Request};
use crate::StatusCode;

/// Starlette's limits: at most 1000 file parts and 1000 other parts, each of the others at
/// most 1 MiB.
const MAX_FILES: usize = 1000;
const MAX_FIELDS: usize = 1000;
const MAX_FIELD_BYTES: usize = 1024 * 1024;

fn bad_request(detail: impl Into<String>) -> HttpError {
    HttpError::new(StatusCode::BAD_REQUEST, detail)
}

fn too_large() -> HttpError {
    HttpError::from_status(StatusCode::PAYLOAD_TOO_LARGE)
}

fn invalid() -> HttpError {
    bad_request("Invalid multipart data.")
}

/// The boundary of a `multipart/form-data` body: `Ok(None)` for another content type
/// (a body without parts), 400 for a multipart one without a boundary.
fn boundary(content_type: Option<&str>) -> Result<Option<String>, HttpError> {
    let Some(content_type) = content_type else {
        return Ok(None);
    };
    let essence = content_type.split(';').next().unwrap_or_default().trim();
    if !essence.eq_ignore_ascii_case("multipart/form-data") {
        return Ok(None);
    }
    parser::parameters(content_type)
        .into_iter()
        .find(|(key, _)| key.eq_ignore_ascii_case("boundary"))
        .map(|(_, boundary)| boundary)
        .filter(|boundary| !boundary.is_empty())
        .map(Some)
        .ok_or_else(|| bad_request("Missing boundary in multipart."))
}

/// The limits a multipart body is read within; see [`Multipart::limit_body`].
#[derive(Debug, Clone, Copy)]
struct Limits {
    body: usize,
    file: usize,
    field: usize,
}

/// The parts of a `multipart/form-data` body, read as they arrive: a file of any size
/// passes through wasm memory one chunk at a time. A body extractor (the handler's last
/// argument). Another content type, or an empty body, has no parts, so a handler that
/// wants a field answers FastAPI's 422 `missing` itself.
///
/// The whole body may be as large as the app's body limit ([`crate::App::body_limit`]) and
/// each file as large as the body, unless the handler says otherwise with
/// [`limit_body`](Self::limit_body) and [`limit_file`](Self::limit_file) (413 beyond
/// either); other fields are at most 1 MiB, and there are at most 1000 files and 1000
/// other fields, as in Starlette.
///
/// ```
/// use edgeapi::multipart::Multipart;
/// use edgeapi::prelude::*;
///
/// async fn upload(multipart: Multipart) -> Result<String, HttpError> {
///     let mut multipart = multipart.limit_body(64 << 20).limit_file(32 << 20);
///     let mut sizes = Vec::new();
///     while let Some(mut field) = multipart.next_field().await? {
///         let mut size = 0;
///         while let Some(chunk) = field.chunk().await? {
///             size += chunk.len();
///         }
///         sizes.push(format!("{}: {size}", field.name()));
///     }
///     Ok(sizes.join(", "))
/// }
/// let app = App::new().post("/uploads", upload);
/// ```
pub struct Multipart {
    parser: Option<Parser>,
    chunks: Chunks,
    eof: bool,
    limits: Limits,
    /// The `Content-Length` the client declared: over the body limit, refused unread.
    declared: Option<usize>,
    received: usize,
    files: usize,
    fields: usize,
    /// The part being read, until its end.
    current: Option<Current>,
    /// The body ended inside a part.
    truncated: bool,
}

struct Current {
    is_file: bool,
    size: usize,
    done: bool,
}

impl Multipart {
    /// The whole body may be at most `bytes` long (413 beyond it), whatever the app's
    /// body limit.
    pub fn limit_body(mut self, bytes: usize) -> Self {
        self.limits.body = bytes;
        self
    }

    /// Each file may be at most `bytes` long (413 beyond it).
    pub fn limit_file(mut self, bytes: usize) -> Self {
        self.limits.file = bytes;
        self
    }

    /// The next event of the body, reading more of it as needed.
    async fn event(&mut self) -> Result<Event, HttpError> {
        let Some(parser) = self.parser.as_mut() else {
            return Ok(Event::End);
        };
        if self
            .declared
            .is_some_and(|declared| declared > self.limits.body)
        {
            return Err(too_large());
        }
        loop {
            match parser.next(self.eof) {
                Ok(Some(event)) => return Ok(event),
                Ok(None) => match self.chunks.next().await? {
                    Some(chunk) => {
                        self.received += chunk.len();
                        if self.received > self.limits.body {
                            return Err(too_large());
                        }
                        parser.feed(&chunk);
                    }
                    None => self.eof = true,
                },
                // What python-multipart keeps of an unterminated body: the parts before.
                Err(Malformed::Unterminated) if self.current.is_none() => return Ok(Event::End),
                Err(malformed) => {
                    self.truncated = malformed == Malformed::Unterminated;
                    return Err(self.refuse(invalid()).await);
                }
            }
        }
    }

    /// The next part, after the rest of the current one (which is skipped); `None` at the
    /// end of the body.
    pub async fn next_field(&mut self) -> Result<Option<Field<'_>>, HttpError> {
        while self.current.is_some() {
            self.skip_chunk().await?;
        }
        let head = match self.event().await? {
            Event::Part(head) => head,
            Event::End => return Ok(None),
            Event::Data(_) | Event::PartEnd => return Err(self.refuse(invalid()).await),
        };
        let Some(name) = head.name.clone() else {
            let err =
                bad_request("The Content-Disposition header field \"name\" must be provided.");
            return Err(self.refuse(err).await);
        };
        let is_file = head.filename.is_some();
        if is_file {
            self.files += 1;
            if self.files > MAX_FILES {
                let err = format!("Too many files. Maximum number of files is {MAX_FILES}.");
                return Err(self.refuse(bad_request(err)).await);
            }
        } else {
            self.fields += 1;
            if self.fields > MAX_FIELDS {
                let err = format!("Too many fields. Maximum number of fields is {MAX_FIELDS}.");
                return Err(self.refuse(bad_request(err)).await);
            }
        }
        self.current = Some(Current {
            is_file,
            size: 0,
            done: false,
        });
        let PartHead {
            filename,
            content_type,
            ..
        } = head;
        Ok(Some(Field {
            multipart: self,
            name,
            filename,
            content_type,
        }))
    }

    /// The next chunk of the current part, `None` once it ended.
    async fn chunk(&mut self) -> Result<Option<Vec<u8>>, HttpError> {
        match &self.current {
            Some(current) if !current.done => {}
            _ => return Ok(None),
        }
        let event = self.event().await?;
        let limits = self.limits;
        let Some(current) = self.current.as_mut() else {
            return Ok(None);
        };
        match event {
            Event::Data(data) => {
                current.size += data.len();
                if current.is_file && current.size > limits.file {
                    return Err(too_large());
                }
                if !current.is_file && current.size > limits.field {
                    let err = format!("Part exceeded maximum size of {}KB.", limits.field / 1024);
                    return Err(self.refuse(bad_request(err)).await);
                }
                Ok(Some(data))
            }
            Event::PartEnd => {
                current.done = true;
                Ok(None)
            }
            Event::Part(_) | Event::End => Err(self.refuse(invalid()).await),
        }
    }

    /// Reads the rest of a body refused with a 400 and drops it, within the body limit, before the answer goes out: an answer sent before its
    /// request is read leaves some hosts' connections unusable (`wrangler dev`'s). Nothing
    /// of it is kept; a body over the limit is left to be cancelled.
    async fn refuse(&mut self, err: HttpError) -> HttpError {
        self.parser = None;
        self.current = None;
        while self.received <= self.limits.body {
            match self.chunks.next().await {
                Ok(Some(chunk)) => self.received += chunk.len(),
                Ok(None) | Err(_) => break,
            }
        }
        err
    }

    /// Reads the rest of the body and drops it, within the body limit: what a handler
    /// that answers before it has read every part calls first, so that the client's
    /// connection stays usable.
    ///
    /// ```
    /// use edgeapi::multipart::Multipart;
    /// use edgeapi::prelude::*;
    ///
    /// async fn first_part_only(mut multipart: Multipart) -> Result<String, HttpError> {
    ///     let name = match multipart.next_field().await? {
    ///         Some(field) => field.name().to_owned(),
    ///         None => String::new(),
    ///     };
    ///     multipart.finish().await?;
    ///     Ok(name)
    /// }
    /// ```
    pub async fn finish(&mut self) -> Result<(), HttpError> {
        while self.next_field().await?.is_some() {}
        Ok(())
    }

    /// Reads and drops a chunk of the current part; clears it at its end.
    async fn skip_chunk(&mut self) -> Result<(), HttpError> {
        if self.chunk().await?.is_none() {
            self.current = None;
        }
        Ok(())
    }
}

impl FromRequest for Multipart {
    type Rejection = HttpError;

    async fn from_request(request: Request) -> Result<Self, HttpError> {
        let boundary = boundary(request.parts().header("content-type"))?;
        let body_limit = request.parts().body_limit;
        let declared = request
            .parts()
            .header("content-length")
            .and_then(|length| length.trim().parse::<usize>().ok());
        let (_, chunks) = request.into_chunks();
        let multipart = Multipart {
            parser: boundary.as_deref().map(Parser::new),
            chunks,
            eof: false,
            limits: Limits {
                body: body_limit,
                file: usize::MAX,
                field: MAX_FIELD_BYTES,
            },
            declared,
            received: 0,
            files: 0,
            fields: 0,
            current: None,
            truncated: false,
        };
        Ok(multipart)
    }

    fn order() -> Order {
        Order::Body
    }

    #[cfg(feature = "openapi")]
    fn openapi(op: &mut crate::describe::Operation<'_>) {
        let object = serde_json::json!({"type": "object"});
        op.request_body("multipart/form-data", object);
    }
}

/// One part of a [`Multipart`] body: its name, file name and content type, and its body
/// read chunk by chunk (or whole, within the limits).
pub struct Field<'a> {
    multipart: &'a mut Multipart,
    name: String,
    filename: Option<String>,
    content_type: Option<String>,
}

impl Field<'_> {
    /// The form field's name.
    pub fn name(&self) -> &str {
        &self.name
    }

    /// The file's name, for a file part (`filename=` in its `Content-Disposition`).
    pub fn filename(&self) -> Option<&str> {
        self.filename.as_deref()
    }

    /// The part's `Content-Type`, if it has one.
    pub fn content_type(&self) -> Option<&str> {
        self.content_type.as_deref()
    }

    /// The next chunk of the part's body, `None` at its end.
    pub async fn chunk(&mut self) -> Result<Option<Vec<u8>>, HttpError> {
        self.multipart.chunk().await
    }

    /// The whole body of the part, within the limits.
    pub async fn bytes(mut self) -> Result<Vec<u8>, HttpError> {
        let mut bytes = Vec::new();
        while let Some(chunk) = self.chunk().await? {
            bytes.extend_from_slice(&chunk);
        }
        Ok(bytes)
    }

    /// The body of the part as text (bytes that are not UTF-8 replaced, as Starlette
    /// decodes a field).
    pub async fn text(self) -> Result<String, HttpError> {
        let bytes = self.bytes().await?;
        Ok(match String::from_utf8(bytes) {
            Ok(text) => text,
            Err(err) => String::from_utf8_lossy(err.as_bytes()).into_owned(),
        })
    }
}
