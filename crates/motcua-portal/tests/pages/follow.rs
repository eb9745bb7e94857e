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
