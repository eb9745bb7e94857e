//! Reading one yearly schedule file. Every check names the line and column of the offending value,
//! and nothing is returned unless the whole file is valid.

use std::ops::Range;

use serde::Deserialize;
use toml::Spanned;

use super::{Confidence, DayKind, ScheduleEntry, YearSchedule};
use crate::days::{DateTextError, MAX_YEAR, MIN_YEAR, is_weekend, parse_iso_date};
use crate::error::{CalendarError, ScheduleProblem};

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct FileDoc {
    year: Spanned<i64>,
    #[serde(default)]
    title: Option<String>,
    source: Spanned<String>,
    #[serde(default)]
    confidence: Option<Spanned<String>>,
    #[serde(default)]
    #[allow(dead_code)] // free text for readers of the file
    note: Option<String>,
    #[serde(default, rename = "day")]
    days: Vec<Spanned<DayDoc>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct DayDoc {
    /// A string "2026-02-16" or a TOML local date 2026-02-16.
    date: Spanned<toml::Value>,
    kind: Spanned<String>,
    name: Spanned<String>,
    #[serde(default)]
    source: Option<Spanned<String>>,
    #[serde(default)]
    confidence: Option<Spanned<String>>,
    #[serde(default = "enabled_by_default")]
    enabled: bool,
    #[serde(default)]
    note: Option<String>,
}

fn enabled_by_default() -> bool {
    true
}

struct Ctx<'a> {
    origin: &'a str,
    text: &'a str,
}

impl Ctx<'_> {
    /// 1-based line and column (in characters) of a byte offset.
    fn position(&self, offset: usize) -> (u32, u32) {
        let offset = offset.min(self.text.len());
        let before = &self.text[..offset];
        let line = before.matches('\n').count() + 1;
        let line_start = before.rfind('\n').map_or(0, |i| i + 1);
        let column = before[line_start..].chars().count() + 1;
        (line as u32, column as u32)
    }

    fn error(&self, span: Range<usize>, problem: ScheduleProblem) -> CalendarError {
        let (line, column) = self.position(span.start);
        CalendarError::MalformedSchedule {
            origin: self.origin.to_string(),
            line,
            column,
            problem,
        }
    }
}

pub(super) fn parse(origin: &str, text: &str) -> Result<YearSchedule, CalendarError> {
    let ctx = Ctx { origin, text };
    let doc: FileDoc = toml::from_str(text).map_err(|e| {
        let span = e.span().unwrap_or(0..0);
        ctx.error(
            span,
            ScheduleProblem::Syntax {
                message: e.message().trim().to_string(),
            },
        )
    })?;

    let year_value = *doc.year.get_ref();
    if year_value < i64::from(MIN_YEAR) || year_value > i64::from(MAX_YEAR) {
        return Err(ctx.error(
            doc.year.span(),
            ScheduleProblem::YearOutOfRange { year: year_value },
        ));
    }
    let year = year_value as i16;
    let file_source = non_empty(&ctx, &doc.source, "source")?;
    let file_confidence = match &doc.confidence {
        Some(c) => Some(confidence(&ctx, c)?),
        None => None,
    };

    let mut entries: Vec<ScheduleEntry> = Vec::with_capacity(doc.days.len());
    for day in &doc.days {
        let day_span = day.span();
        let day = day.get_ref();
        let date_text = match day.date.get_ref() {
            toml::Value::String(text) => text.clone(),
            toml::Value::Datetime(dt) if dt.time.is_none() && dt.offset.is_none() => dt.to_string(),
            other => other.to_string(),
        };
        let date = match parse_iso_date(&date_text) {
            Ok(d) => d,
            Err(DateTextError::Format) => {
                let problem = ScheduleProblem::DateFormat { text: date_text };
                return Err(ctx.error(day.date.span(), problem));
            }
            Err(DateTextError::Impossible) => {
                let problem = ScheduleProblem::ImpossibleDate { text: date_text };
                return Err(ctx.error(day.date.span(), problem));
            }
        };
        if date.year() != year {
            return Err(ctx.error(
                day.date.span(),
                ScheduleProblem::DateOutsideYear {
                    date,
                    year: year.into(),
                },
            ));
        }
        if entries.iter().any(|e| e.date == date) {
            return Err(ctx.error(day.date.span(), ScheduleProblem::DuplicateDate { date }));
        }
        let kind = DayKind::parse(day.kind.get_ref()).ok_or_else(|| {
            ctx.error(
                day.kind.span(),
                ScheduleProblem::UnknownKind {
                    kind: day.kind.get_ref().clone(),
                },
            )
        })?;
        // A make-up working day turns a weekend day into a working day; a day off turns a
        // working day into a rest day. Anything else is a typo in the date.
        match kind {
            DayKind::MakeupWorkingDay if !is_weekend(date) => {
                return Err(ctx.error(day.date.span(), ScheduleProblem::MakeupNotWeekend { date }));
            }
            DayKind::DayOff if is_weekend(date) => {
                return Err(ctx.error(day.date.span(), ScheduleProblem::DayOffOnWeekend { date }));
            }
            _ => {}
        }
        let name = non_empty(&ctx, &day.name, "name")?;
        let source = match &day.source {
            Some(s) => non_empty(&ctx, s, "source")?,
            None => file_source.clone(),
        };
        let confidence = match (&day.confidence, file_confidence) {
            (Some(c), _) => confidence(&ctx, c)?,
            (None, Some(c)) => c,
            (None, None) => return Err(ctx.error(day_span, ScheduleProblem::MissingConfidence)),
        };
        entries.push(ScheduleEntry {
            date,
            kind,
            name,
            source,
            confidence,
            enabled: day.enabled,
            provisional: false,
            note: day.note.clone(),
        });
    }

    let title = doc
        .title
        .unwrap_or_else(|| format!("Lịch nghỉ lễ, Tết năm {year}"));
    Ok(YearSchedule::from_parts(
        year,
        title,
        file_source,
        false,
        entries,
    ))
}

fn non_empty(
    ctx: &Ctx<'_>,
    value: &Spanned<String>,
    field: &'static str,
) -> Result<String, CalendarError> {
    let text = value.get_ref().trim();
    if text.is_empty() {
        return Err(ctx.error(value.span(), ScheduleProblem::Empty { field }));
    }
    Ok(text.to_string())
}

fn confidence(ctx: &Ctx<'_>, value: &Spanned<String>) -> Result<Confidence, CalendarError> {
    Confidence::parse(value.get_ref().trim()).ok_or_else(|| {
        ctx.error(
            value.span(),
            ScheduleProblem::UnknownConfidence {
                tag: value.get_ref().clone(),
            },
        )
    })
}
