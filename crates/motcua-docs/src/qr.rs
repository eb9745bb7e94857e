//! QR codes: an SVG for HTML pages and vector modules inside PDFs.
//!
//! TT 01/2018 art. 19 lets a barcode or QR code stand beside the dossier code; the electronic
//! result carries one pointing at `/verify/<code>` (R-LC-9). Error correction level M keeps
//! the code small and survives a creased paper receipt.

use qrcode::{Color, EcLevel, QrCode};

use crate::DocError;
use crate::layout::Op;

/// Modules of a QR code (row-major, `true` = dark), without the quiet zone.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct QrMatrix {
    pub width: usize,
    pub dark: Vec<bool>,
}

/// The quiet zone the QR standard asks for (ISO/IEC 18004: 4 modules).
pub const QUIET_ZONE: usize = 4;

/// Encodes `text` (UTF-8 bytes) as a QR code.
pub fn qr_matrix(text: &str) -> Result<QrMatrix, DocError> {
    let code = QrCode::with_error_correction_level(text.as_bytes(), EcLevel::M)
        .map_err(|_| DocError::QrTooLong)?;
    let dark = code
        .to_colors()
        .into_iter()
        .map(|c| c == Color::Dark)
        .collect();
    Ok(QrMatrix {
        width: code.width(),
        dark,
    })
}

impl QrMatrix {
    /// Horizontal runs of dark modules per row: (row, start column, length). Drawing runs
    /// instead of single modules makes the SVG and the PDF path several times smaller.
    fn runs(&self) -> Vec<(usize, usize, usize)> {
        let mut out = Vec::new();
        for y in 0..self.width {
            let row = &self.dark[y * self.width..(y + 1) * self.width];
            let mut x = 0;
            while x < self.width {
                if row[x] {
                    let start = x;
                    while x < self.width && row[x] {
                        x += 1;
                    }
                    out.push((y, start, x - start));
                } else {
                    x += 1;
                }
            }
        }
        out
    }
}

fn escape(text: &str) -> String {
    let mut s = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => s.push_str("&amp;"),
            '<' => s.push_str("&lt;"),
            '>' => s.push_str("&gt;"),
            '"' => s.push_str("&quot;"),
            '\'' => s.push_str("&#39;"),
            c => s.push(c),
        }
    }
    s
}

/// A compact, accessible SVG of the QR code of `text`: `role="img"` with a `<title>` that
/// screen readers announce, white quiet zone included, one `<path>` of module runs.
/// Scale it with CSS (`width: 8rem`); `shape-rendering` keeps the edges sharp.
pub fn qr_svg(text: &str) -> Result<String, DocError> {
    qr_svg_titled(text, &format!("Mã QR: {text}"))
}

/// Like [`qr_svg`] with a chosen accessible title (e.g. "Mã QR tra cứu hồ sơ H56.22-260126-0001").
pub fn qr_svg_titled(text: &str, title: &str) -> Result<String, DocError> {
    let m = qr_matrix(text)?;
    let size = m.width + 2 * QUIET_ZONE;
    let mut d = String::with_capacity(m.width * m.width / 2);
    for (y, x, len) in m.runs() {
        use std::fmt::Write;
        let _ = write!(d, "M{} {}h{len}v1h-{len}z", x + QUIET_ZONE, y + QUIET_ZONE);
    }
    Ok(format!(
        "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 {size} {size}\" role=\"img\" \
         shape-rendering=\"crispEdges\"><title>{}</title><rect width=\"{size}\" \
         height=\"{size}\" fill=\"#fff\"/><path d=\"{d}\"/></svg>",
        escape(title)
    ))
}

/// The QR code of `text` as filled rectangles at `(x, y)` (top-left of the quiet zone),
/// `size` points wide including the quiet zone.
pub(crate) fn qr_op(text: &str, x: f32, y: f32, size: f32) -> Result<Op, DocError> {
    let m = qr_matrix(text)?;
    let module = size / (m.width + 2 * QUIET_ZONE) as f32;
    let q = QUIET_ZONE as f32 * module;
    let rects = m
        .runs()
        .into_iter()
        .map(|(row, col, len)| {
            (
                x + q + col as f32 * module,
                y + q + row as f32 * module,
                len as f32 * module,
                module,
            )
        })
        .collect();
    Ok(Op::Rects(rects, crate::layout::ARTIFACT))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn svg_is_small_and_accessible() {
        let svg = qr_svg("https://motcua.example/verify/H56.22.17-260126-0001").unwrap();
        assert!(svg.starts_with("<svg"));
        assert!(svg.contains("role=\"img\""));
        assert!(svg.contains("<title>Mã QR: https://motcua.example/verify/"));
        assert!(svg.len() < 6_000, "svg is {} bytes", svg.len());
    }

    #[test]
    fn title_is_escaped() {
        let svg = qr_svg("<a&b>").unwrap();
        assert!(svg.contains("<title>Mã QR: &lt;a&amp;b&gt;</title>"));
    }

    #[test]
    fn too_long_is_an_error() {
        let long = "x".repeat(5000);
        assert_eq!(qr_svg(&long).unwrap_err().code(), "docs.qr_too_long");
    }

    #[test]
    fn matrix_has_finder_patterns() {
        let m = qr_matrix("H56.22.17-260126-0001").unwrap();
        // Top-left finder: a 7×7 dark ring.
        assert!((0..7).all(|i| m.dark[i] && m.dark[6 * m.width + i]));
    }
}
