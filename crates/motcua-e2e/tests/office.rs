//! The officer workspace in a real browser (issue #5 "Done means"): a desk officer signs in
//! with TOTP, receives a paper dossier with scans and prints Mẫu 01; a specialist forwards it
//! to the department and the department sends it back; the leader approves and signs; the desk
//! returns it electronically; the citizen downloads it and `/verify/<code>` says authentic, a
//! tampered copy says not authentic. Then the overdue path: one apology (Mẫu 04), a second
//! refused. Every page passes axe (WCAG 2.2 AA); screenshots under target/e2e-artifacts/.

use std::time::Duration;

use base64::Engine;
use motcua_e2e::{Browser, Server, assert_accessible};
use serde_json::json;

/// RFC 6238 code computed by the browser's WebCrypto (HMAC-SHA1), for `seconds` from now.
const TOTP_JS: &str = r#"
const [secret, ahead, done] = arguments;
const A = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
let bits = 0, n = 0; const key = [];
for (const c of secret.replace(/[^A-Z2-7]/gi, '').toUpperCase()) {
  bits = (bits << 5) | A.indexOf(c); n += 5;
  if (n >= 8) { n -= 8; key.push((bits >> n) & 255); bits &= (1 << n) - 1; }
}
const step = Math.floor((Date.now() / 1000 + ahead) / 30);
const msg = new Uint8Array(8); let s = step;
for (let i = 7; i >= 0; i--) { msg[i] = s & 255; s = Math.floor(s / 256); }
crypto.subtle.importKey('raw', new Uint8Array(key), {name: 'HMAC', hash: 'SHA-1'}, false, ['sign'])
  .then(k => crypto.subtle.sign('HMAC', k, msg))
  .then(sig => {
    const h = new Uint8Array(sig); const o = h[19] & 15;
    const bin = ((h[o] & 127) << 24) | (h[o + 1] << 16) | (h[o + 2] << 8) | h[o + 3];
    done(String(bin % 1000000).padStart(6, '0'));
  });
"#;

/// Fetches a same-origin URL with the browser's cookies; the body as base64.
const FETCH_JS: &str = r#"
const [url, done] = arguments;
fetch(url, {credentials: 'same-origin'}).then(r => r.arrayBuffer()).then(b => {
  let s = ''; const u = new Uint8Array(b);
  for (let i = 0; i < u.length; i++) s += String.fromCharCode(u[i]);
  done(btoa(s));
}).catch(e => done('ERROR ' + e));
"#;

const PNG: &[u8] = include_bytes!("../../motcua-docs/tests/fixtures/page.png");

async fn fetch(page: &Browser, url: &str) -> Vec<u8> {
    let b64 = page.eval_async(FETCH_JS, vec![json!(url)]).await;
    let s = b64.as_str().unwrap_or_default();
    assert!(!s.starts_with("ERROR"), "{url}: {s}");
    base64::engine::general_purpose::STANDARD.decode(s).unwrap()
}

fn pdf_text(pdf: &[u8]) -> String {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("f.pdf");
    std::fs::write(&p, pdf).unwrap();
    let out = std::process::Command::new("pdftotext")
        .args(["-layout", "-enc", "UTF-8"])
        .arg(&p)
        .arg("-")
        .output()
        .expect("pdftotext is needed: apt-get install -y poppler-utils");
    String::from_utf8_lossy(&out.stdout).into_owned()
}

async fn totp(page: &Browser, secret: &str, ahead: i64) -> String {
    page.eval_async(TOTP_JS, vec![json!(secret), json!(ahead)])
        .await
        .as_str()
        .unwrap()
        .to_string()
}

/// Clicks a button (or link) and waits for the next page to load: chromedriver's click does not
/// always wait for the navigation a form post starts.
async fn press(page: &Browser, button: &str, link: bool) {
    page.eval("window.__e2eOld = true", vec![]).await;
    if link {
        page.click_link(button).await;
    } else {
        page.click_button(button).await;
    }
    for _ in 0..200 {
        let done = page
            .eval(
                "return !window.__e2eOld && document.readyState === 'complete'",
                vec![],
            )
            .await;
        if done.as_bool() == Some(true) {
            return;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    panic!(
        "no page loaded after pressing {button:?} on {}",
        page.current_url().await
    );
}

async fn click(page: &Browser, button: &str) {
    press(page, button, false).await;
}

/// Types the current TOTP code; a code whose 30-second step was already used is refused (no
/// replay), so on refusal wait for the next step and type the new code.
async fn enter_code(page: &Browser, secret: &str) {
    for _ in 0..3 {
        let code = totp(page, secret, 0).await;
        page.fill("#f-code", &code).await;
        click(page, "Xác nhận").await;
        if !page.path().await.starts_with("/office/sign-in/code") {
            return;
        }
        let wait = page
            .eval("return 30.5 - (Date.now() / 1000) % 30", vec![])
            .await
            .as_f64()
            .unwrap_or(30.0);
        tokio::time::sleep(Duration::from_secs_f64(wait)).await;
    }
    panic!("no TOTP code was accepted");
}

/// Signs an officer in with password (and the code, when enrolled).
async fn sign_in(page: &Browser, login: &str, password: &str) {
    page.goto("/office/sign-in").await;
    page.fill("#f-login", login).await;
    page.fill("#f-password", password).await;
    click(page, "Đăng nhập").await;
}

async fn sign_out(page: &Browser) {
    page.goto("/office").await;
    click(page, "Đăng xuất").await;
}

/// Posts an action form of the dossier page (the one whose hidden `action` is `action`).
async fn act(page: &Browser, code: &str, action: &str, fields: &[(&str, &str)]) {
    page.goto(&format!("/office/dossiers/{code}")).await;
    for (name, value) in fields {
        page.fill(&format!("#f-{action}-{name}"), value).await;
    }
    click(
        page,
        &format!("form:has(input[name=action][value={action}]) button"),
    )
    .await;
}

fn code_from(path: &str) -> String {
    path.trim_start_matches("/office/dossiers/")
        .split('?')
        .next()
        .unwrap()
        .to_string()
}

#[tokio::test]
#[ignore = "needs chromium; run by .ci/run"]
async fn desk_to_signed_result_and_verify() {
    let server = Server::demo().await;
    let desk = server.account_at("desk_officer", "H99.01").clone();
    let spec = server.account_at("specialist", "H99.01").clone();
    let stp = server.account_at("specialist", "H99.10").clone();
    let leader = server.account_at("leader", "H99.01").clone();
    let citizen = server.account("citizen").clone();
    let mut page = server.browser().await;
    page.desktop().await;

    // 1. The desk officer enrols TOTP, signs out, and signs in with password + code.
    sign_in(&page, &desk.login, &desk.password).await;
    page.goto("/office/totp").await;
    page.screenshot("totp-enrol").await;
    assert_accessible(&page).await;
    let secret = page
        .eval(
            "return document.getElementById('secret').textContent",
            vec![],
        )
        .await
        .as_str()
        .unwrap()
        .to_string();
    let code = totp(&page, &secret, 0).await;
    page.fill("#f-code", &code).await;
    click(&page, "Bật xác thực hai lớp").await;
    page.assert_text("Mã khôi phục").await;
    page.screenshot("recovery-codes").await;
    page.goto("/office").await;
    sign_out(&page).await;
    sign_in(&page, &desk.login, &desk.password).await;
    assert!(page.path().await.starts_with("/office/sign-in/code"));
    assert_accessible(&page).await;
    enter_code(&page, &secret).await;
    page.assert_text("Mới, chờ tiếp nhận").await;
    page.screenshot("worklist-desk").await;
    assert_accessible(&page).await;
    // On a phone (360 px) the rows become cards.
    page.phone().await;
    page.goto("/office/lists/all").await;
    page.screenshot("worklist-phone").await;
    assert_accessible(&page).await;
    page.desktop().await;

    // 2. Reception of a paper dossier with scans, then Mẫu 01.
    page.goto("/office/desk").await;
    assert_accessible(&page).await;
    page.fill("#f-pq", "khai sinh").await;
    click(&page, "Tìm").await;
    press(&page, "Thủ tục đăng ký khai sinh", true).await;
    page.fill("#f-full_name", &citizen.name).await;
    page.fill("#f-id_number", "001090012345").await;
    page.fill("#f-phone", "0912345678").await;
    page.fill("#f-address", "Thôn Đông, xã An Hòa").await;
    page.check("#f-delivery-electronic").await;
    let dir = tempfile::tempdir().unwrap();
    let scan = dir.path().join("trang-1.png");
    std::fs::write(&scan, PNG).unwrap();
    let inputs = page
        .eval(
            "return Array.from(document.querySelectorAll('input[type=file]')).map(i => i.id)",
            vec![],
        )
        .await;
    for id in inputs.as_array().unwrap() {
        page.upload_file(&format!("#{}", id.as_str().unwrap()), &scan)
            .await;
    }
    page.screenshot("desk-form").await;
    assert_accessible(&page).await;
    click(&page, "Tiếp nhận, in Mẫu 01").await;
    page.assert_text("Đã tiếp nhận hồ sơ").await;
    let code = code_from(&page.path().await);
    page.screenshot("received").await;
    assert_accessible(&page).await;
    let receipt = fetch(&page, &format!("/office/dossiers/{code}/forms/receipt.pdf")).await;
    let text = pdf_text(&receipt);
    assert!(
        text.contains("GIẤY TIẾP NHẬN HỒ SƠ VÀ HẸN TRẢ KẾT QUẢ"),
        "{text}"
    );
    assert!(text.contains(&code));
    sign_out(&page).await;

    // 3. The specialist forwards it to the department, which sends it back.
    sign_in(&page, &spec.login, &spec.password).await;
    act(&page, &code, "claim", &[]).await;
    page.select("#f-transfer-to_unit", "Sở Tư pháp").await;
    page.fill("#f-transfer-note", "Đề nghị thẩm định").await;
    click(&page, "form:has(input[name=action][value=transfer]) button").await;
    page.screenshot("transferred").await;
    sign_out(&page).await;
    sign_in(&page, &stp.login, &stp.password).await;
    act(&page, &code, "claim", &[]).await;
    page.select("#f-transfer-to_unit", "Xã An Hòa").await;
    click(&page, "form:has(input[name=action][value=transfer]) button").await;
    sign_out(&page).await;
    sign_in(&page, &spec.login, &spec.password).await;
    act(&page, &code, "claim", &[]).await;
    act(
        &page,
        &code,
        "propose",
        &[("summary", "Đủ điều kiện đăng ký khai sinh")],
    )
    .await;
    // A specialist cannot approve.
    act(&page, &code, "approve", &[]).await;
    page.assert_text("Không được phép").await;
    page.screenshot("specialist-cannot-approve").await;
    let slip = fetch(
        &page,
        &format!("/office/dossiers/{code}/forms/control-slip.pdf"),
    )
    .await;
    assert!(pdf_text(&slip).contains("Sở Tư pháp"));
    sign_out(&page).await;

    // 4. The leader approves and signs.
    sign_in(&page, &leader.login, &leader.password).await;
    act(&page, &code, "approve", &[("note", "Đồng ý")]).await;
    page.assert_text("Kết quả điện tử đã ký số").await;
    page.screenshot("signed").await;
    assert_accessible(&page).await;
    sign_out(&page).await;

    // 5. The desk returns it electronically (into the citizen's store).
    sign_in(&page, &desk.login, &desk.password).await;
    enter_code(&page, &secret).await;
    act(&page, &code, "return_electronic", &[]).await;
    page.assert_text("Đã trả kết quả").await;
    page.goto("/office/logbook").await;
    page.assert_text(&code).await;
    page.screenshot("logbook").await;
    assert_accessible(&page).await;
    sign_out(&page).await;

    // 6. The citizen downloads it from the portal; /verify says authentic, a tampered copy not.
    page.goto("/dang-nhap").await;
    page.fill("input[name=login]", &citizen.login).await;
    page.fill("input[name=password]", &citizen.password).await;
    click(&page, "Đăng nhập").await;
    page.goto(&format!("/ho-so/{code}")).await;
    let href = page
        .eval("const a = [...document.querySelectorAll('a')].find(a => a.textContent.includes('Tải kết quả')); return a ? a.getAttribute('href') : ''", vec![])
        .await;
    let href = href.as_str().unwrap().to_string();
    assert!(!href.is_empty(), "the citizen sees the result");
    let result = fetch(&page, &href).await;
    assert!(result.starts_with(b"%PDF-"));
    let text = pdf_text(&result);
    let at = text
        .find("/verify/")
        .expect("the result carries the verify URL");
    let vcode: String = text[at + 8..]
        .chars()
        .take_while(|c| c.is_ascii_alphanumeric())
        .collect();
    let copy = dir.path().join("ket-qua.pdf");
    std::fs::write(&copy, &result).unwrap();
    page.goto(&format!("/verify/{vcode}")).await;
    assert_accessible(&page).await;
    page.upload_file("#f-copy", &copy).await;
    click(&page, "Kiểm tra").await;
    page.assert_text("XÁC THỰC: văn bản đúng là bản đã ban hành")
        .await;
    page.screenshot("verify-authentic").await;
    assert_accessible(&page).await;
    let mut bad = result.clone();
    let i = bad.len() / 2;
    bad[i] ^= 0x20;
    let tampered = dir.path().join("ket-qua-sua.pdf");
    std::fs::write(&tampered, &bad).unwrap();
    page.goto(&format!("/verify/{vcode}")).await;
    page.upload_file("#f-copy", &tampered).await;
    click(&page, "Kiểm tra").await;
    page.assert_text("KHÔNG XÁC THỰC").await;
    page.screenshot("verify-tampered").await;
    page.close().await;
}

#[tokio::test]
#[ignore = "needs chromium; run by .ci/run"]
async fn overdue_apology_once() {
    let server = Server::demo().await;
    let leader = server.account_at("leader", "H99.01").clone();
    let mut page = server.browser().await;
    page.desktop().await;
    sign_in(&page, &leader.login, &leader.password).await;
    page.goto("/office/lists/needs-apology").await;
    page.screenshot("needs-apology").await;
    assert_accessible(&page).await;
    // The first dossier of the list that this leader's unit processes.
    let links = page
        .eval("return [...document.querySelectorAll('table.list a.code')].map(a => a.getAttribute('href'))", vec![])
        .await;
    let mut chosen = None;
    for href in links.as_array().unwrap() {
        let href = href.as_str().unwrap();
        page.goto(href).await;
        let has = page
            .eval(
                "return !!document.querySelector('input[name=action][value=reschedule]')",
                vec![],
            )
            .await;
        if has.as_bool() == Some(true) {
            chosen = Some(code_from(href));
            break;
        }
    }
    let code = chosen.expect("the demo data has an overdue dossier of Xã An Hòa");
    assert_accessible(&page).await;
    let new_due = page
        .eval("const d = new Date(Date.now() + 20 * 864e5); return d.toISOString().slice(0, 10) + 'T16:00'", vec![])
        .await;
    page.fill(
        "#f-reschedule-reason",
        "Chờ kết quả xác minh của cơ quan khác",
    )
    .await;
    let input = "#f-reschedule-new_due";
    page.eval(
        "document.querySelector(arguments[0]).value = arguments[1]",
        vec![json!(input), new_due.clone()],
    )
    .await;
    click(
        &page,
        "form:has(input[name=action][value=reschedule]) button",
    )
    .await;
    page.assert_text("Mẫu 04").await;
    page.screenshot("apology-issued").await;
    let pdf = fetch(&page, &format!("/office/dossiers/{code}/forms/apology.pdf")).await;
    let text = pdf_text(&pdf);
    assert!(text.contains("XIN LỖI"), "{text}");
    // Once only: the form is gone, and a second request is refused by the law.
    let again = page
        .eval(
            "return !!document.querySelector('input[name=action][value=reschedule]')",
            vec![],
        )
        .await;
    assert_eq!(again.as_bool(), Some(false));
    let status = page
        .eval_async(
            r#"const [code, due, done] = arguments;
               const csrf = document.querySelector('input[name=csrf_token]').value;
               const body = new URLSearchParams({csrf_token: csrf, action: 'reschedule', reason: 'Lần hai', new_due: due});
               fetch('/office/dossiers/' + code + '/act', {method: 'POST', body}).then(r => r.text().then(t => done([r.status, t])));"#,
            vec![json!(code), new_due],
        )
        .await;
    assert_eq!(status[0], json!(409), "{status}");
    assert!(
        status[1].as_str().unwrap().contains("một lần")
            || status[1].as_str().unwrap().contains("hẹn lại"),
        "{status}"
    );
    tokio::time::sleep(Duration::from_millis(10)).await;
    page.close().await;
}
