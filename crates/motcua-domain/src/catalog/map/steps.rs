//! The default internal-step template (quy trình nội bộ). The national format has none; the
//! province reviews it. Allotments are whole working hours and add up to the processing time.

use motcua_calendar::{Limit, TimeUnit};

use crate::dossier::Role;
use crate::procedure::InternalStep;

/// Working days assumed per month when a limit is in months (conservative: fewer than the
/// ~22 of an average month, so steps never outlast the legal limit).
const WORKING_DAYS_PER_MONTH: u32 = 20;

/// The processing time in working hours for the template. Calendar days count as 5/7 working
/// days (rounded down, at least one day); a same-day procedure gets one working day (8 hours).
pub fn template_hours(limit: Limit) -> u32 {
    match limit.unit {
        TimeUnit::WorkingHours => limit.amount,
        TimeUnit::WorkingDays => limit.amount * 8,
        TimeUnit::CalendarDays => (limit.amount * 5 / 7).max(1) * 8,
        TimeUnit::Months => limit.amount * WORKING_DAYS_PER_MONTH * 8,
        TimeUnit::SameDay => 8,
    }
}

fn step(name: &str, role: Role, hours: u32) -> InternalStep {
    InternalStep {
        name_vi: name.to_string(),
        role,
        allotted: Limit::working_hours(hours),
    }
}

/// The template for a processing time: reception and hand-over by the desk, appraisal by a
/// specialist (most of the time), approval by a leader, return of the result by the desk.
///
/// * under 4 hours: one desk step (there is no time to pass the file around);
/// * 4 to 15 hours (same day, one working day): 1 h, rest, 1 h, 1 h;
/// * 16 hours and more: 4 h (the hand-over happens within the reception day, R-LC-3), rest,
///   4 h (8 h from 10 working days on, bigger files take longer to sign), 4 h.
pub fn default_steps(limit: Option<Limit>) -> Vec<InternalStep> {
    let Some(limit) = limit else {
        return Vec::new();
    };
    let total = template_hours(limit);
    if total < 4 {
        return vec![step(
            "Tiếp nhận, giải quyết và trả kết quả",
            Role::DeskOfficer,
            total.max(1),
        )];
    }
    let (reception, approval, giving) = if total < 16 {
        (1, 1, 1)
    } else if total < 80 {
        (4, 4, 4)
    } else {
        (4, 8, 4)
    };
    vec![
        step("Tiếp nhận và chuyển hồ sơ", Role::DeskOfficer, reception),
        step(
            "Thẩm định hồ sơ",
            Role::Specialist,
            total - reception - approval - giving,
        ),
        step("Phê duyệt, ký", Role::Leader, approval),
        step("Trả kết quả", Role::DeskOfficer, giving),
    ]
}

/// Added to `caveats` of every procedure whose steps come from this template.
pub const TEMPLATE_CAVEAT: &str = "Quy trình nội bộ (các bước và thời gian của từng bước) là mẫu mặc định do motcua sinh ra từ thời hạn giải quyết; tỉnh cần rà soát và sửa cho đúng quy trình đã ban hành.";

#[cfg(test)]
mod tests {
    use super::*;

    fn hours(steps: &[InternalStep]) -> Vec<u32> {
        steps.iter().map(|s| s.allotted.amount).collect()
    }

    #[test]
    fn allotments_sum_to_the_limit() {
        assert_eq!(hours(&default_steps(Some(Limit::same_day()))), [1, 5, 1, 1]);
        assert_eq!(
            hours(&default_steps(Some(Limit::working_days(3)))),
            [4, 12, 4, 4]
        );
        assert_eq!(
            hours(&default_steps(Some(Limit::working_days(20)))),
            [4, 144, 8, 4]
        );
        assert_eq!(hours(&default_steps(Some(Limit::working_hours(1)))), [1]);
        assert_eq!(
            hours(&default_steps(Some(Limit::calendar_days(10)))),
            [4, 44, 4, 4]
        );
        assert!(default_steps(None).is_empty());
        for amount in 1..40 {
            for unit in [
                TimeUnit::WorkingHours,
                TimeUnit::WorkingDays,
                TimeUnit::CalendarDays,
                TimeUnit::Months,
            ] {
                let limit = Limit::new(amount, unit);
                let steps = default_steps(Some(limit));
                let sum: u32 = hours(&steps).iter().sum();
                assert_eq!(sum, template_hours(limit).max(1), "{limit}");
                assert!(steps.iter().all(|s| s.allotted.amount > 0));
                assert!(
                    steps
                        .iter()
                        .all(|s| s.allotted.unit == TimeUnit::WorkingHours)
                );
            }
        }
    }
}
