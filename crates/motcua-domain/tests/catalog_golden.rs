//! Golden tests: the 40 real procedures of data/catalog/procedures.json through the importer.

use motcua_calendar::{CutoffRule, Limit, TimeUnit};
use motcua_domain::catalog::{
    DEMO_PROCEDURES_JSON, Enrichment, demo_catalog, import_file, import_national_json,
};
use motcua_domain::ids::ProcedureCode;
use motcua_domain::procedure::{Channel, Level, OnlineMode, ProcedureVersion, PublicationStatus};

fn by_code<'a>(all: &'a [ProcedureVersion], code: &str) -> &'a ProcedureVersion {
    all.iter()
        .find(|p| p.code.as_str() == code)
        .unwrap_or_else(|| panic!("{code} not in the catalog"))
}

fn fees(p: &ProcedureVersion) -> Vec<(Option<Channel>, u64)> {
    p.fees.iter().map(|f| (f.channel, f.amount_vnd)).collect()
}

#[test]
fn forty_procedures_published_once_each() {
    let all = import_national_json(DEMO_PROCEDURES_JSON).unwrap();
    assert_eq!(all.len(), 40);
    let mut codes: Vec<_> = all.iter().map(|p| p.code.clone()).collect();
    codes.sort();
    codes.dedup();
    assert_eq!(codes.len(), 40);
    for p in &all {
        assert_eq!(p.status, PublicationStatus::Published);
        assert_eq!(p.version, 1);
        assert!(!p.levels.is_empty(), "{}", p.code);
        assert_eq!(p.supplement_close_after, Limit::working_days(15));
        assert_eq!(p.form_fields.last().unwrap().key, "request");
        assert!(!p.source_urls.is_empty(), "{}", p.code);
        for (i, c) in p.components.iter().enumerate() {
            assert_eq!(c.key, format!("c{}", i + 1));
        }
    }
}

#[test]
fn birth_registration() {
    let all = import_national_json(DEMO_PROCEDURES_JSON).unwrap();
    let p = by_code(&all, "1.001193");
    assert_eq!(p.name_en.as_deref(), Some("Birth registration"));
    assert_eq!(p.levels, [Level::Commune]);
    assert_eq!(p.processing_time, Some(Limit::same_day()));
    assert_eq!(p.cutoff, CutoffRule::after(15, 0));
    // The record lists 8 items; only the birth certificate and the ID are asked of everyone
    // (the others are "trường hợp …" or depend on the channel).
    assert_eq!(p.components.len(), 8);
    let required: Vec<&str> = p
        .components
        .iter()
        .filter(|c| c.required)
        .map(|c| c.key.as_str())
        .collect();
    assert_eq!(required, ["c4", "c6"]);
    assert!(
        p.components
            .iter()
            .all(|c| c.originals == 1 && c.copies == 0)
    );
    assert!(fees(p).is_empty(), "Miễn phí");
    assert_eq!(p.fee_for(Channel::Desk), 0);
    assert_eq!(p.online_mode, Some(OnlineMode::Full));
    assert_eq!(p.channels, Channel::ALL);
    assert_eq!(p.legal_basis, ["Luật Hộ tịch"]);
    assert_eq!(
        p.publication_decision.as_deref(),
        Some("Quyết định 163/QĐ-BTP")
    );
    assert!(p.result_is_document);
    assert!(p.summary_vi.as_deref().unwrap().contains("Giấy khai sinh"));
    let keys: Vec<&str> = p.form_fields.iter().map(|f| f.key.as_str()).collect();
    for k in [
        "child_name",
        "child_birth_date",
        "child_sex",
        "child_birth_place",
        "father_id",
        "mother_id",
    ] {
        assert!(keys.contains(&k), "{k}");
    }
    let hours: Vec<u32> = p.internal_steps.iter().map(|s| s.allotted.amount).collect();
    assert_eq!(hours, [1, 5, 1, 1]);
}

#[test]
fn times_and_cutoffs() {
    let all = import_national_json(DEMO_PROCEDURES_JSON).unwrap();
    let time = |c: &str| by_code(&all, c).processing_time;
    assert_eq!(time("1.004873"), Some(Limit::working_days(3)));
    assert_eq!(by_code(&all, "1.004873").cutoff, CutoffRule::None);
    assert_eq!(time("1.000656"), Some(Limit::same_day()));
    assert_eq!(time("2.000815"), Some(Limit::same_day()));
    assert_eq!(by_code(&all, "2.000815").cutoff, CutoffRule::after(15, 0));
    assert_eq!(time("2.001159"), Some(Limit::working_hours(1)));
    assert_eq!(
        by_code(&all, "2.001159").cutoff,
        CutoffRule::None,
        "sau 23 giờ is not a cut-off"
    );
    assert_eq!(time("2.000986"), Some(Limit::working_days(20)));
    assert_eq!(time("1.013978"), Some(Limit::working_days(27)));
    // "10 Ngày" without "làm việc": calendar days, with a caveat.
    assert_eq!(time("3.000333"), Some(Limit::calendar_days(10)));
    assert!(
        by_code(&all, "3.000333")
            .caveats
            .iter()
            .any(|c| c.contains("theo lịch"))
    );
    // A bare number: working days, with a caveat.
    assert_eq!(time("1.004884"), Some(Limit::working_days(5)));
    assert!(
        by_code(&all, "1.004884")
            .caveats
            .iter()
            .any(|c| c.contains("không ghi đơn vị"))
    );
    // The electronic bundle: 3 working days and the 15:00 rule.
    let bundle = all
        .iter()
        .find(|p| p.name_vi.starts_with("Nhóm thủ tục liên thông"))
        .unwrap();
    assert_eq!(bundle.processing_time, Some(Limit::working_days(3)));
    assert_eq!(bundle.cutoff, CutoffRule::after(15, 0));
    // Six records have no time in the national data: no time (dossiers refused) and a caveat.
    let missing: Vec<&str> = all
        .iter()
        .filter(|p| p.processing_time.is_none())
        .map(|p| p.code.as_str())
        .collect();
    assert_eq!(missing.len(), 6, "{missing:?}");
    for code in ["1.004859", "2.001263", "2.001035", "2.001019", "1.012812"] {
        assert!(missing.contains(&code), "{code}");
        let p = by_code(&all, code);
        assert!(p.internal_steps.is_empty());
        assert!(p.caveats.iter().any(|c| c.contains("chưa tiếp nhận hồ sơ")));
    }
}

#[test]
fn fees_by_channel_and_ambiguous_texts() {
    let all = import_national_json(DEMO_PROCEDURES_JSON).unwrap();
    let p = by_code(&all, "1.004222");
    assert_eq!(
        fees(p),
        [
            (Some(Channel::Online), 10_000),
            (Some(Channel::Desk), 20_000)
        ]
    );
    assert_eq!(p.fee_for(Channel::Online), 10_000);
    assert_eq!(p.fee_for(Channel::Desk), 20_000);
    let p = by_code(&all, "1.010038");
    assert_eq!(
        fees(p),
        [
            (Some(Channel::Desk), 10_000),
            (Some(Channel::Online), 5_000)
        ]
    );
    let p = by_code(&all, "2.000635");
    assert_eq!(fees(p), [(None, 8_000)]);
    assert!(Channel::ALL.iter().all(|&c| p.fee_for(c) == 8_000));
    assert_eq!(fees(by_code(&all, "2.001263")), [(None, 400_000)]);
    assert_eq!(
        fees(by_code(&all, "2.000884")),
        [(None, 10_000)],
        "the USD fee abroad is skipped"
    );
    // "100 VNĐ — có vẻ lỗi nhập": ambiguous, so no number; the text stays verbatim.
    let p = by_code(&all, "2.001610");
    assert!(fees(p).is_empty());
    assert!(
        p.fee_text
            .starts_with("Phí công bố nội dung đăng ký doanh nghiệp: 100.000 đồng/lần")
    );
    assert!(p.caveats.iter().any(|c| c.contains("không rõ ràng")));
    for ambiguous in ["2.000815", "1.004194", "1.002755", "1.014063", "1.001612"] {
        assert!(fees(by_code(&all, ambiguous)).is_empty(), "{ambiguous}");
    }
}

#[test]
fn local_codes_are_stable() {
    let a = import_national_json(DEMO_PROCEDURES_JSON).unwrap();
    let b = import_national_json(DEMO_PROCEDURES_JSON).unwrap();
    assert_eq!(a, b, "re-importing gives equal output");
    let locals: Vec<&ProcedureVersion> = a.iter().filter(|p| p.code.is_local()).collect();
    assert_eq!(locals.len(), 2);
    // Derived from the names: the same codes whatever the order of the records.
    assert_eq!(locals[0].code.as_str(), "L.540401");
    assert!(
        locals[0]
            .name_vi
            .starts_with("Nhóm thủ tục liên thông điện tử")
    );
    assert_eq!(locals[1].code.as_str(), "L.741993");
    assert!(
        locals[1]
            .name_vi
            .starts_with("Thực hiện, điều chỉnh, thôi hưởng trợ cấp xã hội")
    );
    let mut records: Vec<serde_json::Value> = serde_json::from_str(DEMO_PROCEDURES_JSON).unwrap();
    records.reverse();
    let reversed = import_national_json(&serde_json::to_string_pretty(&records).unwrap()).unwrap();
    for p in &locals {
        assert!(
            reversed
                .iter()
                .any(|q| q.code == p.code && q.name_vi == p.name_vi)
        );
    }
}

#[test]
fn legal_basis_only_from_the_record() {
    let all = import_national_json(DEMO_PROCEDURES_JSON).unwrap();
    assert_eq!(
        by_code(&all, "1.004222").legal_basis,
        ["Thông tư 75/2022/TT-BTC", "Thông tư 71/2025/TT-BTC"]
    );
    assert!(
        by_code(&all, "1.004873").legal_basis.is_empty(),
        "shown as chưa cập nhật"
    );
    let lltp = by_code(&all, "3.000333");
    assert_eq!(
        lltp.publication_decision.as_deref(),
        Some("Quyết định 1025/QĐ-BCA")
    );
    assert!(!lltp.legal_basis.iter().any(|l| l.contains("1025")));
}

#[test]
fn demo_catalog_can_receive_every_procedure() {
    let demo = demo_catalog();
    assert_eq!(demo.len(), 40);
    for p in &demo {
        let limit = p
            .processing_time
            .unwrap_or_else(|| panic!("{} has no time", p.code));
        assert!(!p.internal_steps.is_empty(), "{}", p.code);
        let sum: u32 = p.internal_steps.iter().map(|s| s.allotted.amount).sum();
        let expected = match limit.unit {
            TimeUnit::WorkingHours => limit.amount,
            TimeUnit::WorkingDays => limit.amount * 8,
            TimeUnit::CalendarDays => (limit.amount * 5 / 7).max(1) * 8,
            TimeUnit::Months => limit.amount * 160,
            TimeUnit::SameDay => 8,
        };
        assert_eq!(sum, expected, "{}", p.code);
        assert!(p.caveats.iter().any(|c| c.contains("mẫu mặc định")));
    }
    // The fill-ins say so.
    let filled = by_code(&demo, "2.001035");
    assert_eq!(filled.processing_time, Some(Limit::working_days(2)));
    assert!(
        filled
            .caveats
            .iter()
            .any(|c| c.contains("điền cho bản demo"))
    );
    assert_eq!(
        by_code(&demo, "1.012812").processing_time,
        Some(Limit::calendar_days(30))
    );
    // Online level filled only where the record shows an online channel; never overridden.
    assert_eq!(
        by_code(&demo, "1.004222").online_mode,
        Some(OnlineMode::Partial)
    );
    assert!(by_code(&demo, "1.004222").accepts(Channel::Online));
    assert_eq!(by_code(&demo, "1.003677").online_mode, None);
    assert_eq!(
        by_code(&demo, "2.000815").online_mode,
        Some(OnlineMode::InPerson)
    );
    // Ten plain-language summaries.
    assert_eq!(demo.iter().filter(|p| p.summary_vi.is_some()).count(), 10);
    // Every demo enrichment entry names a procedure of the catalog.
    let codes: Vec<&ProcedureCode> = demo.iter().map(|p| &p.code).collect();
    for code in Enrichment::demo().procedures.keys() {
        assert!(codes.contains(&code), "enrichment for unknown code {code}");
    }
}

#[test]
fn versions_survive_a_serde_round_trip() {
    for p in demo_catalog() {
        let json = serde_json::to_string(&p).unwrap();
        let back: ProcedureVersion = serde_json::from_str(&json).unwrap();
        assert_eq!(back, p);
    }
}

#[test]
fn import_without_enrichment_keeps_the_defaults() {
    let plain = import_file(
        "procedures.json",
        DEMO_PROCEDURES_JSON,
        &Enrichment::default(),
    )
    .unwrap();
    let p = by_code(&plain, "1.001193");
    assert_eq!(p.summary_vi, None);
    assert_eq!(p.form_fields.len(), 1);
    assert_eq!(p.form_fields[0].key, "request");
}

#[test]
fn fill_ins_never_override_the_record() {
    let mut e = Enrichment::default();
    e.add(
        "test.toml",
        r#"
[[procedure]]
code = "1.004873"
processing_time = { amount = 9, unit = "working_days" }
processing_time_note = "must not win"
online_mode = "in_person"
online_mode_note = "must not win"
supplement_close_after = { amount = 10, unit = "working_days" }
"#,
    )
    .unwrap();
    let all = import_file("", DEMO_PROCEDURES_JSON, &e).unwrap();
    let p = by_code(&all, "1.004873");
    assert_eq!(p.processing_time, Some(Limit::working_days(3)));
    assert_eq!(p.online_mode, Some(OnlineMode::Full));
    assert!(!p.caveats.iter().any(|c| c.contains("must not win")));
    // A configured supplement deadline does apply.
    assert_eq!(p.supplement_close_after, Limit::working_days(10));
}
