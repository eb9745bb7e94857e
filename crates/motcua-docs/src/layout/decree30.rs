//! The parts every administrative document shares, laid out as Nghị định 30/2020/NĐ-CP,
//! Phụ lục I prescribes: the national motto (Quốc hiệu và Tiêu ngữ) top right with a rule under
//! it, the issuing body top left with a short rule, "Số:" under the body, the place and date in
//! italics level with it, the title in bold capitals, the signature block, and "Nơi nhận:".

use jiff::civil::Date;

use super::text::{self, Align, Para};
use super::{Layout, MM, Role};
use crate::fonts::{self, Style};
use crate::format;
use crate::forms::Issuer;

pub(crate) const MOTTO: &str = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM";
pub(crate) const MOTTO_2: &str = "Độc lập - Tự do - Hạnh phúc";

/// Share of the text width taken by the left (issuing body) column.
const LEFT_SHARE: f32 = 0.40;

/// Largest size ≤ `preferred` (down to 70 %) at which `text` fits `max`.
fn fit(style: Style, preferred: f32, text: &str, max: f32) -> f32 {
    let w = fonts::width(style, preferred, text);
    if w <= max {
        preferred
    } else {
        (preferred * max / w).max(preferred * 0.7)
    }
}

/// Small form label above the header, e.g. "Mẫu số 01" (TT 03/2025/TT-VPCP, Phụ lục I).
pub(crate) fn form_label(l: &mut Layout, label: Option<&str>) {
    if let Some(label) = label {
        l.begin(Role::P);
        let y = l.y + 9.0;
        let right = l.right();
        l.text_right(right, y, Style::Italic, 10.0, label);
        l.y += 14.0;
    }
}

/// Header: issuing body and number on the left, motto and place/date on the right.
pub(crate) fn header(l: &mut Layout, issuer: &Issuer, number: &str, date: Date) {
    let top = l.y;
    let left_w = l.text_width() * LEFT_SHARE;
    let lx = l.left();
    let rx = lx + left_w;
    let right_w = l.text_width() - left_w;

    // Left column: parent body (regular caps), issuing body (bold caps), short rule.
    l.begin(Role::P);
    let mut y = top;
    let mut widest: f32 = 0.0;
    for (style, name) in [
        (Style::Regular, issuer.parent.as_deref().unwrap_or("")),
        (Style::Bold, issuer.name.as_str()),
    ] {
        let name = fonts::clean(name).to_uppercase();
        if name.trim().is_empty() {
            continue;
        }
        for line in text::wrap(&[(style, &name)], 12.5, left_w - 4.0, 0.0) {
            text::draw_line(l, &line, lx, y + 12.0, left_w, 12.5, Align::Centre);
            widest = widest.max(line.width);
            y += 15.0;
        }
    }
    // "dưới có đường kẻ ngang, nét liền, có độ dài bằng từ 1/3 đến 1/2 độ dài của dòng chữ"
    let rule = (widest * 0.4).max(30.0);
    let cx = lx + left_w / 2.0;
    l.line(cx - rule / 2.0, y + 3.0, cx + rule / 2.0, y + 3.0, 0.6);
    let left_bottom = y + 3.0;

    // Right column: motto, slogan, full-length rule under the slogan.
    let rcx = rx + right_w / 2.0;
    l.begin(Role::P);
    let motto_size = fit(Style::Bold, 12.5, MOTTO, right_w);
    l.text_centred(rcx, top + 12.0, Style::Bold, motto_size, MOTTO);
    l.begin(Role::P);
    let slogan_size = fit(Style::Bold, 13.0, MOTTO_2, right_w);
    l.text_centred(rcx, top + 28.0, Style::Bold, slogan_size, MOTTO_2);
    let sw = fonts::width(Style::Bold, slogan_size, MOTTO_2);
    l.line(rcx - sw / 2.0, top + 33.0, rcx + sw / 2.0, top + 33.0, 0.6);
    let right_bottom = top + 33.0;

    // "Số:" and the place/date share a baseline (Phụ lục I, mẫu trình bày).
    let base = left_bottom.max(right_bottom) + 17.0;
    let number = if number.trim().is_empty() {
        "……".to_owned()
    } else {
        fonts::clean(number)
    };
    let no = format!("Số: {number}");
    l.begin(Role::P);
    let no_size = fit(Style::Regular, 13.0, &no, left_w);
    l.text_centred(cx, base, Style::Regular, no_size, &no);
    let pd = format::place_date(&fonts::clean(&issuer.place), date);
    l.begin(Role::P);
    let pd_size = fit(Style::Italic, 13.0, &pd, right_w);
    l.text_centred(rcx, base, Style::Italic, pd_size, &pd);
    l.y = base + 14.0;
}

/// Document title in bold capitals, with an optional bold subject line under it.
pub(crate) fn title(l: &mut Layout, title: &str, subject: Option<&str>) {
    l.y += 2.0;
    let title = fonts::clean(title).to_uppercase();
    let heading = Para {
        heading: true,
        ..Para::centred(14.0)
    };
    text::paragraph(l, &[(Style::Bold, &title)], heading);
    if let Some(s) = subject.filter(|s| !s.trim().is_empty()) {
        text::paragraph(l, &[(Style::Bold, s)], Para::centred(13.0));
        // A short rule under the subject line (Phụ lục I: trích yếu nội dung).
        let cx = (l.left() + l.right()) / 2.0;
        let y = l.y + 2.0;
        l.line(cx - 40.0, y, cx + 40.0, y, 0.6);
        l.y += 4.0;
    }
    l.y += 6.0;
}

/// One signature block.
#[derive(Clone, Debug, Default)]
pub(crate) struct SignBlock {
    /// "TM. ỦY BAN NHÂN DÂN", "KT. CHỦ TỊCH" … (bold caps, above the title).
    pub authority: Option<String>,
    /// Position or role, printed in bold capitals.
    pub title: String,
    /// Instruction in italics, e.g. "(Ký, ghi rõ họ tên)".
    pub hint: Option<String>,
    /// Full name in bold.
    pub name: String,
}

/// Room for a handwritten signature and seal.
const SIGN_SPACE: f32 = 18.0 * MM;

fn block_height(b: &SignBlock) -> f32 {
    let mut h = 17.0 + SIGN_SPACE + 17.0;
    if b.authority.is_some() {
        h += 17.0;
    }
    if b.hint.is_some() {
        h += 15.0;
    }
    h
}

fn draw_block(l: &mut Layout, b: &SignBlock, x: f32, w: f32, top: f32) -> f32 {
    l.begin(Role::P);
    let cx = x + w / 2.0;
    let mut y = top;
    if let Some(a) = &b.authority {
        let a = fonts::clean(a).to_uppercase();
        let s = fit(Style::Bold, 13.0, &a, w);
        l.text_centred(cx, y + 13.0, Style::Bold, s, &a);
        y += 17.0;
    }
    let t = fonts::clean(&b.title).to_uppercase();
    let s = fit(Style::Bold, 13.0, &t, w);
    l.text_centred(cx, y + 13.0, Style::Bold, s, &t);
    y += 17.0;
    if let Some(h) = &b.hint {
        let h = fonts::clean(h);
        let s = fit(Style::Italic, 12.0, &h, w);
        l.text_centred(cx, y + 11.0, Style::Italic, s, &h);
        y += 15.0;
    }
    y += SIGN_SPACE;
    let n = fonts::clean(&b.name);
    let s = fit(Style::Bold, 13.0, &n, w);
    l.text_centred(cx, y + 13.0, Style::Bold, s, &n);
    y + 17.0
}

/// Two blocks side by side (applicant left, officer right), as on Mẫu 01 and Mẫu 03.
pub(crate) fn signatures_pair(l: &mut Layout, left: &SignBlock, right: &SignBlock) {
    let h = block_height(left).max(block_height(right));
    l.y += 8.0;
    l.ensure(h);
    let w = l.text_width() / 2.0;
    let top = l.y;
    let a = draw_block(l, left, l.left(), w, top);
    let b = draw_block(l, right, l.left() + w, w, top);
    l.y = a.max(b) + 6.0;
}

/// "Nơi nhận:" on the left (bold italic 12 pt, items 11 pt) and one signature block on the right.
pub(crate) fn signature_with_recipients(l: &mut Layout, recipients: &[String], block: &SignBlock) {
    let left_w = l.text_width() * 0.45;
    let right_w = l.text_width() - left_w;
    let rec_h = if recipients.is_empty() {
        0.0
    } else {
        16.0 + 14.0 * recipients.len() as f32
    };
    l.y += 8.0;
    l.ensure(block_height(block).max(rec_h));
    let top = l.y;
    let lx = l.left();
    let mut ly = top;
    if !recipients.is_empty() {
        l.begin(Role::P);
        l.text(lx, ly + 12.0, Style::BoldItalic, 12.0, "Nơi nhận:");
        ly += 16.0;
        for (i, r) in recipients.iter().enumerate() {
            let end = if i + 1 == recipients.len() { "." } else { ";" };
            let item = format!("- {}{end}", fonts::clean(r).trim_end_matches(['.', ';']));
            l.begin(Role::P);
            for line in text::wrap(&[(Style::Regular, &item)], 11.0, left_w - 6.0, 0.0) {
                text::draw_line(l, &line, lx, ly + 11.0, left_w, 11.0, Align::Left);
                ly += 14.0;
            }
        }
    }
    let by = draw_block(l, block, lx + left_w, right_w, top);
    l.y = by.max(ly) + 6.0;
}
