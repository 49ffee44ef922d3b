//! Adverse-impact reports (issue 11, fairness): does a job's interview
//! outcome fall unevenly on the groups candidates voluntarily said they
//! belong to?
//!
//! Self-identification is stored apart from the candidate record and only
//! the store's fairness methods read it (`store/fairness.rs`); nothing a
//! scorer, the matcher or the interviewer reads can reach it
//! (`tests/fairness.rs` guards that). This module is pure: outcomes and
//! self-identifications in, a [`FairnessReport`] out.
//!
//! What is computed, per group:
//! - the selection rate and its ratio to the highest group's rate, with the
//!   four-fifths rule of the Uniform Guidelines (29 CFR 1607.4(D)): a ratio
//!   under 0.8 is evidence of adverse impact;
//! - Fisher's exact test (two-sided) of the group against all other
//!   candidates who stated a group: is the difference more than chance?
//! - NYC Local Law 144's impact ratio for continuous scores: the share of
//!   the group scoring above the median of all candidates, over the highest
//!   group's share (6 RCNY § 5-301);
//! - a warning instead of a verdict where the group is too small to judge.
//!
//! Choices (each also stated in the report's notes):
//! - The unit is the candidate: one interviewed several times for the job
//!   counts once, with their best outcome (selected if any scorecard
//!   selects them, their highest overall).
//! - Candidates without an overall score (nothing could be scored) are left
//!   out of every figure and counted.
//! - "Decline to state" (and its variants, and an empty answer) is stored
//!   as [`DECLINED`]; such candidates, and those who gave no answer for the
//!   category, are counted but left out of rates, ratios and tests: an
//!   unknown category compared with known ones says nothing about either
//!   (LL144 asks for their number, not their ratio). They do count towards
//!   the median score, which LL144 takes over the full sample.
//! - Too small to judge: fewer than [`MIN_GROUP`] candidates. From five on,
//!   one candidate's outcome moves the group's rate by at most 20 points,
//!   the same margin the four-fifths rule allows (1 − 0.8); below it a
//!   single person decides the verdict. The Guidelines themselves say small
//!   numbers may not show adverse impact (1607.4(D)), and the EEOC's
//!   Questions and Answers (Q 20–21) ask for significance there. Groups
//!   under 2 % of the candidates are left out of LL144's ratio, as its
//!   rules allow, and are never the reference group.

mod stats;

pub use stats::{fisher_exact, median};

use crate::error::StoreError;
use crate::store::StoredScorecard;
use serde::{Deserialize, Serialize};
use stats::{four_fifths, widen};
use std::collections::{BTreeMap, BTreeSet};

/// A selection-rate ratio under this is evidence of adverse impact.
pub const FOUR_FIFTHS: f64 = 0.8;
/// Fewest candidates a group needs for a verdict (see the module docs).
pub const MIN_GROUP: usize = 5;
/// LL144: categories under this share of the data may be left out of the
/// impact-ratio calculation.
pub const LL144_MIN_SHARE: f64 = 0.02;
/// What every way of not stating a group is stored as.
pub const DECLINED: &str = "decline to state";
/// Joins the values of an intersectional group (`sex+race`).
pub const JOINER: &str = " · ";

/// Answers that state no group (compared case-insensitively).
const NOT_STATED: &[&str] = &[
    DECLINED,
    "declined to state",
    "declined",
    "decline",
    "prefer not to say",
    "prefer not to answer",
    "prefer not to disclose",
    "not disclosed",
    "undisclosed",
    "not stated",
    "unknown",
    "n/a",
];

/// Why a fairness operation failed, with a stable code.
#[derive(Debug, thiserror::Error)]
pub enum FairnessError {
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error("{0}")]
    Invalid(String),
}

impl FairnessError {
    pub fn code(&self) -> &'static str {
        match self {
            Self::Store(e) => e.code(),
            Self::Invalid(_) => "fairness.invalid",
        }
    }
}

/// A category as stored: trimmed, lower-case, inner spaces as `_`
/// (`Race / Ethnicity` → `race_/_ethnicity`). Not validated.
pub fn category_key(category: &str) -> String {
    category
        .split_whitespace()
        .collect::<Vec<_>>()
        .join("_")
        .to_lowercase()
}

/// A category to record under: [`category_key`], not empty, at most 64
/// characters, without `+` (which joins categories in a report).
pub fn category(category: &str) -> Result<String, FairnessError> {
    let key = category_key(category);
    if key.is_empty() || key.chars().count() > 64 || key.contains('+') {
        return Err(FairnessError::Invalid(format!(
            "a self-identification category is a word of up to 64 characters without '+', \
             such as gender (got {category:?})"
        )));
    }
    Ok(key)
}

/// A self-identified value as stored: trimmed, inner whitespace single
/// spaces, every way of not stating one (and nothing at all) as
/// [`DECLINED`]. At most 200 characters.
pub fn value(value: &str) -> Result<String, FairnessError> {
    let v = value.split_whitespace().collect::<Vec<_>>().join(" ");
    if v.chars().count() > 200 {
        return Err(FairnessError::Invalid(
            "a self-identified value has at most 200 characters".into(),
        ));
    }
    Ok(if is_declined(&v) { DECLINED.into() } else { v })
}

/// Whether a value states no group.
pub fn is_declined(value: &str) -> bool {
    let v = value.trim().to_lowercase();
    v.is_empty() || NOT_STATED.contains(&v.as_str())
}

/// One self-identification as stored.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SelfIdentification {
    pub candidate_id: String,
    pub category: String,
    pub value: String,
    pub recorded_at: String,
}

/// Who counts as selected.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(tag = "rule", rename_all = "snake_case")]
pub enum SelectionRule {
    /// The scorecard recommends `advance` (overall ≥ 70, or what a
    /// recruiter's override made of it).
    Advance,
    /// The overall score (0–100) is at least `at`.
    Threshold { at: f32 },
}

impl SelectionRule {
    /// The rule for an optional `--threshold`.
    pub fn from_threshold(at: Option<f32>) -> Result<Self, FairnessError> {
        match at {
            None => Ok(Self::Advance),
            Some(at) if (0.0..=100.0).contains(&at) => Ok(Self::Threshold { at }),
            Some(at) => Err(FairnessError::Invalid(format!(
                "a threshold is an overall score from 0 to 100 (got {at})"
            ))),
        }
    }

    pub fn selects(&self, outcome: &Outcome) -> bool {
        match self {
            Self::Advance => outcome.decision == "advance",
            Self::Threshold { at } => outcome.overall.is_some_and(|o| o >= *at),
        }
    }

    pub fn describe(&self) -> String {
        match self {
            Self::Advance => "selected: the scorecard recommends advance".into(),
            Self::Threshold { at } => format!("selected: overall score at least {at}"),
        }
    }
}

/// One scorecard's outcome, all a report needs of it.
#[derive(Debug, Clone, PartialEq)]
pub struct Outcome {
    pub candidate_id: String,
    /// 0–100; `None` when nothing could be scored.
    pub overall: Option<f32>,
    /// The recommendation's decision.
    pub decision: String,
}

impl Outcome {
    pub fn of(stored: &StoredScorecard) -> Self {
        Self {
            candidate_id: stored.candidate_id.clone(),
            overall: stored.card.overall,
            decision: stored.card.recommendation.decision.clone(),
        }
    }
}

/// How a report is computed.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct ReportOptions {
    pub rule: SelectionRule,
    /// Fewest candidates a group needs for a verdict.
    pub min_group: usize,
}

impl Default for ReportOptions {
    fn default() -> Self {
        Self {
            rule: SelectionRule::Advance,
            min_group: MIN_GROUP,
        }
    }
}

/// One group's figures.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct GroupStats {
    pub group: String,
    /// Candidates with an overall score.
    pub n: usize,
    /// Share of all scored candidates (those who stated no group included).
    pub share: f64,
    pub selected: usize,
    pub rate: f64,
    /// Rate over the reference group's rate; `None` when nobody was selected.
    pub impact_ratio: Option<f64>,
    /// Whether the ratio is at least 0.8; `None` where the group is too
    /// small to judge (or nobody was selected).
    pub four_fifths_ok: Option<bool>,
    /// Fisher's exact test of this group against all other groups,
    /// two-sided; `None` when there is no other group.
    pub fisher_p: Option<f64>,
    /// Candidates scoring above the median of all.
    pub above_median: usize,
    pub above_median_rate: f64,
    /// LL144: above-median rate over the highest group's; `None` for a
    /// group under 2 % of the candidates, or when nobody scored above.
    pub ll144_impact_ratio: Option<f64>,
    pub warning: Option<String>,
}

/// An adverse-impact report for one job and one category.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct FairnessReport {
    pub job: String,
    pub job_title: String,
    /// The category, or categories joined by `+` for intersections.
    pub category: String,
    pub selection_rule: SelectionRule,
    pub min_group: usize,
    /// Candidates with an overall score, whatever they stated.
    pub candidates: usize,
    /// Of those: stated "decline to state" (or the like).
    pub declined: usize,
    /// Of those: gave no answer for this category.
    pub not_recorded: usize,
    /// Candidates with scorecards but no overall score: left out.
    pub unscored: usize,
    /// Median overall of all candidates (LL144's sample).
    pub median_score: Option<f64>,
    /// The group the selection ratios are taken against.
    pub reference_group: Option<String>,
    /// Largest group first.
    pub groups: Vec<GroupStats>,
    pub notes: Vec<String>,
}

/// The job a report is about.
#[derive(Debug, Clone, PartialEq)]
pub struct JobRef {
    pub id: String,
    pub title: String,
}

/// Self-identifications of several categories as one intersectional one:
/// a candidate's values joined by [`JOINER`] in the order given; declined
/// when any of them is; left out unless they answered every category.
pub fn intersect(parts: &[Vec<(String, String)>]) -> Vec<(String, String)> {
    let Some((first, rest)) = parts.split_first() else {
        return Vec::new();
    };
    let maps: Vec<BTreeMap<&str, &str>> = rest
        .iter()
        .map(|p| p.iter().map(|(c, v)| (c.as_str(), v.as_str())).collect())
        .collect();
    first
        .iter()
        .filter_map(|(cand, v)| {
            let mut values = vec![v.as_str()];
            for m in &maps {
                values.push(m.get(cand.as_str())?);
            }
            let joined = if values.iter().any(|v| is_declined(v)) {
                DECLINED.to_owned()
            } else {
                values.join(JOINER)
            };
            Some((cand.clone(), joined))
        })
        .collect()
}

/// Each candidate's best outcome: (selected, highest overall), for those
/// with an overall; and how many had scorecards but no overall.
fn best_outcomes(
    outcomes: &[Outcome],
    rule: SelectionRule,
) -> (BTreeMap<&str, (bool, f64)>, usize) {
    let mut best: BTreeMap<&str, (bool, f64)> = BTreeMap::new();
    let mut seen = BTreeSet::new();
    for o in outcomes {
        seen.insert(o.candidate_id.as_str());
        let Some(score) = o.overall else { continue };
        let entry = best
            .entry(o.candidate_id.as_str())
            .or_insert((false, f64::NEG_INFINITY));
        entry.0 |= rule.selects(o);
        entry.1 = entry.1.max(widen(score));
    }
    let unscored = seen.len() - best.len();
    (best, unscored)
}

/// Group labels case-insensitively: each spelling to the group's label,
/// its most frequent spelling (ties: the first in order).
fn labels<'a>(values: impl Iterator<Item = &'a str>) -> BTreeMap<String, String> {
    let mut spellings: BTreeMap<String, BTreeMap<&str, usize>> = BTreeMap::new();
    for v in values {
        *spellings
            .entry(v.to_lowercase())
            .or_default()
            .entry(v)
            .or_default() += 1;
    }
    let mut label_of = BTreeMap::new();
    for forms in spellings.values() {
        let label = forms
            .iter()
            .max_by(|a, b| a.1.cmp(b.1).then(b.0.cmp(a.0)))
            .map(|(s, _)| (*s).to_owned())
            .unwrap_or_default();
        for s in forms.keys() {
            label_of.insert((*s).to_owned(), label.clone());
        }
    }
    label_of
}

fn ratio(rate: f64, reference: f64) -> Option<f64> {
    (reference > 0.0).then(|| rate / reference)
}

fn pct(x: f64) -> String {
    format!("{:.0} %", x * 100.0)
}

/// A share, to a tenth of a percent (2 % is a limit).
fn share(x: f64) -> String {
    format!("{:.1} %", x * 100.0)
}

/// The adverse-impact report of a job's outcomes by the groups in
/// `identities` (candidate id, value), for `category`.
pub fn report(
    job: &JobRef,
    category: &str,
    outcomes: &[Outcome],
    identities: &[(String, String)],
    options: &ReportOptions,
) -> FairnessReport {
    let rule = options.rule;
    let min_group = options.min_group.max(1);
    let (best, unscored) = best_outcomes(outcomes, rule);
    let stated: BTreeMap<&str, String> = identities
        .iter()
        .map(|(c, v)| (c.as_str(), value(v).unwrap_or_else(|_| v.trim().to_owned())))
        .collect();
    let label_of = labels(
        stated
            .iter()
            .filter(|(c, v)| best.contains_key(**c) && !is_declined(v))
            .map(|(_, v)| v.as_str()),
    );

    // (selected, score) per group.
    let mut members: BTreeMap<&str, Vec<(bool, f64)>> = BTreeMap::new();
    let (mut declined, mut not_recorded) = (0, 0);
    for (cand, outcome) in &best {
        match stated.get(cand) {
            None => not_recorded += 1,
            Some(v) if is_declined(v) => declined += 1,
            Some(v) => members
                .entry(label_of[v.as_str()].as_str())
                .or_default()
                .push(*outcome),
        }
    }
    let total = best.len();
    let scores: Vec<f64> = best.values().map(|(_, s)| *s).collect();
    let median_score = median(&scores);
    let stated_n: usize = members.values().map(Vec::len).sum();
    let stated_selected: usize = members
        .values()
        .map(|m| m.iter().filter(|(s, _)| *s).count())
        .sum();

    let mut groups: Vec<GroupStats> = members
        .iter()
        .map(|(group, m)| {
            let n = m.len();
            let selected = m.iter().filter(|(s, _)| *s).count();
            let above = m
                .iter()
                .filter(|(_, s)| median_score.is_some_and(|md| *s > md))
                .count();
            let others = stated_n - n;
            GroupStats {
                group: (*group).to_owned(),
                n,
                share: n as f64 / total as f64,
                selected,
                rate: selected as f64 / n as f64,
                impact_ratio: None,
                four_fifths_ok: None,
                fisher_p: (others > 0).then(|| {
                    let sel_others = stated_selected - selected;
                    fisher_exact(selected, n - selected, sel_others, others - sel_others)
                }),
                above_median: above,
                above_median_rate: above as f64 / n as f64,
                ll144_impact_ratio: None,
                warning: None,
            }
        })
        .collect();
    groups.sort_by(|a, b| b.n.cmp(&a.n).then_with(|| a.group.cmp(&b.group)));

    let judgeable = |g: &GroupStats| g.n >= min_group && g.share >= LL144_MIN_SHARE;
    let any_judgeable = groups.iter().any(judgeable);
    // The reference: the highest rate among groups large enough to judge
    // (among all groups when none is; then no verdict is given).
    let reference = groups
        .iter()
        .filter(|g| judgeable(g) || !any_judgeable)
        .max_by(|a, b| a.rate.total_cmp(&b.rate).then(b.group.cmp(&a.group)))
        .map(|g| (g.group.clone(), g.selected, g.n));
    let ref_rate = reference.as_ref().map_or(0.0, |r| r.1 as f64 / r.2 as f64);
    let ll_ref = groups
        .iter()
        .filter(|g| g.share >= LL144_MIN_SHARE)
        .map(|g| g.above_median_rate)
        .fold(0.0, f64::max);

    for g in &mut groups {
        g.impact_ratio = ratio(g.rate, ref_rate);
        if g.share >= LL144_MIN_SHARE {
            g.ll144_impact_ratio = ratio(g.above_median_rate, ll_ref);
        }
        let mut warnings = Vec::new();
        if g.n < min_group {
            warnings.push(format!(
                "too small to judge: {} candidate{}, fewer than {min_group}; one candidate \
                 moves its rate by {}",
                g.n,
                if g.n == 1 { "" } else { "s" },
                pct(1.0 / g.n as f64)
            ));
        } else if g.share < LL144_MIN_SHARE {
            warnings.push(format!(
                "too small to judge: {} of the candidates, under LL144's 2 %",
                share(g.share)
            ));
        } else if let Some((name, ref_selected, ref_n)) =
            reference.as_ref().filter(|_| ref_rate > 0.0)
        {
            // In whole numbers, so a ratio of exactly 0.8 passes.
            let passes = |selected: usize| four_fifths(selected, g.n, *ref_selected, *ref_n);
            let ok = passes(g.selected);
            g.four_fifths_ok = Some(ok);
            // Would one candidate's outcome turn the verdict?
            let flips = if ok {
                g.selected > 0 && *name != g.group && !passes(g.selected - 1)
            } else {
                passes(g.selected + 1)
            };
            if flips {
                warnings.push(
                    if ok {
                        "the four-fifths verdict turns on one candidate: one fewer selected \
                         would fail it"
                    } else {
                        "the four-fifths verdict turns on one candidate: one more selected \
                         would pass it"
                    }
                    .to_owned(),
                );
            }
        }
        g.warning = (!warnings.is_empty()).then(|| warnings.join("; "));
    }

    let mut report = FairnessReport {
        job: job.id.clone(),
        job_title: job.title.clone(),
        category: category.to_owned(),
        selection_rule: rule,
        min_group,
        candidates: total,
        declined,
        not_recorded,
        unscored,
        median_score,
        reference_group: reference.map(|r| r.0),
        groups,
        notes: Vec::new(),
    };
    report.notes = notes(&report, any_judgeable, ref_rate);
    report
}

/// What the reader needs to read the figures: the rule, who was left out
/// and why, what the ratios are against.
fn notes(r: &FairnessReport, any_judgeable: bool, ref_rate: f64) -> Vec<String> {
    let (category, min_group, groups) = (&r.category, r.min_group, &r.groups);
    let (declined, not_recorded, unscored) = (r.declined, r.not_recorded, r.unscored);
    let mut notes = vec![format!(
        "{}; each candidate counts once, with their best outcome for this job",
        r.selection_rule.describe()
    )];
    if declined + not_recorded > 0 {
        notes.push(format!(
            "{declined} declined to state and {not_recorded} gave no answer for {category}: \
             counted, left out of rates, ratios and tests (their scores count towards the median)"
        ));
    }
    if unscored > 0 {
        notes.push(format!(
            "{unscored} candidate{} without an overall score (nothing could be scored): left out",
            if unscored == 1 { "" } else { "s" }
        ));
    }
    match (&r.reference_group, any_judgeable) {
        _ if groups.len() < 2 => notes.push(format!(
            "fewer than two groups stated {category}: nothing to compare"
        )),
        (Some(_), _) if ref_rate <= 0.0 => {
            notes.push("nobody was selected: selection-rate ratios are undefined".into())
        }
        (Some(name), true) => notes.push(format!(
            "selection ratios are against {name} ({}), the highest rate among groups of at \
             least {min_group} candidates and 2 %; under {FOUR_FIFTHS} fails the four-fifths rule \
             (29 CFR 1607.4(D)), a rule of thumb, not a finding: a failure with Fisher's \
             p < 0.05 is the pattern to look into",
            pct(ref_rate)
        )),
        _ => {}
    }
    if !any_judgeable && !groups.is_empty() {
        notes.push(format!(
            "no group has {min_group} or more candidates and 2 %: no verdict"
        ));
    }
    for g in groups.iter().filter(|g| g.share < LL144_MIN_SHARE) {
        notes.push(format!(
            "{} is {} of the candidates, under 2 %: left out of the LL144 impact ratio, \
             as its rules allow",
            g.group,
            share(g.share)
        ));
    }
    match r.median_score {
        Some(m) => notes.push(format!(
            "LL144: the share of each group scoring above the median overall of all {} \
             candidates ({m:.1}), over the highest group's share",
            r.candidates
        )),
        None => notes.push("no overall scores: no LL144 impact ratio".into()),
    }

    notes
}

#[cfg(test)]
mod tests;
