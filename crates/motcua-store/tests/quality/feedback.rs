//! Feedback (PAKN) stories for `tests/quality.rs`.

use jiff::SignedDuration;
use motcua_domain::dossier::{Actor, Address};
use motcua_domain::ids::ProcedureCode;
use motcua_domain::quality::feedback::{
    Category, Contact, FeedbackCommand, FeedbackStatus, Subject,
};
use motcua_store::store::AppError;
use motcua_store::store::quality::{
    FeedbackList, FeedbackLocation, FeedbackQuery, FeedbackView, NewFeedback, Voter,
};

use super::fixture::Fixture;

fn anonymous() -> Actor {
    Actor {
        account: None,
        name: String::new(),
        grants: vec![],
    }
}

fn contact() -> Contact {
    Contact {
        full_name: "Trần Thị Bình".into(),
        phone: Some("0987654321".into()),
        email: None,
        address: Some(Address {
            province: "Tỉnh Thử Nghiệm".into(),
            commune: "Xã An Bình".into(),
            street: "12 đường Lê Lợi".into(),
        }),
        id_number: None,
    }
}

fn new(f: &Fixture, title: &str, contact: Option<Contact>) -> NewFeedback {
    NewFeedback {
        unit: f.commune_a,
        subject: Subject::Procedure { code: ProcedureCode::parse("1.004873").unwrap() },
        title: title.into(),
        content: "Tôi là Trần Thị Bình, số 0987654321, nhà ở 12 đường Lê Lợi. Thủ tục yêu cầu quá nhiều giấy tờ.".into(),
        contact,
        location: Some(FeedbackLocation { address: Some("12 đường Lê Lợi, Xã An Bình".into()), lat: Some(16.46), lon: Some(107.59) }),
        media: vec![],
    }
}

async fn act(
    f: &Fixture,
    who: &Actor,
    code: &str,
    cmd: FeedbackCommand,
    secret: Option<&str>,
) -> Result<FeedbackView, AppError> {
    f.store
        .act_on_feedback(who, code, None, cmd, secret.map(str::to_string))
        .await
}

/// Received, forwarded, answered and published items, for the 5.x lists.
pub async fn some_feedback(f: &Fixture) {
    for i in 0..4 {
        let c = f
            .store
            .submit_feedback(&f.citizen, new(f, &format!("Góp ý {i}"), None), None)
            .await
            .unwrap();
        let code = c.view.code.clone();
        let category = if i % 2 == 0 {
            Category::RulesOrProcedure
        } else {
            Category::OfficerConduct
        };
        act(
            f,
            &f.desk_a,
            &code,
            FeedbackCommand::Receive { category },
            None,
        )
        .await
        .unwrap();
        if i == 1 {
            act(
                f,
                &f.desk_a,
                &code,
                FeedbackCommand::Forward {
                    to_unit: f.commune_b,
                    reason: "Thẩm quyền xã B".into(),
                },
                None,
            )
            .await
            .unwrap();
            continue;
        }
        if i >= 2 {
            act(
                f,
                &f.specialist_a,
                &code,
                FeedbackCommand::ProposeAnswer {
                    text: "Trả lời".into(),
                },
                None,
            )
            .await
            .unwrap();
            act(f, &f.leader_a, &code, FeedbackCommand::Approve, None)
                .await
                .unwrap();
            act(
                f,
                &f.leader_a,
                &code,
                FeedbackCommand::Publish { answer: None },
                None,
            )
            .await
            .unwrap();
            f.store
                .react_to_feedback(Voter::Account(&f.other_citizen), &code, false)
                .await
                .unwrap();
        }
        f.clock.advance(SignedDuration::from_hours(30));
    }
}

pub async fn lifecycle(f: &Fixture) {
    let anon = anonymous();
    // Anonymous without contact is refused; with contact, a secret link is given once.
    let mut bare = new(f, "Phản ánh", None);
    bare.contact = None;
    assert!(matches!(
        f.store.submit_feedback(&anon, bare, None).await,
        Err(AppError::Invalid {
            code: "feedback.contact_required",
            ..
        })
    ));
    let created = f
        .store
        .submit_feedback(&anon, new(f, "Thủ tục rườm rà", Some(contact())), None)
        .await
        .unwrap();
    let secret = created
        .author_secret
        .clone()
        .expect("an anonymous author gets a link");
    let code = created.view.code.clone();
    assert!(code.starts_with("PA-H99.01-"), "{code}");
    // Visibility.
    assert!(f.store.feedback(&f.desk_a, &code, None).await.is_ok());
    for outsider in [&f.desk_b, &f.other_citizen, &anon] {
        assert!(matches!(
            f.store.feedback(outsider, &code, None).await,
            Err(AppError::NotFound)
        ));
    }
    assert!(matches!(
        f.store.feedback(&anon, &code, Some("wrong".into())).await,
        Err(AppError::NotFound)
    ));
    assert!(
        f.store
            .feedback(&anon, &code, Some(secret.clone()))
            .await
            .is_ok()
    );
    let new_list = f
        .store
        .feedback_list(
            &f.desk_a,
            FeedbackQuery {
                list: FeedbackList::New,
                ..Default::default()
            },
        )
        .await
        .unwrap();
    assert_eq!(new_list.total, 1);
    assert_eq!(
        f.store
            .feedback_list(&f.desk_b, FeedbackQuery::default())
            .await
            .unwrap()
            .total,
        0
    );
    // The whole path, the author answering through the link.
    act(
        f,
        &f.desk_a,
        &code,
        FeedbackCommand::Receive {
            category: Category::RulesOrProcedure,
        },
        None,
    )
    .await
    .unwrap();
    act(
        f,
        &f.specialist_a,
        &code,
        FeedbackCommand::RequestInfo {
            question: "Giấy tờ nào?".into(),
        },
        None,
    )
    .await
    .unwrap();
    assert!(
        act(
            f,
            &anon,
            &code,
            FeedbackCommand::ProvideInfo {
                text: "Bản sao".into()
            },
            None
        )
        .await
        .is_err()
    );
    act(
        f,
        &anon,
        &code,
        FeedbackCommand::ProvideInfo {
            text: "Bản sao giấy khai sinh".into(),
        },
        Some(&secret),
    )
    .await
    .unwrap();
    let v = act(
        f,
        &f.specialist_a,
        &code,
        FeedbackCommand::ProposeAnswer {
            text: "Gửi chị Trần Thị Bình (0987654321): chỉ cần bản sao.".into(),
        },
        None,
    )
    .await
    .unwrap();
    assert!(matches!(
        f.store
            .act_on_feedback(
                &f.leader_a,
                &code,
                Some(v.feedback.version - 1),
                FeedbackCommand::Approve,
                None
            )
            .await,
        Err(AppError::Stale { .. })
    ));
    assert!(matches!(
        act(f, &f.specialist_a, &code, FeedbackCommand::Approve, None).await,
        Err(AppError::Invalid {
            code: "feedback.forbidden",
            ..
        })
    ));
    act(f, &f.leader_a, &code, FeedbackCommand::Approve, None)
        .await
        .unwrap();
    let author_view = f
        .store
        .feedback(&anon, &code, Some(secret.clone()))
        .await
        .unwrap();
    assert!(
        author_view.feedback.answer.is_none() && author_view.feedback.draft.is_none(),
        "not before publication"
    );
    act(
        f,
        &f.leader_a,
        &code,
        FeedbackCommand::Publish { answer: None },
        None,
    )
    .await
    .unwrap();
    let notices = f
        .store
        .feedback_notices_for_author(&code, &secret)
        .await
        .unwrap();
    assert_eq!(notices.len(), 7, "{notices:?}");
    // Public: redacted question, title and answer.
    let public = f.store.public_feedback(None, 1, 20).await.unwrap();
    assert_eq!(public.total, 1);
    let p = &public.items[0];
    for leak in ["0987654321", "Trần Thị Bình", "Lê Lợi"] {
        assert!(
            !p.question.contains(leak) && !p.answer.contains(leak),
            "{leak} in {p:?}"
        );
    }
    // Reactions: once per person (a new vote replaces), devices apart.
    f.store
        .react_to_feedback(Voter::Account(&f.citizen), &code, true)
        .await
        .unwrap();
    f.store
        .react_to_feedback(Voter::Account(&f.other_citizen), &code, true)
        .await
        .unwrap();
    f.store
        .react_to_feedback(Voter::Account(&f.other_citizen), &code, false)
        .await
        .unwrap();
    f.store
        .react_to_feedback(Voter::Device("device-cookie-0001-abcdef"), &code, false)
        .await
        .unwrap();
    f.store
        .react_to_feedback(Voter::Device("device-cookie-0002-abcdef"), &code, true)
        .await
        .unwrap();
    let counts = f
        .store
        .react_to_feedback(Voter::Device("device-cookie-0002-abcdef"), &code, false)
        .await
        .unwrap();
    assert_eq!(
        (
            counts.likes,
            counts.dislikes,
            counts.device_likes,
            counts.device_dislikes
        ),
        (1, 1, 0, 2)
    );
    assert!(
        f.store
            .react_to_feedback(Voter::Device("short"), &code, true)
            .await
            .is_err()
    );
    // A reacting citizen gets the public view only.
    let v = act(
        f,
        &f.other_citizen,
        &code,
        FeedbackCommand::React { like: false },
        None,
    )
    .await
    .unwrap();
    assert!(
        v.feedback.author.contact.is_none() && v.feedback.info.is_empty(),
        "{v:?}"
    );
    assert!(!v.feedback.content.contains("0987654321") && v.location.is_none());
    assert!(
        f.store
            .feedback_history(&f.leader_a, &code)
            .await
            .unwrap()
            .len()
            >= 8
    );
    assert!(f.store.feedback_history(&anon, &code).await.is_err());

    // Forwarding moves the item to B; A still sees it, the author follows it.
    let fwd = f
        .store
        .submit_feedback(&f.citizen, new(f, "Chuyển xã B", None), None)
        .await
        .unwrap()
        .view
        .code;
    assert!(fwd.starts_with("PA-H99.01-"));
    act(
        f,
        &f.desk_a,
        &fwd,
        FeedbackCommand::Forward {
            to_unit: f.commune_b,
            reason: "Thẩm quyền".into(),
        },
        None,
    )
    .await
    .unwrap();
    let b_new = f
        .store
        .feedback_list(
            &f.desk_b,
            FeedbackQuery {
                list: FeedbackList::New,
                ..Default::default()
            },
        )
        .await
        .unwrap();
    assert_eq!(
        b_new
            .items
            .iter()
            .map(|s| s.code.clone())
            .collect::<Vec<_>>(),
        vec![fwd.clone()]
    );
    assert!(f.store.feedback(&f.desk_a, &fwd, None).await.is_ok());
    assert_eq!(f.store.my_feedback(&f.citizen).await.unwrap().len(), 1);
    let mine = f.store.feedback_notices(&f.citizen, true).await.unwrap();
    assert_eq!(mine.len(), 2);
    assert_eq!(
        f.store
            .mark_feedback_notices_read(&f.citizen, mine.iter().map(|n| n.id).collect())
            .await
            .unwrap(),
        2
    );
    assert!(
        f.store
            .feedback_notices(&f.citizen, true)
            .await
            .unwrap()
            .is_empty()
    );

    // Overdue: nobody acts at B for weeks; the scheduler marks it once.
    f.clock.advance(SignedDuration::from_hours(24 * 30));
    let overdue = f
        .store
        .feedback_list(
            &f.desk_b,
            FeedbackQuery {
                list: FeedbackList::Overdue,
                ..Default::default()
            },
        )
        .await
        .unwrap();
    assert_eq!(overdue.total, 1);
    assert_eq!(f.store.feedback_mark_overdue().await.unwrap(), 1);
    assert_eq!(f.store.feedback_mark_overdue().await.unwrap(), 0);
    let v = f.store.feedback(&f.desk_b, &fwd, None).await.unwrap();
    assert!(v.feedback.overdue_marked && v.feedback.status == FeedbackStatus::Submitted);
    let counts = f.store.feedback_counts(&f.desk_b, None).await.unwrap();
    assert!(counts.contains(&(FeedbackList::Overdue, 1)), "{counts:?}");

    // 5.x numbers for the month and their lists.
    let march = motcua_domain::quality::Period::month(2026, 3).unwrap();
    let r = f.store.index766(f.province, march).await.unwrap();
    let i53 = r.indicator("5.3").unwrap();
    assert_eq!(
        (i53.numerator, i53.denominator),
        (Some(1), Some(2)),
        "the forwarded item was marked overdue"
    );
    let i52 = r.indicator("5.2").unwrap();
    assert_eq!(i52.denominator, Some(3), "three legs: A, A then B");
}
