//! Fees (phí, lệ phí) from `fee_text`. The text is copied from public pages and is often
//! ambiguous; a wrong amount would be charged to citizens, so anything unclear yields no fee
//! (the page then shows `fee_text` verbatim). Rules in the `catalog::import` module doc.

use crate::fold::fold;
use crate::procedure::{Channel, Fee};

/// The fees read, and a caveat when amounts were seen but not used.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FeeReading {
    pub fees: Vec<Fee>,
    pub caveat: Option<String>,
}

const FREE_BUT_AMOUNTS: &str = "Văn bản nguồn ghi miễn phí nhưng có nhắc đến số tiền (mức cũ, phí cấp bản sao, phí theo văn bản khác…): motcua không thu phí tự động; xem nguyên văn mục phí, lệ phí.";

const UNCLEAR: &str = "Mức phí, lệ phí trong văn bản nguồn không rõ ràng (nhiều mức, thu theo trang hoặc theo tỷ lệ, nguồn tự ghi chú mâu thuẫn, hoặc do HĐND tỉnh quyết định): motcua không tự điền số tiền; xem nguyên văn mục phí, lệ phí.";

/// Words that say the source itself doubts or qualifies its numbers.
const DOUBT: [&[&str]; 10] = [
    &["co", "ve"],
    &["loi", "nhap"],
    &["mau", "thuan"],
    &["gia", "tri", "mau"],
    &["bang", "ghi"],
    &["chu", "thich"],
    &["hdnd"],
    &["hoi", "dong", "nhan", "dan"],
    &["khong", "hien", "thi"],
    &["khong", "ro"],
];

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Currency {
    Dong,
    Foreign,
}

/// Amounts followed by a currency word in `seg` (lowercase, NFC): "10.000 đồng", "8.000đ",
/// "50.000 Việt Nam Đồng", "10 USD".
fn amounts(seg: &str) -> Vec<(u64, Currency)> {
    let b = seg.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < b.len() {
        let starts_number = b[i].is_ascii_digit()
            && (i == 0 || !(b[i - 1].is_ascii_digit() || b[i - 1] == b'.' || b[i - 1] == b'/'));
        if !starts_number {
            i += 1;
            continue;
        }
        let mut value: u64 = 0;
        let mut j = i;
        while j < b.len() && b[j].is_ascii_digit() {
            value = value
                .saturating_mul(10)
                .saturating_add(u64::from(b[j] - b'0'));
            j += 1;
        }
        // Thousands groups: ".000" (Vietnamese) or ",000".
        while j + 3 < b.len()
            && (b[j] == b'.' || b[j] == b',')
            && b[j + 1..j + 4].iter().all(u8::is_ascii_digit)
            && b.get(j + 4).is_none_or(|c| !c.is_ascii_digit())
        {
            for &d in &b[j + 1..j + 4] {
                value = value.saturating_mul(10).saturating_add(u64::from(d - b'0'));
            }
            j += 4;
        }
        let rest = seg[j..].trim_start();
        let currency = if ["việt nam đồng", "vnđ", "vnd", "đồng"]
            .iter()
            .any(|w| rest.starts_with(w))
            || (rest.starts_with('đ') && !rest['đ'.len_utf8()..].starts_with(char::is_alphabetic))
        {
            Some(Currency::Dong)
        } else if rest.starts_with("usd") || rest.starts_with("đô la") {
            Some(Currency::Foreign)
        } else {
            None
        };
        if let Some(c) = currency {
            out.push((value, c));
        }
        i = j.max(i + 1);
    }
    out
}

/// Splits at ';' and at sentence ends (a '.' followed by a space or the end; the dots inside
/// "10.000" are not followed by a space).
fn segments(text: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let mut start = 0;
    let b = text.as_bytes();
    for (i, &c) in b.iter().enumerate() {
        let end = c == b';'
            || c == b'\n'
            || (c == b'.' && b.get(i + 1).is_none_or(|n| n.is_ascii_whitespace()));
        if end {
            out.push(&text[start..i]);
            start = i + 1;
        }
    }
    out.push(&text[start..]);
    out.into_iter()
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .collect()
}

fn channel_of(folded_seg: &str) -> Option<Channel> {
    if folded_seg.starts_with("truc tuyen") {
        Some(Channel::Online)
    } else if folded_seg.starts_with("truc tiep") {
        Some(Channel::Desk)
    } else if folded_seg.starts_with("buu chinh") || folded_seg.starts_with("dich vu buu chinh") {
        Some(Channel::Post)
    } else {
        None
    }
}

/// Reads the fees (see the module doc of `catalog::import`).
pub fn fees(text: Option<&str>) -> FeeReading {
    let none = FeeReading {
        fees: Vec::new(),
        caveat: None,
    };
    let Some(text) = text.map(str::trim).filter(|t| !t.is_empty()) else {
        return none;
    };
    let lower: String = {
        use unicode_normalization::UnicodeNormalization;
        text.nfc().collect::<String>().to_lowercase()
    };
    let has_amounts = !amounts(&lower).is_empty();
    let unclear = FeeReading {
        fees: Vec::new(),
        caveat: has_amounts.then(|| UNCLEAR.to_string()),
    };
    let folded = fold(text);
    let toks: Vec<&str> = folded.split(' ').collect();
    // "Miễn phí …", "CSDLQG 2026: "Miễn phí" …", "Không có thông tin": the current value is no fee.
    let lead: Vec<&str> = toks
        .iter()
        .copied()
        .skip_while(|t| *t == "csdlqg" || *t == "bang" || t.bytes().all(|b| b.is_ascii_digit()))
        .take(3)
        .collect();
    if lead.starts_with(&["mien", "phi"])
        || lead.starts_with(&["mien", "le", "phi"])
        || lead.first() == Some(&"khong")
    {
        return FeeReading {
            fees: Vec::new(),
            caveat: has_amounts.then(|| FREE_BUT_AMOUNTS.to_string()),
        };
    }
    if DOUBT.iter().any(|w| toks.windows(w.len()).any(|x| x == *w)) || text.contains('%') {
        return unclear;
    }
    let mut found: Vec<(Option<Channel>, u64, &str)> = Vec::new();
    let lower_segments = segments(&lower);
    let original_segments = segments(text);
    if lower_segments.len() != original_segments.len() {
        // Lowercasing changed the segmentation (exotic characters): do not guess.
        return unclear;
    }
    for (seg, original) in lower_segments.iter().zip(&original_segments) {
        let f = fold(seg);
        // Fees charged by Vietnamese missions abroad (cơ quan đại diện) do not apply at a
        // commune or provincial one-stop desk.
        if f.starts_with("tai co quan dai dien") {
            continue;
        }
        let channel = channel_of(&f);
        for (amount, currency) in amounts(seg) {
            if currency == Currency::Foreign {
                return unclear;
            }
            found.push((channel, amount, original));
        }
    }
    if found.is_empty() {
        return none;
    }
    let mut out: Vec<Fee> = Vec::new();
    if found.iter().any(|(c, _, _)| c.is_some()) {
        for (channel, amount, seg) in &found {
            let Some(channel) = channel else {
                return unclear;
            };
            match out.iter().find(|f| f.channel == Some(*channel)) {
                Some(f) if f.amount_vnd != *amount => return unclear,
                Some(_) => {}
                None => out.push(Fee {
                    channel: Some(*channel),
                    amount_vnd: *amount,
                    description_vi: (*seg).to_string(),
                }),
            }
        }
    } else {
        let first = found[0].1;
        if found.iter().any(|(_, a, _)| *a != first) {
            return unclear;
        }
        out.push(Fee {
            channel: None,
            amount_vnd: first,
            description_vi: found[0].2.to_string(),
        });
    }
    FeeReading {
        fees: out,
        caveat: None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn amounts_with_currency_only() {
        assert_eq!(
            amounts(
                "trực tuyến: 10.000 đồng/lần; 8.000đ; 50.000 việt nam đồng; 10 usd; điều 4 thông tư 75/2022"
            ),
            vec![
                (10_000, Currency::Dong),
                (8_000, Currency::Dong),
                (50_000, Currency::Dong),
                (10, Currency::Foreign)
            ]
        );
        assert_eq!(amounts("8.000 đ/bản sao"), vec![(8_000, Currency::Dong)]);
        assert_eq!(amounts("ngày 01/7/2025 đồng thời"), vec![]);
        assert_eq!(amounts("2 đợt"), vec![]);
    }

    #[test]
    fn channels_and_general_fees() {
        let r = fees(Some(
            "Trực tuyến: 10.000 đồng/lần đăng ký; Trực tiếp: 20.000 đồng. Trường hợp thuộc diện miễn theo Điều 4 Thông tư 75/2022/TT-BTC.",
        ));
        assert_eq!(r.fees.len(), 2);
        assert_eq!(
            (r.fees[0].channel, r.fees[0].amount_vnd),
            (Some(Channel::Online), 10_000)
        );
        assert_eq!(
            (r.fees[1].channel, r.fees[1].amount_vnd),
            (Some(Channel::Desk), 20_000)
        );
        let r = fees(Some("8.000 VNĐ"));
        assert_eq!((r.fees[0].channel, r.fees[0].amount_vnd), (None, 8_000));
        assert!(fees(Some("Miễn phí")).fees.is_empty());
        assert!(
            fees(Some("Miễn lệ phí. Phí cấp bản sao 8.000 đồng"))
                .fees
                .is_empty()
        );
        assert!(fees(None).fees.is_empty());
        // Per page and capped: not a fixed amount.
        let r = fees(Some(
            "2.000 đồng/trang; từ trang thứ 3 trở lên thu 1.000 đồng/trang",
        ));
        assert!(r.fees.is_empty());
        assert!(r.caveat.is_some());
        // Two amounts for the same channel.
        assert!(
            fees(Some("Trực tuyến: 5.000 VNĐ hoặc 7.000 đồng"))
                .fees
                .is_empty()
        );
        // Amount of an embassy does not apply here.
        let r = fees(Some(
            "Tại UBND cấp xã: 10.000 đồng/trường hợp. Tại cơ quan đại diện: 10 USD/bản.",
        ));
        assert_eq!((r.fees[0].channel, r.fees[0].amount_vnd), (None, 10_000));
    }
}
