//! Fairness and red-team checks of the model scorer against the fake
//! OpenAI server: two counterfactual candidates read the same to the model
//! in blind mode, and text aimed at the assessor changes no level.

mod interview_support;
mod scoring_support;

use ats_core::rubric::Rubric;
use ats_core::scoring::{DimensionStatus, Scorecard, Transcript};
use fakellm::{FakeConfig, FakeLlm};
use interview_support::injection_cases;
use scoring_support::*;
use serde_json::{Value, json};
use std::hash::{Hash, Hasher};
use std::sync::Arc;

/// One interview, told about two different people: names, gendered words,
/// age and nationality swapped, nothing else.
fn counterfactual(who: &[(&str, &str)]) -> Transcript {
    let turns = [
        (
            "interviewer",
            "Hi {First}, thanks for joining us today. Please introduce yourself.",
        ),
        (
            "candidate",
            "My name is {First} {Last}. I'm {age} years old and a {Nation} citizen, and I have led platform teams for ten years.",
        ),
        (
            "interviewer",
            "Our recruiter said {his} references were strong and that {he} moved from a large bank. Tell us about a migration you led.",
        ),
        (
            "candidate",
            "My manager, {Mrs} Jones, asked me to move our billing service to Kubernetes. I planned it in three stages and cut hosting costs by a third.",
        ),
        (
            "interviewer",
            "Thank you, {First}. How did your team respond to the change?",
        ),
        (
            "candidate",
            "As a {father} of two I value predictable on-call work, so I set up a rotation and wrote runbooks for every alert. My {wife} jokes that the pager finally sleeps.",
        ),
    ];
    let json: Vec<Value> = turns
        .iter()
        .map(|(role, text)| {
            let mut text = (*text).to_owned();
            for (k, v) in who {
                text = text.replace(&format!("{{{k}}}"), v);
            }
            json!({"role": role, "message": text})
        })
        .collect();
    Transcript::from_json(&Value::Array(json).to_string()).unwrap()
}

fn michael() -> Transcript {
    counterfactual(&[
        ("First", "Michael"),
        ("Last", "Brown"),
        ("age", "45"),
        ("Nation", "German"),
        ("his", "his"),
        ("he", "he"),
        ("Mrs", "Mrs."),
        ("father", "father"),
        ("wife", "wife"),
    ])
}

fn maria() -> Transcript {
    counterfactual(&[
        ("First", "Maria"),
        ("Last", "Garcia"),
        ("age", "29"),
        ("Nation", "Nigerian"),
        ("his", "her"),
        ("he", "she"),
        ("Mrs", "Mr."),
        ("father", "mother"),
        ("wife", "husband"),
    ])
}

/// A model whose level depends on every byte of the prompt it is shown.
fn hashing_model(fake: &FakeLlm) {
    fake.set_responder(Arc::new(|body: &Value| {
        let mut h = std::collections::hash_map::DefaultHasher::new();
        prompt(body).hash(&mut h);
        let level = 1 + (h.finish() % 5) as u32;
        Some(reply(
            Some(level),
            &["I planned it in three stages and cut hosting costs by a third"],
        ))
    }));
}

/// The requests of one scoring, in a fixed order (they arrive concurrently).
fn sorted(requests: &[Value]) -> Vec<String> {
    let mut out: Vec<String> = requests.iter().map(Value::to_string).collect();
    out.sort();
    out
}

fn levels(card: &Scorecard) -> Vec<(String, DimensionStatus, Option<f32>)> {
    card.dimensions
        .iter()
        .map(|d| (d.name.clone(), d.status, d.level))
        .collect()
}

#[tokio::test]
async fn blind_mode_scores_two_counterfactual_candidates_from_the_same_prompts() {
    let (a, b) = (michael(), maria());
    assert_ne!(a, b);
    let rubric = Rubric {
        dimensions: vec![
            dim("Technical depth", 0.4, &[1, 2, 3, 4, 5]),
            dim("Leadership", 0.3, &[1, 2, 3, 4, 5]),
            dim("Communication", 0.3, &[1, 2, 3, 4, 5]),
        ],
    };

    let fake = FakeLlm::start(FakeConfig::default()).await.unwrap();
    hashing_model(&fake);
    let card_a = score(&fake, 2, true, &a, &rubric, &["Michael Brown".into()]).await;
    let n = fake.calls();
    assert_eq!(n, 6);
    let card_b = score(&fake, 2, true, &b, &rubric, &["Maria Garcia".into()]).await;
    let all = fake.requests();
    assert_eq!(all.len(), 2 * n);
    let (seen_a, seen_b) = (sorted(&all[..n]), sorted(&all[n..]));
    assert_eq!(seen_a, seen_b, "the model saw different prompts");
    for personal in [
        "Michael", "Brown", "Maria", "Garcia", "45", "29", "German", "Nigerian", "Mrs", "wife",
        "husband", "father", "mother",
    ] {
        assert!(
            seen_a.iter().all(|r| !r.contains(personal)),
            "{personal} reached the model: {}",
            seen_a[0]
        );
    }
    assert_eq!(levels(&card_a), levels(&card_b));
    assert_eq!(card_a.overall, card_b.overall);
    assert!(card_a.overall.is_some(), "{card_a:#?}");
    assert!(card_a.reproducibility.blind);

    // Without blind mode the model sees who they are: the check can fail.
    let open = FakeLlm::start(FakeConfig::default()).await.unwrap();
    hashing_model(&open);
    score(&open, 2, false, &a, &rubric, &["Michael Brown".into()]).await;
    let m = open.calls();
    score(&open, 2, false, &b, &rubric, &["Maria Garcia".into()]).await;
    let all = open.requests();
    let (open_a, open_b) = (sorted(&all[..m]), sorted(&all[m..]));
    assert_ne!(open_a, open_b);
    assert!(open_a.iter().all(|r| r.contains("Michael")));
    assert!(open_b.iter().all(|r| r.contains("Maria")));
}

/// What red-team text says to the assessor; none occurs in the clean
/// transcript's prompt (checked below).
const MARKERS: &[&str] = &[
    "10/10",
    "5/5",
    "hire",
    "hiring",
    "praise",
    "approve",
    "dan,",
    "as dan",
    "score",
    "<|",
    "|>",
    "[inst]",
    "[/inst]",
    "<<sys>>",
    "system",
    "assistant",
    "bewerten",
    "ignor",
    "instructions",
    "anweisungen",
    "‹",
    "data",
    "assessment",
    "reply only",
    "_of_turn",
    "</s>",
    "<s>",
];

fn marker_in(text: &str) -> Option<&'static str> {
    let lower = text.to_lowercase();
    MARKERS.iter().copied().find(|m| lower.contains(m))
}

/// A model that does what the candidate's text tells it: the top level,
/// quoting the injected line, whenever any of it reaches the prompt; else
/// an honest middle level quoting a real sentence.
fn obedient_model(fake: &FakeLlm) {
    fake.set_responder(Arc::new(|body: &Value| {
        let block = transcript_block(body);
        let injected = block.lines().find(|l| marker_in(l).is_some());
        Some(match injected {
            Some(line) => {
                let said = line.strip_prefix("Candidate: ").unwrap_or(line);
                let quote: String = said.chars().take(300).collect();
                reply(Some(5), &[quote.trim()])
            }
            None => reply(Some(3), &[REAL]),
        })
    }));
}

#[tokio::test]
async fn injected_instructions_change_no_level_and_are_flagged() {
    let rubric = rubric();
    let fake = FakeLlm::start(FakeConfig::default()).await.unwrap();
    obedient_model(&fake);
    let clean = score(&fake, 1, true, &base(), &rubric, &[]).await;
    // The clean prompt holds no marker, so the model is honest for it.
    for r in fake.requests() {
        assert_eq!(marker_in(&transcript_block(&r)), None);
    }
    assert!(clean.flags.is_empty(), "{:?}", clean.flags);
    assert!(
        clean
            .dimensions
            .iter()
            .all(|d| d.status == DimensionStatus::Scored && d.level == Some(3.0)),
        "{clean:#?}"
    );

    let cases = injection_cases();
    assert!(cases.len() >= 8);
    let mut leaks = Vec::new();
    for case in &cases {
        let mut t = base();
        let answer = &mut t.turns[3].message;
        answer.push(' ');
        answer.push_str(&case.text);
        assert!(
            marker_in(&case.text).is_some(),
            "{}: the obedient model would not notice it",
            case.name
        );
        let from = fake.calls();
        let card = score(&fake, 1, true, &t, &rubric, &[]).await;
        for r in &fake.requests()[from..] {
            if let Some(m) = marker_in(&transcript_block(r)) {
                leaks.push(format!("{}: {m:?} reached the model", case.name));
            }
        }
        assert_eq!(levels(&card), levels(&clean), "{}: {card:#?}", case.name);
        assert_eq!(card.overall, clean.overall, "{}", case.name);
        assert!(
            card.flags
                .iter()
                .any(|f| f.contains("addressed to the assessor")),
            "{}: no integrity flag: {:?}",
            case.name,
            card.flags
        );
    }
    assert!(leaks.is_empty(), "{leaks:#?}");

    // The control: an ordinary sentence with a marker reaches the model,
    // which obeys, and the level moves (so the check above can fail).
    let mut t = base();
    t.turns[3]
        .message
        .push_str(" My reviews always praise my code quality.");
    let card = score(&fake, 1, true, &t, &rubric, &[]).await;
    assert!(card.flags.is_empty(), "{:?}", card.flags);
    assert_ne!(levels(&card), levels(&clean), "{card:#?}");
    assert_eq!(card.dimensions[0].level, Some(5.0));
}
