//! Where the time goes (`/office/quality/bottleneck`, issue #6 §6): for a procedure (or all),
//! a period and a unit's tree, the working time of each internal step and unit (median and
//! p90, exact nearest-rank), the time waiting for the citizen, rework loops, and the share of
//! late dossiers each step explains — as a step-by-step bar chart drawn on the server, with the
//! same figures in a table. The analysis is the domain's (`quality::bottleneck`).

use askama::Template;
use axum::extract::{Query, State};
use motcua_domain::ids::ProcedureCode;
use motcua_domain::quality::bottleneck::BottleneckReport;
use motcua_store::store::UnitInfo;
use motcua_ui::{Chrome, Lang};

use super::{ReportQuery, choose_unit, days};
use crate::charts::{self, BarRow};
use crate::export::{self, Cell, Format, Table};
use crate::index::dec;
use crate::page::{Fail, PageResult, office_chrome};
use crate::params::{self, Picker};
use crate::state::Quality;
use crate::who::Officer;

pub struct StepView {
    step: String,
    unit: String,
    count: u64,
    median: String,
    p90: String,
    mean: String,
    max: String,
    overran: u64,
    blamed: u64,
    share: String,
}

#[derive(Template)]
#[template(path = "quality/bottleneck.html")]
struct Page {
    page: Chrome,
    css: &'static str,
    units: Vec<(String, String)>,
    picker: Picker,
    procedure: String,
    procedures: Vec<(String, String)>,
    months: Vec<u8>,
    quarters: Vec<u8>,
    error: Option<String>,
    shown: bool,
    heading: String,
    summary: Vec<(&'static str, String)>,
    chart: String,
    steps: Vec<StepView>,
    per_unit: Vec<(String, u64, String, String)>,
    export_base: String,
}

/// Rows in the procedure's own step order when one is chosen (a step-by-step picture), else by
/// name; then by unit.
fn ordered(q: &Quality, r: &BottleneckReport, procedure: Option<&ProcedureCode>) -> Vec<usize> {
    let order: Vec<String> = procedure
        .and_then(|c| q.store().procedure(c))
        .map(|p| {
            p.version
                .internal_steps
                .iter()
                .map(|s| s.name_vi.clone())
                .collect()
        })
        .unwrap_or_default();
    let mut idx: Vec<usize> = (0..r.steps.len()).collect();
    idx.sort_by_key(|i| {
        let s = &r.steps[*i];
        (
            order
                .iter()
                .position(|n| *n == s.step)
                .unwrap_or(usize::MAX),
            s.step.clone(),
            s.unit,
        )
    });
    idx
}

fn step_views(q: &Quality, lang: Lang, r: &BottleneckReport, order: &[usize]) -> Vec<StepView> {
    order
        .iter()
        .map(|i| {
            let s = &r.steps[*i];
            StepView {
                step: s.step.clone(),
                unit: q.store().unit_name(s.unit),
                count: s.minutes.count,
                median: days(lang, s.minutes.median),
                p90: days(lang, s.minutes.p90),
                mean: days(lang, s.minutes.mean),
                max: days(lang, s.minutes.max),
                overran: s.overran,
                blamed: s.blamed,
                share: s
                    .late_share
                    .map(|d| format!("{} %", dec(lang, d)))
                    .unwrap_or_else(|| "–".into()),
            }
        })
        .collect()
}

fn parse_procedure(lang: Lang, s: &str) -> Result<Option<ProcedureCode>, String> {
    if s.trim().is_empty() {
        return Ok(None);
    }
    ProcedureCode::parse(s.trim()).map(Some).map_err(|_| {
        lang.pick(
            "Mã thủ tục không hợp lệ (ví dụ 1.001193).",
            "The procedure code is not valid (e.g. 1.001193).",
        )
        .into()
    })
}

/// `GET /office/quality/bottleneck?unit=&period=…&procedure=`.
pub async fn page(
    State(q): State<Quality>,
    o: Officer,
    Query(rq): Query<ReportQuery>,
) -> PageResult {
    let lang = o.lang();
    let rq = super::quarterly(rq);
    let c = choose_unit(&q, &o, &rq).await?;
    let procedure = parse_procedure(lang, &rq.procedure);
    let mut t = Page {
        page: office_chrome(
            &o,
            lang.pick("Thời gian đi đâu: điểm nghẽn", "Where the time goes"),
        ),
        css: crate::page::css(),
        units: c
            .units
            .iter()
            .map(|u| (u.code.as_str().to_string(), u.name.clone()))
            .collect(),
        picker: rq.picker.clone(),
        procedure: rq.procedure.trim().to_string(),
        procedures: q
            .store()
            .procedures()
            .iter()
            .map(|p| {
                (
                    p.version.code.as_str().to_string(),
                    p.version.name_vi.clone(),
                )
            })
            .collect(),
        months: (1..=12).collect(),
        quarters: (1..=4).collect(),
        error: c
            .period
            .as_ref()
            .err()
            .cloned()
            .or(procedure.as_ref().err().cloned()),
        shown: false,
        heading: String::new(),
        summary: Vec::new(),
        chart: String::new(),
        steps: Vec::new(),
        per_unit: Vec::new(),
        export_base: String::new(),
    };
    let (Ok(period), Ok(procedure)) = (c.period, procedure) else {
        return Ok(motcua_ui::render_status(
            axum::http::StatusCode::UNPROCESSABLE_ENTITY,
            &t,
        ));
    };
    let r = q
        .store()
        .bottleneck_report(o.actor(), c.unit.id, procedure.clone(), period)
        .await
        .map_err(|e| Fail::store(lang, e))?;
    t.picker = params::filled(c.unit.code.as_str(), &period);
    t.shown = true;
    t.heading = format!(
        "{} · {} · {}",
        procedure
            .as_ref()
            .and_then(|p| q.store().procedure(p))
            .map(|p| format!("{} {}", p.version.code.as_str(), p.version.name_vi))
            .unwrap_or_else(|| lang.pick("Mọi thủ tục", "All procedures").into()),
        c.unit.name,
        params::label(lang, &period)
    );
    t.summary = summary(lang, &r);
    let order = ordered(&q, &r, procedure.as_ref());
    t.steps = step_views(&q, lang, &r, &order);
    let rows: Vec<BarRow> = order
        .iter()
        .map(|i| {
            let s = &r.steps[*i];
            let m = s.minutes.median.unwrap_or(0) as f64;
            let p = s.minutes.p90.unwrap_or(0) as f64;
            BarRow {
                label: format!("{} — {}", s.step, q.store().unit_name(s.unit)),
                values: vec![
                    (
                        m,
                        format!(
                            "{} {}",
                            days(lang, s.minutes.median),
                            lang.pick("ngày", "days")
                        ),
                    ),
                    (
                        p,
                        format!(
                            "{} {}",
                            days(lang, s.minutes.p90),
                            lang.pick("ngày", "days")
                        ),
                    ),
                ],
            }
        })
        .collect();
    t.chart = charts::bars(
        "steps",
        lang.pick(
            "Thời gian làm việc của từng bước",
            "Working time of each step",
        ),
        &t.steps
            .iter()
            .map(|s| {
                format!(
                    "{} ({}): {} {} / p90 {}",
                    s.step,
                    s.unit,
                    lang.pick("trung vị", "median"),
                    s.median,
                    s.p90
                )
            })
            .collect::<Vec<_>>()
            .join("; "),
        &[
            lang.pick("Trung vị (ngày làm việc)", "Median (working days)"),
            lang.pick("P90 (ngày làm việc)", "90th percentile (working days)"),
        ],
        &rows,
    );
    t.per_unit = r
        .units
        .iter()
        .map(|u| {
            (
                q.store().unit_name(u.unit),
                u.minutes.count,
                days(lang, u.minutes.median),
                days(lang, u.minutes.p90),
            )
        })
        .collect();
    t.export_base = format!(
        "/office/quality/bottleneck/export?{}&procedure={}",
        params::query(c.unit.code.as_str(), &period),
        t.procedure
    );
    Ok(motcua_ui::render(&t))
}

fn summary(lang: Lang, r: &BottleneckReport) -> Vec<(&'static str, String)> {
    vec![
        (lang.pick("Hồ sơ kết thúc trong kỳ", "Dossiers ended in the period"), r.dossiers.to_string()),
        (lang.pick("Trong đó quá hạn", "Of which late"), r.late.to_string()),
        (lang.pick("Quá hạn không do bước nào vượt thời gian (thời gian các bước cộng lại dài hơn luật)", "Late with no step over its time (the steps' times add up to more than the law allows)"), r.late_unexplained.to_string()),
        (lang.pick("Chờ người dân bổ sung (trung vị / p90, ngày làm việc)", "Waiting for the applicant (median / p90, working days)"), format!("{} / {} ({} {})", days(lang, r.waiting.median), days(lang, r.waiting.p90), r.waiting.count, lang.pick("hồ sơ", "dossiers"))),
        (lang.pick("Hồ sơ phải làm lại (bổ sung hoặc trả lại)", "Dossiers with rework (supplement or send-back)"), r.with_rework.to_string()),
        (lang.pick("Lần yêu cầu bổ sung", "Supplement requests"), r.supplement_requests.to_string()),
        (lang.pick("Lần trả lại để làm lại", "Send-backs"), r.sent_back.to_string()),
        (lang.pick("Lần chuyển liên thông", "Transfers between units"), r.transfers.to_string()),
    ]
}

fn tables(
    q: &Quality,
    lang: Lang,
    unit: &UnitInfo,
    r: &BottleneckReport,
    order: &[usize],
) -> (Table, Table) {
    let mut steps = Table::new(
        format!("{} {}", lang.pick("Các bước", "Steps"), unit.code.as_str()),
        &[
            lang.pick("Bước", "Step"),
            lang.pick("Đơn vị", "Unit"),
            lang.pick("Số hồ sơ", "Dossiers"),
            lang.pick("Trung vị (ngày)", "Median (days)"),
            lang.pick("P90 (ngày)", "P90 (days)"),
            lang.pick("Trung bình (ngày)", "Mean (days)"),
            lang.pick("Lâu nhất (ngày)", "Max (days)"),
            lang.pick("Vượt thời gian", "Over its time"),
            lang.pick("Gây quá hạn", "Blamed for lateness"),
            lang.pick(
                "Tỷ lệ hồ sơ quá hạn do bước (%)",
                "Share of late dossiers (%)",
            ),
        ],
    );
    for v in step_views(q, lang, r, order) {
        steps.push(vec![
            v.step.into(),
            v.unit.into(),
            Cell::Int(v.count),
            v.median.into(),
            v.p90.into(),
            v.mean.into(),
            v.max.into(),
            Cell::Int(v.overran),
            Cell::Int(v.blamed),
            v.share.into(),
        ]);
    }
    let mut units = Table::new(
        lang.pick("Đơn vị", "Units"),
        &[
            lang.pick("Đơn vị", "Unit"),
            lang.pick("Số hồ sơ", "Dossiers"),
            lang.pick("Trung vị (ngày)", "Median (days)"),
            lang.pick("P90 (ngày)", "P90 (days)"),
        ],
    );
    for u in &r.units {
        units.push(vec![
            q.store().unit_name(u.unit).into(),
            Cell::Int(u.minutes.count),
            days(lang, u.minutes.median).into(),
            days(lang, u.minutes.p90).into(),
        ]);
    }
    (steps, units)
}

/// `GET /office/quality/bottleneck/export?…&format=csv|xlsx` (CSV: the steps; XLSX: steps,
/// units and the summary).
pub async fn export(
    State(q): State<Quality>,
    o: Officer,
    Query(rq): Query<ReportQuery>,
) -> PageResult {
    let lang = o.lang();
    let format = Format::parse(&rq.format).ok_or_else(|| Fail::not_found(lang))?;
    let rq = super::quarterly(rq);
    let c = choose_unit(&q, &o, &rq).await?;
    let (Ok(period), Ok(procedure)) = (c.period, parse_procedure(lang, &rq.procedure)) else {
        return Err(Fail::not_found(lang));
    };
    let r = q
        .store()
        .bottleneck_report(o.actor(), c.unit.id, procedure.clone(), period)
        .await
        .map_err(|e| Fail::store(lang, e))?;
    let order = ordered(&q, &r, procedure.as_ref());
    let (steps, units) = tables(&q, lang, &c.unit, &r, &order);
    let mut sum = Table::new(
        lang.pick("Tổng hợp", "Summary"),
        &[
            lang.pick("Chỉ tiêu", "Figure"),
            lang.pick("Giá trị", "Value"),
        ],
    );
    for (k, v) in summary(lang, &r) {
        sum.push(vec![k.into(), v.into()]);
    }
    Ok(export::respond(
        &[&steps, &units, &sum],
        format,
        &format!(
            "diem-nghen-{}-{}-{}",
            c.unit.code.as_str(),
            period.from,
            period.to
        ),
    ))
}
