//! Reading a form with files (the documents step, the answer to a supplement request).
//!
//! * The CSRF token must be the first part, so a forged post is refused before any byte of a
//!   file is read or stored.
//! * Each file is typed by its content (PDF, JPEG, PNG), never by its name, and limited in
//!   size while it is read; every problem names the file.
//! * Several photos for one component become one PDF, one page per photo (R-LC-2), so a phone
//!   can photograph each page; PDFs are kept as sent, with their page count.
//! * Nothing is stored unless every file of the post is acceptable (nothing half-saved); blobs
//!   are durable before the draft or the dossier refers to them.

use std::collections::BTreeMap;

use axum::extract::Multipart;
use axum::extract::multipart::MultipartError;
use axum::http::{HeaderMap, StatusCode};
use bytes::Bytes;
use motcua_domain::dossier::{DocSource, DocumentRef};
use motcua_ui::{ErrorPage, FormErrors, Lang, csrf};
use motcua_web::for_pages::{clean_name, sniff};

use crate::Portal;
use crate::fail::Fail;

/// One file as received.
struct Incoming {
    name: String,
    media_type: &'static str,
    bytes: Bytes,
}

/// The form as read: text fields (several values per name kept in order) and files per
/// component, plus the problems found.
#[derive(Default)]
pub struct FilesForm {
    pub fields: BTreeMap<String, Vec<String>>,
    files: BTreeMap<String, Vec<Incoming>>,
    pub errors: FormErrors,
}

impl FilesForm {
    pub fn text(&self, name: &str) -> Option<&str> {
        self.fields
            .get(name)
            .and_then(|v| v.first())
            .map(String::as_str)
    }
    pub fn all(&self, name: &str) -> &[String] {
        self.fields.get(name).map(Vec::as_slice).unwrap_or(&[])
    }
    pub fn has_files(&self) -> bool {
        !self.files.is_empty()
    }
}

fn multipart_fail(lang: Lang, limit: u64, e: MultipartError) -> Fail {
    if e.status() == StatusCode::PAYLOAD_TOO_LARGE {
        Fail::from(ErrorPage::too_large(lang, limit))
    } else {
        Fail::from(ErrorPage::new(
            StatusCode::BAD_REQUEST,
            lang,
            motcua_ui::i18n::Text::new(
                "Không đọc được dữ liệu gửi lên",
                "The form could not be read",
            ),
            motcua_ui::i18n::Text::new(
                "Dữ liệu gửi lên bị gián đoạn. Chưa có gì được lưu; vui lòng gửi lại.",
                "The upload was interrupted. Nothing was saved; please send it again.",
            ),
        ))
    }
}

/// Reads the whole form. `expected_csrf`: the session's token.
pub async fn read(
    s: &Portal,
    lang: Lang,
    headers: &HeaderMap,
    expected_csrf: &str,
    mut mp: Multipart,
) -> Result<FilesForm, Fail> {
    let file_limit = s.app.page_config().max_upload_bytes;
    let request_limit = s.app.page_config().max_request_bytes;
    let mut out = FilesForm::default();
    let mut first = true;
    while let Some(mut field) = mp
        .next_field()
        .await
        .map_err(|e| multipart_fail(lang, request_limit, e))?
    {
        let name = field.name().unwrap_or("").to_string();
        if first {
            first = false;
            let token = if name == csrf::FIELD {
                field.text().await.ok()
            } else {
                None
            };
            csrf::check(lang, headers, expected_csrf, token.as_deref())?;
            continue;
        }
        let Some(component) = name.strip_prefix("file.").map(str::to_owned) else {
            let mut text = String::new();
            while let Some(c) = field
                .chunk()
                .await
                .map_err(|e| multipart_fail(lang, request_limit, e))?
            {
                if text.len() + c.len() > 16 * 1024 {
                    break;
                }
                text.push_str(&String::from_utf8_lossy(&c));
            }
            out.fields.entry(name).or_default().push(text);
            continue;
        };
        let file_name = clean_name(field.file_name());
        let mut buf: Vec<u8> = Vec::new();
        let mut too_big = false;
        while let Some(c) = field
            .chunk()
            .await
            .map_err(|e| multipart_fail(lang, request_limit, e))?
        {
            if buf.len() as u64 + c.len() as u64 > file_limit {
                too_big = true;
                continue; // drain the rest of this part without keeping it
            }
            buf.extend_from_slice(&c);
        }
        // A file input left empty still sends an empty part.
        if buf.is_empty() && !too_big {
            continue;
        }
        let key = format!("file.{component}");
        if too_big {
            out.errors.add(
                &key,
                format!(
                    "Tệp «{file_name}» lớn hơn {} MB cho phép. Hãy chụp lại với độ phân giải thấp hơn hoặc quét thành PDF nhỏ hơn.",
                    file_limit / (1024 * 1024)
                ),
                format!(
                    "The file \"{file_name}\" is larger than the {} MB allowed. Take the photo at a lower resolution or scan to a smaller PDF.",
                    file_limit / (1024 * 1024)
                ),
            );
            continue;
        }
        match sniff(&buf) {
            Some(media_type) => out.files.entry(component).or_default().push(Incoming {
                name: file_name,
                media_type,
                bytes: Bytes::from(buf),
            }),
            None => out.errors.add(
                &key,
                format!("Tệp «{file_name}» không phải là tệp PDF hay ảnh (JPEG, PNG), dù tên tệp có thể ghi như vậy. Hãy gửi bản quét PDF hoặc ảnh chụp."),
                format!("The file \"{file_name}\" is not a PDF or an image (JPEG, PNG), whatever its name says. Send a PDF scan or a photo."),
            ),
        }
    }
    if first {
        // An empty post: no token at all.
        csrf::check(lang, headers, expected_csrf, None)?;
    }
    Ok(out)
}

/// Stores the files of an acceptable form and describes them as documents: for each component,
/// every PDF as it is, and all its photos as one PDF.
pub async fn store(
    s: &Portal,
    form: &mut FilesForm,
    component_ok: impl Fn(&str) -> bool,
) -> Result<Vec<DocumentRef>, Fail> {
    let blobs = s.app.page_blobs();
    let mut docs = Vec::new();
    let files = std::mem::take(&mut form.files);
    for (component, list) in files {
        if !component_ok(&component) {
            continue;
        }
        let (pdfs, images): (Vec<Incoming>, Vec<Incoming>) = list
            .into_iter()
            .partition(|f| f.media_type == "application/pdf");
        let mut prepared: Vec<(String, Bytes, Option<u32>)> = Vec::new();
        for f in pdfs {
            let bytes = f.bytes.clone();
            let pages = tokio::task::spawn_blocking(move || motcua_docs::pdf_page_count(&bytes))
                .await
                .ok()
                .and_then(|r| r.ok())
                .map(|n| n as u32);
            prepared.push((f.name, f.bytes, pages));
        }
        if !images.is_empty() {
            let first_name = images[0].name.clone();
            let count = images.len();
            let raw: Vec<Vec<u8>> = images.into_iter().map(|i| i.bytes.to_vec()).collect();
            let made = tokio::task::spawn_blocking(move || motcua_docs::images_to_pdf(&raw)).await;
            match made {
                Ok(Ok((pdf, pages))) => {
                    let base = first_name
                        .rsplit_once('.')
                        .map_or(first_name.as_str(), |(b, _)| b);
                    let name = if count > 1 {
                        format!("{base} ({count} ảnh).pdf")
                    } else {
                        format!("{base}.pdf")
                    };
                    prepared.push((name, Bytes::from(pdf), Some(pages as u32)));
                }
                _ => {
                    form.errors.add(
                        &format!("file.{component}"),
                        format!("Không đọc được ảnh «{first_name}». Hãy chụp lại và gửi ảnh JPEG hoặc PNG."),
                        format!("The photo \"{first_name}\" could not be read. Take it again and send a JPEG or PNG."),
                    );
                    continue;
                }
            }
        }
        for (name, bytes, pages) in prepared {
            let blob = blobs.put(bytes).await.map_err(|e| {
                tracing::error!(error = %e, "blob put failed");
                Fail::from(ErrorPage::unavailable(Lang::Vi))
            })?;
            docs.push(DocumentRef {
                component: Some(component.clone()),
                sha256: blob.sha256,
                size: blob.size,
                media_type: "application/pdf".into(),
                file_name: name,
                pages,
                source: DocSource::Upload,
            });
        }
    }
    Ok(docs)
}
