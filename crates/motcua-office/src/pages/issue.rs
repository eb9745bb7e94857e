//! Issuing the electronic result after approval (issue #5 §5): render the result page with its
//! QR code, sign it with the unit's key, store the signed file (durable before the command that
//! references it), record its SHA-256 under a random verification code, then `IssueResult`.
//! If anything fails after approval the dossier stays approved and "Ban hành kết quả" can be
//! pressed again; the verification page also checks that the dossier really carries the file.

use bytes::Bytes;
use motcua_domain::dossier::{Command, DocSource, DocumentRef};
use motcua_store::store::{DossierView, IssuedResult};

use crate::auth::Officer;
use crate::error::OfficeError;
use crate::services::result::{self, ResultInput};
use crate::state::Office;

pub async fn issue_result(
    office: &Office,
    o: &Officer,
    view: &DossierView,
) -> Result<DossierView, OfficeError> {
    let store = office.store();
    let d = &view.dossier;
    let procedure = store.procedure_version(d.procedure).await?;
    let unit = store.unit(d.processing_unit).await?;
    let place = office.place_for(&unit).await;
    let code = result::new_verify_code();
    let now = store.now();
    let number = format!("{:04}/KQ", d.code.seq());
    let input = ResultInput {
        view,
        procedure: &procedure.version,
        unit_name: &unit.name,
        parent_name: office.parent_name(&unit).await,
        place: place.clone(),
        signer_name: o.account.display_name.clone(),
        number: number.clone(),
        verify_url: format!("{}/verify/{code}", office.public_url()),
        now,
    };
    let doc = result::document(&input);
    let signer = office.signers().for_unit(&unit)?;
    let options = result::sign_options(&unit.name, &place);
    let s = signer.signer.clone();
    let signed = tokio::task::spawn_blocking(move || {
        let pdf = doc.render()?;
        motcua_docs::sign_pdf(&pdf, &s, &options, now)
    })
    .await
    .map_err(|e| OfficeError::internal("sign result", e))??;
    let sha = result::sha256_hex(&signed);
    let size = signed.len() as u64;
    let blob = office.blobs().put(Bytes::from(signed)).await?;
    debug_assert_eq!(blob.sha256, sha);
    store
        .record_issued_result(
            &o.actor,
            IssuedResult {
                verify_code: code.clone(),
                dossier_id: d.id,
                dossier_code: d.code.clone(),
                unit: unit.id,
                sha256: sha.clone(),
                size,
                title: procedure.version.result_vi.clone(),
                signer_subject: signer.signer.subject(),
                demo: signer.demo,
                signed_at: now,
            },
        )
        .await?;
    let document = DocumentRef {
        component: None,
        sha256: sha,
        size,
        media_type: "application/pdf".into(),
        file_name: format!("ket-qua-{}.pdf", d.code),
        pages: Some(1),
        source: DocSource::Officer,
    };
    Ok(store
        .execute(
            &o.actor,
            &d.code,
            Some(d.version),
            vec![Command::IssueResult {
                documents: vec![document],
                number: Some(number),
            }],
        )
        .await?)
}
