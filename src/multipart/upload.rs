//! [`UploadFile`]: a file field of a multipart `Form<T>`, FastAPI's `UploadFile`.

use std::cell::RefCell;
use std::fmt;
use std::rc::Rc;

use serde::de::{self, Deserialize, Deserializer, Visitor};

/// A file sent in a `multipart/form-data` form, read by `Form<T>` into a field of `T`:
/// FastAPI's `file: UploadFile`. The file is in memory, within the app's body limit; for
/// files larger than memory should hold, read the body with
/// [`Multipart`](super::Multipart) instead.
///
/// A text value where a file is declared answers FastAPI's 422 (`value_error`, "Expected
/// UploadFile, received: <class 'str'>"); a file part with an empty file name counts as
/// absent, as in FastAPI.
///
/// ```
/// use edgeapi::multipart::UploadFile;
/// use edgeapi::prelude::*;
/// use serde::Deserialize;
///
/// #[derive(Deserialize)]
/// struct Upload { file: UploadFile, note: Option<String> }
///
/// fn upload(Form(upload): Form<Upload>) -> String {
///     format!("{} ({} bytes)", upload.file.filename, upload.file.size())
/// }
/// let app = App::new().post("/uploadfile/", upload);
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UploadFile {
    /// The file's name as the client sent it.
    pub filename: String,
    /// The part's `Content-Type`, if it had one.
    pub content_type: Option<String>,
    bytes: Rc<Vec<u8>>,
}

impl UploadFile {
    pub(crate) fn new(filename: String, content_type: Option<String>, bytes: Vec<u8>) -> Self {
        Self {
            filename,
            content_type,
            bytes: Rc::new(bytes),
        }
    }

    /// The file's size in bytes.
    pub fn size(&self) -> usize {
        self.bytes.len()
    }

    /// The file's contents.
    pub fn bytes(&self) -> &[u8] {
        &self.bytes
    }

    /// The file's contents, owned (copied only if the file was cloned).
    pub fn into_bytes(self) -> Vec<u8> {
        Rc::try_unwrap(self.bytes).unwrap_or_else(|shared| shared.as_ref().clone())
    }
}

/// What a file field's value is in the form's `(name, value)` pairs: this prefix and the
/// file's index among the form's uploads. Not a value a form field can hold: a field's
/// value comes from the body, and a NUL never starts a browser's text field.
pub(crate) const UPLOAD_PREFIX: &str = "\u{0}edgeapi-upload:";

thread_local! {
    /// The files of the form being read, while `Form<T>` reads it.
    static UPLOADS: RefCell<Vec<UploadFile>> = const { RefCell::new(Vec::new()) };
}

/// Makes `uploads` available to the `UploadFile` fields `read` deserializes.
pub(crate) fn with_uploads<R>(uploads: Vec<UploadFile>, read: impl FnOnce() -> R) -> R {
    UPLOADS.set(uploads);
    let result = read();
    UPLOADS.take();
    result
}

impl<'de> Deserialize<'de> for UploadFile {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_str(UploadVisitor)
    }
}

struct UploadVisitor;

impl Visitor<'_> for UploadVisitor {
    type Value = UploadFile;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("an uploaded file")
    }

    fn visit_str<E: de::Error>(self, value: &str) -> Result<UploadFile, E> {
        // A rerun's placeholder: thrown away.
        if value.is_empty() {
            return Ok(UploadFile::new(String::new(), None, Vec::new()));
        }
        let upload = value
            .strip_prefix(UPLOAD_PREFIX)
            .and_then(|index| index.parse::<usize>().ok())
            .and_then(|index| UPLOADS.with_borrow(|uploads| uploads.get(index).cloned()));
        upload.ok_or_else(|| E::custom("Expected UploadFile, received: <class 'str'>"))
    }
}

/// FastAPI's schema of a file: a string of bytes, which Swagger UI offers a file picker
/// for.
#[cfg(feature = "openapi")]
impl schemars::JsonSchema for UploadFile {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "UploadFile".into()
    }

    fn inline_schema() -> bool {
        true
    }

    fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
        schemars::json_schema!({
            "type": "string",
            "format": "binary",
            "contentMediaType": "application/octet-stream",
        })
    }
}
