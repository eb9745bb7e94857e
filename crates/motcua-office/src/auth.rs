//! Who is at the keyboard: the session cookie (shared with the portal, `motcua_session`),
//! resolved to an officer whose second factor was passed. Issue #5 §1: in production an officer
//! without TOTP cannot reach the workspace (sent to enrolment); an officer with TOTP must have
//! typed a code in this session; sessions expire (`server.session_hours`).

use axum::extract::FromRequestParts;
use axum::http::request::Parts;
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Redirect, Response};
use motcua_domain::dossier::{Actor, Role};
use motcua_store::store::{Account, Session};
use motcua_ui::{ErrorPage, Prefs, cookie};
use motcua_web::for_pages::{SESSION_COOKIE, token_hash};

use crate::state::Office;

/// A signed-in officer (or administrator) who passed the second factor where required.
#[derive(Debug, Clone)]
pub struct Officer {
    pub account: Account,
    pub actor: Actor,
    pub session: Session,
    pub prefs: Prefs,
}

impl Officer {
    pub fn is_admin(&self) -> bool {
        self.actor.has_role(Role::Admin)
    }
}

/// Staff roles (officers and administrators) — the only accounts the workspace serves.
pub fn is_staff(account: &Account) -> bool {
    account
        .grants
        .iter()
        .any(|g| g.role.is_officer() || g.role == Role::Admin)
}

/// A signed-in staff member before the second-factor checks (sign-in code and enrolment pages).
#[derive(Debug, Clone)]
pub struct Pending {
    pub account: Account,
    pub session: Session,
    pub prefs: Prefs,
}

fn to_sign_in(parts: &Parts) -> Response {
    let next = parts
        .uri
        .path_and_query()
        .map(|p| p.as_str())
        .filter(|p| p.starts_with("/office") && !p.starts_with("/office/sign"))
        .unwrap_or("/office");
    let enc = percent_encoding::utf8_percent_encode(next, percent_encoding::NON_ALPHANUMERIC);
    Redirect::to(&format!("/office/sign-in?next={enc}")).into_response()
}

async fn pending(parts: &Parts, office: &Office) -> Result<Pending, Response> {
    let prefs = Prefs::from_parts(parts);
    let Some(token) = cookie::get(&parts.headers, SESSION_COOKIE) else {
        return Err(to_sign_in(parts));
    };
    let store = office.store();
    let session = match store.session(&token_hash(token)).await {
        Ok(Some(s)) if s.kind == "cookie" => s,
        Ok(_) => return Err(to_sign_in(parts)),
        Err(e) => {
            tracing::error!(error = %e, "session lookup");
            return Err(ErrorPage::unavailable(prefs.lang).into_response());
        }
    };
    let account = match store.account(session.account).await {
        Ok(a) if !a.disabled => a,
        _ => return Err(to_sign_in(parts)),
    };
    if !is_staff(&account) {
        return Err(ErrorPage::new(
            StatusCode::FORBIDDEN,
            prefs.lang,
            motcua_ui::i18n::Text::new("Không có quyền truy cập", "No access"),
            motcua_ui::i18n::Text::new(
                "Trang này dành cho cán bộ, công chức. Người dân dùng Cổng dịch vụ công.",
                "This workspace is for officers. Citizens use the public service portal.",
            ),
        )
        .back("/")
        .into_response());
    }
    Ok(Pending {
        account,
        session,
        prefs,
    })
}

impl FromRequestParts<Office> for Pending {
    type Rejection = Response;

    async fn from_request_parts(parts: &mut Parts, office: &Office) -> Result<Self, Response> {
        pending(parts, office).await
    }
}

impl FromRequestParts<Office> for Officer {
    type Rejection = Response;

    async fn from_request_parts(parts: &mut Parts, office: &Office) -> Result<Self, Response> {
        if let Some(o) = parts.extensions.get::<Officer>() {
            return Ok(o.clone());
        }
        let p = pending(parts, office).await?;
        if p.account.totp_enabled && !p.session.second_factor {
            return Err(Redirect::to("/office/sign-in/code").into_response());
        }
        if office.config().production && !p.account.totp_enabled {
            return Err(Redirect::to("/office/totp").into_response());
        }
        let actor = office.store().actor_for(&p.account);
        let o = Officer {
            account: p.account,
            actor,
            session: p.session,
            prefs: p.prefs,
        };
        parts.extensions.insert(o.clone());
        Ok(o)
    }
}

/// `Set-Cookie` for a new page session.
pub fn session_cookie(token: &str, secure: bool, hours: u32) -> header::HeaderValue {
    cookie::set(
        SESSION_COOKIE,
        token,
        cookie::CookieOptions {
            http_only: true,
            secure,
            max_age: Some(u64::from(hours.max(1)) * 3600),
        },
    )
}
