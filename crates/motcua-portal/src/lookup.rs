//! Looking a dossier up without an account: dossier code + the applicant's phone number →
//! status and appointment, nothing else (personal data stays private). "No such code" and
//! "wrong phone" get the same answer; wrong guesses are rate-limited per address.

use askama::Template;
use axum::Form;
use axum::extract::{Query, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::Response;
use motcua_domain::code::DossierCode;
use motcua_ui::form::{Control, Kind};
use motcua_ui::{Chrome, ErrorPage, FormErrors, csrf, i18n};
use motcua_web::for_pages::ClientIp;
use serde::Deserialize;

use crate::Portal;
use crate::ctx::Ctx;
use crate::fail::PageResult;

pub struct Found {
    pub code: String,
    pub procedure: String,
    pub status: &'static str,
    pub appointment: Option<String>,
    pub due: Option<String>,
}

#[derive(Template)]
#[template(path = "lookup.html")]
struct LookupPage {
    page: Chrome,
    summary: String,
    code: Control,
    phone: Control,
    found: Option<Found>,
    not_found: bool,
}

fn page(ctx: &Ctx, csrf: String, code: &str, phone: &str, e: &FormErrors) -> LookupPage {
    let l = ctx.lang();
    let mut page = ctx.chrome(ctx.t("Tra cứu hồ sơ", "Look up a dossier"));
    page.csrf = csrf;
    LookupPage {
        summary: e.summary(l),
        code: Control::text(l, "code", ctx.t("Mã hồ sơ", "Dossier code"))
            .hint(ctx.t(
                "In trên giấy tiếp nhận, ví dụ H99.01-260302-0001",
                "Printed on the receipt, e.g. H99.01-260302-0001",
            ))
            .value(code)
            .errors(e),
        phone: Control::new(
            l,
            Kind::Input("tel"),
            "phone",
            ctx.t(
                "Số điện thoại của người nộp",
                "The applicant's phone number",
            ),
        )
        .value(phone)
        .autocomplete("tel")
        .width("mid")
        .errors(e),
        found: None,
        not_found: false,
        page,
    }
}

#[derive(Deserialize, Default)]
pub struct CodeQuery {
    ma: Option<String>,
}

fn no_store(mut r: Response, set: Option<HeaderValue>) -> Response {
    if let Some(c) = set {
        r.headers_mut().append(header::SET_COOKIE, c);
    }
    r.headers_mut()
        .insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    r
}

/// `GET /tra-cuu` (`?ma=` prefills the code, as the receipt's QR code does).
pub async fn form(
    State(s): State<Portal>,
    ctx: Ctx,
    headers: HeaderMap,
    Query(q): Query<CodeQuery>,
) -> Response {
    let (token, set) = csrf::anon_token(&headers, s.app.page_config().production);
    let code: String = q.ma.unwrap_or_default().chars().take(40).collect();
    no_store(
        motcua_ui::render(&page(&ctx, token, &code, "", &FormErrors::new())),
        set,
    )
}

#[derive(Deserialize)]
pub struct LookupForm {
    #[serde(default)]
    code: String,
    #[serde(default)]
    phone: String,
    csrf_token: Option<String>,
}

/// `POST /tra-cuu`.
pub async fn lookup(
    State(s): State<Portal>,
    ctx: Ctx,
    ClientIp(ip): ClientIp,
    headers: HeaderMap,
    Form(f): Form<LookupForm>,
) -> PageResult {
    let lang = ctx.lang();
    csrf::check_anon(lang, &headers, f.csrf_token.as_deref())?;
    let limiter = &s.app.page_limits().lookup_ip;
    if let Err(wait) = limiter.check(&ip) {
        return Err(ErrorPage::rate_limited(lang, wait).back("/tra-cuu").into());
    }
    let token = motcua_ui::cookie::get(&headers, csrf::ANON_COOKIE)
        .unwrap_or("")
        .to_string();
    let mut e = FormErrors::new();
    if f.code.trim().is_empty() {
        e.add("code", "Vui lòng nhập mã hồ sơ.", "Enter the dossier code.");
    }
    if f.phone.trim().is_empty() {
        e.add(
            "phone",
            "Vui lòng nhập số điện thoại.",
            "Enter the phone number.",
        );
    }
    if !e.is_empty() {
        let p = page(&ctx, token, &f.code, &f.phone, &e);
        return Ok(no_store(
            motcua_ui::render_status(StatusCode::UNPROCESSABLE_ENTITY, &p),
            None,
        ));
    }
    let code = DossierCode::parse(f.code.trim().to_uppercase().as_str()).ok();
    let found = match code {
        Some(c) => s
            .app
            .page_store()
            .public_lookup(&c, &f.phone)
            .await
            .map_err(|err| crate::fail::Fail::store(lang, err))?,
        None => None,
    };
    let mut p = page(&ctx, token, &f.code, &f.phone, &e);
    match found {
        Some(st) => {
            p.found = Some(Found {
                code: st.code.to_string(),
                procedure: st.procedure_name,
                status: crate::timeline::status(lang, st.status),
                appointment: st.appointment_at.map(|t| i18n::moment(lang, t)),
                due: crate::timeline::due(lang, &st.due_state),
            });
            Ok(no_store(motcua_ui::render(&p), None))
        }
        None => {
            limiter.hit(&ip);
            p.not_found = true;
            Ok(no_store(
                motcua_ui::render_status(StatusCode::NOT_FOUND, &p),
                None,
            ))
        }
    }
}
