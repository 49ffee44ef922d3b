//! The offline scorer, for when no model may or can run: per dimension,
//! the answers that speak to it (relevance: the embedding similarity of
//! the answer, or of the question it answers, to the dimension; or the
//! plan's own dimension for the question), and for those answers their
//! closeness to each level's description (embedding similarity, as an
//! expected position on the scale), their specificity (numbers, named
//! things, concrete length, few hedges) and, for a plan's question, the
//! share of its key points they cover (embedding similarity). The mix of the two is placed on
//! the scale by cut points chosen on one half of a public set and reported
//! on the other (`ats bench scoring`). Evidence is the answer's most
//! relevant sentence, verbatim. Labelled `offline` on the scorecard.

use super::card::{DimensionScore, DimensionStatus, Evidence, Reproducibility, Scorecard};
use super::screen;
use super::transcript::{Speaker, Transcript};
use super::{model::flags, normalised};
use crate::embed::{SentenceEncoder, cosine};
use crate::rubric::Rubric;

pub const VERSION: &str = "offline scorer v1";

/// The knobs, with the values chosen on the tuning half.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Tuning {
    /// An answer counts for a dimension at this relevance or above.
    pub relevant_at: f32,
    /// Below this best relevance the dimension has no evidence.
    pub evidence_at: f32,
    /// Weight of the level-description similarity against specificity.
    pub description_weight: f32,
    /// Softmax temperature over level similarities.
    pub temperature: f32,
    /// The mixed quality (0–1) at the scale's bottom and top.
    pub low: f32,
    pub high: f32,
}

/// Chosen by `ats bench scoring tests/fixtures/interviews/btr --offline
/// --fit` on the tuning half (resumes 0–4: pooled QWK 0.62); reported on
/// the other half.
pub const TUNED: Tuning = Tuning {
    relevant_at: 0.35,
    evidence_at: 0.15,
    description_weight: 0.25,
    temperature: 0.05,
    low: 0.30,
    high: 0.60,
};

const HEDGES: &[&str] = &[
    "mostly",
    "kind of",
    "sort of",
    "i guess",
    "probably",
    "maybe",
    "by eye",
    "as needed",
    "i think",
    "not sure",
    "usually",
    "pretty much",
    "stuff",
    "things like that",
    "whatever",
    "just",
    "somehow",
    "i suppose",
    "more or less",
    "a bit",
    "roughly",
    "basically",
    "i don't know",
    "honestly",
    "tbh",
];

/// 0–1: how concrete an answer is.
pub fn specificity(text: &str) -> f32 {
    let lower = text.to_lowercase();
    let words: Vec<&str> = text.split_whitespace().collect();
    let n = words.len().max(1) as f32;
    let numbers = words
        .iter()
        .filter(|w| w.chars().any(|c| c.is_ascii_digit()))
        .count() as f32;
    // Named things: capitalised words not opening a sentence, acronyms.
    let mut named = 0.0;
    for (i, w) in words.iter().enumerate() {
        let opens = i == 0 || words[i - 1].ends_with(['.', '!', '?', ':']);
        let w = w.trim_matches(|c: char| !c.is_alphanumeric());
        if !opens && w.chars().next().is_some_and(char::is_uppercase) && w != "I" {
            named += 1.0;
        }
    }
    let hedges = HEDGES
        .iter()
        .map(|h| lower.matches(h).count())
        .sum::<usize>() as f32;
    let length = (n.ln() / 120f32.ln()).min(1.2);
    let x = 1.2 * length + 8.0 * (numbers / n) + 4.0 * (named / n) - 12.0 * (hedges / n) - 1.0;
    1.0 / (1.0 + (-2.0 * x).exp())
}

#[derive(Debug, thiserror::Error)]
#[error("the offline scorer could not embed the transcript: {0}")]
pub struct OfflineError(pub String);

/// The plan's question behind a question id: its rubric dimension and the
/// key points a strong answer covers (stored interviews only).
pub type PlanLookup<'a> = &'a dyn Fn(&str) -> Option<(String, Vec<String>)>;

/// A key point counts as covered when a sentence of the answer is at least
/// this similar to it (MiniLM cosine; paraphrases score 0.5–0.8). Set by
/// design: the public set has no key points to tune it on.
pub const KEY_POINT_AT: f32 = 0.5;
/// An answer this similar to an earlier one is a repetition.
pub const REPEATED_AT: f32 = 0.9;
/// The weight of key-point coverage in an answer's quality, where the plan
/// gives key points.
pub const COVERAGE_WEIGHT: f32 = 0.4;

/// What the embedding model says about one answer for one dimension.
#[derive(Debug, Clone)]
pub struct AnswerFeature {
    /// Relevance to the dimension (1 for the plan's own dimension).
    pub relevance: f32,
    /// Similarity to each level's description, in scale order.
    pub sims: Vec<f32>,
    pub specificity: f32,
    /// Share of its question's key points the answer covers, when the plan
    /// gives key points.
    pub coverage: Option<f32>,
}

/// Everything the decision needs for one dimension, computed once.
#[derive(Debug, Clone)]
pub struct DimensionFeatures {
    pub answers: Vec<AnswerFeature>,
    /// The most relevant answer's sentence closest to the dimension.
    pub evidence: Option<Evidence>,
}

/// The embedding work: features of every answer for every dimension of a
/// screened (and blinded) transcript.
pub fn features(
    encoder: &SentenceEncoder,
    seen: &Transcript,
    rubric: &Rubric,
    plan: PlanLookup<'_>,
) -> Result<Vec<DimensionFeatures>, OfflineError> {
    let turns = &seen.turns;
    // Each answer with the question before it.
    let mut answers: Vec<(usize, &str, &str, Option<&str>)> = Vec::new();
    let mut question = "";
    for (i, t) in turns.iter().enumerate() {
        match t.role {
            Speaker::Interviewer => question = &t.message,
            Speaker::Candidate if !t.message.trim().is_empty() => {
                answers.push((i, &t.message, question, t.question_id.as_deref()))
            }
            Speaker::Candidate => {}
        }
    }
    let mut texts: Vec<String> = Vec::new();
    for (_, a, q, _) in &answers {
        texts.push((*a).to_owned());
        texts.push((*q).to_owned());
    }
    let dims_at = texts.len();
    for d in &rubric.dimensions {
        texts.push(format!("{}: {}", d.name.replace('_', " "), d.description));
    }
    let levels_at = texts.len();
    for d in &rubric.dimensions {
        for l in d.scale() {
            texts.push(l.description.clone());
        }
    }
    let refs: Vec<&str> = texts.iter().map(String::as_str).collect();
    let v = encoder
        .encode(&refs)
        .map_err(|e| OfflineError(e.to_string()))?;
    let specific: Vec<f32> = answers.iter().map(|(_, a, _, _)| specificity(a)).collect();
    let coverage: Vec<Option<f32>> = answers
        .iter()
        .map(|(_, a, _, qid)| {
            let points = qid.and_then(plan).map(|(_, p)| p).unwrap_or_default();
            key_point_coverage(encoder, a, &points)
        })
        .collect::<Result<_, _>>()?;
    // An answer that repeats an earlier one (near-identical embedding)
    // adds nothing: saying it twice is not more evidence.
    let repeated: Vec<bool> = (0..answers.len())
        .map(|i| (0..i).any(|j| cosine(&v[i * 2], &v[j * 2]) >= REPEATED_AT))
        .collect();
    let mut level_at = levels_at;
    let mut out = Vec::new();
    for (di, d) in rubric.dimensions.iter().enumerate() {
        let n = d.scale().len();
        let lv = &v[level_at..level_at + n];
        level_at += n;
        let dv = &v[dims_at + di];
        let feats: Vec<AnswerFeature> = answers
            .iter()
            .enumerate()
            .map(|(ai, (_, _, _, qid))| {
                let own = qid.and_then(plan).is_some_and(|(pd, _)| pd == d.name);
                AnswerFeature {
                    relevance: if repeated[ai] {
                        0.0
                    } else if own {
                        1.0
                    } else {
                        cosine(&v[ai * 2], dv).max(cosine(&v[ai * 2 + 1], dv))
                    },
                    sims: lv.iter().map(|l| cosine(&v[ai * 2], l)).collect(),
                    specificity: specific[ai],
                    coverage: coverage[ai],
                }
            })
            .collect();
        let best = feats
            .iter()
            .enumerate()
            .max_by(|a, b| a.1.relevance.total_cmp(&b.1.relevance))
            .map(|(i, _)| i);
        let mut evidence = None;
        if let Some(ai) = best {
            let (turn, answer, _, _) = answers[ai];
            let parts = super::model::sentences(answer);
            let refs: Vec<&str> = parts.iter().map(String::as_str).collect();
            if !parts.is_empty()
                && let Ok(sv) = encoder.encode(&refs)
                && let Some((si, _)) = sv
                    .iter()
                    .enumerate()
                    .max_by(|a, b| cosine(a.1, dv).total_cmp(&cosine(b.1, dv)))
            {
                evidence = Some(Evidence {
                    quote: parts[si].clone(),
                    turn,
                });
            }
        }
        out.push(DimensionFeatures {
            answers: feats,
            evidence,
        });
    }
    Ok(out)
}

/// Where the answers put the candidate, 0 (scale's bottom) to 1 (top),
/// with the best relevance; `None` when no answer speaks to it.
pub fn position(f: &DimensionFeatures, levels: usize, t: &Tuning) -> Option<(f32, f32)> {
    let steps = (levels.max(2) - 1) as f32;
    let best = f
        .answers
        .iter()
        .map(|a| a.relevance)
        .fold(f32::MIN, f32::max);
    if f.answers.is_empty() || best < t.evidence_at {
        return None;
    }
    let at = |a: &AnswerFeature| {
        let max = a.sims.iter().copied().fold(f32::MIN, f32::max);
        let exps: Vec<f32> = a
            .sims
            .iter()
            .map(|s| ((s - max) / t.temperature).exp())
            .collect();
        let total: f32 = exps.iter().sum();
        let described: f32 = exps
            .iter()
            .enumerate()
            .map(|(i, e)| e / total * i as f32 / steps)
            .sum();
        let quality =
            t.description_weight * described + (1.0 - t.description_weight) * a.specificity;
        match a.coverage {
            Some(c) => (1.0 - COVERAGE_WEIGHT) * quality + COVERAGE_WEIGHT * c,
            None => quality,
        }
    };
    let mut weighted = 0.0;
    let mut weights = 0.0;
    for a in f.answers.iter().filter(|a| a.relevance >= t.relevant_at) {
        weighted += a.relevance * at(a);
        weights += a.relevance;
    }
    let quality = if weights > 0.0 {
        weighted / weights
    } else {
        // Only the best answer, below the usual relevance.
        f.answers
            .iter()
            .max_by(|a, b| a.relevance.total_cmp(&b.relevance))
            .map_or(0.0, at)
    };
    Some((((quality - t.low) / (t.high - t.low)).clamp(0.0, 1.0), best))
}

/// The dimension's score from its features.
pub fn decide(
    d: &crate::rubric::RubricDimension,
    f: &DimensionFeatures,
    t: &Tuning,
) -> DimensionScore {
    let scale = d.scale();
    let mut out = DimensionScore {
        name: d.name.clone(),
        weight: d.weight,
        status: DimensionStatus::InsufficientEvidence,
        level: None,
        label: None,
        score: None,
        runs: vec![None],
        spread: None,
        rationale: String::new(),
        evidence: Vec::new(),
        note: None,
        r#override: None,
    };
    let Some((at, best)) = position(f, scale.len(), t) else {
        out.note = Some("no answer speaks to this dimension".into());
        return out;
    };
    let index = (at * (scale.len() as f32 - 1.0)).round() as usize;
    let level = scale[index.min(scale.len() - 1)].clone();
    out.status = DimensionStatus::Scored;
    out.level = Some(level.score as f32);
    out.label = Some(level.label.clone());
    out.score = normalised(level.score as f32, &scale);
    out.runs = vec![Some(level.score)];
    out.spread = Some(0);
    out.evidence = f.evidence.iter().cloned().collect();
    out.rationale = format!(
        "Offline estimate from {} relevant answer{} (best relevance {best:.2}): closest to the \u{201c}{}\u{201d} description in wording and concreteness.",
        f.answers
            .iter()
            .filter(|a| a.relevance >= t.relevant_at)
            .count()
            .max(1),
        if f.answers
            .iter()
            .filter(|a| a.relevance >= t.relevant_at)
            .count()
            > 1
        {
            "s"
        } else {
            ""
        },
        level.label
    );
    out
}

/// Share of `points` some sentence of `answer` covers; `None` without points.
fn key_point_coverage(
    encoder: &SentenceEncoder,
    answer: &str,
    points: &[String],
) -> Result<Option<f32>, OfflineError> {
    if points.is_empty() {
        return Ok(None);
    }
    let sentences = super::model::sentences(answer);
    if sentences.is_empty() {
        return Ok(Some(0.0));
    }
    let texts: Vec<&str> = points
        .iter()
        .map(String::as_str)
        .chain(sentences.iter().map(String::as_str))
        .collect();
    let v = encoder
        .encode(&texts)
        .map_err(|e| OfflineError(e.to_string()))?;
    let (pv, sv) = v.split_at(points.len());
    let covered = pv
        .iter()
        .filter(|p| sv.iter().any(|s| cosine(p, s) >= KEY_POINT_AT))
        .count();
    Ok(Some(covered as f32 / points.len() as f32))
}

/// Score with the embedding model only. `plan` gives the plan's question
/// behind a question id (dimension, key points), for stored interviews.
#[allow(clippy::too_many_arguments)]
pub fn score(
    encoder: &SentenceEncoder,
    transcript: &Transcript,
    rubric: &Rubric,
    names: &[String],
    plan: PlanLookup<'_>,
    blind: bool,
    interview_id: Option<String>,
    rubric_version: Option<i64>,
    tuning: Tuning,
) -> Result<Scorecard, OfflineError> {
    let seen = screen::prepare(transcript, blind, names);
    let feats = features(encoder, &seen.transcript, rubric, plan)?;
    let dimensions = rubric
        .dimensions
        .iter()
        .zip(&feats)
        .map(|(d, f)| decide(d, f, &tuning))
        .collect();
    Ok(Scorecard::assemble(
        interview_id,
        rubric,
        dimensions,
        flags(&seen),
        reproducibility(blind, rubric_version),
    ))
}

pub fn reproducibility(blind: bool, rubric_version: Option<i64>) -> Reproducibility {
    Reproducibility {
        scorer: "offline".into(),
        provider: "offline".into(),
        model: format!("{VERSION}; all-MiniLM-L6-v2"),
        model_sha256: None,
        prompts: Vec::new(),
        temperature: 0.0,
        seed: 0,
        k: 1,
        rubric_version,
        taxonomy_version: crate::skills::Taxonomy::builtin().version.clone(),
        blind,
        software: format!("ats {}", env!("CARGO_PKG_VERSION")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn concrete_answers_read_more_specific_than_vague_ones() {
        let vague = specificity(
            "I mostly just kind of adjusted things by eye and exported a few sizes as needed, basically.",
        );
        let concrete = specificity(
            "I set a 24px grid with 2px strokes, built 140 icons in Figma, and checked each at 16, 24 and 48px before handing the SVG set to the Shopify team.",
        );
        assert!(concrete > vague + 0.3, "{concrete} vs {vague}");
    }
}
