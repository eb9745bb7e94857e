//! The quality configuration files: the embedded defaults load, a bad file is refused with the
//! line and column of the problem in both languages, and the version in force is chosen by date.

use jiff::civil::date;
use motcua_domain::Localized;
use motcua_domain::quality::Decimal2;
use motcua_domain::quality::config::{
    ConfigProblem, FeedbackConfig, Index766Config, QualityConfig, SupplementCount, ZeroDenominator,
};

#[test]
fn embedded_defaults_load_and_add_up_to_100() {
    let c = QualityConfig::embedded();
    let v = c.index766.in_force(date(2026, 3, 1)).unwrap();
    assert_eq!(v.id, "qd766-2022");
    assert_eq!(v.total_max, Decimal2::from_units(100));
    let maxima: Vec<String> = v.groups.iter().map(|g| g.max.to_string()).collect();
    assert_eq!(maxima, ["18.00", "20.00", "22.00", "22.00", "18.00"]);
    let i42 = v.indicator("4.2").unwrap();
    assert_eq!(
        (i42.pmax, i42.threshold),
        (Decimal2::from_units(4), Some(Decimal2::from_units(80)))
    );
    assert_eq!(v.indicator("5.4").unwrap().threshold, Some(Decimal2(9000)));
    for id in [
        "1.1", "1.2", "1.4", "3.5", "3.5b", "3.6", "4.cc", "4.5a", "4.5b",
    ] {
        let i = v.indicator(id).unwrap();
        assert!(!i.measured, "{id} cannot be measured yet");
        assert!(i.reason_vi.is_some() && i.reason_en.is_some());
    }
    assert_eq!(v.counting.supplement_requests, SupplementCount::All);
    assert_eq!(v.counting.max_supplement_requests, 1);
    assert!(c.index766.in_force(date(2022, 7, 31)).is_none());

    let f = c.feedback.in_force(date(2026, 3, 1)).unwrap();
    assert_eq!(
        (
            f.reject_within,
            f.first_info_request_within,
            f.resolve_within,
            f.publish_within
        ),
        (2, 5, 15, 2)
    );
    assert_eq!(f.confidence.as_str(), "S");
}

const MINI: &str = r#"
[[version]]
id = "a"
effective_from = 2022-08-01
source = "test"
confidence = "S"
total_max = 20

[version.counting]
supplement_requests = "all"
max_supplement_requests = 1
reschedule_moves_due = false
dossier_unit = "receiving"
dissatisfied_when = "overall"

[[version.group]]
id = "2"
name_vi = "Tiến độ"
name_en = "Progress"
max = 20
source = "test"
confidence = "V"

[[version.indicator]]
id = "2.1"
group = "2"
name_vi = "Đúng hạn"
name_en = "On time"
pmax = 20
source = "test"
confidence = "V"
"#;

#[test]
fn the_version_in_force_is_chosen_by_date() {
    let second = MINI
        .replace("id = \"a\"", "id = \"b\"")
        .replace("2022-08-01", "\"2027-01-01\"")
        .replace("pmax = 20", "pmax = 20\nzero_denominator = \"zero\"");
    let text = format!("{second}\n{MINI}");
    let c = Index766Config::parse("two.toml", &text).unwrap();
    assert_eq!(c.versions.len(), 2);
    assert_eq!(c.in_force(date(2026, 12, 31)).unwrap().id, "a");
    assert_eq!(c.in_force(date(2027, 1, 1)).unwrap().id, "b");
    assert_eq!(
        c.in_force(date(2027, 1, 1)).unwrap().indicators[0].zero_denominator,
        ZeroDenominator::Zero
    );
}

fn problem(text: &str) -> (u32, u32, ConfigProblem, String, String) {
    let e = Index766Config::parse("x.toml", text).unwrap_err();
    (
        e.line,
        e.column,
        e.problem.clone(),
        e.message_vi(),
        e.message_en(),
    )
}

fn line_of(text: &str, needle: &str) -> u32 {
    text.lines().position(|l| l.contains(needle)).unwrap() as u32 + 1
}

#[test]
fn bad_files_are_refused_with_line_and_column() {
    // A group whose indicators do not add up to its maximum.
    let t = MINI.replace("pmax = 20", "pmax = 19.5");
    let (line, col, p, vi, en) = problem(&t);
    let group_max = t.lines().position(|l| l == "max = 20").unwrap() as u32 + 1;
    assert_eq!((line, col), (group_max, 7));
    assert!(matches!(p, ConfigProblem::GroupSum { .. }));
    assert!(vi.contains("dòng") && vi.contains("19.50"), "{vi}");
    assert!(en.contains("line") && en.contains("x.toml"), "{en}");

    // A threshold above 100 %.
    let t = MINI.replace("pmax = 20", "pmax = 20\nthreshold = 120");
    let (line, col, p, _, _) = problem(&t);
    assert_eq!((line, col), (line_of(&t, "threshold = 120"), 13));
    assert!(matches!(
        p,
        ConfigProblem::BadNumber {
            field: "threshold",
            ..
        }
    ));

    // An indicator id motcua cannot compute, marked measured.
    let t = MINI.replace("id = \"2.1\"", "id = \"9.9\"");
    let (line, _, p, vi, _) = problem(&t);
    assert_eq!(line, line_of(&t, "\"9.9\""));
    assert!(matches!(p, ConfigProblem::NoComputation { .. }));
    assert!(vi.contains("measured = false"));

    // Not measured without a reason.
    let t = MINI.replace(
        "pmax = 20",
        "pmax = 20\nmeasured = false\nreason_vi = \"x\"",
    );
    assert!(matches!(
        problem(&t).2,
        ConfigProblem::ReasonRequired { .. }
    ));

    // A wrong choice, a wrong date, a wrong confidence, an unknown key, broken TOML.
    let t = MINI.replace("\"receiving\"", "\"province\"");
    let (line, col, p, _, _) = problem(&t);
    assert_eq!((line, col), (line_of(&t, "\"province\""), 16));
    assert!(matches!(
        p,
        ConfigProblem::BadChoice {
            field: "dossier_unit",
            ..
        }
    ));
    let t = MINI.replace("2022-08-01", "\"2022-13-01\"");
    assert!(matches!(problem(&t).2, ConfigProblem::BadDate { .. }));
    let t = MINI.replace(
        "confidence = \"V\"\n\n[[version.indicator]]",
        "confidence = \"maybe\"\n\n[[version.indicator]]",
    );
    assert!(matches!(
        problem(&t).2,
        ConfigProblem::UnknownConfidence { .. }
    ));
    let t = MINI.replace("pmax = 20", "pmax = 20\nweight = 3");
    let (line, _, p, _, _) = problem(&t);
    assert_eq!(line, line_of(&t, "weight = 3"));
    assert!(matches!(p, ConfigProblem::Syntax { .. }));
    let t = MINI.replace("total_max = 20", "total_max = 30");
    assert!(matches!(problem(&t).2, ConfigProblem::TotalMax { .. }));
    let t = MINI.replace("group = \"2\"", "group = \"7\"");
    assert!(matches!(problem(&t).2, ConfigProblem::UnknownGroup { .. }));
    let t = format!("{MINI}\n{MINI}");
    let (line, _, p, _, _) = problem(&t);
    assert!(matches!(p, ConfigProblem::DuplicateVersion { .. }));
    assert!(
        line > line_of(MINI, "effective_from"),
        "the second one is named"
    );
    assert!(matches!(problem("").2, ConfigProblem::NoVersion));
}

#[test]
fn feedback_deadlines_are_checked() {
    let ok = r#"
[[version]]
effective_from = 2022-08-01
source = "VPCP"
confidence = "S"
reject_within = 2
first_info_request_within = 5
resolve_within = 15
publish_within = 2
due_soon = 1
"#;
    let c = FeedbackConfig::parse("f.toml", ok).unwrap();
    assert_eq!(c.versions[0].resolve_within, 15);
    let bad = ok.replace("resolve_within = 15", "resolve_within = 0");
    let e = FeedbackConfig::parse("f.toml", &bad).unwrap_err();
    assert_eq!(e.line, line_of(&bad, "resolve_within"));
    assert!(e.message_vi().contains("resolve_within"));
    assert!(matches!(e.problem, ConfigProblem::BadDays { .. }));
}
