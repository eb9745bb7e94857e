//! Feedback through the pages: an anonymous citizen sends it (with contact details, CSRF,
//! errors shown next to the fields), follows it with the private link and answers the unit's
//! question; the unit receives, asks, answers, approves and publishes; the public page shows the
//! answer without personal data; likes count once per person; officers of another commune get
//! 404; the signed-in author reads the notices.

use crate::story;
use crate::support::{App, Browser, Page};

const NAME: &str = "Phạm Thị Hồng Nhung";
const PHONE: &str = "0903123456";

async fn send(app: &App, b: &mut Browser, content: &str) -> Page {
    let form = b.get("/phan-anh/gui?ve=procedure&ma=1.001193").await;
    assert_eq!(form.status, 200);
    assert!(form.has("value=\"1.001193\""), "prefilled subject");
    let csrf = form.csrf();
    let token = form.input("form_token").unwrap();
    let _ = app;
    b.post(
        "/phan-anh/gui",
        &[
            ("csrf_token", &csrf),
            ("form_token", &token),
            ("about", "procedure"),
            ("subject", "1.001193"),
            ("unit", "H99.01"),
            ("title", "Yêu cầu giấy tờ không có trong danh mục"),
            ("content", content),
            ("full_name", NAME),
            ("phone", PHONE),
        ],
    )
    .await
}

/// An officer's action on the handling page (with the page's token and version).
async fn act(b: &mut Browser, code: &str, fields: &[(&str, &str)]) -> Page {
    let page = b.get(&format!("/office/feedback/{code}")).await;
    let (csrf, version) = (page.csrf(), page.input("version").unwrap());
    let mut f: Vec<(&str, &str)> = vec![("csrf_token", &csrf), ("version", &version)];
    f.extend_from_slice(fields);
    b.post(&format!("/office/feedback/{code}/act"), &f).await
}

story!(anonymous_feedback_answered_and_published, |app| {
    let mut citizen = app.browser();
    // Mistakes come back next to their fields, nothing is stored.
    let form = citizen.get("/phan-anh/gui").await;
    let csrf = form.csrf();
    let bad = citizen
        .post(
            "/phan-anh/gui",
            &[
                ("csrf_token", &csrf),
                ("about", "procedure"),
                ("subject", "9.999999"),
                ("unit", "H99.01"),
                ("title", ""),
                ("content", "x"),
                ("full_name", "A"),
                ("phone", ""),
            ],
        )
        .await;
    assert_eq!(bad.status, 422, "{}", bad.body);
    assert!(bad.has("href=\"#f-subject\""));
    assert!(bad.has("href=\"#f-title\""));
    assert!(bad.has("href=\"#f-phone\""));
    // A forged post (no token) changes nothing.
    let forged = citizen
        .post("/phan-anh/gui", &[("about", "procedure")])
        .await;
    assert_eq!(forged.status, 403);

    let content = format!(
        "Tôi là {NAME}, số điện thoại {PHONE}. Khi làm thủ tục khai sinh, cán bộ yêu cầu bản sao sổ hộ khẩu dù luật không đòi hỏi."
    );
    let sent = send(&app, &mut citizen, &content).await;
    assert_eq!(sent.status, 200, "{}", sent.body);
    let code = sent.between("<p class=\"big\">", "</p>").unwrap();
    let follow = sent
        .between("<p class=\"secret\"><a href=\"", "\"")
        .unwrap()
        .replace("&amp;", "&");
    assert!(follow.starts_with(&format!("/phan-anh/theo-doi/{code}?k=")));
    assert!(sent.has("Xã An Bình"));

    // The officers' list shows it as new, with its deadline in working days.
    let mut desk = app.signed_in("desk.a").await;
    let new = desk.get("/office/feedback/lists/new").await;
    assert_eq!(new.status, 200, "{}", new.body);
    assert!(new.has(&code));
    assert!(new.has("ngày làm việc"));
    // Another commune does not see it, and gets 404 for its page.
    let mut other = app.signed_in("leader.b").await;
    assert!(!other.get("/office/feedback/lists/all").await.has(&code));
    assert_eq!(
        other.get(&format!("/office/feedback/{code}")).await.status,
        404
    );

    let page = desk.get(&format!("/office/feedback/{code}")).await;
    assert!(page.has(NAME), "officers see the contact");
    assert!(page.has("Tiếp nhận, phân loại"));
    assert!(!page.has("Duyệt trả lời"), "a desk officer may not approve");
    let r = act(
        &mut desk,
        &code,
        &[("action", "receive"), ("category", "rules_or_procedure")],
    )
    .await;
    assert_eq!(r.status, 303, "{}", r.body);
    // A refusal by the rules comes back to the page with the reason; nothing changes.
    let r = act(&mut desk, &code, &[("action", "reject"), ("text", "")]).await;
    assert_eq!(r.status, 303);
    let p = desk.get(&format!("/office/feedback/{code}")).await;
    assert!(p.has("Chưa thực hiện được"), "{}", p.body);
    assert!(p.has("<strong>Đang xử lý</strong>"));
    // A form shown before someone else acted is refused, not applied.
    let stale = desk
        .post(
            &format!("/office/feedback/{code}/act"),
            &[
                ("csrf_token", &p.csrf()),
                ("version", "1"),
                ("action", "reject"),
                ("text", "Trùng lặp"),
            ],
        )
        .await;
    assert_eq!(stale.status, 303);
    assert!(
        desk.get(&format!("/office/feedback/{code}"))
            .await
            .has("vừa được người khác cập nhật")
    );
    let mut specialist = app.signed_in("specialist.a").await;
    let r = act(
        &mut specialist,
        &code,
        &[
            ("action", "request_info"),
            ("text", "Xin cho biết ngày nộp hồ sơ."),
        ],
    )
    .await;
    assert_eq!(r.status, 303, "{}", r.body);

    // The author answers through the private link (no account).
    let mine = citizen.get(&follow).await;
    assert_eq!(mine.status, 200, "{}", mine.body);
    assert!(mine.has("Xin cho biết ngày nộp hồ sơ."));
    assert!(
        mine.has("Cơ quan xử lý đề nghị bạn bổ sung thông tin."),
        "notice of the change"
    );
    let k = follow.split("k=").nth(1).unwrap().to_string();
    let r = citizen
        .post(
            &format!("/phan-anh/theo-doi/{code}/bo-sung"),
            &[
                ("csrf_token", &mine.csrf()),
                ("k", &k),
                ("action", "provide_info"),
                ("text", "Tôi nộp ngày 25/02/2026."),
            ],
        )
        .await;
    assert_eq!(r.status, 303, "{}", r.body);
    // Without the key, nothing.
    assert_ne!(
        app.browser()
            .get(&format!("/phan-anh/theo-doi/{code}?k=sai"))
            .await
            .status,
        200
    );

    let answer = format!(
        "Cảm ơn bà {NAME} (ĐT {PHONE}). Sổ hộ khẩu không còn được yêu cầu; xã đã nhắc cán bộ."
    );
    let r = act(
        &mut specialist,
        &code,
        &[("action", "propose_answer"), ("text", &answer)],
    )
    .await;
    assert_eq!(r.status, 303, "{}", r.body);
    let mut leader = app.signed_in("leader.a").await;
    let r = act(&mut leader, &code, &[("action", "approve")]).await;
    assert_eq!(r.status, 303, "{}", r.body);
    let r = act(&mut desk, &code, &[("action", "publish"), ("text", "")]).await;
    assert_eq!(r.status, 303, "{}", r.body);

    // The public page: question and answer without the author's name or phone.
    let mut public = app.browser();
    let list = public.get("/phan-anh").await;
    assert!(list.has(&code));
    let item = public.get(&format!("/phan-anh/{code}")).await;
    assert_eq!(item.status, 200);
    assert!(item.has("Sổ hộ khẩu không còn được yêu cầu"));
    for personal in [NAME, PHONE, "Nhung"] {
        assert!(!item.has(personal), "{personal} published: {}", item.body);
    }
    assert!(item.has("***"));
    // Like once: a second like from the same browser replaces the first.
    for _ in 0..2 {
        let r = public
            .post(
                &format!("/phan-anh/{code}/binh-chon"),
                &[("csrf_token", &item.csrf()), ("vote", "like")],
            )
            .await;
        assert_eq!(r.status, 303, "{}", r.body);
    }
    let after = public.get(&format!("/phan-anh/{code}")).await;
    assert!(after.has("1 thích · 0 không thích"), "{}", after.body);
    // A signed-in citizen's vote is counted for 766 indicator 5.3.
    let mut c = app.signed_in("citizen").await;
    let p = c.get(&format!("/phan-anh/{code}")).await;
    let r = c
        .post(
            &format!("/phan-anh/{code}/binh-chon"),
            &[("csrf_token", &p.csrf()), ("vote", "dislike")],
        )
        .await;
    assert_eq!(r.status, 303, "{}", r.body);
    let after = public.get(&format!("/phan-anh/{code}")).await;
    assert!(after.has("1 thích · 1 không thích"), "{}", after.body);
    assert!(after.has("0 thích, 1 không thích"));

    // Open311 shows it closed, with the redacted answer as the status notes.
    let o = public
        .get(&format!("/open311/v2/requests/{code}.json"))
        .await;
    assert!(o.has("\"status\":\"closed\""), "{}", o.body);
    assert!(o.has("Sổ hộ khẩu không còn được yêu cầu"));
    assert!(!o.has(PHONE) && !o.has(NAME));
    // An unpublished item has no public page.
    let sent2 = send(
        &app,
        &mut app.browser(),
        "Một phản ánh khác, chưa trả lời, đủ dài để gửi.",
    )
    .await;
    let code2 = sent2.between("<p class=\"big\">", "</p>").unwrap();
    assert_eq!(public.get(&format!("/phan-anh/{code2}")).await.status, 404);
});

story!(signed_in_author_reads_notices, |app| {
    let mut c = app.signed_in("citizen").await;
    let form = c.get("/phan-anh/gui").await;
    assert!(
        !form.has("name=\"full_name\""),
        "no contact fields when signed in"
    );
    let r = c
        .post(
            "/phan-anh/gui",
            &[
                ("csrf_token", &form.csrf()),
                ("form_token", &form.input("form_token").unwrap()),
                ("about", "rule"),
                ("subject", "61/2018/NĐ-CP"),
                ("unit", "H99.02"),
                ("title", "Thời hạn quá dài"),
                ("content", "Đề nghị rút ngắn thời hạn giải quyết."),
            ],
        )
        .await;
    assert_eq!(r.status, 200, "{}", r.body);
    assert!(
        !r.has("theo-doi/") || r.has("/phan-anh/cua-toi"),
        "no secret link for an account"
    );
    let code = r.between("<p class=\"big\">", "</p>").unwrap();
    // A double click (same form token) makes one item.
    let again = c
        .post(
            "/phan-anh/gui",
            &[
                ("csrf_token", &form.csrf()),
                ("form_token", &form.input("form_token").unwrap()),
                ("about", "rule"),
                ("subject", "61/2018/NĐ-CP"),
                ("unit", "H99.02"),
                ("title", "Thời hạn quá dài"),
                ("content", "Đề nghị rút ngắn thời hạn giải quyết."),
            ],
        )
        .await;
    assert_eq!(again.between("<p class=\"big\">", "</p>").unwrap(), code);
    let mine = c.get("/phan-anh/cua-toi").await;
    assert_eq!(mine.status, 200);
    assert!(mine.has(&code));
    assert!(mine.has("Mới"), "the notice is new the first time");
    assert!(!c.get("/phan-anh/cua-toi").await.has(">Mới<"), "then read");
    let item = c.get(&format!("/phan-anh/theo-doi/{code}")).await;
    assert_eq!(item.status, 200);
    assert!(item.has("Xã Bình Minh"));
    // Past its deadline it moves to the unit's overdue list, in working days.
    let mut b = app.signed_in("leader.b").await;
    assert!(b.get("/office/feedback/lists/new").await.has(&code));
    assert!(!b.get("/office/feedback/lists/overdue").await.has(&code));
    app.clock.advance(jiff::SignedDuration::from_hours(24 * 30));
    let overdue = b.get("/office/feedback/lists/overdue").await;
    assert!(overdue.has(&code), "{}", overdue.body);
    assert!(overdue.has("quá "), "late by some working days");
    // Signed out: the page asks to sign in.
    let anon = app.browser().get("/phan-anh/cua-toi").await;
    assert_eq!(anon.status, 303);
});

story!(feedback_about_a_dossier_goes_to_its_unit, 40, |app| {
    let leader = app.actor("leader.p").await;
    let list = app
        .store
        .indicator_list(
            &leader,
            app.province,
            motcua_domain::quality::Period::year(2026).unwrap(),
            "2.1",
            motcua_store::store::quality::IndicatorPart::Denominator,
            1,
            5,
        )
        .await
        .unwrap();
    let motcua_store::store::quality::IndicatorItems::Dossiers(d) = list.items else {
        unreachable!()
    };
    let dossier = &d[0];
    let unit = app.store.unit_name(dossier.receiving_unit);
    let mut b = app.browser();
    let form = b.get("/phan-anh/gui?ve=dossier").await;
    let post = |code: String| {
        vec![
            ("csrf_token", form.csrf()),
            ("about", "dossier".to_string()),
            ("subject", code),
            ("unit", String::new()),
            ("title", "Hồ sơ chậm".to_string()),
            (
                "content",
                "Hồ sơ của tôi đã quá hẹn mà chưa có kết quả.".to_string(),
            ),
            ("full_name", "Vũ Văn Khoa".to_string()),
            ("email", "khoa@example.vn".to_string()),
        ]
    };
    let wrong = post("H99.01-991231-9999".into());
    let pairs: Vec<(&str, &str)> = wrong.iter().map(|(k, v)| (*k, v.as_str())).collect();
    let r = b.post("/phan-anh/gui", &pairs).await;
    assert_eq!(r.status, 422);
    assert!(r.has("Không tìm thấy hồ sơ với mã này"));
    let right = post(dossier.code.to_string());
    let pairs: Vec<(&str, &str)> = right.iter().map(|(k, v)| (*k, v.as_str())).collect();
    let r = b.post("/phan-anh/gui", &pairs).await;
    assert_eq!(r.status, 200, "{}", r.body);
    assert!(
        r.has(&unit),
        "sent to the unit that received the dossier ({unit})"
    );
    assert!(
        !r.has(&dossier.applicant_name),
        "the dossier is not shown to whoever typed its code"
    );
});
