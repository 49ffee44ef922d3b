//! A whole interview with the real bundled model (SmolLM2-135M-Instruct,
//! Q4_1 GGUF) loaded in this process: it writes the plan's questions,
//! judges the answers through the JSON Schema grammar and writes the
//! follow-ups; code keeps the interview on its rails whatever it says.

mod interview_support;

use ats_core::interview::plan::Generator;
use ats_core::interview::protocol::EndReason;
use ats_core::interview::{
    self, Conductor, InterviewSettings, Language, PlanSettings, QuestionSource, ServerEvent, Status,
};
use ats_core::llm::LlmService;
use ats_core::llm::config::LocalConfig;
use ats_core::llm::local::LocalProvider;
use interview_support::*;
use std::sync::Arc;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_interview_with_the_bundled_model() {
    let w = world(J01, &[R09]).await;
    let provider = LocalProvider::load(&LocalConfig {
        model: root().join("models/smollm2/SmolLM2-135M-Instruct.Q4_1.gguf"),
        threads: Some(2),
        context: 2048,
    })
    .unwrap_or_else(|e| panic!("{e} — run models/fetch.sh"));
    let llm = Arc::new(LlmService::new(Arc::new(provider), Some(w.store.clone())));
    let mix = PlanSettings {
        technical: 2,
        behavioural: 1,
        situational: 0,
        resume_deep_dive: 1,
        ..PlanSettings::default()
    };
    let (id, plan) = interview::create(
        &Generator::new(w.store.clone(), Some(llm.clone())),
        &w.job.job_id,
        &w.candidates[0],
        Language::En,
        &mix,
        &InterviewSettings::default(),
        None,
    )
    .await
    .unwrap();
    // Every must-have is still covered, whatever the model wrote.
    for r in w.job.analysis.must_have.iter().filter(|r| r.kind != "soft") {
        assert!(
            plan.questions
                .iter()
                .any(|q| q.requirements.contains(&r.skill)),
            "{}",
            r.skill
        );
    }
    let by_model = plan
        .questions
        .iter()
        .filter(|q| q.source == QuestionSource::Llm)
        .count();
    // Each question is the model's or, where its text failed the checks,
    // the offline one with the reason in the notes.
    assert_eq!(
        by_model
            + plan
                .notes
                .iter()
                .filter(|n| n.starts_with("question"))
                .count(),
        plan.questions.len(),
        "{:?}",
        plan.notes
    );
    assert!(plan.generator.starts_with("local/"), "{}", plan.generator);

    let c = Conductor::new(w.store.clone(), Some(llm));
    c.handle(&id, hello(None), None).await.unwrap();
    let mut sent = c.handle(&id, consent(true), None).await.unwrap();
    let mut n = 0;
    while !matches!(sent.last().unwrap().event, ServerEvent::Complete { .. }) {
        let (question_id, _, _) = asked(sent.last().unwrap());
        let q = plan.questions.iter().find(|q| q.id == question_id).unwrap();
        n += 1;
        assert!(n <= 2 * plan.questions.len(), "the interview does not end");
        sent = c
            .handle(&id, answer(&format!("a{n}"), &thorough(q)), None)
            .await
            .unwrap();
        assert_eq!(kinds(&sent)[0], "answer_ack");
    }
    assert_eq!(end_reason(sent.last().unwrap()), EndReason::Finished);
    let (answers, judgements) = private_log(&w.store, &id).await;
    assert_eq!(answers.len(), n);
    assert_eq!(judgements.len(), n);
    let by_local = judgements
        .iter()
        .filter(
            |j| matches!(j, ServerEvent::Judgement { judge, .. } if judge.starts_with("local/")),
        )
        .count();
    assert_eq!(by_local, n, "the grammar makes every verdict valid JSON");
    let replay = c.handle(&id, hello(None), None).await.unwrap();
    let asked_ids: Vec<String> = replay
        .iter()
        .filter(|e| e.event.kind() == "question")
        .map(|e| asked(e).0)
        .collect();
    let planned: Vec<String> = plan.questions.iter().map(|q| q.id.clone()).collect();
    assert_eq!(asked_ids, planned, "every question asked once, in order");
    assert_eq!(
        w.store.get_interview(&id).await.unwrap().0.status,
        Status::Completed
    );
}
