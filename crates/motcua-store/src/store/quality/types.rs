//! What the quality pages, the Open311 adapter and the dashboards get from the store. Report
//! types of the domain (`IndexReport`, `BottleneckReport`, `OfficerRow`, `ScoredRating`,
//! `Feedback`) are returned as they are.

use std::collections::BTreeMap;

use jiff::Timestamp;
use motcua_calendar::OpenState;
use motcua_domain::code::DossierCode;
use motcua_domain::ids::{AccountId, AgencyCode, ProcedureCode, UnitId};
use motcua_domain::quality::Decimal2;
use motcua_domain::quality::aggregate::DossierCounters;
use motcua_domain::quality::feedback::{
    Category, Contact, Deadline, Feedback, FeedbackStatus, Subject,
};
use motcua_domain::quality::index766::IndexReport;
use motcua_domain::quality::satisfaction::{Criterion, Level, RatingChannel, ScoredRating};
use serde::{Deserialize, Serialize};

use super::super::DossierSummary;

/// The result of `rebuild_quality`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct QualityRebuild {
    pub dossiers: u64,
}

/// How the aggregates stand (`/metrics`, the admin page).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct QualityStatus {
    pub dossiers: u64,
    /// Dossiers whose facts are counted (equal to `dossiers` unless a rebuild is running).
    pub counted: u64,
    /// A delta found the rows inconsistent; the next start (or `rebuild_quality`) rebuilds.
    pub dirty: bool,
    pub note: Option<String>,
    pub rebuilt_at: Option<Timestamp>,
}

/// A child unit and the index of its subtree (`unit_ranking`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RankingRow {
    pub unit: UnitId,
    pub code: AgencyCode,
    pub name: String,
    pub report: IndexReport,
}

/// One procedure of a unit's tree over a period (`index766_by_procedure`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ProcedureRow {
    pub procedure: ProcedureCode,
    pub name: String,
    /// The counters of the rows inside the period.
    pub within: DossierCounters,
    /// 2.1: finished on time or still within time, of `counted`.
    pub on_time: u64,
    pub counted: u64,
    pub on_time_ratio: Option<Decimal2>,
    /// 2.2: average working days (8 hours) from reception to result.
    pub average_days: Option<Decimal2>,
}

/// Which items of an indicator to list.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case", tag = "part", content = "id")]
pub enum IndicatorPart {
    Numerator,
    Denominator,
    /// A side ratio's numerator, by the `SubRatio` id (e.g. `open_overdue`, `desk`).
    Side(String),
}

/// A procedure behind a catalog indicator (1.3, 3.1, 3.2).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ProcedureRef {
    pub code: ProcedureCode,
    pub name: String,
}

/// The items behind an indicator's number, one page of them.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case", tag = "kind", content = "items")]
pub enum IndicatorItems {
    Dossiers(Vec<DossierSummary>),
    /// For 5.2 one row per leg (a forwarded item can count twice).
    Feedback(Vec<FeedbackSummary>),
    Procedures(Vec<ProcedureRef>),
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct IndicatorList {
    pub indicator: String,
    pub part: IndicatorPart,
    /// Equals the number shown by the index for the same unit and period.
    pub total: u64,
    pub page: u32,
    pub per_page: u32,
    pub items: IndicatorItems,
}

/// Where an item is about (Open311 `address`, `lat`, `long`).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct FeedbackLocation {
    pub address: Option<String>,
    pub lat: Option<f64>,
    pub lon: Option<f64>,
}

/// A file attached to a feedback item (stored in the blob store before the submission).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FeedbackMedia {
    pub sha256: String,
    pub media_type: String,
    pub file_name: String,
    pub size: u64,
}

/// A new feedback item as the web layer (or Open311) gives it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct NewFeedback {
    pub unit: UnitId,
    pub subject: Subject,
    pub title: String,
    pub content: String,
    /// Required when not signed in.
    pub contact: Option<Contact>,
    #[serde(default)]
    pub location: Option<FeedbackLocation>,
    #[serde(default)]
    pub media: Vec<FeedbackMedia>,
}

/// An item as its author or an officer sees it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct FeedbackView {
    pub code: String,
    /// For the author, the internal draft and (before publication) the answer are removed.
    pub feedback: Feedback,
    pub unit_name: String,
    pub service_code: String,
    pub deadline: Option<Deadline>,
    pub open_state: Option<OpenState>,
    pub location: Option<FeedbackLocation>,
    pub media: Vec<FeedbackMedia>,
    pub reactions: ReactionCounts,
}

/// The answer to a submission. `author_secret` (anonymous authors only, shown once) opens the
/// author's link: `feedback_for_author`, `act_on_feedback` as the verified author.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct FeedbackCreated {
    pub view: FeedbackView,
    pub author_secret: Option<String>,
    /// A repeated request with the same idempotency key: the first answer (no secret).
    pub replay: bool,
}

/// A row of a feedback list.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FeedbackSummary {
    pub code: String,
    pub title: String,
    pub status: FeedbackStatus,
    pub unit: UnitId,
    pub unit_name: String,
    pub service_code: String,
    pub category: Option<Category>,
    pub submitted_at: Timestamp,
    pub updated_at: Timestamp,
    /// The current deadline (none when final or waiting for the author).
    pub due_at: Option<Timestamp>,
    pub open_state: Option<OpenState>,
    /// For 5.2 lists: the leg (0 = first unit) this row counts.
    pub leg: Option<u32>,
}

/// The officers' lists of feedback.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum FeedbackList {
    /// Arrived, not yet taken in.
    New,
    /// Being handled or waiting for the author.
    InHandling,
    /// Answers to approve.
    ToApprove,
    /// Approved answers to publish.
    ToPublish,
    DueSoon,
    Overdue,
    /// Every item not final.
    Open,
    All,
}

impl FeedbackList {
    pub const ALL: [FeedbackList; 8] = [
        FeedbackList::New,
        FeedbackList::InHandling,
        FeedbackList::ToApprove,
        FeedbackList::ToPublish,
        FeedbackList::DueSoon,
        FeedbackList::Overdue,
        FeedbackList::Open,
        FeedbackList::All,
    ];
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FeedbackQuery {
    pub list: FeedbackList,
    /// Restrict to these units (intersected with the actor's scope).
    pub units: Option<Vec<UnitId>>,
    pub page: u32,
    pub per_page: u32,
}

impl Default for FeedbackQuery {
    fn default() -> Self {
        FeedbackQuery {
            list: FeedbackList::Open,
            units: None,
            page: 1,
            per_page: 50,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FeedbackPage {
    pub items: Vec<FeedbackSummary>,
    pub total: u64,
    pub page: u32,
    pub per_page: u32,
}

/// Likes and dislikes: signed-in votes count for 766 indicator 5.3; device votes (anonymous,
/// one per browser cookie) are shown but not counted, since a cookie can be cleared at will.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReactionCounts {
    pub likes: u64,
    pub dislikes: u64,
    pub device_likes: u64,
    pub device_dislikes: u64,
}

/// Who likes or dislikes a published answer.
#[derive(Debug, Clone, Copy)]
pub enum Voter<'a> {
    /// A signed-in person (judged by the domain: citizen or author).
    Account(&'a motcua_domain::dossier::Actor),
    /// An anonymous browser or device: the opaque id of its cookie (only a SHA-256 is kept).
    Device(&'a str),
}

/// A published answer as the public sees it: question, title and answer without personal data.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PublicFeedback {
    pub code: String,
    pub title: String,
    pub question: String,
    pub answer: String,
    pub unit: UnitId,
    pub unit_name: String,
    pub service_code: String,
    pub category: Option<Category>,
    pub submitted_at: Timestamp,
    pub published_at: Timestamp,
    pub reactions: ReactionCounts,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PublicFeedbackPage {
    pub items: Vec<PublicFeedback>,
    pub total: u64,
    pub page: u32,
    pub per_page: u32,
}

/// A notice to the author about a change of their item.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FeedbackNotice {
    pub id: i64,
    pub feedback_code: String,
    /// The event kind (`received`, `published` …).
    pub kind: String,
    pub text_vi: String,
    pub text_en: String,
    pub at: Timestamp,
    pub read: bool,
}

/// A stored satisfaction rating.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct StoredRating {
    pub dossier: DossierCode,
    pub channel: RatingChannel,
    /// The citizen who rated (portal, kiosk when signed in).
    pub account: Option<AccountId>,
    /// The officer who entered a paper form or ran the kiosk.
    pub entered_by: Option<AccountId>,
    pub levels: BTreeMap<Criterion, Level>,
    pub comment: Option<String>,
    pub scored: Option<ScoredRating>,
    pub rated_at: Timestamp,
}

/// Level counts of one criterion.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct CriterionCounts {
    pub criterion: Criterion,
    pub very_satisfied: u64,
    pub satisfied: u64,
    pub dissatisfied: u64,
}

/// Ratings of a unit's tree over a period (by rating day).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SatisfactionSummary {
    pub ratings: u64,
    pub by_channel: BTreeMap<RatingChannel, u64>,
    /// Counted as dissatisfied for 5.4.
    pub dissatisfied: u64,
    /// Points of the nine indices over their maximum (2 / 1 / 0 each), percent.
    pub points: u64,
    pub max: u64,
    pub satisfaction: Option<Decimal2>,
    pub criteria: Vec<CriterionCounts>,
}

/// Open311 status: open until the answer is published or the item rejected.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Open311Status {
    Open,
    Closed,
}

/// A GeoReport v2 service: a kind of feedback subject.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Open311Service {
    pub service_code: String,
    pub service_name: String,
    pub service_name_en: String,
    pub description: String,
    /// The attribute naming the subject (procedure code, dossier code, officer, reference).
    pub attribute: Option<String>,
    /// The 766 classification (5.1) the subject usually falls under.
    pub group: String,
    pub keywords: Vec<String>,
}

/// A GeoReport v2 service request. Text, place and media are given for published items only
/// (redacted); other items show their status and dates.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Open311Request {
    pub service_request_id: String,
    pub status: Open311Status,
    pub status_notes: Option<String>,
    pub service_code: String,
    pub service_name: String,
    pub description: Option<String>,
    pub agency_responsible: String,
    pub requested_datetime: Timestamp,
    pub updated_datetime: Timestamp,
    pub expected_datetime: Option<Timestamp>,
    pub address: Option<String>,
    pub lat: Option<f64>,
    pub lon: Option<f64>,
    pub media: Vec<FeedbackMedia>,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Open311Filter {
    /// `service_request_id`s (codes); other filters still apply.
    pub ids: Option<Vec<String>>,
    pub service_code: Option<String>,
    pub status: Option<Open311Status>,
    /// On `requested_datetime`, inclusive / exclusive.
    pub start: Option<Timestamp>,
    pub end: Option<Timestamp>,
    /// Restrict to a unit's tree.
    pub unit: Option<UnitId>,
    /// At most 1000 (default 1000, newest first).
    pub limit: Option<u32>,
}

/// A GeoReport v2 `POST requests` body, after the adapter parsed it.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Open311Post {
    pub service_code: String,
    pub description: String,
    /// motcua needs a title; the adapter may pass the first words of the description.
    pub title: Option<String>,
    /// `attribute[subject]`: procedure code, dossier code, officer's name or rule reference.
    pub subject: Option<String>,
    pub location: FeedbackLocation,
    pub first_name: Option<String>,
    pub last_name: Option<String>,
    pub email: Option<String>,
    pub phone: Option<String>,
    pub media: Vec<FeedbackMedia>,
}

/// An Open311 API key as administrators see it (never the key itself after creation).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Open311Key {
    pub id: i64,
    pub label: String,
    pub unit: UnitId,
    pub created_by: Option<AccountId>,
    pub created_at: Timestamp,
    pub revoked_at: Option<Timestamp>,
    pub last_used_at: Option<Timestamp>,
}
