//! Unit tests on a small hand-made catalog (the golden tests over the 40 real procedures are in
//! `tests/catalog_search.rs`).

use super::*;

fn index() -> SearchIndex<&'static str> {
    let docs = [
        (
            "a",
            "Thủ tục đăng ký khai sinh",
            "1.001193",
            "Hộ tịch",
            "Birth registration",
        ),
        (
            "b",
            "Thủ tục đăng ký lại khai sinh",
            "1.004884",
            "Hộ tịch",
            "",
        ),
        ("c", "Khai sinh đăng ký muộn", "1.000001", "Hộ tịch", ""),
        (
            "d",
            "Đăng ký thường trú",
            "1.004222",
            "Cư trú",
            "Permanent residence",
        ),
        ("e", "Cấp bản sao Giấy khai sinh", "2.000635", "Hộ tịch", ""),
        ("f", "Chứng thực chữ ký", "2.000884", "Chứng thực", ""),
        ("g", "Trợ cấp xã hội", "", "Bảo trợ xã hội", ""),
    ];
    SearchIndex::new(
        docs.iter()
            .map(|&(key, name, code, field, extra)| SearchDoc {
                key,
                name,
                code,
                field,
                extra,
            }),
    )
}

fn keys(hits: &[Hit<&'static str>]) -> Vec<&'static str> {
    hits.iter().map(|h| h.key).collect()
}

#[test]
fn phrase_before_order_before_scattered() {
    let ix = index();
    let hits = ix.search("dang ky khai sinh", 10);
    assert_eq!(keys(&hits)[..3], ["a", "b", "c"]);
    // Scores strictly decrease across the three rules.
    assert!(hits[0].score > hits[1].score && hits[1].score > hits[2].score);
    // Words in another order still find it.
    assert_eq!(ix.search("khai sinh dang ky", 1)[0].key, "c");
    assert!(keys(&ix.search("khai sinh dang ky", 10)).contains(&"a"));
}

#[test]
fn diacritics_typos_prefixes() {
    let ix = index();
    for q in [
        "Đăng ký khai sinh",
        "dang ky khai sinh",
        "DANG KY KHAI SINH",
        "dang ki khai sinh",
        "dang ky khai sihn",
        "dnag ky khai sinh",
        "dang ky khai sinhh",
        "dang ky khai sonh",
        "dang ky khai sin",
        "dang ky khai s",
        "đăng kí khai sinh",
    ] {
        assert_eq!(ix.search(q, 3).first().map(|h| h.key), Some("a"), "{q}");
    }
    // Typos only for words of 4 letters or more: "ky" is not "ka".
    assert!(ix.search("ka", 5).is_empty());
}

#[test]
fn codes() {
    let ix = index();
    assert_eq!(keys(&ix.search("1.001193", 5)), ["a"]);
    assert_eq!(ix.search("1.001193", 5)[0].score, CODE_EXACT);
    assert_eq!(keys(&ix.search(" 1.00 ", 5)), ["c", "a", "d", "b"]);
    assert_eq!(keys(&ix.search("004222", 5)), ["d"]);
    assert!(ix.search("9.999999", 5).is_empty());
}

#[test]
fn field_names_and_extra_text() {
    let ix = index();
    let hits = keys(&ix.search("ho tich", 10));
    assert_eq!(hits.len(), 4);
    assert!(hits.iter().all(|k| ["a", "b", "c", "e"].contains(k)));
    assert_eq!(keys(&ix.search("permanent residence", 2)), ["d"]);
    assert_eq!(keys(&ix.search("bao tro", 2)), ["g"]);
}

#[test]
fn limits_and_empty_queries() {
    let ix = index();
    assert!(ix.search("", 5).is_empty());
    assert!(ix.search("  ,;  ", 5).is_empty());
    assert!(ix.search("dang ky", 0).is_empty());
    assert_eq!(ix.search("dang ky", 2).len(), 2);
    assert!(ix.search("xyzxyz", 5).is_empty());
    let long = "dang ".repeat(100);
    assert!(!ix.search(&long, 5).is_empty());
    // Repeated queries give the same answer (the scratch buffers are reset).
    for _ in 0..3 {
        // "Khai sinh đăng ký muộn" has the largest share of its name matched.
        assert_eq!(keys(&ix.search("khai sinh", 2)), ["c", "a"]);
    }
    let empty: SearchIndex<u8> = SearchIndex::new(std::iter::empty());
    assert!(empty.search("dang", 5).is_empty());
}

#[test]
fn two_indexes_on_one_thread() {
    let small = index();
    let big: SearchIndex<usize> = SearchIndex::new((0..500).map(|i| SearchDoc {
        key: i,
        name: if i == 499 {
            "Đăng ký khai sinh"
        } else {
            "Chứng thực bản sao"
        },
        code: "",
        field: "",
        extra: "",
    }));
    assert_eq!(big.search("khai sinh", 1)[0].key, 499);
    assert_eq!(small.search("khai sinh", 1)[0].key, "c");
    assert_eq!(big.search("chung thuc", 1000).len(), 499);
}

#[test]
fn pruned_top_k_equals_the_full_ranking() {
    // Names from a small vocabulary so that many documents tie on every rule but the phrase.
    let words = [
        "đăng", "ký", "khai", "sinh", "lại", "thủ", "tục", "bản", "sao", "hộ", "tịch",
    ];
    let mut seed: u64 = 7;
    let names: Vec<String> = (0..1000)
        .map(|_| {
            let len = 2 + (seed % 6) as usize;
            (0..len)
                .map(|_| {
                    seed = seed.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1);
                    words[(seed >> 33) as usize % words.len()]
                })
                .collect::<Vec<_>>()
                .join(" ")
        })
        .collect();
    let ix = SearchIndex::new(names.iter().enumerate().map(|(i, n)| SearchDoc {
        key: i,
        name: n,
        code: "",
        field: "Hộ tịch",
        extra: "",
    }));
    let mut queries: Vec<String> = [
        "dang ky khai sinh",
        "khai sinh dang ky",
        "ho tich",
        "sao ban",
        "dang ky lai khai s",
        "thu tuc",
        "sihn",
    ]
    .iter()
    .map(|q| q.to_string())
    .collect();
    // Random queries of 1 to 5 words, the last one sometimes cut (typing), some with a typo.
    let folded: Vec<String> = words.iter().map(|w| crate::fold::fold(w)).collect();
    for _ in 0..200 {
        seed = seed.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1);
        let len = 1 + (seed >> 40) as usize % 5;
        let mut q: Vec<String> = (0..len)
            .map(|_| {
                seed = seed.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1);
                folded[(seed >> 33) as usize % folded.len()].clone()
            })
            .collect();
        match seed % 4 {
            0 => {
                let last = q.last_mut().unwrap();
                last.truncate(1.max(last.len() / 2));
            }
            1 if q[0].len() >= 4 => q[0] = format!("{}x{}", &q[0][..1], &q[0][2..]),
            _ => {}
        }
        queries.push(q.join(" "));
    }
    for q in &queries {
        let all = ix.search(q, usize::MAX);
        for limit in [1, 3, 10, 50] {
            assert_eq!(
                ix.search(q, limit),
                all[..limit.min(all.len())],
                "{q} {limit}"
            );
        }
    }
}
