//! Language helpers: Vietnamese is the default and the official language; English is offered for
//! foreigners. Dates are written the Vietnamese way in both languages (day/month/year, 24-hour
//! clock) with the weekday spelled out, because people plan their trip to the desk by weekday.

use jiff::Timestamp;
use jiff::civil::{Date, DateTime, Weekday};
pub use motcua_domain::Lang;

/// Bilingual text chosen at render time.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Text {
    pub vi: String,
    pub en: String,
}

impl Text {
    pub fn new(vi: impl Into<String>, en: impl Into<String>) -> Self {
        Text {
            vi: vi.into(),
            en: en.into(),
        }
    }
    /// The text in `lang` (takes `Lang` or `&Lang`, as templates pass references).
    pub fn get<L: std::borrow::Borrow<Lang>>(&self, lang: L) -> &str {
        match lang.borrow() {
            Lang::Vi => &self.vi,
            Lang::En => &self.en,
        }
    }
}

impl From<&dyn motcua_domain::Localized> for Text {
    fn from(m: &dyn motcua_domain::Localized) -> Self {
        Text::new(m.message_vi(), m.message_en())
    }
}

fn weekday_en(w: Weekday) -> &'static str {
    match w {
        Weekday::Monday => "Monday",
        Weekday::Tuesday => "Tuesday",
        Weekday::Wednesday => "Wednesday",
        Weekday::Thursday => "Thursday",
        Weekday::Friday => "Friday",
        Weekday::Saturday => "Saturday",
        Weekday::Sunday => "Sunday",
    }
}

/// "Thứ Năm 05/03/2026" / "Thursday 05/03/2026".
pub fn date(lang: Lang, d: Date) -> String {
    let wd = match lang {
        Lang::Vi => motcua_calendar::weekday_vi(d.weekday()),
        Lang::En => weekday_en(d.weekday()),
    };
    format!("{wd} {:02}/{:02}/{}", d.day(), d.month(), d.year())
}

/// "17:00 Thứ Năm 05/03/2026" (local time, UTC+7).
pub fn local_moment(lang: Lang, t: DateTime) -> String {
    format!("{:02}:{:02} {}", t.hour(), t.minute(), date(lang, t.date()))
}

/// An instant as local time in Vietnam: "09:30 Thứ Hai 02/03/2026".
pub fn moment(lang: Lang, t: Timestamp) -> String {
    local_moment(lang, motcua_calendar::to_local(t))
}

/// "02/03/2026" (short, for lists).
pub fn short_date(t: Timestamp) -> String {
    let d = motcua_calendar::to_local(t).date();
    format!("{:02}/{:02}/{}", d.day(), d.month(), d.year())
}

/// Money in đồng: "10.000 đ" / "10,000 VND"; zero is "Miễn phí" / "Free".
pub fn money(lang: Lang, vnd: u64) -> String {
    if vnd == 0 {
        return lang.pick("Miễn phí", "Free").into();
    }
    let digits = vnd.to_string();
    let sep = match lang {
        Lang::Vi => '.',
        Lang::En => ',',
    };
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(sep);
        }
        out.push(c);
    }
    match lang {
        Lang::Vi => format!("{out} đ"),
        Lang::En => format!("{out} VND"),
    }
}

/// A byte count for people: "850 KB", "2,4 MB".
pub fn size(lang: Lang, bytes: u64) -> String {
    if bytes < 1024 * 1024 {
        return format!("{} KB", bytes.div_ceil(1024));
    }
    let mb = format!("{:.1}", bytes as f64 / (1024.0 * 1024.0));
    match lang {
        Lang::Vi => format!("{} MB", mb.replace('.', ",")),
        Lang::En => format!("{mb} MB"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use jiff::civil::date as d;

    #[test]
    fn dates_with_weekdays() {
        let t = d(2026, 3, 5).at(17, 0, 0, 0);
        assert_eq!(local_moment(Lang::Vi, t), "17:00 Thứ Năm 05/03/2026");
        assert_eq!(local_moment(Lang::En, t), "17:00 Thursday 05/03/2026");
    }

    #[test]
    fn money_and_sizes() {
        assert_eq!(money(Lang::Vi, 10_000), "10.000 đ");
        assert_eq!(money(Lang::En, 1_250_000), "1,250,000 VND");
        assert_eq!(money(Lang::Vi, 0), "Miễn phí");
        assert_eq!(size(Lang::Vi, 2_500_000), "2,4 MB");
        assert_eq!(size(Lang::En, 1000), "1 KB");
    }
}
