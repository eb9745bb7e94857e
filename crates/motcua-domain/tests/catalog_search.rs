//! Golden search tests over the 40 real procedures of the demo catalog.

use motcua_domain::catalog::{SearchIndex, demo_catalog};
use motcua_domain::ids::ProcedureCode;

fn index() -> (
    SearchIndex<ProcedureCode>,
    Vec<motcua_domain::procedure::ProcedureVersion>,
) {
    let demo = demo_catalog();
    (SearchIndex::from_procedures(&demo), demo)
}

fn top(ix: &SearchIndex<ProcedureCode>, q: &str, n: usize) -> Vec<String> {
    ix.search(q, n)
        .into_iter()
        .map(|h| h.key.to_string())
        .collect()
}

#[test]
fn birth_registration_ranks_first() {
    let (ix, demo) = index();
    let hits = top(&ix, "dang ky khai sinh", 10);
    assert_eq!(hits[0], "1.001193");
    // The neighbours match too, below it: re-registration, the inter-linked bundles and the
    // copy of a birth certificate.
    let bundle = demo
        .iter()
        .find(|p| p.name_vi.starts_with("Nhóm thủ tục liên thông"))
        .unwrap();
    for other in ["1.004884", "2.000986", bundle.code.as_str(), "2.000635"] {
        assert!(hits.iter().any(|h| h == other), "{other} in {hits:?}");
    }
    // The exact phrase ranks above the same words with "lại" in between.
    let pos = |c: &str| hits.iter().position(|h| h == c).unwrap();
    assert!(pos("1.001193") < pos("1.004884"));
}

#[test]
fn diacritics_typos_and_typing() {
    let (ix, _) = index();
    for q in [
        "Đăng ký khai sinh",
        "ĐĂNG KÝ KHAI SINH",
        "dang ky khai sinh",
        "dang ky khai sihn",
        "dang ki khai sinh",
        "dnag ky khai sinh",
        "dang ky khai sinhh",
        "dang ky khai sin",
        "dang ky khai s",
        "khai sin",
        "khai sinh",
        "đăng kí khai sinh",
    ] {
        assert_eq!(top(&ix, q, 1), ["1.001193"], "{q}");
    }
}

#[test]
fn codes_find_their_procedure_first() {
    let (ix, _) = index();
    assert_eq!(top(&ix, "1.001193", 5), ["1.001193"]);
    assert_eq!(top(&ix, " 1.004222", 1), ["1.004222"]);
    assert_eq!(top(&ix, "001193", 1), ["1.001193"]);
    let prefix = top(&ix, "1.0048", 10);
    assert_eq!(prefix, ["1.004837", "1.004859", "1.004873", "1.004884"]);
}

#[test]
fn words_in_another_order_still_find_it() {
    let (ix, _) = index();
    let hits = top(&ix, "khai sinh dang ky", 6);
    assert!(hits.contains(&"1.001193".to_string()), "{hits:?}");
}

#[test]
fn fields_and_other_procedures() {
    let (ix, demo) = index();
    let field_of = |code: &str| {
        demo.iter()
            .find(|p| p.code.as_str() == code)
            .unwrap()
            .field_vi
            .clone()
    };
    let hits = top(&ix, "ho tich", 12);
    assert_eq!(hits.len(), 12);
    for h in &hits {
        assert!(field_of(h).contains("Hộ tịch"), "{h}: {}", field_of(h));
    }
    assert_eq!(top(&ix, "dang ky thuong tru", 1), ["1.004222"]);
    assert_eq!(top(&ix, "ket hon", 1), ["1.000894"]);
    assert_eq!(top(&ix, "chung thuc ban sao", 1), ["2.000815"]);
    assert_eq!(top(&ix, "ly lich tu phap", 1), ["3.000333"]);
    assert_eq!(top(&ix, "can cuoc", 1), ["1.014063"]);
    assert_eq!(top(&ix, "tam tru", 2), ["1.004194", "1.002755"]);
    assert_eq!(top(&ix, "birth registration", 1), ["1.001193"]);
    assert!(top(&ix, "qwerty", 5).is_empty());
}
