//! Reading and acting on dossiers: detail, timeline, files, lifecycle actions, the citizen's own
//! lists, and the anonymous lookup by code and phone.

use axum::body::Body;
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Response};
use motcua_domain::dossier::{Command, DocSource, DocumentRef};
use serde::{Deserialize, Serialize};
use serde_json::Value;
use utoipa::{IntoParams, ToSchema};

use super::submit::parse_code;
use crate::auth::Auth;
use crate::extract::{ClientIp, Json, Path, Query};
use crate::problem::{ApiError, ApiResult};
use crate::state::AppState;
use crate::time::{localize, vn};
use crate::views::{DossierOut, Problem, PublicStatusOut, SummaryOut, dossier_out};

/// A dossier the caller may see (404 otherwise, whoever owns it).
#[utoipa::path(get, path = "/api/v1/dossiers/{code}", tag = "dossiers", security(("bearer" = [])),
    params(("code" = String, Path, description = "Dossier code")),
    responses((status = 200, body = DossierOut), (status = 401, body = Problem), (status = 404, body = Problem)))]
pub async fn detail(
    State(state): State<AppState>,
    auth: Auth,
    Path(code): Path<String>,
) -> ApiResult<Json<DossierOut>> {
    let code = parse_code(&code)?;
    let view = state.store().dossier(&auth.actor, &code).await?;
    Ok(Json(dossier_out(&state, &view).await))
}

#[derive(Debug, Serialize, ToSchema)]
pub struct ActorOut {
    pub account: Option<i64>,
    pub name: String,
    pub role: String,
}

/// One event of the timeline. Events of kind `handed_over` are the rows of the control slip.
#[derive(Debug, Serialize, ToSchema)]
pub struct EventOut {
    pub seq: i64,
    #[schema(format = DateTime)]
    pub at: String,
    /// submitted, accepted, supplement_requested, …, handed_over, due_recomputed.
    pub kind: String,
    pub actor: ActorOut,
    pub unit_id: i64,
    /// The event's own data (times at +07:00).
    #[schema(value_type = Object)]
    pub data: Value,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct EventList {
    pub items: Vec<EventOut>,
}

/// The timeline of a dossier.
#[utoipa::path(get, path = "/api/v1/dossiers/{code}/events", tag = "dossiers", security(("bearer" = [])),
    params(("code" = String, Path, description = "Dossier code")),
    responses((status = 200, body = EventList), (status = 404, body = Problem)))]
pub async fn events(
    State(state): State<AppState>,
    auth: Auth,
    Path(code): Path<String>,
) -> ApiResult<Json<EventList>> {
    let code = parse_code(&code)?;
    let events = state.store().dossier_events(&auth.actor, &code).await?;
    let items = events
        .into_iter()
        .map(|e| {
            let mut data = serde_json::to_value(&e.event.data).unwrap_or(Value::Null);
            if let Value::Object(m) = &mut data {
                m.remove("kind");
            }
            EventOut {
                seq: e.seq,
                at: vn(e.event.at),
                kind: e.event.data.kind().into(),
                actor: ActorOut {
                    account: e.event.actor.account.map(|a| a.0),
                    name: e.event.actor.name.clone(),
                    role: e.event.actor.role.as_str().into(),
                },
                unit_id: e.event.unit.0,
                data: localize(data),
            }
        })
        .collect();
    Ok(Json(EventList { items }))
}

/// `attachment; filename="…"; filename*=UTF-8''…` (RFC 6266 / 8187).
fn disposition(name: &str) -> String {
    let ascii: String = name
        .chars()
        .map(|c| {
            if c.is_ascii_graphic() && c != '"' && c != '\\' || c == ' ' {
                c
            } else {
                '_'
            }
        })
        .collect();
    let mut encoded = String::new();
    for b in name.bytes() {
        if b.is_ascii_alphanumeric() || b"-._~".contains(&b) {
            encoded.push(b as char);
        } else {
            encoded.push_str(&format!("%{b:02X}"));
        }
    }
    format!("attachment; filename=\"{ascii}\"; filename*=UTF-8''{encoded}")
}

/// A file of the dossier (its documents and results only).
#[utoipa::path(get, path = "/api/v1/dossiers/{code}/files/{sha256}", tag = "dossiers", security(("bearer" = [])),
    params(("code" = String, Path, description = "Dossier code"), ("sha256" = String, Path, description = "The file's SHA-256")),
    responses((status = 200, description = "The file, with its sniffed Content-Type", content_type = "application/octet-stream"),
        (status = 404, body = Problem)))]
pub async fn file(
    State(state): State<AppState>,
    auth: Auth,
    Path((code, sha)): Path<(String, String)>,
) -> ApiResult<Response> {
    let code = parse_code(&code)?;
    let view = state.store().dossier(&auth.actor, &code).await?;
    let d = &view.dossier;
    let doc = d
        .documents
        .iter()
        .chain(&d.result_documents)
        .find(|x| x.sha256 == sha)
        .ok_or_else(ApiError::not_found)?;
    let bytes =
        state.blobs().get(&doc.sha256).await?.ok_or_else(|| {
            ApiError::internal(format!("blob {} of {code} is missing", doc.sha256))
        })?;
    let mut res = Response::new(Body::from(bytes));
    let h = res.headers_mut();
    let set = |h: &mut HeaderMap, name, v: &str| {
        if let Ok(v) = v.parse() {
            h.insert(name, v);
        }
    };
    set(h, header::CONTENT_TYPE, &doc.media_type);
    set(h, header::CONTENT_DISPOSITION, &disposition(&doc.file_name));
    set(h, header::X_CONTENT_TYPE_OPTIONS, "nosniff");
    set(h, header::CACHE_CONTROL, "private, no-store");
    Ok(res)
}

/// An action on a dossier: a lifecycle command as JSON, tagged by `action`, plus optionally
/// `expected_version` (or the `If-Match: "<version>"` header).
#[derive(Debug, Deserialize, ToSchema)]
#[allow(dead_code)] // Documentation of the body; the handler reads it as a `Command`.
#[schema(example = json!({"action": "request_supplement", "items": ["Bản sao Giấy chứng nhận kết hôn"], "reason": "Thiếu giấy tờ"}))]
pub struct ActionRequest {
    /// accept, request_supplement, provide_supplement, refuse, assign, claim, transfer,
    /// propose_result, send_back, approve, issue_result, return_result, stop, reschedule,
    /// close, comment, attach_document; the other members depend on it (docs/API.md).
    pub action: String,
    pub expected_version: Option<u64>,
}

/// Documents named in an action must already belong to this dossier (uploaded with it, with a
/// supplement, or by an officer), or come from the owner's personal data store (checked by
/// the store): no action can attach a stored file by guessing its hash.
fn check_documents(cmd: &Command, current: &motcua_domain::dossier::Dossier) -> ApiResult<()> {
    let docs: Vec<&DocumentRef> = match cmd {
        Command::ProvideSupplement { documents, .. }
        | Command::ProposeResult { documents, .. }
        | Command::IssueResult { documents, .. } => documents.iter().collect(),
        Command::AttachDocument { document } => vec![document],
        Command::Submit(_) => {
            return Err(ApiError::unprocessable(
                "dossier.submit_via_actions",
                "Nộp hồ sơ mới bằng POST /api/v1/dossiers.",
                "Submit new dossiers with POST /api/v1/dossiers.",
            ));
        }
        _ => vec![],
    };
    for doc in docs {
        let known = current
            .documents
            .iter()
            .chain(&current.result_documents)
            .any(|d| d.sha256 == doc.sha256);
        if !known && !matches!(doc.source, DocSource::PersonalStore { .. }) {
            return Err(ApiError::unprocessable(
                "dossier.unknown_document",
                "Tệp này chưa được tải lên cho hồ sơ; hãy tải lên trước (POST …/documents hoặc …/supplement).",
                "This file was not uploaded for the dossier; upload it first (POST …/documents or …/supplement).",
            ));
        }
    }
    Ok(())
}

/// Lets an action name a file of the dossier by its hash alone (`{"sha256": "…"}`, optionally
/// with `component`): the entry is completed from the dossier's own documents.
fn fill_documents(body: &mut Value, current: &motcua_domain::dossier::Dossier) {
    let complete = |v: &mut Value| {
        let Some(sha) = v.get("sha256").and_then(Value::as_str) else {
            return;
        };
        let Some(known) = current
            .documents
            .iter()
            .chain(&current.result_documents)
            .find(|d| d.sha256 == sha)
        else {
            return;
        };
        let mut full = serde_json::to_value(known).unwrap_or(Value::Null);
        if let (Value::Object(full), Value::Object(given)) = (&mut full, &*v) {
            for (k, x) in given {
                if k != "source" {
                    full.insert(k.clone(), x.clone());
                }
            }
        }
        *v = full;
    };
    if let Some(list) = body.get_mut("documents").and_then(Value::as_array_mut) {
        list.iter_mut().for_each(complete);
    }
    if let Some(doc) = body.get_mut("document") {
        complete(doc);
    }
}

/// The version in `If-Match: "<n>"` (or `W/"<n>"`).
fn if_match(headers: &HeaderMap) -> ApiResult<Option<u64>> {
    let Some(v) = headers.get(header::IF_MATCH) else {
        return Ok(None);
    };
    let text = v.to_str().unwrap_or("").trim();
    let text = text.strip_prefix("W/").unwrap_or(text).trim_matches('"');
    text.parse::<u64>().map(Some).map_err(|_| {
        ApiError::bad_request(
            "request.if_match",
            "Tiêu đề If-Match phải là số phiên bản của hồ sơ trong dấu nháy, ví dụ \"3\".",
            "The If-Match header must be the dossier's version in quotes, e.g. \"3\".",
        )
    })
}

/// Run a lifecycle action (the rules live in the domain's transition table).
#[utoipa::path(post, path = "/api/v1/dossiers/{code}/actions", tag = "dossiers", security(("bearer" = [])),
    params(("code" = String, Path, description = "Dossier code"),
        ("If-Match" = Option<String>, Header, description = "\"<version>\": refuse if the dossier changed (412)")),
    request_body = ActionRequest,
    responses((status = 200, body = DossierOut), (status = 400, body = Problem),
        (status = 403, body = Problem, description = "The role may not do this"),
        (status = 404, body = Problem),
        (status = 409, body = Problem, description = "Illegal transition, or stale expected_version"),
        (status = 412, body = Problem, description = "Stale If-Match"),
        (status = 422, body = Problem)))]
pub async fn action(
    State(state): State<AppState>,
    auth: Auth,
    headers: HeaderMap,
    Path(code): Path<String>,
    Json(body): Json<Value>,
) -> ApiResult<Json<DossierOut>> {
    let code = parse_code(&code)?;
    let header_version = if_match(&headers)?;
    let mut body = body;
    let body_version = match &mut body {
        Value::Object(m) => m.remove("expected_version"),
        _ => None,
    };
    let body_version = match body_version {
        None | Some(Value::Null) => None,
        Some(v) => Some(v.as_u64().ok_or_else(|| {
            ApiError::unprocessable(
                "request.json_invalid",
                "expected_version phải là số nguyên không âm.",
                "expected_version must be a non-negative integer.",
            )
        })?),
    };
    let current = state.store().dossier(&auth.actor, &code).await?;
    fill_documents(&mut body, &current.dossier);
    let cmd: Command = serde_json::from_value(body).map_err(|e| {
        ApiError::unprocessable(
            "request.json_invalid",
            format!("Thao tác không hợp lệ: {e}"),
            format!("Invalid action: {e}"),
        )
    })?;
    check_documents(&cmd, &current.dossier)?;
    let expected = header_version.or(body_version);
    match state
        .store()
        .execute(&auth.actor, &code, expected, vec![cmd])
        .await
    {
        Ok(view) => Ok(Json(dossier_out(&state, &view).await)),
        Err(e @ motcua_store::store::AppError::Stale { .. }) if header_version.is_some() => {
            let mut p = ApiError::from(e);
            p.status = StatusCode::PRECONDITION_FAILED;
            Err(p)
        }
        Err(e) => Err(e.into()),
    }
}

#[derive(Debug, Serialize, ToSchema)]
pub struct SummaryList {
    pub items: Vec<SummaryOut>,
}

/// The caller's own dossiers (owned, or submitted as a helper), newest first.
#[utoipa::path(get, path = "/api/v1/my/dossiers", tag = "citizen", security(("bearer" = [])),
    responses((status = 200, body = SummaryList), (status = 401, body = Problem)))]
pub async fn my_dossiers(
    State(state): State<AppState>,
    auth: Auth,
) -> ApiResult<Json<SummaryList>> {
    let list = state.store().my_dossiers(&auth.actor).await?;
    Ok(Json(SummaryList {
        items: list.iter().map(SummaryOut::from).collect(),
    }))
}

#[derive(Debug, Serialize, ToSchema)]
pub struct PersonalDocumentOut {
    /// Use as `reuse.<component>` (multipart) or `personal_document_id` (JSON).
    pub id: i64,
    pub title: String,
    pub file_name: String,
    pub media_type: String,
    pub size: u64,
    pub sha256: String,
    pub from_dossier: Option<String>,
    pub is_result: bool,
    #[schema(format = DateTime)]
    pub added_at: String,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct PersonalDocumentList {
    pub items: Vec<PersonalDocumentOut>,
}

/// The personal data store (kho dữ liệu): documents kept for reuse.
#[utoipa::path(get, path = "/api/v1/my/documents", tag = "citizen", security(("bearer" = [])),
    responses((status = 200, body = PersonalDocumentList), (status = 401, body = Problem)))]
pub async fn my_documents(
    State(state): State<AppState>,
    auth: Auth,
) -> ApiResult<Json<PersonalDocumentList>> {
    let docs = state.store().personal_documents(auth.account.id).await?;
    Ok(Json(PersonalDocumentList {
        items: docs
            .iter()
            .map(|d| PersonalDocumentOut {
                id: d.id,
                title: d.title.clone(),
                file_name: d.document.file_name.clone(),
                media_type: d.document.media_type.clone(),
                size: d.document.size,
                sha256: d.document.sha256.clone(),
                from_dossier: d.from_dossier.as_ref().map(|c| c.to_string()),
                is_result: d.is_result,
                added_at: vn(d.added_at),
            })
            .collect(),
    }))
}

#[derive(Debug, Deserialize, IntoParams)]
pub struct LookupQuery {
    /// Dossier code from the receipt.
    pub code: String,
    /// The applicant's phone number as given on the dossier.
    pub phone: String,
}

/// Anonymous status lookup by code and phone: status and appointment only. Failed lookups are
/// limited per client address (10 per 15 minutes) against guessing.
#[utoipa::path(get, path = "/api/v1/lookup", tag = "public", params(LookupQuery),
    responses((status = 200, body = PublicStatusOut), (status = 404, body = Problem),
        (status = 429, body = Problem)))]
pub async fn lookup(
    State(state): State<AppState>,
    ClientIp(ip): ClientIp,
    Query(q): Query<LookupQuery>,
) -> ApiResult<Response> {
    let limiter = &state.inner.limits.lookup_ip;
    limiter.check(&ip).map_err(ApiError::rate_limited)?;
    let found = match motcua_domain::code::DossierCode::parse(q.code.trim()) {
        Ok(code) => state.store().public_lookup(&code, &q.phone).await?,
        Err(_) => None,
    };
    match found {
        Some(s) => Ok(Json(PublicStatusOut::from(&s)).into_response()),
        None => {
            limiter.hit(&ip);
            Err(ApiError::new(
                StatusCode::NOT_FOUND,
                "lookup.not_found",
                "Không tìm thấy hồ sơ với mã và số điện thoại này.",
                "No dossier with this code and phone number.",
            ))
        }
    }
}
