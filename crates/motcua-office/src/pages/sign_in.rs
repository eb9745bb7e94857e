//! Sign-in: password, then (when enrolled) a TOTP or recovery code; enrolment by QR code with
//! ten recovery codes shown once; sign-out. Every attempt is recorded in the audit log
//! (`Store::record_sign_in`) and failures are rate-limited per address and per login.

use std::sync::OnceLock;

use askama::Template;
use axum::body::Bytes;
use axum::extract::{Query, State};
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Redirect, Response};
use jiff::SignedDuration;
use motcua_store::store::Session;
use motcua_ui::{Chrome, ErrorPage, Prefs, cookie, csrf};
use motcua_web::for_pages::{ClientIp, SESSION_COOKIE, is_default_password, new_token, token_hash};
use serde::Deserialize;

use super::{chrome, field, office_css, parse_form};
use crate::auth::{Pending, is_staff, session_cookie};
use crate::services::{recovery, totp};
use crate::state::Office;

#[derive(Template)]
#[template(path = "office/sign_in.html")]
struct SignInPage {
    page: Chrome,
    css: &'static str,
    csrf: String,
    next: String,
    login: String,
    error: String,
}

#[derive(Template)]
#[template(path = "office/code.html")]
struct CodePage {
    page: Chrome,
    css: &'static str,
    next: String,
    error: String,
}

#[derive(Template)]
#[template(path = "office/enrol.html")]
struct EnrolPage {
    page: Chrome,
    css: &'static str,
    qr: String,
    secret: String,
    error: String,
    required: bool,
    enabled: bool,
    codes_left: u64,
    recovery: Vec<String>,
}

#[derive(Deserialize, Default)]
pub struct NextQuery {
    #[serde(default)]
    next: String,
}

/// Only our own workspace paths (no open redirect).
fn safe_next(next: &str) -> String {
    if next.starts_with("/office") && !next.starts_with("//") && !next.contains("://") {
        next.to_string()
    } else {
        "/office".into()
    }
}

fn with_cookie(mut r: Response, c: Option<header::HeaderValue>) -> Response {
    if let Some(c) = c {
        r.headers_mut().append(header::SET_COOKIE, c);
    }
    r
}

pub async fn form(
    State(office): State<Office>,
    prefs: Prefs,
    headers: HeaderMap,
    Query(q): Query<NextQuery>,
) -> Response {
    let (token, set) = csrf::anon_token(&headers, office.config().production);
    let page = SignInPage {
        page: chrome(
            prefs,
            "/office/sign-in",
            prefs.lang.pick("Đăng nhập", "Sign in"),
            None,
        ),
        css: office_css(),
        csrf: token,
        next: safe_next(&q.next),
        login: String::new(),
        error: String::new(),
    };
    with_cookie(motcua_ui::render(&page), set)
}

fn dummy_hash() -> &'static str {
    static H: OnceLock<String> = OnceLock::new();
    H.get_or_init(|| motcua_web::hash_password("motcua timing equaliser"))
}

pub async fn submit(
    State(office): State<Office>,
    prefs: Prefs,
    ClientIp(ip): ClientIp,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    let lang = prefs.lang;
    let f = parse_form(&body);
    if let Err(e) = csrf::check_anon(lang, &headers, Some(&field(&f, csrf::FIELD))) {
        return e.into_response();
    }
    let login = field(&f, "login").trim().to_string();
    let password = field(&f, "password");
    let next = safe_next(&field(&f, "next"));
    let again = |status: StatusCode, vi: &str, en: &str| {
        let (token, set) = csrf::anon_token(&headers, office.config().production);
        let page = SignInPage {
            page: chrome(
                prefs,
                "/office/sign-in",
                lang.pick("Đăng nhập", "Sign in"),
                None,
            ),
            css: office_css(),
            csrf: token,
            next: next.clone(),
            login: login.clone(),
            error: lang.pick(vi, en).to_string(),
        };
        with_cookie(motcua_ui::render_status(status, &page), set)
    };
    let limits = office.web().page_limits();
    let key = login.to_lowercase();
    for l in [
        (&limits.sign_in_ip, ip.as_str()),
        (&limits.sign_in_login, key.as_str()),
    ] {
        if let Err(wait) = l.0.check(l.1) {
            return ErrorPage::rate_limited(lang, wait).into_response();
        }
    }
    let store = office.store();
    let account = match store.account_by_login(&login).await {
        Ok(a) => a,
        Err(e) => return super::error_page(lang, &e.into()),
    };
    let hash = account
        .as_ref()
        .map_or_else(|| dummy_hash().to_string(), |a| a.password_hash.clone());
    let pw = password.clone();
    let ok = tokio::task::spawn_blocking(move || motcua_web::verify_password(&hash, &pw))
        .await
        .unwrap_or(false);
    let account = match account {
        Some(a) if ok && !a.disabled && is_staff(&a) => a,
        other => {
            limits.sign_in_ip.hit(&ip);
            limits.sign_in_login.hit(&key);
            let detail = match &other {
                None => "office: unknown login",
                Some(a) if a.disabled => "office: account disabled",
                Some(a) if ok && !is_staff(a) => "office: not an officer",
                Some(_) => "office: wrong password",
            };
            let _ = store
                .record_sign_in(other.map(|a| a.id), &login, false, detail)
                .await;
            return again(
                StatusCode::UNAUTHORIZED,
                "Tên đăng nhập hoặc mật khẩu không đúng (hoặc tài khoản không phải tài khoản cán bộ).",
                "Wrong user name or password (or not an officer account).",
            );
        }
    };
    let production = office.config().production;
    if production && is_default_password(&password) {
        let _ = store
            .record_sign_in(
                Some(account.id),
                &login,
                false,
                "office: default password refused",
            )
            .await;
        return again(
            StatusCode::FORBIDDEN,
            "Mật khẩu mặc định không được dùng ở chế độ vận hành chính thức; nhờ quản trị viên đặt mật khẩu mới.",
            "Default passwords are refused in production mode; ask an administrator for a new password.",
        );
    }
    let (token, hash) = new_token();
    let now = store.now();
    let hours = office.config().session_hours.max(1);
    let session = Session {
        token_hash: hash,
        account: account.id,
        created_at: now,
        expires_at: now + SignedDuration::from_hours(i64::from(hours)),
        second_factor: false,
        csrf_token: csrf::new_token(),
        kind: "cookie".into(),
    };
    if let Err(e) = store.create_session(session).await {
        return super::error_page(lang, &e.into());
    }
    let _ = store
        .record_sign_in(Some(account.id), &login, true, "office: password")
        .await;
    limits.sign_in_login.clear(&key);
    let enc = percent_encoding::utf8_percent_encode(&next, percent_encoding::NON_ALPHANUMERIC);
    let to = if account.totp_enabled {
        format!("/office/sign-in/code?next={enc}")
    } else if production {
        "/office/totp".to_string()
    } else {
        next.clone()
    };
    let mut r = Redirect::to(&to).into_response();
    r.headers_mut().append(
        header::SET_COOKIE,
        session_cookie(&token, office.public_url().starts_with("https://"), hours),
    );
    r
}

fn pending_chrome(p: &Pending, here: &str, title: &str) -> Chrome {
    let mut c = chrome(p.prefs, here, title, None);
    c.csrf = p.session.csrf_token.clone();
    c.user_name = Some(p.account.display_name.clone());
    c
}

pub async fn code_form(p: Pending, Query(q): Query<NextQuery>) -> Response {
    let lang = p.prefs.lang;
    let page = CodePage {
        page: pending_chrome(
            &p,
            "/office/sign-in/code",
            lang.pick("Mã xác thực", "Sign-in code"),
        ),
        css: office_css(),
        next: safe_next(&q.next),
        error: String::new(),
    };
    motcua_ui::render(&page)
}

/// Checks a typed TOTP or recovery code (no replay of a TOTP step); what to log.
async fn check_code(office: &Office, p: &Pending, typed: &str) -> Option<&'static str> {
    let store = office.store();
    let account = &p.account;
    if recovery::looks_like_code(typed) {
        let hash = recovery::hash(account.id, typed);
        return match store.use_recovery_code(account.id, hash).await {
            Ok(true) => Some("office: recovery code"),
            _ => None,
        };
    }
    let secret = account.totp_secret.as_deref()?;
    let step = totp::verify(secret, typed, store.now().as_second())?;
    match store.use_totp_step(account.id, step).await {
        Ok(true) => Some("office: totp"),
        _ => None,
    }
}

pub async fn code_submit(
    State(office): State<Office>,
    p: Pending,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    let lang = p.prefs.lang;
    let f = parse_form(&body);
    if let Err(e) = csrf::check(
        lang,
        &headers,
        &p.session.csrf_token,
        Some(&field(&f, csrf::FIELD)),
    ) {
        return e.into_response();
    }
    let next = safe_next(&field(&f, "next"));
    let limits = office.web().page_limits();
    let key = format!("2fa:{}", p.account.id.0);
    if let Err(wait) = limits.sign_in_login.check(&key) {
        return ErrorPage::rate_limited(lang, wait).into_response();
    }
    let store = office.store();
    let login = p.account.username.clone().unwrap_or_default();
    let typed = field(&f, "code");
    match check_code(&office, &p, &typed).await {
        Some(how) => {
            let mut s = p.session.clone();
            s.second_factor = true;
            if let Err(e) = store.update_session(s).await {
                return super::error_page(lang, &e.into());
            }
            let _ = store
                .record_sign_in(Some(p.account.id), &login, true, how)
                .await;
            limits.sign_in_login.clear(&key);
            Redirect::to(&next).into_response()
        }
        None => {
            limits.sign_in_login.hit(&key);
            let _ = store
                .record_sign_in(
                    Some(p.account.id),
                    &login,
                    false,
                    "office: wrong second factor",
                )
                .await;
            let page = CodePage {
                page: pending_chrome(
                    &p,
                    "/office/sign-in/code",
                    lang.pick("Mã xác thực", "Sign-in code"),
                ),
                css: office_css(),
                next,
                error: lang
                    .pick(
                        "Mã không đúng hoặc đã dùng. Hãy nhập mã mới đang hiển thị trong ứng dụng.",
                        "The code is wrong or was already used. Type the new code your app shows.",
                    )
                    .into(),
            };
            motcua_ui::render_status(StatusCode::UNAUTHORIZED, &page)
        }
    }
}

async fn enrol_page(office: &Office, p: &Pending, error: &str, recovery: Vec<String>) -> Response {
    let lang = p.prefs.lang;
    let store = office.store();
    let mut secret = String::new();
    let mut qr = String::new();
    let enabled = p.account.totp_enabled || !recovery.is_empty();
    if !enabled {
        secret = match &p.account.totp_secret {
            Some(s) => s.clone(),
            None => {
                let s = totp::new_secret();
                if let Err(e) = store.set_totp(p.account.id, Some(s.clone()), false).await {
                    return super::error_page(lang, &e.into());
                }
                s
            }
        };
        let label = p
            .account
            .username
            .clone()
            .unwrap_or_else(|| p.account.display_name.clone());
        let uri = totp::otpauth_uri("motcua", &label, &secret);
        qr = motcua_docs::qr_svg_titled(
            &uri,
            lang.pick(
                "Mã QR để thêm vào ứng dụng xác thực",
                "QR code to add to your authenticator app",
            ),
        )
        .unwrap_or_default();
    }
    let codes_left = if enabled {
        store.recovery_codes_left(p.account.id).await.unwrap_or(0)
    } else {
        0
    };
    let page = EnrolPage {
        page: pending_chrome(
            p,
            "/office/totp",
            lang.pick("Xác thực hai lớp", "Two-factor sign-in"),
        ),
        css: office_css(),
        qr,
        secret,
        error: error.into(),
        required: office.config().production,
        enabled,
        codes_left,
        recovery,
    };
    let mut r = motcua_ui::render_status(
        if error.is_empty() {
            StatusCode::OK
        } else {
            StatusCode::UNPROCESSABLE_ENTITY
        },
        &page,
    );
    r.headers_mut().insert(
        header::CACHE_CONTROL,
        header::HeaderValue::from_static("no-store"),
    );
    r
}

pub async fn enrol_form(State(office): State<Office>, p: Pending) -> Response {
    enrol_page(&office, &p, "", vec![]).await
}

pub async fn enrol_submit(
    State(office): State<Office>,
    p: Pending,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    let lang = p.prefs.lang;
    let f = parse_form(&body);
    if let Err(e) = csrf::check(
        lang,
        &headers,
        &p.session.csrf_token,
        Some(&field(&f, csrf::FIELD)),
    ) {
        return e.into_response();
    }
    if p.account.totp_enabled {
        return Redirect::to("/office/totp").into_response();
    }
    let store = office.store();
    let Some(secret) = p.account.totp_secret.clone() else {
        return Redirect::to("/office/totp").into_response();
    };
    let step = totp::verify(&secret, &field(&f, "code"), store.now().as_second());
    let ok = match step {
        Some(s) => store.use_totp_step(p.account.id, s).await.unwrap_or(false),
        None => false,
    };
    if !ok {
        return enrol_page(
            &office,
            &p,
            lang.pick(
                "Mã không khớp. Kiểm tra giờ trên điện thoại và nhập mã đang hiển thị.",
                "The code does not match. Check your phone's clock and type the code shown now.",
            ),
            vec![],
        )
        .await;
    }
    let codes = recovery::new_codes();
    let hashes = codes
        .iter()
        .map(|c| recovery::hash(p.account.id, c))
        .collect();
    let mut s = p.session.clone();
    s.second_factor = true;
    let r = async {
        store.set_totp(p.account.id, Some(secret), true).await?;
        store.set_recovery_codes(p.account.id, hashes).await?;
        store.update_session(s).await
    }
    .await;
    if let Err(e) = r {
        return super::error_page(lang, &e.into());
    }
    enrol_page(&office, &p, "", codes).await
}

pub async fn sign_out(
    State(office): State<Office>,
    headers: HeaderMap,
    prefs: Prefs,
    body: Bytes,
) -> Response {
    let f = parse_form(&body);
    let Some(token) = cookie::get(&headers, SESSION_COOKIE) else {
        return Redirect::to("/office/sign-in").into_response();
    };
    let hash = token_hash(token);
    if let Ok(Some(s)) = office.store().session(&hash).await {
        if let Err(e) = csrf::check(
            prefs.lang,
            &headers,
            &s.csrf_token,
            Some(&field(&f, csrf::FIELD)),
        ) {
            return e.into_response();
        }
        let _ = office.store().delete_session(&hash).await;
    }
    let mut r = Redirect::to("/office/sign-in").into_response();
    r.headers_mut()
        .append(header::SET_COOKIE, cookie::clear(SESSION_COOKIE));
    r
}
