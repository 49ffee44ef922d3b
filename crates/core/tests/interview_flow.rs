//! Interviews with a cloud model (the fake OpenAI server of `fakellm`):
//! the plan from the model plus offline questions for what it missed, the
//! job-level question cache, the model's verdicts and streamed follow-ups,
//! model failures that never stop an interview, and red-team answers that
//! change nothing in its course.

mod interview_support;

use ats_core::interview::judge::OFFLINE_JUDGE;
use ats_core::interview::offline::GENERATOR;
use ats_core::interview::plan::Generator;
use ats_core::interview::protocol::EndReason;
use ats_core::interview::{
    self, Conductor, Envelope, InterviewSettings, Language, PlanSettings, Question, QuestionKind,
    QuestionSource, Scope, ServerEvent, Status, i18n,
};
use fakellm::{FakeConfig, FakeLlm};
use interview_support::*;
use serde_json::{Value, json};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration;

const FOLLOW_UP: &str = "Which part of that work did you do yourself, and how was it done?";
const MODEL: &str = "openai/fake-model";

fn schema_props(body: &Value) -> &Value {
    &body["response_format"]["json_schema"]["schema"]["properties"]
}

fn prompt_text(body: &Value) -> String {
    let messages = body["messages"].as_array().into_iter().flatten();
    messages
        .filter_map(|m| m["content"].as_str())
        .collect::<Vec<_>>()
        .join("\n")
}

/// The draft question the prompt carries.
fn draft(prompt: &str) -> String {
    let start = prompt
        .find("<data name=\"draft\">")
        .map_or(0, |i| i + "<data name=\"draft\">".len());
    let end = prompt[start..]
        .find("</data>")
        .map_or(prompt.len(), |i| start + i);
    prompt[start..end].trim().to_owned()
}

/// The fake model's question for a draft: the draft's first sentence,
/// reworded, so the skills it names stay named.
fn written(draft: &str) -> String {
    let first = draft.split(['.', '?', ':']).next().unwrap_or(draft).trim();
    format!("In your own words: {first}?")
}

/// A fake model that answers the question, judge and follow-up prompts; a
/// broken judge replies with prose instead of JSON, a broken planner too.
async fn fake_model(w: &World) -> (FakeLlm, Arc<AtomicBool>, Arc<AtomicBool>) {
    let fake = FakeLlm::start(FakeConfig {
        latency: Duration::ZERO,
        token_delay: Duration::from_millis(1),
    })
    .await
    .unwrap();
    let _ = w;
    let broken_judge = Arc::new(AtomicBool::new(false));
    let broken_plan = Arc::new(AtomicBool::new(false));
    let (judge_flag, plan_flag) = (broken_judge.clone(), broken_plan.clone());
    fake.set_responder(Arc::new(move |body: &Value| {
        let props = schema_props(body);
        let prompt = prompt_text(body);
        if props.get("key_points").is_some() {
            if plan_flag.load(Ordering::SeqCst) {
                return Some("Here are some great questions for you!".into());
            }
            let d = draft(&prompt);
            return Some(
                json!({"text": written(&d), "key_points": ["The concrete work and their own part", "How it was done and why"]})
                    .to_string(),
            );
        }
        if props.get("covered").is_some() {
            if judge_flag.load(Ordering::SeqCst) {
                return Some("I would say this answer is pretty good overall.".into());
            }
            return Some(json!({"covered": [1], "level_decided": false}).to_string());
        }
        Some(FOLLOW_UP.into())
    }));
    (fake, broken_judge, broken_plan)
}

fn drain(rx: &mut tokio::sync::mpsc::UnboundedReceiver<Envelope>) -> Vec<Envelope> {
    let mut got = Vec::new();
    while let Ok(e) = rx.try_recv() {
        got.push(e);
    }
    got
}

fn judgement(e: &ServerEvent) -> (&str, &Option<String>, &Option<String>, &Vec<String>) {
    match e {
        ServerEvent::Judgement {
            judge,
            note,
            follow_up_by,
            covered,
            ..
        } => (judge, note, follow_up_by, covered),
        other => panic!("not a judgement: {other:?}"),
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_model_plans_judges_and_follows_up() {
    let w = world(J01, &[R09]).await;
    let (fake, _, _) = fake_model(&w).await;
    let llm = service(&w.store, &fake.base_url());
    let g = Generator::new(w.store.clone(), Some(llm.clone()));
    let (id, plan) = w
        .interview(&g, 0, Language::En, &InterviewSettings::default())
        .await;
    assert_eq!(plan.generator, MODEL, "{:?}", plan.notes);
    assert_eq!(plan.prompts, ["interview.questions@2"]);
    assert!(
        plan.notes.is_empty() && !plan.job_cache_hit,
        "{:?}",
        plan.notes
    );
    assert!(
        plan.questions
            .iter()
            .all(|q| q.source == QuestionSource::Llm)
    );
    assert_eq!(fake.calls(), plan.questions.len(), "one call per question");
    // Code chose what is asked: every must-have is covered.
    for r in w.job.analysis.must_have.iter().filter(|r| r.kind != "soft") {
        assert!(
            plan.questions
                .iter()
                .any(|q| q.requirements.contains(&r.skill)),
            "{}",
            r.skill
        );
    }
    use QuestionKind::*;
    let deep: Vec<&Question> = plan
        .questions
        .iter()
        .filter(|q| q.kind == ResumeDeepDive)
        .collect();
    assert_eq!(deep.len(), 1);
    assert_eq!(deep[0].scope, Scope::Candidate);
    assert!(deep[0].text.contains("Pied Piper"), "{}", deep[0].text);
    assert!(
        deep[0].text.starts_with("In your own words"),
        "{}",
        deep[0].text
    );
    assert!(plan.questions.iter().any(|q| q.kind == Technical));

    let c = Conductor::new(w.store.clone(), Some(llm));
    let (tx, mut rx) = tokio::sync::mpsc::unbounded_channel();
    let mut returned = c.handle(&id, hello(None), Some(&tx)).await.unwrap();
    returned.extend(c.handle(&id, consent(true), Some(&tx)).await.unwrap());
    for (i, q) in plan.questions.iter().enumerate() {
        assert_eq!(asked(returned.last().unwrap()).0, q.id);
        let r = c
            .handle(
                &id,
                answer(&format!("a{i}"), "I did that myself."),
                Some(&tx),
            )
            .await
            .unwrap();
        assert_eq!(kinds(&r), ["answer_ack", "follow_up"], "question {}", i + 1);
        assert_eq!(
            asked(&r[1]),
            (q.id.clone(), FOLLOW_UP.to_owned(), asked(&r[1]).2)
        );
        returned.extend(r);
        let r = c
            .handle(&id, answer(&format!("f{i}"), &thorough(q)), Some(&tx))
            .await
            .unwrap();
        assert_eq!(kinds(&r)[0], "answer_ack");
        returned.extend(r);
    }
    assert_eq!(end_reason(returned.last().unwrap()), EndReason::Finished);
    let streamed = drain(&mut rx);
    let (deltas, whole): (Vec<Envelope>, Vec<Envelope>) = streamed
        .into_iter()
        .partition(|e| e.event.kind() == "question_delta");
    assert_eq!(
        whole, returned,
        "the channel got every envelope as it was committed"
    );
    // Each follow-up was streamed first, under the number it was then stored as.
    let follow_ups: Vec<&Envelope> = returned
        .iter()
        .filter(|e| e.event.kind() == "follow_up")
        .collect();
    assert_eq!(follow_ups.len(), plan.questions.len());
    for f in &follow_ups {
        let text: String = deltas
            .iter()
            .filter(|d| d.seq == f.seq)
            .map(|d| match &d.event {
                ServerEvent::QuestionDelta { question_id, delta } if *question_id == asked(f).0 => {
                    delta.as_str()
                }
                other => panic!("{other:?}"),
            })
            .collect();
        assert_eq!(text, FOLLOW_UP, "seq {}", f.seq);
    }
    assert_eq!(
        deltas
            .iter()
            .map(|d| d.seq)
            .collect::<std::collections::HashSet<_>>()
            .len(),
        follow_ups.len()
    );
    let (answers, judgements) = private_log(&w.store, &id).await;
    assert_eq!(
        (answers.len(), judgements.len()),
        (2 * plan.questions.len(), 2 * plan.questions.len())
    );
    for (n, j) in judgements.iter().enumerate() {
        let (judge, note, follow_up_by, covered) = judgement(j);
        assert_eq!((judge, note), (MODEL, &None));
        assert_eq!(covered, &[plan.questions[n / 2].key_points[0].clone()]);
        assert_eq!(follow_up_by.as_deref(), (n % 2 == 0).then_some("model"));
    }
    // Replayed, the stream has the whole follow-ups and never their deltas.
    let replay = c.handle(&id, hello(None), None).await.unwrap();
    assert_eq!(replay, returned);
    assert_eq!(
        w.store.get_interview(&id).await.unwrap().0.status,
        Status::Completed
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn job_questions_are_reused_and_resume_questions_are_not() {
    let w = world(J01, &[R09, R02]).await;
    let (fake, _, _) = fake_model(&w).await;
    let g = Generator::new(w.store.clone(), Some(service(&w.store, &fake.base_url())));
    let (_, first) = w
        .interview(&g, 0, Language::En, &InterviewSettings::default())
        .await;
    let calls = fake.calls();
    let (_, second) = w
        .interview(&g, 1, Language::En, &InterviewSettings::default())
        .await;
    assert!(!first.job_cache_hit && second.job_cache_hit);
    assert!(
        fake.calls() - calls < calls,
        "{} then {}",
        calls,
        fake.calls() - calls
    );
    let asked_for: Vec<String> = fake.requests()[calls..].iter().map(prompt_text).collect();
    assert_eq!(
        asked_for.len(),
        1,
        "only the resume question is written again"
    );
    assert!(
        draft(&asked_for[0]).contains("Your resume lists"),
        "{}",
        asked_for[0]
    );
    let pick = |p: &ats_core::interview::Plan, scope: Scope| -> Vec<Question> {
        let of = p
            .questions
            .iter()
            .filter(|q| q.source == QuestionSource::Llm && q.scope == scope);
        of.cloned().collect()
    };
    let (job1, job2) = (pick(&first, Scope::Job), pick(&second, Scope::Job));
    assert!(!job1.is_empty());
    let texts = |qs: &[Question]| qs.iter().map(|q| q.text.clone()).collect::<Vec<_>>();
    assert_eq!(texts(&job1), texts(&job2), "the job's questions, reused");
    assert!(
        job1.iter().all(|a| job2.iter().all(|b| a.id != b.id)),
        "each plan has its own ids"
    );
    let (own1, own2) = (
        pick(&first, Scope::Candidate),
        pick(&second, Scope::Candidate),
    );
    assert_eq!((own1.len(), own2.len()), (1, 1));
    assert_ne!(own1[0].text, own2[0].text);
    assert_ne!(own1[0].id, own2[0].id);
    assert!(own1[0].text.contains("Pied Piper"), "{}", own1[0].text);
    assert!(!own2[0].text.contains("Pied Piper"), "{}", own2[0].text);
    // Another language is another plan: no reuse.
    let (_, german) = w
        .interview(&g, 0, Language::De, &InterviewSettings::default())
        .await;
    assert!(!german.job_cache_hit);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn model_failures_never_stop_an_interview() {
    let w = world(J01, &[R09]).await;
    let (fake, broken_judge, broken_plan) = fake_model(&w).await;
    let llm = service(&w.store, &fake.base_url());
    // Planning: every question's call gets prose, not JSON; the offline
    // generator's questions stay and nothing is cached.
    broken_plan.store(true, Ordering::SeqCst);
    let g = Generator::new(w.store.clone(), Some(llm.clone()));
    let (id, plan) = w
        .interview(&g, 0, Language::En, &InterviewSettings::default())
        .await;
    assert_eq!(plan.generator, GENERATOR);
    assert_eq!(plan.notes.len(), plan.questions.len(), "{:?}", plan.notes);
    assert!(
        plan.notes.iter().all(|n| n.contains("llm.invalid_output")),
        "{:?}",
        plan.notes
    );
    assert!(
        plan.questions
            .iter()
            .all(|q| q.source == QuestionSource::Offline)
    );
    broken_plan.store(false, Ordering::SeqCst);
    let (_, again) = w
        .interview(&g, 0, Language::En, &InterviewSettings::default())
        .await;
    assert!(
        !again.job_cache_hit && again.notes.is_empty(),
        "{:?}",
        again.notes
    );

    let c = Conductor::new(w.store.clone(), Some(llm));
    c.handle(&id, hello(None), None).await.unwrap();
    c.handle(&id, consent(true), None).await.unwrap();
    // The judge's call fails with 500s, the follow-up's with 429s.
    fake.fail_next(&[500, 500, 500, 429, 429, 429]);
    let r = c.handle(&id, answer("a1", "Short."), None).await.unwrap();
    assert_eq!(kinds(&r), ["answer_ack", "follow_up"]);
    assert_eq!(asked(&r[1]).1, i18n::follow_up_more(Language::En));
    let r = c
        .handle(&id, answer("a2", &thorough(&plan.questions[0])), None)
        .await
        .unwrap();
    assert_eq!(kinds(&r), ["answer_ack", "question"], "the model is back");
    // A judge whose reply is no verdict at all.
    broken_judge.store(true, Ordering::SeqCst);
    let r = c
        .handle(&id, answer("a3", "Short again."), None)
        .await
        .unwrap();
    assert_eq!(asked(&r[1]).1, FOLLOW_UP);
    let r = c
        .handle(&id, answer("a4", &thorough(&plan.questions[1])), None)
        .await
        .unwrap();
    assert_eq!(kinds(&r), ["answer_ack", "question"]);
    // No model at all any more: nothing listens where it was.
    let c = Conductor::new(
        w.store.clone(),
        Some(service(&w.store, "http://127.0.0.1:9/v1")),
    );
    let r = c
        .handle(&id, answer("a5", "Short once more."), None)
        .await
        .unwrap();
    assert_eq!(kinds(&r), ["answer_ack", "follow_up"]);
    assert_eq!(asked(&r[1]).1, i18n::follow_up_more(Language::En));
    let (_, judgements) = private_log(&w.store, &id).await;
    let seen: Vec<(String, Option<String>, Option<String>)> = judgements
        .iter()
        .map(|j| {
            let (judge, note, by, _) = judgement(j);
            let code = |n: &Option<String>| {
                n.as_deref()
                    .map(|n| n.split(':').next().unwrap().to_owned())
            };
            (
                judge.to_owned(),
                code(note),
                by.as_deref()
                    .map(|b| b.split(':').next().unwrap().to_owned()),
            )
        })
        .collect();
    let s = |x: &str| Some(x.to_owned());
    assert_eq!(
        seen,
        [
            (
                OFFLINE_JUDGE.into(),
                s("llm.unavailable"),
                s("template (llm.rate_limited")
            ),
            (MODEL.into(), None, None),
            (OFFLINE_JUDGE.into(), s("llm.invalid_output"), s("model")),
            (OFFLINE_JUDGE.into(), s("llm.invalid_output"), None),
            (
                OFFLINE_JUDGE.into(),
                s("llm.unavailable"),
                s("template (llm.unavailable")
            ),
        ]
    );
}

/// Text of the same length and word count as `text`, saying nothing.
fn neutral(text: &str) -> String {
    let filler: Vec<char> = "neutralfiller".chars().collect();
    text.chars()
        .enumerate()
        .map(|(i, c)| {
            if c.is_whitespace() {
                c
            } else {
                filler[i % filler.len()]
            }
        })
        .collect()
}

/// The course of a short interview answered with `text` twice: each
/// event's kind and question, and the questions' texts.
async fn course(
    w: &World,
    c: &Conductor,
    questions: &[Question],
    text: &str,
) -> Vec<(String, String, String)> {
    let g = Generator::new(w.store.clone(), None);
    let (id, _) = interview::create(
        &g,
        &w.job.job_id,
        &w.candidates[0],
        Language::En,
        &PlanSettings::default(),
        &InterviewSettings::default(),
        Some(questions.to_vec()),
    )
    .await
    .unwrap();
    let mut envs = c.handle(&id, hello(None), None).await.unwrap();
    envs.extend(c.handle(&id, consent(true), None).await.unwrap());
    for n in 0..4 {
        envs.extend(
            c.handle(&id, answer(&format!("a{n}"), text), None)
                .await
                .unwrap(),
        );
    }
    for e in &envs {
        let said = serde_json::to_string(&e.event).unwrap();
        assert!(!said.contains(text), "{text:?} came back in {said}");
    }
    envs.iter()
        .map(|e| match &e.event {
            ServerEvent::Question {
                question_id, text, ..
            } => ("question".into(), question_id.clone(), text.clone()),
            ServerEvent::FollowUp { question_id, .. }
            | ServerEvent::AnswerAck { question_id, .. } => {
                (e.event.kind().into(), question_id.clone(), String::new())
            }
            other => (other.kind().into(), String::new(), String::new()),
        })
        .collect()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn injected_answers_change_nothing_in_the_interview() {
    let cases = injection_cases();
    let w = world(J01, &[R09]).await;
    let (_, plan) = w.offline(0, &InterviewSettings::default()).await;
    let questions = plan.questions[..3].to_vec();
    let (fake, _, _) = fake_model(&w).await;
    let offline = Conductor::new(w.store.clone(), None);
    let model = Conductor::new(w.store.clone(), Some(service(&w.store, &fake.base_url())));
    for (mode, c) in [("offline", &offline), ("model", &model)] {
        for case in &cases {
            let attacked = course(&w, c, &questions, &case.text).await;
            let plain = course(&w, c, &questions, &neutral(&case.text)).await;
            assert_eq!(attacked, plain, "{mode}/{}", case.name);
            let asked: Vec<&(String, String, String)> =
                attacked.iter().filter(|e| e.0 == "question").collect();
            assert_eq!(asked.len(), 3, "{mode}/{}: {attacked:?}", case.name);
            for (e, q) in asked.iter().zip(&questions) {
                assert_eq!((&e.1, &e.2), (&q.id, &q.text), "{mode}/{}", case.name);
            }
        }
    }
    // What the model was sent: each answer inside one block it cannot close.
    let judged: Vec<String> = fake
        .requests()
        .iter()
        .filter(|b| schema_props(b).get("covered").is_some())
        .map(|b| {
            b["messages"].as_array().unwrap().last().unwrap()["content"]
                .as_str()
                .unwrap()
                .to_owned()
        })
        .collect();
    assert_eq!(judged.len(), cases.len() * 2 * 4);
    for user in &judged {
        assert_eq!(user.matches("<data name=").count(), 1, "{user}");
        assert_eq!(user.matches("</data>").count(), 1, "{user}");
    }
}

/// Only a follow-up the code accepted reaches the candidate, streamed or
/// whole: a reply that is no plain question is replaced by the template
/// before any of it is shown.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_rejected_follow_up_is_never_streamed() {
    let w = world(J01, &[R09]).await;
    let (fake, _, _) = fake_model(&w).await;
    fake.set_responder(Arc::new(|body: &Value| {
        let verdict = json!({"covered": [], "level_decided": false}).to_string();
        Some(if schema_props(body).is_object() {
            verdict
        } else {
            "Great answer! You are hired, score 5/5.".into()
        })
    }));
    let (id, _) = w.offline(0, &InterviewSettings::default()).await;
    let c = Conductor::new(w.store.clone(), Some(service(&w.store, &fake.base_url())));
    c.handle(&id, hello(None), None).await.unwrap();
    c.handle(&id, consent(true), None).await.unwrap();
    let (tx, mut rx) = tokio::sync::mpsc::unbounded_channel();
    let r = c
        .handle(&id, answer("a1", "Short."), Some(&tx))
        .await
        .unwrap();
    assert_eq!(asked(&r[1]).1, i18n::follow_up_more(Language::En));
    let shown: String = drain(&mut rx)
        .iter()
        .filter_map(|e| match &e.event {
            ServerEvent::QuestionDelta { delta, .. } => Some(delta.as_str()),
            _ => None,
        })
        .collect();
    assert!(
        shown.is_empty() || shown == asked(&r[1]).1,
        "the candidate was shown {shown:?}"
    );
}
