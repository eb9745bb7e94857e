//! Sign-up, sign-in (bearer tokens), sign-out and "who am I".

use std::sync::OnceLock;

use axum::extract::State;
use axum::http::StatusCode;
use jiff::SignedDuration;
use motcua_domain::dossier::{Grant, Role};
use motcua_domain::validate;
use motcua_store::store::{Account, NewAccount, Session};
use serde::{Deserialize, Serialize};
use serde_json::json;
use utoipa::ToSchema;

use super::password::{hash_password, is_default_password, verify_password};
use super::{Auth, needs_second_factor, new_token, totp_required};
use crate::extract::{ClientIp, Json};
use crate::problem::{ApiError, ApiResult};
use crate::state::AppState;
use crate::time::vn;
use crate::views::{Problem, UnitRef};

#[derive(Debug, Deserialize, ToSchema)]
pub struct SignupRequest {
    /// Full name with Vietnamese diacritics, e.g. "Nguyễn Thị Minh Khai".
    pub full_name: String,
    /// Vietnamese phone number in any usual format (0912 345 678, +84 912 345 678).
    pub phone: Option<String>,
    pub email: Option<String>,
    /// At least 8 characters.
    pub password: String,
    /// 12-digit personal identification number (CCCD).
    pub citizen_id: Option<String>,
}

#[derive(Debug, Deserialize, ToSchema)]
pub struct TokenRequest {
    /// Phone number, e-mail address or (officers) user name.
    pub login: String,
    pub password: String,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct RoleOut {
    /// citizen, helper, desk_officer, specialist, leader, admin.
    pub role: String,
    pub label_vi: String,
    pub label_en: String,
    /// The unit of an officer role (none for citizen, helper, admin).
    pub unit: Option<UnitRef>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct MeOut {
    pub id: i64,
    pub display_name: String,
    pub phone: Option<String>,
    pub email: Option<String>,
    pub username: Option<String>,
    pub citizen_id: Option<String>,
    pub totp_enabled: bool,
    /// Roles as granted (a unit's role covers its sub-units too).
    pub roles: Vec<RoleOut>,
    #[schema(format = DateTime)]
    pub created_at: String,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct TokenOut {
    /// Send as `Authorization: Bearer <token>`. Shown once; only its hash is stored.
    pub token: String,
    /// Always "Bearer".
    pub token_type: String,
    #[schema(format = DateTime)]
    pub expires_at: String,
    pub account: MeOut,
}

pub async fn me_out(state: &AppState, a: &Account) -> MeOut {
    let mut roles = Vec::new();
    for g in &a.grants {
        let unit = match g.unit {
            Some(u) => state.store().unit(u).await.ok().map(|u| UnitRef::from(&u)),
            None => None,
        };
        roles.push(RoleOut {
            role: g.role.as_str().into(),
            label_vi: g.role.label_vi().into(),
            label_en: g.role.label_en().into(),
            unit,
        });
    }
    MeOut {
        id: a.id.0,
        display_name: a.display_name.clone(),
        phone: a.phone.clone(),
        email: a.email.clone(),
        username: a.username.clone(),
        citizen_id: a.citizen_id.clone(),
        totp_enabled: a.totp_enabled,
        roles,
        created_at: vn(a.created_at),
    }
}

/// Field problems of a sign-up, all at once.
fn check_signup(r: &SignupRequest, production: bool) -> Result<NewAccount, ApiError> {
    let mut errors = Vec::new();
    let mut push = |field: &str, vi: String, en: String| {
        errors.push(json!({"field": field, "message_vi": vi, "message_en": en}));
    };
    let name = validate::person_name(&r.full_name)
        .map_err(|p| push("full_name", p.vi, p.en))
        .ok();
    let phone = match r.phone.as_deref().filter(|s| !s.trim().is_empty()) {
        Some(p) => validate::phone(p)
            .map_err(|e| push("phone", e.vi, e.en))
            .ok(),
        None => None,
    };
    let email = match r.email.as_deref().filter(|s| !s.trim().is_empty()) {
        Some(e) => validate::email(e)
            .map_err(|p| push("email", p.vi, p.en))
            .ok(),
        None => None,
    };
    if r.phone.as_deref().is_none_or(|s| s.trim().is_empty())
        && r.email.as_deref().is_none_or(|s| s.trim().is_empty())
    {
        push(
            "phone",
            "Cần số điện thoại hoặc thư điện tử để đăng nhập.".into(),
            "A phone number or an e-mail address is needed to sign in.".into(),
        );
    }
    let citizen_id = match r.citizen_id.as_deref().filter(|s| !s.trim().is_empty()) {
        Some(c) => validate::citizen_id(c)
            .map_err(|p| push("citizen_id", p.vi, p.en))
            .ok(),
        None => None,
    };
    let n = r.password.chars().count();
    if !(8..=256).contains(&n) {
        push(
            "password",
            "Mật khẩu phải có từ 8 đến 256 ký tự.".into(),
            "The password must have 8 to 256 characters.".into(),
        );
    } else if production && is_default_password(&r.password) {
        push(
            "password",
            "Mật khẩu này quá dễ đoán, vui lòng chọn mật khẩu khác.".into(),
            "This password is too easy to guess; please choose another.".into(),
        );
    }
    if !errors.is_empty() {
        return Err(ApiError::unprocessable(
            "account.invalid",
            "Thông tin đăng ký chưa hợp lệ, vui lòng kiểm tra từng trường.",
            "Some sign-up details are not valid; please check each field.",
        )
        .with("errors", json!(errors)));
    }
    Ok(NewAccount {
        display_name: name.unwrap_or_default(),
        phone,
        email,
        username: None,
        password_hash: String::new(),
        citizen_id,
        grants: vec![Grant {
            role: Role::Citizen,
            unit: None,
        }],
    })
}

/// Create a citizen account.
#[utoipa::path(post, path = "/api/v1/auth/signup", tag = "auth",
    request_body = SignupRequest,
    responses((status = 201, body = MeOut), (status = 409, body = Problem, description = "Phone or e-mail already used"),
        (status = 422, body = Problem), (status = 429, body = Problem)))]
pub async fn signup(
    State(state): State<AppState>,
    ClientIp(ip): ClientIp,
    Json(req): Json<SignupRequest>,
) -> ApiResult<(StatusCode, Json<MeOut>)> {
    let limits = &state.inner.limits;
    limits
        .signup_ip
        .check(&ip)
        .map_err(ApiError::rate_limited)?;
    let mut new = check_signup(&req, state.config().production)?;
    let pw = req.password.clone();
    new.password_hash = tokio::task::spawn_blocking(move || hash_password(&pw))
        .await
        .map_err(ApiError::internal)?;
    limits.signup_ip.hit(&ip);
    let id = state.store().create_account(None, new).await?;
    let account = state.store().account(id).await?;
    Ok((StatusCode::CREATED, Json(me_out(&state, &account).await)))
}

fn invalid_credentials() -> ApiError {
    ApiError::new(
        StatusCode::UNAUTHORIZED,
        "auth.invalid_credentials",
        "Tên đăng nhập hoặc mật khẩu không đúng.",
        "Wrong login or password.",
    )
    .header(
        axum::http::header::WWW_AUTHENTICATE,
        "Bearer realm=\"motcua\"",
    )
}

/// A fixed hash checked when the login is unknown, so both failures take the same time.
fn dummy_hash() -> &'static str {
    static H: OnceLock<String> = OnceLock::new();
    H.get_or_init(|| hash_password("motcua timing equaliser"))
}

/// Sign in: login + password → an opaque bearer token.
#[utoipa::path(post, path = "/api/v1/auth/token", tag = "auth",
    request_body = TokenRequest,
    responses((status = 200, body = TokenOut), (status = 401, body = Problem),
        (status = 403, body = Problem, description = "Production mode: TOTP required or default password"),
        (status = 429, body = Problem, description = "Too many failed attempts (10 per 15 minutes per address and per login)")))]
pub async fn token(
    State(state): State<AppState>,
    ClientIp(ip): ClientIp,
    Json(req): Json<TokenRequest>,
) -> ApiResult<Json<TokenOut>> {
    let limits = &state.inner.limits;
    let login_key = req.login.trim().to_lowercase();
    limits
        .sign_in_ip
        .check(&ip)
        .map_err(ApiError::rate_limited)?;
    limits
        .sign_in_login
        .check(&login_key)
        .map_err(ApiError::rate_limited)?;
    let store = state.store();
    let account = store.account_by_login(&req.login).await?;
    let hash = account
        .as_ref()
        .map_or_else(|| dummy_hash().to_string(), |a| a.password_hash.clone());
    let pw = req.password.clone();
    let ok = tokio::task::spawn_blocking(move || verify_password(&hash, &pw))
        .await
        .map_err(ApiError::internal)?;
    let account = match account {
        Some(a) if ok && !a.disabled => a,
        other => {
            limits.sign_in_ip.hit(&ip);
            limits.sign_in_login.hit(&login_key);
            let detail = match &other {
                None => "unknown login",
                Some(a) if a.disabled => "account disabled",
                Some(_) => "wrong password",
            };
            store
                .record_sign_in(other.map(|a| a.id), &req.login, false, detail)
                .await?;
            return Err(invalid_credentials());
        }
    };
    let production = state.config().production;
    if production && is_default_password(&req.password) {
        store
            .record_sign_in(
                Some(account.id),
                &req.login,
                false,
                "default password refused",
            )
            .await?;
        return Err(ApiError::new(
            StatusCode::FORBIDDEN,
            "auth.default_password",
            "Mật khẩu mặc định không được dùng ở chế độ vận hành chính thức; quản trị viên cần đặt mật khẩu mới.",
            "Default passwords are refused in production mode; an administrator must set a new password.",
        ));
    }
    if production && needs_second_factor(&account) && !account.totp_enabled {
        store
            .record_sign_in(Some(account.id), &req.login, false, "totp required")
            .await?;
        return Err(totp_required());
    }
    let (token, token_hash) = new_token();
    let now = store.now();
    let hours = i64::from(state.config().session_hours.max(1));
    let session = Session {
        token_hash,
        account: account.id,
        created_at: now,
        expires_at: now + SignedDuration::from_hours(hours),
        second_factor: false,
        csrf_token: new_token().0,
        kind: "bearer".into(),
    };
    let expires_at = session.expires_at;
    store.create_session(session).await?;
    store
        .record_sign_in(Some(account.id), &req.login, true, "bearer token")
        .await?;
    limits.sign_in_login.clear(&login_key);
    Ok(Json(TokenOut {
        token,
        token_type: "Bearer".into(),
        expires_at: vn(expires_at),
        account: me_out(&state, &account).await,
    }))
}

/// Sign out: the token used for this request stops working.
#[utoipa::path(delete, path = "/api/v1/auth/token", tag = "auth", security(("bearer" = [])),
    responses((status = 204, description = "Signed out"), (status = 401, body = Problem)))]
pub async fn revoke(State(state): State<AppState>, auth: Auth) -> ApiResult<StatusCode> {
    state
        .store()
        .delete_session(&auth.session.token_hash)
        .await?;
    state.forget_session(&auth.session.token_hash);
    Ok(StatusCode::NO_CONTENT)
}

/// The signed-in account, its roles and units.
#[utoipa::path(get, path = "/api/v1/me", tag = "auth", security(("bearer" = [])),
    responses((status = 200, body = MeOut), (status = 401, body = Problem)))]
pub async fn me(State(state): State<AppState>, auth: Auth) -> Json<MeOut> {
    Json(me_out(&state, &auth.account).await)
}
