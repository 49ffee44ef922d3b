//! Scoring with the real bundled model (SmolLM2-135M-Instruct, Q4_1 GGUF)
//! in this process: every dimension comes back scored, unscored or failed
//! with its reason (never a silent zero), every kept quote occurs in the
//! candidate's words, and scoring the same transcript again with the same
//! model and seed gives the same scorecard.

use ats_core::llm::LlmService;
use ats_core::llm::config::LocalConfig;
use ats_core::llm::local::LocalProvider;
use ats_core::rubric::Rubric;
use ats_core::scoring::transcript::{locate, normalise};
use ats_core::scoring::{
    DimensionStatus, ModelScorer, Scorecard, ScoringSettings, Speaker, Transcript,
};
use std::path::PathBuf;
use std::sync::Arc;

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../..")
}

fn fixture() -> (Transcript, Rubric) {
    let line =
        std::fs::read_to_string(root().join("tests/fixtures/interviews/btr/interviews_gd.jsonl"))
            .unwrap()
            .lines()
            .nth(2)
            .unwrap()
            .to_owned();
    let record: serde_json::Value = serde_json::from_str(&line).unwrap();
    // The first six turns keep the prompt small for a 2-core machine.
    let mut transcript: Transcript = serde_json::from_value(record["transcript"].clone()).unwrap();
    transcript.turns.truncate(6);
    let mut rubric: Rubric = serde_json::from_str(
        &std::fs::read_to_string(root().join("tests/fixtures/interviews/btr/rubrics/gd.json"))
            .unwrap(),
    )
    .unwrap();
    rubric.dimensions.truncate(2);
    (transcript, rubric.anchored())
}

/// The bundled model without a reply cache: a second scoring runs the
/// model again.
fn uncached_smollm() -> Arc<LlmService> {
    let provider = LocalProvider::load(&LocalConfig {
        model: root().join("models/smollm2/SmolLM2-135M-Instruct.Q4_1.gguf"),
        threads: Some(2),
        context: 4096,
    })
    .unwrap_or_else(|e| panic!("{e} — run models/fetch.sh"));
    let mut llm = LlmService::new(Arc::new(provider), None);
    llm.cache = false;
    Arc::new(llm)
}

/// The fixture scored twice by the bundled model with `settings`.
async fn score_twice(settings: ScoringSettings) -> (Transcript, Scorecard, Scorecard) {
    let llm = uncached_smollm();
    let (transcript, rubric) = fixture();
    let scorer = ModelScorer {
        llm: &llm,
        settings,
    };
    let first = scorer
        .score(&transcript, &rubric, &[], None, None)
        .await
        .unwrap();
    let second = scorer
        .score(&transcript, &rubric, &[], None, None)
        .await
        .unwrap();
    (transcript, first, second)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_same_transcript_model_and_seed_give_the_same_scorecard() {
    let (transcript, first, second) = score_twice(ScoringSettings {
        k: 2,
        seed: 11,
        ..ScoringSettings::default()
    })
    .await;
    assert_eq!(first.dimensions, second.dimensions);
    assert_eq!(first.overall, second.overall);
    let r = &first.reproducibility;
    assert_eq!(r.provider, "local");
    assert_eq!(
        r.model_sha256.as_deref(),
        Some("b179c9523d0e6a0f98a330c7562b682750a6f8c8c15e5bc70ea373728110db53")
    );
    assert_eq!((r.seed, r.k), (11, 2));
    assert_eq!(r.prompts, vec!["scoring.dimension@1".to_owned()]);

    let said: Vec<(usize, String)> = transcript
        .turns
        .iter()
        .enumerate()
        .filter(|(_, t)| t.role == Speaker::Candidate)
        .map(|(i, t)| (i, normalise(&t.message)))
        .collect();
    for d in &first.dimensions {
        eprintln!("{}: {:?} {:?} {:?}", d.name, d.status, d.runs, d.note);
        match d.status {
            DimensionStatus::Scored => {
                assert!(d.score.is_some() && !d.evidence.is_empty());
                for e in &d.evidence {
                    assert_eq!(locate(&e.quote, &said), Some(e.turn), "{}", e.quote);
                }
            }
            _ => {
                assert_eq!(d.score, None, "an unscored dimension is never a number");
                assert!(d.note.is_some(), "and says why");
            }
        }
    }
}

/// The expected level: one greedy run per dimension, the level weighted by
/// the model's probability of each, reproducible, on the scale, and named
/// on the scorecard.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_expected_level_comes_from_one_run_and_is_reproducible() {
    let (_, first, second) = score_twice(ScoringSettings {
        expected: true,
        ..ScoringSettings::default()
    })
    .await;
    let rubric = fixture().1;
    assert_eq!(first.dimensions, second.dimensions);
    let r = &first.reproducibility;
    assert_eq!((r.k, r.temperature), (1, 0.0));
    assert!(r.level_rule.contains("probabilities"), "{}", r.level_rule);
    for (d, dim) in first.dimensions.iter().zip(&rubric.dimensions) {
        assert_eq!(d.runs.len(), 1, "one run");
        let scale = dim.scale();
        let (lo, hi) = (scale[0].score as f32, scale[scale.len() - 1].score as f32);
        if let Some(level) = d.level {
            assert!((lo..=hi).contains(&level), "{level}");
            assert!(d.spread.is_some());
        }
    }
}
