//! `/office/open311-keys`: administrators create and revoke the API keys that Open311 clients
//! use to post feedback. A key is shown once, when created (only its SHA-256 is stored), and is
//! bound to the unit that receives what it posts.

use askama::Template;
use axum::extract::State;
use axum::http::HeaderMap;
use axum::response::Response;
use motcua_store::store::quality::Open311Key;
use motcua_ui::i18n::{Text, moment};
use motcua_ui::{Chrome, Flash};

use crate::page::{
    Fail, PageResult, check_officer, field, office_chrome, parse_form, see_other_with,
};
use crate::state::Quality;
use crate::who::Officer;

pub struct KeyRow {
    id: i64,
    label: String,
    unit: String,
    created: String,
    last_used: String,
    revoked: Option<String>,
}

#[derive(Template)]
#[template(path = "quality/keys.html")]
struct KeysPage {
    page: Chrome,
    css: &'static str,
    keys: Vec<KeyRow>,
    units: Vec<(String, String)>,
    new_key: Option<String>,
    error: Option<String>,
    label: String,
}

fn admin(o: &Officer) -> Result<(), Fail> {
    if o.is_admin() {
        Ok(())
    } else {
        Err(Fail::forbidden(
            o.lang(),
            Text::new(
                "Chỉ quản trị viên được cấp khóa Open311.",
                "Only administrators issue Open311 keys.",
            ),
        ))
    }
}

async fn render(
    q: &Quality,
    o: &Officer,
    new_key: Option<String>,
    error: Option<String>,
    label: String,
) -> PageResult {
    let lang = o.lang();
    let store = q.store();
    let keys: Vec<Open311Key> = store
        .open311_keys(o.actor())
        .await
        .map_err(|e| Fail::store(lang, e))?;
    let mut units = store.units(None).await.map_err(|e| Fail::store(lang, e))?;
    units.sort_by(|a, b| a.code.as_str().cmp(b.code.as_str()));
    let t = KeysPage {
        page: office_chrome(o, lang.pick("Khóa API Open311", "Open311 API keys")),
        css: crate::page::css(),
        keys: keys
            .into_iter()
            .map(|k| KeyRow {
                id: k.id,
                label: k.label,
                unit: store.unit_name(k.unit),
                created: moment(lang, k.created_at),
                last_used: k
                    .last_used_at
                    .map(|t| moment(lang, t))
                    .unwrap_or_else(|| lang.pick("Chưa dùng", "Never").into()),
                revoked: k.revoked_at.map(|t| moment(lang, t)),
            })
            .collect(),
        units: units
            .into_iter()
            .map(|u| (u.code.as_str().to_string(), u.name))
            .collect(),
        new_key,
        error,
        label,
    };
    let status = if t.error.is_some() {
        axum::http::StatusCode::UNPROCESSABLE_ENTITY
    } else {
        axum::http::StatusCode::OK
    };
    let mut r = motcua_ui::render_status(status, &t);
    // The page may carry a secret: never cache it.
    r.headers_mut().insert(
        axum::http::header::CACHE_CONTROL,
        axum::http::HeaderValue::from_static("no-store"),
    );
    Ok(r)
}

/// `GET /office/open311-keys`.
pub async fn page(State(q): State<Quality>, o: Officer) -> PageResult {
    admin(&o)?;
    render(&q, &o, None, None, String::new()).await
}

/// `POST /office/open311-keys`: `action=create` (label, unit) or `action=revoke` (id).
pub async fn act(
    State(q): State<Quality>,
    o: Officer,
    headers: HeaderMap,
    body: axum::body::Bytes,
) -> Result<Response, Fail> {
    admin(&o)?;
    let f = parse_form(&body);
    check_officer(&o, &headers, &f)?;
    let lang = o.lang();
    let store = q.store();
    match field(&f, "action").as_str() {
        "create" => {
            let label = field(&f, "label");
            let unit = match store.unit_by_code(&field(&f, "unit")).await {
                Ok(u) => u,
                Err(_) => {
                    let m = lang.pick(
                        "Vui lòng chọn đơn vị nhận phản ánh.",
                        "Choose the unit that receives the feedback.",
                    );
                    return render(&q, &o, None, Some(m.into()), label).await;
                }
            };
            match store.create_open311_key(o.actor(), &label, unit.id).await {
                Ok((_, raw)) => render(&q, &o, Some(raw), None, String::new()).await,
                Err(motcua_store::store::AppError::Invalid { vi, en, .. }) => {
                    render(&q, &o, None, Some(lang.pick(&vi, &en).to_string()), label).await
                }
                Err(e) => Err(Fail::store(lang, e)),
            }
        }
        "revoke" => {
            let id: i64 = field(&f, "id").parse().map_err(|_| Fail::not_found(lang))?;
            store
                .revoke_open311_key(o.actor(), id)
                .await
                .map_err(|e| Fail::store(lang, e))?;
            Ok(see_other_with(
                "/office/open311-keys",
                &Flash::success("Đã thu hồi khóa.", "The key was revoked."),
            ))
        }
        _ => Err(Fail::not_found(lang)),
    }
}
