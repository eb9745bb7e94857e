//! Ratings and Open311 stories for `tests/quality.rs`.

use std::collections::BTreeMap;

use jiff::SignedDuration;
use motcua_domain::dossier::Status;
use motcua_domain::quality::feedback::{Category, FeedbackCommand, Subject};
use motcua_domain::quality::satisfaction::{Criterion, Level, RatingChannel, RatingInput};
use motcua_store::store::AppError;
use motcua_store::store::quality::{
    FeedbackLocation, NewFeedback, Open311Filter, Open311Post, Open311Status,
};

use super::fixture::Fixture;

pub fn levels_json(overall: &str) -> String {
    let mut m = BTreeMap::new();
    for c in Criterion::ALL {
        let key = serde_json::to_value(c)
            .unwrap()
            .as_str()
            .unwrap()
            .to_string();
        m.insert(
            key,
            if c == Criterion::Overall {
                overall.to_string()
            } else {
                "satisfied".into()
            },
        );
    }
    serde_json::to_string(&m).unwrap()
}

pub async fn ratings(f: &Fixture) {
    let open = f.dossier_in(Status::InProcess).await;
    let levels = |overall| -> BTreeMap<Criterion, Level> {
        Criterion::ALL
            .into_iter()
            .map(|c| {
                (
                    c,
                    if c == Criterion::Overall {
                        overall
                    } else {
                        Level::Satisfied
                    },
                )
            })
            .collect()
    };
    let input = |channel, overall| RatingInput {
        channel,
        levels: levels(overall),
        comment: Some("Góp ý".into()),
    };
    assert!(matches!(
        f.store
            .rate_service(
                &f.citizen,
                &open,
                input(RatingChannel::Portal, Level::Satisfied)
            )
            .await,
        Err(AppError::Invalid {
            code: "rating.not_finished",
            ..
        })
    ));
    let code = f.dossier_in(Status::Returned).await;
    // The portal's own entry point keeps working (criterion keys of docs/PORTAL.md).
    let scores: BTreeMap<String, String> =
        serde_json::from_str(&levels_json("dissatisfied")).unwrap();
    f.store
        .rate_dossier(&f.citizen, &code, scores.clone(), None)
        .await
        .unwrap();
    assert!(matches!(
        f.store
            .rate_dossier(&f.citizen, &code, scores.clone(), None)
            .await,
        Err(AppError::Duplicate(_))
    ));
    assert_eq!(
        f.store
            .dossier_rating(&f.citizen, &code)
            .await
            .unwrap()
            .unwrap()
            .scores,
        scores
    );
    assert!(matches!(
        f.store
            .rate_service(
                &f.other_citizen,
                &code,
                input(RatingChannel::Portal, Level::Satisfied)
            )
            .await,
        Err(AppError::NotFound)
    ));
    assert!(matches!(
        f.store
            .rate_service(
                &f.citizen,
                &code,
                input(RatingChannel::Paper, Level::Satisfied)
            )
            .await,
        Err(AppError::NotFound)
    ));
    let paper = f
        .store
        .rate_service(
            &f.desk_a,
            &code,
            input(RatingChannel::Paper, Level::VerySatisfied),
        )
        .await
        .unwrap();
    assert!(!paper.dissatisfied);
    assert!(
        paper.indices.iter().filter(|i| i.automatic).count() >= 2,
        "{paper:?}"
    );
    assert_eq!(f.store.ratings_of(&f.desk_a, &code).await.unwrap().len(), 2);
    let march = motcua_domain::quality::Period::month(2026, 3).unwrap();
    let s = f
        .store
        .satisfaction_summary(f.province, march)
        .await
        .unwrap();
    assert_eq!((s.ratings, s.dissatisfied), (2, 1));
    let overall = s
        .criteria
        .iter()
        .find(|c| c.criterion == Criterion::Overall)
        .unwrap();
    assert_eq!((overall.very_satisfied, overall.dissatisfied), (1, 1));
    // 5.4: the dossier rated dissatisfied is counted.
    let r = f.store.index766(f.commune_a, march).await.unwrap();
    let side = r
        .indicator("5.4")
        .unwrap()
        .details
        .iter()
        .find(|d| d.id == "dissatisfied")
        .unwrap()
        .clone();
    assert_eq!(side.numerator, 1);
    // Feedback about a dossier marks it for 5.4 only when its applicant files it.
    let other = f.dossier_in(Status::Received).await;
    let id = f
        .store
        .dossier(&f.citizen, &other)
        .await
        .unwrap()
        .dossier
        .id;
    let about = || NewFeedback {
        unit: f.commune_a,
        subject: Subject::Dossier { id },
        title: "Hồ sơ chậm".into(),
        content: "Chưa có kết quả.".into(),
        contact: None,
        location: None,
        media: vec![],
    };
    let dissatisfied = || async {
        let r = f.store.index766(f.commune_a, march).await.unwrap();
        let i = r.indicator("5.4").unwrap();
        i.details
            .iter()
            .find(|d| d.id == "dissatisfied")
            .unwrap()
            .numerator
    };
    f.store
        .submit_feedback(&f.other_citizen, about(), None)
        .await
        .unwrap();
    assert_eq!(
        dissatisfied().await,
        1,
        "a stranger's feedback is handled, not counted"
    );
    f.store
        .submit_feedback(&f.citizen, about(), None)
        .await
        .unwrap();
    assert_eq!(dissatisfied().await, 2);
}

pub async fn open311(f: &Fixture) {
    assert_eq!(f.store.open311_services().len(), 4);
    assert!(
        f.store
            .create_open311_key(&f.desk_a, "x", f.commune_a)
            .await
            .is_err()
    );
    let (key, raw) = f
        .store
        .create_open311_key(&f.admin, "Ứng dụng di động", f.commune_a)
        .await
        .unwrap();
    let post = Open311Post {
        service_code: "procedure".into(),
        description: "Tôi là Trần Thị Bình, số 0987654321. Thủ tục yêu cầu quá nhiều giấy tờ."
            .into(),
        subject: Some("1.004873".into()),
        location: FeedbackLocation {
            address: Some("12 đường Lê Lợi".into()),
            lat: Some(16.4),
            lon: Some(107.5),
        },
        first_name: Some("Trần Thị".into()),
        last_name: Some("Bình".into()),
        phone: Some("0987654321".into()),
        ..Default::default()
    };
    assert!(matches!(
        f.store.open311_submit("o311_wrong", post.clone()).await,
        Err(AppError::NotFound)
    ));
    let created = f.store.open311_submit(&raw, post.clone()).await.unwrap();
    let id = created.view.code.clone();
    let open = f
        .store
        .open311_requests(Open311Filter::default())
        .await
        .unwrap();
    assert_eq!(open.len(), 1);
    assert_eq!(
        (open[0].status, open[0].description.clone(), open[0].lat),
        (Open311Status::Open, None, None),
        "no text before publication"
    );
    for (who, cmd) in [
        (
            &f.desk_a,
            FeedbackCommand::Receive {
                category: Category::RulesOrProcedure,
            },
        ),
        (
            &f.specialist_a,
            FeedbackCommand::ProposeAnswer {
                text: "Chỉ cần tờ khai.".into(),
            },
        ),
        (&f.leader_a, FeedbackCommand::Approve),
        (&f.leader_a, FeedbackCommand::Publish { answer: None }),
    ] {
        f.store
            .act_on_feedback(who, &id, None, cmd, None)
            .await
            .unwrap();
    }
    let closed = f
        .store
        .open311_requests(Open311Filter {
            status: Some(Open311Status::Closed),
            ..Default::default()
        })
        .await
        .unwrap();
    assert_eq!(closed.len(), 1);
    let r = &closed[0];
    assert_eq!(r.service_request_id, id);
    assert_eq!(r.status_notes.as_deref(), Some("Chỉ cần tờ khai."));
    let d = r.description.clone().unwrap();
    assert!(!d.contains("0987654321") && !d.contains("Bình"), "{d}");
    assert!(!r.address.clone().unwrap().contains("Lê Lợi"));
    assert_eq!(r.agency_responsible, "Xã An Bình");
    let by_id = f
        .store
        .open311_requests(Open311Filter {
            ids: Some(vec![id.to_lowercase()]),
            ..Default::default()
        })
        .await
        .unwrap();
    assert_eq!(by_id.len(), 1);
    assert!(
        f.store
            .open311_requests(Open311Filter {
                service_code: Some("dossier".into()),
                ..Default::default()
            })
            .await
            .unwrap()
            .is_empty()
    );
    let later = f.store.now() + SignedDuration::from_hours(1);
    assert!(
        f.store
            .open311_requests(Open311Filter {
                start: Some(later),
                ..Default::default()
            })
            .await
            .unwrap()
            .is_empty()
    );
    assert!(
        f.store
            .open311_requests(Open311Filter {
                unit: Some(f.commune_b),
                ..Default::default()
            })
            .await
            .unwrap()
            .is_empty()
    );
    assert_eq!(
        f.store
            .open311_request(&id)
            .await
            .unwrap()
            .service_request_id,
        id
    );
    f.store.revoke_open311_key(&f.admin, key.id).await.unwrap();
    assert!(matches!(
        f.store.open311_submit(&raw, post).await,
        Err(AppError::NotFound)
    ));
    let keys = f.store.open311_keys(&f.admin).await.unwrap();
    assert!(keys[0].revoked_at.is_some() && keys[0].last_used_at.is_some());
}
