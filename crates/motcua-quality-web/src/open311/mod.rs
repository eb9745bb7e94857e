//! Open311 GeoReport v2 for feedback (issue #6 §2), so civic clients that already exist can
//! list our services and requests and post new ones (wiki.open311.org/GeoReport_v2):
//!
//! | method | path | |
//! |---|---|---|
//! | GET | `/open311/discovery.{xml,json}` | service discovery (the specification requires one) |
//! | GET | `/open311/v2/services.{xml,json}` | the kinds of feedback subject |
//! | GET | `/open311/v2/services/{code}.{xml,json}` | their one attribute (what the feedback is about) |
//! | POST | `/open311/v2/requests.{xml,json}` | a new feedback item (API key) |
//! | GET | `/open311/v2/requests.{xml,json}` | `service_request_id`, `service_code`, `status`, `start_date`, `end_date` |
//! | GET | `/open311/v2/requests/{id}.{xml,json}` | one item |
//!
//! `jurisdiction_id` is accepted everywhere: a unit's agency code (the unit's tree is searched).
//! Our seven feedback states map onto `open` / `closed` with the Vietnamese state in
//! `status_notes` (the published answer once published). Text and place are shown only once
//! the answer is published, redacted by the domain's `redact`: the author's personal data never
//! leaves through this door (the store builds the public view).

pub mod keys;
mod post;
mod query;
pub mod wire;

use axum::extract::{Path, State};
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use motcua_store::store::AppError;
use motcua_store::store::UnitInfo;
use motcua_store::store::quality::{Open311Request, Open311Service, Open311Status};

use crate::state::Quality;
use wire::{
    Attribute, Request, Service, ServiceDefinition, WireError, definition_xml, errors_xml,
    requests_xml, services_xml,
};

pub use post::create;

/// The format asked for by the resource's extension.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Fmt {
    Xml,
    Json,
}

/// Splits `name.xml` / `name.json`.
pub fn split(file: &str) -> Option<(&str, Fmt)> {
    if let Some(s) = file.strip_suffix(".xml") {
        Some((s, Fmt::Xml))
    } else {
        file.strip_suffix(".json").map(|s| (s, Fmt::Json))
    }
}

fn body(fmt: Fmt, status: StatusCode, xml: String, json: String) -> Response {
    let ctype = match fmt {
        Fmt::Xml => "text/xml; charset=utf-8",
        Fmt::Json => "application/json; charset=utf-8",
    };
    let mut r = (
        status,
        match fmt {
            Fmt::Xml => xml,
            Fmt::Json => json,
        },
    )
        .into_response();
    let h = r.headers_mut();
    h.insert(header::CONTENT_TYPE, HeaderValue::from_static(ctype));
    // Civic web clients call from their own origin; nothing here needs a cookie.
    h.insert(
        header::ACCESS_CONTROL_ALLOW_ORIGIN,
        HeaderValue::from_static("*"),
    );
    h.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    r
}

fn json<T: serde::Serialize>(v: &T) -> String {
    serde_json::to_string(v).unwrap_or_else(|_| "[]".into())
}

/// An error document (`errors/error`) with its HTTP status: 404 for what does not exist, 403 for
/// a missing or wrong key, 400 for any other request that cannot be fulfilled.
pub fn error(fmt: Fmt, status: StatusCode, description: impl Into<String>) -> Response {
    let e = [WireError {
        code: status.as_u16(),
        description: description.into(),
    }];
    body(fmt, status, errors_xml(&e), json(&e))
}

/// A store error as an Open311 error (internal details only in the log).
pub fn store_error(fmt: Fmt, e: AppError) -> Response {
    match e {
        AppError::NotFound => error(fmt, StatusCode::NOT_FOUND, "Not found. Không tìm thấy."),
        AppError::Store(s) => {
            tracing::error!(error = %s, "open311: store error");
            error(
                fmt,
                StatusCode::INTERNAL_SERVER_ERROR,
                "The service failed; please try again later. Hệ thống gặp lỗi, vui lòng thử lại sau.",
            )
        }
        other => {
            use motcua_domain::Localized;
            error(
                fmt,
                StatusCode::BAD_REQUEST,
                format!("{} {}", other.message_en(), other.message_vi()),
            )
        }
    }
}

fn service(s: &Open311Service) -> Service {
    Service {
        service_code: s.service_code.clone(),
        service_name: s.service_name.clone(),
        description: s.description.clone(),
        metadata: s.attribute.is_some(),
        kind: "realtime",
        keywords: s.keywords.join(", "),
        group: s.group.clone(),
    }
}

fn attribute_description(code: &str) -> &'static str {
    match code {
        "procedure_code" => {
            "Mã thủ tục hành chính, ví dụ 1.001193 (The procedure's code, e.g. 1.001193)."
        }
        "dossier_code" => "Mã hồ sơ trên giấy tiếp nhận (The dossier code printed on the receipt).",
        "officer_name" => "Họ tên hoặc chức danh của cán bộ (The officer's name or title).",
        "rule_reference" => "Số, ký hiệu văn bản quy định (The number and sign of the regulation).",
        _ => "Đối tượng phản ánh (What the feedback is about).",
    }
}

fn definition(s: &Open311Service) -> ServiceDefinition {
    ServiceDefinition {
        service_code: s.service_code.clone(),
        attributes: s
            .attribute
            .iter()
            .map(|code| Attribute {
                variable: true,
                code: code.clone(),
                datatype: "string",
                required: true,
                datatype_description: None,
                order: 1,
                description: attribute_description(code).into(),
                values: Vec::new(),
            })
            .collect(),
    }
}

fn request(r: Open311Request) -> Request {
    Request {
        service_request_id: r.service_request_id,
        status: match r.status {
            Open311Status::Open => "open",
            Open311Status::Closed => "closed",
        },
        status_notes: r.status_notes,
        service_name: r.service_name,
        service_code: r.service_code,
        description: r.description,
        agency_responsible: Some(r.agency_responsible),
        service_notice: None,
        requested_datetime: Some(r.requested_datetime),
        updated_datetime: Some(r.updated_datetime),
        expected_datetime: r.expected_datetime,
        address: r.address,
        address_id: None,
        zipcode: None,
        lat: r.lat,
        long: r.lon,
        // Files are kept in the blob store; there is no public URL for them yet.
        media_url: None,
    }
}

pub fn requests_body(fmt: Fmt, list: Vec<Open311Request>) -> Response {
    let list: Vec<Request> = list.into_iter().map(request).collect();
    body(fmt, StatusCode::OK, requests_xml(&list), json(&list))
}

#[derive(Debug, Default, serde::Deserialize)]
pub struct Jurisdiction {
    #[serde(default)]
    pub jurisdiction_id: String,
}

/// The unit named by `jurisdiction_id` (its agency code); `Ok(None)` when not given. An
/// unknown one is 404, as the specification says.
pub async fn jurisdiction(q: &Quality, fmt: Fmt, id: &str) -> Result<Option<UnitInfo>, Response> {
    let id = id.trim();
    if id.is_empty() {
        return Ok(None);
    }
    match q.store().unit_by_code(id).await {
        Ok(u) => Ok(Some(u)),
        Err(AppError::NotFound) => Err(error(
            fmt,
            StatusCode::NOT_FOUND,
            format!("jurisdiction_id {id:?} was not found. Không có đơn vị mã {id:?}."),
        )),
        Err(e) => Err(store_error(fmt, e)),
    }
}

fn unknown_format(path: &str) -> Response {
    error(
        Fmt::Xml,
        StatusCode::NOT_FOUND,
        format!("{path}: use .xml or .json"),
    )
}

/// `GET /open311/v2/{file}`: `services.xml|json`, `requests.xml|json`.
pub async fn top(
    State(q): State<Quality>,
    Path(file): Path<String>,
    raw: axum::extract::RawQuery,
) -> Response {
    let Some((name, fmt)) = split(&file) else {
        return unknown_format(&file);
    };
    match name {
        "services" => {
            let j: Jurisdiction = serde_urlencoded_query(raw.0.as_deref());
            if let Err(r) = jurisdiction(&q, fmt, &j.jurisdiction_id).await {
                return r;
            }
            let list: Vec<Service> = q.store().open311_services().iter().map(service).collect();
            body(fmt, StatusCode::OK, services_xml(&list), json(&list))
        }
        "requests" => query::list(&q, fmt, raw.0.as_deref()).await,
        _ => error(fmt, StatusCode::NOT_FOUND, format!("No resource {name:?}.")),
    }
}

/// Parses a query string leniently (unknown keys ignored; a malformed one gives defaults).
pub fn serde_urlencoded_query<T: serde::de::DeserializeOwned + Default>(raw: Option<&str>) -> T {
    let pairs: Vec<(String, String)> = form_urlencoded::parse(raw.unwrap_or("").as_bytes())
        .into_owned()
        .collect();
    let v: serde_json::Map<String, serde_json::Value> = pairs
        .into_iter()
        .map(|(k, v)| (k, serde_json::Value::String(v)))
        .collect();
    serde_json::from_value(serde_json::Value::Object(v)).unwrap_or_default()
}

/// `GET /open311/v2/services/{code}.xml|json`.
pub async fn definition_of(
    State(q): State<Quality>,
    Path(file): Path<String>,
    raw: axum::extract::RawQuery,
) -> Response {
    let j: Jurisdiction = serde_urlencoded_query(raw.0.as_deref());
    let Some((code, fmt)) = split(&file) else {
        return unknown_format(&file);
    };
    if let Err(r) = jurisdiction(&q, fmt, &j.jurisdiction_id).await {
        return r;
    }
    match q
        .store()
        .open311_services()
        .iter()
        .find(|s| s.service_code == code)
    {
        Some(s) => {
            let d = definition(s);
            body(fmt, StatusCode::OK, definition_xml(&d), json(&d))
        }
        None => error(
            fmt,
            StatusCode::NOT_FOUND,
            format!("service_code {code:?} was not found. Không có mã dịch vụ {code:?}."),
        ),
    }
}

/// `GET /open311/v2/requests/{id}.xml|json`.
pub async fn one(
    State(q): State<Quality>,
    Path(file): Path<String>,
    raw: axum::extract::RawQuery,
) -> Response {
    let j: Jurisdiction = serde_urlencoded_query(raw.0.as_deref());
    let Some((id, fmt)) = split(&file) else {
        return unknown_format(&file);
    };
    let unit = match jurisdiction(&q, fmt, &j.jurisdiction_id).await {
        Ok(u) => u,
        Err(r) => return r,
    };
    let filter = motcua_store::store::quality::Open311Filter {
        ids: Some(vec![id.to_string()]),
        unit: unit.map(|u| u.id),
        ..Default::default()
    };
    match q.store().open311_requests(filter).await {
        Ok(list) if list.is_empty() => error(
            fmt,
            StatusCode::NOT_FOUND,
            format!("service_request_id {id:?} was not found. Không tìm thấy phản ánh {id:?}."),
        ),
        Ok(list) => requests_body(fmt, list),
        Err(e) => store_error(fmt, e),
    }
}

/// `GET /open311/discovery.xml`.
pub async fn discovery_xml(State(q): State<Quality>) -> Response {
    discovery(&q, Fmt::Xml)
}

/// `GET /open311/discovery.json`.
pub async fn discovery_json(State(q): State<Quality>) -> Response {
    discovery(&q, Fmt::Json)
}

/// Where the endpoint is and what it speaks (the Service Discovery specification).
fn discovery(q: &Quality, fmt: Fmt) -> Response {
    let base = q.web().public_url.trim_end_matches('/').to_string();
    let url = format!("{base}/open311/v2");
    let changeset = "2026-11-23T00:00:00+07:00";
    let contact = "Bộ phận Một cửa của đơn vị / the unit's one-stop desk";
    let key_service =
        "Quản trị viên cấp khóa API tại /office/open311-keys (administrators issue API keys)";
    let mut x = wire::Xml::new();
    x.open("discovery")
        .text("changeset", changeset)
        .text("contact", contact)
        .text("key_service", key_service)
        .open("endpoints")
        .open("endpoint")
        .text("specification", "http://wiki.open311.org/GeoReport_v2")
        .text("url", &url)
        .text("changeset", changeset)
        .text("type", "production")
        .open("formats")
        .text("format", "text/xml")
        .text("format", "application/json")
        .close("formats")
        .close("endpoint")
        .close("endpoints")
        .close("discovery");
    let j = serde_json::json!({
        "changeset": changeset,
        "contact": contact,
        "key_service": key_service,
        "endpoints": [{
            "specification": "http://wiki.open311.org/GeoReport_v2",
            "url": url,
            "changeset": changeset,
            "type": "production",
            "formats": ["text/xml", "application/json"],
        }],
    });
    body(fmt, StatusCode::OK, x.finish(), j.to_string())
}
