//! A citizen's rating of one dossier, checked and scored.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use super::auto::AutoIndices;
use super::criteria::{Criterion, Index, Level};
use crate::dossier::Dossier;
use crate::ids::DossierId;
use crate::message::Localized;
use crate::quality::config::DissatisfiedRule;

/// Where the rating was given (TT 01/2018: paper forms at the desk, kiosk devices, online).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum RatingChannel {
    Portal,
    Kiosk,
    Paper,
}

/// What the citizen entered.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RatingInput {
    pub channel: RatingChannel,
    /// Levels per criterion. Criteria 5–7 (indices 1–3) may be left out: they are computed.
    pub levels: BTreeMap<Criterion, Level>,
    #[serde(default)]
    pub comment: Option<String>,
}

/// The score of one index.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct IndexScore {
    pub index: Index,
    /// 2 / 1 / 0; `None`: not applicable (e.g. total time of a refused dossier).
    pub score: Option<u8>,
    /// Computed from the events (R-SAT-1) rather than entered.
    pub automatic: bool,
}

/// A valid rating with its scores.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ScoredRating {
    pub dossier: DossierId,
    pub channel: RatingChannel,
    pub levels: BTreeMap<Criterion, Level>,
    pub comment: Option<String>,
    pub indices: Vec<IndexScore>,
    /// Sum of the applicable index scores.
    pub total: u8,
    /// 2 × the number of applicable indices (18 when all apply).
    pub max: u8,
    /// Counts as dissatisfied for 766 indicator 5.4.
    pub dissatisfied: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum RatingError {
    #[error("the dossier is not finished and cannot be rated yet")]
    NotFinished,
    #[error("criteria not rated: {0:?}")]
    Incomplete(Vec<Criterion>),
    #[error("the comment is too long")]
    CommentTooLong,
}

const MAX_COMMENT: usize = 2000;

impl Localized for RatingError {
    fn code(&self) -> &'static str {
        match self {
            RatingError::NotFinished => "rating.not_finished",
            RatingError::Incomplete(_) => "rating.incomplete",
            RatingError::CommentTooLong => "rating.comment_too_long",
        }
    }
    fn message_vi(&self) -> String {
        match self {
            RatingError::NotFinished => "Hồ sơ chưa giải quyết xong nên chưa thể đánh giá.".into(),
            RatingError::Incomplete(c) => format!(
                "Vui lòng đánh giá đủ các tiêu chí: {}.",
                c.iter()
                    .map(|c| format!("{}. {}", c.number(), c.label_vi()))
                    .collect::<Vec<_>>()
                    .join("; ")
            ),
            RatingError::CommentTooLong => {
                format!("Ý kiến góp ý tối đa {MAX_COMMENT} ký tự.")
            }
        }
    }
    fn message_en(&self) -> String {
        match self {
            RatingError::NotFinished => {
                "The dossier is not finished yet and cannot be rated.".into()
            }
            RatingError::Incomplete(c) => format!(
                "Please rate every criterion: {}.",
                c.iter()
                    .map(|c| format!("{}. {}", c.number(), c.label_en()))
                    .collect::<Vec<_>>()
                    .join("; ")
            ),
            RatingError::CommentTooLong => {
                format!("A comment has at most {MAX_COMMENT} characters.")
            }
        }
    }
}

/// Checks and scores a rating of `d`. `auto` are its computed indices
/// ([`super::auto_indices`]); where one is computed it replaces the citizen's level for that
/// index (the level is kept as the citizen's perception).
pub fn rate(
    input: &RatingInput,
    d: &Dossier,
    auto: &AutoIndices,
    rule: DissatisfiedRule,
) -> Result<ScoredRating, RatingError> {
    if d.finished_at.is_none() {
        return Err(RatingError::NotFinished);
    }
    let computed = |i: Index| match i {
        Index::TotalTime => auto.total_time,
        Index::BodyTime => auto.body_time,
        Index::Contacts => auto.contacts,
        _ => None,
    };
    // Every criterion must be rated, except those of an index computed for this dossier, and
    // those of indices 1–3 when they do not apply (nothing to ask).
    let missing: Vec<Criterion> = Criterion::ALL
        .into_iter()
        .filter(|c| !input.levels.contains_key(c))
        .filter(|c| c.index().is_none_or(|i| !i.automatic()))
        .collect();
    if !missing.is_empty() {
        return Err(RatingError::Incomplete(missing));
    }
    let comment = input
        .comment
        .as_deref()
        .map(str::trim)
        .filter(|c| !c.is_empty())
        .map(str::to_string);
    if comment
        .as_ref()
        .is_some_and(|c| c.chars().count() > MAX_COMMENT)
    {
        return Err(RatingError::CommentTooLong);
    }
    let indices: Vec<IndexScore> = Index::ALL
        .into_iter()
        .map(|i| match computed(i) {
            Some(score) => IndexScore {
                index: i,
                score: Some(score),
                automatic: true,
            },
            None => IndexScore {
                index: i,
                score: input.levels.get(&i.criterion()).map(|l| l.points()),
                automatic: false,
            },
        })
        .collect();
    let scored = indices.iter().filter_map(|s| s.score);
    let dissatisfied = match rule {
        DissatisfiedRule::Overall => {
            input.levels.get(&Criterion::Overall) == Some(&Level::Dissatisfied)
        }
        DissatisfiedRule::AnyCriterion => input.levels.values().any(|l| *l == Level::Dissatisfied),
    };
    Ok(ScoredRating {
        dossier: d.id,
        channel: input.channel,
        levels: input.levels.clone(),
        comment,
        total: scored.clone().sum(),
        max: 2 * scored.count() as u8,
        indices,
        dissatisfied,
    })
}
