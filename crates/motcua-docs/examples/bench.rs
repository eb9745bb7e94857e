//! Timings and sizes for docs/DOCUMENTS.md: `cargo run --release -p motcua-docs --example bench`.
//! (Tests never assert durations; this prints them.)

#[path = "../tests/it/fixtures.rs"]
#[allow(dead_code)]
mod fixtures;

use std::time::Instant;

use motcua_docs::{SignOptions, demo_ca, render, sign_pdf, verify_pdf};

fn time<T>(label: &str, n: u32, mut f: impl FnMut() -> T) -> T {
    let mut out = f(); // warm-up (fonts are parsed once per process)
    let t = Instant::now();
    for _ in 0..n {
        out = f();
    }
    let per = t.elapsed().as_secs_f64() * 1000.0 / n as f64;
    println!("{label:<44} {per:>9.2} ms");
    out
}

fn main() {
    let first = Instant::now();
    render(&fixtures::receipt()).unwrap();
    println!(
        "{:<44} {:>9.2} ms (includes parsing the fonts)",
        "Mẫu 01, first render in the process",
        first.elapsed().as_secs_f64() * 1000.0
    );
    let pdf = time("Mẫu 01 render", 200, || {
        render(&fixtures::receipt()).unwrap()
    });
    println!("{:<44} {:>9} bytes", "Mẫu 01 size", pdf.len());
    let slip = time("Mẫu 06 with 40 hand-overs", 20, || {
        render(&fixtures::control_slip(40)).unwrap()
    });
    println!("{:<44} {:>9} bytes", "Mẫu 06 (40 rows) size", slip.len());
    let book = time("Mẫu 07 logbook, 500 rows", 5, || {
        render(&fixtures::logbook(500)).unwrap()
    });
    println!(
        "{:<44} {:>9} bytes, {} pages",
        "Mẫu 07 (500 rows) size",
        book.len(),
        motcua_docs::pdf_page_count(&book).unwrap()
    );
    let csv = time("Mẫu 07 CSV, 500 rows", 20, || {
        fixtures::logbook(500).to_csv()
    });
    println!("{:<44} {:>9} bytes", "CSV size", csv.len());
    let ca = time("demo_ca (2 ECDSA P-256 keys + certs)", 5, || {
        demo_ca().unwrap()
    });
    let opts = SignOptions {
        reason: "Ký số kết quả".into(),
        location: "Hà Nội".into(),
        contact: None,
    };
    let when: jiff::Timestamp = "2026-01-26T02:15:00Z".parse().unwrap();
    let signed = time("sign_pdf (ECDSA P-256)", 50, || {
        sign_pdf(&pdf, &ca.signer, &opts, when).unwrap()
    });
    println!(
        "{:<44} {:>9} bytes (+{})",
        "signed Mẫu 01 size",
        signed.len(),
        signed.len() - pdf.len()
    );
    let anchors = [ca.ca.clone()];
    let report = time("verify_pdf", 50, || verify_pdf(&signed, &anchors));
    assert!(report.intact && report.chain_ok);
    let svg = time("qr_svg (verify URL)", 200, || {
        motcua_docs::qr_svg("https://motcua.example.vn/verify/H56.22.17-260126-0001").unwrap()
    });
    println!("{:<44} {:>9} bytes", "QR SVG size", svg.len());
}
