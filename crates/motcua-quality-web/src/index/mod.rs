//! The Decision 766 index pages (issue #6 §4–5): the leader's dashboard (`/office/quality`,
//! numbers are links to the lists behind them), the public page (`/chi-so-766`, the same figures
//! without links and without personal data: the law wants results published), and their
//! CSV / XLSX exports. Figures come from the store (`index766`, `unit_ranking`); the rules of
//! the index from the domain (`index766::compute`).

mod lists;
mod view;

pub use lists::{list_export, list_page};

use askama::Template;
use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::response::Response;
use jiff::civil::Date;
use motcua_domain::quality::Period;
use motcua_domain::quality::index766::IndexReport;
use motcua_domain::quality::satisfaction::RatingChannel;
use motcua_store::store::UnitInfo;
use motcua_store::store::quality::{RankingRow, SatisfactionSummary};
use motcua_ui::{Chrome, Lang};

use crate::charts::{self, Point};
use crate::export::{self, Format};
use crate::page::{Fail, PageResult, office_chrome, public_chrome};
use crate::params::{self, Picker};
use crate::state::Quality;
use crate::who::{Ctx, Officer};
use view::IndexView;
pub use view::dec;

pub struct TrendRow {
    label: String,
    total: String,
    on_time: String,
    counted: String,
}

pub struct RankRow {
    rank: usize,
    name: String,
    href: Option<String>,
    total: String,
    measured_max: String,
    on_time: String,
    current: bool,
}

#[derive(Template)]
#[template(path = "quality/index.html")]
struct IndexPage {
    page: Chrome,
    css: &'static str,
    heading: String,
    intro: String,
    action: &'static str,
    units: Vec<(String, String)>,
    picker: Picker,
    months: Vec<u8>,
    quarters: Vec<u8>,
    error: Option<String>,
    view: Option<IndexView>,
    links: bool,
    unit_name: String,
    period_label: String,
    export_base: String,
    trend_svg: String,
    trend: Vec<TrendRow>,
    ranking_heading: String,
    ranking: Vec<RankRow>,
    satisfaction: Option<Satisfaction>,
}

/// Ratings given in the period (portal, kiosk, paper): aggregate figures, no names.
pub struct Satisfaction {
    summary: String,
    points: String,
    criteria: Vec<(String, u64, u64, u64)>,
}

/// What an index page shows, read from the store.
struct Figures {
    report: IndexReport,
    trend: Vec<(Period, std::sync::Arc<IndexReport>)>,
    ranking: Vec<RankingRow>,
    /// Whose children are ranked.
    ranked_under: Option<UnitInfo>,
    satisfaction: SatisfactionSummary,
}

async fn figures(
    q: &Quality,
    lang: Lang,
    unit: &UnitInfo,
    period: Period,
) -> Result<Figures, Fail> {
    let store = q.store();
    let report = store
        .index766(unit.id, period)
        .await
        .map_err(|e| Fail::store(lang, e))?;
    let mut trend = Vec::new();
    let day = today(q);
    for m in params::trend_months(&period, day) {
        let r = q
            .past_index(unit.id, m, day)
            .await
            .map_err(|e| Fail::store(lang, e))?;
        trend.push((m, r));
    }
    // The units under this one; a commune (no children) is ranked among its siblings: the
    // figures are public anyway.
    let mut ranked_under = Some(unit.clone());
    let mut ranking = store
        .unit_ranking(unit.id, period)
        .await
        .map_err(|e| Fail::store(lang, e))?;
    if ranking.is_empty()
        && let Some(p) = unit.parent
    {
        ranked_under = store.unit(p).await.ok();
        ranking = store
            .unit_ranking(p, period)
            .await
            .map_err(|e| Fail::store(lang, e))?;
    }
    let satisfaction = store
        .satisfaction_summary(unit.id, period)
        .await
        .map_err(|e| Fail::store(lang, e))?;
    Ok(Figures {
        report,
        trend,
        ranking,
        ranked_under,
        satisfaction,
    })
}

fn on_time_of(lang: Lang, r: &IndexReport) -> (String, String) {
    r.indicator("2.1")
        .map(|i| {
            (
                i.ratio
                    .map(|v| format!("{} %", dec(lang, v)))
                    .unwrap_or_else(|| "–".into()),
                i.denominator.map(|d| d.to_string()).unwrap_or_default(),
            )
        })
        .unwrap_or_default()
}

/// Everything of the page but the frame and the links.
struct Parts<'a> {
    lang: Lang,
    action: &'static str,
    units: Vec<(String, String)>,
    unit: Option<&'a UnitInfo>,
    picker: Picker,
    period: Result<Period, String>,
    figures: Option<Figures>,
    links: bool,
}

fn page(chrome: Chrome, heading: String, intro: String, p: Parts<'_>) -> Response {
    let lang = p.lang;
    let mut t = IndexPage {
        page: chrome,
        css: crate::page::css(),
        heading,
        intro,
        action: p.action,
        units: p.units,
        picker: p.picker,
        months: (1..=12).collect(),
        quarters: (1..=4).collect(),
        error: p.period.as_ref().err().cloned(),
        view: None,
        links: p.links,
        unit_name: p.unit.map(|u| u.name.clone()).unwrap_or_default(),
        period_label: String::new(),
        export_base: String::new(),
        trend_svg: String::new(),
        trend: Vec::new(),
        ranking_heading: String::new(),
        ranking: Vec::new(),
        satisfaction: None,
    };
    let (Ok(period), Some(unit), Some(f)) = (p.period, p.unit, p.figures) else {
        let status = if t.error.is_some() {
            StatusCode::UNPROCESSABLE_ENTITY
        } else {
            StatusCode::OK
        };
        return motcua_ui::render_status(status, &t);
    };
    let code = unit.code.as_str();
    let q = params::query(code, &period);
    let list_base = format!("/office/quality/list?{q}");
    let linker = |id: &str, part: &str| lists::href(&list_base, id, part);
    t.view = Some(view::view(
        lang,
        &f.report,
        if p.links { Some(&linker) } else { None },
    ));
    t.period_label = params::label(lang, &period);
    t.export_base = format!("{}/export?{q}", p.action);
    let points: Vec<Point> = f
        .trend
        .iter()
        .map(|(m, r)| Point {
            label: format!("{:02}/{:02}", m.from.month(), m.from.year() % 100),
            value: Some(r.total.as_f64()),
            text: dec(lang, r.total),
        })
        .collect();
    t.trend_svg = charts::columns(
        "trend",
        lang.pick(
            "Tổng điểm chỉ số 766 theo tháng",
            "766 index total per month",
        ),
        &format!(
            "{} {}: {}",
            lang.pick("12 tháng đến", "12 months up to"),
            t.period_label,
            points
                .iter()
                .map(|p| format!("{} {}", p.label, p.text))
                .collect::<Vec<_>>()
                .join("; ")
        ),
        &points,
        f.report.max.as_f64(),
    );
    t.trend = f
        .trend
        .iter()
        .map(|(m, r)| {
            let (on_time, counted) = on_time_of(lang, r);
            TrendRow {
                label: params::label(lang, m),
                total: dec(lang, r.total),
                on_time,
                counted,
            }
        })
        .collect();
    if let Some(parent) = &f.ranked_under {
        t.ranking_heading = format!(
            "{} {}",
            lang.pick("Xếp hạng các đơn vị thuộc", "Ranking of the units of"),
            parent.name
        );
    }
    let pickable: Vec<&str> = t.units.iter().map(|u| u.0.as_str()).collect();
    t.ranking = f
        .ranking
        .iter()
        .enumerate()
        .map(|(i, r)| {
            let (on_time, _) = on_time_of(lang, &r.report);
            RankRow {
                rank: i + 1,
                name: r.name.clone(),
                href: pickable
                    .contains(&r.code.as_str())
                    .then(|| format!("{}?{}", p.action, params::query(r.code.as_str(), &period))),
                total: dec(lang, r.report.total),
                measured_max: dec(lang, r.report.measured_max),
                on_time,
                current: r.unit == unit.id,
            }
        })
        .collect();
    t.satisfaction = Some(satisfaction(lang, &f.satisfaction));
    motcua_ui::render(&t)
}

fn satisfaction(lang: Lang, s: &SatisfactionSummary) -> Satisfaction {
    let channel = |c: RatingChannel| s.by_channel.get(&c).copied().unwrap_or(0);
    Satisfaction {
        summary: match lang {
            Lang::Vi => format!(
                "{} lượt đánh giá (trên cổng {}, tại kiosk {}, phiếu giấy {}); {} lượt không hài lòng.",
                s.ratings,
                channel(RatingChannel::Portal),
                channel(RatingChannel::Kiosk),
                channel(RatingChannel::Paper),
                s.dissatisfied
            ),
            Lang::En => format!(
                "{} ratings (portal {}, kiosk {}, paper {}); {} dissatisfied.",
                s.ratings,
                channel(RatingChannel::Portal),
                channel(RatingChannel::Kiosk),
                channel(RatingChannel::Paper),
                s.dissatisfied
            ),
        },
        points: format!(
            "{} / {} ({})",
            s.points,
            s.max,
            s.satisfaction
                .map(|d| format!("{} %", dec(lang, d)))
                .unwrap_or_else(|| "–".into())
        ),
        criteria: s
            .criteria
            .iter()
            .map(|c| {
                (
                    format!(
                        "{}. {}",
                        c.criterion.number(),
                        lang.pick(c.criterion.label_vi(), c.criterion.label_en())
                    ),
                    c.very_satisfied,
                    c.satisfied,
                    c.dissatisfied,
                )
            })
            .collect(),
    }
}

pub fn today(q: &Quality) -> Date {
    motcua_calendar::to_local(q.store().now()).date()
}

/// The officer's units as picker options (code, name), tree order by code.
pub async fn officer_units(q: &Quality, o: &Officer) -> Vec<UnitInfo> {
    let mine = o.units();
    let mut all: Vec<UnitInfo> = q
        .store()
        .units(None)
        .await
        .unwrap_or_default()
        .into_iter()
        .filter(|u| mine.contains(&u.id))
        .collect();
    all.sort_by(|a, b| a.code.as_str().cmp(b.code.as_str()));
    all
}

/// The unit asked for among `units`, or the first (the top of the officer's tree). A unit
/// outside them is 404: the dashboard does not confirm other units' lists exist.
pub fn choose<'a>(units: &'a [UnitInfo], code: &str) -> Result<&'a UnitInfo, ()> {
    if code.is_empty() {
        return units.first().ok_or(());
    }
    units.iter().find(|u| u.code.as_str() == code).ok_or(())
}

fn options(units: &[UnitInfo]) -> Vec<(String, String)> {
    units
        .iter()
        .map(|u| (u.code.as_str().to_string(), u.name.clone()))
        .collect()
}

/// `GET /office/quality`: the leader's dashboard.
pub async fn dashboard(
    State(q): State<Quality>,
    o: Officer,
    Query(picker): Query<Picker>,
) -> PageResult {
    let lang = o.lang();
    let units = officer_units(&q, &o).await;
    let title = lang.pick(
        "Chỉ số phục vụ (Quyết định 766)",
        "Service index (Decision 766)",
    );
    if units.is_empty() {
        return Err(Fail::forbidden(
            lang,
            motcua_ui::i18n::Text::new(
                "Tài khoản này không được phân công cho đơn vị nào. Xem số liệu công khai tại /chi-so-766.",
                "This account works for no unit. The public figures are at /chi-so-766.",
            ),
        ));
    }
    let unit = choose(&units, &picker.unit).map_err(|()| Fail::not_found(lang))?;
    let period = params::period(&picker, today(&q), lang);
    let figures = match &period {
        Ok(p) => Some(figures(&q, lang, unit, *p).await?),
        Err(_) => None,
    };
    let shown = period
        .as_ref()
        .map(|p| params::filled(unit.code.as_str(), p))
        .unwrap_or_else(|_| picker.clone());
    Ok(page(
        office_chrome(&o, title),
        title.to_string(),
        lang.pick(
            "Chỉ số chất lượng phục vụ theo thời gian thực của đơn vị và các đơn vị trực thuộc.",
            "The live service-quality index of the unit and the units under it.",
        )
        .to_string(),
        Parts {
            lang,
            action: "/office/quality",
            units: options(&units),
            unit: Some(unit),
            picker: shown,
            period,
            figures,
            links: true,
        },
    ))
}

/// Every unit in force, for the public picker (the top of the tree first).
async fn public_units(q: &Quality) -> Vec<UnitInfo> {
    let mut all = q.store().units(None).await.unwrap_or_default();
    all.sort_by(|a, b| a.code.as_str().cmp(b.code.as_str()));
    all
}

/// `GET /chi-so-766`: the public page.
pub async fn public(
    State(q): State<Quality>,
    ctx: Ctx,
    Query(picker): Query<Picker>,
) -> PageResult {
    let lang = ctx.lang();
    let units = public_units(&q).await;
    let unit = choose(&units, &picker.unit).map_err(|()| Fail::not_found(lang))?;
    let period = params::period(&picker, today(&q), lang);
    let figures = match &period {
        Ok(p) => Some(figures(&q, lang, unit, *p).await?),
        Err(_) => None,
    };
    let shown = period
        .as_ref()
        .map(|p| params::filled(unit.code.as_str(), p))
        .unwrap_or_else(|_| picker.clone());
    let title = lang.pick(
        "Kết quả chỉ số phục vụ người dân, doanh nghiệp",
        "Service index results",
    );
    let mut chrome = public_chrome(&ctx, title);
    chrome.private = false;
    Ok(page(
        chrome,
        title.to_string(),
        lang.pick(
            "Công khai theo Quyết định 766/QĐ-TTg: điểm của từng chỉ số, cách tính và những chỉ số chưa đo được. Không có thông tin cá nhân.",
            "Published under Decision 766/QĐ-TTg: the points of every indicator, how they are computed and which are not measured yet. No personal data.",
        )
        .to_string(),
        Parts {
            lang,
            action: "/chi-so-766",
            units: options(&units),
            unit: Some(unit),
            picker: shown,
            period,
            figures,
            links: false,
        },
    ))
}

#[derive(Debug, serde::Deserialize)]
pub struct ExportQuery {
    #[serde(flatten)]
    picker: Picker,
    #[serde(default)]
    format: String,
}

async fn export_index(q: &Quality, lang: Lang, unit: &UnitInfo, e: &ExportQuery) -> PageResult {
    let format = Format::parse(&e.format).ok_or_else(|| Fail::not_found(lang))?;
    let period = params::period(&e.picker, today(q), lang).map_err(|m| {
        Fail::from(motcua_ui::ErrorPage::new(
            StatusCode::UNPROCESSABLE_ENTITY,
            lang,
            motcua_ui::i18n::Text::new("Kỳ báo cáo không hợp lệ", "The period is not valid"),
            motcua_ui::i18n::Text::new(m.clone(), m),
        ))
    })?;
    let report = q
        .store()
        .index766(unit.id, period)
        .await
        .map_err(|e| Fail::store(lang, e))?;
    let title = format!(
        "766 {} {}",
        unit.code.as_str(),
        params::label(lang, &period)
    );
    let t = view::table(lang, &title, &report);
    Ok(export::respond(
        &[&t],
        format,
        &format!(
            "chi-so-766-{}-{}-{}",
            unit.code.as_str(),
            period.from,
            period.to
        ),
    ))
}

/// `GET /office/quality/export?…&format=csv|xlsx`.
pub async fn dashboard_export(
    State(q): State<Quality>,
    o: Officer,
    Query(e): Query<ExportQuery>,
) -> PageResult {
    let units = officer_units(&q, &o).await;
    let unit = choose(&units, &e.picker.unit).map_err(|()| Fail::not_found(o.lang()))?;
    export_index(&q, o.lang(), unit, &e).await
}

/// `GET /chi-so-766/export?…&format=csv|xlsx`.
pub async fn public_export(
    State(q): State<Quality>,
    ctx: Ctx,
    Query(e): Query<ExportQuery>,
) -> PageResult {
    let units = public_units(&q).await;
    let unit = choose(&units, &e.picker.unit).map_err(|()| Fail::not_found(ctx.lang()))?;
    export_index(&q, ctx.lang(), unit, &e).await
}
