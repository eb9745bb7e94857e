//! `GET requests.{xml,json}` with the specification's filters: `service_request_id` (comma
//! delimited; overrides the others), `service_code` (comma delimited), `status` (`open`,
//! `closed`, comma delimited), `start_date` / `end_date` (w3 date-times with a zone; at most 90
//! days apart; the last 90 days by default) and `jurisdiction_id`. At most 1000 requests,
//! newest first ("Response Volume").

use axum::http::StatusCode;
use axum::response::Response;
use jiff::{SignedDuration, Timestamp};
use motcua_store::store::quality::{Open311Filter, Open311Request, Open311Status};

use super::{Fmt, error, jurisdiction, requests_body, store_error};
use crate::state::Quality;

const WINDOW: SignedDuration = SignedDuration::from_hours(90 * 24);
const LIMIT: usize = 1000;

fn param(pairs: &[(String, String)], key: &str) -> Option<String> {
    pairs
        .iter()
        .find(|(k, _)| k == key)
        .map(|(_, v)| v.trim().to_string())
        .filter(|v| !v.is_empty())
}

fn list_of(v: &str) -> Vec<String> {
    v.split(',')
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(str::to_string)
        .collect()
}

/// A w3 date-time (`2010-01-01T00:00:00Z`, `…+07:00`); a bare date is midnight in Vietnam.
pub fn instant(text: &str) -> Option<Timestamp> {
    if let Ok(t) = text.parse::<Timestamp>() {
        return Some(t);
    }
    if let Ok(dt) = motcua_calendar::parse_moment(text) {
        return Some(motcua_calendar::from_local(dt));
    }
    motcua_calendar::parse_date(text)
        .ok()
        .map(|d| motcua_calendar::from_local(d.at(0, 0, 0, 0)))
}

/// The `[start, end)` window of the search, or the error to send.
fn window(
    now: Timestamp,
    start: Option<&str>,
    end: Option<&str>,
) -> Result<(Timestamp, Timestamp), String> {
    let parse = |name: &str, v: &str| {
        instant(v).ok_or_else(|| {
            format!("{name} must be a w3 date-time such as 2026-03-01T00:00:00+07:00. {name} phải có dạng 2026-03-01T00:00:00+07:00.")
        })
    };
    let start = start.map(|v| parse("start_date", v)).transpose()?;
    // end_date is the latest instant to include: the store's bound is exclusive.
    let end = end
        .map(|v| parse("end_date", v))
        .transpose()?
        .map(|t| t + SignedDuration::from_millis(1));
    let (s, e) = match (start, end) {
        (Some(s), Some(e)) => (s, e),
        (Some(s), None) => (s, s + WINDOW),
        (None, Some(e)) => (e - WINDOW, e),
        (None, None) => (now - WINDOW, now + SignedDuration::from_millis(1)),
    };
    if e <= s {
        return Err("end_date is before start_date. end_date trước start_date.".into());
    }
    if e.duration_since(s) > WINDOW + SignedDuration::from_millis(1) {
        return Err(
            "start_date and end_date may not span more than 90 days. Khoảng thời gian tối đa 90 ngày."
                .into(),
        );
    }
    Ok((s, e))
}

pub async fn list(q: &Quality, fmt: Fmt, raw: Option<&str>) -> Response {
    let pairs: Vec<(String, String)> = form_urlencoded::parse(raw.unwrap_or("").as_bytes())
        .into_owned()
        .collect();
    let unit = match jurisdiction(
        q,
        fmt,
        &param(&pairs, "jurisdiction_id").unwrap_or_default(),
    )
    .await
    {
        Ok(u) => u.map(|u| u.id),
        Err(r) => return r,
    };
    let bad = |m: String| error(fmt, StatusCode::BAD_REQUEST, m);
    // "This overrides all other arguments."
    if let Some(ids) = param(&pairs, "service_request_id") {
        let filter = Open311Filter {
            ids: Some(list_of(&ids)),
            unit,
            ..Default::default()
        };
        return match q.store().open311_requests(filter).await {
            Ok(list) => requests_body(fmt, list),
            Err(e) => store_error(fmt, e),
        };
    }
    let status = match param(&pairs, "status") {
        None => None,
        Some(s) => {
            let mut open = false;
            let mut closed = false;
            for v in list_of(&s) {
                match v.as_str() {
                    "open" => open = true,
                    "closed" => closed = true,
                    other => {
                        return bad(format!(
                            "status {other:?} is not open or closed. Trạng thái chỉ nhận open hoặc closed."
                        ));
                    }
                }
            }
            match (open, closed) {
                (true, false) => Some(Open311Status::Open),
                (false, true) => Some(Open311Status::Closed),
                _ => None,
            }
        }
    };
    let (start, end) = match window(
        q.store().now(),
        param(&pairs, "start_date").as_deref(),
        param(&pairs, "end_date").as_deref(),
    ) {
        Ok(w) => w,
        Err(m) => return bad(m),
    };
    let codes: Vec<Option<String>> = match param(&pairs, "service_code") {
        Some(c) => list_of(&c).into_iter().map(Some).collect(),
        None => vec![None],
    };
    let mut out: Vec<Open311Request> = Vec::new();
    for code in codes {
        let filter = Open311Filter {
            ids: None,
            service_code: code,
            status,
            start: Some(start),
            end: Some(end),
            unit,
            limit: Some(LIMIT as u32),
        };
        match q.store().open311_requests(filter).await {
            Ok(list) => out.extend(list),
            Err(e) => return store_error(fmt, e),
        }
    }
    out.sort_by(|a, b| {
        b.requested_datetime
            .cmp(&a.requested_datetime)
            .then_with(|| b.service_request_id.cmp(&a.service_request_id))
    });
    out.truncate(LIMIT);
    requests_body(fmt, out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn windows_follow_the_specification() {
        let now: Timestamp = "2026-03-10T00:00:00Z".parse().unwrap();
        let (s, e) = window(now, None, None).unwrap();
        assert_eq!(e.duration_since(s), WINDOW + SignedDuration::from_millis(1));
        let (s, _) = window(now, Some("2026-01-01T00:00:00+07:00"), None).unwrap();
        assert_eq!(s, "2025-12-31T17:00:00Z".parse::<Timestamp>().unwrap());
        assert!(
            window(
                now,
                Some("2025-01-01T00:00:00Z"),
                Some("2026-01-01T00:00:00Z")
            )
            .is_err()
        );
        assert!(
            window(
                now,
                Some("2026-02-01T00:00:00Z"),
                Some("2026-01-01T00:00:00Z")
            )
            .is_err()
        );
        assert!(window(now, Some("hôm qua"), None).is_err());
        assert_eq!(
            instant("2026-03-01"),
            Some("2026-02-28T17:00:00Z".parse().unwrap())
        );
    }
}
