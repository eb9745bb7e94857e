//! The handling page of one item (`/office/feedback/{code}`): what was asked, by whom (officers
//! see the contact details; the public never does), the deadlines of the current leg in
//! working days, the history, and the actions the officer's roles allow now — receive and
//! classify, reject, forward, ask for information, propose an answer, send back, approve,
//! publish — exactly the cells of the domain's transition table (`feedback::rules`). An item
//! of another unit is 404.

use askama::Template;
use axum::extract::{Path, State};
use axum::http::HeaderMap;
use jiff::Timestamp;
use motcua_domain::dossier::Role;
use motcua_domain::quality::feedback::rules::rules_for;
use motcua_domain::quality::feedback::{
    Category, FeedbackCommand, FeedbackCommandKind as K, FeedbackEvent, FeedbackEventData,
    FeedbackRole,
};
use motcua_store::store::AppError;
use motcua_ui::i18n::moment;
use motcua_ui::{Chrome, Flash, FlashKind, Lang};

use super::subject_text;
use crate::labels;
use crate::page::{
    Fail, PageResult, check_officer, field, office_chrome, parse_form, see_other_with,
};
use crate::state::Quality;
use crate::who::Officer;

/// The officer actions of the page, in the order of the work.
const ACTIONS: [K; 8] = [
    K::Receive,
    K::RequestInfo,
    K::ProposeAnswer,
    K::SendBack,
    K::Approve,
    K::Publish,
    K::Forward,
    K::Reject,
];

fn slug(k: K) -> &'static str {
    k.as_str()
}

pub struct Action {
    slug: &'static str,
    label: &'static str,
    /// "classify", "text", "forward", "optional_text", "none"
    input: &'static str,
    text_label: &'static str,
    warning: bool,
}

pub struct Deadline {
    label: &'static str,
    at: String,
    left: String,
}

#[derive(Template)]
#[template(path = "quality/feedback_handle.html")]
struct HandlePage {
    page: Chrome,
    css: &'static str,
    code: String,
    version: u64,
    title: String,
    status: &'static str,
    unit: String,
    about: String,
    category: String,
    content: String,
    contact: Vec<(&'static str, String)>,
    deadlines: Vec<Deadline>,
    draft: Option<String>,
    answer: Option<String>,
    published: Option<(String, String)>,
    rejection: Option<String>,
    info: Vec<(String, String, String)>,
    history: Vec<(String, String)>,
    actions: Vec<Action>,
    units: Vec<(String, String)>,
    categories: Vec<(&'static str, &'static str)>,
    reactions: String,
}

fn role_of(r: FeedbackRole) -> Option<Role> {
    match r {
        FeedbackRole::DeskOfficer => Some(Role::DeskOfficer),
        FeedbackRole::Specialist => Some(Role::Specialist),
        FeedbackRole::Leader => Some(Role::Leader),
        _ => None,
    }
}

fn action(lang: Lang, k: K) -> Action {
    let (input, text_label) = match k {
        K::Receive => ("classify", ""),
        K::Reject => (
            "text",
            lang.pick("Lý do từ chối, trả lại", "Why it is rejected or returned"),
        ),
        K::Forward => ("forward", lang.pick("Lý do chuyển", "Why it is forwarded")),
        K::RequestInfo => (
            "text",
            lang.pick(
                "Thông tin cần người gửi bổ sung",
                "What the author must add",
            ),
        ),
        K::ProposeAnswer => ("text", lang.pick("Dự thảo trả lời", "Draft answer")),
        K::SendBack => (
            "text",
            lang.pick("Lý do trả lại dự thảo", "Why the draft goes back"),
        ),
        K::Publish => (
            "optional_text",
            lang.pick(
                "Sửa lời trả lời trước khi công khai (để trống: giữ bản đã duyệt)",
                "Edit the answer before publishing (empty: keep the approved text)",
            ),
        ),
        _ => ("none", ""),
    };
    Action {
        slug: slug(k),
        label: lang.pick(k.label_vi(), k.label_en()),
        input,
        text_label,
        warning: k == K::Reject,
    }
}

fn event_text(
    lang: Lang,
    e: &FeedbackEvent,
    unit_name: &dyn Fn(motcua_domain::ids::UnitId) -> String,
) -> String {
    let what = match &e.data {
        FeedbackEventData::Submitted(_) => lang.pick("Gửi phản ánh", "Submitted").to_string(),
        FeedbackEventData::Received { category } => format!(
            "{}: {}",
            lang.pick("Tiếp nhận, phân loại", "Received and classified"),
            lang.pick(category.label_vi(), category.label_en())
        ),
        FeedbackEventData::Rejected { reason } => {
            format!("{}: {reason}", lang.pick("Từ chối, trả lại", "Rejected"))
        }
        FeedbackEventData::Forwarded {
            to_unit, reason, ..
        } => format!(
            "{} {}: {reason}",
            lang.pick("Chuyển đến", "Forwarded to"),
            unit_name(*to_unit)
        ),
        FeedbackEventData::InfoRequested { question } => {
            format!(
                "{}: {question}",
                lang.pick("Yêu cầu bổ sung thông tin", "Information requested")
            )
        }
        FeedbackEventData::InfoProvided { text } => format!(
            "{}: {text}",
            lang.pick("Người gửi bổ sung", "The author added")
        ),
        FeedbackEventData::AnswerProposed { .. } => {
            lang.pick("Dự thảo trả lời", "Answer drafted").into()
        }
        FeedbackEventData::SentBack { reason } => format!(
            "{}: {reason}",
            lang.pick("Trả lại dự thảo", "Draft sent back")
        ),
        FeedbackEventData::Approved { .. } => lang.pick("Duyệt trả lời", "Answer approved").into(),
        FeedbackEventData::Published { .. } => {
            lang.pick("Công khai trả lời", "Answer published").into()
        }
        FeedbackEventData::Reacted { like, .. } => if *like {
            lang.pick("Một người thích", "Someone liked it")
        } else {
            lang.pick("Một người không thích", "Someone disliked it")
        }
        .into(),
        FeedbackEventData::ReRaised { text } => format!(
            "{}: {text}",
            lang.pick("Người gửi phản ánh tiếp", "Raised again")
        ),
        FeedbackEventData::MarkedOverdue { .. } => {
            lang.pick("Ghi nhận quá hạn", "Recorded overdue").into()
        }
    };
    format!("{what} — {}", e.actor.name)
}

/// `GET /office/feedback/{code}`.
pub async fn page(State(q): State<Quality>, o: Officer, Path(code): Path<String>) -> PageResult {
    let lang = o.lang();
    let store = q.store();
    let v = store
        .feedback(o.actor(), &code, None)
        .await
        .map_err(|e| Fail::store(lang, e))?;
    let events = store
        .feedback_history(o.actor(), &v.code)
        .await
        .map_err(|e| Fail::store(lang, e))?;
    let fb = &v.feedback;
    let now = store.now();
    let cal = store.calendar(fb.unit);
    let deadline = |label: &'static str, at: Timestamp| Deadline {
        label,
        at: moment(lang, at),
        left: labels::working_days_left(lang, &cal, now, at),
    };
    let leg = fb.current_leg();
    let mut deadlines = Vec::new();
    if !fb.status.is_final() {
        deadlines.push(deadline(
            lang.pick(
                "Từ chối hoặc chuyển (2 ngày làm việc)",
                "Reject or forward (2 working days)",
            ),
            leg.deadlines.reject_by,
        ));
        deadlines.push(deadline(
            lang.pick(
                "Yêu cầu bổ sung lần đầu (5 ngày làm việc)",
                "First information request (5 working days)",
            ),
            leg.deadlines.first_info_by,
        ));
        deadlines.push(deadline(
            lang.pick(
                "Có trả lời được duyệt (15 ngày làm việc)",
                "Approved answer (15 working days)",
            ),
            leg.deadlines.resolve_by,
        ));
        if let Some(p) = leg.publish_by {
            deadlines.push(deadline(
                lang.pick(
                    "Công khai (2 ngày làm việc sau khi duyệt)",
                    "Publication (2 working days after approval)",
                ),
                p,
            ));
        }
        if let Some(d) = v.deadline {
            deadlines.push(deadline(
                lang.pick(
                    "Hạn đang tính (danh sách sắp đến hạn, quá hạn)",
                    "Deadline running (due-soon and overdue lists)",
                ),
                d.at,
            ));
        }
    }
    let actions: Vec<Action> = ACTIONS
        .into_iter()
        .filter(|k| {
            rules_for(*k, fb.status)
                .flat_map(|r| r.roles.iter())
                .filter_map(|r| role_of(*r))
                .any(|r| o.holds(r, fb.unit))
        })
        .map(|k| action(lang, k))
        .collect();
    let mut units = store.units(None).await.unwrap_or_default();
    units.sort_by(|a, b| a.code.as_str().cmp(b.code.as_str()));
    let contact = fb
        .author
        .contact
        .as_ref()
        .map(|c| {
            let mut v = vec![(lang.pick("Họ tên", "Name"), c.full_name.clone())];
            v.extend(
                c.phone
                    .clone()
                    .map(|p| (lang.pick("Điện thoại", "Phone"), p)),
            );
            v.extend(
                c.email
                    .clone()
                    .map(|e| (lang.pick("Thư điện tử", "E-mail"), e)),
            );
            v
        })
        .unwrap_or_else(|| {
            vec![(
                lang.pick("Người gửi", "Author"),
                lang.pick(
                    "Tài khoản trên cổng (đã đăng nhập)",
                    "A portal account (signed in)",
                )
                .to_string(),
            )]
        });
    let unit_name = |u| store.unit_name(u);
    let r = v.reactions;
    let t = HandlePage {
        page: office_chrome(&o, fb.title.clone()),
        css: crate::page::css(),
        code: v.code.clone(),
        version: fb.version,
        title: fb.title.clone(),
        status: labels::feedback_status(lang, fb.status),
        unit: v.unit_name.clone(),
        about: subject_text(lang, &fb.subject),
        category: fb
            .category
            .map(|c| lang.pick(c.label_vi(), c.label_en()).to_string())
            .unwrap_or_else(|| lang.pick("Chưa phân loại", "Not classified").into()),
        content: fb.content.clone(),
        contact,
        deadlines,
        draft: fb.draft.clone(),
        answer: fb.answer.clone(),
        published: fb
            .published_answer
            .clone()
            .map(|a| (fb.published_question.clone().unwrap_or_default(), a)),
        rejection: fb.rejection.clone(),
        info: fb
            .info
            .iter()
            .map(|i| {
                (
                    moment(lang, i.asked_at),
                    i.question.clone(),
                    i.answer.clone().unwrap_or_default(),
                )
            })
            .collect(),
        history: events
            .iter()
            .map(|e| (moment(lang, e.at), event_text(lang, e, &unit_name)))
            .collect(),
        actions,
        units: units
            .into_iter()
            .filter(|u| u.id != fb.unit)
            .map(|u| (u.code.as_str().to_string(), u.name))
            .collect(),
        categories: vec![
            (
                "rules_or_procedure",
                lang.pick(
                    Category::RulesOrProcedure.label_vi(),
                    Category::RulesOrProcedure.label_en(),
                ),
            ),
            (
                "officer_conduct",
                lang.pick(
                    Category::OfficerConduct.label_vi(),
                    Category::OfficerConduct.label_en(),
                ),
            ),
        ],
        reactions: format!(
            "{} {} · {} {} ({} {} · {} {})",
            r.likes,
            lang.pick("thích", "likes"),
            r.dislikes,
            lang.pick("không thích", "dislikes"),
            r.device_likes,
            lang.pick("thích chưa đăng nhập", "anonymous likes"),
            r.device_dislikes,
            lang.pick("không thích chưa đăng nhập", "anonymous dislikes")
        ),
    };
    Ok(motcua_ui::render(&t))
}

/// `POST /office/feedback/{code}/act`: `action` = a command's name, its fields, `version`.
pub async fn act(
    State(q): State<Quality>,
    o: Officer,
    headers: HeaderMap,
    Path(code): Path<String>,
    body: axum::body::Bytes,
) -> PageResult {
    let lang = o.lang();
    let f = parse_form(&body);
    check_officer(&o, &headers, &f)?;
    let text = field(&f, "text");
    let kind = ACTIONS
        .into_iter()
        .find(|k| slug(*k) == field(&f, "action"))
        .ok_or_else(|| Fail::not_found(lang))?;
    let command = match kind {
        K::Receive => FeedbackCommand::Receive {
            category: match field(&f, "category").as_str() {
                "rules_or_procedure" => Category::RulesOrProcedure,
                "officer_conduct" => Category::OfficerConduct,
                _ => {
                    return Err(Fail::store(
                        lang,
                        AppError::invalid(
                            "feedback.category",
                            "Vui lòng chọn phân loại phản ánh.",
                            "Choose how the feedback is classified.",
                        ),
                    ));
                }
            },
        },
        K::Reject => FeedbackCommand::Reject { reason: text },
        K::Forward => {
            let to = q
                .store()
                .unit_by_code(&field(&f, "to_unit"))
                .await
                .map_err(|_| {
                    Fail::store(
                        lang,
                        AppError::invalid(
                            "feedback.to_unit",
                            "Vui lòng chọn cơ quan nhận.",
                            "Choose the unit to forward it to.",
                        ),
                    )
                })?;
            FeedbackCommand::Forward {
                to_unit: to.id,
                reason: text,
            }
        }
        K::RequestInfo => FeedbackCommand::RequestInfo { question: text },
        K::ProposeAnswer => FeedbackCommand::ProposeAnswer { text },
        K::SendBack => FeedbackCommand::SendBack { reason: text },
        K::Approve => FeedbackCommand::Approve,
        K::Publish => FeedbackCommand::Publish {
            answer: (!text.is_empty()).then_some(text),
        },
        _ => return Err(Fail::not_found(lang)),
    };
    let version = field(&f, "version").parse::<u64>().ok();
    let back = format!("/office/feedback/{}", code.trim().to_uppercase());
    let v = match q
        .store()
        .act_on_feedback(o.actor(), &code, version, command, None)
        .await
    {
        Ok(v) => v,
        // A refusal by the rules (an empty reason, a late step…) or a change made meanwhile by
        // someone else: back to the page, which shows the item as it is now, with the reason.
        Err(AppError::Invalid { vi, en, .. }) => {
            return Ok(see_other_with(
                &back,
                &Flash::new(
                    FlashKind::Warning,
                    format!("Chưa thực hiện được: {vi}"),
                    format!("Not done: {en}"),
                ),
            ));
        }
        Err(AppError::Stale { .. }) => {
            return Ok(see_other_with(
                &back,
                &Flash::new(
                    FlashKind::Warning,
                    "Phản ánh vừa được người khác cập nhật; hãy xem lại trước khi thao tác.",
                    "Someone else has just changed this item; check it before acting.",
                ),
            ));
        }
        Err(e) => return Err(Fail::store(lang, e)),
    };
    let (vi, en) = (kind.label_vi(), kind.label_en());
    // After forwarding, the item may have left the officer's units: back to the lists.
    let to = match q.store().feedback(o.actor(), &v.code, None).await {
        Ok(_) => format!("/office/feedback/{}", v.code),
        Err(_) => "/office/feedback".into(),
    };
    Ok(see_other_with(
        &to,
        &Flash::success(format!("Đã ghi nhận: {vi}."), format!("Done: {en}.")),
    ))
}
