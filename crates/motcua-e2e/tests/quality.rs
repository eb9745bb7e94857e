//! Service quality in a real browser (issue #6, "Done means"): a citizen sends feedback from a
//! phone without an account; the commune's leader receives it, answers, approves and publishes
//! it; the public page shows the answer without the citizen's name or phone, and the citizen
//! likes it (once); the desk's kiosk rates a finished dossier; the leader opens the 766
//! dashboard and follows "overdue N" to a list of N dossiers. Then the pages again with
//! JavaScript off. axe-core (WCAG 2.2 AA) on every page; screenshots under
//! `target/e2e-artifacts/<test>/`.

use std::time::Duration;

use motcua_e2e::{Browser, BrowserOptions, Server, assert_accessible};
use serde_json::Value;

const NAME: &str = "Đinh Thị Thu Trang";
const PHONE: &str = "0938765432";

trait Wait {
    async fn wait_for(&self, text: &str);
}

impl Wait for Browser {
    async fn wait_for(&self, text: &str) {
        self.wait_for_text(text, Duration::from_secs(20)).await;
    }
}

/// Screenshot and accessibility check of the page the person is on.
async fn step(b: &Browser, name: &str) {
    b.screenshot(name).await;
    assert_accessible(b).await;
}

/// Waits until a new page has loaded after `action` (a form post may not wait by itself).
async fn after(b: &Browser, action: impl std::future::Future<Output = ()>) {
    b.eval("window.__e2eOld = true", vec![]).await;
    action.await;
    for _ in 0..200 {
        let done = b
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
    panic!("no page loaded at {}", b.current_url().await);
}

/// An officer signed in at the workspace (demo mode: no second factor enrolled).
async fn officer(server: &Server, role: &str, unit: &str) -> Browser {
    let b = server.browser_with(BrowserOptions::desktop()).await;
    let who = server.account_at(role, unit);
    b.goto("/office/sign-in").await;
    b.fill("Tên đăng nhập", &who.login).await;
    b.fill("Mật khẩu", &who.password).await;
    after(&b, b.click_button("Đăng nhập")).await;
    b
}

/// The leader's action on the handling page: the form whose heading is `action`.
async fn act(b: &Browser, action: &str, text: Option<&str>) {
    if let Some(t) = text {
        let field = match action {
            "Dự thảo trả lời" => "Dự thảo trả lời",
            _ => panic!("no text field for {action}"),
        };
        b.fill(field, t).await;
    }
    after(b, b.click_button(action)).await;
    b.wait_for("Đã ghi nhận").await;
}

/// A finished dossier of commune A, through the API (the kiosk needs a code from a receipt).
async fn finished_dossier(server: &Server) -> String {
    let leader = server.account_at("leader", "H99.01");
    let token = server.api().token(&leader.login, &leader.password).await;
    let v: Value = server
        .api()
        .with_bearer(&token)
        .get("/api/v1/worklists/all?status=returned&unit=H99.01&per_page=50")
        .await
        .ok();
    // A dossier that has no rating at the kiosk yet: any returned one in a fresh demo.
    v["items"][0]["code"]
        .as_str()
        .expect("a returned dossier")
        .to_string()
}

#[tokio::test]
#[ignore = "needs chromium; run by .ci/run"]
async fn feedback_kiosk_and_dashboard() {
    let server = Server::demo().await;

    // 1. A citizen without an account sends feedback from a phone.
    let citizen = server.browser().await;
    citizen.goto("/phan-anh/gui").await;
    step(&citizen, "gui-phan-anh").await;
    citizen.check("Một thủ tục hành chính").await;
    citizen
        .fill(
            "Mã thủ tục, mã hồ sơ, tên cán bộ hoặc số hiệu văn bản",
            "1.001193",
        )
        .await;
    citizen.select("Gửi đến cơ quan", "Xã An Hòa").await;
    citizen.fill("Tiêu đề", "Bị yêu cầu nộp sổ hộ khẩu").await;
    citizen
        .fill(
            "Nội dung phản ánh, kiến nghị",
            &format!("Tôi là {NAME}, điện thoại {PHONE}. Khi đăng ký khai sinh cho con, tôi bị yêu cầu nộp bản sao sổ hộ khẩu."),
        )
        .await;
    citizen.fill("Họ và tên", NAME).await;
    citizen.fill("Số điện thoại", PHONE).await;
    after(&citizen, citizen.click_button("Gửi phản ánh")).await;
    citizen.wait_for("Đã gửi phản ánh, kiến nghị").await;
    step(&citizen, "da-gui").await;
    let code = citizen
        .eval(
            "return document.querySelector('.big').textContent.trim()",
            vec![],
        )
        .await
        .as_str()
        .unwrap()
        .to_string();
    let follow = citizen
        .eval(
            "return document.querySelector('.secret a').getAttribute('href')",
            vec![],
        )
        .await
        .as_str()
        .unwrap()
        .to_string();

    // 2. The commune's leader receives, answers, approves and publishes it.
    let mut leader = officer(&server, "leader", "H99.01").await;
    leader.goto("/office/feedback/lists/new").await;
    leader.wait_for(&code).await;
    step(&leader, "can-bo-danh-sach-moi").await;
    after(&leader, leader.click_link(&code)).await;
    step(&leader, "can-bo-xu-ly").await;
    leader
        .check("Về quy định hành chính, thủ tục hành chính")
        .await;
    act(&leader, "Tiếp nhận, phân loại", None).await;
    act(
        &leader,
        "Dự thảo trả lời",
        Some(&format!("Kính gửi bà {NAME}: sổ hộ khẩu không còn là giấy tờ phải nộp. Xã đã chấn chỉnh bộ phận một cửa.")),
    )
    .await;
    act(&leader, "Duyệt trả lời", None).await;
    act(&leader, "Công khai trả lời", None).await;
    leader.wait_for("Đã công khai").await;
    step(&leader, "can-bo-da-cong-khai").await;

    // 3. The public page: the answer, without the citizen's name or phone; the citizen likes it.
    citizen.goto(&format!("/phan-anh/{code}")).await;
    citizen
        .wait_for("sổ hộ khẩu không còn là giấy tờ phải nộp")
        .await;
    let text = citizen.text().await;
    assert!(
        !text.contains(NAME) && !text.contains(PHONE),
        "personal data published: {text}"
    );
    assert!(text.contains("***"));
    step(&citizen, "cong-khai").await;
    after(&citizen, citizen.click_button("Thích")).await;
    citizen.wait_for("Cảm ơn bạn đã cho biết ý kiến").await;
    after(&citizen, citizen.click_button("Thích")).await;
    citizen.wait_for("1 thích · 0 không thích").await;
    step(&citizen, "da-thich").await;
    // The private link shows the history and the notices.
    citizen.goto(&follow).await;
    citizen.wait_for("Trả lời của cơ quan").await;
    step(&citizen, "theo-doi").await;

    // 4. The kiosk at the desk rates a finished dossier.
    let dossier = finished_dossier(&server).await;
    let mut kiosk = server.browser().await;
    kiosk
        .set_viewport(motcua_e2e::Viewport {
            width: 800,
            height: 1280,
            mobile: true,
            scale: 1.0,
        })
        .await;
    kiosk.goto("/kiosk").await;
    step(&kiosk, "kiosk").await;
    kiosk
        .fill("Mã hồ sơ (in trên giấy tiếp nhận)", &dossier)
        .await;
    after(&kiosk, kiosk.click_button("Tiếp tục")).await;
    kiosk.wait_for("Đánh giá hồ sơ").await;
    step(&kiosk, "kiosk-tieu-chi").await;
    kiosk
        .eval(
            "document.querySelectorAll('.levels').forEach(l => { const r = l.querySelectorAll('input')[0]; if (!r.closest('fieldset').querySelector('.hint')) r.click(); })",
            vec![],
        )
        .await;
    after(&kiosk, kiosk.click_button("Gửi đánh giá")).await;
    kiosk.wait_for("Xin cảm ơn!").await;
    step(&kiosk, "kiosk-cam-on").await;
    kiosk.goto("/kiosk").await;
    kiosk
        .fill("Mã hồ sơ (in trên giấy tiếp nhận)", &dossier)
        .await;
    after(&kiosk, kiosk.click_button("Tiếp tục")).await;
    kiosk.wait_for("Không đánh giá được hồ sơ này").await;

    // 5. The leader's dashboard: "overdue N" opens a list of N dossiers.
    leader.goto("/office/quality?period=year").await;
    leader.wait_for("Chỉ số phục vụ").await;
    step(&leader, "bang-chi-so").await;
    let link: Value = leader
        .eval(
            "const row = [...document.querySelectorAll('tr')].find(r => r.textContent.includes('Đang giải quyết quá hạn'));\
             const a = row.querySelector('a'); return {href: a.getAttribute('href'), n: a.textContent.trim()};",
            vec![],
        )
        .await;
    let n: usize = link["n"].as_str().unwrap().parse().unwrap();
    assert!(n > 0, "the demo has overdue dossiers");
    after(&leader, async {
        leader
            .eval(
                "[...document.querySelectorAll('tr')].find(r => r.textContent.includes('Đang giải quyết quá hạn')).querySelector('a').click()",
                vec![],
            )
            .await;
    })
    .await;
    leader.wait_for("hồ sơ").await;
    let total = leader
        .eval(
            "return document.querySelector('.total').textContent.trim()",
            vec![],
        )
        .await;
    assert_eq!(
        total.as_str(),
        Some(n.to_string().as_str()),
        "the list counts what was clicked"
    );
    let rows = leader
        .eval(
            "return document.querySelectorAll('table.data tbody tr').length",
            vec![],
        )
        .await
        .as_u64()
        .unwrap() as usize;
    assert_eq!(
        rows,
        n.min(50),
        "the list has the dossiers the number counts"
    );
    step(&leader, "danh-sach-qua-han").await;
    // The same dashboard on a phone (360 px): wide tables scroll in their own region.
    leader.phone().await;
    leader.goto("/office/quality").await;
    step(&leader, "bang-chi-so-dien-thoai").await;
    leader.desktop().await;
    for (path, name) in [
        ("/office/quality/bottleneck?period=year", "diem-nghen"),
        ("/office/quality/officers", "ket-qua-can-bo"),
        ("/office/feedback/lists/all", "phan-anh-tat-ca"),
    ] {
        leader.goto(path).await;
        step(&leader, name).await;
    }

    // 6. Without JavaScript, on a phone: the public index and answers, the form, the kiosk.
    let plain = server.browser_with(BrowserOptions::js_disabled()).await;
    for (path, name, must) in [
        ("/chi-so-766", "khong-js-chi-so", "Kết quả chỉ số phục vụ"),
        ("/phan-anh", "khong-js-phan-anh", &code[..]),
        ("/phan-anh/gui", "khong-js-gui", "Gửi phản ánh"),
        ("/kiosk", "khong-js-kiosk", "Mã hồ sơ"),
    ] {
        plain.goto(path).await;
        plain.wait_for(must).await;
        step(&plain, name).await;
    }
}
