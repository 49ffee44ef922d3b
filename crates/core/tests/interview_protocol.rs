//! The conductor's protocol rules, without a model: consent, idempotent
//! retries, reconnects, repeats and clarifications, deadlines and the
//! invitation's expiry, restarts, and messages it refuses.

mod interview_support;

use ats_core::interview::conductor::{GRACE_SECS, Phase};
use ats_core::interview::protocol::EndReason;
use ats_core::interview::{
    self, ClientMessage, Conductor, InterviewSettings, ServerEvent, Signals, Status,
};
use ats_core::store::{StepChange, Store};
use chrono::{Duration, SubsecRound, Utc};
use interview_support::*;
use std::sync::{Arc, Mutex};

#[tokio::test]
async fn consent_is_required_and_may_be_declined() {
    let w = world(J01, &[R09]).await;
    let (id, _) = w.offline(0, &InterviewSettings::default()).await;
    let c = Conductor::new(w.store.clone(), None);
    // An answer before anything was shown: the notice comes first.
    let r = c
        .handle(&id, answer("early", "I know Python well."), None)
        .await
        .unwrap();
    assert_eq!(kinds(&r), ["welcome", "error"]);
    assert_eq!(error_code(&r[1]), "interview.consent_required");
    let r = c
        .handle(&id, answer("early2", "Still keen."), None)
        .await
        .unwrap();
    assert_eq!(error_code(&r[0]), "interview.consent_required");
    let r = c.handle(&id, consent(false), None).await.unwrap();
    assert_eq!(kinds(&r), ["consent", "complete"]);
    assert_eq!(end_reason(&r[1]), EndReason::ConsentDeclined);
    assert_eq!(
        w.store.get_interview(&id).await.unwrap().0.status,
        Status::Abandoned
    );
    let all = w.store.interview_events(&id, 0, true).await.unwrap();
    assert!(!kinds(&all).contains(&"question"), "{:?}", kinds(&all));
    assert!(!kinds(&all).contains(&"answer"));
    assert!(outbox(&w.store, "interview.started", &id).await.is_empty());
    assert!(
        outbox(&w.store, "interview.completed", &id)
            .await
            .is_empty()
    );
}

#[tokio::test]
async fn a_retried_answer_is_stored_once() {
    let w = world(J01, &[R09]).await;
    let (id, _) = w.offline(0, &InterviewSettings::default()).await;
    let c = Conductor::new(w.store.clone(), None);
    c.handle(&id, hello(None), None).await.unwrap();
    c.handle(&id, consent(true), None).await.unwrap();
    let first = c
        .handle(&id, answer("dup", "Short answer."), None)
        .await
        .unwrap();
    assert_eq!(kinds(&first), ["answer_ack", "follow_up"]);
    let (_, at_first) = c.position(&id).await.unwrap();
    for text in ["Short answer.", "A different text under the same id."] {
        let again = c.handle(&id, answer("dup", text), None).await.unwrap();
        assert_eq!(
            again,
            vec![first[0].clone()],
            "the same acknowledgement, same seq"
        );
    }
    let retried_consent = c.handle(&id, consent(true), None).await.unwrap();
    assert_eq!(kinds(&retried_consent), ["consent"]);
    assert_eq!(c.position(&id).await.unwrap().1, at_first, "nothing moved");
    let (answers, judgements) = private_log(&w.store, &id).await;
    assert_eq!((answers.len(), judgements.len()), (1, 1));
}

#[tokio::test]
async fn a_reconnect_gets_exactly_what_it_missed() {
    let w = world(J01, &[R09]).await;
    let (id, _) = w.offline(0, &InterviewSettings::default()).await;
    let c = Conductor::new(w.store.clone(), None);
    let mut seen = Vec::new();
    seen.extend(c.handle(&id, hello(None), None).await.unwrap());
    seen.extend(c.handle(&id, consent(true), None).await.unwrap());
    seen.extend(
        c.handle(&id, answer("a1", "Not much to say."), None)
            .await
            .unwrap(),
    );
    seen.extend(
        c.handle(&id, answer("a2", "Still not much to say."), None)
            .await
            .unwrap(),
    );
    let seqs: Vec<u64> = seen.iter().map(|e| e.seq).collect();
    assert!(seqs.windows(2).all(|p| p[0] < p[1]), "{seqs:?}");
    let last = *seqs.last().unwrap();
    for n in [0, 1, seqs[2], seqs[4], last - 1] {
        let replay = c.handle(&id, hello(Some(n)), None).await.unwrap();
        let want: Vec<_> = seen.iter().filter(|e| e.seq > n).cloned().collect();
        assert_eq!(replay, want, "after {n}");
    }
    assert_eq!(c.handle(&id, hello(None), None).await.unwrap(), seen);
    assert!(
        c.handle(&id, hello(Some(last)), None)
            .await
            .unwrap()
            .is_empty()
    );
    // Through the outbox channel too: the same envelopes.
    let (tx, mut rx) = tokio::sync::mpsc::unbounded_channel();
    c.handle(&id, hello(Some(seqs[1])), Some(&tx))
        .await
        .unwrap();
    let mut got = Vec::new();
    while let Ok(e) = rx.try_recv() {
        got.push(e);
    }
    assert_eq!(got, seen[2..].to_vec());
}

#[tokio::test]
async fn repeat_and_clarify_keep_the_turn() {
    let w = world(J01, &[R09]).await;
    let (id, plan) = w.offline(0, &InterviewSettings::default()).await;
    let c = Conductor::new(w.store.clone(), None);
    c.handle(&id, hello(None), None).await.unwrap();
    let r = c.handle(&id, consent(true), None).await.unwrap();
    let (qid, text, deadline) = asked(&r[1]);
    let rep = c
        .handle(
            &id,
            ClientMessage::Repeat {
                client_msg_id: "r1".into(),
            },
            None,
        )
        .await
        .unwrap();
    assert_eq!(kinds(&rep), ["question"]);
    assert_eq!(asked(&rep[0]), (qid.clone(), text, deadline.clone()));
    assert!(matches!(
        rep[0].event,
        ServerEvent::Question { repeat: true, .. }
    ));
    let clarify = |n: u32| ClientMessage::Clarify {
        client_msg_id: format!("c{n}"),
        text: "What do you mean?".into(),
    };
    for n in 0..2 {
        let r = c.handle(&id, clarify(n), None).await.unwrap();
        let ServerEvent::Clarification { question_id, text } = &r[0].event else {
            panic!("{r:?}")
        };
        assert_eq!(question_id, &qid);
        assert!(text.contains(&plan.questions[0].dimension), "{text}");
    }
    let r = c.handle(&id, clarify(2), None).await.unwrap();
    assert_eq!(error_code(&r[0]), "interview.too_many_clarifications");
    let (_, cursor) = c.position(&id).await.unwrap();
    let due = cursor.deadline.map(|d| d.timestamp_millis());
    assert_eq!(
        (cursor.phase, cursor.index, due),
        (Phase::Asking, 0, Some(time(&deadline).timestamp_millis()))
    );
    let r = c.handle(&id, answer("a1", "Short."), None).await.unwrap();
    assert_eq!(kinds(&r), ["answer_ack", "follow_up"]);
    // A follow-up has its own clarifications; a repeat sends it again.
    let r = c.handle(&id, clarify(3), None).await.unwrap();
    assert_eq!(kinds(&r), ["clarification"]);
    let rep = c
        .handle(
            &id,
            ClientMessage::Repeat {
                client_msg_id: "r2".into(),
            },
            None,
        )
        .await
        .unwrap();
    assert_eq!(kinds(&rep), ["follow_up"]);
}

type Clock = Arc<Mutex<chrono::DateTime<Utc>>>;

fn clocked(store: &Store, clock: &Clock) -> Conductor {
    let clock = clock.clone();
    Conductor::new(store.clone(), None).with_clock(move || *clock.lock().unwrap())
}

fn advance(clock: &Clock, secs: i64) {
    *clock.lock().unwrap() += Duration::seconds(secs);
}

#[tokio::test]
async fn deadlines_time_out_questions_and_the_interview() {
    let w = world(J01, &[R09]).await;
    let settings = InterviewSettings {
        overall_limit_secs: 900,
        ..InterviewSettings::default()
    };
    let (id, plan) = w.offline(0, &settings).await;
    let clock: Clock = Arc::new(Mutex::new(Utc::now().trunc_subsecs(0)));
    let c = clocked(&w.store, &clock);
    c.handle(&id, hello(None), None).await.unwrap();
    let t0 = *clock.lock().unwrap();
    let r = c.handle(&id, consent(true), None).await.unwrap();
    let (q1, _, deadline) = asked(&r[1]);
    assert_eq!(time(&deadline), t0 + Duration::seconds(300));
    // The grace period is the network's share.
    advance(&clock, 300 + GRACE_SECS);
    assert!(c.tick(&id, None).await.unwrap().is_empty());
    advance(&clock, 1);
    let r = c.tick(&id, None).await.unwrap();
    assert_eq!(kinds(&r), ["timeout", "question"]);
    assert!(matches!(&r[0].event, ServerEvent::Timeout { question_id } if *question_id == q1));
    let (q2, _, deadline) = asked(&r[1]);
    assert_eq!(q2, plan.questions[1].id);
    let t1 = t0 + Duration::seconds(300 + GRACE_SECS + 1);
    assert_eq!(time(&deadline), t1 + Duration::seconds(300));
    assert!(
        c.tick(&id, None).await.unwrap().is_empty(),
        "a timeout happens once"
    );
    let r = c
        .handle(
            &id,
            answer_to("a2", &q2, &thorough(&plan.questions[1])),
            None,
        )
        .await
        .unwrap();
    assert_eq!(kinds(&r), ["answer_ack", "question"]);
    let (q3, _, _) = asked(&r[1]);
    // An answer naming a question no longer open is not taken for the next.
    let r = c
        .handle(
            &id,
            answer_to("a2-again", &q2, "A second thought on it."),
            None,
        )
        .await
        .unwrap();
    assert_eq!(error_code(&r[0]), "interview.too_late");
    // Nor is one that arrives after its question timed out.
    advance(&clock, 300 + GRACE_SECS + 1);
    let r = c
        .handle(&id, answer("a3", "Sorry, my connection dropped."), None)
        .await
        .unwrap();
    assert_eq!(kinds(&r), ["timeout", "question", "error"]);
    assert!(matches!(&r[0].event, ServerEvent::Timeout { question_id } if *question_id == q3));
    assert_eq!(error_code(&r[2]), "interview.too_late");
    // No question is due after the interview's own end.
    assert_eq!(time(&asked(&r[1]).2), t0 + Duration::seconds(900));
    let (answers, _) = private_log(&w.store, &id).await;
    assert_eq!(answers.len(), 1);
    assert!(matches!(&answers[0], ServerEvent::Answer { question_id, .. } if *question_id == q2));
    // The whole interview's limit, counted from the consent.
    *clock.lock().unwrap() = t0 + Duration::seconds(900 + GRACE_SECS + 1);
    let r = c.tick(&id, None).await.unwrap();
    assert_eq!(kinds(&r), ["complete"]);
    assert_eq!(end_reason(&r[0]), EndReason::TimeUp);
    assert_eq!(
        w.store.get_interview(&id).await.unwrap().0.status,
        Status::Completed
    );
    assert_eq!(
        outbox(&w.store, "interview.completed", &id).await[0]["reason"],
        "time_up"
    );
    let r = c.handle(&id, answer("a3", "too late"), None).await.unwrap();
    assert_eq!(error_code(&r[0]), "interview.ended");
}

#[tokio::test]
async fn an_invitation_expires_before_consent() {
    let w = world(J01, &[R09]).await;
    let settings = InterviewSettings {
        invitation_valid_secs: 3600,
        ..InterviewSettings::default()
    };
    let (never_opened, _) = w.offline(0, &settings).await;
    let (opened, _) = w.offline(0, &settings).await;
    let clock: Clock = Arc::new(Mutex::new(Utc::now()));
    let c = clocked(&w.store, &clock);
    assert_eq!(
        kinds(&c.handle(&opened, hello(None), None).await.unwrap()),
        ["welcome"]
    );
    advance(&clock, 3600 + 60);
    let r = c.handle(&never_opened, hello(None), None).await.unwrap();
    assert_eq!(kinds(&r), ["complete"]);
    assert_eq!(end_reason(&r[0]), EndReason::InvitationExpired);
    let r = c.handle(&opened, consent(true), None).await.unwrap();
    assert_eq!(kinds(&r), ["complete", "error"], "{r:#?}");
    assert_eq!(end_reason(&r[0]), EndReason::InvitationExpired);
    for id in [&never_opened, &opened] {
        assert_eq!(
            w.store.get_interview(id).await.unwrap().0.status,
            Status::Expired
        );
        assert!(
            !kinds(&w.store.interview_events(id, 0, true).await.unwrap()).contains(&"question")
        );
        assert!(outbox(&w.store, "interview.completed", id).await.is_empty());
    }
}

#[tokio::test]
async fn a_restarted_conductor_resumes_where_the_last_commit_left_off() {
    let w = world(J01, &[R09]).await;
    let (id, plan) = w.offline(0, &InterviewSettings::default()).await;
    let c = Conductor::new(w.store.clone(), None);
    c.handle(&id, hello(None), None).await.unwrap();
    c.handle(&id, consent(true), None).await.unwrap();
    let r = c
        .handle(&id, answer("a1", "Briefly: yes."), None)
        .await
        .unwrap();
    let follow_up = r[1].clone();
    let (qid, _, deadline) = asked(&follow_up);
    drop(c);
    w.store.close().await;

    let store = Store::open(w.dir.path()).await.unwrap();
    let c = Conductor::new(store.clone(), None);
    assert!(c.tick(&id, None).await.unwrap().is_empty());
    let (_, cursor) = c.position(&id).await.unwrap();
    assert_eq!(
        (cursor.phase, cursor.index, cursor.follow_ups),
        (Phase::Asking, 0, 1)
    );
    let stored = cursor.deadline.map(|d| d.timestamp_millis());
    assert_eq!(
        stored,
        Some(time(&deadline).timestamp_millis()),
        "the stored deadline, not a new one"
    );
    assert!(
        c.handle(&id, hello(Some(follow_up.seq)), None)
            .await
            .unwrap()
            .is_empty()
    );
    let rep = c
        .handle(
            &id,
            ClientMessage::Repeat {
                client_msg_id: "r".into(),
            },
            None,
        )
        .await
        .unwrap();
    assert_eq!(asked(&rep[0]), asked(&follow_up));

    // Killed after an answer was acknowledged but before it was judged:
    // the next step judges it.
    let text = thorough(&plan.questions[0]);
    let mut cursor = cursor;
    cursor.answers.push(text.clone());
    cursor.phase = Phase::Judging;
    cursor.deadline = None;
    let events = [
        (
            ServerEvent::Answer {
                client_msg_id: "a2".into(),
                question_id: qid.clone(),
                follow_up: 1,
                text,
                signals: Signals::default(),
            },
            None,
        ),
        (
            ServerEvent::AnswerAck {
                client_msg_id: "a2".into(),
                question_id: qid.clone(),
            },
            Some("a2".into()),
        ),
    ];
    let change = StepChange {
        state: serde_json::to_value(&cursor).unwrap(),
        ..StepChange::default()
    };
    let last = store
        .append_interview(&id, rep[0].seq, &events, change)
        .await
        .unwrap();
    let last = last.last().unwrap().clone();
    drop(c);
    store.close().await;
    let store = Store::open(w.dir.path()).await.unwrap();
    let c = Conductor::new(store.clone(), None);
    let r = c.tick(&id, None).await.unwrap();
    assert_eq!(kinds(&r), ["question"]);
    assert_eq!(asked(&r[0]).0, plan.questions[1].id);
    assert!(r[0].seq > last.seq + 1, "the judgement took a number");
    let (_, judgements) = private_log(&store, &id).await;
    assert!(
        matches!(&judgements[1], ServerEvent::Judgement { follow_up: 1, question_id, .. } if *question_id == qid)
    );
    let retried = c.handle(&id, answer("a2", "again"), None).await.unwrap();
    assert_eq!(kinds(&retried), ["answer_ack"]);
}

#[tokio::test]
async fn bad_messages_change_nothing_and_leaving_ends_it() {
    let w = world(J01, &[R09]).await;
    let (id, _) = w.offline(0, &InterviewSettings::default()).await;
    let c = Conductor::new(w.store.clone(), None);
    c.handle(&id, hello(None), None).await.unwrap();
    let r = c.handle(&id, consent(true), None).await.unwrap();
    let stored = w.store.interview_events(&id, 0, true).await.unwrap();
    let too_long = "word ".repeat(interview::conductor::MAX_ANSWER_CHARS / 5 + 1);
    for (msg, code) in [
        (answer("e1", "   "), "interview.empty_answer"),
        (answer("e2", &too_long), "interview.answer_too_long"),
        (answer(" ", "A real answer."), "interview.invalid_message"),
        (consent(true), "consent"),
        (
            ClientMessage::Consent {
                client_msg_id: "c2".into(),
                given: true,
            },
            "interview.not_asking",
        ),
    ] {
        let got = c.handle(&id, msg, None).await.unwrap();
        assert_eq!(got.len(), 1, "{code}: {got:?}");
        if code != "consent" {
            assert_eq!(error_code(&got[0]), code);
            assert_eq!(got[0].seq, r[1].seq, "an error is not stored");
        }
    }
    assert_eq!(
        w.store.interview_events(&id, 0, true).await.unwrap(),
        stored
    );
    let r = c
        .handle(
            &id,
            ClientMessage::Leave {
                client_msg_id: "bye".into(),
            },
            None,
        )
        .await
        .unwrap();
    assert_eq!(end_reason(&r[0]), EndReason::Left);
    assert_eq!(
        w.store.get_interview(&id).await.unwrap().0.status,
        Status::Abandoned
    );
    assert!(
        outbox(&w.store, "interview.completed", &id)
            .await
            .is_empty()
    );
    let again = c
        .handle(
            &id,
            ClientMessage::Leave {
                client_msg_id: "bye".into(),
            },
            None,
        )
        .await
        .unwrap();
    assert_eq!(again, r, "a retried leave");
}

/// A question or follow-up is never sent already past its deadline: at
/// the end of the interview's time nothing more is asked.
#[tokio::test]
async fn nothing_is_asked_after_the_interview_time_is_up() {
    let w = world(J01, &[R09]).await;
    let settings = InterviewSettings {
        overall_limit_secs: 600,
        ..InterviewSettings::default()
    };
    let (id, plan) = w.offline(0, &settings).await;
    let clock: Clock = Arc::new(Mutex::new(Utc::now().trunc_subsecs(0)));
    let c = clocked(&w.store, &clock);
    c.handle(&id, hello(None), None).await.unwrap();
    let t0 = *clock.lock().unwrap();
    c.handle(&id, consent(true), None).await.unwrap();
    let mut sent = Vec::new();
    for (at, i) in [(290, 0), (589, 1)] {
        *clock.lock().unwrap() = t0 + Duration::seconds(at);
        let r = c
            .handle(
                &id,
                answer(&format!("a{i}"), &thorough(&plan.questions[i])),
                None,
            )
            .await
            .unwrap();
        sent.push((at, r));
    }
    // Within the grace period of the last question and of the interview.
    *clock.lock().unwrap() = t0 + Duration::seconds(603);
    let r = c.handle(&id, answer("a2", "Short."), None).await.unwrap();
    assert_eq!(kinds(&r)[0], "answer_ack");
    sent.push((603, r.clone()));
    for (at, envs) in &sent {
        for e in envs
            .iter()
            .filter(|e| matches!(e.event.kind(), "question" | "follow_up"))
        {
            let due = time(&asked(e).2);
            assert!(
                due > t0 + Duration::seconds(*at),
                "sent at +{at}s, due at {due}: {e:?}"
            );
        }
    }
    assert_eq!(end_reason(r.last().unwrap()), EndReason::TimeUp);
}

/// Steps written at the same moment share one commit, and each still
/// stands alone: of two steps racing on one interview one wins and the
/// other conflicts, a reused client message id is refused and rolls back
/// only its own step, and every other step is stored.
#[tokio::test]
async fn steps_written_together_each_stand_alone() {
    let w = world(J01, &[R09]).await;
    let mut ids = Vec::new();
    for _ in 0..12 {
        ids.push(w.offline(0, &InterviewSettings::default()).await.0);
    }
    let ack = |id: &str| {
        vec![(
            ServerEvent::AnswerAck {
                client_msg_id: id.into(),
                question_id: "q1".into(),
            },
            Some(id.to_owned()),
        )]
    };
    let step = |id: &String, msg: &str| {
        let store = w.store.clone();
        let (id, events) = (id.clone(), ack(msg));
        async move {
            let seen = store.get_interview(&id).await.unwrap().0.last_seq;
            let change = StepChange {
                state: serde_json::json!({"step": id}),
                ..StepChange::default()
            };
            store.append_interview(&id, seen, &events, change).await
        }
    };
    // The first interview gets two steps at once; the second reuses a
    // client message id it already used.
    step(&ids[1], "used").await.unwrap();
    let mut steps: Vec<_> = ids
        .iter()
        .map(|id| Box::pin(step(id, &format!("m-{id}"))) as std::pin::Pin<Box<_>>)
        .collect();
    steps.push(Box::pin(step(&ids[0], "rival")));
    steps.push(Box::pin(step(&ids[1], "used")));
    let results = futures_util::future::join_all(steps).await;
    let n = ids.len();
    let first = [&results[0], &results[n]];
    assert_eq!(
        first.iter().filter(|r| r.is_ok()).count(),
        1,
        "one of two racing steps wins: {first:?}"
    );
    assert!(
        first
            .iter()
            .any(|r| matches!(r, Err(e) if e.code() == "store.conflict"))
    );
    assert!(matches!(&results[n + 1], Err(e) if e.code() == "store.conflict"));
    for (i, id) in ids.iter().enumerate().skip(1) {
        let stored = results[i].as_ref().unwrap();
        assert_eq!(stored.len(), 1);
        let events = w.store.interview_events(id, 0, true).await.unwrap();
        assert_eq!(events.last().unwrap().seq, stored[0].seq, "{id}");
        let record = w.store.get_interview(id).await.unwrap().0;
        assert_eq!(record.last_seq, stored[0].seq);
    }
    // The refused step changed nothing: "used" once, "m-…" once.
    let events = w.store.interview_events(&ids[1], 0, true).await.unwrap();
    let acks = events
        .iter()
        .filter(|e| matches!(e.event, ServerEvent::AnswerAck { .. }))
        .count();
    assert_eq!(acks, 2);
}
