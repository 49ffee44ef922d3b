//! The offline scorer with the real MiniLM model on interviews written by
//! others (tests/fixtures/interviews/btr, MIT): it orders a weak and a
//! strong candidate of the same resume, an aside or a thank-you moves no
//! score, and every quote is the candidate's own words.

use ats_core::embed::SentenceEncoder;
use ats_core::rubric::Rubric;
use ats_core::scoring::offline::{self, TUNED};
use ats_core::scoring::{Scorecard, Speaker, Transcript, Turn};
use serde_json::Value;
use std::path::PathBuf;
use std::sync::Arc;

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../..")
}

fn btr(path: &str) -> String {
    std::fs::read_to_string(root().join("tests/fixtures/interviews/btr").join(path)).unwrap()
}

fn encoder() -> Arc<SentenceEncoder> {
    SentenceEncoder::shared(&root().join("models/all-MiniLM-L6-v2"))
        .unwrap_or_else(|e| panic!("{e} — run models/fetch.sh"))
}

fn rubric() -> Rubric {
    let r: Rubric = serde_json::from_str(&btr("rubrics/gd.json")).unwrap();
    r.anchored()
}

/// The held-out interview of `archetype` on resume `resume` (5–9).
fn interview(resume: usize, archetype: &str) -> Transcript {
    btr("interviews_gd.jsonl")
        .lines()
        .map(|l| serde_json::from_str::<Value>(l).unwrap())
        .find(|r| r["id"] == format!("btr-gd_{resume}-{archetype}"))
        .map(|r| serde_json::from_value(r["transcript"].clone()).unwrap())
        .unwrap()
}

fn score(encoder: &SentenceEncoder, t: &Transcript) -> Scorecard {
    offline::score(
        encoder,
        t,
        &rubric(),
        &[],
        &|_| None,
        true,
        None,
        None,
        TUNED,
    )
    .unwrap()
}

fn levels(card: &Scorecard) -> Vec<(String, Option<f32>)> {
    card.dimensions
        .iter()
        .map(|d| (d.name.clone(), d.level))
        .collect()
}

#[test]
fn a_strong_candidate_outscores_a_weak_one_of_the_same_resume() {
    let encoder = encoder();
    for resume in [5, 8] {
        let low = score(&encoder, &interview(resume, "low_larry"));
        let high = score(&encoder, &interview(resume, "high_henry"));
        let (low, high) = (low.overall.unwrap(), high.overall.unwrap());
        assert!(
            high > low + 20.0,
            "resume {resume}: high {high} vs low {low}"
        );
    }
}

#[test]
fn an_aside_or_a_thank_you_moves_no_score_and_quotes_are_verbatim() {
    let encoder = encoder();
    let base = interview(6, "average_joe");
    let before = score(&encoder, &base);
    for (question, answer) in [
        (
            "Before we wrap up, what do you like to do on weekends?",
            "Mostly hiking with my dog, and I bake bread on Sundays.",
        ),
        (
            "Thank you, this was a great conversation. Any last words?",
            "Thanks so much, I really enjoyed it and I'd love to join the team!",
        ),
    ] {
        let mut t = base.clone();
        for (role, message) in [
            (Speaker::Interviewer, question),
            (Speaker::Candidate, answer),
        ] {
            t.turns.push(Turn {
                role,
                message: message.into(),
                question_id: None,
            });
        }
        let after = score(&encoder, &t);
        assert_eq!(levels(&before), levels(&after), "after {answer:?}");
    }
    let said: String = base
        .turns
        .iter()
        .filter(|t| t.role == Speaker::Candidate)
        .map(|t| t.message.as_str())
        .collect::<Vec<_>>()
        .join("\n");
    let mut quotes = 0;
    for d in &before.dimensions {
        for e in &d.evidence {
            assert!(said.contains(&e.quote), "{:?} not said", e.quote);
            quotes += 1;
        }
    }
    assert!(quotes >= before.dimensions.len(), "every dimension quoted");
    assert_eq!(
        before.reproducibility.model.split(';').next(),
        Some(offline::VERSION)
    );
}
