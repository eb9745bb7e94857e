//! The unit and period pickers of the index pages: a plain GET form (no JavaScript), parsed
//! here into a `Period` of the domain, and printed back into the links of every number so a
//! list opens on the same unit and period.

use jiff::civil::Date;
use motcua_domain::Localized;
use motcua_domain::quality::{Period, PeriodKind};
use motcua_ui::Lang;
use serde::Deserialize;

/// The query of an index page (every field optional: the default is this month until today).
#[derive(Debug, Clone, Default, Deserialize)]
pub struct Picker {
    /// Agency code of the unit (`H99.01`).
    #[serde(default)]
    pub unit: String,
    /// `month`, `quarter`, `year` or `custom`.
    #[serde(default)]
    pub period: String,
    #[serde(default)]
    pub year: String,
    #[serde(default)]
    pub month: String,
    #[serde(default)]
    pub quarter: String,
    #[serde(default)]
    pub from: String,
    #[serde(default)]
    pub to: String,
}

/// The chosen period, or the reason it cannot be used (shown next to the picker).
pub fn period(p: &Picker, today: Date, lang: Lang) -> Result<Period, String> {
    let bad = |vi: &str, en: &str| lang.pick(vi, en).to_string();
    let year = || -> Result<i16, String> {
        if p.year.trim().is_empty() {
            return Ok(today.year());
        }
        p.year
            .trim()
            .parse::<i16>()
            .ok()
            .filter(|y| (2000..=2100).contains(y))
            .ok_or_else(|| bad("Năm không hợp lệ.", "The year is not valid."))
    };
    let localized = |e: motcua_domain::quality::PeriodError| match lang {
        Lang::Vi => e.message_vi(),
        Lang::En => e.message_en(),
    };
    match p.period.as_str() {
        "" | "month" => {
            let y = year()?;
            let m = if p.month.trim().is_empty() {
                if y == today.year() { today.month() } else { 12 }
            } else {
                p.month
                    .trim()
                    .parse::<i8>()
                    .ok()
                    .filter(|m| (1..=12).contains(m))
                    .ok_or_else(|| bad("Tháng không hợp lệ.", "The month is not valid."))?
            };
            Period::month(y, m).map_err(localized)
        }
        "quarter" => {
            let y = year()?;
            let q = if p.quarter.trim().is_empty() {
                (today.month() - 1) / 3 + 1
            } else {
                p.quarter
                    .trim()
                    .parse::<i8>()
                    .ok()
                    .filter(|q| (1..=4).contains(q))
                    .ok_or_else(|| bad("Quý không hợp lệ.", "The quarter is not valid."))?
            };
            Period::quarter(y, q).map_err(localized)
        }
        "year" => Period::year(year()?).map_err(localized),
        "custom" => {
            let d = |s: &str| {
                motcua_calendar::parse_date(s.trim()).map_err(|_| {
                    bad(
                        "Ngày không hợp lệ (ví dụ 01/03/2026).",
                        "The date is not valid (e.g. 01/03/2026).",
                    )
                })
            };
            let from = d(&p.from)?;
            let to = d(&p.to)?;
            if to.since(from).map(|s| s.get_days()).unwrap_or(0) > 3 * 366 {
                return Err(bad(
                    "Kỳ tùy chọn dài tối đa 3 năm.",
                    "A custom period may span at most 3 years.",
                ));
            }
            Period::custom(from, to).map_err(localized)
        }
        _ => Err(bad(
            "Loại kỳ không hợp lệ.",
            "The kind of period is not valid.",
        )),
    }
}

/// The query string of a period (and unit), for links that keep the choice.
pub fn query(unit: &str, p: &Period) -> String {
    let mut s = form_urlencoded::Serializer::new(String::new());
    if !unit.is_empty() {
        s.append_pair("unit", unit);
    }
    match p.kind {
        PeriodKind::Month => {
            s.append_pair("period", "month")
                .append_pair("year", &p.from.year().to_string())
                .append_pair("month", &p.from.month().to_string());
        }
        PeriodKind::Quarter => {
            s.append_pair("period", "quarter")
                .append_pair("year", &p.from.year().to_string())
                .append_pair("quarter", &((p.from.month() - 1) / 3 + 1).to_string());
        }
        PeriodKind::Year => {
            s.append_pair("period", "year")
                .append_pair("year", &p.from.year().to_string());
        }
        PeriodKind::Custom => {
            s.append_pair("period", "custom")
                .append_pair("from", &p.from.to_string())
                .append_pair("to", &p.to.to_string());
        }
    }
    s.finish()
}

/// The picker's fields as they should show (the chosen period filled in).
pub fn filled(unit: &str, p: &Period) -> Picker {
    let kind = match p.kind {
        PeriodKind::Month => "month",
        PeriodKind::Quarter => "quarter",
        PeriodKind::Year => "year",
        PeriodKind::Custom => "custom",
    };
    Picker {
        unit: unit.to_string(),
        period: kind.into(),
        year: p.from.year().to_string(),
        month: p.from.month().to_string(),
        quarter: ((p.from.month() - 1) / 3 + 1).to_string(),
        from: p.from.to_string(),
        to: p.to.to_string(),
    }
}

/// The period's name in the reader's language.
pub fn label(lang: Lang, p: &Period) -> String {
    match lang {
        Lang::Vi => p.label_vi(),
        Lang::En => p.label_en(),
    }
}

/// The months of the trend chart: the 12 months up to the month `p` ends in, or up to this
/// month when `p` ends in the future (a month that has not begun has nothing to show).
pub fn trend_months(p: &Period, today: Date) -> Vec<Period> {
    let end = p.to.min(today);
    let (mut y, mut m) = (end.year(), end.month());
    let mut out = Vec::with_capacity(12);
    for _ in 0..12 {
        if let Ok(month) = Period::month(y, m) {
            out.push(month);
        }
        m -= 1;
        if m == 0 {
            m = 12;
            y -= 1;
        }
    }
    out.reverse();
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use jiff::civil::date;

    fn pick(kind: &str, extra: &[(&str, &str)]) -> Picker {
        let mut p = Picker {
            period: kind.into(),
            ..Picker::default()
        };
        for (k, v) in extra {
            match *k {
                "year" => p.year = (*v).into(),
                "month" => p.month = (*v).into(),
                "quarter" => p.quarter = (*v).into(),
                "from" => p.from = (*v).into(),
                "to" => p.to = (*v).into(),
                _ => {}
            }
        }
        p
    }

    #[test]
    fn periods_and_round_trip() {
        let today = date(2026, 3, 18);
        let m = period(&pick("", &[]), today, Lang::Vi).unwrap();
        assert_eq!((m.from, m.to), (date(2026, 3, 1), date(2026, 3, 31)));
        let q = period(
            &pick("quarter", &[("year", "2025"), ("quarter", "4")]),
            today,
            Lang::Vi,
        )
        .unwrap();
        assert_eq!((q.from, q.to), (date(2025, 10, 1), date(2025, 12, 31)));
        let c = period(
            &pick("custom", &[("from", "15/01/2026"), ("to", "2026-02-14")]),
            today,
            Lang::Vi,
        )
        .unwrap();
        assert_eq!((c.from, c.to), (date(2026, 1, 15), date(2026, 2, 14)));
        assert_eq!(
            query("H99.01", &c),
            "unit=H99.01&period=custom&from=2026-01-15&to=2026-02-14"
        );
        assert!(period(&pick("month", &[("month", "13")]), today, Lang::En).is_err());
        let r = period(
            &pick("custom", &[("from", "2026-02-14"), ("to", "2026-01-15")]),
            today,
            Lang::Vi,
        );
        assert!(r.unwrap_err().contains("trước ngày bắt đầu"));
    }

    #[test]
    fn trend_is_twelve_months_to_the_end() {
        let p = Period::quarter(2026, 1).unwrap();
        let t = trend_months(&p, date(2026, 11, 23));
        assert_eq!(t.len(), 12);
        assert_eq!(t[0].from, date(2025, 4, 1));
        assert_eq!(t[11].to, date(2026, 3, 31));
        let y = trend_months(&Period::year(2026).unwrap(), date(2026, 3, 18));
        assert_eq!(y[11].from, date(2026, 3, 1), "no future months");
    }
}
