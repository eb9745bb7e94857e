//! `apply`: folds one event into the dossier state. It never judges; `decide` already did.

use super::event::{Event, EventData};
use super::model::{Dossier, Status, SupplementRequest, SupplementStage};

/// A new dossier from its first event, or `None` if the event is not a submission.
pub fn start(event: &Event) -> Option<Dossier> {
    let EventData::Submitted(s) = &event.data else {
        return None;
    };
    Some(Dossier {
        id: s.id,
        code: s.code.clone(),
        status: Status::Submitted,
        procedure: s.procedure,
        procedure_code: s.procedure_code.clone(),
        receiving_unit: s.unit,
        processing_unit: s.unit,
        channel: s.channel,
        applicant: s.applicant.clone(),
        owner: s.owner,
        submitted_by: s.submitted_by,
        on_behalf: s.on_behalf.clone(),
        delivery: s.delivery.clone(),
        form: s.form.clone(),
        documents: s.documents.clone(),
        fee_vnd: s.fee_vnd,
        submitted_at: event.at,
        received_at: None,
        due_at: None,
        original_due_at: None,
        supplements: Vec::new(),
        reschedule: None,
        assignee: None,
        assignee_name: None,
        step: None,
        proposal: None,
        outcome: None,
        result_documents: Vec::new(),
        returned_by: None,
        finished_at: None,
        version: 1,
    })
}

/// Applies `event` to `d`.
pub fn apply(d: &mut Dossier, event: &Event) {
    d.version += 1;
    match &event.data {
        EventData::Submitted(_) => {}
        EventData::Accepted {
            received_at,
            due_at,
            step,
            ..
        } => {
            d.status = Status::Received;
            d.received_at = Some(*received_at);
            d.due_at = Some(*due_at);
            d.original_due_at = Some(*due_at);
            d.step = Some(step.clone());
        }
        EventData::SupplementRequested {
            stage,
            items,
            reason,
            close_after,
        } => {
            d.status = match stage {
                SupplementStage::Reception => Status::SupplementAtReception,
                SupplementStage::Processing => Status::SupplementInProcess,
            };
            d.supplements.push(SupplementRequest {
                stage: *stage,
                items: items.clone(),
                reason: reason.clone(),
                requested_at: event.at,
                requested_by: event.actor.name.clone(),
                close_after: *close_after,
                completed_at: None,
            });
        }
        EventData::SupplementProvided {
            documents,
            form_changes,
            due_at,
            step,
            ..
        } => {
            if let Some(open) = d.supplements.last_mut() {
                open.completed_at = Some(event.at);
            }
            d.status = match d.status {
                Status::SupplementInProcess => Status::InProcess,
                _ => Status::Submitted,
            };
            d.documents.extend(documents.iter().cloned());
            for (k, v) in form_changes {
                d.form.insert(k.clone(), v.clone());
            }
            if let Some(due) = due_at {
                d.due_at = Some(*due);
            }
            if let Some(s) = step {
                d.step = Some(s.clone());
            }
        }
        EventData::Refused { .. } => {
            d.status = Status::Refused;
            d.finished_at = Some(event.at);
        }
        EventData::Assigned {
            to, to_name, step, ..
        } => {
            d.status = Status::InProcess;
            d.assignee = Some(*to);
            d.assignee_name = Some(to_name.clone());
            if let Some(s) = step {
                d.step = Some(s.clone());
            }
        }
        EventData::Transferred { to_unit, step, .. } => {
            d.status = Status::InProcess;
            d.processing_unit = *to_unit;
            d.assignee = None;
            d.assignee_name = None;
            d.step = Some(step.clone());
        }
        EventData::ResultProposed { outcome, step, .. } => {
            d.status = Status::AwaitingApproval;
            d.proposal = Some(outcome.clone());
            d.step = Some(step.clone());
        }
        EventData::SentBack { step, .. } => {
            d.status = Status::InProcess;
            d.proposal = None;
            d.step = Some(step.clone());
        }
        EventData::Approved { .. } => {
            d.status = Status::Approved;
            d.outcome = d.proposal.clone();
        }
        EventData::ResultIssued {
            documents, step, ..
        } => {
            d.status = Status::ResultReady;
            d.result_documents.extend(documents.iter().cloned());
            d.finished_at = Some(event.at);
            d.step = Some(step.clone());
        }
        EventData::ResultReturned { method } => {
            d.status = Status::Returned;
            d.returned_by = Some(method.clone());
        }
        EventData::Stopped { .. } => {
            d.status = Status::Stopped;
            d.finished_at = Some(event.at);
        }
        EventData::Rescheduled {
            reason,
            previous_due,
            new_due,
        } => {
            d.reschedule = Some(super::model::Reschedule {
                reason: reason.clone(),
                previous_due: *previous_due,
                new_due: *new_due,
                at: event.at,
                by: event.actor.name.clone(),
            });
        }
        EventData::Closed { .. } => {
            d.status = Status::Closed;
            d.finished_at = Some(event.at);
        }
        EventData::Commented { .. } | EventData::HandedOver(_) => {}
        EventData::DueRecomputed { due_at, .. } => {
            d.due_at = Some(*due_at);
        }
        EventData::DocumentAttached { document } => {
            d.documents.push(document.clone());
        }
    }
}

/// Folds a whole history.
pub fn replay<'a>(events: impl IntoIterator<Item = &'a Event>) -> Option<Dossier> {
    let mut it = events.into_iter();
    let mut d = start(it.next()?)?;
    for e in it {
        apply(&mut d, e);
    }
    Some(d)
}
