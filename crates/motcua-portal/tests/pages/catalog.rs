//! Finding a procedure without an account.

use reqwest::StatusCode;

use crate::story;
use crate::support::BIRTH;

story!(search_ignores_diacritics_and_one_typo, |app| {
    let mut b = app.browser();
    for q in [
        "dang+ky+khai+sinh",
        "%C4%91%C4%83ng+k%C3%BD+khai+sinh",
        "dang+ky+khai+sihn",
    ] {
        let p = b.get(&format!("/thu-tuc?q={q}")).await;
        assert_eq!(p.status, StatusCode::OK);
        let first = p.body.find("<a href=\"/thu-tuc/").expect("a result");
        assert!(
            p.body[first..].starts_with(&format!("<a href=\"/thu-tuc/{BIRTH}\">")),
            "{q}: {}",
            &p.body[first..first + 120]
        );
        assert!(p.has("Thủ tục đăng ký khai sinh"));
    }
    let home = b.get("/").await;
    assert!(home.has("lang=\"vi\"") && home.has("class=\"skip\""));
    assert!(home.has("/thu-tuc?linh-vuc=") && home.has("/thu-tuc?cap=commune"));
    // Ten results a page, with links to the next and previous pages.
    let all = b.get("/thu-tuc").await;
    assert_eq!(all.body.matches("<li><a href=\"/thu-tuc/").count(), 10);
    assert!(all.has("rel=\"next\"") && !all.has("rel=\"prev\""));
    let second = b.get("/thu-tuc?trang=2").await;
    assert!(second.has("rel=\"prev\""));
    let field = b.get("/thu-tuc?linh-vuc=H%E1%BB%99+t%E1%BB%8Bch").await;
    assert!(field.has(BIRTH));
});

story!(procedure_page_is_complete_light_and_printable, |app| {
    let mut b = app.browser();
    let p = b.get(&format!("/thu-tuc/{BIRTH}")).await;
    assert_eq!(p.status, StatusCode::OK);
    for part in [
        "Thời hạn giải quyết",
        "Phí, lệ phí",
        "Cách thức thực hiện",
        "Giấy tờ cần nộp",
        "Căn cứ pháp lý",
        "Kết quả",
        "Nói ngắn gọn",
        "<svg",
        "Nộp hồ sơ trực tuyến",
    ] {
        assert!(p.has(part), "missing {part}");
    }
    let css = b.get("/assets/app.css?v=x").await;
    assert_eq!(css.status, StatusCode::OK);
    let total = p.bytes.len() + css.bytes.len();
    assert!(total <= 60 * 1024, "procedure page weighs {total} bytes");
    let print = b.get(&format!("/thu-tuc/{BIRTH}/in")).await;
    assert!(print.has("<svg") && print.has("Quét mã"));
    let qr = b.get(&format!("/thu-tuc/{BIRTH}/qr.svg")).await;
    assert_eq!(qr.content_type, "image/svg+xml");
    let en = b.get(&format!("/thu-tuc/{BIRTH}?lang=en")).await;
    assert!(en.has("lang=\"en\"") && en.has("Apply online"));
    // The choice is remembered.
    let again = b.get("/").await;
    assert!(again.has("lang=\"en\""));
    assert_eq!(
        b.get("/thu-tuc/9.999999").await.status,
        StatusCode::NOT_FOUND
    );
    // Each page's latency is in /metrics, by route template.
    let m = b.get("/metrics").await;
    assert!(m.has("route=\"/thu-tuc/{code}\""), "{}", m.body);
});
