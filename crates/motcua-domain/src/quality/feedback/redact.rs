//! Removing personal data from a feedback question or answer before it is published on the
//! portal (ND 13/2023 and Luật Bảo vệ dữ liệu cá nhân 2025: the publication serves everyone; the
//! author's identity does not need to). Over-masking is preferred to a leak.
//!
//! Masked, each run replaced by [`MASK`]:
//! - the names and phrases of the author's contact (full name, ID number, street address), found
//!   whole-word and without regard to case or diacritics ("nguyen van an" matches "Nguyễn Văn An");
//! - e-mail addresses;
//! - phone numbers: 10-digit mobiles `0[35789]…`, 11-digit landlines `02…`, with `+84` / `84`,
//!   spaces, dots or dashes between digit groups;
//! - 12-digit personal ID numbers (CCCD), grouped or not, and 9-digit old ID cards (CMND) written
//!   without separators;
//! - street addresses: a house number followed by ngõ / ngách / hẻm / kiệt / đường / phố / tổ / thôn /
//!   ấp / xóm and the words up to the next comma, full stop, semicolon or line end.

use unicode_normalization::UnicodeNormalization;

/// What replaces each masked run.
pub const MASK: &str = "***";

/// The personal data known for an item (from the author's contact).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct PersonalData {
    /// Full names; matched whole.
    pub names: Vec<String>,
    /// Other phrases to mask (ID numbers, addresses).
    pub phrases: Vec<String>,
}

/// The base letter of `c`, lowercase, without diacritics (`đ` → `d`); other characters → ' '.
fn base(c: char) -> char {
    if c == 'đ' || c == 'Đ' {
        return 'd';
    }
    if !c.is_alphanumeric() {
        return ' ';
    }
    let b = std::iter::once(c).nfd().next().unwrap_or(c);
    b.to_lowercase().next().unwrap_or(b)
}

fn fold_tokens(s: &str) -> Vec<String> {
    let folded: String = s.nfc().map(base).collect();
    folded.split_whitespace().map(str::to_string).collect()
}

/// Masks the personal data in `text`.
pub fn redact(text: &str, personal: &PersonalData) -> String {
    let chars: Vec<char> = text.nfc().collect();
    let folded: Vec<char> = chars.iter().map(|c| base(*c)).collect();
    let mut mask = vec![false; chars.len()];
    // Word tokens of the folded text: (start, end) char ranges.
    let mut tokens: Vec<(usize, usize)> = Vec::new();
    let mut i = 0;
    while i < folded.len() {
        if folded[i] == ' ' {
            i += 1;
            continue;
        }
        let s = i;
        while i < folded.len() && folded[i] != ' ' {
            i += 1;
        }
        tokens.push((s, i));
    }
    let token_text = |t: (usize, usize)| folded[t.0..t.1].iter().collect::<String>();
    let words: Vec<String> = tokens.iter().map(|t| token_text(*t)).collect();

    for phrase in personal.names.iter().chain(&personal.phrases) {
        let needle = fold_tokens(phrase);
        if needle.is_empty() {
            continue;
        }
        for start in 0..words.len() {
            if words[start..].starts_with(&needle) {
                let (a, _) = tokens[start];
                let (_, b) = tokens[start + needle.len() - 1];
                mask[a..b].iter_mut().for_each(|m| *m = true);
            }
        }
    }
    mask_emails(&chars, &mut mask);
    mask_numbers(&chars, &mut mask);
    mask_addresses(&tokens, &words, &chars, &mut mask);

    let mut out = String::with_capacity(text.len());
    let mut k = 0;
    while k < chars.len() {
        if mask[k] {
            out.push_str(MASK);
            while k < chars.len() && mask[k] {
                k += 1;
            }
        } else {
            out.push(chars[k]);
            k += 1;
        }
    }
    out
}

fn mask_emails(chars: &[char], mask: &mut [bool]) {
    let local = |c: char| c.is_ascii_alphanumeric() || "._%+-".contains(c);
    let domain = |c: char| c.is_ascii_alphanumeric() || ".-".contains(c);
    for at in (0..chars.len()).filter(|&i| chars[i] == '@') {
        let mut a = at;
        while a > 0 && local(chars[a - 1]) {
            a -= 1;
        }
        let mut b = at + 1;
        while b < chars.len() && domain(chars[b]) {
            b += 1;
        }
        while b > at + 1 && chars[b - 1] == '.' {
            b -= 1;
        }
        let dom: String = chars[at + 1..b].iter().collect();
        if a < at && dom.contains('.') && !dom.starts_with('.') {
            mask[a..b].iter_mut().for_each(|m| *m = true);
        }
    }
}

/// Runs of digits with single separators between groups, e.g. "0912 345 678", "+84-912.345.678".
/// A run glued to letters or to a code ("A0912…", "H56.22-260126-0001") is not a number here.
fn mask_numbers(chars: &[char], mask: &mut [bool]) {
    let glued_before = |s: usize| {
        s > 0
            && (chars[s - 1].is_alphanumeric()
                || ("./-".contains(chars[s - 1]) && s > 1 && chars[s - 2].is_alphanumeric()))
    };
    let mut i = 0;
    while i < chars.len() {
        let plus = chars[i] == '+' && chars.get(i + 1).is_some_and(char::is_ascii_digit);
        if !(chars[i].is_ascii_digit() || plus) || glued_before(i) {
            i += 1;
            continue;
        }
        let s = i;
        if plus {
            i += 1;
        }
        let mut digits = String::new();
        let mut separated = false;
        let mut end = i;
        while i < chars.len() {
            if chars[i].is_ascii_digit() {
                digits.push(chars[i]);
                i += 1;
                end = i;
            } else if " .-".contains(chars[i]) && chars.get(i + 1).is_some_and(char::is_ascii_digit)
            {
                separated = true;
                i += 1;
            } else {
                break;
            }
        }
        i = end;
        if chars
            .get(end)
            .is_some_and(|c| c.is_alphanumeric() || *c == '/')
        {
            continue;
        }
        let national = digits
            .strip_prefix("84")
            .filter(|r| r.len() == 9)
            .map(|r| format!("0{r}"));
        let d = national.as_deref().unwrap_or(&digits).as_bytes();
        let mobile = d.len() == 10 && d[0] == b'0' && b"35789".contains(&d[1]);
        let landline = d.len() == 11 && d[0] == b'0' && d[1] == b'2';
        let cccd = digits.len() == 12;
        let cmnd = digits.len() == 9 && !separated;
        if mobile || landline || cccd || cmnd {
            mask[s..end].iter_mut().for_each(|m| *m = true);
        }
    }
}

const STREET_WORDS: [&str; 10] = [
    "ngo", "ngach", "hem", "kiet", "duong", "pho", "to", "thon", "ap", "xom",
];

/// "số 12 ngõ 34 phố Huế", "12/3 đường Lê Lợi": a number (with `/` parts) then a street word,
/// masked up to the next comma, full stop, semicolon or line end (at most 8 words).
fn mask_addresses(tokens: &[(usize, usize)], words: &[String], chars: &[char], mask: &mut [bool]) {
    for (k, w) in words.iter().enumerate() {
        let numberish = w.chars().next().is_some_and(|c| c.is_ascii_digit());
        let next_is_street = words
            .get(k + 1)
            .is_some_and(|n| STREET_WORDS.contains(&n.as_str()));
        if !numberish || !next_is_street {
            continue;
        }
        // Back over "7/2" and the words "số nhà" / "số" in front of the number.
        let mut first = k;
        while first > 0
            && words[first - 1].starts_with(|c: char| c.is_ascii_digit())
            && chars[tokens[first - 1].1..tokens[first].0]
                .iter()
                .all(|c| *c == '/')
        {
            first -= 1;
        }
        if first >= 2 && words[first - 1] == "nha" && words[first - 2] == "so" {
            first -= 2;
        } else if first >= 1 && words[first - 1] == "so" {
            first -= 1;
        }
        let a = tokens[first].0;
        let mut b = tokens[k + 1].1;
        for t in tokens.iter().skip(k + 2).take(8) {
            if chars[b..t.0].iter().any(|c| ",.;\n".contains(*c)) {
                break;
            }
            b = t.1;
        }
        mask[a..b].iter_mut().for_each(|m| *m = true);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn p(names: &[&str], phrases: &[&str]) -> PersonalData {
        PersonalData {
            names: names.iter().map(|s| s.to_string()).collect(),
            phrases: phrases.iter().map(|s| s.to_string()).collect(),
        }
    }

    #[test]
    fn masks_the_authors_name_in_any_spelling() {
        let who = p(&["Nguyễn Văn An"], &[]);
        assert_eq!(
            redact(
                "Ông Nguyễn Văn An phản ánh; ông NGUYEN VAN AN cho biết.",
                &who
            ),
            "Ông *** phản ánh; ông *** cho biết."
        );
        // Decomposed input (some phone keyboards) is matched too.
        assert_eq!(
            redact("Ông Nguye\u{0302}\u{0303}n Văn An.", &who),
            "Ông ***."
        );
        // Whole words only: "An" alone, or inside "an toàn", stays.
        assert_eq!(
            redact("Đảm bảo an toàn cho anh An.", &who),
            "Đảm bảo an toàn cho anh An."
        );
    }

    #[test]
    fn masks_phones_emails_and_id_numbers() {
        let none = PersonalData::default();
        assert_eq!(
            redact(
                "Gọi 0912 345 678 hoặc +84 912-345-678 hoặc 024.3825.1234.",
                &none
            ),
            "Gọi *** hoặc *** hoặc ***."
        );
        assert_eq!(
            redact("Thư: an.nguyen+pakn@example.com.vn, xin cảm ơn.", &none),
            "Thư: ***, xin cảm ơn."
        );
        assert_eq!(
            redact(
                "CCCD 001090012345, cũ: 123456789; số 001 090 012 345.",
                &none
            ),
            "CCCD ***, cũ: ***; số ***."
        );
        // Amounts, dates, codes and short numbers stay.
        let kept = "Lệ phí 100.000 đồng (100.000.000 nếu thuê); ngày 05/03/2026; hồ sơ H56.22-260126-0001; 3 ngày.";
        assert_eq!(redact(kept, &none), kept);
        // Digits glued to letters are not a phone number.
        assert_eq!(redact("mã A0912345678", &none), "mã A0912345678");
    }

    #[test]
    fn masks_addresses() {
        let who = p(&[], &["12 Lê Lợi"]);
        assert_eq!(
            redact("Nhà tôi ở số 5 ngõ 34 phố Huế, phường Hai Bà Trưng.", &who),
            "Nhà tôi ở ***, phường Hai Bà Trưng."
        );
        assert_eq!(
            redact("Gửi về 12 Lê Lợi, TP Huế.", &who),
            "Gửi về ***, TP Huế."
        );
        assert_eq!(
            redact("số nhà 7/2 hẻm 15 Nguyễn Trãi; cảm ơn", &who),
            "***; cảm ơn"
        );
        // A street name without a house number is public information.
        let street = "Bộ phận Một cửa ở đường Lê Lợi.";
        assert_eq!(redact(street, &PersonalData::default()), street);
    }
}
