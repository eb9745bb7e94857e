//! Words the pages show for the store's values: worklists, due states (colour AND text, so the
//! state reads without colour too), statuses.

use motcua_calendar::{Completion, OpenState};
use motcua_store::store::{DueState, Worklist};
use motcua_ui::Lang;

pub fn list_slug(l: Worklist) -> &'static str {
    match l {
        Worklist::New => "new",
        Worklist::ToProcess => "to-process",
        Worklist::WaitingCitizen => "waiting",
        Worklist::ToApprove => "to-approve",
        Worklist::ToReturn => "to-return",
        Worklist::DueSoon => "due-soon",
        Worklist::Overdue => "overdue",
        Worklist::NeedsApology => "needs-apology",
        Worklist::All => "all",
    }
}

pub fn list_from_slug(s: &str) -> Option<Worklist> {
    Worklist::ALL.into_iter().find(|l| list_slug(*l) == s)
}

pub fn list_label(lang: Lang, l: Worklist) -> &'static str {
    match l {
        Worklist::New => lang.pick("Mới, chờ tiếp nhận", "New"),
        Worklist::ToProcess => lang.pick("Cần xử lý", "To process"),
        Worklist::WaitingCitizen => lang.pick("Chờ công dân bổ sung", "Waiting for the citizen"),
        Worklist::ToApprove => lang.pick("Chờ phê duyệt", "To approve"),
        Worklist::ToReturn => lang.pick("Có kết quả, chờ trả", "Results to return"),
        Worklist::DueSoon => lang.pick("Sắp đến hạn", "Due soon"),
        Worklist::Overdue => lang.pick("Quá hạn", "Overdue"),
        Worklist::NeedsApology => lang.pick("Cần xin lỗi, hẹn lại", "Needs an apology"),
        Worklist::All => lang.pick("Tất cả", "All"),
    }
}

/// (CSS modifier, text) of a due state.
pub fn due(lang: Lang, d: &DueState) -> (&'static str, &'static str) {
    match d {
        DueState::NotStarted => ("none", lang.pick("Chưa tính hạn", "Clock not started")),
        DueState::Paused => (
            "paused",
            lang.pick("Tạm dừng, chờ bổ sung", "Paused, awaiting supplement"),
        ),
        DueState::Open(OpenState::WithinTime) => ("ok", lang.pick("Trong hạn", "Within time")),
        DueState::Open(OpenState::DueSoon) => ("soon", lang.pick("Sắp đến hạn", "Due soon")),
        DueState::Open(OpenState::Overdue) => ("late", lang.pick("Quá hạn", "Overdue")),
        DueState::Finished(Completion::Early) => ("ok", lang.pick("Xong trước hạn", "Done early")),
        DueState::Finished(Completion::OnTime) => {
            ("ok", lang.pick("Xong đúng hạn", "Done on time"))
        }
        DueState::Finished(Completion::Late) => ("late", lang.pick("Xong quá hạn", "Done late")),
    }
}

pub fn status(lang: Lang, s: motcua_domain::dossier::Status) -> &'static str {
    lang.pick(s.label_vi(), s.label_en())
}
