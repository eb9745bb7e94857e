//! Accounts: sign up and sign in with a Vietnamese phone number or an e-mail address and a
//! password (argon2, via motcua-web), sessions stored in the database as the SHA-256 of a random
//! cookie token, sign-in failures rate-limited per address and per login.

use askama::Template;
use axum::Form;
use axum::extract::{Query, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use jiff::SignedDuration;
use motcua_domain::dossier::{Grant, Role};
use motcua_domain::validate;
use motcua_store::store::{AppError, NewAccount, Session};
use motcua_ui::cookie::{self, CookieOptions};
use motcua_ui::form::{Control, Kind};
use motcua_ui::{Chrome, Flash, FormErrors, csrf};
use motcua_web::for_pages::{ClientIp, SESSION_COOKIE, is_default_password, new_token};
use serde::Deserialize;

use crate::Portal;
use crate::ctx::Ctx;
use crate::fail::{Fail, PageResult, safe_next, see_other, see_other_with};

#[derive(Deserialize, Default)]
pub struct NextQuery {
    next: Option<String>,
}

#[derive(Template)]
#[template(path = "sign_in.html")]
struct SignInPage {
    page: Chrome,
    summary: String,
    login: Control,
    password: Control,
    next: String,
}

fn sign_in_page(ctx: &Ctx, csrf: String, login: &str, next: &str, e: &FormErrors) -> SignInPage {
    let l = ctx.lang();
    let mut page = ctx.chrome(ctx.t("Đăng nhập", "Sign in"));
    page.csrf = csrf;
    SignInPage {
        summary: e.summary(l),
        login: Control::text(
            l,
            "login",
            ctx.t("Số điện thoại hoặc thư điện tử", "Phone number or e-mail"),
        )
        .hint(ctx.t("Ví dụ: 0912 345 678", "For example: 0912 345 678"))
        .value(login)
        .autocomplete("username")
        .errors(e),
        password: Control::new(
            l,
            Kind::Input("password"),
            "password",
            ctx.t("Mật khẩu", "Password"),
        )
        .autocomplete("current-password")
        .errors(e),
        next: next.to_string(),
        page,
    }
}

fn with_cookie(mut r: Response, c: Option<HeaderValue>) -> Response {
    if let Some(c) = c {
        r.headers_mut().append(header::SET_COOKIE, c);
    }
    r.headers_mut()
        .insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    r
}

/// `GET /dang-nhap`.
pub async fn sign_in_form(
    State(s): State<Portal>,
    ctx: Ctx,
    headers: HeaderMap,
    Query(q): Query<NextQuery>,
) -> Response {
    if ctx.user.is_some() {
        return see_other(&safe_next(q.next.as_deref()));
    }
    let (token, set) = csrf::anon_token(&headers, s.app.page_config().production);
    let page = sign_in_page(
        &ctx,
        token,
        "",
        &safe_next(q.next.as_deref()),
        &FormErrors::new(),
    );
    with_cookie(motcua_ui::render(&page), set)
}

#[derive(Deserialize)]
pub struct SignInForm {
    #[serde(default)]
    login: String,
    #[serde(default)]
    password: String,
    next: Option<String>,
    csrf_token: Option<String>,
}

/// A new session for an account: the cookie to set.
pub(crate) async fn open_session(
    s: &Portal,
    account: motcua_domain::ids::AccountId,
) -> Result<HeaderValue, AppError> {
    let (token, hash) = new_token();
    let store = s.app.page_store();
    let now = store.now();
    let hours = s.app.page_config().session_hours.max(1);
    store
        .create_session(Session {
            token_hash: hash,
            account,
            created_at: now,
            expires_at: now + SignedDuration::from_hours(hours as i64),
            second_factor: false,
            csrf_token: csrf::new_token(),
            kind: "cookie".into(),
        })
        .await?;
    Ok(cookie::set(
        SESSION_COOKIE,
        &token,
        CookieOptions {
            http_only: true,
            secure: s.app.page_config().production,
            max_age: Some(hours as u64 * 3600),
        },
    ))
}

/// `POST /dang-nhap`.
pub async fn sign_in(
    State(s): State<Portal>,
    ctx: Ctx,
    ClientIp(ip): ClientIp,
    headers: HeaderMap,
    Form(f): Form<SignInForm>,
) -> PageResult {
    let lang = ctx.lang();
    csrf::check_anon(lang, &headers, f.csrf_token.as_deref())?;
    let limits = s.app.page_limits();
    let login_key = f.login.trim().to_lowercase();
    if let Err(wait) = limits
        .sign_in_ip
        .check(&ip)
        .and_then(|_| limits.sign_in_login.check(&login_key))
    {
        return Err(motcua_ui::ErrorPage::rate_limited(lang, wait).into());
    }
    let store = s.app.page_store();
    let next = safe_next(f.next.as_deref());
    let mut e = FormErrors::new();
    if f.login.trim().is_empty() {
        e.add(
            "login",
            "Vui lòng nhập số điện thoại hoặc thư điện tử.",
            "Enter your phone number or e-mail.",
        );
    }
    if f.password.is_empty() {
        e.add(
            "password",
            "Vui lòng nhập mật khẩu.",
            "Enter your password.",
        );
    }
    let account = if e.is_empty() {
        store
            .account_by_login(&f.login)
            .await
            .map_err(|err| Fail::store(lang, err))?
    } else {
        None
    };
    // Verify even when the login is unknown, so timing does not reveal which logins exist.
    let hash = account
        .as_ref()
        .map_or(DUMMY_HASH.as_str(), |a| a.password_hash.as_str())
        .to_string();
    let pw = f.password.clone();
    let ok = e.is_empty()
        && tokio::task::spawn_blocking(move || motcua_web::verify_password(&hash, &pw))
            .await
            .unwrap_or(false)
        && account.as_ref().is_some_and(|a| !a.disabled);
    if !ok {
        if e.is_empty() {
            limits.sign_in_ip.hit(&ip);
            limits.sign_in_login.hit(&login_key);
            let _ = store
                .record_sign_in(
                    account.as_ref().map(|a| a.id),
                    &f.login,
                    false,
                    "portal: wrong login or password",
                )
                .await;
            e.add(
                "login",
                "Số điện thoại/thư điện tử hoặc mật khẩu không đúng.",
                "The phone number/e-mail or the password is not right.",
            );
        }
        let token = cookie::get(&headers, csrf::ANON_COOKIE)
            .unwrap_or("")
            .to_string();
        let page = sign_in_page(&ctx, token, &f.login, &next, &e);
        return Ok(motcua_ui::render_status(
            StatusCode::UNPROCESSABLE_ENTITY,
            &page,
        ));
    }
    let account = account.expect("checked above");
    limits.sign_in_login.clear(&login_key);
    let _ = store
        .record_sign_in(Some(account.id), &f.login, true, "portal")
        .await;
    let c = open_session(&s, account.id)
        .await
        .map_err(|err| Fail::store(lang, err))?;
    let mut r = see_other(&next);
    r.headers_mut().append(header::SET_COOKIE, c);
    Ok(r)
}

/// An argon2 hash of a random password: verifying against it costs what a real check costs.
static DUMMY_HASH: std::sync::LazyLock<String> =
    std::sync::LazyLock::new(|| motcua_web::hash_password(&csrf::new_token()));

#[derive(Template)]
#[template(path = "sign_up.html")]
struct SignUpPage {
    page: Chrome,
    summary: String,
    fields: Vec<Control>,
    next: String,
}

#[derive(Deserialize, Default)]
pub struct SignUpForm {
    #[serde(default)]
    full_name: String,
    #[serde(default)]
    citizen_id: String,
    #[serde(default)]
    phone: String,
    #[serde(default)]
    email: String,
    #[serde(default)]
    password: String,
    next: Option<String>,
    csrf_token: Option<String>,
}

fn sign_up_page(ctx: &Ctx, csrf: String, f: &SignUpForm, e: &FormErrors) -> SignUpPage {
    let l = ctx.lang();
    let mut page = ctx.chrome(ctx.t("Tạo tài khoản", "Create an account"));
    page.csrf = csrf;
    let fields = vec![
        Control::text(l, "full_name", ctx.t("Họ và tên", "Full name"))
            .hint(ctx.t(
                "Viết có dấu, như trên căn cước. Ví dụ: Nguyễn Thị Hoa",
                "As on your ID card, with Vietnamese accents. E.g. Nguyễn Thị Hoa",
            ))
            .value(&f.full_name)
            .autocomplete("name")
            .errors(e),
        Control::text(
            l,
            "citizen_id",
            ctx.t(
                "Số định danh cá nhân (số CCCD)",
                "Personal ID number (CCCD)",
            ),
        )
        .hint(ctx.t(
            "12 chữ số, in trên thẻ căn cước",
            "12 digits, printed on your ID card",
        ))
        .value(&f.citizen_id)
        .inputmode("numeric")
        .width("mid")
        .errors(e),
        Control::new(
            l,
            Kind::Input("tel"),
            "phone",
            ctx.t("Số điện thoại di động", "Mobile phone number"),
        )
        .hint(ctx.t(
            "Dùng để đăng nhập và nhận tin về hồ sơ. Ví dụ: 0912 345 678",
            "Used to sign in and to hear about your dossiers. E.g. 0912 345 678",
        ))
        .value(&f.phone)
        .autocomplete("tel")
        .width("mid")
        .errors(e),
        Control::new(
            l,
            Kind::Input("email"),
            "email",
            ctx.t("Thư điện tử", "E-mail"),
        )
        .optional(true)
        .value(&f.email)
        .autocomplete("email")
        .errors(e),
        Control::new(
            l,
            Kind::Input("password"),
            "password",
            ctx.t("Mật khẩu", "Password"),
        )
        .hint(ctx.t(
            "Ít nhất 8 ký tự. Đừng dùng ngày sinh.",
            "At least 8 characters. Do not use your birthday.",
        ))
        .autocomplete("new-password")
        .errors(e),
    ];
    SignUpPage {
        summary: e.summary(l),
        fields,
        next: safe_next(f.next.as_deref()),
        page,
    }
}

/// `GET /dang-ky`.
pub async fn sign_up_form(
    State(s): State<Portal>,
    ctx: Ctx,
    headers: HeaderMap,
    Query(q): Query<NextQuery>,
) -> Response {
    let (token, set) = csrf::anon_token(&headers, s.app.page_config().production);
    let f = SignUpForm {
        next: q.next,
        ..Default::default()
    };
    with_cookie(
        motcua_ui::render(&sign_up_page(&ctx, token, &f, &FormErrors::new())),
        set,
    )
}

/// `POST /dang-ky`: a citizen account, signed in at once.
pub async fn sign_up(
    State(s): State<Portal>,
    ctx: Ctx,
    ClientIp(ip): ClientIp,
    headers: HeaderMap,
    Form(f): Form<SignUpForm>,
) -> PageResult {
    let lang = ctx.lang();
    csrf::check_anon(lang, &headers, f.csrf_token.as_deref())?;
    let limits = s.app.page_limits();
    if let Err(wait) = limits.signup_ip.check(&ip) {
        return Err(motcua_ui::ErrorPage::rate_limited(lang, wait).into());
    }
    let mut e = FormErrors::new();
    let name = e.take("full_name", validate::person_name(&f.full_name));
    let cid = e.take("citizen_id", validate::citizen_id(&f.citizen_id));
    let phone = e.take("phone", validate::phone(&f.phone));
    let email = if f.email.trim().is_empty() {
        None
    } else {
        e.take("email", validate::email(&f.email))
    };
    if f.password.chars().count() < 8 {
        e.add(
            "password",
            "Mật khẩu cần ít nhất 8 ký tự.",
            "The password needs at least 8 characters.",
        );
    } else if is_default_password(&f.password) {
        e.add(
            "password",
            "Mật khẩu này quá dễ đoán. Hãy chọn mật khẩu khác.",
            "This password is too easy to guess. Choose another.",
        );
    }
    let token = || {
        cookie::get(&headers, csrf::ANON_COOKIE)
            .unwrap_or("")
            .to_string()
    };
    if !e.is_empty() {
        let page = sign_up_page(&ctx, token(), &f, &e);
        return Ok(motcua_ui::render_status(
            StatusCode::UNPROCESSABLE_ENTITY,
            &page,
        ));
    }
    limits.signup_ip.hit(&ip);
    let pw = f.password.clone();
    let hash = tokio::task::spawn_blocking(move || motcua_web::hash_password(&pw))
        .await
        .map_err(|_| motcua_ui::ErrorPage::internal(lang))?;
    let store = s.app.page_store();
    let created = store
        .create_account(
            None,
            NewAccount {
                display_name: name.clone().unwrap_or_default(),
                phone: phone.clone(),
                email,
                username: None,
                password_hash: hash,
                citizen_id: cid,
                grants: vec![Grant {
                    role: Role::Citizen,
                    unit: None,
                }],
            },
        )
        .await;
    let id = match created {
        Ok(id) => id,
        Err(AppError::Duplicate(_)) => {
            e.add(
                "phone",
                "Số điện thoại hoặc thư điện tử này đã có tài khoản. Hãy đăng nhập.",
                "This phone number or e-mail already has an account. Please sign in.",
            );
            let page = sign_up_page(&ctx, token(), &f, &e);
            return Ok(motcua_ui::render_status(
                StatusCode::UNPROCESSABLE_ENTITY,
                &page,
            ));
        }
        Err(err) => return Err(Fail::store(lang, err)),
    };
    let c = open_session(&s, id)
        .await
        .map_err(|err| Fail::store(lang, err))?;
    let flash = Flash::success(
        format!("Đã tạo tài khoản cho {}.", name.unwrap_or_default()),
        "Your account has been created.",
    );
    let mut r = see_other_with(&safe_next(f.next.as_deref()), &flash);
    r.headers_mut().append(header::SET_COOKIE, c);
    Ok(r)
}

#[derive(Deserialize)]
pub struct CsrfOnly {
    csrf_token: Option<String>,
}

/// `POST /dang-xuat`: ends the session in the database, not only in the browser.
pub async fn sign_out(
    State(s): State<Portal>,
    ctx: Ctx,
    headers: HeaderMap,
    Form(f): Form<CsrfOnly>,
) -> PageResult {
    let Some(u) = &ctx.user else {
        return Ok(see_other("/"));
    };
    csrf::check(
        ctx.lang(),
        &headers,
        &u.session.csrf_token,
        f.csrf_token.as_deref(),
    )?;
    let _ = s
        .app
        .page_store()
        .delete_session(&u.session.token_hash)
        .await;
    let mut r = see_other_with(
        "/",
        &Flash::success("Bạn đã đăng xuất.", "You have signed out."),
    );
    r.headers_mut()
        .append(header::SET_COOKIE, cookie::clear(SESSION_COOKIE));
    Ok(r.into_response())
}
