//! Times in JSON are RFC 3339 at Vietnam's offset (`2026-02-25T17:00:00+07:00`), never UTC `Z`:
//! people read them, and a due moment is a local wall-clock time.

use jiff::Timestamp;
use motcua_calendar::{from_local, to_local};
use serde_json::Value;

/// `2026-02-25T17:00:00+07:00`.
pub fn vn(ts: Timestamp) -> String {
    to_local(ts).strftime("%Y-%m-%dT%H:%M:%S+07:00").to_string()
}

pub fn vn_opt(ts: Option<Timestamp>) -> Option<String> {
    ts.map(vn)
}

/// Rewrites every RFC 3339 UTC instant inside a serialized domain value (events, supplement
/// requests …) at +07:00, so nested times read like the top-level ones.
pub fn localize(v: Value) -> Value {
    match v {
        Value::String(s) if looks_like_utc(&s) => match s.parse::<Timestamp>() {
            Ok(t) => Value::String(vn(t)),
            Err(_) => Value::String(s),
        },
        Value::Array(a) => Value::Array(a.into_iter().map(localize).collect()),
        Value::Object(m) => Value::Object(m.into_iter().map(|(k, v)| (k, localize(v))).collect()),
        other => other,
    }
}

fn looks_like_utc(s: &str) -> bool {
    let b = s.as_bytes();
    b.len() >= 20
        && b.len() <= 35
        && s.ends_with('Z')
        && b[4] == b'-'
        && b[7] == b'-'
        && b[10] == b'T'
}

/// A moment from a query string: RFC 3339 with an offset, or a local date-time, or a date
/// (its start, or with `end_of_day` its last second).
pub fn parse_query_moment(text: &str, end_of_day: bool) -> Option<Timestamp> {
    let t = text.trim();
    if let Ok(ts) = t.parse::<Timestamp>() {
        return Some(ts);
    }
    if let Ok(d) = t.parse::<jiff::civil::Date>() {
        let time = if end_of_day {
            jiff::civil::Time::constant(23, 59, 59, 0)
        } else {
            jiff::civil::Time::midnight()
        };
        return Some(from_local(d.to_datetime(time)));
    }
    motcua_calendar::parse_moment(t).ok().map(from_local)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn local_offset() {
        let t: Timestamp = "2026-02-25T10:00:00Z".parse().unwrap();
        assert_eq!(vn(t), "2026-02-25T17:00:00+07:00");
        let v = localize(serde_json::json!({"a": ["2026-02-25T10:00:00Z", "x"]}));
        assert_eq!(v["a"][0], "2026-02-25T17:00:00+07:00");
        assert_eq!(
            parse_query_moment("2026-02-25", true).map(vn).unwrap(),
            "2026-02-25T23:59:59+07:00"
        );
    }
}
