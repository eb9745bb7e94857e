//! The worklists (issue #5 §3): one tab per list with its count, filters, search by code, name
//! or citizen ID, pagination; rows as a table on a desk and as cards on a phone. The handler
//! only reads the store's indexed projection (`Store::worklist`, `Store::worklist_counts`).

use askama::Template;
use axum::extract::{Path, Query, State};
use axum::response::Response;
use motcua_domain::dossier::{Role, Status};
use motcua_domain::ids::ProcedureCode;
use motcua_store::store::{Worklist, WorklistQuery};
use motcua_ui::Chrome;
use motcua_ui::flash::Incoming;
use serde::Deserialize;

use super::labels::{due, list_from_slug, list_label, list_slug, status};
use super::{chrome_with, error_page, office_css};
use crate::auth::Officer;
use crate::state::Office;

#[derive(Debug, Default, Deserialize)]
pub struct Filters {
    #[serde(default)]
    pub q: String,
    #[serde(default)]
    pub procedure: String,
    #[serde(default)]
    pub status: String,
    #[serde(default)]
    pub assignee: String,
    #[serde(default)]
    pub due_from: String,
    #[serde(default)]
    pub due_to: String,
    #[serde(default)]
    pub page: Option<u32>,
}

pub struct Tab {
    href: String,
    label: &'static str,
    count: u64,
    current: bool,
}

pub struct Row {
    code: String,
    href: String,
    applicant: String,
    procedure: String,
    channel: &'static str,
    status: &'static str,
    appointment: String,
    due_class: &'static str,
    due_text: &'static str,
    apology: bool,
    assignee: String,
}

#[derive(Template)]
#[template(path = "office/worklist.html")]
struct ListPage {
    page: Chrome,
    css: &'static str,
    heading: String,
    tabs: Vec<Tab>,
    action: String,
    f: Filters,
    statuses: Vec<(&'static str, &'static str)>,
    procedures: Vec<(String, String)>,
    summary: String,
    rows: Vec<Row>,
    prev: Option<String>,
    next: Option<String>,
    page_text: String,
}

const PER_PAGE: u32 = 50;

/// The list an officer sees first: what their role does next.
fn default_list(o: &Officer) -> Worklist {
    if o.actor.has_role(Role::DeskOfficer) {
        Worklist::New
    } else if o.actor.has_role(Role::Leader) {
        Worklist::ToApprove
    } else if o.actor.has_role(Role::Specialist) {
        Worklist::ToProcess
    } else {
        Worklist::All
    }
}

pub async fn home(
    state: State<Office>,
    o: Officer,
    f: Query<Filters>,
    flash: Incoming,
) -> Response {
    let list = default_list(&o);
    render(state, o, list, f, flash).await
}

pub async fn list(
    state: State<Office>,
    o: Officer,
    Path(slug): Path<String>,
    f: Query<Filters>,
    flash: Incoming,
) -> Response {
    let Some(list) = list_from_slug(&slug) else {
        return error_page(o.prefs.lang, &crate::OfficeError::not_found());
    };
    render(state, o, list, f, flash).await
}

fn query_string(f: &Filters, page: u32) -> String {
    let mut s = form_urlencoded::Serializer::new(String::new());
    for (k, v) in [
        ("q", &f.q),
        ("procedure", &f.procedure),
        ("status", &f.status),
        ("assignee", &f.assignee),
        ("due_from", &f.due_from),
        ("due_to", &f.due_to),
    ] {
        if !v.is_empty() {
            s.append_pair(k, v);
        }
    }
    if page > 1 {
        s.append_pair("page", &page.to_string());
    }
    s.finish()
}

async fn render(
    State(office): State<Office>,
    o: Officer,
    list: Worklist,
    Query(f): Query<Filters>,
    flash: Incoming,
) -> Response {
    let lang = o.prefs.lang;
    let store = office.store();
    let page_no = f.page.unwrap_or(1).clamp(1, 10_000);
    let query = WorklistQuery {
        list,
        units: None,
        procedure: ProcedureCode::parse(f.procedure.trim()).ok(),
        status: Status::parse(&f.status),
        assignee: (f.assignee == "me").then_some(o.account.id),
        due_from: motcua_web_time(&f.due_from, false),
        due_to: motcua_web_time(&f.due_to, true),
        q: Some(f.q.trim().to_string()).filter(|q| !q.is_empty()),
        page: page_no,
        per_page: PER_PAGE,
    };
    // The whole history (with or without a search) reads narrow indexes in id order
    // (Store::all_dossiers); the working lists use the generic, filtered query.
    let history = list == Worklist::All
        && [&f.procedure, &f.status, &f.assignee, &f.due_from, &f.due_to]
            .iter()
            .all(|v| v.trim().is_empty());
    let found = async {
        if history {
            store
                .all_dossiers(&o.actor, query.q.clone(), page_no, PER_PAGE)
                .await
        } else {
            store.worklist(&o.actor, query).await.map(|p| (p, false))
        }
    };
    let (counts, found) = tokio::join!(store.worklist_counts(&o.actor, None), found);
    let (counts, (found, capped)) = match (counts, found) {
        (Ok(c), Ok(p)) => (c, p),
        (Err(e), _) | (_, Err(e)) => return error_page(lang, &e.into()),
    };
    let qs = query_string(&f, 1);
    let suffix = if qs.is_empty() {
        String::new()
    } else {
        format!("?{qs}")
    };
    let tabs = counts
        .iter()
        .map(|(l, n)| Tab {
            href: format!("/office/lists/{}{suffix}", list_slug(*l)),
            label: list_label(lang, *l),
            count: *n,
            current: *l == list,
        })
        .collect();
    let rows = found
        .items
        .iter()
        .map(|s| {
            let (due_class, due_text) = due(lang, &s.due_state);
            Row {
                code: s.code.to_string(),
                href: format!("/office/dossiers/{}", s.code),
                applicant: s.applicant_name.clone(),
                procedure: s.procedure_name.clone(),
                channel: lang.pick(s.channel.label_vi(), s.channel.label_en()),
                status: status(lang, s.status),
                appointment: s
                    .appointment_at
                    .map(|t| motcua_ui::i18n::moment(lang, t))
                    .unwrap_or_default(),
                due_class,
                due_text,
                apology: s.needs_apology,
                assignee: s.assignee_name.clone().unwrap_or_default(),
            }
        })
        .collect();
    let base = format!("/office/lists/{}", list_slug(list));
    let pages = found.total.div_ceil(u64::from(found.per_page)).max(1) as u32;
    let link = |p: u32| format!("{base}?{}", query_string(&f, p));
    let heading = list_label(lang, list).to_string();
    let here = format!("{base}{suffix}");
    let mut procedures: Vec<(String, String)> = store
        .procedures()
        .iter()
        .map(|p| (p.version.code.to_string(), p.version.name_vi.clone()))
        .collect();
    procedures.truncate(500);
    let page = ListPage {
        page: chrome_with(o.prefs, &here, heading.clone(), Some(&o), flash),
        css: office_css(),
        heading,
        tabs,
        action: base.clone(),
        statuses: Status::ALL
            .iter()
            .map(|s| (s.as_str(), status(lang, *s)))
            .collect(),
        procedures,
        summary: format!(
            "{}{} {}",
            found.total,
            if capped { "+" } else { "" },
            lang.pick("hồ sơ", "dossiers")
        ),
        rows,
        prev: (page_no > 1).then(|| link(page_no - 1)),
        next: (page_no < pages).then(|| link(page_no + 1)),
        page_text: format!("{page_no}/{pages}"),
        f,
    };
    motcua_ui::render(&page)
}

/// A date from a filter field (start of day, or end of day for the upper bound).
fn motcua_web_time(text: &str, end: bool) -> Option<jiff::Timestamp> {
    let d: jiff::civil::Date = text.trim().parse().ok()?;
    let t = if end {
        jiff::civil::Time::constant(23, 59, 59, 0)
    } else {
        jiff::civil::Time::midnight()
    };
    Some(motcua_calendar::from_local(d.to_datetime(t)))
}
