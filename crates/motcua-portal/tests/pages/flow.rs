//! Walking the submission pages as a person does.

#![allow(dead_code)]

use motcua_domain::ids::ProcedureCode;
use motcua_domain::procedure::FieldKind;
use reqwest::StatusCode;

use crate::support::{App, BIRTH, Browser, Page, file, pdf_with};

/// A value a person would type into a form field of this kind.
pub fn value(kind: &FieldKind) -> String {
    match kind {
        FieldKind::Date => "20/02/2026".into(),
        FieldKind::Number => "1".into(),
        FieldKind::Select { options } => options[0].clone(),
        FieldKind::CitizenId => "001090012345".into(),
        FieldKind::Phone => "0912345678".into(),
        FieldKind::Email => "an@example.vn".into(),
        _ => "Nguyễn Thị Bống".into(),
    }
}

/// Opens a draft of `code`; returns its id.
pub async fn start(b: &mut Browser, code: &str) -> String {
    let p = b.get(&format!("/nop/{code}")).await;
    assert_eq!(p.status, StatusCode::SEE_OTHER, "{}", p.body);
    let to = p.location.unwrap();
    let id = to
        .trim_start_matches("/nhap/")
        .trim_end_matches("/thong-tin")
        .to_string();
    assert!(id.parse::<i64>().is_ok(), "{to}");
    id
}

/// The details step, filled with valid values; `change` may alter one field.
pub async fn details(
    app: &App,
    b: &mut Browser,
    id: &str,
    code: &str,
    change: Option<(&str, &str)>,
) -> Page {
    details_with(app, b, id, code, change.as_slice()).await
}

/// The details step with some fields changed or added.
pub async fn details_with(
    app: &App,
    b: &mut Browser,
    id: &str,
    code: &str,
    changes: &[(&str, &str)],
) -> Page {
    let form = b.get(&format!("/nhap/{id}/thong-tin")).await;
    assert_eq!(form.status, StatusCode::OK);
    let p = app
        .store
        .procedure(&ProcedureCode::parse(code).unwrap())
        .unwrap();
    let unit = app.commune_a.0.to_string();
    let mut fields: Vec<(String, String)> = vec![
        ("csrf_token".into(), form.csrf()),
        ("unit".into(), unit),
        ("applicant.full_name".into(), "Trần Thị Ánh Nguyệt".into()),
        ("applicant.id_number".into(), "001190004567".into()),
        ("applicant.phone".into(), "0987 654 321".into()),
        ("applicant.email".into(), "".into()),
        ("applicant.province".into(), "Thành phố Hà Nội".into()),
        ("applicant.commune".into(), "Xã An Bình".into()),
        ("applicant.street".into(), "Thôn Đông".into()),
        ("action".into(), "next".into()),
    ];
    for f in &p.version.form_fields {
        fields.push((format!("form.{}", f.key), value(&f.kind)));
    }
    for (k, v) in changes {
        match fields.iter_mut().find(|(fk, _)| fk == k) {
            Some(slot) => slot.1 = v.to_string(),
            None => fields.push((k.to_string(), v.to_string())),
        }
    }
    let refs: Vec<(&str, &str)> = fields
        .iter()
        .map(|(k, v)| (k.as_str(), v.as_str()))
        .collect();
    b.post(&format!("/nhap/{id}/thong-tin"), &refs).await
}

/// The required components of a procedure.
pub fn required(app: &App, code: &str) -> Vec<String> {
    app.store
        .procedure(&ProcedureCode::parse(code).unwrap())
        .unwrap()
        .version
        .components
        .iter()
        .filter(|c| c.required)
        .map(|c| c.key.clone())
        .collect()
}

/// Uploads a PDF for every required component and moves on.
pub async fn documents(app: &App, b: &mut Browser, id: &str, code: &str) -> Page {
    let form = b.get(&format!("/nhap/{id}/giay-to")).await;
    let mut mp = reqwest::multipart::Form::new().text("csrf_token", form.csrf());
    for key in required(app, code) {
        mp = mp.part(
            format!("file.{key}"),
            file(pdf_with(&key), &format!("{key}.pdf")),
        );
    }
    mp = mp.text("action", "next");
    b.post_multipart(&format!("/nhap/{id}/giay-to"), mp).await
}

pub async fn delivery(b: &mut Browser, id: &str, method: &str) -> Page {
    let form = b.get(&format!("/nhap/{id}/nhan-ket-qua")).await;
    b.post(
        &format!("/nhap/{id}/nhan-ket-qua"),
        &[
            ("csrf_token", &form.csrf()),
            ("delivery", method),
            ("delivery_address", ""),
            ("action", "next"),
        ],
    )
    .await
}

/// The check page's submit form: (csrf, revision).
pub async fn check(b: &mut Browser, id: &str) -> (String, String) {
    let p = b.get(&format!("/nhap/{id}/kiem-tra")).await;
    assert_eq!(p.status, StatusCode::OK);
    (p.csrf(), p.input("revision").expect("ready to submit"))
}

/// A whole submission of the birth registration; returns the dossier code.
pub async fn submit_birth(app: &App, b: &mut Browser) -> String {
    let id = start(b, BIRTH).await;
    let p = details(app, b, &id, BIRTH, None).await;
    assert_eq!(p.status, StatusCode::SEE_OTHER, "{}", p.body);
    let p = documents(app, b, &id, BIRTH).await;
    assert_eq!(p.status, StatusCode::SEE_OTHER, "{}", p.body);
    let p = delivery(b, &id, "electronic").await;
    assert_eq!(p.status, StatusCode::SEE_OTHER, "{}", p.body);
    let (csrf, rev) = check(b, &id).await;
    let p = b
        .post(
            &format!("/nhap/{id}/kiem-tra"),
            &[("csrf_token", &csrf), ("revision", &rev)],
        )
        .await;
    assert_eq!(p.status, StatusCode::SEE_OTHER, "{}", p.body);
    let to = p.location.unwrap();
    to.trim_start_matches("/ho-so/")
        .trim_end_matches("/bien-nhan")
        .to_string()
}
