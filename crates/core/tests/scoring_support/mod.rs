//! Shared by `scoring.rs` and `scoring_fairness.rs`: the clean transcript,
//! hand-made rubrics, the LLM layer pointed at the fake, and readers of the
//! requests the fake received.
#![allow(dead_code)]

use crate::interview_support::{quick, root};
use ats_core::llm::openai::OpenAi;
use ats_core::llm::{LlmService, Reliable};
use ats_core::rubric::{Level, Rubric, RubricDimension};
use ats_core::scoring::{DimensionScore, ModelScorer, Scorecard, ScoringSettings, Transcript};
use fakellm::FakeLlm;
use serde_json::{Value, json};
use std::sync::Arc;

/// The clean English transcript of `tests/fixtures/interviews`.
pub fn base() -> Transcript {
    let path = root().join("tests/fixtures/interviews/transcript_en.json");
    Transcript::from_json(&std::fs::read_to_string(path).unwrap()).unwrap()
}

/// Words the candidate said (turn 3 of the fixture).
pub const REAL: &str = "I traced it to a lock in the cache";
/// Words the candidate said (turn 1 of the fixture).
pub const REAL_TOO: &str = "I wrote the load tests myself";
/// Words the interviewer said (turn 2 of the fixture), never the candidate.
pub const INTERVIEWER: &str = "How did you make sure it stayed reliable under load";
/// Words nobody said.
pub const FABRICATED: &str = "I personally designed the company's whole cloud strategy";

pub fn dim(name: &str, weight: f32, scores: &[u32]) -> RubricDimension {
    RubricDimension {
        name: name.into(),
        weight,
        description: format!("What the answers show of {}", name.to_lowercase()),
        strong: String::new(),
        weak: String::new(),
        skills: Vec::new(),
        levels: scores
            .iter()
            .map(|&score| Level {
                score,
                label: format!("level {score}"),
                description: format!("Answers that show level {score} of {name}."),
            })
            .collect(),
    }
}

/// Two dimensions on a 1–5 scale.
pub fn rubric() -> Rubric {
    Rubric {
        dimensions: vec![
            dim("Technical depth", 0.5, &[1, 2, 3, 4, 5]),
            dim("Communication", 0.5, &[1, 2, 3, 4, 5]),
        ],
    }
}

/// The LLM layer as the product builds it for a cloud model, pointed at
/// the fake, without a store (so no cache: every run reaches the fake).
pub fn llm(fake: &FakeLlm) -> LlmService {
    let p = OpenAi::new(
        "openai",
        &fake.base_url(),
        "fake-model",
        Some("sk-test".into()),
    );
    LlmService::new(Arc::new(Reliable::new(Arc::new(p), quick())), None)
}

pub fn settings(k: u32) -> ScoringSettings {
    ScoringSettings {
        k,
        seed: 100,
        concurrency: 4,
        call_limit_secs: 20,
        ..ScoringSettings::default()
    }
}

pub async fn score(
    fake: &FakeLlm,
    k: u32,
    blind: bool,
    t: &Transcript,
    r: &Rubric,
    names: &[String],
) -> Scorecard {
    let llm = llm(fake);
    let scorer = ModelScorer {
        llm: &llm,
        settings: ScoringSettings {
            blind,
            ..settings(k)
        },
    };
    scorer.score(t, r, names, None, None).await.unwrap()
}

/// The scoring prompt of a request: its first user message (repair rounds
/// add more after it).
pub fn prompt(body: &Value) -> String {
    body["messages"]
        .as_array()
        .into_iter()
        .flatten()
        .find(|m| m["role"] == "user")
        .and_then(|m| m["content"].as_str())
        .unwrap_or_default()
        .to_owned()
}

/// The dimension a request asks about.
pub fn dimension_of(body: &Value) -> String {
    let p = prompt(body);
    let line = p
        .lines()
        .find_map(|l| l.strip_prefix("Dimension: "))
        .unwrap_or_default();
    line.split(':').next().unwrap_or_default().to_owned()
}

/// The transcript as the prompt carries it (inside its data block).
pub fn transcript_block(body: &Value) -> String {
    let p = prompt(body);
    let open = "<data name=\"transcript\">";
    let start = p.find(open).map_or(0, |i| i + open.len());
    let end = p
        .rfind("</data>")
        .filter(|&e| e >= start)
        .unwrap_or(p.len());
    p[start..end].to_owned()
}

pub fn reply(level: Option<u32>, evidence: &[&str]) -> String {
    json!({
        "evidence": evidence,
        "rationale": "The quoted passage shows it.",
        "level": level,
    })
    .to_string()
}

pub fn requests_for(fake: &FakeLlm, dimension: &str) -> Vec<Value> {
    fake.requests()
        .into_iter()
        .filter(|b| dimension_of(b) == dimension)
        .collect()
}

pub fn by_name<'a>(card: &'a Scorecard, name: &str) -> &'a DimensionScore {
    card.dimensions
        .iter()
        .find(|d| d.name == name)
        .unwrap_or_else(|| panic!("no {name} on {card:#?}"))
}
