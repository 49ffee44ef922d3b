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

pub const VERSION: &str = "offline scorer v2";

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
    /// Weight of the share of each level's behaviours the answer shows
    /// (sentence by sentence); the rest of the weight is specificity.
    pub anchor_weight: f32,
    /// The mixed quality (0–1) at the scale's bottom and top.
    pub low: f32,
    pub high: f32,
    /// How much the question's relevance stands for its answer's (0: the
    /// answer's own words only, 1: a generic answer to a question on the
    /// dimension counts as fully relevant).
    pub question_weight: f32,
    /// An answer at least this similar to an earlier one is a repetition
    /// and adds nothing.
    pub repeated_at: f32,
    /// An answer below this specificity (a thank-you, a one-line aside)
    /// carries no evidence.
    pub informative_at: f32,
    /// Relevance weights are raised to this power: the higher, the more the
    /// answers most about the dimension outweigh the rest.
    pub sharpness: f32,
}

/// Chosen by `ats bench scoring tests/fixtures/interviews/btr --offline
/// --fit --domains gd` on the tuning half (resumes 0–4: pooled QWK 0.73)
/// and the graphic-design metamorphic tests (73 % of them pass); reported
/// on the other half and on the ml and sales metamorphic tests, never seen
/// by the fit.
pub const TUNED: Tuning = Tuning {
    relevant_at: 0.178,
    evidence_at: 0.137,
    description_weight: 0.062,
    anchor_weight: 0.101,
    temperature: 0.01,
    low: 0.370,
    high: 0.559,
    question_weight: 0.685,
    repeated_at: 0.573,
    informative_at: 0.0,
    sharpness: 4.14,
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
/// The weight of key-point coverage in an answer's quality, where the plan
/// gives key points.
pub const COVERAGE_WEIGHT: f32 = 0.4;

/// What the embedding model says about one answer for one dimension.
#[derive(Debug, Clone)]
pub struct AnswerFeature {
    /// The answer's relevance to the dimension (1 for the plan's own
    /// dimension).
    pub relevance: f32,
    /// The relevance of the question it answers.
    pub asked: f32,
    /// Its highest similarity to an earlier answer.
    pub echo: f32,
    /// Similarity to each level's description, in scale order.
    pub sims: Vec<f32>,
    /// For each level, the share of its description's behaviours (its
    /// sentences) some sentence of the answer shows (the mean of each
    /// behaviour's best sentence similarity), in scale order.
    pub anchors: Vec<f32>,
    pub specificity: f32,
    /// Share of its question's key points the answer covers, when the plan
    /// gives key points.
    pub coverage: Option<f32>,
    /// Its sentence closest to the dimension, with the answer's turn.
    pub quote: Option<Evidence>,
}

/// Everything the decision needs for one dimension, computed once.
#[derive(Debug, Clone)]
pub struct DimensionFeatures {
    pub answers: Vec<AnswerFeature>,
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
    // How close each answer comes to an earlier one: saying it twice is
    // not more evidence (the tuning says how close is a repetition).
    let echo: Vec<f32> = (0..answers.len())
        .map(|i| {
            (0..i)
                .map(|j| cosine(&v[i * 2], &v[j * 2]))
                .fold(0.0, f32::max)
        })
        .collect();
    // What a dimension is about: its name and description with its level
    // anchors (a rubric's name alone, "Composition", says little).
    let mut topics: Vec<Vec<f32>> = Vec::new();
    let mut level_at = levels_at;
    for (di, d) in rubric.dimensions.iter().enumerate() {
        let n = d.scale().len();
        let mut t = v[dims_at + di].clone();
        for l in &v[level_at..level_at + n] {
            for (x, y) in t.iter_mut().zip(l) {
                *x += y / n as f32;
            }
        }
        let norm = t.iter().map(|x| x * x).sum::<f32>().sqrt().max(1e-6);
        t.iter_mut().for_each(|x| *x /= norm);
        topics.push(t);
        level_at += n;
    }
    let mut level_at = levels_at;
    let mut out = Vec::new();
    for (di, d) in rubric.dimensions.iter().enumerate() {
        let n = d.scale().len();
        let lv = &v[level_at..level_at + n];
        level_at += n;
        let dv = &topics[di];
        let feats: Vec<AnswerFeature> = answers
            .iter()
            .enumerate()
            .map(|(ai, (_, _, _, qid))| {
                let own = qid.and_then(plan).is_some_and(|(pd, _)| pd == d.name);
                AnswerFeature {
                    relevance: if own { 1.0 } else { cosine(&v[ai * 2], dv) },
                    asked: if own { 1.0 } else { cosine(&v[ai * 2 + 1], dv) },
                    echo: echo[ai],
                    sims: lv.iter().map(|l| cosine(&v[ai * 2], l)).collect(),
                    specificity: specific[ai],
                    coverage: coverage[ai],
                    anchors: Vec::new(),
                    quote: None,
                }
            })
            .collect();
        out.push(DimensionFeatures { answers: feats });
    }
    // Each answer's sentence closest to each dimension: the quote shown
    // when that answer is the dimension's evidence.
    let mut sentences: Vec<(usize, String)> = Vec::new();
    for (ai, (_, a, _, _)) in answers.iter().enumerate() {
        sentences.extend(super::model::sentences(a).into_iter().map(|s| (ai, s)));
    }
    if !sentences.is_empty() {
        let refs: Vec<&str> = sentences.iter().map(|(_, s)| s.as_str()).collect();
        let sv = encoder
            .encode(&refs)
            .map_err(|e| OfflineError(e.to_string()))?;
        // The behaviours each level's description names, one a sentence.
        let mut behaviours: Vec<Vec<String>> = Vec::new();
        for d in &rubric.dimensions {
            for l in d.scale() {
                behaviours.push(super::model::sentences(&l.description));
            }
        }
        let flat: Vec<&str> = behaviours.iter().flatten().map(String::as_str).collect();
        let bv = encoder
            .encode(&flat)
            .map_err(|e| OfflineError(e.to_string()))?;
        let mut level_behaviours = Vec::new();
        let mut at = 0;
        for b in &behaviours {
            level_behaviours.push(&bv[at..at + b.len()]);
            at += b.len();
        }
        let mut level_at = 0;
        for (di, f) in out.iter_mut().enumerate() {
            let dv = &topics[di];
            let n = rubric.dimensions[di].scale().len();
            let levels = &level_behaviours[level_at..level_at + n];
            level_at += n;
            for (ai, feat) in f.answers.iter_mut().enumerate() {
                let own: Vec<&Vec<f32>> = sentences
                    .iter()
                    .zip(&sv)
                    .filter(|((owner, _), _)| *owner == ai)
                    .map(|(_, v)| v)
                    .collect();
                feat.anchors = levels
                    .iter()
                    .map(|bs| {
                        let shown: f32 = bs
                            .iter()
                            .map(|b| own.iter().map(|s| cosine(s, b)).fold(0.0, f32::max))
                            .sum();
                        shown / bs.len().max(1) as f32
                    })
                    .collect();
                feat.quote = sentences
                    .iter()
                    .zip(&sv)
                    .filter(|((owner, _), _)| *owner == ai)
                    .max_by(|x, y| cosine(x.1, dv).total_cmp(&cosine(y.1, dv)))
                    .map(|((_, s), _)| Evidence {
                        quote: s.clone(),
                        turn: answers[ai].0,
                    });
            }
        }
    }
    Ok(out)
}

impl AnswerFeature {
    /// How much the answer speaks to the dimension under the tuning: 0 for
    /// a repetition, else the answer's relevance or (weighted) its
    /// question's.
    pub fn weight(&self, t: &Tuning) -> f32 {
        if self.echo >= t.repeated_at {
            return 0.0;
        }
        self.relevance.max(t.question_weight * self.asked)
    }

    /// Whether it counts as evidence at all.
    pub fn counts(&self, t: &Tuning) -> bool {
        self.weight(t) >= t.relevant_at && self.specificity >= t.informative_at
    }

    /// Its quality, 0–1: the level descriptions it reads closest to, its
    /// concreteness and the key points it covers.
    fn quality(&self, steps: f32, t: &Tuning) -> f32 {
        let described = expected(&self.sims, t.temperature, steps);
        let anchored = expected(&self.anchors, t.temperature, steps);
        let rest = (1.0 - t.description_weight - t.anchor_weight).max(0.0);
        let quality =
            t.description_weight * described + t.anchor_weight * anchored + rest * self.specificity;
        match self.coverage {
            Some(c) => (1.0 - COVERAGE_WEIGHT) * quality + COVERAGE_WEIGHT * c,
            None => quality,
        }
    }
}

/// The expected position (0–1) on the scale under a softmax of per-level
/// similarities; the middle when there are none.
fn expected(sims: &[f32], temperature: f32, steps: f32) -> f32 {
    if sims.is_empty() {
        return 0.5;
    }
    let max = sims.iter().copied().fold(f32::MIN, f32::max);
    let exps: Vec<f32> = sims
        .iter()
        .map(|s| ((s - max) / temperature).exp())
        .collect();
    let total: f32 = exps.iter().sum();
    exps.iter()
        .enumerate()
        .map(|(i, e)| e / total * i as f32 / steps)
        .sum()
}

/// Where the answers put the candidate on one dimension.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Position {
    /// 0 (the scale's bottom) to 1 (its top).
    pub at: f32,
    /// How many answers counted.
    pub answers: usize,
    /// The answer that weighed most (its index).
    pub strongest: usize,
}

/// Where the answers put the candidate; `None` when no answer speaks to
/// the dimension. The answers that count are averaged by their weight
/// raised to the tuning's sharpness.
pub fn position(f: &DimensionFeatures, levels: usize, t: &Tuning) -> Option<Position> {
    let steps = (levels.max(2) - 1) as f32;
    let mut counted: Vec<(usize, f32)> = f
        .answers
        .iter()
        .enumerate()
        .filter(|(_, a)| a.counts(t))
        .map(|(i, a)| (i, a.weight(t).max(1e-6).powf(t.sharpness)))
        .collect();
    if counted.is_empty() {
        // Only the most relevant informative answer, below the usual
        // relevance but above the evidence floor.
        let (i, a) = f
            .answers
            .iter()
            .enumerate()
            .filter(|(_, a)| a.specificity >= t.informative_at)
            .max_by(|a, b| a.1.weight(t).total_cmp(&b.1.weight(t)))?;
        if a.weight(t) < t.evidence_at {
            return None;
        }
        counted.push((i, 1.0));
    }
    let total: f32 = counted.iter().map(|(_, w)| w).sum();
    let quality: f32 = counted
        .iter()
        .map(|(i, w)| w * f.answers[*i].quality(steps, t))
        .sum::<f32>()
        / total;
    let strongest = counted
        .iter()
        .max_by(|a, b| a.1.total_cmp(&b.1))
        .map_or(0, |(i, _)| *i);
    Some(Position {
        at: ((quality - t.low) / (t.high - t.low)).clamp(0.0, 1.0),
        answers: counted.len(),
        strongest,
    })
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
    let Some(p) = position(f, scale.len(), t) else {
        out.note = Some("no answer speaks to this dimension".into());
        return out;
    };
    let index = (p.at * (scale.len() as f32 - 1.0)).round() as usize;
    let level = scale[index.min(scale.len() - 1)].clone();
    out.status = DimensionStatus::Scored;
    out.level = Some(level.score as f32);
    out.label = Some(level.label.clone());
    out.score = normalised(level.score as f32, &scale);
    out.runs = vec![Some(level.score)];
    out.spread = Some(0);
    out.evidence = f.answers[p.strongest].quote.iter().cloned().collect();
    out.rationale = format!(
        "Offline estimate from {} relevant answer{}: closest to the \u{201c}{}\u{201d} description in wording and concreteness.",
        p.answers,
        if p.answers > 1 { "s" } else { "" },
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
        level_rule: String::new(),
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
