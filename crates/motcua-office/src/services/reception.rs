//! Desk reception of a paper dossier (ND 118/2025 art. 17(1)): what the officer typed and
//! scanned becomes one submission plus the officer's decision, run by the store in ONE
//! transaction (`Store::submit` with `then`): accepted with Mẫu 01, returned with every missing
//! item in one Mẫu 02, or refused with Mẫu 03 — never a dossier left half-entered.
//!
//! Checks made here, before the law's own checks in `decide`, so the officer sees each problem
//! next to its field: every component handed over has a scan unless it was only shown (TT
//! 03/2025 art. 5(2)); a scan has as many pages as the paper (R-LC-2, TT 01/2023 art. 8(2));
//! an acceptance needs every required component (R-LC-1).

use std::collections::BTreeMap;

use motcua_domain::dossier::{Applicant, Command, Delivery, DocumentRef};
use motcua_domain::ids::{ProcedureCode, UnitId};
use motcua_domain::procedure::{Channel, ProcedureVersion};
use motcua_domain::validate;
use motcua_store::store::NewDossier;

/// One line of the component checklist.
#[derive(Debug, Clone, Default)]
pub struct ComponentInput {
    pub key: String,
    /// Only shown, not handed over: no scan needed.
    pub shown_only: bool,
    /// The scan (images assembled into one PDF, or an uploaded PDF), with its page count.
    pub document: Option<DocumentRef>,
    /// Pages of the paper as the officer counted them (optional cross-check).
    pub paper_pages: Option<u32>,
}

/// The officer's decision.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Decision {
    /// Mẫu 01.
    Accept,
    /// Mẫu 02: every missing or wrong item, one per line, in one notice.
    Supplement { items: Vec<String>, reason: String },
    /// Mẫu 03.
    Refuse { reason: String, legal_basis: String },
}

/// The raw form, as typed.
#[derive(Debug, Clone, Default)]
pub struct DeskForm {
    pub full_name: String,
    pub id_number: String,
    pub phone: String,
    pub email: String,
    pub address: String,
    pub by_post: bool,
    /// "desk", "post" or "electronic".
    pub delivery: String,
    pub post_address: String,
}

/// A problem with one field (field name as in the form, Vietnamese, English).
pub type Problem = (String, String, String);

fn problem(field: &str, vi: impl Into<String>, en: impl Into<String>) -> Problem {
    (field.to_string(), vi.into(), en.into())
}

/// The applicant as validated (the same rules as online submission).
pub fn applicant(f: &DeskForm, problems: &mut Vec<Problem>) -> Applicant {
    let mut a = Applicant::default();
    match validate::person_name(&f.full_name) {
        Ok(n) => a.full_name = n,
        Err(p) => problems.push(problem("full_name", p.vi, p.en)),
    }
    if !f.id_number.trim().is_empty() {
        match validate::citizen_id(&f.id_number) {
            Ok(n) => a.id_number = Some(n),
            Err(p) => problems.push(problem("id_number", p.vi, p.en)),
        }
    }
    if !f.phone.trim().is_empty() {
        match validate::phone(&f.phone) {
            Ok(n) => a.phone = Some(n),
            Err(p) => problems.push(problem("phone", p.vi, p.en)),
        }
    }
    if !f.email.trim().is_empty() {
        match validate::email(&f.email) {
            Ok(n) => a.email = Some(n),
            Err(p) => problems.push(problem("email", p.vi, p.en)),
        }
    }
    if !f.address.trim().is_empty() {
        a.address = Some(motcua_domain::dossier::Address {
            province: String::new(),
            commune: String::new(),
            street: f.address.trim().chars().take(300).collect(),
        });
    }
    a
}

fn delivery(f: &DeskForm, problems: &mut Vec<Problem>) -> Delivery {
    match f.delivery.as_str() {
        "post" => {
            let addr = if f.post_address.trim().is_empty() {
                f.address.trim()
            } else {
                f.post_address.trim()
            };
            if addr.is_empty() {
                problems.push(problem(
                    "post_address",
                    "Nhập địa chỉ nhận kết quả qua bưu chính.",
                    "Enter the postal address for the result.",
                ));
            }
            Delivery::Post {
                address: addr.to_string(),
            }
        }
        "electronic" => Delivery::Electronic,
        _ => Delivery::Desk,
    }
}

/// The names of required components neither scanned nor shown: what Mẫu 02 lists by default.
pub fn missing(p: &ProcedureVersion, components: &[ComponentInput]) -> Vec<String> {
    p.components
        .iter()
        .filter(|c| c.required)
        .filter(|c| {
            !components
                .iter()
                .any(|i| i.key == c.key && (i.shown_only || i.document.is_some()))
        })
        .map(|c| c.name_vi.clone())
        .collect()
}

/// The submission and the decision's commands, or every problem found.
#[allow(clippy::too_many_arguments)]
pub fn plan(
    procedure: &ProcedureVersion,
    code: &ProcedureCode,
    unit: UnitId,
    form: &DeskForm,
    components: &[ComponentInput],
    decision: &Decision,
) -> Result<(NewDossier, Vec<Command>), Vec<Problem>> {
    let mut problems = Vec::new();
    let applicant = applicant(form, &mut problems);
    let delivery = delivery(form, &mut problems);
    let mut documents = Vec::new();
    let mut shown_only = Vec::new();
    for c in components {
        if procedure.component(&c.key).is_none() {
            continue;
        }
        let field = format!("file_{}", c.key);
        if c.shown_only {
            shown_only.push(c.key.clone());
        }
        if let Some(doc) = &c.document {
            // R-LC-2: image count = page count.
            if let (Some(paper), Some(scanned)) = (c.paper_pages, doc.pages)
                && paper != scanned
            {
                problems.push(problem(
                    &field,
                    format!("Bản quét có {scanned} trang nhưng giấy tờ có {paper} trang: mỗi trang giấy cần đúng một ảnh/trang quét."),
                    format!("The scan has {scanned} pages but the paper has {paper}: each paper page needs exactly one image or scanned page."),
                ));
            }
            documents.push(doc.clone());
        }
    }
    let then = match decision {
        Decision::Accept => {
            let missing = missing(procedure, components);
            if !missing.is_empty() {
                problems.push(problem(
                    "decision",
                    format!("Chưa đủ thành phần để tiếp nhận: {}. Hãy quét đủ, đánh dấu «chỉ xuất trình», hoặc chọn «Yêu cầu bổ sung».", missing.join("; ")),
                    format!("Not complete enough to accept: {}. Scan them, mark them as only shown, or choose \"Request supplement\".", missing.join("; ")),
                ));
            }
            vec![Command::Accept {
                shown_only,
                note: None,
            }]
        }
        Decision::Supplement { items, reason } => {
            let items: Vec<String> = items
                .iter()
                .map(|s| s.trim().to_string())
                .filter(|s| !s.is_empty())
                .collect();
            if items.is_empty() {
                problems.push(problem(
                    "items",
                    "Liệt kê mọi giấy tờ cần bổ sung, mỗi dòng một mục (hướng dẫn một lần, đầy đủ).",
                    "List every item to add, one per line (all of them, in one notice).",
                ));
            }
            if reason.trim().is_empty() {
                problems.push(problem("reason", "Nhập lý do.", "Enter the reason."));
            }
            vec![Command::RequestSupplement {
                items,
                reason: reason.clone(),
            }]
        }
        Decision::Refuse {
            reason,
            legal_basis,
        } => {
            if reason.trim().is_empty() {
                problems.push(problem(
                    "reason",
                    "Nhập lý do từ chối.",
                    "Enter the reason for refusing.",
                ));
            }
            if legal_basis.trim().is_empty() {
                problems.push(problem(
                    "legal_basis",
                    "Nhập căn cứ pháp lý của việc từ chối.",
                    "Enter the legal basis of the refusal.",
                ));
            }
            vec![Command::Refuse {
                reason: reason.clone(),
                legal_basis: legal_basis.clone(),
            }]
        }
    };
    if !problems.is_empty() {
        return Err(problems);
    }
    let channel = if form.by_post {
        Channel::Post
    } else {
        Channel::Desk
    };
    Ok((
        NewDossier {
            procedure: code.clone(),
            unit,
            channel,
            applicant,
            owner: None,
            on_behalf: None,
            delivery,
            form: BTreeMap::new(),
            documents,
        },
        then,
    ))
}
