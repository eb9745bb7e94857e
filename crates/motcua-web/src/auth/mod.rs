//! Who is calling: bearer tokens (API) and session cookies (the future pages), both stored in
//! the database as the SHA-256 of an opaque random token (`Store::create_session`), resolved to
//! an `Actor` with the account's grants expanded to sub-units.

pub(crate) mod cache;
pub mod limit;
pub mod password;
pub mod routes;

use axum::extract::FromRequestParts;
use axum::http::request::Parts;
use axum::http::{StatusCode, header};
use base64::Engine;
use motcua_domain::dossier::{Actor, Role};
use motcua_store::store::{Account, Session};
use sha2::{Digest, Sha256};

use crate::problem::ApiError;
use crate::state::AppState;

/// The cookie the HTML pages will use for their session.
pub const SESSION_COOKIE: &str = "motcua_session";

/// A new opaque token (32 random bytes, base64url) and the hash stored for it.
pub fn new_token() -> (String, String) {
    let bytes: [u8; 32] = rand::random();
    let token = base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(bytes);
    let hash = token_hash(&token);
    (token, hash)
}

pub fn token_hash(token: &str) -> String {
    hex::encode(Sha256::digest(token.as_bytes()))
}

/// A signed-in caller.
#[derive(Debug, Clone)]
pub struct Auth {
    pub actor: Actor,
    pub account: Account,
    pub session: Session,
}

impl Auth {
    pub fn is_admin(&self) -> bool {
        self.actor.has_role(Role::Admin)
    }

    pub fn require_admin(&self) -> Result<(), ApiError> {
        if self.is_admin() {
            Ok(())
        } else {
            Err(ApiError::forbidden())
        }
    }
}

/// Officers and administrators (not citizens or helpers) need a second factor in production.
pub fn needs_second_factor(account: &Account) -> bool {
    account
        .grants
        .iter()
        .any(|g| g.role.is_officer() || g.role == Role::Admin)
}

pub fn totp_required() -> ApiError {
    ApiError::new(
        StatusCode::FORBIDDEN,
        "auth.totp_required",
        "Tài khoản cán bộ phải bật xác thực hai lớp (TOTP) trước khi dùng mã truy cập API ở chế độ vận hành chính thức.",
        "Officer accounts must enable two-factor authentication (TOTP) before using API tokens in production mode.",
    )
}

/// The token of a request: `Authorization: Bearer …`, else the session cookie.
pub fn request_token(parts: &Parts) -> Option<(String, &'static str)> {
    if let Some(v) = parts.headers.get(header::AUTHORIZATION) {
        let v = v.to_str().ok()?;
        let (scheme, token) = v.split_once(' ')?;
        if scheme.eq_ignore_ascii_case("bearer") && !token.trim().is_empty() {
            return Some((token.trim().to_string(), "bearer"));
        }
        return None;
    }
    for v in parts.headers.get_all(header::COOKIE) {
        let Ok(v) = v.to_str() else { continue };
        for pair in v.split(';') {
            if let Some((k, val)) = pair.trim().split_once('=')
                && k == SESSION_COOKIE
                && !val.is_empty()
            {
                return Some((val.to_string(), "cookie"));
            }
        }
    }
    None
}

async fn resolve(parts: &Parts, state: &AppState) -> Result<Option<Auth>, ApiError> {
    let Some((token, _)) = request_token(parts) else {
        return Ok(None);
    };
    let store = state.store();
    let hash = token_hash(&token);
    if let Some(auth) = state.inner.auth_cache.get(&hash, store.now()) {
        return Ok(Some(auth));
    }
    let Some(session) = store.session(&hash).await? else {
        return Err(ApiError::unauthenticated());
    };
    let account = match store.account(session.account).await {
        Ok(a) if !a.disabled => a,
        Ok(_) | Err(motcua_store::store::AppError::NotFound) => {
            return Err(ApiError::unauthenticated());
        }
        Err(e) => return Err(e.into()),
    };
    if state.config().production
        && session.kind == "bearer"
        && needs_second_factor(&account)
        && !account.totp_enabled
    {
        return Err(totp_required());
    }
    let actor = store.actor_for(&account);
    let auth = Auth {
        actor,
        account,
        session,
    };
    state.inner.auth_cache.put(hash, auth.clone());
    Ok(Some(auth))
}

impl FromRequestParts<AppState> for Auth {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, ApiError> {
        if let Some(a) = parts.extensions.get::<Auth>() {
            return Ok(a.clone());
        }
        let auth = resolve(parts, state)
            .await?
            .ok_or_else(ApiError::unauthenticated)?;
        parts.extensions.insert(auth.clone());
        Ok(auth)
    }
}
