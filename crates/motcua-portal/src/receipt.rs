//! The receipt after submitting: the dossier code, the appointment (day of the week, date and
//! time from the legal calendar), a QR code for looking the dossier up, and Mẫu 01 (Giấy tiếp
//! nhận hồ sơ và hẹn trả kết quả) as PDF.
//!
//! An online dossier is officially received (and its clock started, R-TIME-1) when the desk
//! checks it. Until then the receipt shows the appointment it would get if received at the
//! moment it was submitted, computed by the same calendar, and says so; once received, the
//! official appointment replaces it.

use askama::Template;
use axum::extract::{Path, State};
use axum::http::{HeaderValue, header};
use axum::response::IntoResponse;
use jiff::Timestamp;
use motcua_calendar::{from_local, to_local};
use motcua_docs::forms::{Applicant, Component, Issuer, Receipt};
use motcua_domain::dossier::{Delivery, Dossier, EventData};
use motcua_ui::{Chrome, Lang, i18n};

use crate::Portal;
use crate::ctx::Ctx;
use crate::dossiers::mine;
use crate::fail::{Fail, PageResult};

/// The appointment a dossier would get if received when it was submitted.
pub fn expected(s: &Portal, d: &Dossier) -> Option<Timestamp> {
    let store = s.app.page_store();
    let p = store.procedure(&d.procedure_code)?;
    let limit = p.version.processing_time?;
    store
        .calendar(d.receiving_unit)
        .due(to_local(d.submitted_at), limit, p.version.cutoff)
        .ok()
        .map(from_local)
}

fn lookup_url(s: &Portal, d: &Dossier) -> String {
    format!(
        "{}/tra-cuu?ma={}",
        s.app.page_config().public_url.trim_end_matches('/'),
        d.code
    )
}

fn delivery_text(lang: Lang, d: &Delivery) -> String {
    match d {
        Delivery::Electronic => lang
            .pick(
                "Bản điện tử trên Cổng dịch vụ công",
                "Electronically on the portal",
            )
            .into(),
        Delivery::Desk => lang
            .pick("Tại Bộ phận Một cửa", "At the one-stop desk")
            .into(),
        Delivery::Post { address } => {
            format!("{}: {address}", lang.pick("Qua bưu điện", "By post"))
        }
    }
}

#[derive(Template)]
#[template(path = "receipt.html")]
struct ReceiptPage {
    page: Chrome,
    code: String,
    procedure: String,
    applicant: String,
    unit: String,
    submitted: String,
    appointment: String,
    official: bool,
    fee: String,
    delivery: String,
    qr: std::sync::Arc<str>,
    documents: Vec<String>,
}

/// `GET /ho-so/{code}/bien-nhan`.
pub async fn page(State(s): State<Portal>, ctx: Ctx, Path(code): Path<String>) -> PageResult {
    let (_, v) = mine(&s, &ctx, &code).await?;
    let lang = ctx.lang();
    let d = &v.dossier;
    let (appointment, official) = match d.appointment() {
        Some(t) => (Some(t), true),
        None => (expected(&s, d), false),
    };
    let url = lookup_url(&s, d);
    let title = format!(
        "{} {}",
        lang.pick("Mã QR tra cứu hồ sơ", "QR code to look up dossier"),
        d.code
    );
    let page = ReceiptPage {
        page: ctx.chrome(ctx.t("Đã nộp hồ sơ", "Dossier submitted")),
        code: d.code.to_string(),
        procedure: v.procedure_name.clone(),
        applicant: d.applicant.full_name.clone(),
        unit: v.receiving_unit_name.clone(),
        submitted: i18n::moment(lang, d.submitted_at),
        appointment: appointment
            .map(|t| i18n::moment(lang, t))
            .unwrap_or_else(|| "—".into()),
        official,
        fee: i18n::money(lang, d.fee_vnd),
        delivery: delivery_text(lang, &d.delivery),
        qr: crate::catalog::qr_for(&s, &url, &title),
        documents: d
            .documents
            .iter()
            .map(|x| match x.pages {
                Some(p) => format!("{} ({p} {})", x.file_name, lang.pick("trang", "pages")),
                None => x.file_name.clone(),
            })
            .collect(),
    };
    Ok(motcua_ui::render(&page))
}

/// `GET /ho-so/{code}/bien-nhan.pdf`: Mẫu 01.
pub async fn pdf(State(s): State<Portal>, ctx: Ctx, Path(code): Path<String>) -> PageResult {
    let lang = ctx.lang();
    let (user, v) = mine(&s, &ctx, &code).await?;
    let d = v.dossier.clone();
    let store = s.app.page_store();
    let p = store
        .procedure_version(d.procedure)
        .await
        .map_err(|e| Fail::store(lang, e))?;
    let events = store
        .dossier_events(&user.actor, &d.code)
        .await
        .map_err(|e| Fail::store(lang, e))?;
    let receiver = events
        .iter()
        .find(|e| matches!(e.event.data, EventData::Accepted { .. }))
        .map(|e| e.event.actor.name.clone())
        .unwrap_or_else(|| "Tiếp nhận trực tuyến (chờ cán bộ kiểm tra)".into());
    let received = d.received_at.unwrap_or(d.submitted_at);
    let appointment = d
        .appointment()
        .or_else(|| expected(&s, &d))
        .unwrap_or(received);
    let addr = d
        .applicant
        .address
        .as_ref()
        .map(|a| a.to_string())
        .unwrap_or_default();
    let components = p
        .version
        .components
        .iter()
        .filter(|c| {
            d.documents
                .iter()
                .any(|x| x.component.as_deref() == Some(&c.key))
        })
        .map(|c| Component {
            name: c.name_vi.clone(),
            originals: c.originals as u32,
            copies: c.copies as u32,
        })
        .collect::<Vec<_>>();
    let receipt = Receipt {
        issuer: Issuer {
            parent: None,
            name: v.receiving_unit_name.clone(),
            place: String::new(),
        },
        number: format!("{}/TN", d.code),
        issued_on: to_local(received).date(),
        copy_label: None,
        dossier_code: d.code.to_string(),
        reception_unit: v.receiving_unit_name.clone(),
        applicant: Applicant {
            name: d.applicant.full_name.clone(),
            id_number: d.applicant.id_number.clone().unwrap_or_default(),
            address: addr,
            phone: d.applicant.phone.clone().unwrap_or_default(),
            email: d.applicant.email.clone().unwrap_or_default(),
        },
        authorised: None,
        request: p.version.name_vi.clone(),
        components: if components.is_empty() {
            vec![Component {
                name: "Hồ sơ điện tử".into(),
                originals: 0,
                copies: 0,
            }]
        } else {
            components
        },
        sets: 1,
        processing_time: p.version.processing_time_text.clone(),
        received_at: to_local(received),
        appointment_at: to_local(appointment),
        result_delivery: delivery_text(Lang::Vi, &d.delivery),
        logbook: None,
        receiver_name: receiver,
        lookup_url: Some(lookup_url(&s, &d)),
    };
    let bytes = tokio::task::spawn_blocking(move || motcua_docs::render(&receipt))
        .await
        .ok()
        .and_then(|r| {
            r.map_err(|e| tracing::error!(error = %e, "receipt PDF"))
                .ok()
        })
        .ok_or_else(|| Fail::from(motcua_ui::ErrorPage::internal(lang)))?;
    let mut r = bytes.into_response();
    let h = r.headers_mut();
    h.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("application/pdf"),
    );
    if let Ok(v) = HeaderValue::from_str(&format!(
        "attachment; filename=\"giay-tiep-nhan-{}.pdf\"",
        d.code
    )) {
        h.insert(header::CONTENT_DISPOSITION, v);
    }
    h.insert(
        header::CACHE_CONTROL,
        HeaderValue::from_static("private, no-store"),
    );
    Ok(r)
}
