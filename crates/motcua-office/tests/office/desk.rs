//! Desk reception (issue #5 §2): the three outcomes in one transaction each, the form printed at
//! once, R-LC-2 (pages = images), the applicant looked up from earlier dossiers.

use reqwest::StatusCode;

use crate::story;
use crate::support::*;

/// The reception form of the birth procedure and its component keys.
async fn form(b: &mut Browser) -> (Page, Vec<String>) {
    let p = b.get(&format!("/office/desk?procedure={BIRTH}")).await;
    assert_eq!(p.status, StatusCode::OK, "{}", p.body);
    let keys = p
        .body
        .split("name=\"file_")
        .skip(1)
        .map(|s| s.split('"').next().unwrap().to_string())
        .collect();
    (p, keys)
}

/// Posts the reception with every component photographed (two pages each).
async fn receive(b: &mut Browser, decision: &str, extra: &[(&str, &str)]) -> Page {
    let (p, keys) = form(b).await;
    let csrf = p.csrf();
    let token = p.input("form_token").unwrap();
    let unit = p.input("unit").unwrap();
    let mut fields = vec![
        ("csrf_token", csrf.as_str()),
        ("form_token", token.as_str()),
        ("procedure", BIRTH),
        ("unit", unit.as_str()),
        ("full_name", "Nguyễn Thị Minh Khai"),
        ("id_number", "001190012345"),
        ("phone", "0912 345 678"),
        ("address", "Số 5, thôn Đông"),
        ("delivery", "electronic"),
        ("decision", decision),
    ];
    fields.extend_from_slice(extra);
    let names: Vec<String> = keys.iter().map(|k| format!("file_{k}")).collect();
    let mut files: Vec<(&str, &str, &[u8])> = Vec::new();
    for n in &names {
        files.push((n.as_str(), "trang-1.png", PNG));
        files.push((n.as_str(), "trang-2.jpg", JPEG));
    }
    b.post_multipart("/office/desk", &fields, &files).await
}

story!(accept_prints_the_receipt, |app| {
    let mut b = app.signed_in("desk.a").await;
    let done = receive(&mut b, "accept", &[]).await;
    assert_eq!(done.status, StatusCode::SEE_OTHER, "{}", done.body);
    let to = done.location.unwrap();
    assert!(to.ends_with("?print=receipt"), "{to}");
    let page = b.get(&to).await;
    assert!(page.has("Mẫu 01"), "the receipt is offered at once");
    assert!(page.has("Đã tiếp nhận"));
    let code = to
        .trim_start_matches("/office/dossiers/")
        .trim_end_matches("?print=receipt")
        .to_string();
    // The scans: photos assembled into one PDF per component, pages = images (R-LC-2).
    let v = app
        .store
        .dossier(&app.actor("desk.a").await, &dcode(&code))
        .await
        .unwrap();
    assert!(!v.dossier.documents.is_empty());
    assert!(
        v.dossier
            .documents
            .iter()
            .all(|d| d.pages == Some(2) && d.media_type == "application/pdf")
    );
    // The citizen whose phone and CCCD match owns it (the result will reach their store).
    assert_eq!(v.dossier.owner, Some(app.accounts["citizen"]));
    let pdf = b
        .get(&format!("/office/dossiers/{code}/forms/receipt.pdf"))
        .await;
    assert_eq!(pdf.content_type, "application/pdf");
    let text = pdf_text(&pdf.bytes);
    assert!(
        text.contains("GIẤY TIẾP NHẬN HỒ SƠ VÀ HẸN TRẢ KẾT QUẢ"),
        "{text}"
    );
    assert!(text.contains("Nguyễn Thị Minh Khai"), "{text}");
    assert!(text.contains(&code), "{text}");
    assert!(text.contains("Mẫu số 01"), "{text}");
    assert_fonts_embedded(&pdf.bytes);
    // A scan downloads for the officer.
    let sha = &v.dossier.documents[0].sha256;
    let f = b.get(&format!("/office/dossiers/{code}/files/{sha}")).await;
    assert_eq!(f.status, StatusCode::OK);
    assert!(f.bytes.starts_with(b"%PDF-"));
    // The logbook has it, as PDF and CSV, with the entry number of Mẫu 01.
    let csv = b
        .get(&format!(
            "/office/logbook/export?unit={}&from=2026-03-02&to=2026-03-02&format=csv",
            app.commune_a.0
        ))
        .await;
    assert!(csv.body.contains(&code), "{}", csv.body);
    let book = b
        .get(&format!(
            "/office/logbook/export?unit={}&from=2026-03-02&to=2026-03-02&format=pdf",
            app.commune_a.0
        ))
        .await;
    let text = pdf_text(&book.bytes);
    assert!(text.contains("SỔ THEO DÕI HỒ SƠ"), "{text}");
    // Narrow columns wrap the name over lines.
    assert!(
        text.contains("Nguyễn Thị") && text.contains("Khai"),
        "{text}"
    );
});

story!(supplement_and_refusal_at_the_desk, |app| {
    let mut b = app.signed_in("desk.a").await;
    // Nothing scanned + "supplement" with no items typed: every missing component is listed.
    let (p, _) = form(&mut b).await;
    let fields = [
        ("csrf_token", p.csrf()),
        ("form_token", p.input("form_token").unwrap()),
        ("procedure", BIRTH.to_string()),
        ("unit", p.input("unit").unwrap()),
        ("full_name", "Trần Văn Bình".to_string()),
        ("decision", "supplement".to_string()),
    ];
    let f: Vec<(&str, &str)> = fields.iter().map(|(k, v)| (*k, v.as_str())).collect();
    let done = b.post_multipart("/office/desk", &f, &[]).await;
    assert_eq!(done.status, StatusCode::SEE_OTHER, "{}", done.body);
    let to = done.location.unwrap();
    assert!(to.ends_with("?print=supplement"));
    let code = to
        .trim_start_matches("/office/dossiers/")
        .trim_end_matches("?print=supplement")
        .to_string();
    let pdf = b
        .get(&format!("/office/dossiers/{code}/forms/supplement.pdf"))
        .await;
    let text = pdf_text(&pdf.bytes);
    assert!(
        text.contains("PHIẾU YÊU CẦU BỔ SUNG, HOÀN THIỆN HỒ SƠ"),
        "{text}"
    );
    assert!(text.contains("Trần Văn Bình"));

    // Refusal needs a reason and a legal basis; then Mẫu 03.
    let missing = receive(&mut b, "refuse", &[]).await;
    assert_eq!(missing.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(missing.has("căn cứ pháp lý") || missing.has("Căn cứ pháp lý"));
    let done = receive(
        &mut b,
        "refuse",
        &[
            ("reason", "Không thuộc thẩm quyền của xã"),
            ("legal_basis", "Điều 17 Nghị định 118/2025/NĐ-CP"),
        ],
    )
    .await;
    assert_eq!(done.status, StatusCode::SEE_OTHER, "{}", done.body);
    let to = done.location.unwrap();
    let code = to
        .trim_start_matches("/office/dossiers/")
        .trim_end_matches("?print=refusal")
        .to_string();
    let text = pdf_text(
        &b.get(&format!("/office/dossiers/{code}/forms/refusal.pdf"))
            .await
            .bytes,
    );
    assert!(
        text.contains("PHIẾU TỪ CHỐI TIẾP NHẬN GIẢI QUYẾT HỒ SƠ"),
        "{text}"
    );
    assert!(text.contains("Không thuộc thẩm quyền của xã"));
});

story!(
    pages_must_match_images_and_double_submit_is_one_dossier,
    |app| {
        let mut b = app.signed_in("desk.a").await;
        let (p, keys) = form(&mut b).await;
        let pages_field = format!("pages_{}", keys[0]);
        let bad = receive(&mut b, "accept", &[(pages_field.as_str(), "3")]).await;
        assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(bad.has("2 trang nhưng giấy tờ có 3 trang"), "{}", bad.body);
        drop(p);
        // The same form token twice (a double click) makes one dossier.
        let (p, keys) = form(&mut b).await;
        let token = p.input("form_token").unwrap();
        let unit = p.input("unit").unwrap();
        let csrf = p.csrf();
        let names: Vec<String> = keys.iter().map(|k| format!("file_{k}")).collect();
        let files: Vec<(&str, &str, &[u8])> =
            names.iter().map(|n| (n.as_str(), "a.png", PNG)).collect();
        let fields = [
            ("csrf_token", csrf.as_str()),
            ("form_token", token.as_str()),
            ("procedure", BIRTH),
            ("unit", unit.as_str()),
            ("full_name", "Lê Văn Cường"),
            ("decision", "accept"),
        ];
        let one = b.post_multipart("/office/desk", &fields, &files).await;
        let two = b.post_multipart("/office/desk", &fields, &files).await;
        assert_eq!(one.location, two.location);
        let counts: u64 = app
            .store
            .status_counts()
            .await
            .unwrap()
            .iter()
            .map(|(_, n)| n)
            .sum();
        assert_eq!(counts, 1);
        // The applicant is found again by phone or CCCD next time… only from earlier dossiers.
        let found = b
            .get(&format!("/office/desk?procedure={BIRTH}&lookup=0987654321"))
            .await;
        assert!(found.has("Chưa có hồ sơ trước"));
    }
);

story!(applicant_lookup_fills_the_form, |app| {
    let mut b = app.signed_in("desk.a").await;
    let done = receive(&mut b, "accept", &[]).await;
    assert_eq!(done.status, StatusCode::SEE_OTHER);
    let p = b
        .get(&format!(
            "/office/desk?procedure={BIRTH}&lookup=001190012345"
        ))
        .await;
    assert!(p.has("value=\"Nguyễn Thị Minh Khai\""), "{}", p.body);
    // Commune B's desk does not see commune A's applicants.
    let mut other = app.signed_in("desk.b").await;
    let p = other
        .get(&format!(
            "/office/desk?procedure={BIRTH}&lookup=001190012345"
        ))
        .await;
    assert!(!p.has("value=\"Nguyễn Thị Minh Khai\""));
});
