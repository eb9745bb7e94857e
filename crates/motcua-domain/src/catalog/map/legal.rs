//! Legal texts quoted by a record. The national format has no legal-basis field, so motcua lists
//! only the texts that the record itself names (in its name, time, fee or caveats) and never
//! adds one from elsewhere: an empty list is shown as "chưa cập nhật".

/// The kind of a legal document from its number's symbol ("NĐ-CP" → Nghị định).
fn kind_of(symbol: &str) -> Option<&'static str> {
    let s = symbol;
    if s.starts_with("NĐ") {
        Some("Nghị định")
    } else if s.starts_with("TTLT") {
        Some("Thông tư liên tịch")
    } else if s.starts_with("TT") {
        Some("Thông tư")
    } else if s.starts_with("QĐ") {
        Some("Quyết định")
    } else if s.starts_with("NQ") {
        Some("Nghị quyết")
    } else if s.starts_with("QH") {
        Some("Luật")
    } else {
        None
    }
}

/// Short names written before a bare number: "NĐ 63/2024", "TTLT 05/2015", "Nghị định 20/2021".
const PREFIXES: [(&str, &str); 8] = [
    ("Nghị định", "Nghị định"),
    ("NĐ", "Nghị định"),
    ("Thông tư liên tịch", "Thông tư liên tịch"),
    ("TTLT", "Thông tư liên tịch"),
    ("Thông tư", "Thông tư"),
    ("TT", "Thông tư"),
    ("Quyết định", "Quyết định"),
    ("QĐ", "Quyết định"),
];

/// Laws named in words; matched case-insensitively, printed as here.
const LAWS: [&str; 11] = [
    "Bộ luật Dân sự",
    "Luật Hộ tịch",
    "Luật Cư trú",
    "Luật Căn cước",
    "Luật Đất đai",
    "Luật Xây dựng",
    "Luật Nuôi con nuôi",
    "Luật Phí và lệ phí",
    "Luật Lý lịch tư pháp",
    "Luật Doanh nghiệp",
    "Luật Hôn nhân và gia đình",
];

fn is_symbol_char(c: char) -> bool {
    c.is_ascii_uppercase() || c.is_ascii_digit() || c == 'Đ' || c == '-'
}

/// Document numbers in `text`: "104/2022/NĐ-CP", "163/QĐ-BTP", "NĐ 63/2024".
fn numbered(text: &str, out: &mut Vec<String>) {
    let chars: Vec<(usize, char)> = text.char_indices().collect();
    let mut k = 0;
    while k < chars.len() {
        let (i, c) = chars[k];
        let boundary = k == 0 || {
            let p = chars[k - 1].1;
            !(p.is_ascii_digit() || p == '/' || p == '.')
        };
        if !c.is_ascii_digit() || !boundary {
            k += 1;
            continue;
        }
        let digits_end = text[i..]
            .find(|c: char| !c.is_ascii_digit())
            .map_or(text.len(), |n| i + n);
        let rest = &text[digits_end..];
        let Some(after_slash) = rest.strip_prefix('/') else {
            k += 1;
            continue;
        };
        let symbol_of = |s: &str| -> String {
            s.chars()
                .take_while(|&c| is_symbol_char(c))
                .collect::<String>()
                .trim_end_matches('-')
                .to_string()
        };
        let year_len = after_slash
            .find(|c: char| !c.is_ascii_digit())
            .unwrap_or(after_slash.len());
        let found = if year_len == 4 {
            let year_end = digits_end + 1 + 4;
            match text[year_end..].strip_prefix('/') {
                Some(sym) => {
                    let symbol = symbol_of(sym);
                    let full = &text[i..year_end + 1 + symbol.len()];
                    kind_of(&symbol).map(|k| format!("{k} {full}"))
                }
                // "NĐ 63/2024": the kind is the word before.
                None => prefix_before(&text[..i]).map(|k| format!("{k} {}", &text[i..year_end])),
            }
        } else if year_len == 0 {
            let symbol = symbol_of(after_slash);
            kind_of(&symbol)
                .filter(|_| symbol.contains('-'))
                .map(|k| format!("{k} {}", &text[i..digits_end + 1 + symbol.len()]))
        } else {
            None
        };
        if let Some(f) = found {
            push_unique(out, f);
        }
        k += 1;
        while k < chars.len() && chars[k].0 < digits_end {
            k += 1;
        }
    }
}

fn prefix_before(before: &str) -> Option<&'static str> {
    let before = before.trim_end();
    let before = before.strip_suffix("số").map_or(before, str::trim_end);
    PREFIXES
        .iter()
        .find(|(p, _)| {
            before.ends_with(p)
                && before[..before.len() - p.len()]
                    .chars()
                    .next_back()
                    .is_none_or(|c| !c.is_alphanumeric())
        })
        .map(|(_, k)| *k)
}

/// Adds `item` unless it, or a longer form of the same number, is there ("Nghị định 63/2024" and
/// "Nghị định 63/2024/NĐ-CP" are one text).
fn push_unique(out: &mut Vec<String>, item: String) {
    if out.iter().any(|o| o.starts_with(&item)) {
        return;
    }
    out.retain(|o| !item.starts_with(o.as_str()));
    out.push(item);
}

/// The legal texts named in `texts`, in order of first mention.
pub fn legal_basis<'a>(texts: impl IntoIterator<Item = &'a str>) -> Vec<String> {
    let mut out = Vec::new();
    for text in texts {
        numbered(text, &mut out);
        let lower = text.to_lowercase();
        for law in LAWS {
            if let Some(pos) = lower.find(&law.to_lowercase()) {
                // "Bộ luật Dân sự" must not also count as a "Luật …".
                let in_code = lower[..pos].ends_with("bộ ");
                if !in_code || law.starts_with("Bộ") {
                    push_unique(&mut out, law.to_string());
                }
            }
        }
    }
    out
}

/// The publication decision when a caveat says "Số quyết định …: 163/QĐ-BTP" or "số QĐ …".
pub fn publication_decision(caveats: &[String]) -> Option<String> {
    caveats.iter().find_map(|c| {
        let lower = c.to_lowercase();
        if !(lower.contains("số quyết định") || lower.contains("số qđ")) {
            return None;
        }
        let mut found = Vec::new();
        numbered(c, &mut found);
        found.into_iter().find(|f| f.starts_with("Quyết định"))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_and_laws() {
        let got = legal_basis([
            "miễn lệ phí (khoản 1 Điều 11 Luật Hộ tịch); Thông tư 281/2016/TT-BTC ngày 01/7/2025",
            "Điều 14 Nghị định số 104/2022/NĐ-CP ngày 21/12/2022; NĐ 63/2024, QĐ 296/QĐ-VPCP",
            "(Nghị định 63/2024/NĐ-CP; Quyết định 296/QĐ-VPCP); TTLT 05/2015",
            "theo quy định của Bộ luật Dân sự",
        ]);
        assert_eq!(
            got,
            vec![
                "Thông tư 281/2016/TT-BTC",
                "Luật Hộ tịch",
                "Nghị định 104/2022/NĐ-CP",
                "Quyết định 296/QĐ-VPCP",
                "Nghị định 63/2024/NĐ-CP",
                "Thông tư liên tịch 05/2015",
                "Bộ luật Dân sự",
            ]
        );
        assert!(legal_basis(["31/12/2026, 50%, 10 USD, mẫu CT01"]).is_empty());
    }

    #[test]
    fn publication() {
        let c = vec![
            "online_mode …".to_string(),
            "Số quyết định công bố trên CSDLQG: 163/QĐ-BTP.".to_string(),
        ];
        assert_eq!(
            publication_decision(&c).as_deref(),
            Some("Quyết định 163/QĐ-BTP")
        );
        let c = vec!["(CSDLQG 2026 ghi Công an tỉnh; số QĐ 1025/QĐ-BCA).".to_string()];
        assert_eq!(
            publication_decision(&c).as_deref(),
            Some("Quyết định 1025/QĐ-BCA")
        );
        assert_eq!(
            publication_decision(&["Số quyết định: chưa rõ".to_string()]),
            None
        );
    }
}
