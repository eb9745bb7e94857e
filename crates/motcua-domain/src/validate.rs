//! Personal details, parsed once at the edge ("parse, don't validate"). Each parser returns the
//! normalised value or a message a person can act on.

use unicode_normalization::UnicodeNormalization;

use crate::procedure::{FieldKind, FormField};

/// A problem with one input, in both languages.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FieldProblem {
    pub vi: String,
    pub en: String,
}

impl FieldProblem {
    fn new(vi: impl Into<String>, en: impl Into<String>) -> Self {
        FieldProblem {
            vi: vi.into(),
            en: en.into(),
        }
    }
}

/// Province codes that open a 12-digit citizen ID (Thông tư 07/2016/TT-BCA, the 63 provinces
/// before the 2025 merger; numbers issued earlier keep their code).
const CCCD_PROVINCES: [u16; 63] = [
    1, 2, 4, 6, 8, 10, 11, 12, 14, 15, 17, 19, 20, 22, 24, 25, 26, 27, 30, 31, 33, 34, 35, 36, 37,
    38, 40, 42, 44, 45, 46, 48, 49, 51, 52, 54, 56, 58, 60, 62, 64, 66, 67, 68, 70, 72, 74, 75, 77,
    79, 80, 82, 83, 84, 86, 87, 89, 91, 92, 93, 94, 95, 96,
];

/// A 12-digit personal identification number (số định danh cá nhân / CCCD).
pub fn citizen_id(input: &str) -> Result<String, FieldProblem> {
    let s: String = input.chars().filter(|c| !c.is_whitespace()).collect();
    if s.len() != 12 || !s.bytes().all(|b| b.is_ascii_digit()) {
        return Err(FieldProblem::new(
            "Số định danh cá nhân (CCCD) phải gồm đúng 12 chữ số.",
            "The personal ID number (CCCD) must be exactly 12 digits.",
        ));
    }
    let province: u16 = s[..3].parse().unwrap_or(0);
    if !CCCD_PROVINCES.contains(&province) {
        return Err(FieldProblem::new(
            "Ba chữ số đầu của số định danh cá nhân không phải mã tỉnh hợp lệ.",
            "The first three digits of the ID number are not a valid province code.",
        ));
    }
    Ok(s)
}

/// A Vietnamese phone number, normalised to the domestic form `0…`: mobile `0[35789]` + 8 digits
/// (after the 2018 renumbering), landline `02` + 9 digits; `+84` / `84` prefixes accepted.
pub fn phone(input: &str) -> Result<String, FieldProblem> {
    let mut s: String = input
        .chars()
        .filter(|c| !matches!(c, ' ' | '.' | '-' | '(' | ')'))
        .collect();
    if let Some(rest) = s.strip_prefix("+84") {
        s = format!("0{rest}");
    } else if s.len() == 11 && s.starts_with("84") {
        s = format!("0{}", &s[2..]);
    }
    let b = s.as_bytes();
    let digits = b.iter().all(u8::is_ascii_digit);
    let mobile = b.len() == 10 && b[0] == b'0' && matches!(b[1], b'3' | b'5' | b'7' | b'8' | b'9');
    let landline = b.len() == 11 && b[0] == b'0' && b[1] == b'2';
    if digits && (mobile || landline) {
        Ok(s)
    } else {
        Err(FieldProblem::new(
            "Số điện thoại không hợp lệ (ví dụ: 0912 345 678).",
            "The phone number is not valid (e.g. 0912 345 678).",
        ))
    }
}

/// An e-mail address (a practical check: one `@`, a dot in the domain, no spaces).
pub fn email(input: &str) -> Result<String, FieldProblem> {
    let s = input.trim().to_lowercase();
    let ok = s.len() <= 254
        && s.split_once('@').is_some_and(|(local, domain)| {
            !local.is_empty()
                && !domain.starts_with('.')
                && !domain.ends_with('.')
                && domain.contains('.')
                && !domain.contains('@')
        })
        && !s.chars().any(char::is_whitespace);
    if ok {
        Ok(s)
    } else {
        Err(FieldProblem::new(
            "Địa chỉ thư điện tử không hợp lệ.",
            "The e-mail address is not valid.",
        ))
    }
}

/// A person's full name with Vietnamese diacritics: letters, spaces, and the apostrophe or
/// hyphen some names carry; normalised to NFC with single spaces.
pub fn person_name(input: &str) -> Result<String, FieldProblem> {
    let s: String = input.nfc().collect::<String>();
    let s = s.split_whitespace().collect::<Vec<_>>().join(" ");
    let letters = s.chars().filter(|c| c.is_alphabetic()).count();
    let ok = letters >= 2
        && s.chars().count() <= 100
        && s.chars()
            .all(|c| c.is_alphabetic() || c == ' ' || c == '\'' || c == '-' || is_mark(c));
    if ok {
        Ok(s)
    } else {
        Err(FieldProblem::new(
            "Họ và tên chỉ gồm chữ cái (có dấu tiếng Việt) và khoảng trắng, tối đa 100 ký tự.",
            "A full name has only letters (Vietnamese diacritics allowed) and spaces, at most 100 characters.",
        ))
    }
}

fn is_mark(c: char) -> bool {
    ('\u{0300}'..='\u{036F}').contains(&c)
}

/// A value typed into one form field of a procedure.
pub fn form_value(field: &FormField, value: &str) -> Result<String, FieldProblem> {
    let v = value.trim();
    if v.chars().count() > 2000 {
        return Err(FieldProblem::new(
            "Nội dung quá dài (tối đa 2000 ký tự).",
            "Too long (at most 2000 characters).",
        ));
    }
    match &field.kind {
        FieldKind::Text | FieldKind::LongText | FieldKind::Address | FieldKind::File => {
            Ok(v.nfc().collect())
        }
        FieldKind::Date => jiff::civil::Date::strptime("%Y-%m-%d", v)
            .or_else(|_| jiff::civil::Date::strptime("%d/%m/%Y", v))
            .map(|d| d.to_string())
            .map_err(|_| {
                FieldProblem::new(
                    "Ngày không hợp lệ (dạng ngày/tháng/năm, ví dụ 05/03/2026).",
                    "Not a valid date (day/month/year, e.g. 05/03/2026).",
                )
            }),
        FieldKind::Number => v
            .replace(['.', ' '], "")
            .parse::<i64>()
            .map(|n| n.to_string())
            .map_err(|_| FieldProblem::new("Phải là một số.", "Must be a number.")),
        FieldKind::Select { options } => {
            if options.iter().any(|o| o == v) {
                Ok(v.to_string())
            } else {
                Err(FieldProblem::new(
                    "Vui lòng chọn một giá trị trong danh sách.",
                    "Please choose one of the listed values.",
                ))
            }
        }
        FieldKind::CitizenId => citizen_id(v),
        FieldKind::Phone => phone(v),
        FieldKind::Email => email(v),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn citizen_ids() {
        assert_eq!(citizen_id("001 090 012345").unwrap(), "001090012345");
        assert!(citizen_id("079203001234").is_ok());
        for bad in [
            "12345678901",
            "0010900123456",
            "00109001234a",
            "003090012345",
            "",
        ] {
            assert!(citizen_id(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn phones() {
        assert_eq!(phone("0912 345 678").unwrap(), "0912345678");
        assert_eq!(phone("+84 912-345-678").unwrap(), "0912345678");
        assert_eq!(phone("84912345678").unwrap(), "0912345678");
        assert_eq!(phone("024 3825 1234").unwrap(), "02438251234");
        for bad in [
            "0112345678",
            "091234567",
            "09123456789",
            "phone",
            "0612345678",
        ] {
            assert!(phone(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn names_with_diacritics() {
        assert_eq!(
            person_name("  Nguyễn   Thị  Minh Khai ").unwrap(),
            "Nguyễn Thị Minh Khai"
        );
        // Decomposed input (as some phone keyboards send it) is normalised to NFC.
        let decomposed = "Tr\u{0061}\u{0300}n V\u{0103}n \u{0110}\u{00F4}\u{0301}ng";
        assert_eq!(person_name(decomposed).unwrap(), "Tràn Văn Đống");
        assert!(person_name("Đặng Thu Thảo").is_ok());
        for bad in ["", "A", "Nguyen 123", "<script>", "Lê; DROP"] {
            assert!(person_name(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn emails() {
        assert_eq!(email(" An@Example.VN ").unwrap(), "an@example.vn");
        for bad in ["a@b", "@x.vn", "a b@x.vn", "a@.vn"] {
            assert!(email(bad).is_err(), "{bad}");
        }
    }
}
