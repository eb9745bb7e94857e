//! Malformed schedule files give a precise error (file, line, column, problem) and load nothing.

use jiff::civil::Date;
use motcua_calendar::{CalendarError, ScheduleProblem, ScheduleSet, YearSchedule};

const HEADER: &str = "year = 2026\nsource = \"Thông báo thử\"\nconfidence = \"V\"\n";

/// A file with one `[[day]]` entry starting on line 5.
fn one_day(date: &str, kind: &str) -> String {
    format!("{HEADER}\n[[day]]\ndate = {date}\nkind = \"{kind}\"\nname = \"Ngày thử\"\n")
}

fn problem_at(text: &str) -> (u32, u32, ScheduleProblem) {
    match YearSchedule::parse("2026.toml", text).unwrap_err() {
        CalendarError::MalformedSchedule {
            origin,
            line,
            column,
            problem,
        } => {
            assert_eq!(origin, "2026.toml");
            (line, column, problem)
        }
        other => panic!("unexpected {other:?}"),
    }
}

#[test]
fn unknown_kind() {
    let (line, column, problem) = problem_at(&one_day("\"2026-03-02\"", "holidy"));
    assert_eq!((line, column), (7, 8));
    assert_eq!(
        problem,
        ScheduleProblem::UnknownKind {
            kind: "holidy".into()
        }
    );
}

#[test]
fn impossible_date() {
    let (line, column, problem) = problem_at(&one_day("\"2026-02-30\"", "holiday"));
    assert_eq!((line, column), (6, 8));
    assert_eq!(
        problem,
        ScheduleProblem::ImpossibleDate {
            text: "2026-02-30".into()
        }
    );
    let err = YearSchedule::parse("2026.toml", &one_day("\"2026-02-30\"", "holiday")).unwrap_err();
    assert_eq!(err.code(), "calendar.schedule.impossible_date");
    assert_eq!(
        err.message_en(),
        "2026.toml:6:8: 2026-02-30 is not a real calendar date"
    );
    assert_eq!(
        err.message_vi(),
        "Tệp lịch 2026.toml, dòng 6, cột 8: ngày 2026-02-30 không có trong lịch. Không nạp phần nào của tệp."
    );
}

#[test]
fn unquoted_impossible_date_is_a_syntax_error_at_the_value() {
    // TOML's own date type rejects it before our checks; the position is still given.
    let (line, _, problem) = problem_at(&one_day("2026-02-30", "holiday"));
    assert_eq!(line, 6);
    assert!(matches!(problem, ScheduleProblem::Syntax { .. }));
}

#[test]
fn toml_dates_are_accepted_too() {
    let y = YearSchedule::parse("2026.toml", &one_day("2026-03-02", "day_off")).unwrap();
    assert_eq!(y.entries()[0].date, Date::constant(2026, 3, 2));
    let (line, column, problem) = problem_at(&one_day("2026-03-02T08:00:00", "day_off"));
    assert_eq!((line, column), (6, 8));
    assert_eq!(
        problem,
        ScheduleProblem::DateFormat {
            text: "2026-03-02T08:00:00".into()
        }
    );
    let (_, _, problem) = problem_at(&one_day("20260302", "day_off"));
    assert_eq!(
        problem,
        ScheduleProblem::DateFormat {
            text: "20260302".into()
        }
    );
}

#[test]
fn badly_written_date() {
    let (line, column, problem) = problem_at(&one_day("\"02/03/2026\"", "holiday"));
    assert_eq!((line, column), (6, 8));
    assert_eq!(
        problem,
        ScheduleProblem::DateFormat {
            text: "02/03/2026".into()
        }
    );
}

#[test]
fn date_not_in_the_files_year() {
    let (line, _, problem) = problem_at(&one_day("\"2027-01-01\"", "holiday"));
    assert_eq!(line, 6);
    assert_eq!(
        problem,
        ScheduleProblem::DateOutsideYear {
            date: Date::constant(2027, 1, 1),
            year: 2026
        }
    );
}

#[test]
fn duplicate_date() {
    let mut text = one_day("\"2026-03-02\"", "day_off");
    text.push_str("\n[[day]]\ndate = \"2026-03-02\"\nkind = \"holiday\"\nname = \"Lần hai\"\n");
    let (line, column, problem) = problem_at(&text);
    assert_eq!((line, column), (11, 8));
    assert_eq!(
        problem,
        ScheduleProblem::DuplicateDate {
            date: Date::constant(2026, 3, 2)
        }
    );
}

#[test]
fn make_up_day_that_is_not_a_weekend() {
    // 2026-08-24 is a Monday.
    let (line, _, problem) = problem_at(&one_day("\"2026-08-24\"", "makeup_working_day"));
    assert_eq!(line, 6);
    assert_eq!(
        problem,
        ScheduleProblem::MakeupNotWeekend {
            date: Date::constant(2026, 8, 24)
        }
    );
}

#[test]
fn day_off_on_a_weekend() {
    // 2026-08-23 is a Sunday.
    let (_, _, problem) = problem_at(&one_day("\"2026-08-23\"", "day_off"));
    assert_eq!(
        problem,
        ScheduleProblem::DayOffOnWeekend {
            date: Date::constant(2026, 8, 23)
        }
    );
}

#[test]
fn toml_syntax_and_unknown_fields() {
    let (line, _, problem) = problem_at("year = 2026\nsource = \"x\nconfidence = \"V\"\n");
    assert_eq!(line, 2);
    assert!(matches!(problem, ScheduleProblem::Syntax { .. }));

    let text =
        format!("{HEADER}\n[[day]]\ndate = \"2026-03-02\"\nknd = \"holiday\"\nname = \"x\"\n");
    let (line, _, problem) = problem_at(&text);
    assert!(line >= 5, "{line}");
    match problem {
        ScheduleProblem::Syntax { message } => assert!(message.contains("knd"), "{message}"),
        other => panic!("{other:?}"),
    }

    let (_, _, problem) = problem_at("source = \"x\"\n");
    match problem {
        ScheduleProblem::Syntax { message } => assert!(message.contains("year"), "{message}"),
        other => panic!("{other:?}"),
    }
}

#[test]
fn year_out_of_range() {
    let (line, column, problem) = problem_at("year = 2200\nsource = \"x\"\n");
    assert_eq!((line, column), (1, 8));
    assert_eq!(problem, ScheduleProblem::YearOutOfRange { year: 2200 });
}

#[test]
fn confidence_tags() {
    let text = format!(
        "{}\n[[day]]\ndate = \"2026-03-02\"\nkind = \"day_off\"\nname = \"x\"\nconfidence = \"maybe\"\n",
        HEADER
    );
    let (line, _, problem) = problem_at(&text);
    assert_eq!(line, 9);
    assert_eq!(
        problem,
        ScheduleProblem::UnknownConfidence {
            tag: "maybe".into()
        }
    );
    let text = "year = 2026\nsource = \"x\"\n\n[[day]]\ndate = \"2026-03-02\"\nkind = \"day_off\"\nname = \"x\"\n";
    let (line, _, problem) = problem_at(text);
    assert_eq!(problem, ScheduleProblem::MissingConfidence);
    assert!(line >= 4);
}

#[test]
fn empty_name() {
    let text =
        format!("{HEADER}\n[[day]]\ndate = \"2026-03-02\"\nkind = \"day_off\"\nname = \"  \"\n");
    let (line, _, problem) = problem_at(&text);
    assert_eq!(line, 8);
    assert_eq!(problem, ScheduleProblem::Empty { field: "name" });
}

#[test]
fn columns_count_characters_not_bytes() {
    // An inline entry: "Tết" (5 bytes, 3 characters) stands before the bad value on its line.
    let text =
        format!("{HEADER}day = [{{ name = \"Tết\", date = \"2026-03-02\", kind = \"x\" }}]\n");
    let (line, column, problem) = problem_at(&text);
    assert_eq!(problem, ScheduleProblem::UnknownKind { kind: "x".into() });
    assert_eq!((line, column), (4, 52));
}

#[test]
fn nothing_is_half_loaded() {
    let mut set = ScheduleSet::builtin();
    let before = set.clone();
    // The first entry is fine, the second is broken: the year must stay as it was.
    let mut text = one_day("\"2026-03-02\"", "day_off");
    text.push_str("\n[[day]]\ndate = \"2026-03-03\"\nkind = \"nope\"\nname = \"x\"\n");
    assert!(set.import("2026.toml", &text).is_err());
    assert_eq!(set, before);
}

#[test]
fn every_schedule_error_has_both_languages_and_a_code() {
    let texts = [
        one_day("\"2026-02-30\"", "holiday"),
        one_day("\"2026-03-02\"", "holidy"),
        one_day("\"2027-01-01\"", "holiday"),
        one_day("\"2026-08-24\"", "makeup_working_day"),
        "year = 1800\nsource = \"x\"\n".to_string(),
        "year = \n".to_string(),
    ];
    for text in texts {
        let err = YearSchedule::parse("f.toml", &text).unwrap_err();
        assert!(
            err.code().starts_with("calendar.schedule."),
            "{}",
            err.code()
        );
        assert!(err.message_en().starts_with("f.toml:"));
        assert!(err.message_vi().starts_with("Tệp lịch f.toml, dòng "));
    }
}
