//! `apply`: folds one feedback event into the state. It never judges; `decide` already did.

use std::collections::BTreeMap;

use super::event::{FeedbackEvent, FeedbackEventData};
use super::model::{Feedback, FeedbackStatus, InfoRequest, Leg, LegEnd};

/// A new item from its first event (`None` if it is not a submission).
pub fn start(e: &FeedbackEvent) -> Option<Feedback> {
    let FeedbackEventData::Submitted(s) = &e.data else {
        return None;
    };
    Some(Feedback {
        id: s.id,
        status: FeedbackStatus::Submitted,
        subject: s.subject.clone(),
        title: s.title.clone(),
        content: s.content.clone(),
        author: s.author.clone(),
        unit: s.unit,
        category: None,
        submitted_at: e.at,
        legs: vec![Leg {
            unit: s.unit,
            deadlines: s.deadlines,
            approved_at: None,
            publish_by: None,
            ended_at: None,
            end: None,
        }],
        info: Vec::new(),
        draft: None,
        answer: None,
        published_question: None,
        published_answer: None,
        rejection: None,
        reactions: BTreeMap::new(),
        re_raised: false,
        overdue_marked: false,
        version: 1,
    })
}

fn end_leg(fb: &mut Feedback, e: &FeedbackEvent, end: LegEnd) {
    if let Some(leg) = fb.legs.last_mut() {
        leg.ended_at = Some(e.at);
        leg.end = Some(end);
    }
}

pub fn apply(fb: &mut Feedback, e: &FeedbackEvent) {
    fb.version += 1;
    match &e.data {
        FeedbackEventData::Submitted(_) => {}
        FeedbackEventData::Received { category } => {
            fb.status = FeedbackStatus::InHandling;
            fb.category = Some(*category);
        }
        FeedbackEventData::Rejected { reason } => {
            fb.status = FeedbackStatus::Rejected;
            fb.rejection = Some(reason.clone());
            end_leg(fb, e, LegEnd::Rejected);
        }
        FeedbackEventData::Forwarded {
            to_unit, deadlines, ..
        } => {
            end_leg(fb, e, LegEnd::Forwarded);
            fb.legs.push(Leg {
                unit: *to_unit,
                deadlines: *deadlines,
                approved_at: None,
                publish_by: None,
                ended_at: None,
                end: None,
            });
            fb.unit = *to_unit;
            fb.status = FeedbackStatus::Submitted;
        }
        FeedbackEventData::InfoRequested { question } => {
            fb.status = FeedbackStatus::AwaitingInfo;
            fb.info.push(InfoRequest {
                leg: fb.legs.len() - 1,
                question: question.clone(),
                asked_at: e.at,
                answer: None,
                answered_at: None,
            });
        }
        FeedbackEventData::InfoProvided { text } => {
            fb.status = FeedbackStatus::InHandling;
            if let Some(r) = fb.info.last_mut() {
                r.answer = Some(text.clone());
                r.answered_at = Some(e.at);
            }
        }
        FeedbackEventData::AnswerProposed { text } => {
            fb.status = FeedbackStatus::AwaitingApproval;
            fb.draft = Some(text.clone());
        }
        FeedbackEventData::SentBack { .. } => fb.status = FeedbackStatus::InHandling,
        FeedbackEventData::Approved { publish_by } => {
            fb.status = FeedbackStatus::Approved;
            fb.answer = fb.draft.clone();
            if let Some(leg) = fb.legs.last_mut() {
                leg.approved_at = Some(e.at);
                leg.publish_by = Some(*publish_by);
            }
        }
        FeedbackEventData::Published { question, answer } => {
            fb.status = FeedbackStatus::Published;
            fb.published_question = Some(question.clone());
            fb.published_answer = Some(answer.clone());
            end_leg(fb, e, LegEnd::Published);
        }
        FeedbackEventData::Reacted { account, like } => {
            fb.reactions.insert(*account, *like);
        }
        FeedbackEventData::ReRaised { .. } => fb.re_raised = true,
        FeedbackEventData::MarkedOverdue { .. } => fb.overdue_marked = true,
    }
}

/// Folds a whole history.
pub fn replay<'a>(events: impl IntoIterator<Item = &'a FeedbackEvent>) -> Option<Feedback> {
    let mut it = events.into_iter();
    let mut fb = start(it.next()?)?;
    for e in it {
        apply(&mut fb, e);
    }
    Some(fb)
}
