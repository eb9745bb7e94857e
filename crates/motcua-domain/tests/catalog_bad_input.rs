//! Bad catalog files: every problem is reported with its line and column, the record and the key,
//! in both languages; nothing is imported.

use motcua_domain::Localized;
use motcua_domain::catalog::{Expected, ImportError, ProblemKind, import_national_json};

/// One valid record; line numbers below refer to this layout (line 3 is "code").
const GOOD: &str = r#"[
  {
    "code": "1.001193",
    "name_vi": "Thủ tục đăng ký khai sinh",
    "name_en": "Birth registration",
    "field_vi": "Hộ tịch",
    "level": "Cấp xã",
    "processing_time_text": "Ngay trong ngày; sau 15 giờ thì trả ngày làm việc tiếp theo",
    "processing_days": 0,
    "fee_text": "Miễn phí",
    "required_documents": [
      { "name_vi": "Giấy chứng sinh", "copies": "1 bản chính" }
    ],
    "result_vi": "Giấy khai sinh",
    "online_mode": "toan_trinh",
    "source_urls": [],
    "caveats": []
  }
]"#;

fn with(from: &str, to: &str) -> String {
    assert!(GOOD.contains(from), "{from}");
    GOOD.replacen(from, to, 1)
}

fn err(text: &str) -> ImportError {
    import_national_json(text).expect_err("must be refused")
}

/// The only problem: its kind, line and column.
fn one(text: &str) -> (ProblemKind, usize, usize) {
    let e = err(text);
    assert_eq!(e.problems.len(), 1, "{e}");
    let p = &e.problems[0];
    (p.kind.clone(), p.line, p.column)
}

#[test]
fn the_good_record_imports() {
    let v = import_national_json(GOOD).unwrap();
    assert_eq!(v.len(), 1);
    assert_eq!(v[0].components[0].originals, 1);
}

#[test]
fn syntax_errors() {
    let (k, line, col) = one(&with("\"Hộ tịch\",", "\"Hộ tịch\""));
    assert!(matches!(k, ProblemKind::Syntax(_)));
    assert_eq!((line, col), (7, 5));
    assert_eq!(one("").1, 1);
    let (k, ..) = one("[1, 2");
    assert!(matches!(k, ProblemKind::Syntax(_)));
}

#[test]
fn shape_of_the_file() {
    assert_eq!(one("{}"), (ProblemKind::NotAList { found: "object" }, 1, 1));
    assert_eq!(one("\n  []"), (ProblemKind::NoRecords, 2, 3));
    let (k, line, col) = one("[\n  1\n]");
    assert_eq!(
        k,
        ProblemKind::WrongType {
            expected: Expected::Object,
            found: "number"
        }
    );
    assert_eq!((line, col), (2, 3));
}

#[test]
fn missing_unknown_and_repeated_keys() {
    let (k, line, col) = one(&with("    \"fee_text\": \"Miễn phí\",\n", ""));
    assert_eq!(k, ProblemKind::MissingKey { key: "fee_text" });
    assert_eq!((line, col), (2, 3), "at the record's opening brace");
    let (k, line, col) = one(&with(
        "    \"caveats\": []",
        "    \"caveats\": [],\n    \"fees\": 1",
    ));
    assert_eq!(k, ProblemKind::UnknownKey { key: "fees".into() });
    assert_eq!((line, col), (18, 5));
    let (k, line, col) = one(&with(
        "    \"caveats\": []",
        "    \"caveats\": [],\n    \"level\": \"Cấp xã\"",
    ));
    assert_eq!(
        k,
        ProblemKind::DuplicateKey {
            key: "level".into()
        }
    );
    assert_eq!((line, col), (18, 5));
    let (k, line, col) = one(&with(
        "\"copies\": \"1 bản chính\"",
        "\"copies\": \"1 bản chính\", \"note\": 1",
    ));
    assert_eq!(k, ProblemKind::UnknownKey { key: "note".into() });
    assert_eq!((line, col), (12, 64));
    let e = err(&with(
        "\"copies\": \"1 bản chính\"",
        "\"copy\": \"1 bản chính\"",
    ));
    assert_eq!(
        e.problems.len(),
        2,
        "unknown \"copy\" and missing \"copies\""
    );
    // Sorted by position: the missing key at the item's brace comes first.
    assert_eq!(e.problems[0].path, "required_documents[0].copies");
    assert_eq!((e.problems[0].line, e.problems[0].column), (12, 7));
    assert_eq!(e.problems[1].path, "required_documents[0].copy");
}

#[test]
fn wrong_types_and_empty_texts() {
    let (k, line, col) = one(&with(
        "\"name_vi\": \"Thủ tục đăng ký khai sinh\"",
        "\"name_vi\": 5",
    ));
    assert_eq!(
        k,
        ProblemKind::WrongType {
            expected: Expected::Text,
            found: "number"
        }
    );
    assert_eq!((line, col), (4, 16));
    let (k, ..) = one(&with(
        "\"name_vi\": \"Thủ tục đăng ký khai sinh\"",
        "\"name_vi\": null",
    ));
    assert_eq!(
        k,
        ProblemKind::WrongType {
            expected: Expected::Text,
            found: "null"
        }
    );
    let (k, line, col) = one(&with(
        "\"name_vi\": \"Thủ tục đăng ký khai sinh\"",
        "\"name_vi\": \"  \"",
    ));
    assert_eq!((k, line, col), (ProblemKind::EmptyText, 4, 16));
    let (k, ..) = one(&with(
        "\"fee_text\": \"Miễn phí\"",
        "\"fee_text\": [\"Miễn phí\"]",
    ));
    assert_eq!(
        k,
        ProblemKind::WrongType {
            expected: Expected::TextOrNull,
            found: "array"
        }
    );
    let (k, line, col) = one(&with("\"source_urls\": []", "\"source_urls\": [\"a\", 2]"));
    assert_eq!(
        k,
        ProblemKind::WrongType {
            expected: Expected::Text,
            found: "number"
        }
    );
    assert_eq!((line, col), (16, 26));
    let e = err(&with(
        "\"required_documents\": [",
        "\"required_documents\": null, \"x\": [",
    ));
    let kinds: Vec<&ProblemKind> = e.problems.iter().map(|p| &p.kind).collect();
    assert!(kinds.contains(&&ProblemKind::WrongType {
        expected: Expected::List,
        found: "null"
    }));
    assert!(kinds.contains(&&ProblemKind::UnknownKey { key: "x".into() }));
}

#[test]
fn codes() {
    let (k, line, col) = one(&with("\"1.001193\"", "\"1.00119\""));
    assert_eq!(
        k,
        ProblemKind::BadCode {
            value: "1.00119".into()
        }
    );
    assert_eq!((line, col), (3, 13));
    // Two records with the same code: reported at the second one's code.
    let record = &GOOD[2..GOOD.len() - 2];
    let twice = format!("[\n{record},\n{record}\n]");
    let e = err(&twice);
    assert_eq!(e.problems.len(), 1);
    let p = &e.problems[0];
    assert_eq!(
        p.kind,
        ProblemKind::DuplicateCode {
            code: "1.001193".into(),
            first_index: 0
        }
    );
    assert_eq!((p.line, p.column), (20, 13));
    assert_eq!(p.record.as_ref().map(|r| r.index), Some(1));
    // null is fine: a local code is assigned.
    let v = import_national_json(&with("\"1.001193\"", "null")).unwrap();
    assert!(v[0].code.is_local());
}

#[test]
fn copies_online_mode_days_and_level() {
    let (k, line, col) = one(&with("\"1 bản chính\"", "\"3 bản\""));
    assert_eq!(
        k,
        ProblemKind::BadCopies {
            value: "3 bản".into()
        }
    );
    assert_eq!((line, col), (12, 49));
    let v = import_national_json(&with("\"1 bản chính\"", "null")).unwrap();
    assert_eq!(
        (v[0].components[0].originals, v[0].components[0].copies),
        (0, 0)
    );
    let (k, line, col) = one(&with("\"toan_trinh\"", "\"mot phan\""));
    assert_eq!(
        k,
        ProblemKind::BadOnlineMode {
            value: "mot phan".into()
        }
    );
    assert_eq!((line, col), (15, 20));
    for bad in ["-1", "1.5", "1e2"] {
        let (k, line, col) = one(&with(
            "\"processing_days\": 0",
            &format!("\"processing_days\": {bad}"),
        ));
        assert_eq!(k, ProblemKind::BadProcessingDays { value: bad.into() });
        assert_eq!((line, col), (9, 24));
    }
    let (k, ..) = one(&with(
        "\"processing_days\": 0",
        "\"processing_days\": \"3\"",
    ));
    assert_eq!(
        k,
        ProblemKind::WrongType {
            expected: Expected::WholeNumberOrNull,
            found: "string"
        }
    );
    let (k, line, col) = one(&with("\"Cấp xã\"", "\"Cấp huyện\""));
    assert_eq!(
        k,
        ProblemKind::NoLevel {
            value: "Cấp huyện".into()
        }
    );
    assert_eq!((line, col), (7, 14));
}

#[test]
fn every_problem_is_collected_and_told_in_both_languages() {
    let text = with("\"1.001193\"", "\"x\"")
        .replacen("\"1 bản chính\"", "\"ba bản\"", 1)
        .replacen("\"toan_trinh\"", "\"tt\"", 1);
    let e = err(&text);
    assert_eq!(e.problems.len(), 3);
    let lines: Vec<usize> = e.problems.iter().map(|p| p.line).collect();
    assert_eq!(lines, [3, 12, 15]);
    let p = &e.problems[1];
    assert_eq!(p.code(), "catalog.import.bad_copies");
    assert_eq!(p.path, "required_documents[0].copies");
    let vi = p.message_vi();
    assert!(
        vi.starts_with("Dòng 12, cột 49, bản ghi [0] (mã x), khóa «required_documents[0].copies»"),
        "{vi}"
    );
    assert!(vi.contains("«ba bản»"));
    let en = p.message_en();
    assert!(
        en.starts_with(
            "Line 12, column 49, record [0] (code x), key \"required_documents[0].copies\""
        ),
        "{en}"
    );
    assert_eq!(e.code(), "catalog.import_failed");
    assert!(e.message_vi().contains("3 lỗi"));
    assert!(e.message_en().contains("3 problem(s)"));
    assert!(e.to_string().contains("Line 3, column 13"));
}

#[test]
fn all_or_nothing() {
    let record = &GOOD[2..GOOD.len() - 2];
    let bad = record
        .replacen("\"1.001193\"", "\"2.000635\"", 1)
        .replacen("\"Hộ tịch\"", "\"\"", 1);
    let text = format!("[\n{record},\n{bad}\n]");
    let e = err(&text);
    assert_eq!(e.problems.len(), 1);
    assert_eq!(
        e.problems[0].record.as_ref().unwrap().code.as_deref(),
        Some("2.000635")
    );
}
