//! The procedure catalog (thủ tục hành chính): what the law requires to be public for each
//! procedure, versioned (R-DATA-2). A dossier keeps the version in force when it was received.

use jiff::Timestamp;
use motcua_calendar::{CutoffRule, Limit};
use serde::{Deserialize, Serialize};

use crate::ids::{ProcedureCode, ProcedureVersionId};

/// Level of government that carries out a procedure (cấp thực hiện). No district level after
/// 2025-07-01.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Level {
    Ministry,
    Province,
    Commune,
}

impl Level {
    pub fn label_vi(self) -> &'static str {
        match self {
            Level::Ministry => "Cấp bộ",
            Level::Province => "Cấp tỉnh",
            Level::Commune => "Cấp xã",
        }
    }
    pub fn label_en(self) -> &'static str {
        match self {
            Level::Ministry => "Ministry",
            Level::Province => "Province",
            Level::Commune => "Commune",
        }
    }
}

/// How a dossier reaches the one-stop desk (ND 118/2025 art. 15).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Channel {
    /// Trực tuyến (portal).
    Online,
    /// Trực tiếp tại Bộ phận Một cửa.
    Desk,
    /// Qua dịch vụ bưu chính công ích.
    Post,
}

impl Channel {
    pub const ALL: [Channel; 3] = [Channel::Online, Channel::Desk, Channel::Post];
    pub fn label_vi(self) -> &'static str {
        match self {
            Channel::Online => "Trực tuyến",
            Channel::Desk => "Trực tiếp",
            Channel::Post => "Bưu chính",
        }
    }
    pub fn label_en(self) -> &'static str {
        match self {
            Channel::Online => "Online",
            Channel::Desk => "At the desk",
            Channel::Post => "By post",
        }
    }
}

/// Online service level (ND 42/2022 art. 11).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum OnlineMode {
    /// Dịch vụ công trực tuyến toàn trình.
    Full,
    /// Dịch vụ công trực tuyến một phần.
    Partial,
    /// Trực tiếp only: no online service.
    InPerson,
}

impl OnlineMode {
    pub fn label_vi(self) -> &'static str {
        match self {
            OnlineMode::Full => "Dịch vụ công trực tuyến toàn trình",
            OnlineMode::Partial => "Dịch vụ công trực tuyến một phần",
            OnlineMode::InPerson => "Chỉ nộp trực tiếp hoặc qua bưu chính",
        }
    }
    pub fn label_en(self) -> &'static str {
        match self {
            OnlineMode::Full => "Fully online service",
            OnlineMode::Partial => "Partly online service",
            OnlineMode::InPerson => "In person or by post only",
        }
    }
    pub fn accepts_online(self) -> bool {
        !matches!(self, OnlineMode::InPerson)
    }
}

/// One required document (thành phần hồ sơ) with its counts.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Component {
    /// Stable key within the version, e.g. `c1`.
    pub key: String,
    pub name_vi: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name_en: Option<String>,
    /// Bản chính.
    pub originals: u8,
    /// Bản sao.
    pub copies: u8,
    /// The count as published ("1 bản chính", "0 bản chính, 1 bản sao"), when given.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub copies_text: Option<String>,
    /// Required of every applicant; conditional items ("Trường hợp …") are not.
    pub required: bool,
}

/// A fee or charge (phí, lệ phí), possibly specific to a channel (some procedures charge less
/// online, e.g. 1.004222: 10,000 đ online, 20,000 đ at the desk).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Fee {
    /// `None`: the same for every channel.
    pub channel: Option<Channel>,
    pub amount_vnd: u64,
    pub description_vi: String,
}

/// One internal step of processing (quy trình nội bộ): who does it and the time allotted.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct InternalStep {
    pub name_vi: String,
    pub role: crate::dossier::Role,
    pub allotted: Limit,
}

/// The kind of input a form field takes on the online submission form.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum FieldKind {
    Text,
    LongText,
    Date,
    Number,
    Select {
        options: Vec<String>,
    },
    /// A 12-digit citizen ID (CCCD).
    CitizenId,
    Phone,
    Email,
    /// Province → commune (two tiers since 2025-07-01) plus the street address.
    Address,
    File,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FormField {
    pub key: String,
    pub label_vi: String,
    pub label_en: String,
    #[serde(flatten)]
    pub kind: FieldKind,
    pub required: bool,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub help_vi: Option<String>,
}

/// Publication state of a version.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum PublicationStatus {
    Draft,
    Published,
    /// Bãi bỏ: no new dossiers; existing ones continue under their version.
    Abolished,
}

/// One version of a procedure.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ProcedureVersion {
    pub code: ProcedureCode,
    /// 1, 2, 3 … per code.
    pub version: u32,
    pub name_vi: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name_en: Option<String>,
    /// Lĩnh vực, e.g. "Hộ tịch".
    pub field_vi: String,
    pub levels: Vec<Level>,
    /// Cấp thực hiện as published.
    pub level_text: String,
    /// Plain-language summary shown on top of the public page.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub summary_vi: Option<String>,
    /// Trình tự thực hiện.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub steps_text_vi: Option<String>,
    /// Cách thức thực hiện.
    pub channels: Vec<Channel>,
    /// Đối tượng thực hiện.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub applicants_vi: Option<String>,
    /// Cơ quan thực hiện.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub agency_vi: Option<String>,
    pub components: Vec<Component>,
    /// The legal processing time; `None` where the national database does not give it.
    pub processing_time: Option<Limit>,
    pub processing_time_text: String,
    #[serde(default)]
    pub cutoff: CutoffRule,
    pub fees: Vec<Fee>,
    pub fee_text: String,
    pub legal_basis: Vec<String>,
    pub result_vi: String,
    /// The result is a document (giấy tờ), which counts for the 766 digitisation indicators.
    pub result_is_document: bool,
    pub online_mode: Option<OnlineMode>,
    pub internal_steps: Vec<InternalStep>,
    pub form_fields: Vec<FormField>,
    /// Close a dossier whose supplement request went unanswered after this long (R-LC-7).
    pub supplement_close_after: Limit,
    /// Accepted at any one-stop desk of the province regardless of boundary (phi địa giới).
    pub non_boundary: bool,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub publication_decision: Option<String>,
    pub status: PublicationStatus,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub source_urls: Vec<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub caveats: Vec<String>,
}

impl ProcedureVersion {
    /// The fee due for a dossier submitted through `channel`, in đồng (channel-specific fees
    /// win over general ones).
    pub fn fee_for(&self, channel: Channel) -> u64 {
        let specific: Vec<&Fee> = self
            .fees
            .iter()
            .filter(|f| f.channel == Some(channel))
            .collect();
        if !specific.is_empty() {
            return specific.iter().map(|f| f.amount_vnd).sum();
        }
        self.fees
            .iter()
            .filter(|f| f.channel.is_none())
            .map(|f| f.amount_vnd)
            .sum()
    }

    pub fn accepts(&self, channel: Channel) -> bool {
        match channel {
            Channel::Online => self.online_mode.is_some_and(OnlineMode::accepts_online),
            _ => true,
        }
    }

    pub fn component(&self, key: &str) -> Option<&Component> {
        self.components.iter().find(|c| c.key == key)
    }
}

/// A stored version with its id and the moment it took effect.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct StoredProcedure {
    pub id: ProcedureVersionId,
    pub effective_from: Timestamp,
    pub version: ProcedureVersion,
}
