//! The dashboard's numbers equal the counts of the lists behind them (every link on the page is
//! followed), the public page shows the same figures without links, exports open, and a
//! commune's leader gets 404 for another commune's dashboard and lists.

use crate::story;
use crate::support::{App, Browser, link_number};

const MARCH: &str = "unit=H99&period=month&year=2026&month=3";
const Q1: &str = "unit=H99&period=quarter&year=2026&quarter=1";

async fn lists_match(b: &mut Browser, query: &str) -> usize {
    let page = b.get(&format!("/office/quality?{query}")).await;
    assert_eq!(page.status, 200, "{}", page.body);
    let links: Vec<String> = page
        .links()
        .into_iter()
        .filter(|l| l.starts_with("/office/quality/list?"))
        .collect();
    assert!(!links.is_empty(), "numbers are links");
    for l in &links {
        let shown = link_number(&page.body, l).unwrap_or_else(|| panic!("no number for {l}"));
        let list = b.get(l).await;
        assert_eq!(list.status, 200, "{l}: {}", list.body);
        let total: u64 = list
            .between("<span class=\"total\">", "</span>")
            .unwrap()
            .parse()
            .unwrap();
        assert_eq!(total, shown, "{l}");
        let rows = list.body.matches("<th scope=\"row\"").count() as u64;
        assert_eq!(rows, shown.min(50), "{l}: rows on the first page");
    }
    links.len()
}

story!(dashboard_numbers_equal_their_lists, 150, |app| {
    let mut p = app.signed_in("leader.p").await;
    let n = lists_match(&mut p, MARCH).await + lists_match(&mut p, Q1).await;
    assert!(n > 20, "{n} links followed");
    let page = p.get(&format!("/office/quality?{Q1}")).await;
    for must in [
        "Chưa đo được",
        "Đang giải quyết quá hạn",
        "<svg",
        "<title id=\"trend-t\">",
        "Xếp hạng các đơn vị thuộc Tỉnh Thử Nghiệm",
        "Xã An Bình",
        "/ 100,00",
    ] {
        assert!(page.has(must), "{must}");
    }
    // A commune's own dashboard, and its leader's default unit.
    let mut a = app.signed_in("leader.a").await;
    let own = a.get("/office/quality").await;
    assert_eq!(own.status, 200);
    assert!(own.has("<option value=\"H99.01\" selected>"));
    lists_match(&mut a, "unit=H99.01&period=quarter&year=2026&quarter=1").await;
});

story!(other_communes_get_404, 40, |app| {
    let mut b = app.signed_in("leader.b").await;
    assert_eq!(b.get("/office/quality?unit=H99.01").await.status, 404);
    assert_eq!(b.get("/office/quality/list?unit=H99.01&period=month&year=2026&month=3&indicator=2.1&part=denominator").await.status, 404);
    assert_eq!(
        b.get("/office/quality/list/export?unit=H99.01&indicator=2.1&part=denominator&format=csv")
            .await
            .status,
        404
    );
    assert_eq!(
        b.get("/office/quality/export?unit=H99.01&format=xlsx")
            .await
            .status,
        404
    );
    assert_eq!(
        b.get("/office/quality/bottleneck?unit=H99.01").await.status,
        404
    );
    assert_eq!(
        b.get("/office/quality/officers?unit=H99.01").await.status,
        404
    );
    assert_eq!(
        b.get("/office/quality?unit=H99").await.status,
        404,
        "not the province either"
    );
    assert_eq!(b.get("/office/quality?unit=H99.02").await.status, 200);
    // Not signed in: to the workspace's sign-in, coming back.
    let anon = app.browser().get("/office/quality?unit=H99.02").await;
    assert_eq!(anon.status, 303);
    assert!(
        anon.location
            .unwrap()
            .starts_with("/office/sign-in?next=%2Foffice%2Fquality")
    );
    // A citizen: no access.
    assert_eq!(
        app.signed_in("citizen")
            .await
            .get("/office/quality")
            .await
            .status,
        403
    );
});

fn xlsx_sheets(bytes: &[u8]) -> Vec<String> {
    assert_eq!(&bytes[..2], b"PK", "a zip");
    let mut z = zip::ZipArchive::new(std::io::Cursor::new(bytes.to_vec())).unwrap();
    let mut wb = String::new();
    std::io::Read::read_to_string(&mut z.by_name("xl/workbook.xml").unwrap(), &mut wb).unwrap();
    assert!(z.by_name("xl/worksheets/sheet1.xml").is_ok());
    wb.split("<sheet name=\"")
        .skip(1)
        .map(|s| s.split('"').next().unwrap().to_string())
        .collect()
}

async fn exports_open(app: &App) {
    let mut p = app.signed_in("leader.p").await;
    let csv = p
        .get(&format!("/office/quality/export?{Q1}&format=csv"))
        .await;
    assert_eq!(csv.status, 200);
    assert!(csv.content_type.starts_with("text/csv"));
    assert_eq!(&csv.bytes[..3], b"\xEF\xBB\xBF", "UTF-8 BOM");
    assert!(csv.body.contains("2.1,"));
    let x = p
        .get(&format!("/office/quality/export?{Q1}&format=xlsx"))
        .await;
    assert_eq!(xlsx_sheets(&x.bytes).len(), 1);
    let l = p
        .get(&format!(
            "/office/quality/list/export?{Q1}&indicator=2.1&part=denominator&format=csv"
        ))
        .await;
    assert_eq!(&l.bytes[..3], b"\xEF\xBB\xBF");
    let lines = l.body.lines().count();
    let page = p
        .get(&format!(
            "/office/quality/list?{Q1}&indicator=2.1&part=denominator"
        ))
        .await;
    let total: usize = page
        .between("<span class=\"total\">", "</span>")
        .unwrap()
        .parse()
        .unwrap();
    assert_eq!(lines, total + 1, "header + one line per dossier");
    let lx = p
        .get(&format!(
            "/office/quality/list/export?{Q1}&indicator=2.1&part=denominator&format=xlsx"
        ))
        .await;
    assert_eq!(xlsx_sheets(&lx.bytes).len(), 1);
    let b = p
        .get(&format!(
            "/office/quality/bottleneck/export?{Q1}&format=xlsx"
        ))
        .await;
    assert_eq!(xlsx_sheets(&b.bytes).len(), 3);
    let bc = p
        .get(&format!(
            "/office/quality/bottleneck/export?{Q1}&format=csv"
        ))
        .await;
    assert_eq!(&bc.bytes[..3], b"\xEF\xBB\xBF");
    let o = p
        .get(&format!("/office/quality/officers/export?{Q1}&format=csv"))
        .await;
    assert_eq!(&o.bytes[..3], b"\xEF\xBB\xBF");
    assert!(o.body.contains("Hồ sơ đã xử lý"));
    let ox = p
        .get(&format!("/office/quality/officers/export?{Q1}&format=xlsx"))
        .await;
    assert_eq!(xlsx_sheets(&ox.bytes).len(), 1);
    // The public export needs no account.
    let pub_csv = app
        .browser()
        .get(&format!("/chi-so-766/export?{Q1}&format=csv"))
        .await;
    assert_eq!(&pub_csv.bytes[..3], b"\xEF\xBB\xBF");
}

story!(exports_and_public_page, 100, |app| {
    exports_open(&app).await;
    let mut public = app.browser();
    let page = public.get(&format!("/chi-so-766?{Q1}")).await;
    assert_eq!(page.status, 200, "{}", page.body);
    assert!(
        !page.has("/office/quality/list"),
        "no lists on the public page"
    );
    assert!(page.has("Chưa đo được"));
    // The same figures as the dashboard: the total and every group's points.
    let mut p = app.signed_in("leader.p").await;
    let dash = p.get(&format!("/office/quality?{Q1}")).await;
    let total = |s: &str| {
        let at = s.find("<span class=\"total\">").unwrap() + 20;
        s[at..].split('<').next().unwrap().to_string()
    };
    assert_eq!(total(&page.body), total(&dash.body));
    assert!(!page.has("Nguyễn"), "no names on the public page");
    // Bad periods say why.
    let bad = public
        .get("/chi-so-766?unit=H99&period=custom&from=2026-03-10&to=2026-03-01")
        .await;
    assert_eq!(bad.status, 422);
    assert!(bad.has("trước ngày bắt đầu"));
    assert_eq!(public.get("/chi-so-766?unit=NOPE").await.status, 404);
});

story!(bottleneck_and_officers_pages, 100, |app| {
    let mut p = app.signed_in("leader.p").await;
    let page = p.get(&format!("/office/quality/bottleneck?{Q1}")).await;
    assert_eq!(page.status, 200, "{}", page.body);
    assert!(page.has("<svg class=\"chart\""));
    assert!(page.has("role=\"img\""));
    assert!(page.has("Trung vị"));
    let one = p
        .get(&format!(
            "/office/quality/bottleneck?{Q1}&procedure=1.001193"
        ))
        .await;
    assert_eq!(one.status, 200);
    assert_eq!(
        p.get(&format!("/office/quality/bottleneck?{Q1}&procedure=xyz"))
            .await
            .status,
        422
    );
    let o = p.get("/office/quality/officers?unit=H99").await;
    assert_eq!(o.status, 200, "{}", o.body);
    assert!(o.has("Quý 1/2026"), "quarterly by default");
});
