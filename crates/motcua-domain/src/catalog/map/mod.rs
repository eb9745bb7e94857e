//! The mapping heuristics from the national format to [`crate::procedure::ProcedureVersion`],
//! one small function each so that each can be tested on the real texts.

pub mod components;
pub mod fees;
pub mod legal;
pub mod steps;
pub mod time;

use crate::fold::fold;
use crate::ids::ProcedureCode;
use crate::procedure::{Channel, FieldKind, FormField, Level, OnlineMode};

/// The levels named in the level text. Only the text outside parentheses counts when it names a
/// level: "Cấp xã (… CSDLQG ghi "Cấp bộ, Cấp xã")" is a commune procedure. "Cấp huyện" is
/// ignored (no district level since 2025-07-01).
pub fn levels(text: &str) -> Vec<Level> {
    let mut outside = String::new();
    let mut depth = 0usize;
    for c in text.chars() {
        match c {
            '(' => depth += 1,
            ')' => depth = depth.saturating_sub(1),
            _ if depth == 0 => outside.push(c),
            _ => {}
        }
    }
    let found = levels_in(&outside);
    if found.is_empty() {
        levels_in(text)
    } else {
        found
    }
}

fn levels_in(text: &str) -> Vec<Level> {
    let folded = format!(" {} ", fold(text));
    [
        (" cap bo ", Level::Ministry),
        (" cap tinh ", Level::Province),
        (" cap xa ", Level::Commune),
    ]
    .into_iter()
    .filter(|(w, _)| folded.contains(w))
    .map(|(_, l)| l)
    .collect()
}

/// The ways a dossier may arrive, consistent with [`OnlineMode`]: online only when the level is
/// known to allow it; "truc_tiep" means the national database lists only the desk.
pub fn channels(mode: Option<OnlineMode>) -> Vec<Channel> {
    match mode {
        Some(OnlineMode::Full | OnlineMode::Partial) => Channel::ALL.to_vec(),
        Some(OnlineMode::InPerson) => vec![Channel::Desk],
        None => vec![Channel::Desk, Channel::Post],
    }
}

/// The result is a paper (giấy tờ) when one of its items (separated by ';') is not merely a
/// database update, a notice or a refusal: "Giấy khai sinh" yes; "Cập nhật thông tin trong Cơ sở
/// dữ liệu …; Thông báo kết quả …; Phiếu từ chối …" no.
pub fn result_is_document(result: &str) -> bool {
    result.split(';').any(|item| {
        let f = fold(item);
        let f = f.trim_start_matches(|c: char| !c.is_ascii_alphanumeric());
        !f.is_empty()
            && !f.starts_with("cap nhat")
            && !f.starts_with("thong bao")
            && !f.starts_with("co quan")
            && !f.contains("tu choi")
    })
}

/// 64-bit FNV-1a: fixed by its definition, so local codes do not change with the Rust version
/// (std's hasher is randomly seeded and not stable).
fn fnv1a(text: &str) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in text.bytes() {
        h ^= u64::from(b);
        h = h.wrapping_mul(0x0000_0100_0000_01b3);
    }
    h
}

/// Local codes for records without a national code, derived from the folded name so that the
/// same procedure gets the same code on every import (even if the file's order changes or other
/// records are added). On a clash the next free number is taken, in file order.
pub fn local_codes<'a>(
    names: impl IntoIterator<Item = &'a str>,
    taken: &mut std::collections::HashSet<ProcedureCode>,
) -> Vec<ProcedureCode> {
    let mut out = Vec::new();
    for name in names {
        let mut n = (fnv1a(&fold(name)) % 999_999) as u32 + 1;
        loop {
            let code = ProcedureCode::local(n);
            if taken.insert(code.clone()) {
                out.push(code);
                break;
            }
            n = n % 999_999 + 1;
        }
    }
    out
}

/// The field every procedure's online form has: what the applicant asks for.
pub fn request_field() -> FormField {
    FormField {
        key: "request".into(),
        label_vi: "Nội dung yêu cầu giải quyết".into(),
        label_en: "What you are asking for".into(),
        kind: FieldKind::LongText,
        required: true,
        help_vi: Some("Ghi ngắn gọn việc ông/bà cần giải quyết.".into()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn level_texts() {
        assert_eq!(levels("Cấp xã (UBND cấp xã)"), [Level::Commune]);
        assert_eq!(
            levels("Cấp xã (Cơ quan đăng ký kinh doanh cấp xã; CSDLQG ghi \"Cấp bộ, Cấp xã\")"),
            [Level::Commune]
        );
        assert_eq!(
            levels("Cấp tỉnh, Cấp xã (CSDLQG 2026; cơ quan thực hiện: …)"),
            [Level::Province, Level::Commune]
        );
        assert_eq!(
            levels("Cấp bộ, Cấp tỉnh, Cấp xã, Cơ quan khác (…)"),
            [Level::Ministry, Level::Province, Level::Commune]
        );
        assert_eq!(levels("(Cấp xã)"), [Level::Commune]);
        assert!(levels("Cấp huyện").is_empty());
    }

    #[test]
    fn documents() {
        assert!(result_is_document("Giấy khai sinh"));
        assert!(result_is_document(
            "Phiếu từ chối tiếp nhận, giải quyết hồ sơ (lĩnh vực cư trú); Xác nhận thông tin về cư trú (CT07)"
        ));
        assert!(!result_is_document(
            "Cập nhật thông tin trong Cơ sở dữ liệu quốc gia về dân cư; Thông báo kết quả giải quyết thủ tục về cư trú, hủy bỏ thủ tục về cư trú; Phiếu từ chối tiếp nhận, giải quyết hồ sơ (lĩnh vực cư trú)"
        ));
        assert!(!result_is_document(""));
    }

    #[test]
    fn local_codes_are_stable_and_distinct() {
        let mut taken = Default::default();
        let a = local_codes(["Trợ cấp xã hội", "Nhóm thủ tục liên thông"], &mut taken);
        let mut taken2 = Default::default();
        let b = local_codes(["Nhóm thủ tục liên thông", "Trợ cấp xã hội"], &mut taken2);
        assert_eq!(a[0], b[1]);
        assert_eq!(a[1], b[0]);
        assert!(a.iter().all(ProcedureCode::is_local));
        // A clash takes the next number.
        let mut taken3 = std::collections::HashSet::from([a[0].clone()]);
        let c = local_codes(["Trợ cấp xã hội"], &mut taken3);
        assert_ne!(c[0], a[0]);
    }
}
