//! `motcua calendar …`: the same answers as the API, because both call the calendar crate's
//! `report` functions on the same `WorkingCalendar` the store builds (built-in years plus the
//! years imported into the database, plus a unit's own hours and closures).

use std::path::Path;
use std::process::ExitCode;
use std::sync::Arc;

use motcua_calendar::report::{render_days_off, render_due};
use motcua_calendar::{
    CutoffRule, Limit, LunarDate, ScheduleSet, UnitCalendar, WorkingCalendar, YearSchedule,
    parse_date, parse_moment,
};
use motcua_store::store::{AppError, Store};

use crate::cli::{CalendarCommand, Format};
use crate::config::Config;
use crate::fail::{CliError, emit, read_input};

pub async fn run(config: &Config, command: CalendarCommand) -> Result<ExitCode, CliError> {
    match command {
        CalendarCommand::DaysOff { year, unit, format } => {
            let (cal, store) = calendar(config, unit.as_deref()).await?;
            let entries = cal.days_off(year);
            close(store);
            let entries = entries?;
            match format {
                Format::Json => emit(&format!("{}\n", json(&entries))),
                Format::Text => emit(&render_days_off(year, &entries)),
            }
            Ok(ExitCode::SUCCESS)
        }
        CalendarCommand::Due {
            from,
            amount,
            unit,
            cutoff,
            agency,
            format,
        } => {
            // Input is checked before anything is opened.
            let received = parse_moment(&from)?;
            let cutoff = parse_cutoff(cutoff.as_deref())?;
            let limit = Limit::new(amount, unit.into());
            let (cal, store) = calendar(config, agency.as_deref()).await?;
            let answer = cal.due_answer(received, limit, cutoff);
            close(store);
            let answer = answer?;
            match format {
                Format::Json => emit(&format!("{}\n", json(&answer))),
                Format::Text => emit(&render_due(&answer)),
            }
            Ok(ExitCode::SUCCESS)
        }
        CalendarCommand::Import { file } => import(config, &file).await,
        CalendarCommand::Lunar {
            date,
            to_solar,
            format,
        } => lunar(&date, to_solar, format),
    }
}

/// `calendar lunar DATE` / `--to-solar`: needs no database.
pub fn lunar(text: &str, to_solar: bool, format: Format) -> Result<ExitCode, CliError> {
    let (solar, lunar) = if to_solar {
        let lunar: LunarDate = text.parse()?;
        (lunar.to_solar()?, lunar)
    } else {
        let solar = parse_date(text)?;
        (solar, LunarDate::from_solar(solar)?)
    };
    match format {
        Format::Json => println!(
            "{}",
            serde_json::json!({
                "solar": solar.to_string(),
                "lunar": lunar,
                "lunar_text": lunar.to_string(),
                "year_name": lunar.year_name(),
            })
        ),
        Format::Text if to_solar => println!("{solar}"),
        Format::Text => println!("{lunar}"),
    }
    Ok(ExitCode::SUCCESS)
}

async fn import(config: &Config, file: &Path) -> Result<ExitCode, CliError> {
    let text = read_input(file)?;
    // All or nothing: the file is checked completely before the database is touched.
    let year = YearSchedule::parse(&file.display().to_string(), &text)?;
    let (number, title) = (year.year, year.title.clone());
    let store = crate::open::store(config).await?;
    let result = store
        .import_calendar_year(&crate::open::cli_admin(), year)
        .await;
    store.shutdown();
    let changed = result?;
    println!("Đã nạp lịch năm {number} ({title}); tính lại hạn giải quyết của {changed} hồ sơ.");
    println!("Loaded the {number} schedule; due moments of {changed} dossiers recomputed.");
    Ok(ExitCode::SUCCESS)
}

/// The calendar of a unit (by agency code) or the national one. A SQLite database that does
/// not exist yet holds no imported year nor unit, so the built-in years answer without
/// creating a data directory as a side effect of a question.
async fn calendar(
    config: &Config,
    unit: Option<&str>,
) -> Result<(Arc<WorkingCalendar>, Option<Store>), CliError> {
    if unit.is_none() && !config.is_postgres() && !config.sqlite_path().exists() {
        let cal = WorkingCalendar::new(&ScheduleSet::builtin(), &UnitCalendar::default());
        return Ok((Arc::new(cal), None));
    }
    if let Some(code) = unit
        && !config.is_postgres()
        && !config.sqlite_path().exists()
    {
        return Err(unknown_unit(code));
    }
    let store = crate::open::store(config).await?;
    let cal = match unit {
        None => store.national_calendar(),
        Some(code) => match store.unit_by_code(code.trim()).await {
            Ok(u) => store.calendar(u.id),
            Err(AppError::NotFound) => {
                store.shutdown();
                return Err(unknown_unit(code));
            }
            Err(e) => {
                store.shutdown();
                return Err(e.into());
            }
        },
    };
    Ok((cal, Some(store)))
}

fn close(store: Option<Store>) {
    if let Some(s) = store {
        s.shutdown();
    }
}

fn unknown_unit(code: &str) -> CliError {
    CliError::new(
        "unit.unknown",
        format!("Không có đơn vị mang mã «{code}» trong cơ sở dữ liệu."),
        format!("No unit with the agency code {code:?} in the database."),
    )
}

/// `HH:MM` (received after that time: counting starts the next working day) or `none`.
fn parse_cutoff(text: Option<&str>) -> Result<CutoffRule, CliError> {
    let Some(t) = text.map(str::trim) else {
        return Ok(CutoffRule::None);
    };
    if t.eq_ignore_ascii_case("none") {
        return Ok(CutoffRule::None);
    }
    let parsed = t.split_once(':').and_then(|(h, m)| {
        let (h, m) = (h.parse::<i8>().ok()?, m.parse::<i8>().ok()?);
        ((0..24).contains(&h) && (0..60).contains(&m) && t.len() == 5).then_some((h, m))
    });
    match parsed {
        Some((h, m)) => Ok(CutoffRule::after(h, m)),
        None => Err(CliError::new(
            "calendar.cutoff",
            format!("Giờ chốt «{t}» không hợp lệ: cần dạng HH:MM (ví dụ 15:00) hoặc none."),
            format!("The cut-off {t:?} is not valid: expected HH:MM (e.g. 15:00) or none."),
        )),
    }
}

fn json<T: serde::Serialize>(v: &T) -> String {
    serde_json::to_string(v).expect("report types serialise")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cutoff_text() {
        assert_eq!(parse_cutoff(None).unwrap(), CutoffRule::None);
        assert_eq!(
            parse_cutoff(Some("15:00")).unwrap(),
            CutoffRule::after(15, 0)
        );
        assert_eq!(parse_cutoff(Some("none")).unwrap(), CutoffRule::None);
        for bad in ["25:00", "15", "15:60", "3:00", "abc", "15:00:00"] {
            assert!(parse_cutoff(Some(bad)).is_err(), "{bad}");
        }
    }
}
