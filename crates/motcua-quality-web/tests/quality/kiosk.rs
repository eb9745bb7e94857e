//! The kiosk rates a finished dossier once, asks for every criterion that is not computed, and
//! shows nothing about the dossier but its code; an open dossier or a wrong code gets the same
//! answer.

use motcua_domain::quality::Period;
use motcua_store::store::quality::{IndicatorItems, IndicatorPart};

use crate::story;
use crate::support::App;

/// A finished dossier and an open one of commune A (from the demo dossiers).
async fn codes(app: &App) -> (String, String, String) {
    let leader = app.actor("leader.p").await;
    let period = Period::year(2026).unwrap();
    let list = |part: &'static str| {
        let leader = leader.clone();
        async move {
            app.store
                .indicator_list(
                    &leader,
                    app.province,
                    period,
                    "2.1",
                    IndicatorPart::Side(part.into()),
                    1,
                    50,
                )
                .await
                .unwrap()
        }
    };
    let done = list("finished_on_time").await;
    let open = list("open_within_time").await;
    let pick = |l: &motcua_store::store::quality::IndicatorList, i: usize| match &l.items {
        IndicatorItems::Dossiers(d) => (d[i].code.to_string(), d[i].applicant_name.clone()),
        _ => unreachable!(),
    };
    let (finished, name) = pick(&done, 0);
    (finished, name, pick(&open, 0).0)
}

story!(kiosk_rates_a_finished_dossier_once, 150, |app| {
    let (finished, applicant, open) = codes(&app).await;
    let mut k = app.browser();
    let start = k.get("/kiosk").await;
    assert_eq!(start.status, 200);
    assert!(start.has("Mã hồ sơ"));
    assert!(!start.has("<nav"), "the kiosk links nowhere");
    let csrf = start.csrf();
    for wrong in ["KHONG-CO", open.as_str()] {
        let r = k
            .post("/kiosk", &[("csrf_token", &csrf), ("code", wrong)])
            .await;
        assert_eq!(r.status, 422, "{wrong}");
        assert!(r.has("Không đánh giá được hồ sơ này"));
    }
    let form = k
        .post("/kiosk", &[("csrf_token", &csrf), ("code", &finished)])
        .await;
    assert_eq!(form.status, 200, "{}", form.body);
    assert!(form.has(&finished));
    assert!(
        !form.has(&applicant),
        "nothing about the dossier but its code"
    );
    assert_eq!(form.body.matches("<fieldset class=\"crit").count(), 12);
    assert_eq!(form.body.matches("type=\"radio\"").count(), 36);
    // Incomplete: the nine criteria that are asked must be chosen.
    let partial = k
        .post(
            "/kiosk/danh-gia",
            &[
                ("csrf_token", &csrf),
                ("code", &finished),
                ("score.overall", "very_satisfied"),
            ],
        )
        .await;
    assert_eq!(partial.status, 422);
    assert!(partial.has("Còn 8 tiêu chí chưa chọn"), "{}", partial.body);
    let mut fields: Vec<(String, String)> = vec![
        ("csrf_token".into(), csrf.clone()),
        ("code".into(), finished.clone()),
    ];
    for c in [
        "overall",
        "ease_of_use",
        "timeliness",
        "attitude",
        "agencies",
        "one_stop",
        "publicity",
        "feedback_handling",
        "online_service",
    ] {
        fields.push((format!("score.{c}"), "satisfied".into()));
    }
    fields.push(("score.total_time".into(), "dissatisfied".into()));
    let pairs: Vec<(&str, &str)> = fields
        .iter()
        .map(|(a, b)| (a.as_str(), b.as_str()))
        .collect();
    let done = k.post("/kiosk/danh-gia", &pairs).await;
    assert_eq!(done.status, 303, "{}", done.body);
    assert_eq!(done.location.as_deref(), Some("/kiosk/cam-on"));
    let thanks = k.get("/kiosk/cam-on").await;
    assert!(thanks.has("Xin cảm ơn"));
    assert!(thanks.has("href=\"/kiosk\""));
    // Once: the same dossier cannot be rated again on the kiosk.
    let again = k
        .post("/kiosk", &[("csrf_token", &csrf), ("code", &finished)])
        .await;
    assert_eq!(again.status, 422);
    let twice = k.post("/kiosk/danh-gia", &pairs).await;
    assert_eq!(twice.status, 422);
    let stored = app
        .store
        .ratings_of(
            &app.actor("leader.p").await,
            &motcua_domain::code::DossierCode::parse(&finished).unwrap(),
        )
        .await
        .unwrap();
    let kiosk: Vec<_> = stored
        .iter()
        .filter(|r| r.channel == motcua_domain::quality::satisfaction::RatingChannel::Kiosk)
        .collect();
    assert_eq!(kiosk.len(), 1);
    assert!(kiosk[0].scored.as_ref().is_some_and(|s| s.max > 0));
    // The dashboard counts it among the period's ratings.
    let mut p = app.signed_in("leader.p").await;
    let dash = p
        .get("/office/quality?unit=H99&period=month&year=2026&month=3")
        .await;
    assert!(dash.has("tại kiosk 1,"), "{}", dash.body);
});
