//! The scorecard: what was scored, with what evidence and how stably, what
//! was not and why, what follows from it, who overrode what, and how to
//! reproduce it.

use super::{normalised, overall};
use crate::rubric::{Level, Rubric};
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DimensionStatus {
    /// A level with checked evidence.
    Scored,
    /// The candidate said nothing that shows this dimension.
    InsufficientEvidence,
    /// The model's evidence did not occur in the candidate's words, twice.
    Unsupported,
    /// No usable reply (an error, an unparsable reply, a time-out).
    Failed,
}

impl DimensionStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Scored => "scored",
            Self::InsufficientEvidence => "insufficient evidence",
            Self::Unsupported => "unsupported",
            Self::Failed => "failed",
        }
    }
}

/// A passage of the candidate's own words, found verbatim.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Evidence {
    pub quote: String,
    /// Index of the transcript turn it occurs in.
    pub turn: usize,
}

/// A recruiter's correction of one dimension; the original stays.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Override {
    pub level: u32,
    pub reason: String,
    pub by: String,
    pub at: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DimensionScore {
    pub name: String,
    pub weight: f32,
    pub status: DimensionStatus,
    /// The median level over the runs, or the level the model's
    /// probabilities expect (on the dimension's scale; may fall between two
    /// levels).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub level: Option<f32>,
    /// The label of the level (the nearest one).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub label: Option<String>,
    /// The level as 0–100 on its scale.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub score: Option<f32>,
    /// Each run's level (`None`: that run found no evidence or failed).
    pub runs: Vec<Option<u32>>,
    /// Highest minus lowest level over the runs that gave one (for an
    /// expected level: from its 10th to its 90th percentile).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub spread: Option<u32>,
    pub rationale: String,
    pub evidence: Vec<Evidence>,
    /// Why it is not scored, or what went wrong on the way.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub r#override: Option<Override>,
}

impl DimensionScore {
    /// The score that counts: the override's when there is one.
    pub fn effective_score(&self, scale: &[Level]) -> Option<f32> {
        match &self.r#override {
            Some(o) => normalised(o.level as f32, scale),
            None => self.score,
        }
    }
}

/// How to get the same scorecard again.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Reproducibility {
    /// `model` or `offline`.
    pub scorer: String,
    pub provider: String,
    pub model: String,
    /// The sha256 of the weights, for local models.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub model_sha256: Option<String>,
    /// Prompt templates as `id@version`.
    pub prompts: Vec<String>,
    pub temperature: f32,
    pub seed: u64,
    pub k: u32,
    /// How a dimension's level came from the model's replies: the median
    /// of the k runs, or the level expected from the model's token
    /// probabilities in one run (empty for the offline scorer).
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub level_rule: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rubric_version: Option<i64>,
    pub taxonomy_version: String,
    pub blind: bool,
    pub software: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Recommendation {
    /// `advance`, `consider` or `do not advance`.
    pub decision: String,
    /// 0–1: how settled the evidence is (dimensions scored, agreement of
    /// the runs, distance from the thresholds).
    pub confidence: f32,
    pub note: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Scorecard {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub interview_id: Option<String>,
    pub dimensions: Vec<DimensionScore>,
    /// 0–100 over the scored dimensions, overrides applied.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub overall: Option<f32>,
    /// The overall before any override, when one changed it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub original_overall: Option<f32>,
    pub summary: String,
    pub strengths: Vec<String>,
    pub concerns: Vec<String>,
    pub recommendation: Recommendation,
    /// Integrity notes: text addressed to the assessor removed, …
    pub flags: Vec<String>,
    pub reproducibility: Reproducibility,
    pub created_at: String,
}

/// Overall at or above this: advance; below [`CONSIDER_AT`]: do not.
pub const ADVANCE_AT: f32 = 70.0;
pub const CONSIDER_AT: f32 = 45.0;

impl Scorecard {
    /// Put together the parts every scorer produces: the overall, the
    /// summary, strengths, concerns and the recommendation.
    pub fn assemble(
        interview_id: Option<String>,
        rubric: &Rubric,
        dimensions: Vec<DimensionScore>,
        flags: Vec<String>,
        reproducibility: Reproducibility,
    ) -> Self {
        let mut card = Scorecard {
            interview_id,
            dimensions,
            overall: None,
            original_overall: None,
            summary: String::new(),
            strengths: Vec::new(),
            concerns: Vec::new(),
            recommendation: Recommendation {
                decision: String::new(),
                confidence: 0.0,
                note: String::new(),
            },
            flags,
            reproducibility,
            created_at: chrono::Utc::now().to_rfc3339_opts(chrono::SecondsFormat::Secs, true),
        };
        card.refresh(rubric);
        card
    }

    /// Recompute what follows from the dimensions (after an override).
    pub fn refresh(&mut self, rubric: &Rubric) {
        let scale = |name: &str| crate::rubric::scale_of(rubric, name);
        let effective: Vec<(f32, Option<f32>)> = self
            .dimensions
            .iter()
            .map(|d| (d.weight, d.effective_score(&scale(&d.name))))
            .collect();
        let original: Vec<(f32, Option<f32>)> = self
            .dimensions
            .iter()
            .map(|d| (d.weight, d.score))
            .collect();
        self.overall = overall(&effective);
        let before = overall(&original);
        self.original_overall = (before != self.overall).then_some(before).flatten();

        self.strengths.clear();
        self.concerns.clear();
        for (d, (_, s)) in self.dimensions.iter().zip(&effective) {
            // The label that counts: the override's when there is one.
            let label = d
                .r#override
                .as_ref()
                .and_then(|o| label_for(o.level as f32, &scale(&d.name)))
                .or_else(|| d.label.clone());
            let quote = d
                .evidence
                .first()
                .map(|e| format!(": \u{201c}{}\u{201d}", e.quote))
                .unwrap_or_default();
            match (d.status, s) {
                (_, Some(s)) if *s >= 75.0 => self.strengths.push(format!(
                    "{} ({}){quote}",
                    d.name,
                    label.as_deref().unwrap_or("high")
                )),
                (_, Some(s)) if *s <= 25.0 => self.concerns.push(format!(
                    "{} ({}){quote}",
                    d.name,
                    label.as_deref().unwrap_or("low")
                )),
                (DimensionStatus::Scored, _) | (_, Some(_)) => {}
                (status, None) => {
                    self.concerns
                        .push(format!("{}: not scored ({})", d.name, status.as_str()))
                }
            }
        }
        let scored = effective.iter().filter(|(_, s)| s.is_some()).count();
        let total = self.dimensions.len();
        self.recommendation = recommend(self.overall, scored, total, &self.dimensions);
        self.summary = match self.overall {
            Some(o) => format!(
                "Overall {o:.0}/100 over {scored} of {total} dimensions{}. {} strength{}, {} concern{}.",
                if self.original_overall.is_some() {
                    " (with a recruiter's override)"
                } else {
                    ""
                },
                self.strengths.len(),
                if self.strengths.len() == 1 { "" } else { "s" },
                self.concerns.len(),
                if self.concerns.len() == 1 { "" } else { "s" },
            ),
            None => format!("No dimension could be scored ({total} in the rubric)."),
        };
    }
}

fn recommend(
    overall: Option<f32>,
    scored: usize,
    total: usize,
    dims: &[DimensionScore],
) -> Recommendation {
    let note = "A recommendation only: a person decides.".to_owned();
    let Some(o) = overall else {
        return Recommendation {
            decision: "no recommendation".into(),
            confidence: 0.0,
            note,
        };
    };
    let decision = if o >= ADVANCE_AT {
        "advance"
    } else if o >= CONSIDER_AT {
        "consider"
    } else {
        "do not advance"
    };
    let coverage = scored as f32 / total.max(1) as f32;
    // Agreement: 1 when every run of every dimension gave the same level.
    let spreads: Vec<f32> = dims
        .iter()
        .filter_map(|d| d.spread.map(|s| s as f32))
        .collect();
    let agreement = if spreads.is_empty() {
        1.0
    } else {
        1.0 / (1.0 + spreads.iter().sum::<f32>() / spreads.len() as f32)
    };
    let margin = [ADVANCE_AT, CONSIDER_AT]
        .iter()
        .map(|t| (o - t).abs())
        .fold(f32::MAX, f32::min);
    let distance = (0.5 + margin / 30.0).min(1.0);
    let confidence = ((coverage * agreement * distance) * 100.0).round() / 100.0;
    Recommendation {
        decision: decision.into(),
        confidence,
        note,
    }
}

/// The median of the levels the runs gave, and their spread.
pub fn median(runs: &[Option<u32>]) -> Option<(f32, u32)> {
    let mut given: Vec<u32> = runs.iter().flatten().copied().collect();
    if given.is_empty() {
        return None;
    }
    given.sort_unstable();
    let n = given.len();
    let m = if n % 2 == 1 {
        given[n / 2] as f32
    } else {
        (given[n / 2 - 1] + given[n / 2]) as f32 / 2.0
    };
    Some((m, given[n - 1] - given[0]))
}

/// The label of the level nearest a (median) score.
pub fn label_for(score: f32, scale: &[Level]) -> Option<String> {
    scale
        .iter()
        .min_by(|a, b| {
            (a.score as f32 - score)
                .abs()
                .total_cmp(&(b.score as f32 - score).abs())
                // On a tie (2.5 between 2 and 3) the lower level.
                .then(a.score.cmp(&b.score))
        })
        .map(|l| l.label.clone())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_median_and_spread_of_runs() {
        assert_eq!(median(&[Some(3), Some(1), Some(2)]), Some((2.0, 2)));
        assert_eq!(median(&[Some(3), None, Some(2)]), Some((2.5, 1)));
        assert_eq!(median(&[None, None]), None);
    }
}
