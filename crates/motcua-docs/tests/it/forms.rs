//! Stories: an officer prints each form; a citizen's name comes out of the PDF as typed.

use motcua_docs::forms::{OfficialForm, render};
use motcua_docs::{FormNumbering, pdf_page_count};

use crate::fixtures::*;
use crate::tools::{run, write};

/// Keeps a copy for a person to look at when MOTCUA_DOCS_OUT names a folder.
pub fn save(name: &str, pdf: &[u8]) {
    if let Ok(dir) = std::env::var("MOTCUA_DOCS_OUT") {
        std::fs::write(format!("{dir}/{name}"), pdf).unwrap();
    }
}

fn text_of(pdf: &[u8]) -> String {
    let dir = tempfile::tempdir().unwrap();
    let p = write(dir.path(), "f.pdf", pdf);
    let (ok, out) = run("pdftotext", &[&p, "-"]);
    assert!(ok, "pdftotext failed:\n{out}");
    out
}

#[test]
fn receipt_renders_as_one_a4_page() {
    let pdf = render(&receipt()).unwrap();
    save("mau01.pdf", &pdf);
    assert!(pdf.starts_with(b"%PDF-"));
    assert_eq!(pdf_page_count(&pdf).unwrap(), 1);
    let dir = tempfile::tempdir().unwrap();
    let p = write(dir.path(), "f.pdf", &pdf);
    let (_, info) = run("pdfinfo", &[&p]);
    assert!(info.contains("595.276 x 841.89 pts (A4)"), "{info}");
}

#[test]
fn pdftotext_reads_the_receipt_in_vietnamese() {
    let text = text_of(&render(&receipt()).unwrap());
    for expected in [
        "GIẤY TIẾP NHẬN HỒ SƠ VÀ HẸN TRẢ KẾT QUẢ",
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "Độc lập - Tự do - Hạnh phúc",
        "Hà Nội, ngày 26 tháng 01 năm 2026",
        "Số: 125/TN-TTPVHCC",
        "Mẫu số 01",
        NAME,
        CODE,
        "09 giờ 15 phút, ngày 26/01/2026",
        "Vào Sổ theo dõi hồ sơ, Quyển số: 01/2026, Số thứ tự: 0001",
        "NGƯỜI TIẾP NHẬN HỒ SƠ",
    ] {
        assert!(text.contains(expected), "missing {expected:?} in:\n{text}");
    }
}

#[test]
fn pdffonts_shows_every_font_embedded_and_subset() {
    let dir = tempfile::tempdir().unwrap();
    let p = write(dir.path(), "f.pdf", &render(&receipt()).unwrap());
    let (ok, out) = run("pdffonts", &[&p]);
    assert!(ok, "{out}");
    let rows: Vec<&str> = out
        .lines()
        .skip(2)
        .filter(|l| !l.trim().is_empty())
        .collect();
    assert!(rows.len() >= 3, "{out}");
    for row in rows {
        assert!(row.contains("NotoSerif"), "{row}");
        // columns: name type encoding emb sub uni ...
        let cols: Vec<&str> = row.split_whitespace().collect();
        let n = cols.len();
        assert_eq!(&cols[n - 5..n - 2], &["yes", "yes", "yes"], "{row}");
    }
}

#[test]
fn decomposed_input_comes_out_composed() {
    let mut r = receipt();
    r.applicant.name = "Nguye\u{0302}\u{0303}n Thi\u{0323} Minh Khai".into();
    assert!(text_of(&render(&r).unwrap()).contains(NAME));
}

#[test]
fn every_form_renders_with_its_number_and_title() {
    let cases: Vec<(&str, Vec<u8>, &str, &str)> = vec![
        (
            "mau02.pdf",
            render(&supplement()).unwrap(),
            "Mẫu số 02",
            "PHIẾU YÊU CẦU BỔ SUNG, HOÀN THIỆN HỒ SƠ",
        ),
        (
            "mau03.pdf",
            render(&refusal()).unwrap(),
            "Mẫu số 03",
            "PHIẾU TỪ CHỐI TIẾP NHẬN GIẢI QUYẾT HỒ SƠ",
        ),
        (
            "mau04.pdf",
            render(&apology()).unwrap(),
            "Mẫu số 04",
            "VĂN BẢN XIN LỖI VÀ ĐỀ NGHỊ GIA HẠN",
        ),
        (
            "mau05.pdf",
            render(&stop_notice()).unwrap(),
            "Mẫu số 05",
            "THÔNG BÁO DỪNG GIẢI QUYẾT HỒ SƠ",
        ),
        (
            "mau06.pdf",
            render(&control_slip(4)).unwrap(),
            "Mẫu số 06",
            "PHIẾU KIỂM SOÁT QUÁ TRÌNH GIẢI QUYẾT HỒ SƠ",
        ),
        (
            "mau07.pdf",
            render(&logbook(12)).unwrap(),
            "Mẫu số 07",
            "SỔ THEO DÕI HỒ SƠ",
        ),
    ];
    for (file, pdf, label, title) in cases {
        save(file, &pdf);
        let text = text_of(&pdf);
        assert!(text.contains(label), "{file}: no {label:?}");
        assert!(text.contains(title), "{file}: no {title:?} in\n{text}");
    }
}

#[test]
fn the_supplement_lists_every_item_and_the_contact() {
    let text = text_of(&render(&supplement()).unwrap());
    assert!(text.contains("Bổ sung bản chính Giấy chứng sinh"));
    assert!(text.contains("Nơi cư trú"));
    assert!(text.contains("024 3825 1234"));
}

#[test]
fn the_apology_gives_the_reason_and_the_new_date() {
    let text = text_of(&render(&apology()).unwrap());
    assert!(text.contains("Cần xác minh thông tin nơi cư trú"));
    assert!(text.contains("14 giờ 00 phút, ngày 03/02/2026"));
    assert!(text.contains("Nơi nhận:"));
}

#[test]
fn the_2018_numbering_shifts_the_slip_and_drops_the_stop_number() {
    let old = FormNumbering::tt01_2018();
    let slip = text_of(&control_slip(2).render_with(&old).unwrap());
    assert!(slip.contains("Mẫu số 05"));
    let stop = text_of(&stop_notice().render_with(&old).unwrap());
    assert!(!stop.contains("Mẫu số"));
    let apology = text_of(&apology().render_with(&old).unwrap());
    assert!(apology.contains("PHIẾU XIN LỖI VÀ HẸN LẠI NGÀY TRẢ KẾT QUẢ"));
}

#[test]
fn a_long_control_slip_runs_over_pages_with_the_header_repeated() {
    let pdf = render(&control_slip(40)).unwrap();
    save("mau06-long.pdf", &pdf);
    let pages = pdf_page_count(&pdf).unwrap();
    assert!(pages >= 3, "{pages} pages");
    let text = text_of(&pdf);
    // pdftotext separates pages with a form feed: every page with rows has the header.
    for page in text.split('\x0c').filter(|p| p.contains("1. Giao:")) {
        assert!(page.contains("GHI CHÚ"), "page without header:\n{page}");
    }
    assert_eq!(text.matches("1. Giao:").count(), 40);
}

#[test]
fn a_logbook_of_500_dossiers_repeats_its_header_on_every_landscape_page() {
    let book = logbook(500);
    let pdf = render(&book).unwrap();
    save("mau07-500.pdf", &pdf);
    let pages = pdf_page_count(&pdf).unwrap();
    assert!(pages > 10, "{pages} pages");
    let text = text_of(&pdf);
    for page in text.split('\x0c').filter(|p| p.contains("H56.22.17")) {
        assert!(
            page.contains("Nhận và trả kết quả"),
            "page without header:\n{page}"
        );
    }
    assert!(text.matches("Nhận và trả kết quả").count() >= pages - 1);
    assert!(text.contains("H56.22.17-260126-0500"));
    let dir = tempfile::tempdir().unwrap();
    let p = write(dir.path(), "f.pdf", &pdf);
    let (_, info) = run("pdfinfo", &[&p]);
    assert!(info.contains("841.89 x 595.276 pts (A4)"), "{info}");
}

#[test]
fn the_logbook_csv_opens_in_excel() {
    let csv = logbook(3).to_csv();
    assert!(csv.starts_with('\u{feff}'), "UTF-8 BOM for Excel");
    let lines: Vec<&str> = csv.trim_start_matches('\u{feff}').split("\r\n").collect();
    assert_eq!(
        lines[0],
        "STT,Mã hồ sơ,Tên TTHC,Tên tổ chức, cá nhân,Địa chỉ/SĐT,Cơ quan chủ trì giải quyết,\
         Nhận hồ sơ,Hẹn trả kết quả,Trả kết quả,Phương thức nhận kết quả,Ký nhận"
            .replace("Tên tổ chức, cá nhân", "\"Tên tổ chức, cá nhân\"")
    );
    assert!(lines[1].starts_with(&format!(
        "1,H56.22.17-260126-0001,Đăng ký khai sinh,{NAME},"
    )));
    assert_eq!(lines.len(), 5); // header, 3 rows, empty after the last CRLF
}

#[test]
fn a_missing_required_field_is_a_bilingual_error() {
    let mut r = receipt();
    r.dossier_code = "  ".into();
    let e = render(&r).unwrap_err();
    assert_eq!(e.code(), "docs.missing_field");
    assert!(e.message_vi().contains("dossier_code"));
    assert!(e.message_en().contains("dossier_code"));
}

#[test]
fn the_electronic_result_prints_the_verify_link() {
    let pdf = crate::signing::result_doc().render().unwrap();
    save("result.pdf", &pdf);
    let text = text_of(&pdf);
    assert!(text.contains("QUYẾT ĐỊNH"));
    assert!(text.contains("đã được ký số"));
    assert!(text.contains(&format!("/verify/{CODE}")));
}

#[test]
fn forms_for_citizens_are_tagged_pdf_with_a_heading_and_table_cells() {
    let dir = tempfile::tempdir().unwrap();
    let p = write(dir.path(), "r.pdf", &render(&receipt()).unwrap());
    let (_, info) = run("pdfinfo", &[&p]);
    assert!(info.contains("Tagged:          yes"), "{info}");
    let (_, tree) = run("pdfinfo", &["-struct-text", &p]);
    assert!(tree.contains("H1"), "{tree}");
    assert!(
        tree.contains("\"GIẤY TIẾP NHẬN HỒ SƠ VÀ HẸN TRẢ KẾT QUẢ\""),
        "{tree}"
    );
    assert!(tree.contains("Figure"), "{tree}");
    let p = write(dir.path(), "s.pdf", &render(&control_slip(3)).unwrap());
    let (_, tree) = run("pdfinfo", &["-struct-text", &p]);
    assert!(
        tree.contains("Table") && tree.contains("TH") && tree.contains("TD"),
        "{tree}"
    );
}
