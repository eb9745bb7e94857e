//! What every handler of this crate shares: the page frame (public, citizen and officer
//! navigation), failures as friendly pages, redirects with a flash message, CSRF checks and form
//! parsing. The UI kit (motcua-ui) does the work; this only picks the navigation.

use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use motcua_domain::Localized;
use motcua_store::store::AppError;
use motcua_ui::i18n::Text;
use motcua_ui::{Chrome, ErrorPage, Flash, Lang, NavItem};

use crate::who::{Ctx, Officer};

/// A handler's failure: a page, or a redirect (sign in, back to a form).
pub enum Fail {
    Page(Box<ErrorPage>),
    Response(Box<Response>),
}

pub type PageResult = Result<Response, Fail>;

impl From<ErrorPage> for Fail {
    fn from(e: ErrorPage) -> Self {
        Fail::Page(Box::new(e))
    }
}

impl From<Response> for Fail {
    fn from(r: Response) -> Self {
        Fail::Response(Box::new(r))
    }
}

impl IntoResponse for Fail {
    fn into_response(self) -> Response {
        match self {
            Fail::Page(p) => p.into_response(),
            Fail::Response(r) => *r,
        }
    }
}

impl Fail {
    pub fn not_found(lang: Lang) -> Fail {
        ErrorPage::not_found(lang).into()
    }

    /// A store error as a page in the reader's language; internal details go to the log only.
    pub fn store(lang: Lang, e: AppError) -> Fail {
        match e {
            AppError::NotFound => Fail::not_found(lang),
            AppError::Store(s) => {
                tracing::error!(error = %s, "store error on a quality page");
                if matches!(s, motcua_store::StoreError::Closed(_)) {
                    ErrorPage::unavailable(lang).into()
                } else {
                    ErrorPage::internal(lang).into()
                }
            }
            other => {
                ErrorPage::conflict(lang, Text::new(other.message_vi(), other.message_en())).into()
            }
        }
    }

    /// Not allowed (shown when a role may not act; never to hide another unit's data: that is 404).
    pub fn forbidden(lang: Lang, message: Text) -> Fail {
        ErrorPage::new(
            StatusCode::FORBIDDEN,
            lang,
            Text::new("Không được phép", "Not allowed"),
            message,
        )
        .into()
    }
}

/// 303 See Other.
pub fn see_other(to: &str) -> Response {
    let mut r = StatusCode::SEE_OTHER.into_response();
    if let Ok(v) = HeaderValue::from_str(to) {
        r.headers_mut().insert(header::LOCATION, v);
    }
    r
}

/// 303 with a one-shot message for the next page.
pub fn see_other_with(to: &str, flash: &Flash) -> Response {
    let mut r = see_other(to);
    r.headers_mut().append(header::SET_COOKIE, flash.cookie());
    r
}

/// The pairs of a urlencoded body.
pub fn parse_form(body: &[u8]) -> Vec<(String, String)> {
    form_urlencoded::parse(body).into_owned().collect()
}

/// The first value of `key` (trimmed), or "".
pub fn field(pairs: &[(String, String)], key: &str) -> String {
    pairs
        .iter()
        .find(|(k, _)| k == key)
        .map(|(_, v)| v.trim().to_string())
        .unwrap_or_default()
}

/// Checks a form post by a signed-in officer.
pub fn check_officer(
    o: &Officer,
    headers: &HeaderMap,
    pairs: &[(String, String)],
) -> Result<(), Fail> {
    let given = pairs
        .iter()
        .find(|(k, _)| k == motcua_ui::csrf::FIELD)
        .map(|(_, v)| v.as_str());
    motcua_ui::csrf::check(o.lang(), headers, o.csrf(), given).map_err(Fail::from)
}

/// Checks a form post of a page that anyone may use: the session's token when signed in,
/// the double-submit cookie otherwise.
pub fn check_any(ctx: &Ctx, headers: &HeaderMap, pairs: &[(String, String)]) -> Result<(), Fail> {
    let given = pairs
        .iter()
        .find(|(k, _)| k == motcua_ui::csrf::FIELD)
        .map(|(_, v)| v.as_str());
    match &ctx.user {
        Some(u) => motcua_ui::csrf::check(ctx.lang(), headers, &u.session.csrf_token, given),
        None => motcua_ui::csrf::check_anon(ctx.lang(), headers, given),
    }
    .map_err(Fail::from)
}

/// The CSRF token for a page's forms and the cookie to set with it (anonymous visitors).
pub fn form_token(ctx: &Ctx, headers: &HeaderMap, secure: bool) -> (String, Option<HeaderValue>) {
    match &ctx.user {
        Some(u) => (u.session.csrf_token.clone(), None),
        None => motcua_ui::csrf::anon_token(headers, secure),
    }
}

/// Adds the anonymous CSRF cookie to a rendered page when it is new.
pub fn with_cookie(mut r: Response, cookie: Option<HeaderValue>) -> Response {
    if let Some(c) = cookie {
        r.headers_mut().append(header::SET_COOKIE, c);
    }
    r
}

/// The navigation; the current item is the longest one this path is in ("/office/quality/x"
/// is under "/office/quality", not under "/office").
fn nav(lang: Lang, here_path: &str, items: &[(&str, &str, &str)]) -> Vec<NavItem> {
    let under = |href: &str| {
        here_path == href
            || (href != "/"
                && here_path.starts_with(href)
                && here_path[href.len()..].starts_with('/'))
    };
    let current = items
        .iter()
        .map(|i| i.0)
        .filter(|h| under(h))
        .max_by_key(|h| h.len());
    items
        .iter()
        .map(|(href, vi, en)| NavItem {
            href: (*href).to_string(),
            label: lang.pick(vi, en).to_string(),
            current: current == Some(*href),
        })
        .collect()
}

/// The frame of a public or citizen page (the portal's look, with the feedback and index links).
pub fn public_chrome(ctx: &Ctx, title: impl Into<String>) -> Chrome {
    let mut c = Chrome::new(ctx.prefs, &ctx.here, title);
    c.flash = ctx.flash.clone();
    let mut items = vec![
        ("/", "Trang chủ", "Home"),
        ("/thu-tuc", "Thủ tục", "Procedures"),
        ("/phan-anh", "Phản ánh, kiến nghị", "Feedback"),
        ("/chi-so-766", "Chỉ số phục vụ", "Service index"),
    ];
    match &ctx.user {
        Some(u) => {
            items.push(("/phan-anh/cua-toi", "Phản ánh của tôi", "My feedback"));
            c.user_name = Some(u.account.display_name.clone());
            c.csrf = u.session.csrf_token.clone();
            c.private = true;
        }
        None => items.push(("/dang-nhap", "Đăng nhập", "Sign in")),
    }
    c.nav = nav(ctx.lang(), &ctx.path, &items);
    c
}

/// The frame of an officer page (the workspace's look and sign-out).
pub fn office_chrome(o: &Officer, title: impl Into<String>) -> Chrome {
    let ctx = &o.ctx;
    let mut c = Chrome::new(ctx.prefs, &ctx.here, title);
    c.site_name = Text::new("Một cửa điện tử", "One-stop office");
    c.private = true;
    c.flash = ctx.flash.clone();
    c.sign_out_action = "/office/sign-out".into();
    c.user_name = Some(o.user.account.display_name.clone());
    c.csrf = o.csrf().to_string();
    let mut items = vec![
        ("/office", "Việc cần làm", "Worklists"),
        ("/office/feedback", "Phản ánh, kiến nghị", "Feedback"),
        ("/office/quality", "Chỉ số 766", "766 index"),
        ("/office/quality/bottleneck", "Điểm nghẽn", "Bottlenecks"),
        (
            "/office/quality/officers",
            "Kết quả cán bộ",
            "Officers' results",
        ),
    ];
    if o.is_admin() {
        items.push(("/office/open311-keys", "Khóa Open311", "Open311 keys"));
    }
    c.nav = nav(ctx.lang(), &ctx.path, &items);
    c
}

/// The stylesheet of these pages (on top of the kit's), for the `head` block.
pub fn css() -> &'static str {
    crate::assets::css_href()
}
