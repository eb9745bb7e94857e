//! The list behind a number of the dashboard (`/office/quality/list`): "overdue 12" opens those
//! 12 dossiers. The store reads the same facts the index counts (`indicator_list`), so the
//! total shown here is the number that was clicked; the page says so. Officers of the unit
//! only (404 for any other unit).

use askama::Template;
use axum::extract::{Query, State};
use motcua_domain::quality::Period;
use motcua_store::store::UnitInfo;
use motcua_store::store::quality::{IndicatorItems, IndicatorList, IndicatorPart};
use motcua_ui::i18n::{moment, short_date};
use motcua_ui::{Chrome, Lang};
use serde::Deserialize;

use super::{choose, officer_units, today};
use crate::export::{self, Cell, Format, Table};
use crate::labels;
use crate::page::{Fail, PageResult, office_chrome};
use crate::params::{self, Picker};
use crate::state::Quality;
use crate::who::Officer;

const PER_PAGE: u32 = 50;
/// An export reads the list in pages of 500, up to this many rows.
const EXPORT_MAX: u64 = 20_000;

/// The parts that have a list, as the store defines them (a link is only drawn where a list
/// exists).
fn has_list(indicator: &str, part: &str) -> bool {
    matches!(
        (indicator, part),
        (
            "1.3" | "3.1" | "3.2" | "2.1" | "3.3" | "4.1" | "4.2" | "4.3" | "4.4",
            "numerator" | "denominator"
        ) | ("5.1" | "5.2" | "5.3", "numerator" | "denominator")
            | ("2.2", "denominator")
            | (
                "2.1",
                "side:finished_on_time"
                    | "side:finished_late"
                    | "side:open_within_time"
                    | "side:open_overdue"
            )
            | ("3.1", "side:full_online")
            | ("3.3", "side:desk" | "side:post")
            | ("5.1", "side:about_conduct")
            | ("5.4", "side:overdue" | "side:dissatisfied")
    )
}

/// The address of a part's list, for the dashboard.
pub fn href(base: &str, indicator: &str, part: &str) -> Option<String> {
    has_list(indicator, part).then(|| {
        let q: String = form_urlencoded::Serializer::new(String::new())
            .append_pair("indicator", indicator)
            .append_pair("part", part)
            .finish();
        format!("{base}&{q}")
    })
}

fn parse_part(s: &str) -> Option<IndicatorPart> {
    match s {
        "numerator" => Some(IndicatorPart::Numerator),
        "denominator" => Some(IndicatorPart::Denominator),
        _ => s
            .strip_prefix("side:")
            .filter(|id| !id.is_empty())
            .map(|id| IndicatorPart::Side(id.to_string())),
    }
}

#[derive(Debug, Default, Deserialize)]
pub struct ListQuery {
    #[serde(flatten)]
    picker: Picker,
    #[serde(default)]
    indicator: String,
    #[serde(default)]
    part: String,
    #[serde(default)]
    page: Option<u32>,
    #[serde(default)]
    format: String,
}

pub struct Row {
    cells: Vec<String>,
    href: String,
    due_class: &'static str,
}

#[derive(Template)]
#[template(path = "quality/list.html")]
struct ListPage {
    page: Chrome,
    css: &'static str,
    heading: String,
    what: String,
    total: u64,
    noun: &'static str,
    back: String,
    export_base: String,
    headers: Vec<&'static str>,
    rows: Vec<Row>,
    prev: Option<String>,
    next: Option<String>,
    page_text: String,
}

/// The indicator's name and the part's name from the index report.
async fn describe(
    q: &Quality,
    lang: Lang,
    unit: &UnitInfo,
    period: Period,
    indicator: &str,
    part: &str,
) -> (String, String) {
    let Ok(r) = q.store().index766(unit.id, period).await else {
        return (indicator.to_string(), part.to_string());
    };
    let Some(i) = r.indicator(indicator) else {
        return (indicator.to_string(), part.to_string());
    };
    let name = format!("{} {}", i.id, lang.pick(&i.name_vi, &i.name_en));
    let what = match part {
        "numerator" => lang.pick("Tử số", "Numerator").to_string(),
        "denominator" => lang.pick("Mẫu số", "Denominator").to_string(),
        s => {
            let id = s.strip_prefix("side:").unwrap_or(s);
            i.details
                .iter()
                .find(|d| d.id == id)
                .map(|d| lang.pick(&d.label_vi, &d.label_en).to_string())
                .unwrap_or_else(|| id.to_string())
        }
    };
    (name, what)
}

struct Resolved {
    unit: UnitInfo,
    period: Period,
    part: IndicatorPart,
}

async fn resolve(q: &Quality, o: &Officer, lq: &ListQuery) -> Result<Resolved, Fail> {
    let lang = o.lang();
    let units = officer_units(q, o).await;
    let unit = choose(&units, &lq.picker.unit)
        .map_err(|()| Fail::not_found(lang))?
        .clone();
    let period = params::period(&lq.picker, today(q), lang).map_err(|_| Fail::not_found(lang))?;
    let part = parse_part(&lq.part)
        .filter(|_| has_list(&lq.indicator, &lq.part))
        .ok_or_else(|| Fail::not_found(lang))?;
    Ok(Resolved { unit, period, part })
}

fn headers(lang: Lang, items: &IndicatorItems) -> (Vec<&'static str>, &'static str) {
    match items {
        IndicatorItems::Dossiers(_) => (
            vec![
                lang.pick("Mã hồ sơ", "Dossier"),
                lang.pick("Người nộp", "Applicant"),
                lang.pick("Thủ tục", "Procedure"),
                lang.pick("Trạng thái", "Status"),
                lang.pick("Tiếp nhận", "Received"),
                lang.pick("Hạn trả", "Due"),
                lang.pick("Thời hạn", "Deadline"),
            ],
            lang.pick("hồ sơ", "dossiers"),
        ),
        IndicatorItems::Feedback(_) => (
            vec![
                lang.pick("Mã phản ánh", "Feedback"),
                lang.pick("Tiêu đề", "Title"),
                lang.pick("Đơn vị", "Unit"),
                lang.pick("Trạng thái", "Status"),
                lang.pick("Gửi lúc", "Submitted"),
                lang.pick("Hạn xử lý", "Due"),
                lang.pick("Thời hạn", "Deadline"),
            ],
            lang.pick("phản ánh", "feedback items"),
        ),
        IndicatorItems::Procedures(_) => (
            vec![
                lang.pick("Mã thủ tục", "Code"),
                lang.pick("Tên thủ tục", "Name"),
            ],
            lang.pick("thủ tục", "procedures"),
        ),
    }
}

fn rows(lang: Lang, items: &IndicatorItems) -> Vec<Row> {
    match items {
        IndicatorItems::Dossiers(list) => list
            .iter()
            .map(|d| {
                let (class, words) = labels::due(lang, d.due_state);
                Row {
                    href: format!("/office/dossiers/{}", d.code),
                    due_class: class,
                    cells: vec![
                        d.code.to_string(),
                        d.applicant_name.clone(),
                        d.procedure_name.clone(),
                        labels::dossier_status(lang, d.status).into(),
                        d.received_at.map(short_date).unwrap_or_default(),
                        d.due_at.map(|t| moment(lang, t)).unwrap_or_default(),
                        words.into(),
                    ],
                }
            })
            .collect(),
        IndicatorItems::Feedback(list) => list
            .iter()
            .map(|f| {
                let (class, words) = labels::open_state(lang, f.open_state);
                Row {
                    href: format!("/office/feedback/{}", f.code),
                    due_class: class,
                    cells: vec![
                        f.code.clone(),
                        f.title.clone(),
                        f.unit_name.clone(),
                        labels::feedback_status(lang, f.status).into(),
                        short_date(f.submitted_at),
                        f.due_at.map(|t| moment(lang, t)).unwrap_or_default(),
                        words.into(),
                    ],
                }
            })
            .collect(),
        IndicatorItems::Procedures(list) => list
            .iter()
            .map(|p| Row {
                href: format!("/thu-tuc/{}", p.code.as_str()),
                due_class: "",
                cells: vec![p.code.as_str().to_string(), p.name.clone()],
            })
            .collect(),
    }
}

/// `GET /office/quality/list?unit=&period=…&indicator=2.1&part=side:open_overdue&page=`.
pub async fn list_page(
    State(q): State<Quality>,
    o: Officer,
    Query(lq): Query<ListQuery>,
) -> PageResult {
    let lang = o.lang();
    let r = resolve(&q, &o, &lq).await?;
    let page = lq.page.unwrap_or(1).max(1);
    let list: IndicatorList = q
        .store()
        .indicator_list(
            o.actor(),
            r.unit.id,
            r.period,
            &lq.indicator,
            r.part.clone(),
            page,
            PER_PAGE,
        )
        .await
        .map_err(|e| Fail::store(lang, e))?;
    let (name, what) = describe(&q, lang, &r.unit, r.period, &lq.indicator, &lq.part).await;
    let (headers, noun) = headers(lang, &list.items);
    let base = params::query(r.unit.code.as_str(), &r.period);
    let here = |p: u32| {
        let extra: String = form_urlencoded::Serializer::new(String::new())
            .append_pair("indicator", &lq.indicator)
            .append_pair("part", &lq.part)
            .append_pair("page", &p.to_string())
            .finish();
        format!("/office/quality/list?{base}&{extra}")
    };
    let pages = list.total.div_ceil(u64::from(PER_PAGE)).max(1) as u32;
    let t = ListPage {
        page: office_chrome(&o, format!("{name} — {what}")),
        css: crate::page::css(),
        heading: name,
        what: format!(
            "{what} · {} · {}",
            r.unit.name,
            params::label(lang, &r.period)
        ),
        total: list.total,
        noun,
        back: format!("/office/quality?{base}#ind-{}", lq.indicator),
        export_base: {
            let extra: String = form_urlencoded::Serializer::new(String::new())
                .append_pair("indicator", &lq.indicator)
                .append_pair("part", &lq.part)
                .finish();
            format!("/office/quality/list/export?{base}&{extra}")
        },
        headers,
        rows: rows(lang, &list.items),
        prev: (page > 1).then(|| here(page - 1)),
        next: (page < pages).then(|| here(page + 1)),
        page_text: format!("{} {page}/{pages}", lang.pick("Trang", "Page")),
    };
    Ok(motcua_ui::render(&t))
}

/// `GET /office/quality/list/export?…&format=csv|xlsx`: the whole list (up to 20,000 rows).
pub async fn list_export(
    State(q): State<Quality>,
    o: Officer,
    Query(lq): Query<ListQuery>,
) -> PageResult {
    let lang = o.lang();
    let format = Format::parse(&lq.format).ok_or_else(|| Fail::not_found(lang))?;
    let r = resolve(&q, &o, &lq).await?;
    let mut table: Option<Table> = None;
    let mut page = 1;
    loop {
        let list = q
            .store()
            .indicator_list(
                o.actor(),
                r.unit.id,
                r.period,
                &lq.indicator,
                r.part.clone(),
                page,
                500,
            )
            .await
            .map_err(|e| Fail::store(lang, e))?;
        let t = table.get_or_insert_with(|| {
            let (h, _) = headers(lang, &list.items);
            Table::new(
                format!("{} {}", lq.indicator, lq.part.replace(':', " ")),
                &h,
            )
        });
        let got = rows(lang, &list.items);
        let n = got.len();
        for row in got {
            t.push(row.cells.into_iter().map(Cell::from).collect());
        }
        let done = u64::from(page) * 500;
        if n == 0 || done >= list.total || done >= EXPORT_MAX {
            break;
        }
        page += 1;
    }
    let t = table.unwrap_or_default();
    Ok(export::respond(
        &[&t],
        format,
        &format!(
            "danh-sach-{}-{}-{}-{}",
            lq.indicator.replace('.', "-"),
            lq.part.replace(':', "-"),
            r.unit.code.as_str(),
            r.period.from
        ),
    ))
}
