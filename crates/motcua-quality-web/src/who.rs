//! Who is at the keyboard. The session cookie is the portal's and the workspace's
//! (`motcua_session`); the rules are theirs too: an officer passes the second factor where the
//! workspace asks for it (docs/OFFICE.md), a citizen is anyone signed in. Officer pages live
//! under `/office/…` so the workspace's sign-in brings the officer back to them.

use std::collections::BTreeSet;

use axum::extract::FromRequestParts;
use axum::http::StatusCode;
use axum::http::request::Parts;
use axum::response::{IntoResponse, Redirect, Response};
use motcua_domain::dossier::{Actor, Role};
use motcua_domain::ids::UnitId;
use motcua_store::store::{Account, Session};
use motcua_ui::flash::Incoming;
use motcua_ui::i18n::Text;
use motcua_ui::{ErrorPage, Flash, Lang, Prefs, cookie};
use motcua_web::for_pages::{SESSION_COOKIE, token_hash};

use crate::state::Quality;

/// A signed-in account (any role).
#[derive(Debug, Clone)]
pub struct User {
    pub account: Account,
    pub actor: Actor,
    pub session: Session,
}

/// What every page starts from: preferences, the signed-in person if any, the flash message and
/// this request's address.
#[derive(Debug, Clone)]
pub struct Ctx {
    pub prefs: Prefs,
    pub user: Option<User>,
    pub flash: Option<Flash>,
    /// Path and query.
    pub here: String,
    pub path: String,
}

impl Ctx {
    pub fn lang(&self) -> Lang {
        self.prefs.lang
    }
}

async fn resolve(parts: &Parts, q: &Quality) -> Result<Option<User>, Response> {
    let Some(token) = cookie::get(&parts.headers, SESSION_COOKIE).filter(|t| !t.is_empty()) else {
        return Ok(None);
    };
    let store = q.store();
    let session = match store.session(&token_hash(token)).await {
        Ok(Some(s)) if s.kind == "cookie" => s,
        Ok(_) => return Ok(None),
        Err(e) => {
            tracing::error!(error = %e, "session lookup");
            let lang = Prefs::from_parts(parts).lang;
            return Err(ErrorPage::unavailable(lang).into_response());
        }
    };
    let account = match store.account(session.account).await {
        Ok(a) if !a.disabled => a,
        _ => return Ok(None),
    };
    let actor = store.actor_for(&account);
    Ok(Some(User {
        account,
        actor,
        session,
    }))
}

impl FromRequestParts<Quality> for Ctx {
    type Rejection = Response;

    async fn from_request_parts(parts: &mut Parts, q: &Quality) -> Result<Self, Response> {
        if let Some(c) = parts.extensions.get::<Ctx>() {
            return Ok(c.clone());
        }
        let user = resolve(parts, q).await?;
        let ctx = Ctx {
            prefs: Prefs::from_parts(parts),
            user,
            flash: parts.extensions.get::<Incoming>().and_then(|i| i.0.clone()),
            here: parts
                .uri
                .path_and_query()
                .map(|p| p.as_str().to_string())
                .unwrap_or_else(|| "/".into()),
            path: parts.uri.path().to_string(),
        };
        parts.extensions.insert(ctx.clone());
        Ok(ctx)
    }
}

/// An officer (desk officer, specialist, leader) or an administrator, past the second factor
/// where required.
#[derive(Debug, Clone)]
pub struct Officer {
    pub ctx: Ctx,
    pub user: User,
}

impl Officer {
    pub fn lang(&self) -> Lang {
        self.ctx.prefs.lang
    }
    pub fn actor(&self) -> &Actor {
        &self.user.actor
    }
    pub fn is_admin(&self) -> bool {
        self.user.actor.has_role(Role::Admin)
    }
    /// The units the officer works for (grants are expanded to sub-units, so a province's
    /// leader holds its communes too). The store's rule for the lists and reports: an
    /// administrator without an officer grant sees the public figures only.
    pub fn units(&self) -> BTreeSet<UnitId> {
        self.user.actor.officer_units().collect()
    }
    pub fn holds(&self, role: Role, unit: UnitId) -> bool {
        self.user.actor.holds(role, unit)
    }
    pub fn csrf(&self) -> &str {
        &self.user.session.csrf_token
    }
}

fn is_staff(a: &Account) -> bool {
    a.grants
        .iter()
        .any(|g| g.role.is_officer() || g.role == Role::Admin)
}

fn to_sign_in(ctx: &Ctx) -> Response {
    let next: String = form_urlencoded::byte_serialize(ctx.here.as_bytes()).collect();
    Redirect::to(&format!("/office/sign-in?next={next}")).into_response()
}

impl FromRequestParts<Quality> for Officer {
    type Rejection = Response;

    async fn from_request_parts(parts: &mut Parts, q: &Quality) -> Result<Self, Response> {
        let ctx = Ctx::from_request_parts(parts, q).await?;
        let Some(user) = ctx.user.clone() else {
            return Err(to_sign_in(&ctx));
        };
        if !is_staff(&user.account) {
            return Err(ErrorPage::new(
                StatusCode::FORBIDDEN,
                ctx.lang(),
                Text::new("Không có quyền truy cập", "No access"),
                Text::new(
                    "Trang này dành cho cán bộ, công chức. Người dân dùng Cổng dịch vụ công.",
                    "This page is for officers. Citizens use the public service portal.",
                ),
            )
            .into_response());
        }
        // The workspace's rules (docs/OFFICE.md): a code typed in this session when TOTP is on;
        // in production, TOTP must be on.
        if user.account.totp_enabled && !user.session.second_factor {
            return Err(Redirect::to("/office/sign-in/code").into_response());
        }
        if q.web().production && !user.account.totp_enabled {
            return Err(Redirect::to("/office/totp").into_response());
        }
        Ok(Officer { ctx, user })
    }
}
