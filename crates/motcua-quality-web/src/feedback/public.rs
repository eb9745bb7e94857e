//! Published answers (`/phan-anh`, `/phan-anh/{code}`): the question and the answer as the
//! store keeps them for the public, with personal data removed at publication (the domain's
//! `redact`), and like / dislike. A signed-in person's vote counts for 766 indicator 5.3; an
//! anonymous one is tied to a cookie of this browser and shown apart (a cookie can be
//! cleared at will). Either way one vote per person: voting again replaces the vote.

use askama::Template;
use axum::extract::{Path, Query, State};
use axum::http::{HeaderMap, header};
use motcua_store::store::AppError;
use motcua_store::store::quality::{PublicFeedback, Voter};
use motcua_ui::cookie::{self, CookieOptions};
use motcua_ui::i18n::short_date;
use motcua_ui::{Chrome, Flash, Lang};
use serde::Deserialize;

use crate::page::{
    Fail, PageResult, check_any, field, form_token, parse_form, public_chrome, see_other_with,
    with_cookie,
};
use crate::state::Quality;
use crate::who::Ctx;

/// The anonymous voter's cookie (random, 32 bytes; the store keeps only its SHA-256).
const DEVICE_COOKIE: &str = "motcua_device";
const PER_PAGE: u32 = 20;

pub struct Item {
    code: String,
    title: String,
    question: String,
    answer: String,
    unit: String,
    category: String,
    submitted: String,
    published: String,
    likes: u64,
    dislikes: u64,
    counted: String,
}

fn to_item(lang: Lang, p: PublicFeedback) -> Item {
    let r = p.reactions;
    Item {
        counted: match lang {
            Lang::Vi => format!(
                "trong đó người đã đăng nhập: {} thích, {} không thích (được tính vào chỉ số 5.3)",
                r.likes, r.dislikes
            ),
            Lang::En => format!(
                "of which signed-in people: {} likes, {} dislikes (counted in indicator 5.3)",
                r.likes, r.dislikes
            ),
        },
        likes: r.likes + r.device_likes,
        dislikes: r.dislikes + r.device_dislikes,
        code: p.code,
        title: p.title,
        question: p.question,
        answer: p.answer,
        unit: p.unit_name,
        category: p
            .category
            .map(|c| lang.pick(c.label_vi(), c.label_en()).to_string())
            .unwrap_or_default(),
        submitted: short_date(p.submitted_at),
        published: short_date(p.published_at),
    }
}

#[derive(Template)]
#[template(path = "quality/feedback_public.html")]
struct ListPage {
    page: Chrome,
    css: &'static str,
    items: Vec<Item>,
    total: u64,
    prev: Option<String>,
    next: Option<String>,
    page_text: String,
}

#[derive(Template)]
#[template(path = "quality/feedback_answer.html")]
struct ItemPage {
    page: Chrome,
    css: &'static str,
    csrf: String,
    i: Item,
}

#[derive(Debug, Default, Deserialize)]
pub struct ListQuery {
    #[serde(default)]
    trang: Option<u32>,
}

/// `GET /phan-anh`: published answers, newest first.
pub async fn list(State(q): State<Quality>, ctx: Ctx, Query(lq): Query<ListQuery>) -> PageResult {
    let lang = ctx.lang();
    let page = lq.trang.unwrap_or(1).max(1);
    let p = q
        .store()
        .public_feedback(None, page, PER_PAGE)
        .await
        .map_err(|e| Fail::store(lang, e))?;
    let pages = p.total.div_ceil(u64::from(PER_PAGE)).max(1) as u32;
    let mut chrome = public_chrome(
        &ctx,
        lang.pick("Phản ánh, kiến nghị đã trả lời", "Answered feedback"),
    );
    chrome.private = false;
    let t = ListPage {
        page: chrome,
        css: crate::page::css(),
        total: p.total,
        items: p.items.into_iter().map(|i| to_item(lang, i)).collect(),
        prev: (page > 1).then(|| format!("/phan-anh?trang={}", page - 1)),
        next: (page < pages).then(|| format!("/phan-anh?trang={}", page + 1)),
        page_text: format!("{} {page}/{pages}", lang.pick("Trang", "Page")),
    };
    Ok(motcua_ui::render(&t))
}

/// `GET /phan-anh/{code}`: one published answer with the vote buttons.
pub async fn item_page(q: &Quality, ctx: &Ctx, headers: &HeaderMap, code: &str) -> PageResult {
    let lang = ctx.lang();
    let p = q
        .store()
        .public_feedback_item(code)
        .await
        .map_err(|e| Fail::store(lang, e))?;
    let (csrf, csrf_cookie) = form_token(ctx, headers, q.secure_cookies());
    let i = to_item(lang, p);
    let mut chrome = public_chrome(ctx, i.title.clone());
    chrome.private = ctx.user.is_some();
    let t = ItemPage {
        page: chrome,
        css: crate::page::css(),
        csrf,
        i,
    };
    let mut r = with_cookie(motcua_ui::render(&t), csrf_cookie);
    if ctx.user.is_none() && cookie::get(headers, DEVICE_COOKIE).is_none_or(|v| v.len() < 43) {
        let opts = CookieOptions {
            http_only: true,
            secure: q.secure_cookies(),
            max_age: Some(365 * 24 * 3600),
        };
        r.headers_mut().append(
            header::SET_COOKIE,
            cookie::set(DEVICE_COOKIE, &motcua_ui::csrf::new_token(), opts),
        );
    }
    Ok(r)
}

pub async fn item(
    State(q): State<Quality>,
    ctx: Ctx,
    headers: HeaderMap,
    Path(code): Path<String>,
) -> PageResult {
    item_page(&q, &ctx, &headers, &code).await
}

/// `POST /phan-anh/{code}/binh-chon` (`vote=like|dislike`).
pub async fn react(
    State(q): State<Quality>,
    ctx: Ctx,
    headers: HeaderMap,
    Path(code): Path<String>,
    body: axum::body::Bytes,
) -> PageResult {
    let lang = ctx.lang();
    let f = parse_form(&body);
    check_any(&ctx, &headers, &f)?;
    let like = match field(&f, "vote").as_str() {
        "like" => true,
        "dislike" => false,
        _ => return Err(Fail::not_found(lang)),
    };
    let device = cookie::get(&headers, DEVICE_COOKIE)
        .unwrap_or("")
        .to_string();
    let voter = match &ctx.user {
        Some(u) => Voter::Account(&u.actor),
        None => Voter::Device(&device),
    };
    let back = format!("/phan-anh/{}", code.trim().to_uppercase());
    match q.store().react_to_feedback(voter, &code, like).await {
        Ok(_) => Ok(see_other_with(
            &format!("{back}#binh-chon"),
            &Flash::success(
                "Cảm ơn bạn đã cho biết ý kiến về câu trả lời. Mỗi người chỉ có một lượt: chọn lại sẽ thay lượt trước.",
                "Thank you for your opinion of the answer. One vote per person: voting again replaces your vote.",
            ),
        )),
        Err(AppError::NotFound) => Err(Fail::not_found(lang)),
        Err(e) => Err(Fail::store(lang, e)),
    }
}
