//! Line breaking of rich text (runs of regular/bold/italic) and paragraph placement.
//!
//! Decree 30/2020 Phụ lục I asks for justified body text ("canh đều 2 lề") with a first-line
//! indent of 1–1.27 cm; labels on the forms are regular and filled-in values often bold, so a
//! line may mix styles.

use super::{Layout, Op};
use crate::fonts::{self, Style};

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Align {
    Left,
    Centre,
    Justify,
}

/// A word: pieces glued together without a space (e.g. "Số" in bold followed by ":").
#[derive(Clone, Debug)]
struct Word {
    pieces: Vec<(Style, String)>,
    width: f32,
    /// The word is followed by a space (otherwise by a forced line break or the end).
    space_after: bool,
    break_after: bool,
}

/// One laid-out line: its runs (already merged by style, spaces included) and metrics.
#[derive(Clone, Debug)]
pub(crate) struct Line {
    pub runs: Vec<(Style, String)>,
    pub width: f32,
    pub spaces: usize,
    /// Last line of a paragraph or before a forced break: never justified.
    pub last: bool,
}

fn words(spans: &[(Style, &str)], size: f32) -> Vec<Word> {
    let mut out: Vec<Word> = Vec::new();
    let mut cur = Word {
        pieces: Vec::new(),
        width: 0.0,
        space_after: false,
        break_after: false,
    };
    let flush = |cur: &mut Word, out: &mut Vec<Word>, space: bool, brk: bool| {
        if !cur.pieces.is_empty() {
            cur.space_after = space;
            cur.break_after = brk;
            out.push(std::mem::replace(
                cur,
                Word {
                    pieces: Vec::new(),
                    width: 0.0,
                    space_after: false,
                    break_after: false,
                },
            ));
        } else if brk {
            // A blank line: keep it as an empty word that breaks.
            if let Some(last) = out.last_mut().filter(|w| !w.break_after) {
                last.break_after = true;
            } else {
                out.push(Word {
                    pieces: vec![(Style::Regular, String::new())],
                    width: 0.0,
                    space_after: false,
                    break_after: true,
                });
            }
        }
    };
    for &(style, text) in spans {
        let text = fonts::clean(text);
        let mut piece = String::new();
        for c in text.chars() {
            if c == ' ' || c == '\n' {
                if !piece.is_empty() {
                    cur.width += fonts::width(style, size, &piece);
                    cur.pieces.push((style, std::mem::take(&mut piece)));
                }
                flush(&mut cur, &mut out, c == ' ', c == '\n');
            } else {
                piece.push(c);
            }
        }
        if !piece.is_empty() {
            cur.width += fonts::width(style, size, &piece);
            cur.pieces.push((style, piece));
        }
    }
    flush(&mut cur, &mut out, false, false);
    out
}

/// Splits a word wider than `max` into character chunks (long codes, URLs).
fn split_long(word: Word, size: f32, max: f32) -> Vec<Word> {
    let mut out = Vec::new();
    let mut cur = Word {
        pieces: Vec::new(),
        width: 0.0,
        space_after: false,
        break_after: false,
    };
    for (style, text) in word.pieces {
        let mut chunk = String::new();
        for c in text.chars() {
            let mut trial = chunk.clone();
            trial.push(c);
            let w = fonts::width(style, size, &trial);
            if cur.width + w > max && !(chunk.is_empty() && cur.pieces.is_empty()) {
                if !chunk.is_empty() {
                    cur.width += fonts::width(style, size, &chunk);
                    cur.pieces.push((style, std::mem::take(&mut chunk)));
                }
                out.push(std::mem::replace(
                    &mut cur,
                    Word {
                        pieces: Vec::new(),
                        width: 0.0,
                        space_after: false,
                        break_after: false,
                    },
                ));
            }
            chunk.push(c);
        }
        if !chunk.is_empty() {
            cur.width += fonts::width(style, size, &chunk);
            cur.pieces.push((style, chunk));
        }
    }
    cur.space_after = word.space_after;
    cur.break_after = word.break_after;
    out.push(cur);
    out
}

/// Breaks rich text into lines of at most `width` points; the first line is `indent` shorter.
pub(crate) fn wrap(spans: &[(Style, &str)], size: f32, width: f32, indent: f32) -> Vec<Line> {
    let mut lines = Vec::new();
    let mut cur: Vec<Word> = Vec::new();
    let mut cur_w = 0.0f32;
    let space = |w: &Word| {
        fonts::width(
            w.pieces.last().map(|p| p.0).unwrap_or(Style::Regular),
            size,
            " ",
        )
    };
    let max_for = |n: usize| if n == 0 { width - indent } else { width };
    let mut all = Vec::new();
    for w in words(spans, size) {
        if w.width > width {
            all.extend(split_long(w, size, width));
        } else {
            all.push(w);
        }
    }
    for w in all {
        let gap = cur
            .last()
            .map(|p| if p.space_after { space(p) } else { 0.0 });
        let needed = cur_w + gap.unwrap_or(0.0) + w.width;
        if !cur.is_empty() && needed > max_for(lines.len()) + 0.01 {
            lines.push(make_line(std::mem::take(&mut cur), false));
            cur_w = 0.0;
        }
        cur_w += cur
            .last()
            .map(|p| if p.space_after { space(p) } else { 0.0 })
            .unwrap_or(0.0)
            + w.width;
        let brk = w.break_after;
        cur.push(w);
        if brk {
            lines.push(make_line(std::mem::take(&mut cur), true));
            cur_w = 0.0;
        }
    }
    if !cur.is_empty() {
        lines.push(make_line(cur, true));
    }
    if let Some(l) = lines.last_mut() {
        l.last = true;
    }
    for l in &mut lines {
        l.width = l.runs.iter().map(|(s, t)| fonts::width(*s, size, t)).sum();
    }
    lines
}

fn make_line(words: Vec<Word>, last: bool) -> Line {
    let mut runs: Vec<(Style, String)> = Vec::new();
    let mut spaces = 0;
    let n = words.len();
    for (i, w) in words.into_iter().enumerate() {
        let trailing = w.space_after && i + 1 < n;
        for (style, text) in w.pieces {
            match runs.last_mut() {
                Some((s, t)) if *s == style => t.push_str(&text),
                _ => runs.push((style, text)),
            }
        }
        if trailing {
            spaces += 1;
            runs.last_mut().expect("word has a piece").1.push(' ');
        }
    }
    Line {
        runs,
        width: 0.0,
        spaces,
        last,
    }
}

/// Draws one line at baseline `y` in the box `[x, x + width]`.
pub(crate) fn draw_line(
    l: &mut Layout,
    line: &Line,
    x: f32,
    y: f32,
    width: f32,
    size: f32,
    align: Align,
) {
    let (mut cx, extra) = match align {
        Align::Left => (x, 0.0),
        Align::Centre => (x + (width - line.width) / 2.0, 0.0),
        Align::Justify if !line.last && line.spaces > 0 => {
            (x, ((width - line.width) / line.spaces as f32).max(0.0))
        }
        Align::Justify => (x, 0.0),
    };
    for (style, text) in &line.runs {
        if text.is_empty() {
            continue;
        }
        let n_spaces = text.chars().filter(|&c| c == ' ').count() as f32;
        l.push(Op::Text {
            x: cx,
            y,
            style: *style,
            size,
            text: text.clone(),
            extra_space: extra / size,
            block: super::ARTIFACT,
        });
        cx += fonts::width(*style, size, text) + extra * n_spaces;
    }
}

/// Paragraph settings.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Para {
    /// Tag the paragraph as a heading (document title) instead of P.
    pub heading: bool,
    pub size: f32,
    pub leading: f32,
    pub align: Align,
    pub indent: f32,
    pub space_after: f32,
}

impl Para {
    /// Body text: 13 pt, justified, 1 cm first-line indent, 6 pt after (Decree 30 Phụ lục I).
    pub(crate) fn body() -> Para {
        Para {
            heading: false,
            size: 13.0,
            leading: 17.0,
            align: Align::Justify,
            indent: 10.0 * super::MM,
            space_after: 4.0,
        }
    }

    /// Form lines ("Mã hồ sơ: …"): justified, no indent, 12.5 pt so that a full Mẫu 01
    /// (with an authorised person and a QR code) stays on one sheet.
    pub(crate) fn field() -> Para {
        Para {
            heading: false,
            size: 12.5,
            leading: 15.5,
            align: Align::Justify,
            indent: 0.0,
            space_after: 1.5,
        }
    }

    pub(crate) fn centred(size: f32) -> Para {
        Para {
            heading: false,
            size,
            leading: size * 1.3,
            align: Align::Centre,
            indent: 0.0,
            space_after: 0.0,
        }
    }
}

/// Baseline offset inside a line box of height `leading`.
pub(crate) fn baseline(size: f32, leading: f32) -> f32 {
    (leading - size) / 2.0 + size * 0.8
}

/// Lays out a paragraph across the full text width, breaking pages as needed.
pub(crate) fn paragraph(l: &mut Layout, spans: &[(Style, &str)], p: Para) {
    let (x, mut w) = (l.left(), l.text_width());
    if let Some((bottom, fw)) = l.float_right {
        if l.y < bottom {
            w -= fw;
        } else {
            l.float_right = None;
        }
    }
    paragraph_in(l, spans, p, x, w);
}

/// Lays out a paragraph in the column `[x, x + width]`.
pub(crate) fn paragraph_in(l: &mut Layout, spans: &[(Style, &str)], p: Para, x: f32, width: f32) {
    l.begin(if p.heading {
        super::Role::H1
    } else {
        super::Role::P
    });
    let lines = wrap(spans, p.size, width, p.indent);
    for (i, line) in lines.iter().enumerate() {
        l.ensure(p.leading);
        let indent = if i == 0 { p.indent } else { 0.0 };
        let y = l.y + baseline(p.size, p.leading);
        draw_line(l, line, x + indent, y, width - indent, p.size, p.align);
        l.y += p.leading;
    }
    l.y += p.space_after;
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wraps_at_spaces_and_keeps_styles() {
        let lines = wrap(
            &[
                (Style::Regular, "Họ và tên: "),
                (Style::Bold, "Nguyễn Thị Minh Khai"),
            ],
            13.0,
            120.0,
            0.0,
        );
        assert!(lines.len() >= 2);
        let text: Vec<String> = lines
            .iter()
            .map(|l| l.runs.iter().map(|r| r.1.as_str()).collect())
            .collect();
        assert_eq!(text.join(" "), "Họ và tên: Nguyễn Thị Minh Khai");
        assert!(lines.iter().all(|l| l.width <= 120.0 + 0.01));
    }

    #[test]
    fn forced_breaks_and_long_words() {
        let lines = wrap(&[(Style::Regular, "a\nb")], 12.0, 300.0, 0.0);
        assert_eq!(lines.len(), 2);
        let long = "x".repeat(200);
        let lines = wrap(&[(Style::Regular, &long)], 12.0, 100.0, 0.0);
        assert!(lines.len() > 5);
        assert!(lines.iter().all(|l| l.width <= 100.01));
    }
}
