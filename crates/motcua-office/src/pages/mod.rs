//! The workspace's pages (server-rendered, no JavaScript needed) and the public verification
//! page. Routes are listed here, in one place; each handler is in the file of its page.

mod admin;
mod assets;
mod attach;
mod desk;
mod documents;
mod dossier;
mod issue;
mod labels;
mod sign_in;
mod timeline;
mod verify;
mod worklists;

use axum::Router;
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use motcua_ui::i18n::Text;
use motcua_ui::{Chrome, ErrorPage, Flash, Lang, NavItem, Prefs};

use crate::auth::Officer;
use crate::error::OfficeError;
use crate::state::Office;

pub fn routes(office: Office) -> Router {
    let limit = usize::try_from(office.config().max_request_bytes).unwrap_or(usize::MAX);
    let r = Router::new()
        .route("/office/sign-in", get(sign_in::form).post(sign_in::submit))
        .route(
            "/office/sign-in/code",
            get(sign_in::code_form).post(sign_in::code_submit),
        )
        .route(
            "/office/totp",
            get(sign_in::enrol_form).post(sign_in::enrol_submit),
        )
        .route("/office/sign-out", post(sign_in::sign_out))
        .route("/office", get(worklists::home))
        .route("/office/lists/{list}", get(worklists::list))
        .route("/office/desk", get(desk::form).post(desk::submit))
        .route("/office/dossiers/{code}", get(dossier::page))
        .route("/office/dossiers/{code}/act", post(dossier::act))
        .route("/office/dossiers/{code}/attach", post(dossier::attach))
        .route(
            "/office/dossiers/{code}/forms/{form}",
            get(documents::form_pdf),
        )
        .route("/office/dossiers/{code}/files/{sha}", get(documents::file))
        .route("/office/logbook", get(documents::logbook_page))
        .route("/office/logbook/export", get(documents::logbook_export))
        .route("/office/admin", get(admin::page))
        .route("/office/admin/units", post(admin::units))
        .route("/office/admin/accounts", post(admin::accounts))
        .route("/office/admin/catalog", post(admin::catalog))
        .route("/office/admin/calendar", post(admin::calendar))
        .route("/verify/{code}", get(verify::page).post(verify::check))
        .route("/office/assets/{file}", get(assets::file))
        .layer(axum::extract::DefaultBodyLimit::max(limit))
        .with_state(office);
    motcua_ui::layers(r)
}

/// The frame of a workspace page.
pub fn chrome(prefs: Prefs, here: &str, title: impl Into<String>, o: Option<&Officer>) -> Chrome {
    let mut c = Chrome::new(prefs, here, title);
    c.site_name = Text::new("Một cửa điện tử", "One-stop office");
    c.private = true;
    c.sign_out_action = "/office/sign-out".into();
    if let Some(o) = o {
        let lang = prefs.lang;
        let item = |href: &str, vi: &str, en: &str| NavItem {
            href: href.into(),
            label: lang.pick(vi, en).into(),
            current: here == href || (href != "/office" && here.starts_with(href)),
        };
        c.nav = vec![
            item("/office", "Việc cần làm", "Worklists"),
            item("/office/desk", "Tiếp nhận", "Desk reception"),
            item("/office/logbook", "Sổ theo dõi", "Logbook"),
        ];
        if o.is_admin() {
            c.nav
                .push(item("/office/admin", "Quản trị", "Administration"));
        }
        c.user_name = Some(o.account.display_name.clone());
        c.csrf = o.session.csrf_token.clone();
    }
    c
}

/// The frame with the flash message of this request.
pub fn chrome_with(
    prefs: Prefs,
    here: &str,
    title: impl Into<String>,
    o: Option<&Officer>,
    flash: motcua_ui::flash::Incoming,
) -> Chrome {
    let mut c = chrome(prefs, here, title, o);
    c.flash = flash.0;
    c
}

/// An error shown as a friendly page in the reader's language.
pub fn error_page(lang: Lang, e: &OfficeError) -> Response {
    let title = match e.status {
        StatusCode::NOT_FOUND => Text::new("Không tìm thấy", "Not found"),
        StatusCode::FORBIDDEN => Text::new("Không được phép", "Not allowed"),
        StatusCode::CONFLICT => Text::new("Không thực hiện được", "Could not be done"),
        s if s.is_server_error() => Text::new("Lỗi hệ thống", "System error"),
        _ => Text::new("Thông tin chưa hợp lệ", "Something needs fixing"),
    };
    ErrorPage::new(e.status, lang, title, Text::new(e.vi.clone(), e.en.clone()))
        .back("/office")
        .into_response()
}

/// Redirects to `to` with a one-shot message.
pub fn redirect_flash(to: &str, flash: Flash) -> Response {
    let mut r = Redirect::to(to).into_response();
    r.headers_mut().append(header::SET_COOKIE, flash.cookie());
    r
}

/// Checks a signed-in form post (origin + the session's token): `Some(page)` when refused.
pub fn csrf(o: &Officer, headers: &HeaderMap, given: Option<&str>) -> Option<Response> {
    motcua_ui::csrf::check(o.prefs.lang, headers, &o.session.csrf_token, given)
        .err()
        .map(IntoResponse::into_response)
}

/// The first value of `key` in a urlencoded body.
pub fn field(pairs: &[(String, String)], key: &str) -> String {
    pairs
        .iter()
        .find(|(k, _)| k == key)
        .map(|(_, v)| v.clone())
        .unwrap_or_default()
}

pub fn parse_form(body: &[u8]) -> Vec<(String, String)> {
    form_urlencoded::parse(body).into_owned().collect()
}

/// A PDF (or CSV) download; never cached by shared caches (personal data).
pub fn download(bytes: Vec<u8>, media_type: &str, file_name: &str, inline: bool) -> Response {
    let disposition = format!(
        "{}; filename=\"{}\"",
        if inline { "inline" } else { "attachment" },
        file_name.replace(['"', '\\', '\r', '\n'], "_")
    );
    (
        [
            (header::CONTENT_TYPE, media_type.to_string()),
            (header::CONTENT_DISPOSITION, disposition),
            (header::CACHE_CONTROL, "private, no-store".to_string()),
        ],
        bytes,
    )
        .into_response()
}

/// The stylesheet of the workspace (added to the UI kit's), for the `head` block.
pub fn office_css() -> &'static str {
    assets::css_href()
}

/// A local date-time typed in a form (`2026-03-05T17:00` from `datetime-local`, or
/// `05/03/2026 17:00`), as an instant at UTC+7.
pub fn parse_local(text: &str) -> Option<jiff::Timestamp> {
    let t = text.trim();
    if let Ok(dt) = t.parse::<jiff::civil::DateTime>() {
        return Some(motcua_calendar::from_local(dt));
    }
    let (date, time) = t.split_once(' ').unwrap_or((t, "17:00"));
    let mut d = date.split('/');
    let (day, month, year) = (
        d.next()?.parse().ok()?,
        d.next()?.parse().ok()?,
        d.next()?.parse().ok()?,
    );
    let (h, m) = time.split_once(':')?;
    let dt = jiff::civil::DateTime::new(year, month, day, h.parse().ok()?, m.parse().ok()?, 0, 0)
        .ok()?;
    Some(motcua_calendar::from_local(dt))
}
