//! Why a command was refused. A rejection changes nothing.

use jiff::Timestamp;

use super::command::CommandKind;
use super::model::Status;
use super::role::Role;
use crate::message::Localized;

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum Rejection {
    #[error("{command:?} is not allowed when the dossier is {status:?}")]
    IllegalTransition {
        command: CommandKind,
        status: Status,
    },
    #[error("{command:?} needs one of the roles {roles:?}")]
    Forbidden {
        command: CommandKind,
        roles: Vec<Role>,
    },
    #[error("the actor's role does not cover this dossier's unit")]
    OutOfScope,
    /// A citizen or helper acting on someone else's dossier (the web layer answers 404).
    #[error("not this person's dossier")]
    NotYourDossier,
    #[error("the dossier is assigned to someone else")]
    NotAssignee,
    #[error("the dossier is already assigned")]
    AlreadyAssigned,
    #[error("the dossier already exists")]
    AlreadyExists,
    #[error("a decision exists; the dossier can no longer be stopped")]
    DecisionExists,
    #[error("the appointment was already rescheduled once")]
    AlreadyRescheduled,
    #[error("the new date must be later than the current appointment")]
    NewDueNotLater,
    #[error("a second supplement request at reception needs a leader")]
    SecondReceptionSupplement,
    #[error("a supplement request must list at least one item")]
    NoSupplementItems,
    #[error("the supplement period has not ended (until {0})")]
    SupplementPeriodRunning(Timestamp),
    #[error("required field missing: {0}")]
    Required(&'static str),
    #[error("required components missing: {0:?}")]
    MissingComponents(Vec<String>),
    #[error("unknown component {0}")]
    UnknownComponent(String),
    #[error("form field {key}: {problem}")]
    InvalidField { key: String, problem: String },
    #[error("this procedure is not accepted through the {0} channel")]
    ChannelNotOffered(&'static str),
    #[error("the procedure is not open for new dossiers")]
    ProcedureNotAvailable,
    #[error("the procedure has no processing time in the catalog")]
    ProcessingTimeUnknown,
    #[error("consent of the citizen must be recorded")]
    ConsentRequired,
    #[error("cannot transfer to the unit that holds the dossier")]
    TransferToSameUnit,
    #[error("an electronic return needs a result file")]
    NoElectronicResult,
    #[error("text too long: {0}")]
    TooLong(&'static str),
    #[error("calendar: {0}")]
    Calendar(String),
}

fn field_vi(f: &str) -> &str {
    match f {
        "reason" => "lý do",
        "legal_basis" => "căn cứ pháp lý",
        "applicant.full_name" => "họ và tên người nộp",
        "text" => "nội dung",
        "summary" => "tóm tắt kết quả",
        "received_by" => "người nhận kết quả",
        "tracking_number" => "mã bưu gửi",
        "delivery.address" => "địa chỉ nhận kết quả qua bưu chính",
        other => other,
    }
}

fn field_en(f: &str) -> &str {
    match f {
        "reason" => "the reason",
        "legal_basis" => "the legal basis",
        "applicant.full_name" => "the applicant's full name",
        "text" => "the text",
        "summary" => "the result summary",
        "received_by" => "who collected the result",
        "tracking_number" => "the postal tracking number",
        "delivery.address" => "the postal address for the result",
        other => other,
    }
}

impl Localized for Rejection {
    fn code(&self) -> &'static str {
        match self {
            Rejection::IllegalTransition { .. } => "dossier.illegal_transition",
            Rejection::Forbidden { .. } => "dossier.forbidden",
            Rejection::OutOfScope => "dossier.out_of_scope",
            Rejection::NotYourDossier => "dossier.not_found",
            Rejection::NotAssignee => "dossier.not_assignee",
            Rejection::AlreadyAssigned => "dossier.already_assigned",
            Rejection::AlreadyExists => "dossier.already_exists",
            Rejection::DecisionExists => "dossier.decision_exists",
            Rejection::AlreadyRescheduled => "dossier.already_rescheduled",
            Rejection::NewDueNotLater => "dossier.new_due_not_later",
            Rejection::SecondReceptionSupplement => "dossier.second_reception_supplement",
            Rejection::NoSupplementItems => "dossier.no_supplement_items",
            Rejection::SupplementPeriodRunning(_) => "dossier.supplement_period_running",
            Rejection::Required(_) => "dossier.required",
            Rejection::MissingComponents(_) => "dossier.missing_components",
            Rejection::UnknownComponent(_) => "dossier.unknown_component",
            Rejection::InvalidField { .. } => "dossier.invalid_field",
            Rejection::ChannelNotOffered(_) => "dossier.channel_not_offered",
            Rejection::ProcedureNotAvailable => "dossier.procedure_not_available",
            Rejection::ProcessingTimeUnknown => "dossier.processing_time_unknown",
            Rejection::ConsentRequired => "dossier.consent_required",
            Rejection::TransferToSameUnit => "dossier.transfer_same_unit",
            Rejection::NoElectronicResult => "dossier.no_electronic_result",
            Rejection::TooLong(_) => "dossier.too_long",
            Rejection::Calendar(_) => "dossier.calendar",
        }
    }

    fn message_vi(&self) -> String {
        match self {
            Rejection::IllegalTransition { command, status } => format!(
                "Không thể «{}» khi hồ sơ đang ở trạng thái «{}».",
                command.label_vi(),
                status.label_vi()
            ),
            Rejection::Forbidden { command, roles } => {
                let r: Vec<&str> = roles.iter().map(|r| r.label_vi()).collect();
                format!(
                    "Bạn không có quyền «{}». Cần vai trò: {}.",
                    command.label_vi(),
                    r.join(", ")
                )
            }
            Rejection::OutOfScope => {
                "Hồ sơ này không thuộc đơn vị mà bạn được phân quyền.".into()
            }
            Rejection::NotYourDossier => "Không tìm thấy hồ sơ.".into(),
            Rejection::NotAssignee => "Hồ sơ đang được giao cho người khác xử lý.".into(),
            Rejection::AlreadyAssigned => "Hồ sơ đã có người nhận xử lý.".into(),
            Rejection::AlreadyExists => "Hồ sơ đã tồn tại.".into(),
            Rejection::DecisionExists => {
                "Đã có quyết định hoặc kết quả giải quyết nên không thể dừng hồ sơ (Điều 21 Nghị định 118/2025/NĐ-CP).".into()
            }
            Rejection::AlreadyRescheduled => {
                "Hồ sơ đã được hẹn lại ngày trả kết quả một lần; không được hẹn lại lần thứ hai.".into()
            }
            Rejection::NewDueNotLater => {
                "Ngày hẹn mới phải sau ngày hẹn trả kết quả hiện tại.".into()
            }
            Rejection::SecondReceptionSupplement => {
                "Yêu cầu bổ sung khi tiếp nhận phải nêu đầy đủ trong một lần; yêu cầu lần hai cần lãnh đạo phê duyệt.".into()
            }
            Rejection::NoSupplementItems => {
                "Phiếu yêu cầu bổ sung phải liệt kê ít nhất một nội dung cần bổ sung.".into()
            }
            Rejection::SupplementPeriodRunning(t) => format!(
                "Chưa hết thời hạn bổ sung hồ sơ (đến {}); chưa thể đóng hồ sơ.",
                motcua_calendar::to_local(*t).strftime("%H:%M ngày %d/%m/%Y")
            ),
            Rejection::Required(f) => format!("Vui lòng nhập {}.", field_vi(f)),
            Rejection::MissingComponents(names) => format!(
                "Hồ sơ còn thiếu thành phần bắt buộc: {}.",
                names.join("; ")
            ),
            Rejection::UnknownComponent(k) => {
                format!("Thành phần hồ sơ «{k}» không thuộc thủ tục này.")
            }
            Rejection::InvalidField { key, problem } => {
                format!("Trường «{key}» không hợp lệ: {problem}")
            }
            Rejection::ChannelNotOffered(c) => format!(
                "Thủ tục này không tiếp nhận hồ sơ theo hình thức {}.",
                match *c {
                    "online" => "trực tuyến",
                    "post" => "bưu chính",
                    _ => "trực tiếp",
                }
            ),
            Rejection::ProcedureNotAvailable => {
                "Thủ tục này hiện không tiếp nhận hồ sơ mới (chưa công bố hoặc đã bãi bỏ).".into()
            }
            Rejection::ProcessingTimeUnknown => {
                "Thủ tục chưa có thời hạn giải quyết trong danh mục; quản trị viên cần cập nhật trước khi tiếp nhận.".into()
            }
            Rejection::ConsentRequired => {
                "Nộp hộ cần ghi nhận sự đồng ý của người dân.".into()
            }
            Rejection::TransferToSameUnit => {
                "Không thể chuyển hồ sơ cho chính đơn vị đang giữ hồ sơ.".into()
            }
            Rejection::NoElectronicResult => {
                "Chưa có tệp kết quả điện tử để trả trực tuyến.".into()
            }
            Rejection::TooLong(f) => format!("Nội dung «{}» quá dài.", field_vi(f)),
            Rejection::Calendar(e) => format!("Không tính được thời hạn: {e}"),
        }
    }

    fn message_en(&self) -> String {
        match self {
            Rejection::IllegalTransition { command, status } => format!(
                "Cannot {} while the dossier is \"{}\".",
                command.label_en().to_lowercase(),
                status.label_en()
            ),
            Rejection::Forbidden { command, roles } => {
                let r: Vec<&str> = roles.iter().map(|r| r.label_en()).collect();
                format!(
                    "You may not {}. It needs one of: {}.",
                    command.label_en().to_lowercase(),
                    r.join(", ")
                )
            }
            Rejection::OutOfScope => "This dossier is outside the units you serve.".into(),
            Rejection::NotYourDossier => "Dossier not found.".into(),
            Rejection::NotAssignee => "The dossier is assigned to someone else.".into(),
            Rejection::AlreadyAssigned => "Someone already took this dossier.".into(),
            Rejection::AlreadyExists => "The dossier already exists.".into(),
            Rejection::DecisionExists => {
                "A decision or result exists, so the dossier can no longer be stopped (Decree 118/2025 art. 21).".into()
            }
            Rejection::AlreadyRescheduled => {
                "The appointment was already rescheduled once; a second reschedule is not allowed.".into()
            }
            Rejection::NewDueNotLater => {
                "The new date must be later than the current appointment.".into()
            }
            Rejection::SecondReceptionSupplement => {
                "Missing items must be listed in one notice at reception; a second notice needs a leader.".into()
            }
            Rejection::NoSupplementItems => {
                "A supplement request must list at least one missing item.".into()
            }
            Rejection::SupplementPeriodRunning(t) => format!(
                "The supplement period has not ended (until {}); the dossier cannot be closed yet.",
                motcua_calendar::to_local(*t).strftime("%Y-%m-%d %H:%M")
            ),
            Rejection::Required(f) => format!("Please enter {}.", field_en(f)),
            Rejection::MissingComponents(names) => {
                format!("Required documents are missing: {}.", names.join("; "))
            }
            Rejection::UnknownComponent(k) => {
                format!("Component \"{k}\" does not belong to this procedure.")
            }
            Rejection::InvalidField { key, problem } => {
                format!("Field \"{key}\" is invalid: {problem}")
            }
            Rejection::ChannelNotOffered(c) => {
                format!("This procedure does not accept dossiers {c}.")
            }
            Rejection::ProcedureNotAvailable => {
                "This procedure does not accept new dossiers (not published or abolished).".into()
            }
            Rejection::ProcessingTimeUnknown => {
                "The procedure has no processing time in the catalog; an administrator must set it first.".into()
            }
            Rejection::ConsentRequired => {
                "Submitting on someone's behalf needs their recorded consent.".into()
            }
            Rejection::TransferToSameUnit => {
                "Cannot transfer a dossier to the unit that holds it.".into()
            }
            Rejection::NoElectronicResult => {
                "There is no electronic result file to return online.".into()
            }
            Rejection::TooLong(f) => format!("{} is too long.", field_en(f)),
            Rejection::Calendar(e) => format!("The time limit could not be computed: {e}"),
        }
    }
}
