//! Uploaded files: each multipart file part is streamed into the blob store (hashed while it is
//! written, never held whole in memory), limited in size while streaming, and typed by its
//! content, never by its name: PDF, JPEG and PNG are accepted, anything else is refused even
//! when it is called `.pdf`. The blob is durable when `put_stream` returns, before the command
//! that references it goes to the writer.

use std::sync::{Arc, Mutex};

use axum::extract::multipart::{Field, MultipartError};
use axum::http::StatusCode;
use bytes::Bytes;
use futures_util::StreamExt;
use motcua_domain::dossier::{DocSource, DocumentRef};
use motcua_store::blob::BlobError;
use tokio_util::io::StreamReader;

use crate::problem::ApiError;
use crate::state::AppState;

/// Bytes read before deciding the type (enough for every signature we check and for `infer`).
const SNIFF_BYTES: usize = 512;

/// The accepted types, by their magic bytes.
pub fn sniff(head: &[u8]) -> Option<&'static str> {
    if head.starts_with(b"%PDF-") {
        Some("application/pdf")
    } else if head.starts_with(&[0xFF, 0xD8, 0xFF]) {
        Some("image/jpeg")
    } else if head.starts_with(&[0x89, b'P', b'N', b'G', 0x0D, 0x0A, 0x1A, 0x0A]) {
        Some("image/png")
    } else {
        None
    }
}

/// A file name safe to show and to put in `Content-Disposition`: the last path segment, no
/// control characters, at most 200 characters.
pub fn clean_name(name: Option<&str>) -> String {
    let base = name
        .unwrap_or("")
        .rsplit(['/', '\\'])
        .next()
        .unwrap_or("")
        .chars()
        .filter(|c| !c.is_control() && *c != '"')
        .take(200)
        .collect::<String>();
    let base = base.trim().to_string();
    if base.is_empty() { "tep".into() } else { base }
}

fn unsupported(name: &str, found: &str) -> ApiError {
    ApiError::new(
        StatusCode::UNSUPPORTED_MEDIA_TYPE,
        "upload.unsupported_type",
        format!("Tệp «{name}» không phải PDF, JPEG hoặc PNG (nội dung thực tế: {found}). Vui lòng gửi bản quét dạng PDF hoặc ảnh."),
        format!("The file \"{name}\" is not a PDF, JPEG or PNG (its content is {found}). Please send a scan as PDF or an image."),
    )
    .with("file_name", serde_json::json!(name))
}

fn too_large(name: &str, limit: u64) -> ApiError {
    ApiError::new(
        StatusCode::PAYLOAD_TOO_LARGE,
        "upload.too_large",
        format!(
            "Tệp «{name}» vượt quá dung lượng cho phép ({} MB).",
            limit as f64 / 1_048_576.0
        ),
        format!(
            "The file \"{name}\" is larger than allowed ({} MB).",
            limit as f64 / 1_048_576.0
        ),
    )
    .with("file_name", serde_json::json!(name))
    .with("limit_bytes", serde_json::json!(limit))
}

/// Stores one file part and describes it for the dossier.
/// Reads and discards the rest of a multipart request that is being refused (a file too large
/// or of the wrong type): answering before the client finished sending makes many clients and
/// browsers see a reset connection instead of the explanation. The body limit layer still bounds
/// how much is read.
pub async fn drain(mp: &mut axum::extract::Multipart) {
    while let Ok(Some(mut field)) = mp.next_field().await {
        while let Ok(Some(_)) = field.chunk().await {}
    }
}

pub async fn store_file(
    state: &AppState,
    mut field: Field<'_>,
    component: Option<String>,
    source: DocSource,
) -> Result<DocumentRef, ApiError> {
    let name = clean_name(field.file_name());
    let limit = state.config().max_upload_bytes;
    let mut head: Vec<Bytes> = Vec::new();
    let mut head_len = 0;
    while head_len < SNIFF_BYTES {
        match field.chunk().await? {
            Some(c) => {
                head_len += c.len();
                head.push(c);
            }
            None => break,
        }
    }
    if head_len == 0 {
        return Err(ApiError::unprocessable(
            "upload.empty",
            format!("Tệp «{name}» rỗng."),
            format!("The file \"{name}\" is empty."),
        ));
    }
    let joined: Vec<u8> = head.iter().flat_map(|c| c.iter().copied()).collect();
    let media_type = match sniff(&joined) {
        Some(t) => t,
        None => {
            let found = infer::get(&joined)
                .map(|k| k.mime_type().to_string())
                .unwrap_or_else(|| {
                    if std::str::from_utf8(&joined).is_ok() {
                        "text".into()
                    } else {
                        "unknown".into()
                    }
                });
            return Err(unsupported(&name, &found));
        }
    };
    if head_len as u64 > limit {
        return Err(too_large(&name, limit));
    }
    // The multipart error (e.g. the request limit) is kept aside: the blob store only sees an
    // I/O error.
    let failure: Arc<Mutex<Option<MultipartError>>> = Arc::default();
    let slot = failure.clone();
    let rest = field.map(move |r| {
        r.map_err(|e| {
            let io = std::io::Error::other(e.to_string());
            *slot.lock().unwrap_or_else(|p| p.into_inner()) = Some(e);
            io
        })
    });
    let stream = futures_util::stream::iter(head.into_iter().map(Ok)).chain(rest);
    let mut reader = StreamReader::new(Box::pin(stream));
    let stored = state.blobs().put_stream(&mut reader, limit).await;
    let blob = match stored {
        Ok(b) => b,
        Err(BlobError::TooLarge { .. }) => return Err(too_large(&name, limit)),
        Err(e) => {
            if let Some(m) = failure.lock().unwrap_or_else(|p| p.into_inner()).take() {
                return Err(m.into());
            }
            return Err(e.into());
        }
    };
    Ok(DocumentRef {
        component,
        sha256: blob.sha256,
        size: blob.size,
        media_type: media_type.into(),
        file_name: name,
        pages: None,
        source,
    })
}
