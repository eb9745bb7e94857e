//! The public verification page `/verify/<code>` (issue #5 §5), reached from the QR code on
//! the result: what was issued, by whom and when, and a check of an uploaded copy — authentic
//! only if the signature is intact AND the file is byte for byte the one recorded at signing
//! AND the dossier still carries it. No account needed; demo-CA signatures are said to be
//! demo signatures.

use askama::Template;
use axum::extract::{Multipart, Path, State};
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Response};
use motcua_domain::dossier::Actor;
use motcua_store::store::IssuedResult;
use motcua_ui::{Chrome, ErrorPage, Prefs, csrf};
use motcua_web::for_pages::ClientIp;

use super::{chrome, office_css};
use crate::services::result::{Verdict, judge};
use crate::state::Office;

#[derive(Template)]
#[template(path = "office/verify.html")]
struct VerifyPage {
    page: Chrome,
    css: &'static str,
    csrf: String,
    found: bool,
    code: String,
    demo: bool,
    title: String,
    dossier: String,
    unit: String,
    signed_at: String,
    signer: String,
    sha: String,
    issued: bool,
    verdict: Option<(bool, Vec<String>)>,
}

/// Does the dossier still carry this file as its result?
async fn carried(office: &Office, r: &IssuedResult) -> bool {
    match office
        .store()
        .dossier(&Actor::system(), &r.dossier_code)
        .await
    {
        Ok(v) => v
            .dossier
            .result_documents
            .iter()
            .any(|d| d.sha256 == r.sha256),
        Err(_) => false,
    }
}

async fn show(
    office: &Office,
    prefs: Prefs,
    headers: &HeaderMap,
    ip: &str,
    code: &str,
    verdict: Option<(bool, Vec<String>)>,
) -> Response {
    let lang = prefs.lang;
    let limits = office.web().page_limits();
    if let Err(wait) = limits.lookup_ip.check(ip) {
        return ErrorPage::rate_limited(lang, wait).into_response();
    }
    let record = match office.store().issued_result(code).await {
        Ok(r) => r,
        Err(e) => return super::error_page(lang, &e.into()),
    };
    let (token, set) = csrf::anon_token(headers, office.config().production);
    let here = format!("/verify/{}", code.trim().to_ascii_uppercase());
    let mut page = VerifyPage {
        page: chrome(
            prefs,
            &here,
            lang.pick("Xác thực văn bản", "Verify a document"),
            None,
        ),
        css: office_css(),
        csrf: token,
        found: record.is_some(),
        code: code.trim().to_ascii_uppercase(),
        demo: false,
        title: String::new(),
        dossier: String::new(),
        unit: String::new(),
        signed_at: String::new(),
        signer: String::new(),
        sha: String::new(),
        issued: false,
        verdict,
    };
    page.page.site_name = motcua_ui::i18n::Text::new("Cổng Dịch vụ công", "Public Service Portal");
    let status = match &record {
        Some(r) => {
            page.issued = carried(office, r).await;
            page.demo = r.demo;
            page.title = r.title.clone();
            page.dossier = r.dossier_code.to_string();
            page.unit = office.store().unit_name(r.unit);
            page.signed_at = motcua_ui::i18n::moment(lang, r.signed_at);
            page.signer = r.signer_subject.clone();
            page.sha = r.sha256.clone();
            StatusCode::OK
        }
        None => {
            limits.lookup_ip.hit(ip);
            StatusCode::NOT_FOUND
        }
    };
    let mut r = motcua_ui::render_status(status, &page);
    if let Some(c) = set {
        r.headers_mut().append(header::SET_COOKIE, c);
    }
    r
}

pub async fn page(
    State(office): State<Office>,
    prefs: Prefs,
    headers: HeaderMap,
    ClientIp(ip): ClientIp,
    Path(code): Path<String>,
) -> Response {
    show(&office, prefs, &headers, &ip, &code, None).await
}

pub async fn check(
    State(office): State<Office>,
    prefs: Prefs,
    headers: HeaderMap,
    ClientIp(ip): ClientIp,
    Path(code): Path<String>,
    mut mp: Multipart,
) -> Response {
    let lang = prefs.lang;
    let limit = office.config().max_upload_bytes as usize;
    let mut token = String::new();
    let mut bytes: Vec<u8> = Vec::new();
    loop {
        let part = match mp.next_field().await {
            Ok(Some(p)) => p,
            Ok(None) => break,
            Err(_) => return ErrorPage::too_large(lang, limit as u64).into_response(),
        };
        match part.name() {
            Some("csrf_token") => token = part.text().await.unwrap_or_default(),
            Some("copy") => {
                let mut part = part;
                while let Ok(Some(c)) = part.chunk().await {
                    if bytes.len() + c.len() > limit {
                        return ErrorPage::too_large(lang, limit as u64).into_response();
                    }
                    bytes.extend_from_slice(&c);
                }
            }
            _ => {}
        }
    }
    if let Err(e) = csrf::check_anon(lang, &headers, Some(&token)) {
        return e.into_response();
    }
    let record = match office.store().issued_result(&code).await {
        Ok(Some(r)) => r,
        _ => return show(&office, prefs, &headers, &ip, &code, None).await,
    };
    let issued = carried(&office, &record).await;
    let anchors = office.signers().anchors();
    let (verdict, _report) =
        tokio::task::spawn_blocking(move || judge(&record, issued, &bytes, &anchors))
            .await
            .unwrap_or((
                Verdict::NotAuthentic(vec![]),
                motcua_docs::VerifyReport::default(),
            ));
    let v = match verdict {
        Verdict::Authentic => (true, vec![]),
        Verdict::NotAuthentic(p) => (
            false,
            p.into_iter()
                .map(|(vi, en)| lang.pick(&vi, &en).to_string())
                .collect(),
        ),
    };
    show(&office, prefs, &headers, &ip, &code, Some(v)).await
}
