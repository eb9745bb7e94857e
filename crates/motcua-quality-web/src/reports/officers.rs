//! Officers' results (`/office/quality/officers`, issue #6 §7): per officer and the unit they
//! acted for, over a quarter (or any period): dossiers handled, on-time share, satisfaction,
//! dissatisfied ratings, feedback about them. The rules are the domain's (`quality::officers`);
//! the CSV is the domain's `to_csv` (with the byte-order mark Excel needs).

use askama::Template;
use axum::extract::{Query, State};
use motcua_domain::quality::officers::{OfficerRow, to_csv};
use motcua_ui::{Chrome, Lang};

use super::{ReportQuery, choose_unit};
use crate::export::{self, Cell, Format, Table};
use crate::index::dec;
use crate::page::{Fail, PageResult, office_chrome};
use crate::params::{self, Picker};
use crate::state::Quality;
use crate::who::Officer;

pub struct RowView {
    name: String,
    unit: String,
    handled: u64,
    ended: u64,
    on_time: u64,
    share: String,
    ratings: u64,
    satisfaction: String,
    dissatisfied: u64,
    feedback: u64,
}

#[derive(Template)]
#[template(path = "quality/officers.html")]
struct Page {
    page: Chrome,
    css: &'static str,
    units: Vec<(String, String)>,
    picker: Picker,
    months: Vec<u8>,
    quarters: Vec<u8>,
    error: Option<String>,
    shown: bool,
    heading: String,
    rows: Vec<RowView>,
    export_base: String,
}

fn pct(lang: Lang, d: Option<motcua_domain::quality::Decimal2>) -> String {
    d.map(|d| format!("{} %", dec(lang, d)))
        .unwrap_or_else(|| "–".into())
}

fn views(q: &Quality, lang: Lang, rows: &[OfficerRow]) -> Vec<RowView> {
    rows.iter()
        .map(|r| RowView {
            name: r.name.clone(),
            unit: q.store().unit_name(r.unit),
            handled: r.dossiers_handled,
            ended: r.dossiers_ended,
            on_time: r.ended_on_time,
            share: pct(lang, r.on_time_share),
            ratings: r.ratings,
            satisfaction: pct(lang, r.satisfaction),
            dissatisfied: r.rated_dissatisfied,
            feedback: r.feedback_received,
        })
        .collect()
}

/// `GET /office/quality/officers?unit=&period=quarter&year=&quarter=`.
pub async fn page(
    State(q): State<Quality>,
    o: Officer,
    Query(rq): Query<ReportQuery>,
) -> PageResult {
    let lang = o.lang();
    let rq = super::quarterly(rq);
    let c = choose_unit(&q, &o, &rq).await?;
    let mut t = Page {
        page: office_chrome(
            &o,
            lang.pick("Kết quả giải quyết của cán bộ", "Officers' results"),
        ),
        css: crate::page::css(),
        units: c
            .units
            .iter()
            .map(|u| (u.code.as_str().to_string(), u.name.clone()))
            .collect(),
        picker: rq.picker.clone(),
        months: (1..=12).collect(),
        quarters: (1..=4).collect(),
        error: c.period.as_ref().err().cloned(),
        shown: false,
        heading: String::new(),
        rows: Vec::new(),
        export_base: String::new(),
    };
    let Ok(period) = c.period else {
        return Ok(motcua_ui::render_status(
            axum::http::StatusCode::UNPROCESSABLE_ENTITY,
            &t,
        ));
    };
    let rows = q
        .store()
        .officers_report(o.actor(), c.unit.id, period)
        .await
        .map_err(|e| Fail::store(lang, e))?;
    t.picker = params::filled(c.unit.code.as_str(), &period);
    t.shown = true;
    t.heading = format!("{} · {}", c.unit.name, params::label(lang, &period));
    t.rows = views(&q, lang, &rows);
    t.export_base = format!(
        "/office/quality/officers/export?{}",
        params::query(c.unit.code.as_str(), &period)
    );
    Ok(motcua_ui::render(&t))
}

/// `GET /office/quality/officers/export?…&format=csv|xlsx`.
pub async fn export(
    State(q): State<Quality>,
    o: Officer,
    Query(rq): Query<ReportQuery>,
) -> PageResult {
    let lang = o.lang();
    let format = Format::parse(&rq.format).ok_or_else(|| Fail::not_found(lang))?;
    let rq = super::quarterly(rq);
    let c = choose_unit(&q, &o, &rq).await?;
    let period = c.period.map_err(|_| Fail::not_found(lang))?;
    let rows = q
        .store()
        .officers_report(o.actor(), c.unit.id, period)
        .await
        .map_err(|e| Fail::store(lang, e))?;
    let stem = format!(
        "ket-qua-can-bo-{}-{}-{}",
        c.unit.code.as_str(),
        period.from,
        period.to
    );
    if format == Format::Csv {
        let csv = format!("\u{feff}{}", to_csv(&rows, lang));
        return Ok(export::download(csv.into_bytes(), Format::Csv, &stem));
    }
    let mut t = Table::new(
        format!(
            "{} {}",
            lang.pick("Cán bộ", "Officers"),
            c.unit.code.as_str()
        ),
        &[
            lang.pick("Họ tên", "Name"),
            lang.pick("Đơn vị", "Unit"),
            lang.pick("Hồ sơ đã xử lý", "Dossiers handled"),
            lang.pick("Hồ sơ kết thúc", "Dossiers ended"),
            lang.pick("Đúng hạn", "On time"),
            lang.pick("Tỷ lệ đúng hạn (%)", "On-time share (%)"),
            lang.pick("Lượt đánh giá", "Ratings"),
            lang.pick("Mức hài lòng (%)", "Satisfaction (%)"),
            lang.pick("Không hài lòng", "Rated dissatisfied"),
            lang.pick("Phản ánh, kiến nghị", "Feedback received"),
        ],
    );
    for r in &rows {
        t.push(vec![
            r.name.clone().into(),
            q.store().unit_name(r.unit).into(),
            Cell::Int(r.dossiers_handled),
            Cell::Int(r.dossiers_ended),
            Cell::Int(r.ended_on_time),
            r.on_time_share.into(),
            Cell::Int(r.ratings),
            r.satisfaction.into(),
            Cell::Int(r.rated_dissatisfied),
            Cell::Int(r.feedback_received),
        ]);
    }
    Ok(export::respond(&[&t], format, &stem))
}
