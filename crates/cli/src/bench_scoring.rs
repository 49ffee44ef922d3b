//! `ats bench scoring DIR`: scoring accuracy against simulated interviews
//! with known levels (per-dimension quadratic-weighted kappa and exact
//! agreement), the metamorphic judge tests (irrelevant, flattering or
//! repeated answers must not move a score; added or withdrawn evidence must
//! move it the right way), and the offline scorer's tuning: cut points are
//! chosen on the tuning half (resumes 0–4) and reported on the other half
//! (resumes 5–9).
//!
//! DIR holds `interviews_*.jsonl` (`{id, domain, transcript, truth, meta:
//! {resume_id}}`), `rubrics/<domain>.json` and optionally `judge-tests/`
//! (tests/fixtures/interviews/btr is such a folder).

use crate::score::{ScorerArgs, read_rubric};
use anyhow::{Context, Result};
use ats_core::rubric::Rubric;
use ats_core::scoring::offline;
use ats_core::scoring::{Scorecard, Transcript};
use serde::Deserialize;
use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};
use std::time::Instant;

mod fit;
mod latency;
mod metamorphic;

#[derive(clap::Args)]
pub struct Options {
    pub dir: PathBuf,
    /// Which interviews: test (resumes 5–9, the default), tune (0–4), all.
    #[arg(long, default_value = "test")]
    pub split: String,
    /// At most this many interviews (spread over the archetypes).
    #[arg(long)]
    pub limit: Option<usize>,
    /// Skip the metamorphic judge tests.
    #[arg(long)]
    pub no_metamorphic: bool,
    /// Metamorphic tests on at most this many base interviews per domain.
    #[arg(long)]
    pub metamorphic_limit: Option<usize>,
    /// Only base interviews of these domains (gd, ml, sales).
    #[arg(long)]
    pub domains: Vec<String>,
    /// Choose the offline scorer's cut points on the tuning half and print them.
    #[arg(long)]
    pub fit: bool,
    /// Only the wall time to score one interview on 6 dimensions: with the
    /// loopback fake cloud model at 1 s per call (k runs each, beside the
    /// anchor of one call's latency), and with a local GGUF (--model, k = 1).
    #[arg(long)]
    pub latency: bool,
    #[command(flatten)]
    pub scorer: ScorerArgs,
}

#[derive(Deserialize)]
pub(crate) struct Record {
    pub(crate) id: String,
    pub(crate) domain: String,
    archetype: String,
    pub(crate) transcript: Transcript,
    truth: BTreeMap<String, String>,
    meta: Meta,
}

#[derive(Deserialize)]
struct Meta {
    resume_id: String,
}

pub(crate) fn resume_index(id: &str) -> usize {
    id.rsplit('_')
        .next()
        .and_then(|n| n.parse().ok())
        .unwrap_or(0)
}

/// Quadratic-weighted kappa of (truth, predicted) level indices on k levels.
pub fn qwk(pairs: &[(usize, usize)], k: usize) -> Option<f64> {
    if pairs.is_empty() || k < 2 {
        return None;
    }
    let n = pairs.len() as f64;
    let mut observed = vec![vec![0.0; k]; k];
    let mut rows = vec![0.0; k];
    let mut cols = vec![0.0; k];
    for &(t, p) in pairs {
        observed[t][p] += 1.0;
        rows[t] += 1.0;
        cols[p] += 1.0;
    }
    let (mut num, mut den) = (0.0, 0.0);
    for i in 0..k {
        for j in 0..k {
            let w = ((i as f64 - j as f64) / (k as f64 - 1.0)).powi(2);
            num += w * observed[i][j];
            den += w * rows[i] * cols[j] / n;
        }
    }
    if den == 0.0 {
        return None;
    }
    Some(1.0 - num / den)
}

fn level_index(rubric: &Rubric, dim: &str, label_or_score: Option<f32>) -> Option<usize> {
    let d = rubric.dimensions.iter().find(|d| d.name == dim)?;
    let scale = d.scale();
    let s = label_or_score?;
    scale
        .iter()
        .enumerate()
        .min_by(|a, b| {
            (a.1.score as f32 - s)
                .abs()
                .total_cmp(&(b.1.score as f32 - s).abs())
                .then(a.0.cmp(&b.0))
        })
        .map(|(i, _)| i)
}

pub(crate) fn truth_index(rubric: &Rubric, dim: &str, label: &str) -> Option<usize> {
    let d = rubric.dimensions.iter().find(|d| d.name == dim)?;
    d.scale().iter().position(|l| l.label == label)
}

fn load(dir: &Path) -> Result<(Vec<Record>, HashMap<String, Rubric>)> {
    let mut records = Vec::new();
    for entry in std::fs::read_dir(dir).with_context(|| format!("reading {}", dir.display()))? {
        let path = entry?.path();
        let name = path.file_name().and_then(|n| n.to_str()).unwrap_or("");
        if name.starts_with("interviews_") && name.ends_with(".jsonl") {
            for (i, line) in std::fs::read_to_string(&path)?.lines().enumerate() {
                if line.trim().is_empty() {
                    continue;
                }
                records.push(
                    serde_json::from_str(line)
                        .with_context(|| format!("{} line {}", path.display(), i + 1))?,
                );
            }
        }
    }
    records.sort_by(|a: &Record, b: &Record| a.id.cmp(&b.id));
    let mut rubrics = HashMap::new();
    for entry in std::fs::read_dir(dir.join("rubrics"))? {
        let path = entry?.path();
        if path.extension().is_some_and(|e| e == "json") {
            let domain = path
                .file_stem()
                .and_then(|s| s.to_str())
                .unwrap_or("")
                .to_owned();
            rubrics.insert(domain, read_rubric(&path)?);
        }
    }
    Ok((records, rubrics))
}

/// Pick `limit` records spread over archetypes (round robin).
fn spread(records: Vec<Record>, limit: Option<usize>) -> Vec<Record> {
    let Some(limit) = limit else { return records };
    let mut by: BTreeMap<String, Vec<Record>> = BTreeMap::new();
    for r in records {
        by.entry(r.archetype.clone()).or_default().push(r);
    }
    let mut out = Vec::new();
    let mut i = 0;
    while out.len() < limit && by.values().any(|v| v.len() > i) {
        for v in by.values_mut() {
            if i < v.len() && out.len() < limit {
                out.push(std::mem::replace(
                    &mut v[i],
                    Record {
                        id: String::new(),
                        domain: String::new(),
                        archetype: String::new(),
                        transcript: Transcript::default(),
                        truth: BTreeMap::new(),
                        meta: Meta {
                            resume_id: String::new(),
                        },
                    },
                ));
            }
        }
        i += 1;
    }
    out
}

/// Accuracy table rows: per dimension (n, scored, exact, qwk) and pooled.
/// An interview, its rubric and the predicted level per dimension.
pub(crate) type Case<'a> = (&'a Record, &'a Rubric, BTreeMap<String, Option<f32>>);

pub(crate) fn accuracy(cases: &[Case<'_>]) -> Vec<(String, usize, usize, f64, Option<f64>)> {
    let mut per: BTreeMap<String, Vec<(usize, Option<usize>)>> = BTreeMap::new();
    for (r, rubric, predicted) in cases {
        for (dim, label) in &r.truth {
            let Some(t) = truth_index(rubric, dim, label) else {
                continue;
            };
            let p = predicted
                .get(dim)
                .copied()
                .flatten()
                .and_then(|s| level_index(rubric, dim, Some(s)));
            per.entry(dim.clone()).or_default().push((t, p));
        }
    }
    let k = cases
        .first()
        .map(|(_, r, _)| r.dimensions.first().map_or(3, |d| d.scale().len()))
        .unwrap_or(3);
    let mut rows = Vec::new();
    let mut all = Vec::new();
    let mut all_n = 0;
    for (dim, v) in &per {
        let scored: Vec<(usize, usize)> =
            v.iter().filter_map(|(t, p)| p.map(|p| (*t, p))).collect();
        let exact = scored.iter().filter(|(t, p)| t == p).count() as f64 / v.len().max(1) as f64;
        rows.push((dim.clone(), v.len(), scored.len(), exact, qwk(&scored, k)));
        all.extend(scored);
        all_n += v.len();
    }
    let exact = all.iter().filter(|(t, p)| t == p).count() as f64 / all_n.max(1) as f64;
    rows.push(("all (pooled)".into(), all_n, all.len(), exact, qwk(&all, k)));
    rows
}

pub(crate) fn print_accuracy(title: &str, rows: &[(String, usize, usize, f64, Option<f64>)]) {
    println!("\n{title}");
    println!("| dimension | n | scored | exact | QWK |");
    println!("|---|---:|---:|---:|---:|");
    let mut kappas = Vec::new();
    for (dim, n, scored, exact, k) in rows {
        if !dim.starts_with("all") {
            kappas.extend(*k);
        }
        println!(
            "| {dim} | {n} | {scored} | {:.0} % | {} |",
            exact * 100.0,
            k.map_or("–".into(), |k| format!("{k:.2}"))
        );
    }
    if !kappas.is_empty() {
        println!(
            "| mean of dimensions | | | | {:.2} |",
            kappas.iter().sum::<f64>() / kappas.len() as f64
        );
    }
}

pub(crate) fn medians(card: &Scorecard) -> BTreeMap<String, Option<f32>> {
    card.dimensions
        .iter()
        .map(|d| (d.name.clone(), d.level))
        .collect()
}

pub async fn run(o: &Options, store: &ats_core::store::Store, data_dir: &Path) -> Result<()> {
    let (records, rubrics) = load(&o.dir)?;
    if o.latency {
        return latency::run(o, store, &records, &rubrics).await;
    }
    let in_split = |r: &Record| match o.split.as_str() {
        "tune" => resume_index(&r.meta.resume_id) < 5,
        "all" => true,
        _ => resume_index(&r.meta.resume_id) >= 5,
    };
    let service = crate::score::service(store, data_dir, &o.scorer).await?;
    let offline_mode = service.llm.is_none();
    let scorer = match &service.llm {
        Some(llm) => format!(
            "model {} ({}{}), k = {}, temperature {}, seed {}{}",
            llm.provider().model(),
            llm.provider().name(),
            llm.provider()
                .model_sha256()
                .map(|s| format!(", sha256 {}", &s[..12]))
                .unwrap_or_default(),
            service.settings.k,
            service.settings.temperature,
            service.settings.seed,
            if service.settings.expected {
                " (ignored: expected level from token probabilities, one greedy run)"
            } else {
                ""
            }
        ),
        None => format!("offline ({})", offline::VERSION),
    };
    println!("scorer: {scorer}");

    if offline_mode && o.fit {
        fit::run(o, &service, &records, &rubrics)?;
    }

    let chosen: Vec<Record> = spread(records.into_iter().filter(in_split).collect(), o.limit);
    let started = Instant::now();
    let mut cases = Vec::new();
    for (i, r) in chosen.iter().enumerate() {
        let Some(rubric) = rubrics.get(&r.domain) else {
            continue;
        };
        let t0 = Instant::now();
        let card = service
            .score_transcript(&r.transcript, rubric, &[], &|_| None, None, None)
            .await?;
        eprintln!(
            "[{}/{}] {} in {:.1} s: overall {}",
            i + 1,
            chosen.len(),
            r.id,
            t0.elapsed().as_secs_f64(),
            card.overall.map_or("–".into(), |o| format!("{o:.0}"))
        );
        cases.push((r, rubric, medians(&card)));
    }
    if !cases.is_empty() {
        print_accuracy(
            &format!(
                "accuracy on {} interviews ({} split), {:.0} s",
                cases.len(),
                o.split,
                started.elapsed().as_secs_f64()
            ),
            &accuracy(&cases),
        );
    }
    if !o.no_metamorphic && o.dir.join("judge-tests").is_dir() {
        metamorphic::run(o, &service, &rubrics).await?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kappa_is_one_for_agreement_and_zero_for_chance() {
        assert_eq!(qwk(&[(0, 0), (1, 1), (2, 2)], 3), Some(1.0));
        // Everything predicted as one level: no better than chance.
        assert_eq!(qwk(&[(0, 1), (1, 1), (2, 1)], 3), Some(0.0));
        let reversed = qwk(&[(0, 2), (1, 1), (2, 0)], 3).unwrap();
        assert!(reversed < 0.0);
    }
}
