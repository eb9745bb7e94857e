//! Finding a procedure: the home page (one search box, popular procedures, browse by field and
//! level), the catalog list and search, the public procedure page with its QR code, and the
//! print view for the desk's notice board.

use std::collections::BTreeMap;
use std::sync::Arc;

use askama::Template;
use axum::extract::{Path, Query, State};
use axum::http::{HeaderValue, header};
use axum::response::{IntoResponse, Response};
use motcua_domain::ids::ProcedureCode;
use motcua_domain::procedure::{Channel, Level, OnlineMode, PublicationStatus, StoredProcedure};
use motcua_ui::{Chrome, Lang, i18n};
use serde::Deserialize;

use crate::Portal;
use crate::ctx::Ctx;
use crate::fail::{Fail, PageResult};

/// Shown on the home page until the portal has counted enough visits (the procedures most
/// commune residents need, ND 118 one-stop practice).
const USUAL: [&str; 6] = [
    "1.001193", "1.000894", "1.004227", "1.004873", "2.000908", "1.004222",
];

/// A procedure as a row of a list.
pub struct Row {
    pub code: String,
    pub name: String,
    pub field: String,
    pub level: String,
    pub online: Option<String>,
    pub time: String,
}

fn row(lang: Lang, p: &StoredProcedure) -> Row {
    let v = &p.version;
    Row {
        code: v.code.as_str().to_string(),
        name: name(lang, v),
        field: v.field_vi.clone(),
        level: v
            .levels
            .iter()
            .map(|l| lang.pick(l.label_vi(), l.label_en()))
            .collect::<Vec<_>>()
            .join(", "),
        online: v
            .online_mode
            .filter(|m| m.accepts_online())
            .map(|m| lang.pick(m.label_vi(), m.label_en()).to_string()),
        time: short_time(lang, v),
    }
}

/// The processing time for a list: the legal limit when the catalog has it ("03 ngày làm
/// việc"), else the start of the published text. The page of the procedure has the full text.
fn short_time(lang: Lang, v: &motcua_domain::procedure::ProcedureVersion) -> String {
    match (v.processing_time, lang) {
        (Some(l), Lang::Vi) => l.label_vi(),
        (Some(l), Lang::En) => l.to_string(),
        (None, _) => {
            let t = v.processing_time_text.trim();
            match t.char_indices().nth(80) {
                Some((i, _)) => format!("{}…", &t[..i]),
                None => t.to_string(),
            }
        }
    }
}

fn name(lang: Lang, v: &motcua_domain::procedure::ProcedureVersion) -> String {
    match (lang, &v.name_en) {
        (Lang::En, Some(en)) => en.clone(),
        _ => v.name_vi.clone(),
    }
}

fn open(p: &StoredProcedure) -> bool {
    p.version.status == PublicationStatus::Published
}

#[derive(Template)]
#[template(path = "home.html")]
struct HomePage {
    page: Chrome,
    popular: Vec<Row>,
    fields: Vec<(String, usize)>,
    levels: Vec<(&'static str, String, usize)>,
}

fn level_key(l: Level) -> &'static str {
    match l {
        Level::Ministry => "ministry",
        Level::Province => "province",
        Level::Commune => "commune",
    }
}

/// `GET /`.
pub async fn home(State(s): State<Portal>, ctx: Ctx) -> Response {
    let lang = ctx.lang();
    let list = s.app.page_store().procedures();
    let published: Vec<&StoredProcedure> = list.iter().filter(|p| open(p)).collect();
    let mut fields: BTreeMap<String, usize> = BTreeMap::new();
    let mut levels: BTreeMap<Level, usize> = BTreeMap::new();
    for p in &published {
        *fields.entry(p.version.field_vi.clone()).or_default() += 1;
        for l in &p.version.levels {
            *levels.entry(*l).or_default() += 1;
        }
    }
    // Popular: most viewed on this node, then the usual ones, then catalog order.
    let views = s.mem.views.lock().map(|v| v.clone()).unwrap_or_default();
    let mut ranked: Vec<&StoredProcedure> = published.clone();
    ranked.sort_by_key(|p| {
        let code = p.version.code.as_str();
        let usual = USUAL.iter().position(|u| *u == code).unwrap_or(USUAL.len());
        (
            std::cmp::Reverse(views.get(code).copied().unwrap_or(0)),
            usual,
        )
    });
    let popular = ranked.iter().take(6).map(|p| row(lang, p)).collect();
    let page = HomePage {
        page: ctx.chrome(ctx.t("Dịch vụ công trực tuyến", "Online public services")),
        popular,
        fields: fields.into_iter().collect(),
        levels: levels
            .into_iter()
            .map(|(l, n)| {
                (
                    level_key(l),
                    lang.pick(l.label_vi(), l.label_en()).to_string(),
                    n,
                )
            })
            .collect(),
    };
    motcua_ui::render(&page)
}

#[derive(Deserialize, Default)]
pub struct ListQuery {
    q: Option<String>,
    #[serde(rename = "linh-vuc")]
    field: Option<String>,
    #[serde(rename = "cap")]
    level: Option<String>,
    /// 1-based page of results.
    trang: Option<usize>,
}

/// Results per page: a phone screen or two, the best ones first.
const PER_PAGE: usize = 10;

#[derive(Template)]
#[template(path = "catalog.html")]
struct CatalogPage {
    page: Chrome,
    q: String,
    heading: String,
    results: Vec<Row>,
    total: usize,
    searched: bool,
    previous: Option<String>,
    next: Option<String>,
}

/// `GET /thu-tuc?q=…&linh-vuc=…&cap=…`: search (diacritics ignored, one typo forgiven) or browse.
pub async fn list(State(s): State<Portal>, ctx: Ctx, Query(q): Query<ListQuery>) -> Response {
    let lang = ctx.lang();
    let text =
        q.q.as_deref()
            .unwrap_or("")
            .trim()
            .chars()
            .take(200)
            .collect::<String>();
    let level = q.level.as_deref().and_then(|l| match l {
        "ministry" => Some(Level::Ministry),
        "province" => Some(Level::Province),
        "commune" => Some(Level::Commune),
        _ => None,
    });
    let keep = |p: &StoredProcedure| {
        open(p)
            && q.field.as_deref().is_none_or(|f| p.version.field_vi == f)
            && level.is_none_or(|l| p.version.levels.contains(&l))
    };
    let searched = !text.is_empty();
    let (list, found): (_, Vec<usize>) = if searched {
        let (list, hits) = s.app.page_search(&text, 40);
        let found = hits.into_iter().filter(|&i| keep(&list[i])).collect();
        (list, found)
    } else {
        let list = s.app.page_store().procedures();
        let found = (0..list.len()).filter(|&i| keep(&list[i])).collect();
        (list, found)
    };
    let pages = found.len().div_ceil(PER_PAGE).max(1);
    let at = q.trang.unwrap_or(1).clamp(1, pages);
    let results = found
        .iter()
        .skip((at - 1) * PER_PAGE)
        .take(PER_PAGE)
        .map(|&i| row(lang, &list[i]))
        .collect();
    let href = |n: usize| {
        let mut u = form_urlencoded::Serializer::new(String::new());
        if searched {
            u.append_pair("q", &text);
        }
        if let Some(f) = &q.field {
            u.append_pair("linh-vuc", f);
        }
        if let Some(l) = &q.level {
            u.append_pair("cap", l);
        }
        u.append_pair("trang", &n.to_string());
        format!("/thu-tuc?{}", u.finish())
    };
    let heading = match (&q.field, level) {
        (Some(f), _) => format!("{}: {f}", ctx.t("Lĩnh vực", "Field")),
        (None, Some(l)) => lang.pick(l.label_vi(), l.label_en()).to_string(),
        _ if searched => ctx.t("Kết quả tìm kiếm", "Search results").to_string(),
        _ => ctx.t("Tất cả thủ tục", "All procedures").to_string(),
    };
    let (previous, next) = (
        (at > 1).then(|| href(at - 1)),
        (at < pages).then(|| href(at + 1)),
    );
    let page = CatalogPage {
        page: ctx.chrome(heading.clone()),
        q: text,
        heading,
        results,
        total: found.len(),
        searched,
        previous,
        next,
    };
    motcua_ui::render(&page)
}

/// Everything the law requires to be public about a procedure, ready for the page.
pub struct Detail {
    pub code: String,
    pub name: String,
    pub name_vi: String,
    pub summary: Option<String>,
    pub field: String,
    pub level: String,
    pub online_mode: String,
    pub can_submit_online: bool,
    pub channels: String,
    pub applicants: Option<String>,
    pub agency: Option<String>,
    pub time: String,
    pub fee_text: String,
    pub fee_online: Option<String>,
    pub fee_desk: Option<String>,
    pub components: Vec<(String, String, bool)>,
    pub steps: Option<String>,
    pub result: String,
    pub legal: Vec<String>,
    pub url: String,
    pub qr: Arc<str>,
    pub abolished: bool,
}

fn counts(lang: Lang, c: &motcua_domain::procedure::Component) -> String {
    if let Some(t) = &c.copies_text {
        return t.clone();
    }
    let mut parts = Vec::new();
    if c.originals > 0 {
        parts.push(format!(
            "{} {}",
            c.originals,
            lang.pick("bản chính", "original")
        ));
    }
    if c.copies > 0 {
        parts.push(format!("{} {}", c.copies, lang.pick("bản sao", "copy")));
    }
    parts.join(", ")
}

pub(crate) fn qr_for(s: &Portal, url: &str, title: &str) -> Arc<str> {
    if let Some(svg) = s.mem.qr.lock().ok().and_then(|m| m.get(url).cloned()) {
        return svg;
    }
    let svg: Arc<str> = motcua_docs::qr_svg_titled(url, title)
        .unwrap_or_default()
        .into();
    if let Ok(mut m) = s.mem.qr.lock() {
        if m.len() > 10_000 {
            m.clear();
        }
        m.insert(url.to_string(), svg.clone());
    }
    svg
}

fn detail(s: &Portal, lang: Lang, p: &StoredProcedure) -> Detail {
    let v = &p.version;
    let url = format!(
        "{}/thu-tuc/{}",
        s.app.page_config().public_url.trim_end_matches('/'),
        v.code.as_str()
    );
    let title = format!(
        "{} {}",
        lang.pick("Mã QR thủ tục", "QR code of procedure"),
        v.code.as_str()
    );
    let online_fee = v.fee_for(Channel::Online);
    let desk_fee = v.fee_for(Channel::Desk);
    let can_online = open(p) && v.accepts(Channel::Online);
    Detail {
        code: v.code.as_str().to_string(),
        name: name(lang, v),
        name_vi: v.name_vi.clone(),
        summary: v.summary_vi.clone(),
        field: v.field_vi.clone(),
        level: v.level_text.clone(),
        online_mode: match v.online_mode {
            Some(m) => lang.pick(m.label_vi(), m.label_en()).to_string(),
            None => lang
                .pick(
                    OnlineMode::InPerson.label_vi(),
                    OnlineMode::InPerson.label_en(),
                )
                .to_string(),
        },
        can_submit_online: can_online,
        channels: v
            .channels
            .iter()
            .map(|c| lang.pick(c.label_vi(), c.label_en()))
            .collect::<Vec<_>>()
            .join(", "),
        applicants: v.applicants_vi.clone(),
        agency: v.agency_vi.clone(),
        time: v.processing_time_text.clone(),
        fee_text: v.fee_text.clone(),
        fee_online: can_online.then(|| i18n::money(lang, online_fee)),
        fee_desk: (online_fee != desk_fee).then(|| i18n::money(lang, desk_fee)),
        components: v
            .components
            .iter()
            .map(|c| {
                let n = match (lang, &c.name_en) {
                    (Lang::En, Some(en)) => en.clone(),
                    _ => c.name_vi.clone(),
                };
                (n, counts(lang, c), c.required)
            })
            .collect(),
        steps: v.steps_text_vi.clone(),
        result: v.result_vi.clone(),
        legal: v.legal_basis.clone(),
        qr: qr_for(s, &url, &title),
        url,
        abolished: v.status == PublicationStatus::Abolished,
    }
}

fn find(s: &Portal, code: &str) -> Option<StoredProcedure> {
    let code = ProcedureCode::parse(code).ok()?;
    s.app
        .page_store()
        .procedure(&code)
        .filter(|p| p.version.status != PublicationStatus::Draft)
}

#[derive(Template)]
#[template(path = "procedure.html")]
struct ProcedurePage {
    page: Chrome,
    p: Detail,
}

/// `GET /thu-tuc/{code}`.
pub async fn procedure(State(s): State<Portal>, ctx: Ctx, Path(code): Path<String>) -> PageResult {
    let p = find(&s, &code).ok_or_else(|| Fail::not_found(ctx.lang()))?;
    if let Ok(mut v) = s.mem.views.lock()
        && v.len() < 100_000
    {
        *v.entry(p.version.code.as_str().to_string()).or_default() += 1;
    }
    let d = detail(&s, ctx.lang(), &p);
    let page = ProcedurePage {
        page: ctx.chrome(d.name.clone()),
        p: d,
    };
    Ok(motcua_ui::render(&page))
}

#[derive(Template)]
#[template(path = "procedure_print.html")]
struct PrintPage {
    page: Chrome,
    p: Detail,
}

/// `GET /thu-tuc/{code}/in`: the notice-board sheet (A4, black on white, large QR code).
pub async fn print(State(s): State<Portal>, ctx: Ctx, Path(code): Path<String>) -> PageResult {
    let p = find(&s, &code).ok_or_else(|| Fail::not_found(ctx.lang()))?;
    let d = detail(&s, ctx.lang(), &p);
    let mut page = ctx.chrome(d.name.clone());
    page.nav.clear();
    Ok(motcua_ui::render(&PrintPage { page, p: d }))
}

/// `GET /thu-tuc/{code}/qr.svg`: the QR code alone, to download and print.
pub async fn qr(State(s): State<Portal>, ctx: Ctx, Path(code): Path<String>) -> PageResult {
    let p = find(&s, &code).ok_or_else(|| Fail::not_found(ctx.lang()))?;
    let d = detail(&s, ctx.lang(), &p);
    Ok((
        [
            (
                header::CONTENT_TYPE,
                HeaderValue::from_static("image/svg+xml"),
            ),
            (
                header::CACHE_CONTROL,
                HeaderValue::from_static("public, max-age=3600"),
            ),
        ],
        d.qr.to_string(),
    )
        .into_response())
}
