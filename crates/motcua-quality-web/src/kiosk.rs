//! The satisfaction kiosk (`/kiosk`, issue #6 §3): a tablet at the desk. No sign-in, huge touch
//! targets, Vietnamese; the dossier code is typed or scanned from the receipt's QR code (a small
//! optional script; the text field works without it). A finished dossier can be rated once on
//! this channel (TT 01/2018: kiosk devices are one of the rating channels), with the 12 criteria
//! of the portal, three big buttons each. The page shows nothing about the dossier but its code,
//! and links nowhere: a person at the desk cannot wander off into other pages.
//!
//! The kiosk acts as the system for the rating (the device has no account); wrong codes are
//! rate-limited per address so codes cannot be guessed from it, and every "cannot rate" has the
//! same answer (no existence is confirmed).

use std::collections::BTreeMap;

use askama::Template;
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode};
use axum::response::Response;
use motcua_domain::code::DossierCode;
use motcua_domain::dossier::{Actor, Grant, Role};
use motcua_domain::quality::satisfaction::{Criterion, Level, RatingChannel, RatingInput};
use motcua_store::store::AppError;
use motcua_ui::{ErrorPage, Lang, Prefs};
use motcua_web::for_pages::ClientIp;

use crate::page::{Fail, PageResult, field, parse_form, see_other, with_cookie};
use crate::state::Quality;
use crate::who::Ctx;

/// The device acting for the citizen at the desk.
fn kiosk() -> Actor {
    Actor {
        account: None,
        name: "Kiosk".into(),
        grants: vec![Grant {
            role: Role::System,
            unit: None,
        }],
    }
}

fn key<T: serde::Serialize>(v: &T) -> String {
    serde_json::to_value(v)
        .ok()
        .and_then(|v| v.as_str().map(str::to_owned))
        .unwrap_or_default()
}

pub struct Crit {
    name: String,
    /// The first button's id (`f-score-overall`), where the error summary links.
    id: String,
    label: String,
    hint: &'static str,
    chosen: String,
    error: bool,
}

pub struct LevelView {
    value: String,
    label: &'static str,
}

/// The kiosk's own frame (no site navigation, no footer links).
struct Frame {
    /// Always Vietnamese: the tablet serves the desk's visitors (issue #6 §3).
    lang: &'static str,
    large_text: bool,
    kit_css: &'static str,
    css: &'static str,
    js: &'static str,
}

fn frame(prefs: Prefs) -> Frame {
    Frame {
        lang: "vi",
        large_text: prefs.large_text,
        kit_css: motcua_ui::assets::css_href(),
        css: crate::page::css(),
        js: crate::assets::kiosk_js_href(),
    }
}

#[derive(Template)]
#[template(path = "quality/kiosk_start.html")]
struct StartPage {
    f: Frame,
    csrf: String,
    code: String,
    error: Option<&'static str>,
}

#[derive(Template)]
#[template(path = "quality/kiosk_rate.html")]
struct RatePage {
    f: Frame,
    csrf: String,
    code: String,
    criteria: Vec<Crit>,
    levels: Vec<LevelView>,
    missing: usize,
}

#[derive(Template)]
#[template(path = "quality/kiosk_thanks.html")]
struct ThanksPage {
    f: Frame,
}

fn start_page(ctx: &Ctx, csrf: String, code: String, error: Option<&'static str>) -> Response {
    let status = if error.is_some() {
        StatusCode::UNPROCESSABLE_ENTITY
    } else {
        StatusCode::OK
    };
    no_store(motcua_ui::render_status(
        status,
        &StartPage {
            f: frame(ctx.prefs),
            csrf,
            code,
            error,
        },
    ))
}

fn no_store(mut r: Response) -> Response {
    r.headers_mut().insert(
        axum::http::header::CACHE_CONTROL,
        axum::http::HeaderValue::from_static("no-store"),
    );
    r
}

/// `GET /kiosk`.
pub async fn start(State(q): State<Quality>, ctx: Ctx, headers: HeaderMap) -> Response {
    let (csrf, cookie) = motcua_ui::csrf::anon_token(&headers, q.secure_cookies());
    with_cookie(start_page(&ctx, csrf, String::new(), None), cookie)
}

fn cannot_text(lang: Lang) -> &'static str {
    lang.pick(
        "Không đánh giá được hồ sơ này tại đây: mã chưa đúng, hồ sơ chưa giải quyết xong, hoặc đã được đánh giá tại quầy. Vui lòng kiểm tra mã trên giấy tiếp nhận hoặc hỏi cán bộ.",
        "This dossier cannot be rated here: the code is wrong, the dossier is not finished, or it was already rated at the desk. Check the code on your receipt or ask the officer.",
    )
}

/// Whether the dossier can be rated on the kiosk now (finished, not yet rated there).
async fn rateable(q: &Quality, code: &DossierCode) -> bool {
    let store = q.store();
    let Ok(v) = store.dossier(&kiosk(), code).await else {
        return false;
    };
    if !v.dossier.status.is_final() {
        return false;
    }
    match store.ratings_of(&kiosk(), code).await {
        Ok(list) => !list.iter().any(|r| r.channel == RatingChannel::Kiosk),
        Err(_) => false,
    }
}

fn criteria(lang: Lang, given: &BTreeMap<String, String>, missing: &[Criterion]) -> Vec<Crit> {
    Criterion::ALL
        .into_iter()
        .map(|c| {
            let k = key(&c);
            let automatic = c.index().is_some_and(|i| i.automatic());
            Crit {
                name: format!("score.{k}"),
                id: format!("f-score-{k}"),
                label: format!("{}. {}", c.number(), lang.pick(c.label_vi(), c.label_en())),
                hint: if automatic {
                    lang.pick(
                        "Không bắt buộc: hệ thống cũng tự tính tiêu chí này từ thời gian giải quyết thực tế.",
                        "Optional: the system also computes this criterion from the actual processing time.",
                    )
                } else {
                    ""
                },
                chosen: given.get(&k).cloned().unwrap_or_default(),
                error: missing.contains(&c),
            }
        })
        .collect()
}

fn levels(lang: Lang) -> Vec<LevelView> {
    Level::ALL
        .iter()
        .map(|l| LevelView {
            value: key(l),
            label: lang.pick(l.label_vi(), l.label_en()),
        })
        .collect()
}

fn rate_page(
    ctx: &Ctx,
    csrf: String,
    code: &DossierCode,
    given: &BTreeMap<String, String>,
    missing: &[Criterion],
) -> Response {
    let lang = Lang::Vi;
    let status = if missing.is_empty() {
        StatusCode::OK
    } else {
        StatusCode::UNPROCESSABLE_ENTITY
    };
    no_store(motcua_ui::render_status(
        status,
        &RatePage {
            f: frame(ctx.prefs),
            csrf,
            code: code.to_string(),
            criteria: criteria(lang, given, missing),
            levels: levels(lang),
            missing: missing.len(),
        },
    ))
}

/// `POST /kiosk`: the code typed or scanned.
pub async fn code(
    State(q): State<Quality>,
    ctx: Ctx,
    ClientIp(ip): ClientIp,
    headers: HeaderMap,
    body: axum::body::Bytes,
) -> PageResult {
    let lang = Lang::Vi;
    let f = parse_form(&body);
    let csrf = field(&f, motcua_ui::csrf::FIELD);
    motcua_ui::csrf::check_anon(lang, &headers, Some(&csrf)).map_err(Fail::from)?;
    if let Err(wait) = q.limits().kiosk_miss_ip.check(&ip) {
        return Err(ErrorPage::rate_limited(lang, wait).back("/kiosk").into());
    }
    let typed = field(&f, "code");
    let parsed = DossierCode::parse(typed.trim()).ok();
    match parsed {
        Some(c) if rateable(&q, &c).await => Ok(rate_page(&ctx, csrf, &c, &BTreeMap::new(), &[])),
        _ => {
            q.limits().kiosk_miss_ip.hit(&ip);
            Ok(start_page(&ctx, csrf, typed, Some(cannot_text(lang))))
        }
    }
}

/// `POST /kiosk/danh-gia`: the rating.
pub async fn rate(
    State(q): State<Quality>,
    ctx: Ctx,
    headers: HeaderMap,
    body: axum::body::Bytes,
) -> PageResult {
    let lang = Lang::Vi;
    let f = parse_form(&body);
    let csrf = field(&f, motcua_ui::csrf::FIELD);
    motcua_ui::csrf::check_anon(lang, &headers, Some(&csrf)).map_err(Fail::from)?;
    let Ok(code) = DossierCode::parse(&field(&f, "code")) else {
        return Ok(see_other("/kiosk"));
    };
    let mut given = BTreeMap::new();
    let mut chosen = BTreeMap::new();
    for c in Criterion::ALL {
        let name = format!("score.{}", key(&c));
        if let Some(l) = Level::ALL.iter().find(|l| key(*l) == field(&f, &name)) {
            chosen.insert(c, *l);
            given.insert(key(&c), key(l));
        }
    }
    let comment = Some(field(&f, "comment")).filter(|c| !c.is_empty());
    let input = RatingInput {
        channel: RatingChannel::Kiosk,
        levels: chosen,
        comment,
    };
    match q.store().rate_service(&kiosk(), &code, input).await {
        Ok(_) => Ok(see_other("/kiosk/cam-on")),
        Err(AppError::Invalid {
            code: "rating.incomplete",
            ..
        }) => {
            let missing: Vec<Criterion> = Criterion::ALL
                .into_iter()
                .filter(|c| !c.index().is_some_and(|i| i.automatic()))
                .filter(|c| !given.contains_key(&key(c)))
                .collect();
            Ok(rate_page(&ctx, csrf, &code, &given, &missing))
        }
        Err(AppError::Duplicate(_) | AppError::NotFound | AppError::Invalid { .. }) => Ok(
            start_page(&ctx, csrf, String::new(), Some(cannot_text(lang))),
        ),
        Err(e) => Err(Fail::store(lang, e)),
    }
}

/// `GET /kiosk/cam-on`.
pub async fn thanks(ctx: Ctx) -> Response {
    no_store(motcua_ui::render(&ThanksPage {
        f: frame(ctx.prefs),
    }))
}
