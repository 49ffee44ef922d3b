//! The scoring queue on a real store: a completed interview queued in the
//! same commit, drained by the scoring service with the fake model (the
//! scorecard stored and `scoring.completed` announced), recruiters'
//! overrides kept beside the original, a crashed worker's job taken again
//! once its lease runs out, and failed jobs queued again until they are
//! given up.

mod interview_support;

use ats_core::interview::protocol::EndReason;
use ats_core::interview::{Conductor, InterviewSettings, Status};
use ats_core::scoring::service::MAX_ATTEMPTS;
use ats_core::scoring::{DimensionStatus, ScoringService, ScoringSettings};
use ats_core::store::Store;
use fakellm::{FakeConfig, FakeLlm};
use interview_support::*;
use serde_json::{Value, json};
use std::sync::Arc;
use std::time::Duration;

/// The opening of every thorough answer: the candidate's own words.
const SAID: &str = "Here is a concrete case from my own work";

/// A finished interview of the first candidate (offline plan and judge, no
/// follow-ups, every question answered thoroughly).
async fn completed(w: &World) -> String {
    let settings = InterviewSettings {
        max_follow_ups: 0,
        ..InterviewSettings::default()
    };
    let (id, plan) = w.offline(0, &settings).await;
    let c = Conductor::new(w.store.clone(), None);
    c.handle(&id, hello(None), None).await.unwrap();
    let mut last = c.handle(&id, consent(true), None).await.unwrap();
    for i in 0..=plan.questions.len() {
        let e = last.last().unwrap();
        if e.event.kind() == "complete" {
            break;
        }
        let (question, _, _) = asked(e);
        let q = plan.questions.iter().find(|q| q.id == question).unwrap();
        last = c
            .handle(&id, answer(&format!("a{i}"), &thorough(q)), None)
            .await
            .unwrap();
    }
    assert_eq!(end_reason(last.last().unwrap()), EndReason::Finished);
    let (record, _) = w.store.get_interview(&id).await.unwrap();
    assert_eq!(record.status, Status::Completed);
    id
}

/// A model that gives every dimension its top level, quoting the
/// candidate's words.
async fn top_model() -> FakeLlm {
    let fake = FakeLlm::start(FakeConfig::default()).await.unwrap();
    fake.set_responder(Arc::new(|body: &Value| {
        // The first alternative of the schema: a level with evidence.
        let levels = &body["response_format"]["json_schema"]["schema"]["anyOf"][0]["properties"]
            ["level"]["enum"];
        let top = levels.as_array()?.iter().filter_map(Value::as_u64).max()?;
        Some(json!({"evidence": [SAID], "rationale": "A concrete case.", "level": top}).to_string())
    }));
    fake
}

fn scoring(store: &Store, fake: &FakeLlm) -> ScoringService {
    let mut s = ScoringService::new(store.clone(), Some(service(store, &fake.base_url())));
    s.settings = ScoringSettings {
        k: 1,
        concurrency: 4,
        call_limit_secs: 20,
        ..ScoringSettings::default()
    };
    s
}

type Queue = Vec<(String, String, u32, Option<String>)>;

async fn queue(store: &Store) -> Queue {
    store.scoring_queue().await.unwrap()
}

#[tokio::test]
async fn a_completed_interview_is_queued_scored_announced_and_overridden() {
    let w = world(J01, &[R09]).await;
    let id = completed(&w).await;
    assert_eq!(
        queue(&w.store).await,
        [(id.clone(), "queued".into(), 0, None)]
    );

    let fake = top_model().await;
    let s = scoring(&w.store, &fake);
    let started = std::sync::Mutex::new(Vec::new());
    let done = s
        .drain(&|i| started.lock().unwrap().push(i.to_owned()))
        .await
        .unwrap();
    assert_eq!(*started.lock().unwrap(), std::slice::from_ref(&id));
    assert_eq!(done.len(), 1);
    let stored = done.into_iter().next().unwrap().unwrap();
    assert_eq!(stored.interview_id, id);
    assert_eq!(stored.version, 1);
    let rubric = &w.job.rubric;
    assert_eq!(stored.card.dimensions.len(), rubric.dimensions.len());
    assert_eq!(fake.calls(), rubric.dimensions.len(), "k = 1");
    for d in &stored.card.dimensions {
        assert_eq!(d.status, DimensionStatus::Scored, "{d:#?}");
        assert_eq!(d.score, Some(100.0));
        assert_eq!(d.evidence[0].quote, SAID);
    }
    assert_eq!(stored.card.overall, Some(100.0));
    assert_eq!(stored.card.reproducibility.scorer, "model");
    assert_eq!(stored.card.reproducibility.k, 1);
    assert!(stored.card.reproducibility.rubric_version.is_some());
    assert_eq!(
        w.store.latest_scorecard(&id).await.unwrap().as_ref(),
        Some(&stored)
    );
    let announced = outbox(&w.store, "scoring.completed", &id).await;
    assert_eq!(announced.len(), 1, "{announced:?}");
    assert_eq!(announced[0]["scorecard_id"], stored.id.as_str());
    assert_eq!(announced[0]["overall_score"], 100.0);
    assert_eq!(announced[0]["scorer"], "model");
    assert!(queue(&w.store).await.is_empty());
    // Nothing left to do: a second drain scores nothing.
    assert!(s.drain(&|_| {}).await.unwrap().is_empty());
    assert_eq!(fake.calls(), rubric.dimensions.len());

    // A recruiter overrides one dimension to its lowest level.
    let dim = &rubric.dimensions[0];
    let low = dim.scale().iter().map(|l| l.score).min().unwrap();
    let why = "The example was read from the job posting, not the candidate's own work";
    let over = s
        .override_dimension(&id, &dim.name, low, why, "recruiter")
        .await
        .unwrap();
    let d = &over.card.dimensions[0];
    assert_eq!(d.name, dim.name);
    assert_eq!(d.score, Some(100.0), "the original stays");
    assert_eq!(d.status, DimensionStatus::Scored);
    let o = d.r#override.as_ref().expect("the override");
    assert_eq!(
        (o.level, o.reason.as_str(), o.by.as_str()),
        (low, why, "recruiter")
    );
    let expected = ats_core::scoring::overall(
        &over
            .card
            .dimensions
            .iter()
            .enumerate()
            .map(|(i, d)| (d.weight, Some(if i == 0 { 0.0 } else { 100.0 })))
            .collect::<Vec<_>>(),
    );
    assert_eq!(over.card.overall, expected);
    assert!(over.card.overall < Some(100.0));
    assert_eq!(over.card.original_overall, Some(100.0));
    let kept = w.store.latest_scorecard(&id).await.unwrap().unwrap();
    assert_eq!(kept.card, over.card, "stored");
    assert_eq!(kept.version, 1, "an override is no new scoring");
    assert_eq!(
        w.store
            .events_of_type("scoring.overridden")
            .await
            .unwrap()
            .len(),
        1
    );

    // No reason, or a level off the scale: refused, nothing changes.
    for (level, reason) in [(low, "   "), (99, why)] {
        let e = s
            .override_dimension(&id, &dim.name, level, reason, "recruiter")
            .await
            .unwrap_err();
        assert_eq!(e.code(), "scoring.invalid", "{e}");
    }
    let e = s
        .override_dimension(&id, "No such dimension", low, why, "recruiter")
        .await
        .unwrap_err();
    assert_eq!(e.code(), "scoring.invalid", "{e}");
    assert_eq!(w.store.latest_scorecard(&id).await.unwrap().unwrap(), kept);
}

#[tokio::test]
async fn a_crashed_workers_job_is_taken_again_when_its_lease_runs_out() {
    let w = world(J01, &[R09]).await;
    let id = completed(&w).await;
    let crashed = w
        .store
        .claim_scoring_job("crashed worker", 1)
        .await
        .unwrap()
        .expect("the queued job");
    assert_eq!(
        (crashed.interview_id.as_str(), crashed.attempts),
        (id.as_str(), 1)
    );
    // Held: nobody else takes it while the lease runs.
    assert_eq!(
        w.store
            .claim_scoring_job("second worker", 60)
            .await
            .unwrap(),
        None
    );
    assert_eq!(queue(&w.store).await[0].1, "running");
    // Waiting for the lease, not timing anything.
    tokio::time::sleep(Duration::from_millis(1200)).await;
    let again = w
        .store
        .claim_scoring_job("second worker", 60)
        .await
        .unwrap()
        .expect("the job whose lease ran out");
    assert_eq!(again.id, crashed.id);
    assert_eq!(again.attempts, 2);

    let fake = top_model().await;
    let s = scoring(&w.store, &fake);
    let card = s.score_interview(&id).await.unwrap();
    // The crashed worker, back too late, can no longer close the job.
    let late = w
        .store
        .finish_scoring_job(&crashed, "crashed worker", &card)
        .await
        .unwrap_err();
    assert_eq!(late.code(), "store.conflict");
    let stored = w
        .store
        .finish_scoring_job(&again, "second worker", &card)
        .await
        .unwrap();
    assert_eq!(stored.card.overall, Some(100.0));
    assert_eq!(w.store.latest_scorecard(&id).await.unwrap(), Some(stored));
    assert!(queue(&w.store).await.is_empty());
    assert_eq!(outbox(&w.store, "scoring.completed", &id).await.len(), 1);
}

#[tokio::test]
async fn a_job_without_a_scorer_is_queued_again_with_its_error() {
    let w = world(J01, &[R09]).await;
    let id = completed(&w).await;
    // No model and no embedding model loaded.
    let s = ScoringService::new(w.store.clone(), None);
    let done = s.drain(&|_| {}).await.unwrap();
    assert_eq!(done.len(), 1);
    let (interview, e) = done.into_iter().next().unwrap().unwrap_err();
    assert_eq!(interview, id);
    assert_eq!(e.code(), "scoring.no_scorer");
    let q = queue(&w.store).await;
    assert_eq!(q.len(), 1);
    let (i, status, attempts, error) = &q[0];
    assert_eq!((i, status.as_str(), *attempts), (&id, "queued", 1));
    assert!(
        error
            .as_deref()
            .unwrap_or_default()
            .starts_with("scoring.no_scorer"),
        "{error:?}"
    );
    // Not retried at once: a second drain right away finds nothing due.
    assert!(s.drain(&|_| {}).await.unwrap().is_empty());
    assert!(w.store.latest_scorecard(&id).await.unwrap().is_none());
}

#[tokio::test]
async fn a_failing_model_leaves_the_job_queued_with_its_error() {
    let w = world(J01, &[R09]).await;
    let id = completed(&w).await;
    let fake = FakeLlm::start(FakeConfig::default()).await.unwrap();
    fake.fail_next(&[500; 1000]);
    let s = scoring(&w.store, &fake);
    let done = s.drain(&|_| {}).await.unwrap();
    assert_eq!(done.len(), 1);
    assert!(fake.calls() > 0, "the model was asked");
    let failed = done.into_iter().next().unwrap();
    assert!(failed.is_err(), "{failed:#?}");
    let q = queue(&w.store).await;
    assert_eq!(q.len(), 1, "{q:?}");
    assert_eq!((q[0].1.as_str(), q[0].2), ("queued", 1));
    assert!(
        q[0].3.as_deref().is_some_and(|e| e.starts_with("llm.")),
        "{q:?}"
    );
    assert!(w.store.latest_scorecard(&id).await.unwrap().is_none());
}

#[tokio::test]
async fn a_job_that_keeps_failing_is_given_up_after_max_attempts() {
    let w = world(J01, &[R09]).await;
    let id = completed(&w).await;
    let mut statuses = Vec::new();
    for attempt in 1..=MAX_ATTEMPTS {
        let job = w
            .store
            .claim_scoring_job("worker", 60)
            .await
            .unwrap()
            .unwrap_or_else(|| panic!("attempt {attempt} finds the job due"));
        assert_eq!(job.attempts, attempt);
        w.store
            .fail_scoring_job(
                &job,
                "worker",
                &format!("llm.unavailable: try {attempt}"),
                MAX_ATTEMPTS,
                0,
            )
            .await
            .unwrap();
        let q = queue(&w.store).await;
        assert_eq!(q[0].2, attempt);
        assert_eq!(
            q[0].3.as_deref(),
            Some(format!("llm.unavailable: try {attempt}").as_str())
        );
        statuses.push(q[0].1.clone());
    }
    assert_eq!(statuses, ["queued", "queued", "failed"]);
    assert_eq!(w.store.claim_scoring_job("worker", 60).await.unwrap(), None);
    // A failed job no longer blocks a new scoring of the interview.
    assert!(w.store.enqueue_scoring(&id).await.unwrap());
    assert!(
        !w.store.enqueue_scoring(&id).await.unwrap(),
        "one open job at most"
    );
}
