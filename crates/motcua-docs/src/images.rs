//! Phone photos of a paper document → one PDF, and page counts of uploaded PDFs.
//!
//! TT 01/2023/TT-VPCP art. 8(2) (R-LC-2): the whole document is copied, in order, and the image
//! count equals the page count — so one image is exactly one page, never split or merged.
//! JPEGs are embedded as they are (no re-encoding, no quality loss); phones store rotation in
//! the EXIF orientation tag rather than in the pixels, so we honour it.

use std::sync::Arc;

use krilla::Document;
use krilla::geom::{Size, Transform};
use krilla::image::Image;
use krilla::page::PageSettings;

use crate::DocError;
use crate::layout::{A4, metadata};

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Kind {
    Jpeg,
    Png,
}

fn sniff(bytes: &[u8]) -> Option<Kind> {
    if bytes.starts_with(&[0xFF, 0xD8, 0xFF]) {
        Some(Kind::Jpeg)
    } else if bytes.starts_with(b"\x89PNG\r\n\x1a\n") {
        Some(Kind::Png)
    } else {
        None
    }
}

/// Combines JPEG/PNG images into one PDF, one A4 page per image (landscape pages for landscape
/// images), each scaled to fit the page with its aspect ratio kept and centred.
/// Returns the PDF and its page count (= number of images).
pub fn images_to_pdf(images: &[Vec<u8>]) -> Result<(Vec<u8>, usize), DocError> {
    if images.is_empty() {
        return Err(DocError::NoImages);
    }
    let mut doc = Document::new_with(krilla::SerializeSettings {
        enable_tagging: false,
        xmp_metadata: false,
        ..Default::default()
    });
    doc.set_metadata(metadata("Bản điện tử của giấy tờ (ảnh chụp)", None));
    for (index, bytes) in images.iter().enumerate() {
        let kind = sniff(bytes).ok_or(DocError::NotAnImage { index })?;
        let data: Arc<dyn AsRef<[u8]> + Send + Sync> = Arc::new(bytes.clone());
        let (image, orientation) = match kind {
            Kind::Jpeg => (
                Image::from_jpeg(data.into(), true),
                exif_orientation(bytes).unwrap_or(1),
            ),
            Kind::Png => (Image::from_png(data.into(), true), 1),
        };
        let image = image.ok_or(DocError::NotAnImage { index })?;
        let (w, h) = image.size();
        if w == 0 || h == 0 {
            return Err(DocError::NotAnImage { index });
        }
        let swapped = orientation >= 5;
        let (dw, dh) = if swapped {
            (h as f32, w as f32)
        } else {
            (w as f32, h as f32)
        };
        let (pw, ph) = if dw > dh { (A4.1, A4.0) } else { A4 };
        let s = (pw / dw).min(ph / dh);
        let (bw, bh) = (dw * s, dh * s); // displayed box
        let (x, y) = ((pw - bw) / 2.0, (ph - bh) / 2.0);
        let (a, b) = (w as f32 * s, h as f32 * s); // stored image size on the page
        let t = orient(orientation, x, y, a, b);
        let mut page = doc.start_page_with(PageSettings::new(pw, ph));
        let mut surface = page.surface();
        surface.push_transform(&t);
        surface.draw_image(
            image,
            Size::from_wh(a, b).ok_or(DocError::NotAnImage { index })?,
        );
        surface.pop();
        surface.finish();
        page.finish();
    }
    let pdf = doc.finish().map_err(DocError::render)?;
    Ok((pdf, images.len()))
}

/// Maps the stored image (drawn at the origin, `a` × `b`) into the displayed box at (x, y):
/// the eight EXIF orientations (CIPA DC-008, tag 0x0112).
fn orient(o: u16, x: f32, y: f32, a: f32, b: f32) -> Transform {
    let (sx, ky, kx, sy, tx, ty) = match o {
        2 => (-1.0, 0.0, 0.0, 1.0, x + a, y),
        3 => (-1.0, 0.0, 0.0, -1.0, x + a, y + b),
        4 => (1.0, 0.0, 0.0, -1.0, x, y + b),
        5 => (0.0, 1.0, 1.0, 0.0, x, y),
        6 => (0.0, 1.0, -1.0, 0.0, x + b, y),
        7 => (0.0, -1.0, -1.0, 0.0, x + b, y + a),
        8 => (0.0, -1.0, 1.0, 0.0, x, y + a),
        _ => (1.0, 0.0, 0.0, 1.0, x, y),
    };
    Transform::from_row(sx, ky, kx, sy, tx, ty)
}

/// Reads the EXIF orientation (1–8) from a JPEG's APP1 segment, if any.
pub(crate) fn exif_orientation(jpeg: &[u8]) -> Option<u16> {
    let mut i = 2;
    while i + 4 <= jpeg.len() {
        if jpeg[i] != 0xFF {
            return None;
        }
        let marker = jpeg[i + 1];
        if marker == 0xD8 || (0xD0..=0xD7).contains(&marker) || marker == 0x01 {
            i += 2;
            continue;
        }
        if marker == 0xDA || marker == 0xD9 {
            return None; // image data starts: no EXIF before it
        }
        let len = u16::from_be_bytes([jpeg[i + 2], jpeg[i + 3]]) as usize;
        let seg = jpeg.get(i + 4..i + 2 + len)?;
        if marker == 0xE1 && seg.starts_with(b"Exif\0\0") {
            return tiff_orientation(&seg[6..]);
        }
        i += 2 + len;
    }
    None
}

fn tiff_orientation(t: &[u8]) -> Option<u16> {
    let le = match t.get(0..2)? {
        b"II" => true,
        b"MM" => false,
        _ => return None,
    };
    let u16_at = |p: usize| -> Option<u16> {
        let b = t.get(p..p + 2)?;
        Some(if le {
            u16::from_le_bytes([b[0], b[1]])
        } else {
            u16::from_be_bytes([b[0], b[1]])
        })
    };
    let u32_at = |p: usize| -> Option<u32> {
        let b = t.get(p..p + 4)?;
        let a = [b[0], b[1], b[2], b[3]];
        Some(if le {
            u32::from_le_bytes(a)
        } else {
            u32::from_be_bytes(a)
        })
    };
    let ifd = u32_at(4)? as usize;
    let n = u16_at(ifd)? as usize;
    for k in 0..n.min(512) {
        let e = ifd + 2 + 12 * k;
        if u16_at(e)? == 0x0112 {
            let v = u16_at(e + 8)?;
            return (1..=8).contains(&v).then_some(v);
        }
    }
    None
}

/// Number of pages of an uploaded PDF (to check "image count = page count" and to show it).
pub fn pdf_page_count(pdf: &[u8]) -> Result<usize, DocError> {
    if !pdf.starts_with(b"%PDF-") && !pdf[..pdf.len().min(1024)].windows(5).any(|w| w == b"%PDF-") {
        return Err(DocError::not_a_pdf("no %PDF- header"));
    }
    let doc = load_untrusted(pdf)?;
    let n = doc.get_pages().len();
    if n == 0 {
        return Err(DocError::not_a_pdf("no pages"));
    }
    Ok(n)
}

/// Parses an uploaded PDF. Uploads are untrusted, and a parser bug must not take a request
/// thread down with it, so a panic inside lopdf becomes `docs.not_a_pdf`.
pub(crate) fn load_untrusted(pdf: &[u8]) -> Result<lopdf::Document, DocError> {
    let loaded = std::panic::catch_unwind(|| lopdf::Document::load_mem(pdf))
        .map_err(|_| DocError::not_a_pdf("parser panicked"))?;
    match loaded {
        Ok(doc) => Ok(doc),
        Err(_) if pdf.windows(8).any(|w| w == b"/Encrypt") => Err(DocError::EncryptedPdf),
        Err(e) => Err(DocError::not_a_pdf(e)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn exif_jpeg(orientation: u16) -> Vec<u8> {
        // SOI, APP1 with a big-endian TIFF holding one IFD entry (orientation), then EOI.
        let mut tiff = b"MM\0\x2a\0\0\0\x08".to_vec();
        tiff.extend_from_slice(&1u16.to_be_bytes());
        tiff.extend_from_slice(&0x0112u16.to_be_bytes());
        tiff.extend_from_slice(&3u16.to_be_bytes());
        tiff.extend_from_slice(&1u32.to_be_bytes());
        tiff.extend_from_slice(&orientation.to_be_bytes());
        tiff.extend_from_slice(&[0, 0, 0, 0, 0, 0]);
        let mut seg = b"Exif\0\0".to_vec();
        seg.extend(tiff);
        let mut j = vec![0xFF, 0xD8, 0xFF, 0xE1];
        j.extend_from_slice(&((seg.len() + 2) as u16).to_be_bytes());
        j.extend(seg);
        j.extend_from_slice(&[0xFF, 0xD9]);
        j
    }

    #[test]
    fn reads_exif_orientation() {
        for o in 1..=8 {
            assert_eq!(exif_orientation(&exif_jpeg(o)), Some(o));
        }
        assert_eq!(exif_orientation(&[0xFF, 0xD8, 0xFF, 0xD9]), None);
    }

    #[test]
    fn orientation_maps_corners_into_the_box() {
        let (x, y, a, b) = (10.0, 20.0, 300.0, 200.0);
        for o in 1..=8u16 {
            let t = orient(o, x, y, a, b);
            let (bw, bh) = if o >= 5 { (b, a) } else { (a, b) };
            for (u, v) in [(0.0, 0.0), (a, 0.0), (0.0, b), (a, b)] {
                let px = t.sx() * u + t.kx() * v + t.tx();
                let py = t.ky() * u + t.sy() * v + t.ty();
                assert!(px >= x - 0.01 && px <= x + bw + 0.01, "o={o}");
                assert!(py >= y - 0.01 && py <= y + bh + 0.01, "o={o}");
            }
        }
    }

    #[test]
    fn rejects_non_images() {
        let err = images_to_pdf(&[b"%PDF-1.7 not an image".to_vec()]).unwrap_err();
        assert_eq!(err.code(), "docs.not_an_image");
        assert!(err.message_vi().contains("Tệp thứ 1"));
        assert!(err.message_en().contains("File 1"));
        assert_eq!(images_to_pdf(&[]).unwrap_err().code(), "docs.no_images");
    }
}
