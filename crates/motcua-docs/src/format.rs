//! How dates and times are written on the forms.

use jiff::civil::{Date, DateTime};

/// Day and month as Decree 30/2020 Phụ lục I, khoản 6 writes them in "ngày … tháng … năm …":
/// a day below 10 and the months 1 and 2 get a leading zero ("ngày 05 tháng 02 năm 2026",
/// "ngày 15 tháng 3 năm 2026"), so nobody can add a digit afterwards.
pub(crate) fn day_month(d: Date) -> (String, String) {
    let day = format!("{:02}", d.day());
    let month = if d.month() <= 2 {
        format!("{:02}", d.month())
    } else {
        d.month().to_string()
    };
    (day, month)
}

/// "ngày 05 tháng 3 năm 2026".
pub fn date_words(d: Date) -> String {
    let (day, month) = day_month(d);
    format!("ngày {day} tháng {month} năm {}", d.year())
}

/// "Hà Nội, ngày 05 tháng 3 năm 2026" — the place-and-date line of Decree 30.
pub fn place_date(place: &str, d: Date) -> String {
    let place = place.trim();
    if place.is_empty() {
        date_words(d)
    } else {
        format!("{place}, {}", date_words(d))
    }
}

/// "05/03/2026".
pub fn date_short(d: Date) -> String {
    format!("{:02}/{:02}/{}", d.day(), d.month(), d.year())
}

/// Mẫu 01 and the control slip print times as "giờ, phút, ngày/tháng/năm":
/// "14 giờ 30 phút, ngày 05/03/2026".
pub fn time_date(t: DateTime) -> String {
    format!(
        "{:02} giờ {:02} phút, ngày {}",
        t.hour(),
        t.minute(),
        date_short(t.date())
    )
}

/// Compact "05/03/2026 14:30" for table cells (logbook).
pub fn date_time_short(t: DateTime) -> String {
    format!("{} {:02}:{:02}", date_short(t.date()), t.hour(), t.minute())
}

#[cfg(test)]
mod tests {
    use super::*;
    use jiff::civil::date;

    #[test]
    fn decree_30_zero_padding() {
        assert_eq!(date_words(date(2026, 2, 5)), "ngày 05 tháng 02 năm 2026");
        assert_eq!(date_words(date(2026, 3, 15)), "ngày 15 tháng 3 năm 2026");
        assert_eq!(date_words(date(2026, 12, 1)), "ngày 01 tháng 12 năm 2026");
        assert_eq!(
            place_date("Hà Nội", date(2026, 1, 9)),
            "Hà Nội, ngày 09 tháng 01 năm 2026"
        );
    }

    #[test]
    fn time_and_date() {
        let t = date(2026, 3, 5).at(7, 5, 0, 0);
        assert_eq!(time_date(t), "07 giờ 05 phút, ngày 05/03/2026");
        assert_eq!(date_time_short(t), "05/03/2026 07:05");
    }
}
