//! The model scorer: each dimension scored k times through the LLM layer
//! (all runs of all dimensions concurrently, bounded), each run giving
//! evidence quotes, a rationale and a level under a JSON Schema; every
//! quote checked verbatim against the candidate's (screened) words, a run
//! whose evidence fails re-asked once and then counted unsupported; the
//! median of the runs kept with its spread.

use super::card::{self, DimensionScore, DimensionStatus, Evidence, Reproducibility, Scorecard};
use super::normalised;
use super::screen::{self, Screened};
use super::transcript::{self, Speaker, Transcript};
use crate::llm::prompt::PromptTemplate;
use crate::llm::service::Call;
use crate::llm::{CancellationToken, LlmError, LlmService};
use crate::rubric::{Rubric, RubricDimension};
use futures_util::StreamExt;
use serde::{Deserialize, Serialize};
use serde_json::{Value, json};
use std::time::Duration;

pub const PROMPT: &str = "scoring.dimension";
/// The least time one call of a model in this process gets.
pub const LOCAL_CALL_LIMIT_SECS: u64 = 600;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct ScoringSettings {
    /// Runs per dimension; the median is kept.
    pub k: u32,
    /// The first run's seed; run i uses seed + i.
    pub seed: u64,
    /// Sampling temperature of the runs (above 0, or k runs are one).
    pub temperature: f32,
    /// Calls in flight at once.
    pub concurrency: usize,
    /// Redact names, gender, age, origin and contact details first.
    pub blind: bool,
    /// Seconds one call may take.
    pub call_limit_secs: u64,
    pub max_tokens: u32,
    /// One greedy run per dimension, its level the one expected from the
    /// model's probabilities of each level (a model in this process; other
    /// providers fall back to the level they write), instead of the median
    /// of k sampled runs.
    pub expected: bool,
}

impl Default for ScoringSettings {
    fn default() -> Self {
        Self {
            k: 3,
            seed: 7,
            temperature: 0.6,
            concurrency: 24,
            blind: true,
            call_limit_secs: 180,
            max_tokens: 400,
            expected: false,
        }
    }
}

/// The transcript as the prompt shows it.
pub fn render(t: &Transcript) -> String {
    t.turns
        .iter()
        .map(|turn| {
            let who = match turn.role {
                Speaker::Interviewer => "Interviewer",
                Speaker::Candidate => "Candidate",
            };
            format!("{who}: {}", turn.message.trim())
        })
        .collect::<Vec<_>>()
        .join("\n")
}

/// The reply's schema. With `passages` (for a model in this process,
/// whose grammar then allows nothing else) every quote is one of the
/// candidate's sentences, copied exactly; otherwise any text, checked
/// afterwards all the same.
fn schema(d: &RubricDimension, passages: Option<&[String]>) -> Value {
    let levels: Vec<Value> = d.scale().iter().map(|l| json!(l.score)).collect();
    let item = match passages {
        Some(p) if !p.is_empty() => json!({"type": "string", "enum": p}),
        _ => json!({"type": "string", "minLength": 1, "maxLength": 300}),
    };
    let rationale = json!({"type": "string", "maxLength": 400});
    // A level comes with one to three quotes; no evidence, no level.
    json!({
        "anyOf": [
            {
                "type": "object",
                "properties": {
                    "evidence": {"type": "array", "minItems": 1, "maxItems": 3, "items": item},
                    "rationale": rationale,
                    "level": {"enum": levels}
                },
                "required": ["evidence", "rationale", "level"]
            },
            {
                "type": "object",
                "properties": {
                    "evidence": {"type": "array", "maxItems": 0},
                    "rationale": rationale,
                    "level": {"type": "null"}
                },
                "required": ["evidence", "rationale", "level"]
            }
        ]
    })
}

/// One run's outcome.
#[derive(Debug, Clone)]
enum Run {
    Level {
        level: u32,
        /// The level expected from the model's probabilities, if asked.
        expected: Option<Expected>,
        rationale: String,
        evidence: Vec<Evidence>,
    },
    Insufficient,
    Unsupported(String),
    Failed(String),
}

/// A level as the model's probabilities of each level expect it.
#[derive(Debug, Clone, Copy, PartialEq)]
struct Expected {
    /// Σ pᵢ·scoreᵢ.
    level: f32,
    /// How many levels apart the 10th and 90th percentiles are.
    spread: u32,
}

impl Expected {
    fn from(p: &[f32], scale: &[crate::rubric::Level]) -> Self {
        let total: f32 = p.iter().sum::<f32>().max(f32::MIN_POSITIVE);
        let level = p
            .iter()
            .zip(scale)
            .map(|(p, l)| p / total * l.score as f32)
            .sum();
        let at = |q: f32| {
            let mut acc = 0.0;
            for (i, p) in p.iter().enumerate() {
                acc += p / total;
                if acc >= q {
                    return i;
                }
            }
            p.len() - 1
        };
        let (lo, hi) = (at(0.1), at(0.9));
        Self {
            level,
            spread: scale[hi].score.abs_diff(scale[lo].score),
        }
    }
}

#[derive(Deserialize)]
struct Reply {
    evidence: Vec<String>,
    rationale: String,
    level: Option<u32>,
}

/// What every run of one scoring shares.
#[derive(Clone, Copy)]
struct Material<'a> {
    prompt: &'a PromptTemplate,
    /// The screened transcript as the prompt shows it.
    rendered: &'a str,
    /// The candidate's turns, normalised for the quote check.
    said: &'a [(usize, String)],
    /// The sentences a local model may quote.
    passages: Option<&'a [String]>,
    names: &'a [String],
}

pub struct ModelScorer<'a> {
    pub llm: &'a LlmService,
    pub settings: ScoringSettings,
}

impl ModelScorer<'_> {
    /// Score `transcript` against `rubric`. `names` are the people in it
    /// (the candidate first), redacted in blind mode and from the log.
    pub async fn score(
        &self,
        transcript: &Transcript,
        rubric: &Rubric,
        names: &[String],
        interview_id: Option<String>,
        rubric_version: Option<i64>,
    ) -> Result<Scorecard, LlmError> {
        let prompt = PromptTemplate::builtin(PROMPT)?;
        let seen = screen::prepare(transcript, self.settings.blind, names);
        let said: Vec<(usize, String)> = seen
            .transcript
            .candidate_turns()
            .map(|(i, t)| (i, transcript::normalise(&t.message)))
            .collect();
        let rendered = render(&seen.transcript);
        let k = if self.settings.expected {
            1
        } else {
            self.settings.k.max(1)
        };
        let jobs: Vec<(usize, u32)> = (0..rubric.dimensions.len())
            .flat_map(|d| (0..k).map(move |r| (d, r)))
            .collect();
        let has_answers = seen.transcript.has_answers();
        // A model in this process answers one call at a time: queued calls
        // would spend their time limit waiting. One at a time, in order,
        // also lets it reuse the transcript's context between dimensions.
        let local = !self.llm.provider().is_network();
        let concurrency = if local {
            1
        } else {
            self.settings.concurrency.max(1)
        };
        // The sentences a local model may quote (its grammar allows only
        // these): whole sentences of the candidate's screened answers.
        let passages: Option<Vec<String>> = local.then(|| {
            let mut p: Vec<String> = seen
                .transcript
                .candidate_turns()
                .flat_map(|(_, t)| sentences(&t.message))
                .filter(|s| s.chars().count() <= 300)
                .collect();
            // In the order said, each once.
            let mut seen = std::collections::HashSet::new();
            p.retain(|s| seen.insert(s.clone()));
            p
        });
        let material = Material {
            prompt: &prompt,
            rendered: &rendered,
            said: &said,
            passages: passages.as_deref(),
            names,
        };
        let runs: Vec<(usize, Run)> = futures_util::stream::iter(jobs)
            .map(|(d, r)| {
                let dim = &rubric.dimensions[d];
                let material = &material;
                async move {
                    if !has_answers {
                        return (d, Run::Insufficient);
                    }
                    (d, self.run(material, dim, r).await)
                }
            })
            .buffered(concurrency)
            .collect()
            .await;
        // No usable reply at all, and the model failed: an outage, not a
        // verdict. The caller retries the whole scoring later.
        let usable = runs.iter().any(|(_, r)| !matches!(r, Run::Failed(_)));
        if !usable && let Some((_, Run::Failed(why))) = runs.first() {
            return Err(LlmError::Unavailable(format!(
                "every scoring call failed, the first with: {why}"
            )));
        }
        let dimensions = rubric
            .dimensions
            .iter()
            .enumerate()
            .map(|(i, dim)| {
                let mine: Vec<Run> = runs
                    .iter()
                    .filter(|(d, _)| *d == i)
                    .map(|(_, r)| r.clone())
                    .collect();
                aggregate(dim, &mine)
            })
            .collect();
        let provider = self.llm.provider();
        let reproducibility = Reproducibility {
            scorer: "model".into(),
            provider: provider.name().into(),
            model: provider.model().into(),
            model_sha256: provider.model_sha256(),
            prompts: vec![format!("{}@{}", prompt.id, prompt.version)],
            temperature: self.temperature(),
            seed: self.settings.seed,
            k,
            level_rule: if self.settings.expected {
                "expected from the model's level probabilities".into()
            } else {
                format!("median of {k} run{}", if k == 1 { "" } else { "s" })
            },
            rubric_version,
            taxonomy_version: crate::skills::Taxonomy::builtin().version.clone(),
            blind: self.settings.blind,
            software: format!("ats {}", env!("CARGO_PKG_VERSION")),
        };
        Ok(Scorecard::assemble(
            interview_id,
            rubric,
            dimensions,
            flags(&seen),
            reproducibility,
        ))
    }

    /// Expected levels come from one greedy run.
    fn temperature(&self) -> f32 {
        if self.settings.expected {
            0.0
        } else {
            self.settings.temperature
        }
    }

    async fn run(&self, m: &Material<'_>, dim: &RubricDimension, run: u32) -> Run {
        let Material {
            prompt,
            rendered,
            said,
            passages,
            names,
        } = *m;
        let mut retry: Option<String> = None;
        for _attempt in 0..2 {
            let vars = json!({
                "transcript": rendered,
                "dimension": dim.name,
                "description": dim.description,
                "levels": dim.scale(),
                "retry": retry,
            });
            let mut call = Call::new(prompt.clone(), vars).about(names.iter().cloned());
            call.schema = Some(schema(dim, passages));
            call.temperature = self.temperature();
            if self.settings.expected {
                call.probe = Some(crate::llm::Probe {
                    after: "\"level\":".into(),
                    options: dim.scale().iter().map(|l| l.score.to_string()).collect(),
                });
            }
            call.seed = Some(self.settings.seed + u64::from(run));
            call.max_tokens = self.settings.max_tokens;
            // A model in this process reads the whole transcript on its
            // first call, on the machine's cores: it gets longer.
            let secs = if passages.is_some() {
                self.settings.call_limit_secs.max(LOCAL_CALL_LIMIT_SECS)
            } else {
                self.settings.call_limit_secs.max(1)
            };
            let limit = Duration::from_secs(secs);
            let cancel = CancellationToken::new();
            let reply = match tokio::time::timeout(limit, self.llm.run(&call, None, &cancel)).await
            {
                Err(_) => {
                    cancel.cancel();
                    return Run::Failed(format!("no reply within {}s", limit.as_secs()));
                }
                Ok(Err(e)) => return Run::Failed(format!("{}: {e}", e.code())),
                Ok(Ok(r)) => r,
            };
            let probabilities = reply.response.probe.clone();
            let parsed: Option<Reply> = reply.json.and_then(|v| serde_json::from_value(v).ok());
            let Some(parsed) = parsed else {
                return Run::Failed("the reply is not the scoring document".into());
            };
            let Some(level) = parsed.level else {
                return Run::Insufficient;
            };
            if !dim.scale().iter().any(|l| l.score == level) {
                return Run::Failed(format!("level {level} is not on the scale"));
            }
            let mut evidence = Vec::new();
            let mut missing = Vec::new();
            for q in parsed
                .evidence
                .iter()
                .map(|q| q.trim())
                .filter(|q| !q.is_empty())
            {
                match transcript::locate(q, said) {
                    Some(turn) => evidence.push(Evidence {
                        quote: q.to_owned(),
                        turn,
                    }),
                    None => missing.push(format!("\u{201c}{q}\u{201d}")),
                }
            }
            if missing.is_empty() && !evidence.is_empty() {
                let scale = dim.scale();
                let expected = probabilities
                    .filter(|p| p.len() == scale.len())
                    .map(|p| Expected::from(&p, &scale));
                return Run::Level {
                    level,
                    expected,
                    rationale: parsed.rationale,
                    evidence,
                };
            }
            retry = Some(if missing.is_empty() {
                "no passage was quoted for the level".into()
            } else {
                missing.join(", ")
            });
        }
        Run::Unsupported(format!(
            "evidence not found in the candidate's words: {}",
            retry.unwrap_or_default()
        ))
    }
}

/// Sentences of at least three words, as written.
pub fn sentences(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut start = 0;
    let mut push = |s: &str| {
        let s = s.trim();
        if s.split_whitespace().count() >= 3 {
            out.push(s.to_owned());
        }
    };
    for (i, c) in text.char_indices() {
        if matches!(c, '.' | '!' | '?' | '\n' | ';') {
            let end = i + c.len_utf8();
            if text[end..].is_empty() || text[end..].starts_with(char::is_whitespace) {
                push(&text[start..end]);
                start = end;
            }
        }
    }
    push(&text[start..]);
    out
}

/// The integrity notes of a screened transcript.
pub fn flags(seen: &Screened) -> Vec<String> {
    let mut flags = Vec::new();
    if seen.removed > 0 {
        flags.push(format!(
            "{} passage{} addressed to the assessor removed from {} answer{} before scoring",
            seen.removed,
            if seen.removed == 1 { "" } else { "s" },
            seen.answers_touched,
            if seen.answers_touched == 1 { "" } else { "s" },
        ));
    }
    flags
}

/// A dimension from its runs: scored when a majority of runs gave a level
/// with checked evidence (the median kept, its spread shown); otherwise
/// insufficient evidence, unsupported or failed, whichever most runs were.
fn aggregate(dim: &RubricDimension, runs: &[Run]) -> DimensionScore {
    let scale = dim.scale();
    let levels: Vec<Option<u32>> = runs
        .iter()
        .map(|r| match r {
            Run::Level { level, .. } => Some(*level),
            _ => None,
        })
        .collect();
    let given = levels.iter().flatten().count();
    let mut out = DimensionScore {
        name: dim.name.clone(),
        weight: dim.weight,
        status: DimensionStatus::Failed,
        level: None,
        label: None,
        score: None,
        runs: levels.clone(),
        spread: None,
        rationale: String::new(),
        evidence: Vec::new(),
        note: None,
        r#override: None,
    };
    let expected = match runs {
        [
            Run::Level {
                expected: Some(e), ..
            },
        ] => Some((e.level, e.spread)),
        _ => None,
    };
    if given * 2 > runs.len()
        && let Some((median, spread)) = expected.or_else(|| card::median(&levels))
    {
        out.status = DimensionStatus::Scored;
        out.level = Some(median);
        out.label = card::label_for(median, &scale);
        out.score = normalised(median, &scale);
        out.spread = Some(spread);
        // The evidence and rationale of the run closest to the median.
        let closest = runs
            .iter()
            .filter_map(|r| match r {
                Run::Level {
                    level,
                    rationale,
                    evidence,
                    ..
                } => Some((level, rationale, evidence)),
                _ => None,
            })
            .min_by(|a, b| {
                (*a.0 as f32 - median)
                    .abs()
                    .total_cmp(&(*b.0 as f32 - median).abs())
            });
        if let Some((_, rationale, evidence)) = closest {
            out.rationale = rationale.clone();
            out.evidence = evidence.clone();
        }
        return out;
    }
    let count = |f: fn(&Run) -> bool| runs.iter().filter(|r| f(r)).count();
    let insufficient = count(|r| matches!(r, Run::Insufficient));
    let unsupported = count(|r| matches!(r, Run::Unsupported(_)));
    let failed = count(|r| matches!(r, Run::Failed(_)));
    let first = |f: fn(&Run) -> Option<&String>| runs.iter().find_map(f).cloned();
    if insufficient >= unsupported.max(failed) && insufficient > 0 {
        out.status = DimensionStatus::InsufficientEvidence;
        out.note = Some(format!(
            "{insufficient} of {} runs found nothing in the answers that shows this dimension",
            runs.len()
        ));
    } else if unsupported >= failed && unsupported > 0 {
        out.status = DimensionStatus::Unsupported;
        out.note = first(|r| match r {
            Run::Unsupported(w) => Some(w),
            _ => None,
        });
    } else {
        out.status = DimensionStatus::Failed;
        out.note = first(|r| match r {
            Run::Failed(w) => Some(w),
            _ => None,
        });
    }
    if given > 0 {
        let note = out.note.take().unwrap_or_default();
        out.note = Some(format!(
            "{note} (only {given} of {} runs gave a level)",
            runs.len()
        ));
    }
    out
}
