//! `POST /api/v1/dossiers` (JSON or multipart), `POST /api/v1/dossiers/{code}/supplement`
//! (the citizen's answer to a supplement request, with files) and
//! `POST /api/v1/dossiers/{code}/documents` (officers' working files).
//!
//! Multipart field names (documented in docs/API.md):
//! `procedure`, `unit`, `channel`, `applicant.kind`, `applicant.full_name`,
//! `applicant.id_number`, `applicant.phone`, `applicant.email`, `applicant.address.province`,
//! `applicant.address.commune`, `applicant.address.street`, `delivery.method`,
//! `delivery.address`, `consent.method`, `consent.note`, `form.<key>`, `reuse.<component>`
//! (a personal document id), `note`, and file parts `file.<component>` (several per component
//! allowed).

use std::collections::BTreeMap;

use axum::extract::{FromRequest, Multipart, Request, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use motcua_domain::code::DossierCode;
use motcua_domain::dossier::{Command, DocSource, DocumentRef};
use motcua_store::idempotency::request_hash;
use motcua_store::store::Idempotency;
use serde::Deserialize;
use utoipa::ToSchema;

use super::submit_input::{
    AddressIn, ApplicantIn, ConsentIn, DeliveryIn, ReuseIn, SubmitRequest, new_dossier,
    parse_procedure, reused,
};
use super::upload::store_file;
use crate::auth::Auth;
use crate::extract::{Json, Path};
use crate::problem::{ApiError, ApiResult};
use crate::state::AppState;
use crate::views::{DossierOut, Problem, dossier_out};

/// Longest text field of a multipart form.
const MAX_TEXT: usize = 16 * 1024;

/// Documentation of the multipart form (the real names are dotted; files are `file.<component>`).
#[derive(Deserialize, ToSchema)]
#[allow(dead_code)]
pub struct SubmitForm {
    pub procedure: String,
    pub unit: String,
    pub channel: Option<String>,
    #[serde(rename = "applicant.full_name")]
    pub applicant_full_name: Option<String>,
    #[serde(rename = "applicant.phone")]
    pub applicant_phone: Option<String>,
    #[serde(rename = "applicant.id_number")]
    pub applicant_id_number: Option<String>,
    #[serde(rename = "delivery.method")]
    pub delivery_method: Option<String>,
    /// A form field value (`form.<key>`).
    #[serde(rename = "form.request")]
    pub form_request: Option<String>,
    /// A personal document id reused for component c1 (`reuse.<component>`).
    #[serde(rename = "reuse.c1")]
    pub reuse_c1: Option<i64>,
    /// A file for component c1 (`file.<component>`; repeat for several pages).
    #[serde(rename = "file.c1")]
    #[schema(value_type = Option<Vec<String>>, format = Binary)]
    pub file_c1: Option<Vec<u8>>,
}

fn unknown_field(name: &str) -> ApiError {
    ApiError::unprocessable(
        "request.unknown_field",
        format!("Trường «{name}» không thuộc biểu mẫu nộp hồ sơ."),
        format!("\"{name}\" is not a field of the submission form."),
    )
}

async fn text(field: axum::extract::multipart::Field<'_>) -> ApiResult<String> {
    let name = field.name().unwrap_or("").to_string();
    let bytes = field.bytes().await?;
    if bytes.len() > MAX_TEXT {
        return Err(ApiError::new(
            StatusCode::PAYLOAD_TOO_LARGE,
            "request.field_too_large",
            format!("Trường «{name}» quá dài."),
            format!("The field \"{name}\" is too long."),
        ));
    }
    String::from_utf8(bytes.to_vec()).map_err(|_| {
        ApiError::bad_request(
            "request.not_utf8",
            format!("Trường «{name}» không phải văn bản UTF-8."),
            format!("The field \"{name}\" is not UTF-8 text."),
        )
    })
}

fn reuse_id(component: &str, v: &str) -> ApiResult<ReuseIn> {
    let id = v.trim().parse::<i64>().map_err(|_| {
        ApiError::unprocessable(
            "dossier.reuse_not_found",
            "Không tìm thấy giấy tờ này trong kho dữ liệu của bạn.",
            "This document is not in your personal data store.",
        )
    })?;
    Ok(ReuseIn {
        component: component.to_string(),
        personal_document_id: id,
    })
}

/// Files of a multipart form must name a component of the procedure (checked before storing
/// when the procedure is already known).
fn check_component(state: &AppState, procedure: &str, key: &str) -> ApiResult<()> {
    if procedure.is_empty() {
        return Ok(());
    }
    let code = parse_procedure(state, procedure)?;
    let p = state
        .store()
        .procedure(&code)
        .ok_or_else(ApiError::not_found)?;
    if p.version.component(key).is_none() {
        return Err(motcua_domain::dossier::Rejection::UnknownComponent(key.to_string()).into());
    }
    Ok(())
}

fn applicant(r: &mut SubmitRequest) -> &mut ApplicantIn {
    r.applicant.get_or_insert_with(ApplicantIn::default)
}

/// Reads a submission form, storing its files as they come.
async fn read_form(
    state: &AppState,
    mut mp: Multipart,
) -> ApiResult<(SubmitRequest, Vec<DocumentRef>)> {
    let r = read_form_fields(state, &mut mp).await;
    if r.is_err() {
        crate::api::upload::drain(&mut mp).await;
    }
    r
}

async fn read_form_fields(
    state: &AppState,
    mp: &mut Multipart,
) -> ApiResult<(SubmitRequest, Vec<DocumentRef>)> {
    let mut r = SubmitRequest::default();
    let mut files = Vec::new();
    while let Some(field) = mp.next_field().await? {
        let name = field.name().unwrap_or("").to_string();
        if let Some(key) = name.strip_prefix("file.") {
            check_component(state, &r.procedure, key)?;
            files.push(store_file(state, field, Some(key.to_string()), DocSource::Upload).await?);
            continue;
        }
        let v = text(field).await?;
        match name.as_str() {
            "procedure" => r.procedure = v,
            "unit" => r.unit = v,
            "channel" => r.channel = Some(v),
            "applicant.kind" => applicant(&mut r).kind = Some(v),
            "applicant.full_name" => applicant(&mut r).full_name = Some(v),
            "applicant.id_number" => applicant(&mut r).id_number = Some(v),
            "applicant.phone" => applicant(&mut r).phone = Some(v),
            "applicant.email" => applicant(&mut r).email = Some(v),
            n if n.starts_with("applicant.address.") => {
                let a = applicant(&mut r)
                    .address
                    .get_or_insert_with(AddressIn::default);
                match &n["applicant.address.".len()..] {
                    "province" => a.province = v,
                    "commune" => a.commune = v,
                    "street" => a.street = v,
                    _ => return Err(unknown_field(n)),
                }
            }
            "delivery.method" => {
                r.delivery.get_or_insert_with(DeliveryIn::default).method = Some(v)
            }
            "delivery.address" => {
                r.delivery.get_or_insert_with(DeliveryIn::default).address = Some(v)
            }
            "consent.method" => {
                r.consent
                    .get_or_insert_with(|| ConsentIn {
                        method: String::new(),
                        note: String::new(),
                    })
                    .method = v
            }
            "consent.note" => {
                r.consent
                    .get_or_insert_with(|| ConsentIn {
                        method: String::new(),
                        note: String::new(),
                    })
                    .note = v
            }
            n if n.starts_with("form.") => {
                r.form.insert(n["form.".len()..].to_string(), v);
            }
            n if n.starts_with("reuse.") => r.documents.push(reuse_id(&n["reuse.".len()..], &v)?),
            other => return Err(unknown_field(other)),
        }
    }
    Ok((r, files))
}

fn is_multipart(headers: &HeaderMap) -> bool {
    headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| {
            v.trim_start()
                .to_ascii_lowercase()
                .starts_with("multipart/form-data")
        })
}

/// The `Idempotency-Key` header with the digest of what makes this request "the same".
fn idempotency(
    headers: &HeaderMap,
    path: &str,
    req: &SubmitRequest,
    files: &[DocumentRef],
) -> ApiResult<Option<Idempotency>> {
    let Some(key) = headers.get("idempotency-key") else {
        return Ok(None);
    };
    let key = key
        .to_str()
        .ok()
        .map(str::trim)
        .filter(|k| !k.is_empty() && k.len() <= 255)
        .ok_or_else(|| {
            ApiError::bad_request(
                "idempotency.invalid_key",
                "Khóa chống gửi trùng không hợp lệ (1–255 ký tự ASCII in được).",
                "The idempotency key is not valid (1–255 printable ASCII characters).",
            )
        })?;
    let body = serde_json::to_vec(req).map_err(ApiError::internal)?;
    let file_list: Vec<(Option<&str>, &str)> = files
        .iter()
        .map(|f| (f.component.as_deref(), f.sha256.as_str()))
        .collect();
    let files_json = serde_json::to_vec(&file_list).map_err(ApiError::internal)?;
    Ok(Some(Idempotency {
        key: key.to_string(),
        request_hash: request_hash(&[b"POST", path.as_bytes(), &body, &files_json]),
    }))
}

/// Submit a dossier: `multipart/form-data` with files, or JSON reusing stored documents.
///
/// With an `Idempotency-Key` header, repeating the request returns the first answer (with
/// `Idempotent-Replayed: true`) and never creates a second dossier.
#[utoipa::path(post, path = "/api/v1/dossiers", tag = "dossiers", security(("bearer" = [])),
    params(("Idempotency-Key" = Option<String>, Header, description = "Makes retries safe")),
    request_body(content(
        (SubmitForm = "multipart/form-data"),
        (SubmitRequest = "application/json"))),
    responses(
        (status = 201, body = DossierOut, description = "Created (Location: /api/v1/dossiers/{code})"),
        (status = 400, body = Problem, description = "Malformed JSON or form"),
        (status = 401, body = Problem),
        (status = 403, body = Problem, description = "Role may not submit through this channel"),
        (status = 413, body = Problem, description = "A file or the request is too large"),
        (status = 415, body = Problem, description = "A file is not PDF, JPEG or PNG (by content)"),
        (status = 422, body = Problem, description = "Unknown procedure or unit, missing required component, invalid field")))]
pub async fn submit(
    State(state): State<AppState>,
    auth: Auth,
    req: Request,
) -> ApiResult<Response> {
    let headers = req.headers().clone();
    let (input, files) = if is_multipart(&headers) {
        let mp = Multipart::from_request(req, &state).await?;
        read_form(&state, mp).await?
    } else {
        let Json(input) = Json::<SubmitRequest>::from_request(req, &state).await?;
        (input, vec![])
    };
    let idem = idempotency(&headers, "/api/v1/dossiers", &input, &files)?;
    let new = new_dossier(&state, &auth, &input, files).await?;
    let submitted = state.store().submit(&auth.actor, new, vec![], idem).await?;
    let out = dossier_out(&state, submitted.view()).await;
    let mut res = (StatusCode::CREATED, Json(&out)).into_response();
    let h = res.headers_mut();
    if let Ok(v) = HeaderValue::from_str(&format!("/api/v1/dossiers/{}", out.code)) {
        h.insert(header::LOCATION, v);
    }
    if submitted.is_replay() {
        h.insert("idempotent-replayed", HeaderValue::from_static("true"));
    }
    Ok(res)
}

pub fn parse_code(code: &str) -> ApiResult<DossierCode> {
    DossierCode::parse(code.trim()).map_err(|_| ApiError::not_found())
}

/// The files and form changes of a multipart answer to a supplement request.
async fn read_supplement(
    state: &AppState,
    auth: &Auth,
    procedure: &str,
    mut mp: Multipart,
) -> ApiResult<Command> {
    let r = read_supplement_fields(state, auth, procedure, &mut mp).await;
    if r.is_err() {
        crate::api::upload::drain(&mut mp).await;
    }
    r
}

async fn read_supplement_fields(
    state: &AppState,
    auth: &Auth,
    procedure: &str,
    mp: &mut Multipart,
) -> ApiResult<Command> {
    let mut documents = Vec::new();
    let mut reuse = Vec::new();
    let mut form_changes = BTreeMap::new();
    let mut note = None;
    while let Some(field) = mp.next_field().await? {
        let name = field.name().unwrap_or("").to_string();
        if let Some(key) = name.strip_prefix("file.") {
            check_component(state, procedure, key)?;
            documents.push(store_file(state, field, Some(key.into()), DocSource::Upload).await?);
            continue;
        }
        let v = text(field).await?;
        match name.as_str() {
            "note" => note = Some(v),
            n if n.starts_with("form.") => {
                form_changes.insert(n["form.".len()..].to_string(), v);
            }
            n if n.starts_with("reuse.") => reuse.push(reuse_id(&n["reuse.".len()..], &v)?),
            other => return Err(unknown_field(other)),
        }
    }
    documents.extend(reused(state, auth, &reuse).await?);
    Ok(Command::ProvideSupplement {
        documents,
        form_changes,
        note,
    })
}

/// Answer a supplement request with files (multipart: `file.<component>`, `reuse.<component>`,
/// `form.<key>`, `note`).
#[utoipa::path(post, path = "/api/v1/dossiers/{code}/supplement", tag = "dossiers",
    security(("bearer" = [])),
    params(("code" = String, Path, description = "Dossier code")),
    request_body(content = SubmitForm, content_type = "multipart/form-data"),
    responses((status = 200, body = DossierOut), (status = 404, body = Problem),
        (status = 409, body = Problem), (status = 413, body = Problem), (status = 415, body = Problem),
        (status = 422, body = Problem)))]
pub async fn supplement(
    State(state): State<AppState>,
    auth: Auth,
    Path(code): Path<String>,
    mp: Multipart,
) -> ApiResult<Json<DossierOut>> {
    let code = parse_code(&code)?;
    // Nothing is stored for a dossier the caller cannot see.
    let current = state.store().dossier(&auth.actor, &code).await?;
    let procedure = current.dossier.procedure_code.to_string();
    let cmd = read_supplement(&state, &auth, &procedure, mp).await?;
    let view = state
        .store()
        .execute(&auth.actor, &code, None, vec![cmd])
        .await?;
    Ok(Json(dossier_out(&state, &view).await))
}

/// Attach officers' working files (multipart `file` parts; result files to issue later).
#[utoipa::path(post, path = "/api/v1/dossiers/{code}/documents", tag = "dossiers",
    security(("bearer" = [])),
    params(("code" = String, Path, description = "Dossier code")),
    request_body(content = SubmitForm, content_type = "multipart/form-data"),
    responses((status = 200, body = DossierOut), (status = 403, body = Problem), (status = 404, body = Problem),
        (status = 409, body = Problem), (status = 413, body = Problem), (status = 415, body = Problem)))]
pub async fn attach(
    State(state): State<AppState>,
    auth: Auth,
    Path(code): Path<String>,
    mut mp: Multipart,
) -> ApiResult<Json<DossierOut>> {
    let code = parse_code(&code)?;
    state.store().dossier(&auth.actor, &code).await?;
    let mut commands = Vec::new();
    while let Some(field) = mp.next_field().await? {
        let name = field.name().unwrap_or("").to_string();
        if name != "file" {
            return Err(unknown_field(&name));
        }
        let document = store_file(&state, field, None, DocSource::Officer).await?;
        commands.push(Command::AttachDocument { document });
    }
    let view = state
        .store()
        .execute(&auth.actor, &code, None, commands)
        .await?;
    Ok(Json(dossier_out(&state, &view).await))
}
