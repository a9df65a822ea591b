//! A whole multipart form read for `Form<T>`: its text fields as `(name, value)` pairs
//! and its files as [`UploadFile`]s, within the app's body limit.

use super::upload::{UploadFile, UPLOAD_PREFIX};
use super::Multipart;
use crate::error::HttpError;
use crate::extract::FromRequest;
use crate::request::Request;

/// A form's text fields as `(name, value)` pairs, and its files.
pub(crate) type FormParts = (Vec<(String, String)>, Vec<UploadFile>);

/// The fields of a multipart form, empty ones left out (FastAPI reads an empty field, and
/// a file with an empty name, as absent); a file field's value names its upload.
pub(crate) async fn read(request: Request) -> Result<FormParts, HttpError> {
    let mut multipart = Multipart::from_request(request).await?;
    let mut pairs = Vec::new();
    let mut uploads = Vec::new();
    loop {
        let field = match multipart.next_field().await {
            Ok(Some(field)) => field,
            Ok(None) => break,
            Err(err) => return truncated_or(err, &multipart, pairs, uploads),
        };
        let name = field.name().to_owned();
        let file = field
            .filename()
            .map(|filename| (filename.to_owned(), field.content_type().map(str::to_owned)));
        let bytes = match field.bytes().await {
            Ok(bytes) => bytes,
            Err(err) => return truncated_or(err, &multipart, pairs, uploads),
        };
        match file {
            Some((filename, _)) if filename.is_empty() => {}
            Some((filename, content_type)) => {
                pairs.push((name, format!("{UPLOAD_PREFIX}{}", uploads.len())));
                uploads.push(UploadFile::new(filename, content_type, bytes));
            }
            None if bytes.is_empty() => {}
            None => pairs.push((name, String::from_utf8_lossy(&bytes).into_owned())),
        }
    }
    Ok((pairs, uploads))
}

/// A body that ended inside a part keeps the parts before it, as python-multipart does;
/// any other error stands.
fn truncated_or(
    err: HttpError,
    multipart: &Multipart,
    pairs: Vec<(String, String)>,
    uploads: Vec<UploadFile>,
) -> Result<FormParts, HttpError> {
    if multipart.truncated {
        Ok((pairs, uploads))
    } else {
        Err(err)
    }
}
