//! Files posted on the dossier page: the papers of a supplement handed in at the desk (the
//! dossier goes back to reception or processing, R-TIME-3) or a working document of
//! processing. Photos become one PDF as at reception.

use axum::extract::Multipart;
use axum::http::HeaderMap;
use axum::response::Response;
use motcua_domain::code::DossierCode;
use motcua_domain::dossier::{Command, DocSource};
use motcua_store::store::DossierView;

use super::desk::{read_form, store_scan};
use crate::auth::Officer;
use crate::error::OfficeError;
use crate::state::Office;

/// `Err(page)`: the CSRF refusal or the error page to answer with.
pub async fn attach(
    office: &Office,
    o: &Officer,
    code: &DossierCode,
    headers: &HeaderMap,
    mp: Multipart,
) -> Result<DossierView, Box<Response>> {
    let lang = o.prefs.lang;
    let page = |e: OfficeError| Box::new(super::error_page(lang, &e));
    let (fields, files) = read_form(office, mp).await.map_err(page)?;
    let get = |k: &str| super::field(&fields, k);
    if let Some(r) = super::csrf(o, headers, Some(&get(motcua_ui::csrf::FIELD))) {
        return Err(Box::new(r));
    }
    let version = get("version").parse::<u64>().ok();
    let mut documents = Vec::new();
    for (key, up) in files {
        let mut doc = store_scan(office, &key, up).await.map_err(page)?;
        doc.component = None;
        doc.source = if get("action") == "provide" {
            DocSource::Scan
        } else {
            DocSource::Officer
        };
        documents.push(doc);
    }
    let note = Some(get("note")).filter(|n| !n.trim().is_empty());
    let commands = if get("action") == "provide" {
        vec![Command::ProvideSupplement {
            documents,
            form_changes: Default::default(),
            note,
        }]
    } else {
        if documents.is_empty() {
            return Err(page(OfficeError::invalid(
                "office.no_file",
                "Chọn tệp cần đính kèm.",
                "Choose a file to attach.",
            )));
        }
        documents
            .into_iter()
            .map(|document| Command::AttachDocument { document })
            .collect()
    };
    office
        .store()
        .execute(&o.actor, code, version, commands)
        .await
        .map_err(|e| page(e.into()))
}
