//! Stories: an officer photographs a paper document with a phone; the photos become one PDF
//! with one page per photo (TT 01/2023 art. 8: image count = page count).

use motcua_docs::{images_to_pdf, pdf_page_count};

use crate::tools::{run, write};

const JPEG: &[u8] = include_bytes!("../fixtures/page.jpg");
const PNG: &[u8] = include_bytes!("../fixtures/page.png");

/// The fixture JPEG with an EXIF APP1 segment saying "rotate 90° clockwise" (orientation 6),
/// as phones write it for a portrait photo taken holding the phone sideways.
fn with_orientation(jpeg: &[u8], o: u16) -> Vec<u8> {
    let mut tiff = b"MM\0\x2a\0\0\0\x08".to_vec();
    tiff.extend_from_slice(&1u16.to_be_bytes());
    tiff.extend_from_slice(&0x0112u16.to_be_bytes());
    tiff.extend_from_slice(&3u16.to_be_bytes());
    tiff.extend_from_slice(&1u32.to_be_bytes());
    tiff.extend_from_slice(&o.to_be_bytes());
    tiff.extend_from_slice(&[0, 0, 0, 0, 0, 0]);
    let mut seg = b"Exif\0\0".to_vec();
    seg.extend(tiff);
    let mut out = jpeg[..2].to_vec();
    out.extend_from_slice(&[0xFF, 0xE1]);
    out.extend_from_slice(&((seg.len() + 2) as u16).to_be_bytes());
    out.extend(seg);
    out.extend_from_slice(&jpeg[2..]);
    out
}

fn page_sizes(pdf: &[u8]) -> Vec<String> {
    let dir = tempfile::tempdir().unwrap();
    let p = write(dir.path(), "f.pdf", pdf);
    let (ok, out) = run("pdfinfo", &["-f", "1", "-l", "99", &p]);
    assert!(ok, "{out}");
    out.lines()
        .filter(|l| l.starts_with("Page") && l.contains("size:"))
        .map(|l| l.split("size:").nth(1).unwrap().trim().to_owned())
        .collect()
}

#[test]
fn three_photos_make_a_three_page_a4_pdf() {
    let (pdf, pages) = images_to_pdf(&[JPEG.to_vec(), PNG.to_vec(), JPEG.to_vec()]).unwrap();
    crate::forms::save("photos.pdf", &pdf);
    assert_eq!(pages, 3);
    assert_eq!(pdf_page_count(&pdf).unwrap(), 3);
    for size in page_sizes(&pdf) {
        assert!(size.starts_with("595.276 x 841.89"), "{size}");
    }
    // The JPEG is embedded as is (DCT passthrough), so the PDF is about the photos' size.
    assert!(
        pdf.len() < JPEG.len() * 2 + PNG.len() * 2 + 20_000,
        "{} bytes",
        pdf.len()
    );
}

#[test]
fn a_sideways_photo_is_turned_upright_by_its_exif_orientation() {
    // The fixture is portrait; orientation 6 means it is displayed rotated, i.e. landscape.
    let (pdf, _) = images_to_pdf(&[with_orientation(JPEG, 6)]).unwrap();
    crate::forms::save("photo-rotated.pdf", &pdf);
    assert!(page_sizes(&pdf)[0].starts_with("841.89 x 595.276"));
}

#[test]
fn a_file_that_is_not_a_photo_is_refused_in_both_languages() {
    let err = images_to_pdf(&[JPEG.to_vec(), b"GIF89a...".to_vec()]).unwrap_err();
    assert_eq!(err.code(), "docs.not_an_image");
    assert_eq!(
        err.message_vi(),
        "Tệp thứ 2 không phải ảnh JPEG hoặc PNG. Chỉ nhận ảnh chụp JPEG/PNG."
    );
    assert_eq!(
        err.message_en(),
        "File 2 is not a JPEG or PNG image. Only JPEG/PNG photos are accepted."
    );
    // A truncated JPEG (right magic, broken body) is refused too.
    let err = images_to_pdf(&[JPEG[..40].to_vec()]).unwrap_err();
    assert_eq!(err.code(), "docs.not_an_image");
}

#[test]
fn uploaded_pdfs_are_counted_and_junk_is_refused() {
    let (pdf, _) = images_to_pdf(&[PNG.to_vec(), PNG.to_vec()]).unwrap();
    assert_eq!(pdf_page_count(&pdf).unwrap(), 2);
    let logbook = motcua_docs::render(&crate::fixtures::logbook(100)).unwrap();
    assert!(pdf_page_count(&logbook).unwrap() > 5);
    assert_eq!(
        pdf_page_count(b"hello").unwrap_err().code(),
        "docs.not_a_pdf"
    );
    assert_eq!(
        pdf_page_count(b"%PDF-1.7\ngarbage").unwrap_err().code(),
        "docs.not_a_pdf"
    );
}
