//! Interviews without a model: the offline plan and a whole conducted
//! interview, the interview languages, recruiter edits of a plan, and
//! answers as data in the interview prompts. The conductor's protocol
//! rules are in `interview_protocol.rs`, the runs with a (fake) cloud
//! model in `interview_flow.rs`.

mod interview_support;

use ats_core::interview::i18n;
use ats_core::interview::judge::OFFLINE_JUDGE;
use ats_core::interview::offline::GENERATOR;
use ats_core::interview::plan::Generator;
use ats_core::interview::protocol::EndReason;
use ats_core::interview::{
    self, Conductor, InterviewSettings, Language, Question, QuestionKind, QuestionSource,
    ServerEvent, Status,
};
use chrono::{Duration, Utc};
use interview_support::*;
use std::collections::HashSet;

#[tokio::test]
async fn offline_plan_covers_every_must_have() {
    let w = world(J01, &[R09]).await;
    let (_, plan) = w.offline(0, &InterviewSettings::default()).await;
    assert_eq!(plan.generator, GENERATOR);
    assert!(!plan.job_cache_hit);
    assert!(plan.prompts.is_empty(), "{:?}", plan.prompts);
    assert!(
        plan.questions
            .iter()
            .all(|q| q.source == QuestionSource::Offline)
    );
    let ids: HashSet<&str> = plan.questions.iter().map(|q| q.id.as_str()).collect();
    assert_eq!(ids.len(), plan.questions.len(), "question ids are unique");
    for kind in [
        QuestionKind::Technical,
        QuestionKind::Behavioural,
        QuestionKind::Situational,
        QuestionKind::ResumeDeepDive,
    ] {
        assert!(plan.questions.iter().any(|q| q.kind == kind), "{kind:?}");
    }
    let dims: Vec<&str> = w
        .job
        .rubric
        .dimensions
        .iter()
        .map(|d| d.name.as_str())
        .collect();
    assert!(
        plan.questions
            .iter()
            .all(|q| dims.contains(&q.dimension.as_str()))
    );
    // Every must-have (the soft ones are interview dimensions, not
    // questions) is one a question lists among its requirements.
    let uncovered: Vec<&str> = w
        .job
        .analysis
        .must_have
        .iter()
        .filter(|r| r.kind != "soft")
        .filter(|r| {
            !plan
                .questions
                .iter()
                .any(|q| q.requirements.contains(&r.skill))
        })
        .map(|r| r.skill.as_str())
        .collect();
    assert!(
        uncovered.is_empty(),
        "must-haves no question covers: {uncovered:#?}"
    );
}

#[tokio::test]
async fn offline_interview_runs_to_the_end() {
    let w = world(J01, &[R09]).await;
    let (id, plan) = w.offline(0, &InterviewSettings::default()).await;
    let n = plan.questions.len();
    let c = Conductor::new(w.store.clone(), None);
    let welcome = c.handle(&id, hello(None), None).await.unwrap();
    assert_eq!(kinds(&welcome), ["welcome"]);
    let ServerEvent::Welcome {
        notice,
        questions,
        job_title,
        ..
    } = &welcome[0].event
    else {
        unreachable!()
    };
    assert!(notice.contains("AI"), "{notice}");
    assert!(notice.contains(job_title.as_str()) && *questions == n);
    let mut last = c.handle(&id, consent(true), None).await.unwrap();
    assert_eq!(kinds(&last), ["consent", "question"]);
    let mut sent_answers = 0;
    for (i, q) in plan.questions.iter().enumerate() {
        let ServerEvent::Question {
            question_id,
            number,
            of,
            text,
            deadline,
            time_limit_secs,
            repeat,
            ..
        } = &last.last().unwrap().event
        else {
            panic!("question {}: {last:#?}", i + 1)
        };
        assert_eq!(
            (question_id, *number, *of, text),
            (&q.id, i + 1, n, &q.text)
        );
        assert_eq!(*time_limit_secs, 300);
        assert!(!repeat);
        let due = time(deadline) - Utc::now();
        assert!(
            due <= Duration::seconds(300) && due > Duration::seconds(290),
            "{due}"
        );
        if i % 2 == 0 {
            // Too short to judge: a follow-up asks for more.
            let r = c
                .handle(&id, answer(&format!("a{i}"), "Yes, I did that once."), None)
                .await
                .unwrap();
            assert_eq!(kinds(&r), ["answer_ack", "follow_up"], "question {}", i + 1);
            let ServerEvent::FollowUp {
                question_id,
                number,
                text,
                ..
            } = &r[1].event
            else {
                unreachable!()
            };
            assert_eq!((question_id, *number), (&q.id, 1));
            assert_eq!(text, i18n::follow_up_more(Language::En));
            last = c
                .handle(&id, answer(&format!("a{i}f"), &thorough(q)), None)
                .await
                .unwrap();
            sent_answers += 2;
        } else {
            last = c
                .handle(&id, answer(&format!("a{i}"), &thorough(q)), None)
                .await
                .unwrap();
            sent_answers += 1;
        }
        let next = if i + 1 == n { "complete" } else { "question" };
        assert_eq!(
            kinds(&last),
            ["answer_ack", next],
            "question {}: {:?}",
            i + 1,
            q.key_points
        );
    }
    assert_eq!(end_reason(&last[1]), EndReason::Finished);
    let (record, _) = w.store.get_interview(&id).await.unwrap();
    assert_eq!(record.status, Status::Completed);
    assert!(record.started_at.is_some() && record.ended_at.is_some());
    for kind in [
        "interview.scheduled",
        "interview.started",
        "interview.completed",
    ] {
        assert_eq!(outbox(&w.store, kind, &id).await.len(), 1, "{kind}");
    }
    assert_eq!(
        outbox(&w.store, "interview.completed", &id).await[0]["reason"],
        "finished"
    );
    // The recruiter's log: each answer once, each judged.
    let (answers, judgements) = private_log(&w.store, &id).await;
    assert_eq!(answers.len(), sent_answers);
    let ids: HashSet<String> = answers
        .iter()
        .map(|a| match a {
            ServerEvent::Answer { client_msg_id, .. } => client_msg_id.clone(),
            _ => unreachable!(),
        })
        .collect();
    assert_eq!(ids.len(), sent_answers);
    assert_eq!(judgements.len(), sent_answers);
    for j in &judgements {
        let ServerEvent::Judgement { judge, note, .. } = j else {
            unreachable!()
        };
        assert_eq!((judge.as_str(), note), (OFFLINE_JUDGE, &None));
    }
    // The candidate's stream never holds the private entries.
    let public = w.store.interview_events(&id, 0, false).await.unwrap();
    assert!(public.iter().all(|e| !e.event.is_private()));
    let again = c
        .handle(&id, answer("late", "one more thing"), None)
        .await
        .unwrap();
    assert_eq!(error_code(&again[0]), "interview.ended");
}

fn has_word(text: &str, word: &str) -> bool {
    text.split(|c: char| !c.is_alphanumeric())
        .any(|w| w == word)
}

#[tokio::test]
async fn interviews_are_held_in_german_and_french() {
    let w = world(J01, &[R09]).await;
    let g = Generator::new(w.store.clone(), None);
    let c = Conductor::new(w.store.clone(), None);
    for (lang, words, not) in [
        (
            Language::De,
            &["Sie", "Ihr", "Ihre", "Ihren", "Ihrer", "Ihrem"][..],
            "Sie",
        ),
        (Language::Fr, &["vous", "votre", "vos"][..], "vous"),
    ] {
        let (id, plan) = w
            .interview(&g, 0, lang, &InterviewSettings::default())
            .await;
        assert_eq!(plan.language, lang);
        for q in &plan.questions {
            assert!(
                words.iter().any(|w| has_word(&q.text, w)),
                "{lang:?}: {}",
                q.text
            );
            for english in ["Walk us", "Tell us", "Describe", "Your resume", "Suppose"] {
                assert!(!q.text.contains(english), "{lang:?}: {}", q.text);
            }
        }
        let r = c.handle(&id, hello(None), None).await.unwrap();
        let ServerEvent::Welcome {
            notice, language, ..
        } = &r[0].event
        else {
            unreachable!()
        };
        assert_eq!(*language, lang);
        assert!(
            has_word(notice, not) && has_word(notice, "KI") == (lang == Language::De),
            "{notice}"
        );
        let r = c.handle(&id, answer("x", "Ja."), None).await.unwrap();
        let ServerEvent::Error { message, .. } = &r[0].event else {
            unreachable!()
        };
        assert_eq!(
            message,
            i18n::error_message(lang, "interview.consent_required")
        );
    }
}

#[tokio::test]
async fn a_recruiter_edits_the_plan_before_the_interview() {
    let w = world(J01, &[R09]).await;
    let (id, plan) = w.offline(0, &InterviewSettings::default()).await;
    let mut edited: Vec<Question> = plan.questions.clone();
    edited.reverse();
    let removed = edited.pop().unwrap();
    edited[1].text = "Which accessibility checks do you run before every release, and why?".into();
    let changed_id = edited[1].id.clone();
    let added = Question {
        id: String::new(),
        kind: QuestionKind::Technical,
        difficulty: ats_core::interview::Difficulty::Hard,
        dimension: w.job.rubric.dimensions[0].name.clone(),
        requirements: vec!["HTML".into()],
        text: "How do you keep semantic HTML intact in a component library?".into(),
        key_points: vec!["Landmarks and headings".into()],
        time_limit_secs: 120,
        source: QuestionSource::Offline,
        scope: ats_core::interview::Scope::Job,
    };
    edited.insert(0, added.clone());
    let version = interview::edit_plan(&w.store, &id, edited.clone())
        .await
        .unwrap();
    assert_eq!(version, 2);
    let (record, _) = w.store.get_interview(&id).await.unwrap();
    assert_eq!(record.plan_version, 2);
    let got = &record.plan.questions;
    assert_eq!(got.len(), plan.questions.len());
    assert!(!got.iter().any(|q| q.id == removed.id));
    assert!(!got[0].id.is_empty() && got[0].text == added.text);
    for q in got {
        let want = if q.id == got[0].id || q.id == changed_id {
            QuestionSource::Recruiter
        } else {
            QuestionSource::Offline
        };
        assert_eq!(q.source, want, "{}", q.text);
    }
    let same: Vec<&str> = got[1..].iter().map(|q| q.id.as_str()).collect();
    let want: Vec<&str> = edited[1..].iter().map(|q| q.id.as_str()).collect();
    assert_eq!(same, want, "the recruiter's order");
    let bad = Question {
        dimension: "Astrology".into(),
        ..added.clone()
    };
    let err = interview::edit_plan(&w.store, &id, vec![bad])
        .await
        .unwrap_err();
    assert_eq!(err.code(), "interview.invalid");
    // The conductor asks the edited plan.
    let c = Conductor::new(w.store.clone(), None);
    c.handle(&id, hello(None), None).await.unwrap();
    let r = c.handle(&id, consent(true), None).await.unwrap();
    let (qid, text, _) = asked(&r[1]);
    assert_eq!(
        (qid.as_str(), text.as_str()),
        (got[0].id.as_str(), added.text.as_str())
    );
    assert!(matches!(
        r[1].event,
        ServerEvent::Question {
            time_limit_secs: 120,
            ..
        }
    ));
    let err = interview::edit_plan(&w.store, &id, got.clone())
        .await
        .unwrap_err();
    assert_eq!(err.code(), "store.conflict");
    assert_eq!(w.store.get_interview(&id).await.unwrap().0.plan_version, 2);
}

/// An answer is data in the judge's and the follow-up writer's prompts:
/// inside one `<data name="answer">` block it cannot close.
#[test]
fn injected_answers_stay_inside_their_data_block() {
    use ats_core::llm::prompt::{DATA_RULES, PromptTemplate};
    let cases = injection_cases();
    assert!(cases.len() >= 7);
    for case in &cases {
        let vars = [
            (
                "interview.judge",
                serde_json::json!({
                    "dimension": "Web front end", "question": "How do you test accessibility?",
                    "key_points": ["Screen readers", "Automated checks"], "strong": "Concrete",
                    "weak": "Vague", "answer": case.text,
                }),
            ),
            (
                "interview.follow_up",
                serde_json::json!({
                    "language": "English", "question": "How do you test accessibility?",
                    "missing": "Screen readers", "answer": case.text,
                }),
            ),
        ];
        for (id, vars) in vars {
            let m = PromptTemplate::builtin(id).unwrap().render(&vars).unwrap();
            assert!(m[0].content.contains(DATA_RULES), "{id}");
            assert!(!m[0].content.contains(&case.text), "{id}/{}", case.name);
            let user = &m.last().unwrap().content;
            assert_eq!(
                user.matches("<data name=").count(),
                1,
                "{id}/{}: {user}",
                case.name
            );
            assert_eq!(
                user.matches("<data name=\"answer\">").count(),
                1,
                "{id}/{}",
                case.name
            );
            assert_eq!(
                user.matches("</data>").count(),
                1,
                "{id}/{}: {user}",
                case.name
            );
            let open = user.find("<data name=\"answer\">").unwrap();
            let close = user.find("</data>").unwrap();
            let inside = &user[open..close];
            for word in case
                .text
                .split_whitespace()
                .filter(|w| w.len() > 6 && !w.to_lowercase().contains("data"))
            {
                assert!(
                    inside.contains(word),
                    "{id}/{}: {word:?} outside",
                    case.name
                );
                assert!(
                    !user[..open].contains(word) && !user[close..].contains(word),
                    "{id}/{}",
                    case.name
                );
            }
        }
    }
}
