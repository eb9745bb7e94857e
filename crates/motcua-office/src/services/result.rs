//! The electronic result (ND 118/2025 art. 22; R-LC-9): a page in the Decree 30 layout with a
//! QR code to the public `/verify/<code>` page, signed with the unit's key (PAdES), and the check
//! that page makes on an uploaded copy: the signature is intact AND the file is byte for byte the
//! one recorded when it was signed.

use jiff::Timestamp;
use motcua_calendar::to_local;
use motcua_docs::forms::{ElectronicResult, Issuer};
use motcua_docs::{SignOptions, VerifyReport};
use motcua_domain::dossier::Outcome;
use motcua_domain::procedure::ProcedureVersion;
use motcua_store::store::{DossierView, IssuedResult};
use sha2::{Digest, Sha256};
use x509_cert::Certificate;

use super::forms::committee_of;

/// A verification code: 12 characters of base32 (60 random bits), unguessable, unlike the
/// sequential dossier code.
pub fn new_verify_code() -> String {
    let bytes: [u8; 8] = rand::random();
    super::totp::base32_encode(&bytes)[..12].to_string()
}

pub fn sha256_hex(bytes: &[u8]) -> String {
    hex::encode(Sha256::digest(bytes))
}

/// What the leader signs.
pub struct ResultInput<'a> {
    pub view: &'a DossierView,
    pub procedure: &'a ProcedureVersion,
    pub unit_name: &'a str,
    pub parent_name: Option<String>,
    pub place: String,
    pub signer_name: String,
    pub number: String,
    pub verify_url: String,
    pub now: Timestamp,
}

pub fn document(i: &ResultInput<'_>) -> ElectronicResult {
    let d = &i.view.dossier;
    let committee = committee_of(i.unit_name);
    let (doc_type, paragraphs) = match d.outcome.as_ref().or(d.proposal.as_ref()) {
        Some(Outcome::Denied { reason }) => (
            "THÔNG BÁO".to_string(),
            vec![
                format!(
                    "{committee} thông báo: yêu cầu «{}» của Ông/Bà {} (mã hồ sơ {}) không được giải quyết.",
                    i.procedure.name_vi, d.applicant.full_name, d.code
                ),
                format!("Lý do: {reason}"),
            ],
        ),
        _ => (
            i.procedure.result_vi.to_uppercase(),
            vec![
                format!(
                    "{committee} xác nhận đã giải quyết yêu cầu «{}» của Ông/Bà {}{}.",
                    i.procedure.name_vi,
                    d.applicant.full_name,
                    d.applicant
                        .id_number
                        .as_deref()
                        .map(|n| format!(", số định danh cá nhân {n}"))
                        .unwrap_or_default()
                ),
                format!("Kết quả: {}. Mã hồ sơ: {}.", i.procedure.result_vi, d.code),
            ],
        ),
    };
    ElectronicResult {
        issuer: Issuer {
            parent: i.parent_name.clone(),
            name: committee.clone(),
            place: i.place.clone(),
        },
        number: i.number.clone(),
        issued_on: to_local(i.now).date(),
        doc_type,
        subject: format!("Về việc {}", lower_first(&i.procedure.name_vi)),
        paragraphs,
        signer_authority: Some(format!("TM. {}", committee.to_uppercase())),
        signer_title: "LÃNH ĐẠO".into(),
        signer_name: i.signer_name.clone(),
        recipients: vec![d.applicant.full_name.clone(), "Lưu: VT".into()],
        dossier_code: d.code.to_string(),
        verify_url: i.verify_url.clone(),
    }
}

fn lower_first(s: &str) -> String {
    let mut c = s.chars();
    match c.next() {
        Some(f) => f.to_lowercase().chain(c).collect(),
        None => String::new(),
    }
}

pub fn sign_options(unit_name: &str, place: &str) -> SignOptions {
    SignOptions {
        reason: format!(
            "Kết quả giải quyết thủ tục hành chính — {}",
            committee_of(unit_name)
        ),
        location: place.to_string(),
        contact: None,
    }
}

/// What the verification page says about an uploaded copy.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Verdict {
    /// The signature is intact and the file is exactly the one issued.
    Authentic,
    /// Not the issued file, or the signature does not hold: the reasons, for people.
    NotAuthentic(Vec<(String, String)>),
}

/// Judges a copy against the record. `issued`: the dossier really carries this result.
pub fn judge(
    record: &IssuedResult,
    issued: bool,
    bytes: &[u8],
    anchors: &[Certificate],
) -> (Verdict, VerifyReport) {
    let report = motcua_docs::verify_pdf(bytes, anchors);
    let mut problems = Vec::new();
    if !report.signed {
        problems.push((
            "Tệp không có chữ ký số.".to_string(),
            "The file carries no digital signature.".to_string(),
        ));
    } else if !report.intact {
        problems.push((
            "Chữ ký số không còn nguyên vẹn: tệp đã bị sửa sau khi ký.".into(),
            "The digital signature is broken: the file was changed after signing.".into(),
        ));
    }
    if sha256_hex(bytes) != record.sha256 {
        problems.push((
            "Tệp không trùng với bản đã ban hành cho mã này.".into(),
            "The file is not the one issued under this code.".into(),
        ));
    }
    if !issued {
        problems.push((
            "Hồ sơ không còn mang kết quả này.".into(),
            "The dossier no longer carries this result.".into(),
        ));
    }
    let verdict = if problems.is_empty() {
        Verdict::Authentic
    } else {
        Verdict::NotAuthentic(problems)
    };
    (verdict, report)
}
