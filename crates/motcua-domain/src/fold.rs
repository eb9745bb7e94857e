//! Vietnamese search folding: "Đăng ký khai sinh" and "dang ky khai sinh" fold to the same
//! string, so people can search with or without diacritics, with any keyboard (NFC or NFD).
//!
//! `fold` = Unicode NFD, drop combining marks, `đ`/`Đ` → `d` (the one Vietnamese letter that
//! NFD does not decompose), lowercase, every run of non-alphanumeric characters → one space,
//! trimmed.

use unicode_normalization::UnicodeNormalization;
use unicode_normalization::char::is_combining_mark;

/// Folds `s` for search (see the module doc).
pub fn fold(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    fold_into(s, &mut out);
    out
}

/// [`fold`] appending to `out` (reuses its allocation).
pub fn fold_into(s: &str, out: &mut String) {
    let start = out.len();
    // A pending separator is written only before the next alphanumeric character, which
    // collapses runs and trims both ends without a second pass.
    let mut pending_space = false;
    let mut push = |c: char, out: &mut String| {
        if c.is_alphanumeric() {
            if pending_space && out.len() > start {
                out.push(' ');
            }
            pending_space = false;
            out.push(c);
        } else {
            pending_space = true;
        }
    };
    if s.is_ascii() {
        // Fast path for queries typed without diacritics: NFD is the identity on ASCII.
        for b in s.bytes() {
            push(char::from(b.to_ascii_lowercase()), out);
        }
        return;
    }
    for c in s.nfd() {
        if is_combining_mark(c) {
            continue;
        }
        if c == 'đ' || c == 'Đ' {
            push('d', out);
            continue;
        }
        for lower in c.to_lowercase() {
            // Lowercasing can yield a precomposed letter or a mark (e.g. 'İ' → "i̇"): decompose
            // again so that folding is idempotent.
            for d in std::iter::once(lower).nfd() {
                if !is_combining_mark(d) {
                    push(if d == 'đ' { 'd' } else { d }, out);
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn examples() {
        assert_eq!(fold("Đăng ký khai sinh"), "dang ky khai sinh");
        assert_eq!(
            fold("  THỦ TỤC: đăng ký — kết hôn!! "),
            "thu tuc dang ky ket hon"
        );
        assert_eq!(fold("1.001193"), "1 001193");
        assert_eq!(fold("Nguyễn Thị Ánh Tuyết"), "nguyen thi anh tuyet");
        assert_eq!(fold("ĐẶNG đặng"), "dang dang");
        assert_eq!(fold(""), "");
        assert_eq!(fold(" - "), "");
        // Decomposed input (some phone keyboards) folds the same.
        assert_eq!(
            fold("Tr\u{0061}\u{0300}n \u{0110}\u{00F4}\u{0301}ng"),
            "tran dong"
        );
    }

    /// Strings built from Vietnamese letters (both cases, all tones), digits and punctuation.
    fn vietnamese() -> impl Strategy<Value = String> {
        let letters: Vec<char> = "aàáảãạăằắẳẵặâầấẩẫậbcdđeèéẻẽẹêềếểễệghiìíỉĩịklmnoòóỏõọôồốổỗộơờớởỡợpqrstuùúủũụưừứửữựvxyỳýỷỹỵAÀÁẢÃẠĂẰẮẲẴẶÂẦẤẨẪẬBCDĐEÈÉẺẼẸÊỀẾỂỄỆGHIÌÍỈĨỊKLMNOÒÓỎÕỌÔỒỐỔỖỘƠỜỚỞỠỢPQRSTUÙÚỦŨỤƯỪỨỬỮỰVXYỲÝỶỸỴ0123456789 .,;:-/()\"'«»–\t\n".chars().collect();
        proptest::collection::vec(proptest::sample::select(letters), 0..40)
            .prop_map(|v| v.into_iter().collect())
    }

    proptest! {
        #[test]
        fn idempotent_on_any_text(s in "\\PC*") {
            let once = fold(&s);
            prop_assert_eq!(fold(&once), once.clone());
        }

        #[test]
        fn idempotent_on_vietnamese(s in vietnamese()) {
            let once = fold(&s);
            prop_assert_eq!(fold(&once), once.clone());
        }

        #[test]
        fn vietnamese_folds_to_ascii(s in vietnamese()) {
            let f = fold(&s);
            prop_assert!(f.is_ascii(), "{:?} -> {:?}", s, f);
            prop_assert!(!f.starts_with(' ') && !f.ends_with(' ') && !f.contains("  "));
            prop_assert!(f.chars().all(|c| c == ' ' || c.is_ascii_lowercase() || c.is_ascii_digit()));
        }

        #[test]
        fn normalisation_form_does_not_matter(s in vietnamese()) {
            let nfc: String = s.nfc().collect();
            let nfd: String = s.nfd().collect();
            prop_assert_eq!(fold(&nfc), fold(&s));
            prop_assert_eq!(fold(&nfd), fold(&s));
        }

        #[test]
        fn normalisation_form_does_not_matter_on_any_text(s in "\\PC*") {
            let nfc: String = s.nfc().collect();
            let nfd: String = s.nfd().collect();
            prop_assert_eq!(fold(&nfc), fold(&nfd));
        }
    }
}
