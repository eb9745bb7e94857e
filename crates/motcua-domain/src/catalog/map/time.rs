//! Processing time and cut-off rule from `processing_days` and `processing_time_text`
//! (heuristics documented in `catalog::import` and data/catalog/README.md).

use motcua_calendar::{CutoffRule, Limit, TimeUnit};

use crate::fold::fold;

/// The limit read from the record, and a caveat when the reading is a guess.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TimeReading {
    pub limit: Option<Limit>,
    pub caveat: Option<String>,
}

fn reading(limit: Limit, caveat: Option<String>) -> TimeReading {
    TimeReading {
        limit: Some(limit),
        caveat,
    }
}

/// The integer a token spells ("03" → 3), if it is all digits.
fn number(tok: &str) -> Option<u32> {
    if tok.is_empty() || tok.len() > 6 || !tok.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    tok.parse().ok()
}

/// `toks[i..]` starts with `words`.
fn at(toks: &[&str], i: usize, words: &[&str]) -> bool {
    toks.get(i..i + words.len()) == Some(words)
}

fn contains(toks: &[&str], words: &[&str]) -> bool {
    toks.windows(words.len()).any(|w| w == words)
}

/// The unit written right after a number at `toks[i]`, e.g. "03 ngày làm việc".
fn unit_after(toks: &[&str], i: usize) -> Option<TimeUnit> {
    if at(toks, i + 1, &["ngay", "lam", "viec"]) {
        Some(TimeUnit::WorkingDays)
    } else if at(toks, i + 1, &["gio"]) {
        // "giờ" in a procedure's time limit means working hours (R-CAL-3).
        Some(TimeUnit::WorkingHours)
    } else if at(toks, i + 1, &["thang"]) {
        Some(TimeUnit::Months)
    } else if at(toks, i + 1, &["ngay"]) {
        Some(TimeUnit::CalendarDays)
    } else {
        None
    }
}

/// Reads the processing time (see the rules in the `catalog::import` module doc).
pub fn processing_time(days: Option<u32>, text: &str) -> TimeReading {
    let folded = fold(text);
    let toks: Vec<&str> = folded.split(' ').filter(|t| !t.is_empty()).collect();
    // No time: the importer says so in a caveat once enrichment had its chance to fill it.
    let Some(days) = days else {
        return TimeReading {
            limit: None,
            caveat: None,
        };
    };
    if days == 0 {
        if contains(&toks, &["trong", "ngay"]) {
            return reading(Limit::same_day(), None);
        }
        // "1 Giờ" (2.001159): less than a day, written in hours.
        for (i, t) in toks.iter().enumerate() {
            if let Some(n) = number(t).filter(|&n| n > 0)
                && unit_after(&toks, i) == Some(TimeUnit::WorkingHours)
            {
                return reading(
                    Limit::working_hours(n),
                    Some(format!(
                        "processing_days = 0 và văn bản ghi «{n} giờ»: motcua tính là {n} giờ làm việc."
                    )),
                );
            }
        }
        return reading(
            Limit::same_day(),
            Some(
                "processing_days = 0 nhưng văn bản không ghi «trong ngày»: motcua coi là trả kết quả trong ngày."
                    .into(),
            ),
        );
    }
    for (i, t) in toks.iter().enumerate() {
        if number(t) != Some(days) {
            continue;
        }
        match unit_after(&toks, i) {
            Some(TimeUnit::CalendarDays) => {
                return reading(
                    Limit::calendar_days(days),
                    Some(format!(
                        "Nguồn ghi «{days} ngày», không nói «ngày làm việc»: motcua tính {days} ngày theo lịch (cần xác nhận đơn vị)."
                    )),
                );
            }
            Some(unit) => return reading(Limit::new(days, unit), None),
            None => {}
        }
    }
    reading(
        Limit::working_days(days),
        Some(format!(
            "Nguồn chỉ ghi con số {days} mà không ghi đơn vị: motcua tính là {days} ngày làm việc (chưa xác nhận)."
        )),
    )
}

/// Reads the cut-off rule: "sau 15 giờ" / "sau 15h" ⇒ `After{15:00}`; "trong vòng 01 giờ trước khi
/// kết thúc giờ làm việc" ⇒ `BeforeClose{60}`. Only afternoon hours 13–17 count as a cut-off:
/// "sau 23 giờ" in 2.001159 is when a guest arrives, not when the desk stops counting the day.
pub fn cutoff(text: &str) -> CutoffRule {
    let folded = fold(text);
    let toks: Vec<&str> = folded.split(' ').filter(|t| !t.is_empty()).collect();
    for i in 0..toks.len() {
        if toks[i] == "sau"
            && let Some((hour, minute)) = clock_at(&toks, i + 1)
            && (13..=17).contains(&hour)
        {
            return CutoffRule::after(hour as i8, minute as i8);
        }
    }
    for i in 0..toks.len() {
        let Some(n) = number(toks[i]) else { continue };
        let minutes = match toks.get(i + 1) {
            Some(&"gio") => n * 60,
            Some(&"phut") => n,
            _ => continue,
        };
        let mut j = i + 2;
        if toks.get(j) != Some(&"truoc") {
            continue;
        }
        j += 1;
        if toks.get(j) == Some(&"khi") {
            j += 1;
        }
        let ends = at(&toks, j, &["ket", "thuc", "gio"])
            || at(&toks, j, &["het", "gio"])
            || at(&toks, j, &["ket", "thuc", "thoi", "gian", "lam", "viec"]);
        if ends && minutes > 0 {
            return CutoffRule::BeforeClose { minutes };
        }
    }
    CutoffRule::None
}

/// A clock time at `toks[i]`: "15 gio", "15 gio 30", "15h", "15h30".
fn clock_at(toks: &[&str], i: usize) -> Option<(u32, u32)> {
    let t = *toks.get(i)?;
    if let Some(h) = number(t) {
        if toks.get(i + 1) != Some(&"gio") {
            return None;
        }
        let minute = toks
            .get(i + 2)
            .and_then(|m| number(m))
            .filter(|&m| m < 60)
            .unwrap_or(0);
        return (h < 24).then_some((h, minute));
    }
    let (h, m) = t.split_once('h')?;
    let h = number(h)?;
    let m = if m.is_empty() { 0 } else { number(m)? };
    (h < 24 && m < 60).then_some((h, m))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn units() {
        let r = processing_time(Some(3), "03 ngày làm việc; trường hợp phải xác minh …");
        assert_eq!(r, reading(Limit::working_days(3), None));
        let r = processing_time(Some(0), "Ngay trong ngày tiếp nhận yêu cầu");
        assert_eq!(r, reading(Limit::same_day(), None));
        let r = processing_time(
            Some(0),
            "1 Giờ; tiếp nhận ngay khi công dân thông báo lưu trú.",
        );
        assert_eq!(r.limit, Some(Limit::working_hours(1)));
        assert!(r.caveat.is_some());
        let r = processing_time(Some(2), "Trong 02 tháng kể từ ngày nhận hồ sơ");
        assert_eq!(r.limit, Some(Limit::months(2)));
        let r = processing_time(Some(4), "04 giờ làm việc");
        assert_eq!(r.limit, Some(Limit::working_hours(4)));
        let r = processing_time(Some(10), "10 Ngày (trực tuyến, bưu chính, trực tiếp)");
        assert_eq!(r.limit, Some(Limit::calendar_days(10)));
        assert!(r.caveat.unwrap().contains("theo lịch"));
        let r = processing_time(Some(5), "cột Thời gian ghi \"5\" (không ghi đơn vị)");
        assert_eq!(r.limit, Some(Limit::working_days(5)));
        assert!(r.caveat.unwrap().contains("không ghi đơn vị"));
        assert_eq!(processing_time(None, "x").limit, None);
    }

    #[test]
    fn cutoffs() {
        assert_eq!(
            cutoff("trường hợp nhận hồ sơ sau 15 giờ mà không giải quyết được ngay"),
            CutoffRule::after(15, 0)
        );
        assert_eq!(
            cutoff("nộp sau 15h thì tính từ ngày làm việc tiếp theo"),
            CutoffRule::after(15, 0)
        );
        assert_eq!(cutoff("nhận sau 16h30"), CutoffRule::after(16, 30));
        assert_eq!(cutoff("sau 16 giờ 30 phút"), CutoffRule::after(16, 30));
        assert_eq!(
            cutoff(
                "hồ sơ tiếp nhận trong vòng 01 giờ trước khi kết thúc giờ làm việc thì tính từ ngày làm việc tiếp theo"
            ),
            CutoffRule::BeforeClose { minutes: 60 }
        );
        assert_eq!(
            cutoff("trong vòng 30 phút trước khi hết giờ làm việc"),
            CutoffRule::BeforeClose { minutes: 30 }
        );
        assert_eq!(
            cutoff("đến sau 23 giờ thì trước 08 giờ ngày hôm sau"),
            CutoffRule::None
        );
        assert_eq!(cutoff("03 ngày làm việc"), CutoffRule::None);
    }
}
