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

#[cfg(test)]
mod tests {
    use super::*;

    fn procedure() -> ProcedureVersion {
        let mut p: ProcedureVersion = motcua_domain::catalog::demo_catalog()
            .into_iter()
            .find(|p| p.code.as_str() == "1.001193")
            .expect("the birth procedure is in the demo catalog");
        p.components.truncate(2);
        p.components[0].required = true;
        p.components[1].required = false;
        p
    }

    fn doc(key: &str, pages: u32) -> DocumentRef {
        DocumentRef {
            component: Some(key.into()),
            sha256: "0".repeat(64),
            size: 1,
            media_type: "application/pdf".into(),
            file_name: "x.pdf".into(),
            pages: Some(pages),
            source: motcua_domain::dossier::DocSource::Scan,
        }
    }

    #[test]
    fn accept_needs_every_required_component_and_matching_pages() {
        let p = procedure();
        let key = p.components[0].key.clone();
        let form = DeskForm {
            full_name: "Nguyễn  Văn An".into(),
            phone: "0912 345 678".into(),
            ..DeskForm::default()
        };
        let none = plan(&p, &p.code, UnitId(1), &form, &[], &Decision::Accept).unwrap_err();
        assert!(none.iter().any(|(f, _, _)| f == "decision"));
        assert_eq!(missing(&p, &[]), vec![p.components[0].name_vi.clone()]);
        let wrong = ComponentInput {
            key: key.clone(),
            document: Some(doc(&key, 2)),
            paper_pages: Some(3),
            ..ComponentInput::default()
        };
        let e = plan(&p, &p.code, UnitId(1), &form, &[wrong], &Decision::Accept).unwrap_err();
        assert!(e[0].1.contains("2 trang"), "{e:?}");
        let shown = ComponentInput {
            key: key.clone(),
            shown_only: true,
            ..ComponentInput::default()
        };
        let (new, then) = plan(&p, &p.code, UnitId(1), &form, &[shown], &Decision::Accept).unwrap();
        assert_eq!(new.applicant.full_name, "Nguyễn Văn An");
        assert_eq!(new.applicant.phone.as_deref(), Some("0912345678"));
        assert_eq!(new.channel, Channel::Desk);
        assert!(matches!(&then[0], Command::Accept { shown_only, .. } if shown_only == &vec![key]));
    }

    #[test]
    fn refusal_needs_reason_and_basis() {
        let p = procedure();
        let form = DeskForm {
            full_name: "Trần Thị B".into(),
            ..DeskForm::default()
        };
        let e = plan(
            &p,
            &p.code,
            UnitId(1),
            &form,
            &[],
            &Decision::Refuse {
                reason: " ".into(),
                legal_basis: String::new(),
            },
        )
        .unwrap_err();
        let fields: Vec<&str> = e.iter().map(|(f, _, _)| f.as_str()).collect();
        assert_eq!(fields, ["reason", "legal_basis"]);
    }
}
