//! Why a feedback command was refused. A rejection changes nothing.

use super::command::FeedbackCommandKind;
use super::model::FeedbackStatus;
use super::rules::FeedbackRole;
use crate::message::Localized;

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum FeedbackRejection {
    #[error("{command:?} is not allowed when the feedback is {status:?}")]
    IllegalTransition {
        command: FeedbackCommandKind,
        status: FeedbackStatus,
    },
    #[error("{command:?} needs one of the roles {roles:?}")]
    Forbidden {
        command: FeedbackCommandKind,
        roles: Vec<FeedbackRole>,
    },
    #[error("the actor's role does not cover the unit handling this feedback")]
    OutOfScope,
    #[error("only the author may do this")]
    NotAuthor,
    #[error("the feedback already exists")]
    AlreadyExists,
    #[error("contact details are required when not signed in")]
    ContactRequired,
    #[error("contact {field}: {en}")]
    InvalidContact {
        field: &'static str,
        vi: String,
        en: String,
    },
    #[error("required: {0}")]
    Required(&'static str),
    #[error("too long: {0}")]
    TooLong(&'static str),
    #[error("cannot forward to the unit that handles it")]
    ForwardToSameUnit,
    #[error("not past its deadline, or already recorded")]
    NotOverdue,
    #[error("sign in to react")]
    SignInRequired,
    #[error("calendar: {0}")]
    Calendar(String),
}

fn field_vi(f: &str) -> &str {
    match f {
        "title" => "tiêu đề",
        "content" => "nội dung",
        "reason" => "lý do",
        "question" => "nội dung yêu cầu",
        "text" => "nội dung",
        "answer" => "nội dung trả lời",
        "subject" => "đối tượng phản ánh",
        other => other,
    }
}

impl Localized for FeedbackRejection {
    fn code(&self) -> &'static str {
        match self {
            FeedbackRejection::IllegalTransition { .. } => "feedback.illegal_transition",
            FeedbackRejection::Forbidden { .. } => "feedback.forbidden",
            FeedbackRejection::OutOfScope => "feedback.out_of_scope",
            FeedbackRejection::NotAuthor => "feedback.not_author",
            FeedbackRejection::AlreadyExists => "feedback.already_exists",
            FeedbackRejection::ContactRequired => "feedback.contact_required",
            FeedbackRejection::InvalidContact { .. } => "feedback.invalid_contact",
            FeedbackRejection::Required(_) => "feedback.required",
            FeedbackRejection::TooLong(_) => "feedback.too_long",
            FeedbackRejection::ForwardToSameUnit => "feedback.forward_same_unit",
            FeedbackRejection::NotOverdue => "feedback.not_overdue",
            FeedbackRejection::SignInRequired => "feedback.sign_in_required",
            FeedbackRejection::Calendar(_) => "feedback.calendar",
        }
    }

    fn message_vi(&self) -> String {
        match self {
            FeedbackRejection::IllegalTransition { command, status } => format!(
                "Không thể «{}» khi phản ánh đang ở trạng thái «{}».",
                command.label_vi(),
                status.label_vi()
            ),
            FeedbackRejection::Forbidden { command, roles } => format!(
                "«{}» chỉ dành cho: {}.",
                command.label_vi(),
                roles
                    .iter()
                    .map(|r| r.label_vi())
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
            FeedbackRejection::OutOfScope => {
                "Bạn không có quyền xử lý phản ánh của đơn vị này.".into()
            }
            FeedbackRejection::NotAuthor => "Chỉ người gửi phản ánh mới thực hiện được.".into(),
            FeedbackRejection::AlreadyExists => "Phản ánh này đã tồn tại.".into(),
            FeedbackRejection::ContactRequired => {
                "Khi chưa đăng nhập, vui lòng ghi họ tên và số điện thoại hoặc thư điện tử để nhận trả lời."
                    .into()
            }
            FeedbackRejection::InvalidContact { vi, .. } => vi.clone(),
            FeedbackRejection::Required(f) => format!("Vui lòng nhập {}.", field_vi(f)),
            FeedbackRejection::TooLong(f) => format!("{} quá dài.", field_vi(f)),
            FeedbackRejection::ForwardToSameUnit => {
                "Không thể chuyển cho chính đơn vị đang xử lý.".into()
            }
            FeedbackRejection::NotOverdue => {
                "Phản ánh chưa quá hạn hoặc đã được ghi nhận quá hạn.".into()
            }
            FeedbackRejection::SignInRequired => {
                "Vui lòng đăng nhập để bày tỏ thích hoặc không thích.".into()
            }
            FeedbackRejection::Calendar(e) => format!("Lỗi lịch làm việc: {e}"),
        }
    }

    fn message_en(&self) -> String {
        match self {
            FeedbackRejection::IllegalTransition { command, status } => format!(
                "Cannot {} while the feedback is {}.",
                command.label_en().to_lowercase(),
                status.label_en().to_lowercase()
            ),
            FeedbackRejection::Forbidden { command, roles } => format!(
                "{} is only for: {}.",
                command.label_en(),
                roles
                    .iter()
                    .map(|r| r.as_str())
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
            FeedbackRejection::InvalidContact { en, .. } => en.clone(),
            FeedbackRejection::Required(f) => format!("Please enter the {f}."),
            FeedbackRejection::TooLong(f) => format!("The {f} is too long."),
            FeedbackRejection::ContactRequired => {
                "Without signing in, please give your name and a phone number or e-mail address for the answer."
                    .into()
            }
            other => {
                let mut s = other.to_string();
                if let Some(c) = s.get_mut(0..1) {
                    c.make_ascii_uppercase();
                }
                s + "."
            }
        }
    }
}
