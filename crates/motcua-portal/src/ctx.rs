//! What every page handler starts from: the reader's preferences, the signed-in person (from
//! the session cookie), the flash message and the current address, turned into the page frame.

use axum::extract::FromRequestParts;
use axum::http::request::Parts;
use motcua_domain::dossier::{Actor, Role};
use motcua_store::store::{Account, Session};
use motcua_ui::flash::Incoming;
use motcua_ui::{Chrome, Lang, NavItem, Prefs};
use motcua_web::AppState;
use motcua_web::for_pages::{SESSION_COOKIE, token_hash};

use crate::fail::Fail;

/// A signed-in person.
#[derive(Debug, Clone)]
pub struct User {
    pub account: Account,
    pub actor: Actor,
    pub session: Session,
}

impl User {
    pub fn is_helper(&self) -> bool {
        self.actor.has_role(Role::Helper)
    }
}

/// The request as pages see it.
#[derive(Debug, Clone)]
pub struct Ctx {
    pub prefs: Prefs,
    pub user: Option<User>,
    pub flash: Option<motcua_ui::Flash>,
    /// Path and query of this request.
    pub here: String,
    pub path: String,
}

impl Ctx {
    pub fn lang(&self) -> Lang {
        self.prefs.lang
    }

    pub fn t<'a>(&self, vi: &'a str, en: &'a str) -> &'a str {
        self.prefs.lang.pick(vi, en)
    }

    /// The signed-in person, or a redirect to the sign-in page that comes back here.
    pub fn require_user(&self) -> Result<&User, Fail> {
        self.user.as_ref().ok_or_else(|| Fail::sign_in(&self.here))
    }

    /// The page frame with the portal's navigation.
    pub fn chrome(&self, title: impl Into<String>) -> Chrome {
        let mut c = Chrome::new(self.prefs, &self.here, title);
        c.flash = self.flash.clone();
        let l = self.lang();
        let mut nav = vec![
            ("/", l.pick("Trang chủ", "Home")),
            ("/thu-tuc", l.pick("Thủ tục", "Procedures")),
            ("/tra-cuu", l.pick("Tra cứu hồ sơ", "Look up")),
        ];
        match &self.user {
            Some(u) => {
                nav.push(("/ho-so", l.pick("Hồ sơ của tôi", "My dossiers")));
                nav.push(("/kho-du-lieu", l.pick("Kho dữ liệu", "My documents")));
                c.user_name = Some(u.account.display_name.clone());
                c.csrf = u.session.csrf_token.clone();
                c.private = true;
            }
            None => nav.push(("/dang-nhap", l.pick("Đăng nhập", "Sign in"))),
        }
        let current = |href: &str| {
            if href == "/" {
                self.path == "/"
            } else {
                self.path == href || self.path.starts_with(&format!("{href}/"))
            }
        };
        c.nav = nav
            .into_iter()
            .map(|(href, label)| NavItem {
                href: href.into(),
                label: label.into(),
                current: current(href),
            })
            .collect();
        c
    }
}

fn session_cookie(parts: &Parts) -> Option<&str> {
    motcua_ui::cookie::get(&parts.headers, SESSION_COOKIE).filter(|v| !v.is_empty())
}

/// The signed-in person of a request (an unknown, expired or disabled session is "nobody").
pub async fn resolve_user(parts: &Parts, state: &AppState) -> Option<User> {
    let token = session_cookie(parts)?;
    let store = state.page_store();
    let session = store.session(&token_hash(token)).await.ok()??;
    if session.kind != "cookie" {
        return None;
    }
    let account = store.account(session.account).await.ok()?;
    if account.disabled {
        return None;
    }
    let actor = store.actor_for(&account);
    Some(User {
        account,
        actor,
        session,
    })
}

impl FromRequestParts<crate::Portal> for Ctx {
    type Rejection = std::convert::Infallible;

    async fn from_request_parts(
        parts: &mut Parts,
        state: &crate::Portal,
    ) -> Result<Self, Self::Rejection> {
        let prefs = Prefs::from_parts(parts);
        let flash = parts.extensions.get::<Incoming>().and_then(|i| i.0.clone());
        let user = resolve_user(parts, &state.app).await;
        let here = parts
            .uri
            .path_and_query()
            .map(|p| p.as_str().to_string())
            .unwrap_or_else(|| "/".into());
        Ok(Ctx {
            prefs,
            user,
            flash,
            path: parts.uri.path().to_string(),
            here,
        })
    }
}
