//! Words for states shown in lists: the deadline state (in colour AND words), dossier and
//! feedback states, in the reader's language.

use motcua_calendar::{Completion, OpenState};
use motcua_domain::quality::feedback::FeedbackStatus;
use motcua_store::store::DueState;
use motcua_ui::Lang;

/// (CSS modifier, words) of an open item's deadline state.
pub fn open_state(lang: Lang, s: Option<OpenState>) -> (&'static str, &'static str) {
    match s {
        Some(OpenState::WithinTime) => ("ok", lang.pick("Trong hạn", "Within time")),
        Some(OpenState::DueSoon) => ("soon", lang.pick("Sắp đến hạn", "Due soon")),
        Some(OpenState::Overdue) => ("late", lang.pick("Quá hạn", "Overdue")),
        None => ("none", lang.pick("Không tính hạn", "No deadline running")),
    }
}

/// (CSS modifier, words) of a dossier's deadline state.
pub fn due(lang: Lang, s: DueState) -> (&'static str, &'static str) {
    match s {
        DueState::NotStarted => ("none", lang.pick("Chưa tiếp nhận", "Not received yet")),
        DueState::Paused => (
            "none",
            lang.pick(
                "Tạm dừng, chờ người dân",
                "Paused, waiting for the applicant",
            ),
        ),
        DueState::Open(o) => open_state(lang, Some(o)),
        DueState::Finished(Completion::Early) => {
            ("ok", lang.pick("Xong trước hạn", "Finished early"))
        }
        DueState::Finished(Completion::OnTime) => {
            ("ok", lang.pick("Xong đúng hạn", "Finished on time"))
        }
        DueState::Finished(Completion::Late) => {
            ("late", lang.pick("Xong quá hạn", "Finished late"))
        }
    }
}

pub fn feedback_status(lang: Lang, s: FeedbackStatus) -> &'static str {
    lang.pick(s.label_vi(), s.label_en())
}

pub fn dossier_status(lang: Lang, s: motcua_domain::dossier::Status) -> &'static str {
    lang.pick(s.label_vi(), s.label_en())
}

/// Working days left (or past) until `at`, in the unit's calendar: "còn 3,5 ngày làm việc".
pub fn working_days_left(
    lang: Lang,
    cal: &motcua_calendar::WorkingCalendar,
    now: jiff::Timestamp,
    at: jiff::Timestamp,
) -> String {
    let (a, b) = (
        motcua_calendar::to_local(now),
        motcua_calendar::to_local(at),
    );
    let per_day = motcua_calendar::MINUTES_PER_WORKING_DAY;
    let (minutes, late) = if b >= a {
        (cal.working_minutes_between(a, b), false)
    } else {
        (cal.working_minutes_between(b, a), true)
    };
    let tenths = (minutes * 10 + per_day / 2) / per_day;
    let n = format!("{},{}", tenths / 10, tenths % 10);
    let n = n.strip_suffix(",0").map(str::to_string).unwrap_or(n);
    match (lang, late) {
        (Lang::Vi, false) => format!("còn {n} ngày làm việc"),
        (Lang::Vi, true) => format!("quá {n} ngày làm việc"),
        (Lang::En, false) => format!("{} working days left", n.replace(',', ".")),
        (Lang::En, true) => format!("{} working days late", n.replace(',', ".")),
    }
}
