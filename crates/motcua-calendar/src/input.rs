//! Reading dates and moments typed by people (CLI arguments, API query strings), with the same
//! precise errors everywhere: malformed text, impossible date (2026-02-30), out of range.

use jiff::Timestamp;
use jiff::civil::{Date, DateTime, Time};

use crate::days::{DateTextError, check_date, parse_iso_date};
use crate::error::CalendarError;

/// A date as `YYYY-MM-DD` or as printed on Vietnamese documents, `dd/mm/yyyy`, in 1900–2199.
pub fn parse_date(text: &str) -> Result<Date, CalendarError> {
    let t = text.trim();
    let iso = if t.contains('/') {
        let parts: Vec<&str> = t.split('/').collect();
        match parts[..] {
            [d, m, y]
                if (1..=2).contains(&d.len()) && (1..=2).contains(&m.len()) && y.len() == 4 =>
            {
                format!("{y}-{m:0>2}-{d:0>2}")
            }
            _ => return Err(syntax(text)),
        }
    } else {
        t.to_string()
    };
    let date = match parse_iso_date(&iso) {
        Ok(d) => d,
        Err(DateTextError::Format) => return Err(syntax(text)),
        Err(DateTextError::Impossible) => {
            return Err(CalendarError::ImpossibleDate {
                text: t.to_string(),
            });
        }
    };
    check_date(date)?;
    Ok(date)
}

/// A local moment: `YYYY-MM-DD HH:MM`, `YYYY-MM-DDTHH:MM[:SS]`, or an RFC 3339 instant with an
/// offset (`2026-02-13T09:00:00Z`), which is converted to Vietnamese local time.
pub fn parse_moment(text: &str) -> Result<DateTime, CalendarError> {
    let t = text.trim();
    if t.len() > 19 && (t.ends_with('Z') || t.ends_with('z') || t[19..].contains(['+', '-'])) {
        let ts: Timestamp = t.parse().map_err(|_| syntax(text))?;
        let local = crate::to_local(ts);
        check_date(local.date())?;
        return Ok(local);
    }
    let (date, time) = t.split_once(['T', 't', ' ']).ok_or_else(|| syntax(text))?;
    let date = parse_date(date)?;
    let fields: Vec<&str> = time.trim().split(':').collect();
    let nums: Option<Vec<i8>> = match fields[..] {
        [h, m] | [h, m, _] if h.len() == 2 && m.len() == 2 => {
            fields.iter().map(|f| f.parse::<i8>().ok()).collect()
        }
        _ => None,
    };
    let nums = nums.ok_or_else(|| syntax(text))?;
    let time = Time::new(nums[0], nums[1], nums.get(2).copied().unwrap_or(0), 0).map_err(|_| {
        CalendarError::ImpossibleDate {
            text: t.to_string(),
        }
    })?;
    Ok(date.to_datetime(time))
}

fn syntax(text: &str) -> CalendarError {
    CalendarError::DateSyntax {
        text: text.to_string(),
    }
}
