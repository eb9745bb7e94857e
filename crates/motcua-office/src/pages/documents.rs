//! Downloads: the official forms of a dossier (Mẫu 01–06) as PDF, its files, and the logbook
//! (Mẫu 07) of a desk for a date range as a page, PDF or CSV. Every download goes through the
//! store's scope check first (an officer of another unit gets 404).

use askama::Template;
use axum::extract::{Path, Query, State};
use axum::response::Response;
use jiff::civil::Date;
use motcua_calendar::{from_local, to_local};
use motcua_docs::OfficialForm;
use motcua_docs::forms::Issuer;
use motcua_domain::ids::UnitId;
use motcua_ui::Chrome;
use serde::Deserialize;

use super::dossier::parse_code;
use super::{chrome, download, error_page, office_css};
use crate::auth::Officer;
use crate::error::OfficeError;
use crate::services::forms::{self, FormSource, committee_of};
use crate::services::logbook;
use crate::state::Office;

async fn render_form(
    office: &Office,
    o: &Officer,
    code: &str,
    form: &str,
) -> Result<(Vec<u8>, String), OfficeError> {
    let code = parse_code(code)?;
    let store = office.store();
    let (view, events) = tokio::join!(
        store.dossier(&o.actor, &code),
        store.dossier_events(&o.actor, &code)
    );
    let (view, events) = (view?, events?);
    let d = &view.dossier;
    let procedure = store.procedure_version(d.procedure).await?;
    let desk_unit = store.unit(d.receiving_unit).await?;
    let logbook_ref = if form == "receipt" {
        store.logbook_entry(&o.actor, &code).await?
    } else {
        None
    };
    let unit_name = |u: UnitId| store.unit_name(u);
    let src = FormSource {
        view: &view,
        procedure: &procedure.version,
        events: &events,
        parent_name: office.parent_name(&desk_unit).await,
        place: office.place_for(&desk_unit).await,
        desk_unit: &desk_unit,
        unit_name: &unit_name,
        logbook: logbook_ref,
        lookup_url: Some(format!("{}/tra-cuu?code={}", office.public_url(), d.code)),
    };
    let n = office.numbering().clone();
    let missing = OfficeError::not_found;
    let job: Box<dyn FnOnce() -> Result<Vec<u8>, motcua_docs::DocError> + Send> = match form {
        "receipt" => {
            let f = forms::receipt(&src).ok_or_else(missing)?;
            Box::new(move || f.render_with(&n))
        }
        "supplement" => {
            let f = forms::supplement(&src).ok_or_else(missing)?;
            Box::new(move || f.render_with(&n))
        }
        "refusal" => {
            let f = forms::refusal(&src).ok_or_else(missing)?;
            Box::new(move || f.render_with(&n))
        }
        "apology" => {
            let f = forms::apology(&src).ok_or_else(missing)?;
            Box::new(move || f.render_with(&n))
        }
        "stop" => {
            let f = forms::stop_notice(&src).ok_or_else(missing)?;
            Box::new(move || f.render_with(&n))
        }
        "control-slip" => {
            let f = forms::control_slip(&src).ok_or_else(missing)?;
            Box::new(move || f.render_with(&n))
        }
        _ => return Err(OfficeError::not_found()),
    };
    let pdf = tokio::task::spawn_blocking(job)
        .await
        .map_err(|e| OfficeError::internal("render form", e))??;
    Ok((pdf, format!("{form}-{}.pdf", d.code)))
}

pub async fn form_pdf(
    State(office): State<Office>,
    o: Officer,
    Path((code, form)): Path<(String, String)>,
) -> Response {
    let Some(form) = form.strip_suffix(".pdf") else {
        return error_page(o.prefs.lang, &OfficeError::not_found());
    };
    match render_form(&office, &o, &code, form).await {
        Ok((pdf, name)) => download(pdf, "application/pdf", &name, true),
        Err(e) => error_page(o.prefs.lang, &e),
    }
}

/// A file of a dossier the officer may see (components, attachments, results).
pub async fn file(
    State(office): State<Office>,
    o: Officer,
    Path((code, sha)): Path<(String, String)>,
) -> Response {
    let lang = o.prefs.lang;
    let r = async {
        let code = parse_code(&code)?;
        let store = office.store();
        let (view, events) = tokio::join!(
            store.dossier(&o.actor, &code),
            store.dossier_events(&o.actor, &code)
        );
        let (view, events) = (view?, events?);
        let d = &view.dossier;
        let attached = events.iter().filter_map(|e| match &e.event.data {
            motcua_domain::dossier::EventData::DocumentAttached { document } => Some(document),
            motcua_domain::dossier::EventData::SupplementProvided { documents, .. } => {
                documents.iter().find(|x| x.sha256 == sha)
            }
            _ => None,
        });
        let doc = d
            .documents
            .iter()
            .chain(d.result_documents.iter())
            .chain(attached)
            .find(|x| x.sha256 == sha)
            .cloned()
            .ok_or_else(OfficeError::not_found)?;
        let bytes = office
            .blobs()
            .get(&doc.sha256)
            .await?
            .ok_or_else(OfficeError::not_found)?;
        Ok::<_, OfficeError>((bytes.to_vec(), doc))
    }
    .await;
    match r {
        Ok((bytes, doc)) => download(bytes, &doc.media_type, &doc.file_name, true),
        Err(e) => error_page(lang, &e),
    }
}

#[derive(Debug, Default, Deserialize)]
pub struct LogbookQuery {
    #[serde(default)]
    unit: Option<i64>,
    #[serde(default)]
    from: String,
    #[serde(default)]
    to: String,
    #[serde(default)]
    format: String,
}

#[derive(Template)]
#[template(path = "office/logbook.html")]
struct LogbookPage {
    page: Chrome,
    css: &'static str,
    units: Vec<(i64, String)>,
    unit: i64,
    from: String,
    to: String,
    export: String,
    rows: Vec<Vec<String>>,
    total: usize,
}

/// The units whose book the officer keeps (their own grants, not the sub-units).
fn book_units(office: &Office, o: &Officer) -> Vec<(i64, String)> {
    let mut v: Vec<(i64, String)> = o
        .account
        .grants
        .iter()
        .filter(|g| g.role.is_officer())
        .filter_map(|g| g.unit)
        .map(|u| (u.0, office.store().unit_name(u)))
        .collect();
    v.sort();
    v.dedup();
    v
}

struct Range {
    unit: UnitId,
    from: Date,
    to: Date,
}

fn range(office: &Office, o: &Officer, q: &LogbookQuery) -> Range {
    let today = to_local(office.store().now()).date();
    let from = q.from.parse().unwrap_or(today);
    let to = q.to.parse().unwrap_or(from).max(from);
    let unit = q
        .unit
        .or_else(|| book_units(office, o).first().map(|u| u.0))
        .unwrap_or(0);
    Range {
        unit: UnitId(unit),
        from,
        to,
    }
}

async fn entries(
    office: &Office,
    o: &Officer,
    r: &Range,
) -> Result<motcua_docs::forms::Logbook, OfficeError> {
    let store = office.store();
    let start = from_local(r.from.to_datetime(jiff::civil::Time::midnight()));
    let end = from_local(
        r.to.tomorrow()
            .map_err(|e| OfficeError::internal("date", e))?
            .to_datetime(jiff::civil::Time::midnight()),
    );
    let list = store.logbook(&o.actor, r.unit, start, end).await?;
    let unit = store.unit(r.unit).await?;
    let issuer = Issuer {
        parent: Some(committee_of(&unit.name)),
        name: "Bộ phận Một cửa".into(),
        place: office.place_for(&unit).await,
    };
    let name = |e: &motcua_store::store::LogbookEntry| {
        store
            .procedure(&e.dossier.procedure_code)
            .map(|p| p.version.name_vi)
            .unwrap_or_default()
    };
    let unit_name = |u: UnitId| store.unit_name(u);
    Ok(logbook::logbook(
        issuer,
        to_local(store.now()).date(),
        &list,
        &name,
        &unit_name,
    ))
}

pub async fn logbook_page(
    State(office): State<Office>,
    o: Officer,
    Query(q): Query<LogbookQuery>,
) -> Response {
    let lang = o.prefs.lang;
    let r = range(&office, &o, &q);
    let book = match entries(&office, &o, &r).await {
        Ok(b) => b,
        Err(e) => return error_page(lang, &e),
    };
    let fmt = |t: jiff::civil::DateTime| {
        format!(
            "{:02}:{:02} {:02}/{:02}/{}",
            t.hour(),
            t.minute(),
            t.day(),
            t.month(),
            t.year()
        )
    };
    let rows = book
        .rows
        .iter()
        .take(1000)
        .map(|row| {
            vec![
                row.seq.to_string(),
                row.dossier_code.clone(),
                row.procedure.clone(),
                row.applicant.clone(),
                row.address_phone.clone(),
                row.lead_agency.clone(),
                fmt(row.received_at),
                fmt(row.appointment_at),
                row.returned_at.map(fmt).unwrap_or_default(),
                row.delivery_method.clone(),
                row.signed_by.clone(),
            ]
        })
        .collect();
    let qs = format!("unit={}&from={}&to={}", r.unit.0, r.from, r.to);
    let page = LogbookPage {
        page: chrome(
            o.prefs,
            "/office/logbook",
            lang.pick("Sổ theo dõi hồ sơ", "Dossier logbook"),
            Some(&o),
        ),
        css: office_css(),
        units: book_units(&office, &o),
        unit: r.unit.0,
        from: r.from.to_string(),
        to: r.to.to_string(),
        export: format!("/office/logbook/export?{qs}"),
        total: book.rows.len(),
        rows,
    };
    motcua_ui::render(&page)
}

pub async fn logbook_export(
    State(office): State<Office>,
    o: Officer,
    Query(q): Query<LogbookQuery>,
) -> Response {
    let lang = o.prefs.lang;
    let r = range(&office, &o, &q);
    let book = match entries(&office, &o, &r).await {
        Ok(b) => b,
        Err(e) => return error_page(lang, &e),
    };
    let name = format!("so-theo-doi-{}-{}-{}", r.unit.0, r.from, r.to);
    if q.format == "csv" {
        return download(
            book.to_csv().into_bytes(),
            "text/csv; charset=utf-8",
            &format!("{name}.csv"),
            false,
        );
    }
    let n = office.numbering().clone();
    match tokio::task::spawn_blocking(move || book.render_with(&n)).await {
        Ok(Ok(pdf)) => download(pdf, "application/pdf", &format!("{name}.pdf"), true),
        Ok(Err(e)) => error_page(lang, &e.into()),
        Err(e) => error_page(lang, &OfficeError::internal("logbook", e)),
    }
}
