//! The legal calendar: days off of a year, due moments, lunar dates. The same answers as
//! `motcua calendar … --format json`: both serialize the calendar crate's `report` structs
//! computed on the store's `WorkingCalendar`.

use std::sync::Arc;

use axum::extract::State;
use motcua_calendar::report::{DayOffEntry, DueAnswer};
use motcua_calendar::{
    CutoffRule, Limit, LunarDate, TimeUnit, WorkingCalendar, parse_date, parse_moment,
};
use motcua_store::store::AppError;
use serde::{Deserialize, Serialize};
use serde_json::Value;
use utoipa::{IntoParams, ToSchema};

use crate::extract::{Json, Query};
use crate::problem::{ApiError, ApiResult};
use crate::state::AppState;
use crate::views::Problem;

fn missing(name: &str) -> ApiError {
    ApiError::bad_request(
        "request.missing_parameter",
        format!("Thiếu tham số «{name}»."),
        format!("The query parameter {name:?} is required."),
    )
}

/// The working calendar of a unit (by agency e-ID) or the national one.
async fn calendar(state: &AppState, unit: Option<&str>) -> ApiResult<Arc<WorkingCalendar>> {
    let store = state.store();
    match unit.map(str::trim).filter(|s| !s.is_empty()) {
        None => Ok(store.national_calendar()),
        Some(code) => match store.unit_by_code(code).await {
            Ok(u) => Ok(store.calendar(u.id)),
            Err(AppError::NotFound) => Err(ApiError::bad_request(
                "unit.unknown",
                format!("Không có đơn vị mang mã «{code}»."),
                format!("No unit with the agency code {code:?}."),
            )),
            Err(e) => Err(e.into()),
        },
    }
}

#[derive(Debug, Deserialize, IntoParams)]
pub struct DaysOffQuery {
    /// 1900–2199.
    pub year: Option<String>,
    /// Agency e-ID: the unit's own closures and openings count too.
    pub unit: Option<String>,
}

/// One listed day (`{"date":"2026-02-16","kind":"holiday","name":"Tết Nguyên đán", …}`).
#[derive(Debug, Serialize, ToSchema)]
#[allow(dead_code)]
pub struct DayOffDoc {
    #[schema(format = Date)]
    pub date: String,
    /// holiday, day_off, makeup_working_day, local_closure, local_opening.
    pub kind: String,
    pub name: String,
    /// The year has no announced schedule yet; derived from Labour Code 2019 art. 112.
    pub provisional: bool,
    pub working: bool,
    pub source: String,
    pub confidence: Option<String>,
}

fn year(text: Option<&str>) -> ApiResult<i16> {
    let t = text
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .ok_or_else(|| missing("year"))?;
    let y: i64 = t.parse().map_err(|_| {
        ApiError::bad_request(
            "calendar.bad_year",
            format!(
                "Năm «{t}» không hợp lệ: cần một số từ {} đến {}.",
                motcua_calendar::MIN_YEAR,
                motcua_calendar::MAX_YEAR
            ),
            format!(
                "The year {t:?} is not valid: expected a number from {} to {}.",
                motcua_calendar::MIN_YEAR,
                motcua_calendar::MAX_YEAR
            ),
        )
    })?;
    if !(i64::from(motcua_calendar::MIN_YEAR)..=i64::from(motcua_calendar::MAX_YEAR)).contains(&y) {
        return Err(motcua_calendar::CalendarError::OutOfRange {
            what: format!("year {y}"),
        }
        .into());
    }
    Ok(y as i16)
}

/// Holidays, days off and make-up working days of a year.
#[utoipa::path(get, path = "/api/v1/calendar/days-off", tag = "calendar", params(DaysOffQuery),
    responses((status = 200, body = Vec<DayOffDoc>), (status = 400, body = Problem)))]
pub async fn days_off(
    State(state): State<AppState>,
    Query(q): Query<DaysOffQuery>,
) -> ApiResult<Json<Vec<DayOffEntry>>> {
    let year = year(q.year.as_deref())?;
    let cal = calendar(&state, q.unit.as_deref()).await?;
    Ok(Json(cal.days_off(year)?))
}

#[derive(Debug, Deserialize, IntoParams)]
pub struct DueQuery {
    /// Reception moment: 2026-02-13T16:00:00+07:00, "2026-02-13 16:00" or 13/02/2026 16:00.
    pub from: Option<String>,
    pub amount: Option<String>,
    /// working_days (default), working_hours, calendar_days, months, same_day.
    pub unit: Option<String>,
    /// HH:MM (received after it: counting starts the next working day) or none.
    pub cutoff: Option<String>,
    /// Agency e-ID whose working calendar applies (default: the national one).
    pub agency: Option<String>,
}

/// The due moment with its explanation.
#[derive(Debug, Serialize, ToSchema)]
#[allow(dead_code)]
pub struct DueDoc {
    #[schema(format = DateTime)]
    pub from: String,
    #[schema(format = DateTime)]
    pub counting_starts: String,
    #[schema(format = DateTime)]
    pub due: String,
    #[schema(value_type = Object)]
    pub limit: Value,
    #[schema(value_type = Object)]
    pub cutoff: Value,
    pub provisional_days_used: bool,
}

fn time_unit(t: Option<&str>) -> ApiResult<TimeUnit> {
    match t.map(str::trim).filter(|s| !s.is_empty()) {
        None | Some("working_days" | "working-days") => Ok(TimeUnit::WorkingDays),
        Some("working_hours" | "working-hours") => Ok(TimeUnit::WorkingHours),
        Some("calendar_days" | "calendar-days") => Ok(TimeUnit::CalendarDays),
        Some("months") => Ok(TimeUnit::Months),
        Some("same_day" | "same-day") => Ok(TimeUnit::SameDay),
        Some(other) => Err(ApiError::bad_request(
            "calendar.bad_unit",
            format!(
                "Đơn vị thời hạn «{other}» không hợp lệ (working_days, working_hours, calendar_days, months, same_day)."
            ),
            format!(
                "The time unit {other:?} is not valid (working_days, working_hours, calendar_days, months, same_day)."
            ),
        )),
    }
}

/// `HH:MM` or `none` (as the CLI's `--cutoff`).
fn cutoff(t: Option<&str>) -> ApiResult<CutoffRule> {
    let Some(t) = t.map(str::trim).filter(|s| !s.is_empty()) else {
        return Ok(CutoffRule::None);
    };
    if t.eq_ignore_ascii_case("none") {
        return Ok(CutoffRule::None);
    }
    let parsed = t.split_once(':').and_then(|(h, m)| {
        let (h, m) = (h.parse::<i8>().ok()?, m.parse::<i8>().ok()?);
        ((0..24).contains(&h) && (0..60).contains(&m) && t.len() == 5).then_some((h, m))
    });
    parsed.map(|(h, m)| CutoffRule::after(h, m)).ok_or_else(|| {
        ApiError::bad_request(
            "calendar.cutoff",
            format!("Giờ chốt «{t}» không hợp lệ: cần dạng HH:MM (ví dụ 15:00) hoặc none."),
            format!("The cut-off {t:?} is not valid: expected HH:MM (e.g. 15:00) or none."),
        )
    })
}

/// When a result is due: reception moment + legal time limit on the unit's calendar.
#[utoipa::path(get, path = "/api/v1/calendar/due", tag = "calendar", params(DueQuery),
    responses((status = 200, body = DueDoc), (status = 400, body = Problem)))]
pub async fn due(
    State(state): State<AppState>,
    Query(q): Query<DueQuery>,
) -> ApiResult<Json<DueAnswer>> {
    let from = q.from.as_deref().ok_or_else(|| missing("from"))?;
    let received = parse_moment(from)?;
    let amount_text = q
        .amount
        .as_deref()
        .map(str::trim)
        .ok_or_else(|| missing("amount"))?;
    let amount: u32 = amount_text.parse().map_err(|_| {
        ApiError::bad_request(
            "calendar.bad_amount",
            format!("Thời hạn «{amount_text}» phải là số nguyên không âm."),
            format!("The amount {amount_text:?} must be a non-negative whole number."),
        )
    })?;
    let limit = Limit::new(amount, time_unit(q.unit.as_deref())?);
    let cutoff = cutoff(q.cutoff.as_deref())?;
    let cal = calendar(&state, q.agency.as_deref()).await?;
    Ok(Json(cal.due_answer(received, limit, cutoff)?))
}

#[derive(Debug, Deserialize, IntoParams)]
pub struct LunarQuery {
    /// A solar date (YYYY-MM-DD or dd/mm/yyyy) to convert to lunar.
    pub date: Option<String>,
    /// A lunar date d/m/yyyy ("15/6 nhuận/2025" also accepted) to convert to solar.
    pub lunar: Option<String>,
    /// The lunar month is the leap month.
    pub leap: Option<bool>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct LunarOut {
    #[schema(format = Date)]
    pub solar: String,
    #[schema(value_type = Object)]
    pub lunar: LunarDate,
    /// e.g. "1/1/2026 (Bính Ngọ)".
    pub lunar_text: String,
    pub year_name: String,
}

/// Solar ↔ lunar (Vietnamese calendar at UTC+7).
#[utoipa::path(get, path = "/api/v1/calendar/lunar", tag = "calendar", params(LunarQuery),
    responses((status = 200, body = LunarOut), (status = 400, body = Problem)))]
pub async fn lunar(Query(q): Query<LunarQuery>) -> ApiResult<Json<LunarOut>> {
    let (solar, lunar) = match (&q.date, &q.lunar) {
        (Some(d), None) => {
            let solar = parse_date(d)?;
            (solar, LunarDate::from_solar(solar)?)
        }
        (None, Some(l)) => {
            let mut lunar: LunarDate = l.parse()?;
            if q.leap == Some(true) && !lunar.leap {
                lunar = LunarDate::new(lunar.day, lunar.month, lunar.year, true)?;
            }
            (lunar.to_solar()?, lunar)
        }
        _ => {
            return Err(ApiError::bad_request(
                "calendar.lunar_query",
                "Cần đúng một tham số: date (dương lịch) hoặc lunar (âm lịch).",
                "Give exactly one of date (solar) or lunar.",
            ));
        }
    };
    Ok(Json(LunarOut {
        solar: solar.to_string(),
        lunar_text: lunar.to_string(),
        year_name: lunar.year_name(),
        lunar,
    }))
}
