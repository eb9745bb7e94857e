//! `POST requests.{xml,json}`: a new feedback item from a civic client. The body is
//! `application/x-www-form-urlencoded` (parameters in the query string are read too, as some
//! clients send them there). Required: `api_key` (403 when missing or wrong, checked against the
//! stored SHA-256), `service_code` (404 when unknown), a location (`lat` & `long`,
//! `address_string` or `address_id`, as the specification requires), the service's attribute
//! (`attribute[procedure_code]` …), a `description`, and — because the law needs a way to
//! answer an anonymous author — a name (`first_name`/`last_name`) and a `phone` or `email`.
//! `media_url` is not fetched (we do not download from addresses strangers give us).

use axum::body::Bytes;
use axum::extract::{Path, RawQuery, State};
use axum::http::StatusCode;
use axum::response::Response;
use motcua_store::store::AppError;
use motcua_store::store::quality::{FeedbackLocation, Open311Post};
use motcua_web::for_pages::ClientIp;

use super::wire::{Created, created_xml, iso_text};
use super::{Fmt, body, error, json, jurisdiction, split, store_error};
use crate::state::Quality;

fn get<'a>(pairs: &'a [(String, String)], key: &str) -> Option<&'a str> {
    pairs
        .iter()
        .rev()
        .find(|(k, _)| k == key)
        .map(|(_, v)| v.trim())
        .filter(|v| !v.is_empty())
}

fn coordinate(v: Option<&str>, limit: f64) -> Result<Option<f64>, ()> {
    match v {
        None => Ok(None),
        Some(s) => match s.parse::<f64>() {
            Ok(x) if x.is_finite() && x.abs() <= limit => Ok(Some(x)),
            _ => Err(()),
        },
    }
}

pub async fn create(
    State(q): State<Quality>,
    ClientIp(ip): ClientIp,
    Path(file): Path<String>,
    RawQuery(query): RawQuery,
    body_bytes: Bytes,
) -> Response {
    let Some(("requests", fmt)) = split(&file) else {
        return error(
            Fmt::Xml,
            StatusCode::NOT_FOUND,
            format!("No resource {file:?}."),
        );
    };
    let mut pairs: Vec<(String, String)> =
        form_urlencoded::parse(query.unwrap_or_default().as_bytes())
            .into_owned()
            .collect();
    pairs.extend(form_urlencoded::parse(&body_bytes).into_owned());
    let bad = |m: &str| error(fmt, StatusCode::BAD_REQUEST, m);
    let limits = q.limits();

    // The key first: nothing else is looked at for a caller without one.
    if let Err(wait) = limits.open311_bad_key_ip.check(&ip) {
        return error(
            fmt,
            StatusCode::TOO_MANY_REQUESTS,
            format!(
                "Too many invalid api_key attempts; retry in {wait} s. Thử lại sau {wait} giây."
            ),
        );
    }
    let Some(api_key) = get(&pairs, "api_key").map(str::to_string) else {
        return error(
            fmt,
            StatusCode::FORBIDDEN,
            "api_key is missing -- can't proceed with create_request. Thiếu api_key.",
        );
    };
    let key = match q.store().open311_key(&api_key).await {
        Ok(Some(k)) => k,
        Ok(None) => {
            limits.open311_bad_key_ip.hit(&ip);
            return error(
                fmt,
                StatusCode::FORBIDDEN,
                "Invalid api_key received -- can't proceed with create_request. api_key không hợp lệ.",
            );
        }
        Err(e) => return store_error(fmt, e),
    };
    match jurisdiction(&q, fmt, get(&pairs, "jurisdiction_id").unwrap_or("")).await {
        Ok(Some(u)) if u.id != key.unit => {
            return bad(
                "This api_key does not post to that jurisdiction_id. Khóa này không gửi đến đơn vị đó.",
            );
        }
        Ok(_) => {}
        Err(r) => return r,
    }
    let per_key = key.id.to_string();
    if let Err(wait) = limits.open311_post_key.check(&per_key) {
        return error(
            fmt,
            StatusCode::TOO_MANY_REQUESTS,
            format!(
                "Too many requests for this api_key; retry in {wait} s. Thử lại sau {wait} giây."
            ),
        );
    }

    let Some(code) = get(&pairs, "service_code") else {
        return bad("service_code was not provided. Thiếu service_code.");
    };
    let services = q.store().open311_services();
    let Some(service) = services.iter().find(|s| s.service_code == code) else {
        return error(
            fmt,
            StatusCode::NOT_FOUND,
            format!("service_code {code:?} was not found. Không có mã dịch vụ {code:?}."),
        );
    };
    let (Ok(lat), Ok(lon)) = (
        coordinate(get(&pairs, "lat"), 90.0),
        coordinate(get(&pairs, "long"), 180.0),
    ) else {
        return bad("lat and long must be WGS84 degrees. lat, long phải là tọa độ WGS84.");
    };
    if lat.is_some() != lon.is_some() {
        return bad("lat and long must be sent together. Cần gửi cả lat và long.");
    }
    let address = get(&pairs, "address_string")
        .or_else(|| get(&pairs, "address_id"))
        .map(str::to_string);
    if lat.is_none() && address.is_none() {
        return bad(
            "A location is required: lat & long, address_string or address_id. Cần vị trí: lat & long, address_string hoặc address_id.",
        );
    }
    let attribute = service.attribute.clone().unwrap_or_default();
    let subject = get(&pairs, &format!("attribute[{attribute}]"))
        .or_else(|| get(&pairs, "attribute[subject]"))
        .map(str::to_string);
    if subject.is_none() {
        return bad(&format!(
            "attribute[{attribute}] is required for service_code {code:?} (see services/{code}). Thiếu attribute[{attribute}]."
        ));
    }
    let Some(description) = get(&pairs, "description").map(str::to_string) else {
        return bad("description is required. Vui lòng nhập nội dung phản ánh (description).");
    };
    if description.chars().count() > 4000 {
        return bad("description is limited to 4,000 characters. Nội dung tối đa 4.000 ký tự.");
    }
    let post = Open311Post {
        service_code: code.to_string(),
        description,
        title: None,
        subject,
        location: FeedbackLocation { address, lat, lon },
        first_name: get(&pairs, "first_name").map(str::to_string),
        last_name: get(&pairs, "last_name").map(str::to_string),
        email: get(&pairs, "email").map(str::to_string),
        phone: get(&pairs, "phone").map(str::to_string),
        media: Vec::new(),
    };
    let created = match q.store().open311_submit(&api_key, post).await {
        Ok(c) => c,
        Err(AppError::NotFound) => {
            return error(
                fmt,
                StatusCode::FORBIDDEN,
                "Invalid api_key received. api_key không hợp lệ.",
            );
        }
        Err(e) => return store_error(fmt, e),
    };
    limits.open311_post_key.hit(&per_key);
    let v = &created.view;
    let notice = match v.deadline {
        Some(d) => format!(
            "Đã gửi đến {}; hạn xử lý {}. Sent to {}; due by {}.",
            v.unit_name,
            iso_text(d.at),
            v.unit_name,
            iso_text(d.at)
        ),
        None => format!("Đã gửi đến {}. Sent to {}.", v.unit_name, v.unit_name),
    };
    let c = Created {
        service_request_id: v.code.clone(),
        service_notice: Some(notice),
        account_id: None,
    };
    body(fmt, StatusCode::OK, created_xml(&c), json(&[&c]))
}
