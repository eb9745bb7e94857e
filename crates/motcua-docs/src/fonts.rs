//! The embedded Noto Serif faces and text shaping.
//!
//! Nghị định 30/2020/NĐ-CP, Phụ lục I prescribes a Times-like serif (Unicode, TCVN 6909:2001) for
//! administrative documents; Noto Serif (OFL, data/fonts/) has every Vietnamese letter. The fonts
//! are compiled into the binary so a deployment needs no font files, and krilla subsets them in
//! each PDF.
//!
//! We shape with rustybuzz ourselves (krilla does the same internally) because layout needs the
//! widths before drawing: line wrapping, centring, justification. Text is normalised to NFC first:
//! decomposed input ("e" + U+0302 + U+0303) would otherwise reach the ToUnicode map as separate
//! marks and `pdftotext` would not return the letters people typed.

use std::collections::HashMap;
use std::sync::{Arc, Mutex, OnceLock};

use krilla::text::{Font, GlyphId, KrillaGlyph};
use unicode_normalization::UnicodeNormalization;

static REGULAR: &[u8] = include_bytes!("../../../data/fonts/NotoSerif-Regular.ttf");
static BOLD: &[u8] = include_bytes!("../../../data/fonts/NotoSerif-Bold.ttf");
static ITALIC: &[u8] = include_bytes!("../../../data/fonts/NotoSerif-Italic.ttf");
static BOLD_ITALIC: &[u8] = include_bytes!("../../../data/fonts/NotoSerif-BoldItalic.ttf");

/// The four faces used by Decree 30 layouts (regular body, bold titles, italic place/date,
/// bold italic "Nơi nhận:").
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub(crate) enum Style {
    Regular,
    Bold,
    Italic,
    BoldItalic,
}

struct Face {
    pdf: Font,
    shaper: rustybuzz::Face<'static>,
    upem: f32,
}

struct Faces {
    faces: [Face; 4],
    /// Width cache (per style, per word, in em) — logbooks repeat the same words thousands of
    /// times, and shaping is the bulk of layout time.
    widths: Mutex<HashMap<(Style, String), f32>>,
}

fn faces() -> &'static Faces {
    static FACES: OnceLock<Faces> = OnceLock::new();
    FACES.get_or_init(|| {
        let load = |bytes: &'static [u8]| {
            let data: Arc<dyn AsRef<[u8]> + Send + Sync> = Arc::new(bytes);
            let pdf = Font::new(data.into(), 0).expect("embedded font is valid");
            let shaper = rustybuzz::Face::from_slice(bytes, 0).expect("embedded font is valid");
            let upem = shaper.units_per_em() as f32;
            Face { pdf, shaper, upem }
        };
        Faces {
            faces: [load(REGULAR), load(BOLD), load(ITALIC), load(BOLD_ITALIC)],
            widths: Mutex::new(HashMap::new()),
        }
    })
}

fn face(style: Style) -> &'static Face {
    let f = &faces().faces;
    match style {
        Style::Regular => &f[0],
        Style::Bold => &f[1],
        Style::Italic => &f[2],
        Style::BoldItalic => &f[3],
    }
}

/// The krilla font object for a style (cheap to clone).
pub(crate) fn pdf_font(style: Style) -> Font {
    face(style).pdf.clone()
}

/// NFC-normalises text, and replaces control characters (a stray tab or CR from a form field)
/// with spaces so they do not become missing-glyph boxes.
pub(crate) fn clean(text: &str) -> String {
    text.nfc()
        .map(|c| if c.is_control() && c != '\n' { ' ' } else { c })
        .collect()
}

/// Shapes one run of text. Advances are in em (krilla multiplies by the font size).
/// `extra_space` (in em) is added to every space, which is how justified lines are spread
/// while the text stays one run (so copy-paste and `pdftotext` keep the spaces).
pub(crate) fn shape(style: Style, text: &str, extra_space: f32) -> Vec<KrillaGlyph> {
    let f = face(style);
    let mut buffer = rustybuzz::UnicodeBuffer::new();
    buffer.push_str(text);
    buffer.set_direction(rustybuzz::Direction::LeftToRight);
    buffer.guess_segment_properties();
    let out = rustybuzz::shape(&f.shaper, &[], buffer);
    let infos = out.glyph_infos();
    let positions = out.glyph_positions();
    let mut glyphs = Vec::with_capacity(infos.len());
    for (i, (info, pos)) in infos.iter().zip(positions).enumerate() {
        let start = info.cluster as usize;
        // The cluster ends where the next cluster starts (LTR only: Vietnamese is LTR).
        let end = infos[i + 1..]
            .iter()
            .map(|n| n.cluster as usize)
            .find(|&c| c != start)
            .unwrap_or(text.len());
        let mut advance = pos.x_advance as f32 / f.upem;
        if extra_space != 0.0 && text[start..end].chars().all(|c| c == ' ') {
            advance += extra_space;
        }
        glyphs.push(KrillaGlyph::new(
            GlyphId::new(info.glyph_id),
            advance,
            pos.x_offset as f32 / f.upem,
            pos.y_offset as f32 / f.upem,
            pos.y_advance as f32 / f.upem,
            start..end,
            None,
        ));
    }
    glyphs
}

/// Width of `text` in points at `size`.
pub(crate) fn width(style: Style, size: f32, text: &str) -> f32 {
    let measure = || -> f32 { shape(style, text, 0.0).iter().map(|g| g.x_advance).sum() };
    if text.len() > 48 {
        return measure() * size; // long runs rarely repeat; keep the cache for words
    }
    let key = (style, text.to_owned());
    if let Some(w) = faces().widths.lock().expect("width cache").get(&key) {
        return w * size;
    }
    let em = measure();
    let mut cache = faces().widths.lock().expect("width cache");
    if cache.len() > 50_000 {
        cache.clear(); // bound memory for long-running servers
    }
    cache.insert(key, em);
    em * size
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_vietnamese_letter_has_a_glyph() {
        let letters = "aàảãáạăằẳẵắặâầẩẫấậbcdđeèẻẽéẹêềểễếệghiìỉĩíịklmnoòỏõóọôồổỗốộơờởỡớợ\
                       pqrstuùủũúụưừửữứựvxyỳỷỹýỵ";
        let all: String = letters
            .chars()
            .chain(letters.to_uppercase().chars())
            .collect();
        for style in [
            Style::Regular,
            Style::Bold,
            Style::Italic,
            Style::BoldItalic,
        ] {
            for g in shape(style, &all, 0.0) {
                assert_ne!(g.glyph_id.to_u32(), 0, "missing glyph in {style:?}");
            }
        }
    }

    #[test]
    fn decomposed_input_is_composed() {
        let decomposed = "Nguye\u{0302}\u{0303}n";
        assert_eq!(clean(decomposed), "Nguyễn");
    }

    #[test]
    fn justification_widens_only_spaces() {
        let plain: f32 = shape(Style::Regular, "a b c", 0.0)
            .iter()
            .map(|g| g.x_advance)
            .sum();
        let wide: f32 = shape(Style::Regular, "a b c", 0.5)
            .iter()
            .map(|g| g.x_advance)
            .sum();
        assert!((wide - plain - 1.0).abs() < 1e-4);
    }
}
