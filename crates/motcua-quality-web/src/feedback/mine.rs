//! The author's side: "Phản ánh của tôi" (`/phan-anh/cua-toi`: notices of every change and the
//! items, signed in) and one item (`/phan-anh/theo-doi/{code}`: signed in as its author, or with
//! the private link `?k=…` an anonymous author was given). There the author answers the unit's
//! request for information and may raise the matter again after the answer.

use askama::Template;
use axum::extract::{Path, Query, State};
use axum::http::HeaderMap;
use motcua_domain::dossier::Actor;
use motcua_domain::quality::feedback::{FeedbackCommand, FeedbackStatus};
use motcua_store::store::AppError;
use motcua_store::store::quality::{FeedbackNotice, FeedbackView};
use motcua_ui::i18n::moment;
use motcua_ui::{Chrome, Flash, Lang};
use serde::Deserialize;

use super::{subject_text, timeline};
use crate::labels;
use crate::page::{
    Fail, PageResult, check_any, field, form_token, parse_form, public_chrome, see_other,
    see_other_with, with_cookie,
};
use crate::state::Quality;
use crate::who::Ctx;

pub struct Notice {
    code: String,
    text: String,
    at: String,
    new: bool,
}

pub struct Mine {
    code: String,
    title: String,
    status: &'static str,
    unit: String,
    submitted: String,
}

#[derive(Template)]
#[template(path = "quality/feedback_mine.html")]
struct MinePage {
    page: Chrome,
    css: &'static str,
    notices: Vec<Notice>,
    items: Vec<Mine>,
}

#[derive(Template)]
#[template(path = "quality/feedback_follow.html")]
struct FollowPage {
    page: Chrome,
    css: &'static str,
    csrf: String,
    action: String,
    secret: String,
    code: String,
    title: String,
    status: &'static str,
    unit: String,
    about: String,
    content: String,
    deadline: String,
    question: Option<String>,
    answer: Option<String>,
    rejection: Option<String>,
    can_raise: bool,
    events: Vec<(String, String)>,
    notices: Vec<Notice>,
    error: Option<String>,
}

fn notices(lang: Lang, list: Vec<FeedbackNotice>) -> Vec<Notice> {
    list.into_iter()
        .map(|n| Notice {
            code: n.feedback_code,
            text: lang.pick(&n.text_vi, &n.text_en).to_string(),
            at: moment(lang, n.at),
            new: !n.read,
        })
        .collect()
}

/// `GET /phan-anh/cua-toi`.
pub async fn list(State(q): State<Quality>, ctx: Ctx) -> PageResult {
    let lang = ctx.lang();
    let Some(u) = &ctx.user else {
        return Ok(see_other("/dang-nhap?next=%2Fphan-anh%2Fcua-toi"));
    };
    let store = q.store();
    let raw = store
        .feedback_notices(&u.actor, false)
        .await
        .map_err(|e| Fail::store(lang, e))?;
    let unread: Vec<i64> = raw.iter().filter(|n| !n.read).map(|n| n.id).collect();
    let items = store
        .my_feedback(&u.actor)
        .await
        .map_err(|e| Fail::store(lang, e))?;
    let t = MinePage {
        page: public_chrome(&ctx, lang.pick("Phản ánh của tôi", "My feedback")),
        css: crate::page::css(),
        notices: notices(lang, raw),
        items: items
            .into_iter()
            .map(|s| Mine {
                code: s.code,
                title: s.title,
                status: labels::feedback_status(lang, s.status),
                unit: s.unit_name,
                submitted: moment(lang, s.submitted_at),
            })
            .collect(),
    };
    let r = motcua_ui::render(&t);
    // Shown once as new, then read (like any inbox).
    if !unread.is_empty()
        && let Err(e) = store.mark_feedback_notices_read(&u.actor, unread).await
    {
        tracing::warn!(error = %e, "marking feedback notices read");
    }
    Ok(r)
}

#[derive(Debug, Default, Deserialize)]
pub struct Secret {
    #[serde(default)]
    k: String,
}

/// The author acting: the signed-in account, or nobody holding the item's secret link.
fn author(ctx: &Ctx) -> Actor {
    match &ctx.user {
        Some(u) => u.actor.clone(),
        None => Actor {
            account: None,
            name: "Người gửi phản ánh".into(),
            grants: Vec::new(),
        },
    }
}

fn secret(k: &str) -> Option<String> {
    let k = k.trim();
    (!k.is_empty()).then(|| k.to_string())
}

async fn follow_page(
    q: &Quality,
    ctx: &Ctx,
    headers: &HeaderMap,
    code: &str,
    k: &str,
    error: Option<String>,
) -> PageResult {
    let lang = ctx.lang();
    let store = q.store();
    let v: FeedbackView = store
        .feedback(&author(ctx), code, secret(k))
        .await
        .map_err(|e| Fail::store(lang, e))?;
    let list = match secret(k) {
        Some(s) => store
            .feedback_notices_for_author(&v.code, &s)
            .await
            .unwrap_or_default(),
        None => match &ctx.user {
            Some(u) => store
                .feedback_notices(&u.actor, false)
                .await
                .unwrap_or_default()
                .into_iter()
                .filter(|n| n.feedback_code == v.code)
                .collect(),
            None => Vec::new(),
        },
    };
    let fb = &v.feedback;
    let (csrf, cookie) = form_token(ctx, headers, q.secure_cookies());
    let now = store.now();
    let cal = store.calendar(fb.unit);
    let t = FollowPage {
        page: {
            let mut p = public_chrome(ctx, fb.title.clone());
            p.private = true;
            p
        },
        css: crate::page::css(),
        csrf,
        action: format!("/phan-anh/theo-doi/{}/bo-sung", v.code),
        secret: k.trim().to_string(),
        code: v.code.clone(),
        title: fb.title.clone(),
        status: labels::feedback_status(lang, fb.status),
        unit: v.unit_name.clone(),
        about: subject_text(lang, &fb.subject),
        content: fb.content.clone(),
        deadline: v
            .deadline
            .map(|d| {
                format!(
                    "{} ({})",
                    moment(lang, d.at),
                    labels::working_days_left(lang, &cal, now, d.at)
                )
            })
            .unwrap_or_default(),
        question: fb.open_info_request().map(|r| r.question.clone()),
        answer: fb
            .published_answer
            .clone()
            .filter(|_| fb.status == FeedbackStatus::Published),
        rejection: fb.rejection.clone(),
        can_raise: fb.status.is_final(),
        events: timeline(lang, fb),
        notices: notices(lang, list),
        error,
    };
    let status = if t.error.is_some() {
        axum::http::StatusCode::UNPROCESSABLE_ENTITY
    } else {
        axum::http::StatusCode::OK
    };
    let mut r = with_cookie(motcua_ui::render_status(status, &t), cookie);
    r.headers_mut().insert(
        axum::http::header::CACHE_CONTROL,
        axum::http::HeaderValue::from_static("no-store"),
    );
    // The link carries a secret: do not send it to other sites as a referrer.
    r.headers_mut().insert(
        axum::http::header::REFERRER_POLICY,
        axum::http::HeaderValue::from_static("no-referrer"),
    );
    Ok(r)
}

/// `GET /phan-anh/theo-doi/{code}[?k=…]`.
pub async fn follow(
    State(q): State<Quality>,
    ctx: Ctx,
    headers: HeaderMap,
    Path(code): Path<String>,
    Query(s): Query<Secret>,
) -> PageResult {
    if ctx.user.is_none() && s.k.is_empty() {
        let next: String = form_urlencoded::byte_serialize(ctx.here.as_bytes()).collect();
        return Ok(see_other(&format!("/dang-nhap?next={next}")));
    }
    follow_page(&q, &ctx, &headers, &code, &s.k, None).await
}

/// `POST /phan-anh/theo-doi/{code}/bo-sung`: `action=provide_info|re_raise`, `text`, `k`.
pub async fn answer(
    State(q): State<Quality>,
    ctx: Ctx,
    headers: HeaderMap,
    Path(code): Path<String>,
    body: axum::body::Bytes,
) -> PageResult {
    let lang = ctx.lang();
    let f = parse_form(&body);
    check_any(&ctx, &headers, &f)?;
    let k = field(&f, "k");
    let text = field(&f, "text");
    let command = match field(&f, "action").as_str() {
        "provide_info" => FeedbackCommand::ProvideInfo { text },
        "re_raise" => FeedbackCommand::ReRaise { text },
        _ => return Err(Fail::not_found(lang)),
    };
    match q
        .store()
        .act_on_feedback(&author(&ctx), &code, None, command, secret(&k))
        .await
    {
        Ok(v) => {
            let mut to = format!("/phan-anh/theo-doi/{}", v.code);
            if !k.is_empty() {
                to.push_str(&format!("?k={k}"));
            }
            Ok(see_other_with(
                &to,
                &Flash::success("Đã gửi đến cơ quan xử lý.", "Sent to the handling unit."),
            ))
        }
        Err(AppError::Invalid { vi, en, .. }) => {
            follow_page(
                &q,
                &ctx,
                &headers,
                &code,
                &k,
                Some(lang.pick(&vi, &en).to_string()),
            )
            .await
        }
        Err(e) => Err(Fail::store(lang, e)),
    }
}
