//! The harness checks itself: the browser starts phone-sized and in Vietnamese, the helpers
//! find fields by label, axe finds violations on a broken page (so a check that passes means
//! something), JavaScript can be turned off, page weight is measured, and the real server
//! starts and answers in the browser.
//!
//! Every test that needs Chromium is ignored by plain `cargo test`; `.ci/run` runs them with
//! `cargo test -p motcua-e2e -- --ignored --test-threads=1`. Without Chromium they fail.

use std::time::Duration;

use motcua_e2e::{
    Browser, BrowserOptions, FixtureServer, Route, Server, ServerOptions, Viewport,
    assert_accessible, assert_page_weight, axe, check_accessible, check_page_weight, page_weight,
};

const NEEDS: &str = "needs chromium; run by .ci/run";

/// A page that passes WCAG 2.2 AA.
const GOOD: &str = r#"<!doctype html>
<html lang="vi"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Trang thử nghiệm</title></head>
<body><main>
<h1>Đăng ký khai sinh</h1>
<form action="/ket-qua" method="get">
  <label for="ho-ten">Họ và tên người được khai sinh *</label>
  <input id="ho-ten" name="ho_ten" autocomplete="name">
  <label for="noi-sinh">Nơi sinh</label>
  <select id="noi-sinh" name="noi_sinh">
    <option value="">Chọn nơi sinh</option>
    <option value="bv">Bệnh viện</option>
    <option value="nha">Tại nhà</option>
  </select>
  <fieldset><legend>Giới tính</legend>
    <input type="radio" id="nam" name="gioi_tinh" value="nam"><label for="nam">Nam</label>
    <input type="radio" id="nu" name="gioi_tinh" value="nu"><label for="nu">Nữ</label>
  </fieldset>
  <input type="checkbox" id="cam-ket" name="cam_ket" value="1">
  <label for="cam-ket">Tôi cam đoan lời khai là đúng sự thật</label>
  <label for="tep">Tờ khai đã ký (PDF)</label>
  <input type="file" id="tep" name="tep">
  <button type="submit">Nộp hồ sơ</button>
</form>
<p><a href="/huong-dan">Xem hướng dẫn</a></p>
</main></body></html>"#;

/// Broken on purpose: an image without `alt`, an input without a label, a button without text.
const BROKEN: &str = r#"<!doctype html>
<html lang="vi"><head><meta charset="utf-8"><title>Trang lỗi</title></head>
<body><main>
<h1>Trang có lỗi trợ năng</h1>
<img src="/logo.png" class="logo-khong-alt">
<form><input type="text" id="khong-nhan" name="x"><button id="nut-rong"></button></form>
</main></body></html>"#;

/// A 1×1 PNG.
const PNG: &[u8] = &[
    0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0x00, 0x00, 0x0d, 0x49, 0x48, 0x44, 0x52,
    0x00, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0x01, 0x08, 0x06, 0x00, 0x00, 0x00, 0x1f, 0x15, 0xc4,
    0x89, 0x00, 0x00, 0x00, 0x0d, 0x49, 0x44, 0x41, 0x54, 0x78, 0x9c, 0x63, 0xf8, 0xcf, 0xc0, 0xf0,
    0x1f, 0x00, 0x05, 0x00, 0x01, 0xff, 0x89, 0x99, 0x3d, 0x1d, 0x00, 0x00, 0x00, 0x00, 0x49, 0x45,
    0x4e, 0x44, 0xae, 0x42, 0x60, 0x82,
];

fn r(path: &str, route: Route) -> (String, Route) {
    (path.to_string(), route)
}

#[tokio::test]
#[ignore = "needs chromium; run by .ci/run"]
async fn browser_is_a_vietnamese_phone() {
    let _ = NEEDS;
    let site = FixtureServer::start([r("/", Route::html(GOOD))]);
    let mut b = Browser::start().await;
    b.set_base_url(&site.base_url());
    b.goto("/").await;
    let size = b
        .eval(
            "return [innerWidth, innerHeight, navigator.languages[0]]",
            vec![],
        )
        .await;
    assert_eq!(size, serde_json::json!([360, 740, "vi-VN"]));
    b.screenshot("dien-thoai").await;

    b.goto("/__headers").await;
    let headers = b.text().await;
    assert!(
        headers.contains("Accept-Language: vi-VN,vi"),
        "Accept-Language not Vietnamese:\n{headers}"
    );

    b.desktop().await;
    b.goto("/").await;
    let w = b.eval("return innerWidth", vec![]).await;
    assert_eq!(w, serde_json::json!(Viewport::DESKTOP.width));
    let shot = b.screenshot("may-tinh").await;
    assert!(std::fs::metadata(&shot).unwrap().len() > 1000);
    assert!(
        shot.file_name()
            .unwrap()
            .to_string_lossy()
            .ends_with("-may-tinh.png")
    );
}

#[tokio::test]
#[ignore = "needs chromium; run by .ci/run"]
async fn helpers_fill_choose_tick_upload_and_submit() {
    let site = FixtureServer::start([
        r("/", Route::html(GOOD)),
        r(
            "/ket-qua",
            Route::html("<!doctype html><html lang=vi><title>Kết quả</title><p>Đã nhận</p>"),
        ),
    ]);
    let mut b = Browser::start().await;
    b.set_base_url(&site.base_url());
    b.goto("/").await;
    // By label (the trailing "*" is ignored), by the start of a label, by CSS selector.
    b.fill("Họ và tên người được khai sinh", "Nguyễn Thị Ánh")
        .await;
    b.select("Nơi sinh", "Tại nhà").await;
    b.check("Nữ").await;
    b.check("Tôi cam đoan").await;
    let file = std::env::temp_dir().join("motcua-e2e-to-khai.pdf");
    std::fs::write(&file, b"%PDF-1.4\n%%EOF\n").unwrap();
    b.upload_file("Tờ khai đã ký (PDF)", &file).await;
    b.screenshot("da-dien").await;
    b.click_button("Nộp hồ sơ").await;
    b.wait_for_text("Đã nhận", Duration::from_secs(10)).await;
    let path = b.path().await;
    for part in [
        "ho_ten=Nguy%E1%BB%85n+Th%E1%BB%8B+%C3%81nh",
        "noi_sinh=nha",
        "gioi_tinh=nu",
        "cam_ket=1",
        "tep=motcua-e2e-to-khai.pdf",
    ] {
        assert!(path.contains(part), "{part} not in {path}");
    }
    b.goto("/").await;
    b.fill("#ho-ten", "x").await;
    b.click_link("Xem hướng dẫn").await;
    assert_eq!(b.path().await, "/huong-dan");
}

#[tokio::test]
#[ignore = "needs chromium; run by .ci/run"]
async fn axe_passes_a_good_page_and_catches_a_broken_one() {
    let site = FixtureServer::start([
        r("/", Route::html(GOOD)),
        r("/loi", Route::html(BROKEN)),
        r("/logo.png", Route::new("image/png", PNG)),
        // A strict policy like the real pages': axe is injected by the driver, not by a tag.
        r(
            "/csp",
            Route::html(GOOD).header(
                "Content-Security-Policy",
                "default-src 'self'; script-src 'self'; style-src 'self'",
            ),
        ),
    ]);
    let mut b = Browser::start().await;
    b.set_base_url(&site.base_url());

    b.goto("/").await;
    let report = assert_accessible(&b).await;
    assert!(
        report.engine.starts_with("axe-core 4."),
        "{}",
        report.engine
    );

    b.goto("/csp").await;
    assert_accessible(&b).await;

    b.goto("/loi").await;
    b.screenshot("trang-loi").await;
    let violations = axe(&b).await;
    let ids: Vec<&str> = violations.iter().map(|v| v.id.as_str()).collect();
    for expected in ["image-alt", "label", "button-name"] {
        assert!(ids.contains(&expected), "{expected} not reported: {ids:?}");
    }
    let image = violations.iter().find(|v| v.id == "image-alt").unwrap();
    assert!(image.is_serious());
    assert!(image.nodes[0].html.contains("logo-khong-alt"));

    let err = check_accessible(&b)
        .await
        .expect_err("a page with an image without alt and an input without label must fail");
    for needle in [
        "image-alt (critical)",
        "label (critical)",
        "logo-khong-alt",
        "khong-nhan",
        "Images must have alternative text",
        "axe-",
    ] {
        assert!(
            err.contains(needle),
            "{needle:?} not in the failure:\n{err}"
        );
    }
    let reports: Vec<_> = std::fs::read_dir(b.artifacts().dir())
        .unwrap()
        .filter_map(|e| e.ok())
        .filter(|e| e.file_name().to_string_lossy().contains("-axe-loi"))
        .collect();
    assert!(!reports.is_empty(), "the axe report was not saved");
}

#[tokio::test]
#[ignore = "needs chromium; run by .ci/run"]
async fn javascript_off_shows_the_page_as_served() {
    let page = r#"<!doctype html><html lang="vi"><head><meta charset="utf-8"><title>JS</title></head>
<body><main><h1>Kiểm tra JavaScript</h1><p id="t">Nội dung gốc, không cần JavaScript</p>
<form action="/ket-qua"><label for="q">Tìm thủ tục</label><input id="q" name="q">
<button>Tìm</button></form>
<script>document.getElementById('t').textContent = 'Đã đổi bằng JavaScript';</script>
</main></body></html>"#;
    let site = FixtureServer::start([
        r("/", Route::html(page)),
        r(
            "/ket-qua",
            Route::html("<!doctype html><html lang=vi><title>Kết quả</title><p>Kết quả tìm</p>"),
        ),
    ]);

    let mut on = Browser::start().await;
    on.set_base_url(&site.base_url());
    on.goto("/").await;
    on.assert_text("Đã đổi bằng JavaScript").await;

    let mut off = Browser::start_with(BrowserOptions::js_disabled()).await;
    assert!(!off.javascript());
    off.set_base_url(&site.base_url());
    off.goto("/").await;
    off.assert_text("Nội dung gốc, không cần JavaScript").await;
    assert!(!off.text().await.contains("Đã đổi"));
    off.screenshot("khong-javascript").await;
    // The harness's own scripts still run: axe, and the form helpers.
    assert_accessible(&off).await;
    off.fill("Tìm thủ tục", "khai sinh").await;
    off.click_button("Tìm").await;
    off.wait_for_text("Kết quả tìm", Duration::from_secs(10))
        .await;
    assert_eq!(off.path().await, "/ket-qua?q=khai+sinh");
}

#[tokio::test]
#[ignore = "needs chromium; run by .ci/run"]
async fn large_text_doubles_the_default_font_size() {
    let site = FixtureServer::start([r("/", Route::html(GOOD))]);
    let mut b = Browser::start_with(BrowserOptions::large_text()).await;
    b.set_base_url(&site.base_url());
    b.goto("/").await;
    let px = b
        .eval(
            "return getComputedStyle(document.querySelector('label')).fontSize",
            vec![],
        )
        .await;
    assert_eq!(px, serde_json::json!("32px"));
    b.screenshot("chu-lon").await;
}

#[tokio::test]
#[ignore = "needs chromium; run by .ci/run"]
async fn page_weight_adds_up_document_css_and_image() {
    let css = "body { font-family: sans-serif; }\n".repeat(200);
    let html = r#"<!doctype html><html lang="vi"><head><meta charset="utf-8"><title>Nặng nhẹ</title>
<link rel="icon" href="data:,">
<link rel="stylesheet" href="/kieu.css"></head>
<body><main><h1>Thủ tục</h1><img src="/logo.png" alt="Biểu tượng"></main></body></html>"#;
    let site = FixtureServer::start([
        r("/", Route::html(html)),
        r("/kieu.css", Route::new("text/css", css.clone()).gzipped()),
        r("/logo.png", Route::new("image/png", PNG)),
    ]);
    let mut b = Browser::start().await;
    b.set_base_url(&site.base_url());
    b.goto("/").await;
    let w = page_weight(&b).await;
    assert_eq!(
        w.document.decoded_body_size,
        html.len() as u64,
        "{}",
        w.summary()
    );
    let sheet = w
        .resources
        .iter()
        .find(|r| r.url.ends_with("/kieu.css"))
        .unwrap_or_else(|| panic!("the CSS is not counted:\n{}", w.summary()));
    assert_eq!(sheet.decoded_body_size, css.len() as u64);
    assert!(
        sheet.encoded_body_size < sheet.decoded_body_size / 5,
        "gzip not seen:\n{}",
        w.summary()
    );
    assert!(w.resources.iter().any(|r| r.url.ends_with("/logo.png")));
    assert_eq!(
        w.total_decoded(),
        (html.len() + css.len() + PNG.len()) as u64,
        "{}",
        w.summary()
    );
    assert!(w.total_encoded() < w.total_decoded());

    assert_page_weight(&b, 60 * 1024).await;
    let err = check_page_weight(&b, 1000).await.unwrap_err();
    assert!(err.contains("more than the budget of 1000"), "{err}");
    assert!(err.contains("/kieu.css"), "{err}");
}

#[test]
#[should_panic(expected = "apt-get install -y chromium chromium-driver")]
fn a_missing_browser_fails_and_says_how_to_install_it() {
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    rt.block_on(Browser::start_with(BrowserOptions {
        chromedriver: Some("/nonexistent/chromedriver".into()),
        ..BrowserOptions::default()
    }));
}

/// Last on purpose: it needs the `motcua` binary, which `.ci/run` builds first.
#[tokio::test]
#[ignore = "needs chromium and the motcua binary; run by .ci/run"]
async fn zz_server_starts_and_answers_in_the_browser() {
    let server = Server::start(ServerOptions {
        demo_dossiers: Some(20),
        ..ServerOptions::default()
    })
    .await;
    let health = server.api().get("/healthz").await;
    assert_eq!(health.status, 200, "{}", health.text);

    let desk = server.account_at("desk_officer", "H99.01");
    assert_eq!(desk.login, "motcua01");
    assert!(!desk.password.is_empty());
    assert_eq!(server.account("citizen").unit, None);

    let api = server.api();
    let desk_token = api.token(&desk.login, &desk.password).await;
    let me = api.with_bearer(&desk_token).get("/api/v1/me").await.ok();
    assert!(me.to_string().contains("desk_officer"), "{me}");
    let citizen = api.new_citizen("Nguyễn Thị Thử").await;
    let me = api.with_bearer(&citizen.token).get("/api/v1/me").await.ok();
    assert!(me.to_string().contains("Nguyễn Thị Thử"), "{me}");

    let b = server.browser().await;
    b.goto("/healthz").await;
    assert_eq!(b.path().await, "/healthz");
    assert!(!b.text().await.trim().is_empty(), "empty /healthz page");
    b.screenshot("healthz").await;
}
