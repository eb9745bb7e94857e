//! After submitting: the supplement answered online, stopping, the result, the rating, lookup.

use motcua_domain::code::DossierCode;
use motcua_domain::dossier::{Command, Status};
use reqwest::StatusCode;

use crate::flow;
use crate::story;
use crate::support::{file, pdf_with};

story!(
    supplement_answered_online_then_result_and_one_rating,
    |app| {
        let mut b = app.browser();
        b.sign_up("Trịnh Thị Hương", "001190004567", "0987654321")
            .await;
        let code = flow::submit_birth(&app, &mut b).await;
        app.officer(
            &app.desk,
            &code,
            vec![Command::RequestSupplement {
                items: vec!["Giấy chứng sinh bản rõ nét".into()],
                reason: "Ảnh chụp bị mờ".into(),
            }],
        )
        .await;
        let d = b.get(&format!("/ho-so/{code}")).await;
        assert!(
            d.has("Giấy chứng sinh bản rõ nét") && d.has("Ảnh chụp bị mờ") && d.has("/bo-sung")
        );
        let mp = reqwest::multipart::Form::new()
            .text("csrf_token", d.csrf())
            .part(
                "file.supplement",
                file(pdf_with("ban ro"), "giay-chung-sinh.pdf"),
            )
            .text("note", "Đã gửi bản rõ");
        let p = b
            .post_multipart(&format!("/ho-so/{code}/bo-sung"), mp)
            .await;
        assert_eq!(p.status, StatusCode::SEE_OTHER, "{}", p.body);
        let c = DossierCode::parse(&code).unwrap();
        let v = app.store.dossier(&app.desk, &c).await.unwrap();
        assert_eq!(v.dossier.status, Status::Submitted);
        let d = b.get(&format!("/ho-so/{code}")).await;
        assert!(d.has("Đã gửi giấy tờ bổ sung") && d.has("Bạn đã bổ sung giấy tờ"));

        app.finish(&code).await;
        let d = b.get(&format!("/ho-so/{code}")).await;
        assert!(d.has("Tải kết quả") && d.has("Đánh giá sự hài lòng"));
        assert!(!d.has("/dung\""), "no stop once a decision exists");
        let href = {
            let at =
                d.body.find("class=\"button\" href=\"").unwrap() + "class=\"button\" href=\"".len();
            let end = d.body[at..].find('"').unwrap();
            d.body[at..at + end].to_string()
        };
        let result = b.get(&href).await;
        assert_eq!(result.status, StatusCode::OK);
        assert!(result.bytes.starts_with(b"%PDF") && result.has("KET QUA"));
        // Incomplete rating: each missing criterion is named.
        let csrf = d.csrf();
        let p = b
            .post(
                &format!("/ho-so/{code}/danh-gia"),
                &[("csrf_token", &csrf), ("score.overall", "very_satisfied")],
            )
            .await;
        assert_eq!(p.status, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(p.has("href=\"#f-score-ease_of_use\""));
        let mut fields: Vec<(String, String)> = vec![
            ("csrf_token".into(), csrf.clone()),
            ("comment".into(), "Không phải đi lại, rất tiện.".into()),
        ];
        for c in motcua_portal_criteria() {
            fields.push((format!("score.{c}"), "very_satisfied".into()));
        }
        let refs: Vec<(&str, &str)> = fields
            .iter()
            .map(|(k, v)| (k.as_str(), v.as_str()))
            .collect();
        let p = b.post(&format!("/ho-so/{code}/danh-gia"), &refs).await;
        assert_eq!(p.status, StatusCode::SEE_OTHER, "{}", p.body);
        let again = b.post(&format!("/ho-so/{code}/danh-gia"), &refs).await;
        assert_eq!(again.status, StatusCode::CONFLICT);
        let d = b.get(&format!("/ho-so/{code}")).await;
        assert!(d.has("Đánh giá của bạn") && d.has("Không phải đi lại"));
        // The result is in the personal store.
        assert!(b.get("/kho-du-lieu").await.has("Kết quả"));
    }
);

/// The criteria the citizen is asked (5–7 are computed).
fn motcua_portal_criteria() -> Vec<&'static str> {
    vec![
        "overall",
        "ease_of_use",
        "timeliness",
        "attitude",
        "agencies",
        "one_stop",
        "publicity",
        "feedback_handling",
        "online_service",
    ]
}

story!(stop_before_a_decision, |app| {
    let mut b = app.browser();
    b.sign_up("Mai Văn Tuấn", "001090012345", "0912345678")
        .await;
    let code = flow::submit_birth(&app, &mut b).await;
    let form = b.get(&format!("/ho-so/{code}/dung")).await;
    let p = b
        .post(
            &format!("/ho-so/{code}/dung"),
            &[("csrf_token", &form.csrf()), ("reason", "")],
        )
        .await;
    assert_eq!(p.status, StatusCode::UNPROCESSABLE_ENTITY);
    let p = b
        .post(
            &format!("/ho-so/{code}/dung"),
            &[
                ("csrf_token", &form.csrf()),
                ("reason", "Đã làm ở nơi khác"),
            ],
        )
        .await;
    assert_eq!(p.status, StatusCode::SEE_OTHER);
    let v = app
        .store
        .dossier(&app.desk, &DossierCode::parse(&code).unwrap())
        .await
        .unwrap();
    assert_eq!(v.dossier.status, Status::Stopped);
});

story!(lookup_shows_status_only_and_limits_guesses, |app| {
    let mut b = app.browser();
    b.sign_up("Cao Thị Yến", "001190004567", "0987654321").await;
    let code = flow::submit_birth(&app, &mut b).await;
    let mut anon = app.browser();
    let form = anon.get(&format!("/tra-cuu?ma={code}")).await;
    assert!(form.has(&format!("value=\"{code}\"")));
    let csrf = form.csrf();
    let ok = anon
        .post(
            "/tra-cuu",
            &[
                ("csrf_token", &csrf),
                ("code", &code),
                ("phone", "0987 654 321"),
            ],
        )
        .await;
    assert_eq!(ok.status, StatusCode::OK);
    assert!(ok.has("Đã gửi, chờ cán bộ tiếp nhận"));
    assert!(
        !ok.has("Trần Thị Ánh Nguyệt") && !ok.has("001190004567"),
        "no personal data"
    );
    let wrong_phone = anon
        .post(
            "/tra-cuu",
            &[
                ("csrf_token", &csrf),
                ("code", &code),
                ("phone", "0912000000"),
            ],
        )
        .await;
    let no_code = anon
        .post(
            "/tra-cuu",
            &[
                ("csrf_token", &csrf),
                ("code", "H99.01-260302-0999"),
                ("phone", "0987654321"),
            ],
        )
        .await;
    assert_eq!(wrong_phone.status, StatusCode::NOT_FOUND);
    assert_eq!(no_code.status, StatusCode::NOT_FOUND);
    assert!(wrong_phone.has("Không có hồ sơ nào khớp") && no_code.has("Không có hồ sơ nào khớp"));
    for _ in 0..8 {
        anon.post(
            "/tra-cuu",
            &[
                ("csrf_token", &csrf),
                ("code", "H99.01-260302-0998"),
                ("phone", "0987654321"),
            ],
        )
        .await;
    }
    let limited = anon
        .post(
            "/tra-cuu",
            &[
                ("csrf_token", &csrf),
                ("code", &code),
                ("phone", "0987654321"),
            ],
        )
        .await;
    assert_eq!(limited.status, StatusCode::TOO_MANY_REQUESTS);
});

/// A valid 1×1 PNG, as a phone camera would send a (much larger) photo.
const PNG: &[u8] = &[
    0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0x00, 0x00, 0x0d, 0x49, 0x48, 0x44, 0x52,
    0x00, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0x01, 0x08, 0x06, 0x00, 0x00, 0x00, 0x1f, 0x15, 0xc4,
    0x89, 0x00, 0x00, 0x00, 0x0d, 0x49, 0x44, 0x41, 0x54, 0x78, 0x9c, 0x63, 0xf8, 0xcf, 0xc0, 0xf0,
    0x1f, 0x00, 0x05, 0x00, 0x01, 0xff, 0x89, 0x99, 0x3d, 0x1d, 0x00, 0x00, 0x00, 0x00, 0x49, 0x45,
    0x4e, 0x44, 0xae, 0x42, 0x60, 0x82,
];

story!(photos_of_one_document_become_one_pdf, |app| {
    let mut b = app.browser();
    b.sign_up("Lò Thị Sinh", "001190004567", "0987654321").await;
    let id = flow::start(&mut b, crate::support::BIRTH).await;
    assert_eq!(
        flow::details(&app, &mut b, &id, crate::support::BIRTH, None)
            .await
            .status,
        StatusCode::SEE_OTHER
    );
    let key = flow::required(&app, crate::support::BIRTH)[0].clone();
    let form = b.get(&format!("/nhap/{id}/giay-to")).await;
    let mp = reqwest::multipart::Form::new()
        .text("csrf_token", form.csrf())
        .part(format!("file.{key}"), file(PNG.to_vec(), "trang-1.png"))
        .part(format!("file.{key}"), file(PNG.to_vec(), "trang-2.png"))
        .part(format!("file.{key}"), file(PNG.to_vec(), "trang-3.png"))
        .text("action", "upload");
    let p = b.post_multipart(&format!("/nhap/{id}/giay-to"), mp).await;
    assert_eq!(p.status, StatusCode::SEE_OTHER, "{}", p.body);
    let page = b.get(&format!("/nhap/{id}/giay-to")).await;
    assert!(page.has("trang-1 (3 ảnh).pdf (3 trang)"), "{}", page.body);
});

story!(
    a_helper_submits_for_a_citizen_with_recorded_consent,
    |app| {
        use motcua_domain::dossier::{Grant, Role};
        use motcua_store::store::NewAccount;
        // The citizen has an account; the helper of the village team has another.
        let mut citizen = app.browser();
        citizen
            .sign_up("Hà Thị Mơ", "001190004567", "0987654321")
            .await;
        app.store
            .create_account(
                None,
                NewAccount {
                    display_name: "Tổ công nghệ số thôn 3".into(),
                    phone: Some("0911222333".into()),
                    email: None,
                    username: None,
                    password_hash: motcua_web::hash_password("mật khẩu tổ công nghệ"),
                    citizen_id: None,
                    grants: vec![Grant {
                        role: Role::Helper,
                        unit: None,
                    }],
                },
            )
            .await
            .unwrap();
        let mut helper = app.browser();
        let form = helper.get("/dang-nhap").await;
        let p = helper
            .post(
                "/dang-nhap",
                &[
                    ("csrf_token", &form.csrf()),
                    ("login", "0911222333"),
                    ("password", "mật khẩu tổ công nghệ"),
                ],
            )
            .await;
        assert_eq!(p.status, StatusCode::SEE_OTHER);
        let id = flow::start(&mut helper, crate::support::BIRTH).await;
        let page = helper.get(&format!("/nhap/{id}/thong-tin")).await;
        assert!(page.has("Nộp hộ người dân"));
        // Without consent: refused, next to the field.
        let p = flow::details(&app, &mut helper, &id, crate::support::BIRTH, None).await;
        assert_eq!(p.status, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(p.has("href=\"#f-behalf-consent_method\""));
        let p = flow::details_with(
            &app,
            &mut helper,
            &id,
            crate::support::BIRTH,
            &[
                ("behalf.consent_method", "written"),
                ("behalf.consent_note", "Giấy đồng ý ký ngày 01/03/2026"),
                ("behalf.owner_phone", "0987654321"),
            ],
        )
        .await;
        assert_eq!(p.status, StatusCode::SEE_OTHER, "{}", p.body);
        assert_eq!(
            flow::documents(&app, &mut helper, &id, crate::support::BIRTH)
                .await
                .status,
            StatusCode::SEE_OTHER
        );
        assert_eq!(
            flow::delivery(&mut helper, &id, "desk").await.status,
            StatusCode::SEE_OTHER
        );
        let (csrf, rev) = flow::check(&mut helper, &id).await;
        let p = helper
            .post(
                &format!("/nhap/{id}/kiem-tra"),
                &[("csrf_token", &csrf), ("revision", &rev)],
            )
            .await;
        assert_eq!(p.status, StatusCode::SEE_OTHER, "{}", p.body);
        let code = p
            .location
            .unwrap()
            .trim_start_matches("/ho-so/")
            .trim_end_matches("/bien-nhan")
            .to_string();
        for who in [&mut helper, &mut citizen] {
            let d = who.get(&format!("/ho-so/{code}")).await;
            assert_eq!(d.status, StatusCode::OK);
            assert!(
                d.has("Tổ công nghệ số thôn 3")
                    && d.has("Giấy đồng ý có chữ ký")
                    && d.has("Giấy đồng ý ký ngày 01/03/2026"),
                "{}",
                d.body
            );
        }
        let v = app
            .store
            .dossier(&app.desk, &DossierCode::parse(&code).unwrap())
            .await
            .unwrap();
        let consent = v.dossier.on_behalf.unwrap();
        assert_eq!(consent.consent_method, "written");
    }
);

story!(
    timeline_in_plain_words_with_the_apology_and_new_date,
    |app| {
        let mut b = app.browser();
        b.sign_up("Đoàn Thị Lụa", "001190004567", "0987654321")
            .await;
        let code = flow::submit_birth(&app, &mut b).await;
        app.officer(
            &app.desk,
            &code,
            vec![Command::Accept {
                shown_only: vec![],
                note: None,
            }],
        )
        .await;
        let d = b.get(&format!("/ho-so/{code}")).await;
        assert!(
            d.has("Bộ phận Một cửa Xã An Bình đã tiếp nhận hồ sơ. Hẹn trả kết quả: "),
            "{}",
            d.body
        );
        assert!(d.has("Thứ Hai 02/03/2026"));
        // Late: the office apologises once and gives a new date (R-LC-5).
        let v = app
            .store
            .dossier(&app.desk, &DossierCode::parse(&code).unwrap())
            .await
            .unwrap();
        let new_due = v.dossier.appointment().unwrap() + jiff::SignedDuration::from_hours(48);
        app.officer(
            &app.leader,
            &code,
            vec![Command::Reschedule {
                reason: "Chờ xác minh của Công an xã".into(),
                new_due,
            }],
        )
        .await;
        let d = b.get(&format!("/ho-so/{code}")).await;
        assert!(
            d.has("Thư xin lỗi và hẹn lại") && d.has("Chờ xác minh của Công an xã"),
            "{}",
            d.body
        );
        assert!(d.has("Cơ quan xin lỗi vì chậm trả kết quả"));
        let en = b.get(&format!("/ho-so/{code}?lang=en")).await;
        assert!(en.has("The office apologises for the delay"));
    }
);
