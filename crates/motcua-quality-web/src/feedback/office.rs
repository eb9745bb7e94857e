//! The officers' feedback lists (`/office/feedback`): new, being handled, answers to approve,
//! answers to publish, due soon, overdue, open, all — each with its count, over the units the
//! officer serves. Deadlines are shown as a moment and in working days of the unit's calendar.

use askama::Template;
use axum::extract::{Path, Query, State};
use motcua_domain::dossier::Role;
use motcua_store::store::quality::{FeedbackList, FeedbackQuery};
use motcua_ui::Chrome;
use motcua_ui::i18n::{moment, short_date};
use serde::Deserialize;

use crate::labels;
use crate::page::{Fail, PageResult, office_chrome};
use crate::state::Quality;
use crate::who::Officer;

const PER_PAGE: u32 = 50;

pub fn slug(l: FeedbackList) -> &'static str {
    match l {
        FeedbackList::New => "new",
        FeedbackList::InHandling => "in-handling",
        FeedbackList::ToApprove => "to-approve",
        FeedbackList::ToPublish => "to-publish",
        FeedbackList::DueSoon => "due-soon",
        FeedbackList::Overdue => "overdue",
        FeedbackList::Open => "open",
        FeedbackList::All => "all",
    }
}

fn label(lang: motcua_ui::Lang, l: FeedbackList) -> &'static str {
    match l {
        FeedbackList::New => lang.pick("Mới đến", "New"),
        FeedbackList::InHandling => lang.pick("Đang xử lý", "Being handled"),
        FeedbackList::ToApprove => lang.pick("Chờ duyệt trả lời", "Answers to approve"),
        FeedbackList::ToPublish => lang.pick("Chờ công khai", "To publish"),
        FeedbackList::DueSoon => lang.pick("Sắp đến hạn", "Due soon"),
        FeedbackList::Overdue => lang.pick("Quá hạn", "Overdue"),
        FeedbackList::Open => lang.pick("Chưa xong", "Open"),
        FeedbackList::All => lang.pick("Tất cả", "All"),
    }
}

pub struct Tab {
    href: String,
    label: &'static str,
    count: u64,
    current: bool,
}

pub struct Row {
    code: String,
    title: String,
    unit: String,
    status: &'static str,
    submitted: String,
    due: String,
    left: String,
    due_class: &'static str,
    due_text: &'static str,
}

#[derive(Template)]
#[template(path = "quality/feedback_office.html")]
struct ListPage {
    page: Chrome,
    css: &'static str,
    heading: String,
    tabs: Vec<Tab>,
    total: u64,
    rows: Vec<Row>,
    prev: Option<String>,
    next: Option<String>,
    page_text: String,
}

#[derive(Debug, Default, Deserialize)]
pub struct PageQuery {
    #[serde(default)]
    page: Option<u32>,
}

/// `GET /office/feedback`: the list the officer's role works on first.
pub async fn home(state: State<Quality>, o: Officer, q: Query<PageQuery>) -> PageResult {
    let list = if o.actor().has_role(Role::Leader) {
        FeedbackList::ToApprove
    } else if o.actor().has_role(Role::Specialist) {
        FeedbackList::InHandling
    } else {
        FeedbackList::New
    };
    render(state, o, list, q).await
}

/// `GET /office/feedback/lists/{list}`.
pub async fn list(
    state: State<Quality>,
    o: Officer,
    Path(s): Path<String>,
    q: Query<PageQuery>,
) -> PageResult {
    let Some(list) = FeedbackList::ALL.into_iter().find(|l| slug(*l) == s) else {
        return Err(Fail::not_found(o.lang()));
    };
    render(state, o, list, q).await
}

async fn render(
    State(q): State<Quality>,
    o: Officer,
    list: FeedbackList,
    Query(pq): Query<PageQuery>,
) -> PageResult {
    let lang = o.lang();
    let store = q.store();
    let counts = store
        .feedback_counts(o.actor(), None)
        .await
        .map_err(|e| Fail::store(lang, e))?;
    let page = pq.page.unwrap_or(1).max(1);
    let p = store
        .feedback_list(
            o.actor(),
            FeedbackQuery {
                list,
                units: None,
                page,
                per_page: PER_PAGE,
            },
        )
        .await
        .map_err(|e| Fail::store(lang, e))?;
    let now = store.now();
    let href = |l: FeedbackList| format!("/office/feedback/lists/{}", slug(l));
    let pages = p.total.div_ceil(u64::from(PER_PAGE)).max(1) as u32;
    let heading = format!(
        "{}: {}",
        lang.pick("Phản ánh, kiến nghị", "Feedback"),
        label(lang, list)
    );
    let t = ListPage {
        page: office_chrome(&o, heading.clone()),
        css: crate::page::css(),
        heading,
        tabs: counts
            .into_iter()
            .map(|(l, count)| Tab {
                href: href(l),
                label: label(lang, l),
                count,
                current: l == list,
            })
            .collect(),
        total: p.total,
        rows: p
            .items
            .into_iter()
            .map(|s| {
                let (due_class, due_text) = labels::open_state(lang, s.open_state);
                Row {
                    left: s
                        .due_at
                        .map(|d| labels::working_days_left(lang, &store.calendar(s.unit), now, d))
                        .unwrap_or_default(),
                    due: s.due_at.map(|d| moment(lang, d)).unwrap_or_default(),
                    code: s.code,
                    title: s.title,
                    unit: s.unit_name,
                    status: labels::feedback_status(lang, s.status),
                    submitted: short_date(s.submitted_at),
                    due_class,
                    due_text,
                }
            })
            .collect(),
        prev: (page > 1).then(|| format!("{}?page={}", href(list), page - 1)),
        next: (page < pages).then(|| format!("{}?page={}", href(list), page + 1)),
        page_text: format!("{} {page}/{pages}", lang.pick("Trang", "Page")),
    };
    Ok(motcua_ui::render(&t))
}
