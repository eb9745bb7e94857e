//! "Kho dữ liệu": the documents a person submitted and the results they received, kept so that
//! the next submission can reuse them instead of uploading again (once-only, R-DATA-1).

use askama::Template;
use axum::extract::{Path, State};
use motcua_ui::{Chrome, i18n};

use crate::Portal;
use crate::ctx::Ctx;
use crate::dossiers::download;
use crate::fail::{Fail, PageResult};

pub struct DocRow {
    pub id: i64,
    pub title: String,
    pub file: String,
    pub from: Option<String>,
    pub result: bool,
    pub added: String,
}

#[derive(Template)]
#[template(path = "documents.html")]
struct DocumentsPage {
    page: Chrome,
    docs: Vec<DocRow>,
}

/// `GET /kho-du-lieu`.
pub async fn list(State(s): State<Portal>, ctx: Ctx) -> PageResult {
    let user = ctx.require_user()?;
    let lang = ctx.lang();
    let docs = s
        .app
        .page_store()
        .personal_documents(user.account.id)
        .await
        .map_err(|e| Fail::store(lang, e))?
        .into_iter()
        .map(|d| DocRow {
            id: d.id,
            title: d.title,
            file: d.document.file_name,
            from: d.from_dossier.map(|c| c.to_string()),
            result: d.is_result,
            added: i18n::short_date(d.added_at),
        })
        .collect();
    Ok(motcua_ui::render(&DocumentsPage {
        page: ctx.chrome(ctx.t("Kho dữ liệu của tôi", "My documents")),
        docs,
    }))
}

/// `GET /kho-du-lieu/{id}`.
pub async fn file(State(s): State<Portal>, ctx: Ctx, Path(id): Path<String>) -> PageResult {
    let user = ctx.require_user()?;
    let lang = ctx.lang();
    let id: i64 = id.parse().map_err(|_| Fail::not_found(lang))?;
    let doc = s
        .app
        .page_store()
        .personal_documents(user.account.id)
        .await
        .map_err(|e| Fail::store(lang, e))?
        .into_iter()
        .find(|d| d.id == id)
        .ok_or_else(|| Fail::not_found(lang))?;
    download(
        &s,
        lang,
        &doc.document.sha256,
        &doc.document.file_name,
        &doc.document.media_type,
    )
    .await
}
