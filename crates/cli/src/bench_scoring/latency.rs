//! `ats bench scoring DIR --latency`: the wall time to score one interview
//! on six dimensions, with the loopback fake cloud model at 1 s per call
//! (the anchor: one call's latency) and with a local GGUF.

use super::{Options, Record};
use anyhow::{Context, Result};
use ats_core::rubric::Rubric;
use ats_core::scoring::{ScoringService, Speaker};
use std::collections::HashMap;
#[cfg(feature = "local-llm")]
use std::path::{Path, PathBuf};
use std::time::Instant;

/// The first `n` dimensions of a rubric, weights renormalised.
fn first(rubric: &Rubric, n: usize) -> Rubric {
    let mut r = rubric.clone();
    r.dimensions.truncate(n);
    let total: f32 = r.dimensions.iter().map(|d| d.weight).sum();
    for d in &mut r.dimensions {
        d.weight /= total;
    }
    r
}

/// Wall time to score one interview on six dimensions.
pub(super) async fn run(
    o: &Options,
    store: &ats_core::store::Store,
    records: &[Record],
    rubrics: &HashMap<String, Rubric>,
) -> Result<()> {
    use fakellm::{FakeConfig, FakeLlm};
    use std::time::Duration;
    let r = records.first().context("no interview")?;
    let rubric = first(rubrics.get(&r.domain).context("no rubric")?, 6);
    let turns = r.transcript.turns.len();
    let mut table = comfy_table::Table::new();
    table.set_header([
        "scoring one interview (6 dimensions)",
        "wall time",
        "anchor",
        "ratio",
    ]);

    // The loopback fake cloud model at 1 s a call, quoting the candidate.
    let fake = FakeLlm::start(FakeConfig {
        latency: Duration::from_secs(1),
        token_delay: Duration::ZERO,
    })
    .await?;
    let quote = r
        .transcript
        .turns
        .iter()
        .filter(|t| t.role == Speaker::Candidate)
        .flat_map(|t| ats_core::scoring::model::sentences(&t.message))
        .find(|s| s.chars().count() <= 300)
        .context("no candidate sentence")?;
    fake.set_responder(std::sync::Arc::new(move |body: &serde_json::Value| {
        let levels = &body["response_format"]["json_schema"]["schema"]["anyOf"][0]["properties"]
            ["level"]["enum"];
        let top = levels.as_array()?.iter().filter_map(serde_json::Value::as_u64).max()?;
        Some(serde_json::json!({"evidence": [quote], "rationale": "bench", "level": top}).to_string())
    }));
    let mut cloud = ScoringService::new(
        store.clone(),
        Some(crate::bench_interview::service(store, &fake)),
    );
    cloud.settings.k = o.scorer.k.max(1);
    let t = Instant::now();
    let card = cloud
        .score_transcript(&r.transcript, &rubric, &[], &|_| None, None, None)
        .await?;
    let wall = t.elapsed().as_secs_f64();
    table.add_row([
        format!(
            "fake cloud model, 1 s per call, k = {} ({} calls, {} scored)",
            cloud.settings.k,
            fake.calls(),
            card.dimensions.iter().filter(|d| d.score.is_some()).count()
        ),
        format!("{wall:.2} s"),
        "one call: 1.00 s (design: < 30 s)".into(),
        format!("{wall:.2}×"),
    ]);
    drop(fake);

    #[cfg(feature = "local-llm")]
    if let Some(model) = &o.scorer.model {
        let config = ats_core::llm::config::LocalConfig {
            model: PathBuf::from(model),
            threads: None,
            context: 4096,
        };
        let provider = ats_core::llm::local::LocalProvider::load(&config)?;
        let mut llm = ats_core::llm::LlmService::new(std::sync::Arc::new(provider), None);
        llm.cache = false;
        let mut local = ScoringService::new(store.clone(), Some(std::sync::Arc::new(llm)));
        local.settings.k = 1;
        // One call alone, as the anchor: the first dimension.
        let one = first(&rubric, 1);
        let t = Instant::now();
        local
            .score_transcript(&r.transcript, &one, &[], &|_| None, None, None)
            .await?;
        let single = t.elapsed().as_secs_f64();
        let t = Instant::now();
        let card = local
            .score_transcript(&r.transcript, &rubric, &[], &|_| None, None, None)
            .await?;
        let wall = t.elapsed().as_secs_f64();
        table.add_row([
            format!(
                "local {} (k = 1, {} scored)",
                Path::new(model)
                    .file_name()
                    .and_then(|n| n.to_str())
                    .unwrap_or(model),
                card.dimensions.iter().filter(|d| d.score.is_some()).count()
            ),
            format!("{wall:.1} s"),
            format!("one dimension alone: {single:.1} s"),
            format!("{:.2}×", wall / single.max(1e-9)),
        ]);
    }
    println!("interview {} ({turns} turns)\n{table}", r.id);
    Ok(())
}
