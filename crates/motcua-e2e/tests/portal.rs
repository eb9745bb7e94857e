//! The citizen portal in a phone's browser (issue #4, "Done means"): a new citizen searches
//! "dang ky khai sinh" without diacritics, opens the procedure, signs up, fills the form with
//! Vietnamese names, uploads a PDF and sees the receipt with its code and appointment; an
//! officer asks for a supplement through the API and the citizen answers it online; the officer
//! issues an electronic result, the citizen downloads it and rates the service.
//!
//! Headless Chromium at 360×740, a numbered screenshot per step under
//! `target/e2e-artifacts/<test>/`, axe-core on every page visited (fails on serious or critical
//! violations), the procedure page within 60 KB, and a second pass with JavaScript off.
//! Ignored by plain `cargo test`; `.ci/run` runs it with `-- --ignored`.

use std::path::PathBuf;

use motcua_e2e::{Browser, Server, ServerOptions, assert_accessible, assert_page_weight};
use serde_json::{Value, json};

const BIRTH: &str = "1.001193";

/// A one-page PDF a phone could have produced from a scan.
fn pdf_file(dir: &std::path::Path, name: &str) -> PathBuf {
    let pdf = b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 595 842]>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n";
    let path = dir.join(name);
    std::fs::write(&path, pdf).unwrap();
    path
}

trait Wait {
    async fn wait_for(&self, text: &str);
}

impl Wait for Browser {
    /// The page after a click can take a moment on a busy machine.
    async fn wait_for(&self, text: &str) {
        self.wait_for_text(text, std::time::Duration::from_secs(20))
            .await;
    }
}

/// Screenshot and accessibility check of the page the citizen is on.
async fn step(b: &Browser, name: &str) {
    b.screenshot(name).await;
    assert_accessible(b).await;
}

/// An officer's action through the API.
async fn act(server: &Server, token: &str, code: &str, body: Value) -> Value {
    server
        .api()
        .with_bearer(token)
        .post(&format!("/api/v1/dossiers/{code}/actions"), &body)
        .await
        .ok()
}

/// Uploads the officer's result file (multipart, built by hand: the harness's HTTP client has
/// no multipart support) and returns its SHA-256.
async fn upload_result(server: &Server, token: &str, code: &str) -> String {
    let boundary = "motcua-e2e-boundary";
    let pdf = b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 595 842]>>endobj\n% GIAY KHAI SINH BAN DIEN TU\ntrailer<</Root 1 0 R>>\n%%EOF\n";
    let mut body = format!(
        "--{boundary}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"giay-khai-sinh.pdf\"\r\nContent-Type: application/pdf\r\n\r\n"
    )
    .into_bytes();
    body.extend_from_slice(pdf);
    body.extend_from_slice(format!("\r\n--{boundary}--\r\n").as_bytes());
    let r = reqwest::Client::new()
        .post(server.url(&format!("/api/v1/dossiers/{code}/documents")))
        .bearer_auth(token)
        .header(
            "content-type",
            format!("multipart/form-data; boundary={boundary}"),
        )
        .body(body)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200, "{}", r.text().await.unwrap_or_default());
    let v: Value = r.json().await.unwrap();
    v["documents"]
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["file_name"] == "giay-khai-sinh.pdf")
        .and_then(|d| d["sha256"].as_str())
        .unwrap()
        .to_string()
}

#[tokio::test]
#[ignore = "needs chromium; run by .ci/run"]
async fn citizen_applies_for_a_birth_certificate_from_a_phone() {
    let server = Server::start(ServerOptions {
        demo_dossiers: Some(20),
        ..ServerOptions::default()
    })
    .await;
    let files = tempfile::tempdir().unwrap();
    let b = server.browser().await;
    assert_eq!(b.viewport().width, 360);

    // 1. Search without diacritics.
    b.goto("/").await;
    step(&b, "trang-chu").await;
    b.fill("Tìm thủ tục", "dang ky khai sinh").await;
    b.click_button("Tìm").await;
    b.wait_for("Thủ tục đăng ký khai sinh").await;
    step(&b, "ket-qua-tim-kiem").await;

    // 2. The procedure page: everything public, light enough for a weak connection.
    b.click_link("Thủ tục đăng ký khai sinh").await;
    b.wait_for("Giấy tờ cần nộp").await;
    assert_eq!(b.path().await, format!("/thu-tuc/{BIRTH}"));
    step(&b, "trang-thu-tuc").await;
    assert_page_weight(&b, 60 * 1024).await;

    // 3. Apply online: sign in first, by creating an account.
    b.click_link("Nộp hồ sơ trực tuyến").await;
    assert!(
        b.path().await.starts_with("/dang-nhap"),
        "{}",
        b.path().await
    );
    step(&b, "dang-nhap").await;
    b.click_link("Tạo tài khoản mới bằng số điện thoại").await;
    b.wait_for("Mật khẩu").await;
    step(&b, "dang-ky").await;
    b.fill("Họ và tên", "Nguyễn Thị Hoa").await;
    b.fill("citizen_id", "001190004567").await;
    b.fill("phone", "0988 123 456").await;
    b.fill("password", "Hoa-khai-sinh-2026").await;
    b.click_button("Tạo tài khoản").await;

    // 4. The form, with Vietnamese names.
    b.wait_for("Bước 1 / 4").await;
    b.select("unit", "Xã An Hòa").await;
    b.select("applicant.province", "Tỉnh Demo").await;
    b.fill("applicant.commune", "Xã An Hòa").await;
    b.fill("applicant.street", "Thôn Đông, số nhà 12").await;
    b.fill("form.child_name", "Nguyễn Ngọc Ánh").await;
    b.fill("form.child_birth_date", "20/02/2026").await;
    b.select("form.child_sex", "Nữ").await;
    b.fill("form.child_birth_place", "Trạm y tế xã An Hòa")
        .await;
    b.fill("form.child_ethnicity", "Kinh").await;
    b.fill("form.child_nationality", "Việt Nam").await;
    b.fill("form.mother_name", "Nguyễn Thị Hoa").await;
    b.fill("form.father_name", "Trần Đức Thắng").await;
    b.select("form.declarant_relation", "Mẹ").await;
    b.fill("form.request", "Đăng ký khai sinh cho con gái mới sinh")
        .await;
    step(&b, "thong-tin").await;
    b.click_button("Tiếp tục").await;

    // 5. Upload a PDF for each required document.
    b.wait_for("Bước 2 / 4").await;
    step(&b, "giay-to").await;
    b.upload_file("#f-file-c4", pdf_file(files.path(), "giay-chung-sinh.pdf"))
        .await;
    b.upload_file("#f-file-c6", pdf_file(files.path(), "can-cuoc.pdf"))
        .await;
    b.click_button("Tải lên và tiếp tục").await;

    // 6. Electronic result, the fee, check the answers, submit.
    b.wait_for("Bước 3 / 4").await;
    b.check("Nhận bản điện tử trên cổng").await;
    step(&b, "nhan-ket-qua").await;
    b.click_button("Tiếp tục").await;
    b.wait_for("Kiểm tra lại thông tin").await;
    b.assert_text("Nguyễn Ngọc Ánh").await;
    step(&b, "kiem-tra").await;
    b.click_button("Gửi hồ sơ").await;

    // 7. The receipt: code, appointment (weekday, date, time), QR, PDF.
    b.wait_for("Đã nộp hồ sơ").await;
    let code = b
        .eval(
            "return document.getElementById('ma-ho-so').textContent.trim()",
            vec![],
        )
        .await
        .as_str()
        .unwrap()
        .to_string();
    assert!(code.starts_with("H99.01-"), "{code}");
    let appointment = b
        .eval(
            "return document.getElementById('hen-tra').textContent",
            vec![],
        )
        .await;
    assert!(
        appointment.as_str().unwrap().contains("Thứ"),
        "{appointment}"
    );
    let pdf = b
        .eval_async(
            "const done = arguments[arguments.length - 1];\
             fetch(arguments[0]).then(r => r.arrayBuffer().then(a => done([r.status, r.headers.get('content-type'), a.byteLength])));",
            vec![json!(format!("/ho-so/{code}/bien-nhan.pdf"))],
        )
        .await;
    assert_eq!(pdf[0], 200, "{pdf}");
    assert_eq!(pdf[1], "application/pdf", "{pdf}");
    step(&b, "bien-nhan").await;

    // 8. The desk asks for a supplement (API); the citizen answers it online.
    let desk = server.account_at("desk_officer", "H99.01").clone();
    let desk = server.api().token(&desk.login, &desk.password).await;
    act(&server, &desk, &code, json!({"action": "request_supplement", "items": ["Giấy chứng sinh bản rõ nét (ảnh đã gửi bị mờ)"], "reason": "Không đọc được số giấy chứng sinh"})).await;
    b.goto("/ho-so").await;
    step(&b, "ho-so-cua-toi").await;
    b.click_link("Thủ tục đăng ký khai sinh").await;
    b.wait_for("Việc bạn cần làm bây giờ").await;
    b.assert_text("Giấy chứng sinh bản rõ nét").await;
    step(&b, "yeu-cau-bo-sung").await;
    b.upload_file(
        "#f-file-supplement",
        pdf_file(files.path(), "giay-chung-sinh-ro.pdf"),
    )
    .await;
    b.fill("note", "Em gửi lại bản quét rõ hơn ạ.").await;
    b.click_button("Gửi giấy tờ bổ sung").await;
    b.wait_for("Đã gửi giấy tờ bổ sung").await;
    step(&b, "da-bo-sung").await;

    // 9. Processing and an electronic result (API).
    let accounts = |role: &str| server.account_at(role, "H99.01").clone();
    let specialist = accounts("specialist");
    let specialist = server
        .api()
        .token(&specialist.login, &specialist.password)
        .await;
    let leader = accounts("leader");
    let leader = server.api().token(&leader.login, &leader.password).await;
    act(&server, &desk, &code, json!({"action": "accept"})).await;
    act(&server, &specialist, &code, json!({"action": "claim"})).await;
    let sha = upload_result(&server, &specialist, &code).await;
    act(&server, &specialist, &code, json!({"action": "propose_result", "outcome": "granted", "summary": "Đủ điều kiện đăng ký khai sinh"})).await;
    act(&server, &leader, &code, json!({"action": "approve"})).await;
    act(
        &server,
        &leader,
        &code,
        json!({"action": "issue_result", "documents": [{"sha256": sha}], "number": "15/2026/GKS"}),
    )
    .await;
    act(
        &server,
        &desk,
        &code,
        json!({"action": "return_result", "method": "electronic"}),
    )
    .await;

    // 10. Download the result and rate the service.
    b.goto(&format!("/ho-so/{code}")).await;
    b.wait_for("Tải kết quả").await;
    step(&b, "co-ket-qua").await;
    let href = b
        .eval(
            "return document.querySelector('.panel a.button').getAttribute('href')",
            vec![],
        )
        .await;
    let got = b
        .eval_async(
            "const done = arguments[arguments.length - 1];\
             fetch(arguments[0]).then(r => r.text().then(t => done([r.status, r.headers.get('content-type'), t.includes('GIAY KHAI SINH')])));",
            vec![href.clone()],
        )
        .await;
    assert_eq!(got, json!([200, "application/pdf", true]), "{href}");
    for c in [
        "overall",
        "ease_of_use",
        "timeliness",
        "attitude",
        "agencies",
        "one_stop",
        "publicity",
        "feedback_handling",
        "online_service",
    ] {
        b.check(&format!("#f-score-{c}")).await;
    }
    b.fill("comment", "Không phải đi lại lần nào, cảm ơn cán bộ xã.")
        .await;
    step(&b, "danh-gia").await;
    b.click_button("Gửi đánh giá").await;
    b.wait_for("Cảm ơn bạn đã đánh giá").await;
    step(&b, "da-danh-gia").await;

    // 11. Lookup without an account shows the status only.
    b.goto(&format!("/tra-cuu?ma={code}")).await;
    b.fill("phone", "0988123456").await;
    b.click_button("Tra cứu").await;
    b.wait_for("Đã trả kết quả").await;
    step(&b, "tra-cuu").await;
    b.close().await;
}

#[tokio::test]
#[ignore = "needs chromium; run by .ci/run"]
async fn key_pages_work_with_javascript_off_and_in_large_text() {
    let server = Server::start(ServerOptions {
        demo_dossiers: Some(5),
        ..ServerOptions::default()
    })
    .await;
    let b = server
        .browser_with(motcua_e2e::BrowserOptions::js_disabled())
        .await;
    assert!(!b.javascript());
    b.goto("/").await;
    b.fill("Tìm thủ tục", "dang ky khai sinh").await;
    b.click_button("Tìm").await;
    b.wait_for("Kết quả tìm kiếm").await;
    assert!(b.html().await.contains(&format!("/thu-tuc/{BIRTH}")));
    b.screenshot("khong-js-tim-kiem").await;
    b.click_link("Thủ tục đăng ký khai sinh").await;
    b.wait_for("Giấy tờ cần nộp").await;
    b.screenshot("khong-js-thu-tuc").await;
    // The larger-text and language switches are plain links.
    b.click_link("Chữ lớn").await;
    b.wait_for("Chữ thường").await;
    assert!(b.html().await.contains("class=\"large\""));
    b.screenshot("khong-js-chu-lon").await;
    b.click_link("English").await;
    b.wait_for("Apply online").await;
    assert!(b.html().await.contains("lang=\"en\""));
    b.click_link("Apply online").await;
    assert!(b.path().await.starts_with("/dang-nhap"));
    b.click_link("Create an account with your phone number")
        .await;
    b.fill("Full name", "Lê Văn Bảy").await;
    b.fill("citizen_id", "001090012345").await;
    b.fill("phone", "0977 000 111").await;
    b.fill("password", "Bay-khong-js-2026").await;
    b.click_button("Create account").await;
    b.wait_for("Step 1 of 4").await;
    b.screenshot("khong-js-buoc-1").await;
    b.goto("/tra-cuu").await;
    b.screenshot("khong-js-tra-cuu").await;
    b.close().await;

    // The same pages pass axe with JavaScript on, at the larger text size.
    let b = server.browser().await;
    for path in [
        "/?text=large",
        &format!("/thu-tuc/{BIRTH}"),
        "/thu-tuc?q=khai+sinh",
        "/tra-cuu",
        "/dang-nhap",
        "/dang-ky",
        &format!("/thu-tuc/{BIRTH}/in"),
    ] {
        b.goto(path).await;
        step(
            &b,
            &format!("chu-lon{}", path.replace(['/', '?', '=', '+', '.'], "-")),
        )
        .await;
    }
    b.close().await;
}
