//! Candidate ↔ job fit: a 0–100 score with an explanation per requirement.
//!
//! Only job-relevant facts count: the skills a resume shows (with years of
//! use) and total experience. Name, gender, age, photo and address are never
//! inputs — the profile type does not even carry them.

pub mod semantic;

use crate::jobs::JobAnalysis;
use crate::resume::JsonResume;
use crate::skills::{SkillMatcher, skills_in_text, years_by_skill};
pub use semantic::{PhraseVectors, Query};
use serde::{Deserialize, Serialize};
use std::collections::HashMap;

/// The facts about a candidate that matching may use.
#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq)]
pub struct CandidateProfile {
    pub skills: Vec<ProfileSkill>,
    pub experience_months: Option<u32>,
    /// Embedded evidence phrases (stored apart from the skills; absent
    /// until embedded, or when no sentence model is installed).
    #[serde(skip)]
    pub phrases: Option<PhraseVectors>,
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct ProfileSkill {
    pub skill: String,
    pub years: Option<f32>,
    pub evidence: String,
}

/// Build a profile from a parsed resume and its text.
pub fn profile_of(
    resume: &JsonResume,
    text: &str,
    matcher: &SkillMatcher,
    reference: chrono::NaiveDate,
) -> CandidateProfile {
    let years = years_by_skill(matcher, resume, reference);
    let skills = skills_in_text(matcher, text)
        .into_iter()
        .map(|f| ProfileSkill {
            years: years.get(&f.skill).copied(),
            evidence: f
                .mentions
                .first()
                .map(|m| m.text.clone())
                .unwrap_or_default(),
            skill: f.skill,
        })
        .collect();
    CandidateProfile {
        skills,
        experience_months: resume
            .x_ats
            .as_ref()
            .and_then(|x| x.total_experience_months),
        phrases: None,
    }
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct Fit {
    /// 0–100.
    pub score: f32,
    pub must_have: Vec<RequirementMatch>,
    pub nice_to_have: Vec<RequirementMatch>,
    pub experience: ExperienceMatch,
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct RequirementMatch {
    pub skill: String,
    /// `taxonomy` or `phrase`, as in the job analysis.
    #[serde(default = "taxonomy")]
    pub kind: String,
    pub met: bool,
    /// For phrase requirements: the cosine of the best resume phrase.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub similarity: Option<f64>,
    /// What in the resume shows it ("Kubernetes, 3.5 years").
    #[serde(skip_serializing_if = "Option::is_none")]
    pub evidence: Option<String>,
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct ExperienceMatch {
    pub required_years: Option<u32>,
    pub candidate_years: Option<f32>,
    pub met: Option<bool>,
}

fn taxonomy() -> String {
    "taxonomy".into()
}

/// Embedded requirement phrases of a job, by phrase.
pub type RequirementVectors = HashMap<String, Query>;

/// Weights of the parts of the score.
const MUST: f32 = 0.65;
const NICE: f32 = 0.15;
const YEARS: f32 = 0.20;

/// A phrase requirement counts this much of a taxonomy skill in the share
/// of requirements met (its evidence is a similarity, not an exact match).
const PHRASE_WEIGHT: f32 = 0.5;

/// Score a profile against a job. Taxonomy requirements are met by the
/// skill itself; phrase requirements by the most similar resume phrase
/// (cosine ≥ [`semantic::MET_AT`]) when both sides are embedded, and left
/// out of the score otherwise.
pub fn fit(job: &JobAnalysis, vectors: &RequirementVectors, profile: &CandidateProfile) -> Fit {
    let check = |reqs: &[crate::jobs::Requirement]| -> Vec<RequirementMatch> {
        reqs.iter()
            .filter_map(|r| {
                if r.kind == "taxonomy" {
                    let has = profile.skills.iter().find(|s| s.skill == r.skill);
                    return Some(RequirementMatch {
                        skill: r.skill.clone(),
                        kind: r.kind.clone(),
                        met: has.is_some(),
                        similarity: None,
                        evidence: has.map(|s| match s.years {
                            Some(y) => format!("“{}”, {y:.1} years", s.evidence),
                            None => format!("“{}”", s.evidence),
                        }),
                    });
                }
                let query = vectors.get(&r.skill)?;
                let phrases = profile.phrases.as_ref()?;
                let (best, cos) = phrases.best(query).unwrap_or((0, 0.0));
                let met = cos >= semantic::MET_AT;
                Some(RequirementMatch {
                    skill: r.skill.clone(),
                    kind: r.kind.clone(),
                    met,
                    similarity: Some((f64::from(cos) * 100.0).round() / 100.0),
                    evidence: met.then(|| format!("“{}”", phrases.phrases[best])),
                })
            })
            .collect()
    };
    let must_have = check(&job.must_have);
    let nice_to_have = check(&job.nice_to_have);
    let share = |m: &[RequirementMatch]| {
        let weight = |r: &RequirementMatch| {
            if r.kind == "taxonomy" {
                1.0
            } else {
                PHRASE_WEIGHT
            }
        };
        let total: f32 = m.iter().map(weight).sum();
        (total > 0.0).then(|| m.iter().filter(|r| r.met).map(weight).sum::<f32>() / total)
    };
    let candidate_years = profile.experience_months.map(|m| m as f32 / 12.0);
    let years_share = match (job.min_years, candidate_years) {
        (Some(req), Some(have)) if req > 0 => Some((have / req as f32).min(1.0)),
        (Some(_), None) => Some(0.0),
        _ => None,
    };
    // Parts the job does not state are left out and the rest re-weighted.
    let parts = [
        (share(&must_have), MUST),
        (share(&nice_to_have), NICE),
        (years_share, YEARS),
    ];
    let weight: f32 = parts.iter().filter(|p| p.0.is_some()).map(|p| p.1).sum();
    let score = if weight == 0.0 {
        0.0
    } else {
        parts
            .iter()
            .filter_map(|(v, w)| v.map(|v| v * w))
            .sum::<f32>()
            / weight
            * 100.0
    };
    Fit {
        score: (score * 10.0).round() / 10.0,
        must_have,
        nice_to_have,
        experience: ExperienceMatch {
            required_years: job.min_years,
            candidate_years: candidate_years.map(|y| (y * 10.0).round() / 10.0),
            met: job
                .min_years
                .map(|req| candidate_years.is_some_and(|y| y >= req as f32)),
        },
    }
}

/// Every profile's fit to the job, best first (ties by candidate id).
pub fn rank(
    job: &JobAnalysis,
    vectors: &RequirementVectors,
    profiles: &[(String, CandidateProfile)],
) -> Vec<(String, Fit)> {
    // One chunk per core (the process may keep rayon single-threaded for
    // the encoder's kernels, so plain scoped threads).
    let cores = std::thread::available_parallelism().map_or(1, std::num::NonZero::get);
    let per = profiles.len().div_ceil(cores).max(256);
    let score = |chunk: &[(String, CandidateProfile)]| -> Vec<(String, Fit)> {
        chunk
            .iter()
            .map(|(id, p)| (id.clone(), fit(job, vectors, p)))
            .collect()
    };
    let mut out: Vec<(String, Fit)> = std::thread::scope(|scope| {
        let handles: Vec<_> = profiles
            .chunks(per)
            .map(|chunk| scope.spawn(move || score(chunk)))
            .collect();
        handles
            .into_iter()
            .flat_map(|h| h.join().unwrap_or_else(|e| std::panic::resume_unwind(e)))
            .collect()
    });
    out.sort_by(|a, b| b.1.score.total_cmp(&a.1.score).then_with(|| a.0.cmp(&b.0)));
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::jobs::Requirement;
    use crate::resume::Span;

    fn req(skill: &str) -> Requirement {
        Requirement {
            skill: skill.into(),
            kind: "taxonomy".into(),
            evidence: skill.into(),
            span: Span::default(),
        }
    }

    fn profile(skills: &[&str], months: u32) -> CandidateProfile {
        CandidateProfile {
            skills: skills
                .iter()
                .map(|s| ProfileSkill {
                    skill: (*s).into(),
                    years: Some(2.0),
                    evidence: (*s).into(),
                })
                .collect(),
            experience_months: Some(months),
            phrases: None,
        }
    }

    #[test]
    fn fit_explains_each_requirement_and_ranks() {
        let job = JobAnalysis {
            title: Some("Backend Engineer".into()),
            seniority: Some("senior".into()),
            min_years: Some(5),
            must_have: vec![req("Rust"), req("PostgreSQL")],
            nice_to_have: vec![req("Kubernetes")],
            soft_skills: vec![],
            responsibilities: vec![],
            location: None,
            remote: None,
            boilerplate: vec![],
        };
        let strong = profile(&["Rust", "PostgreSQL", "Kubernetes"], 72);
        let partial = profile(&["Rust"], 24);
        let f = fit(&job, &HashMap::new(), &strong);
        assert_eq!(f.score, 100.0);
        assert!(f.must_have.iter().all(|r| r.met && r.evidence.is_some()));
        let p = fit(&job, &HashMap::new(), &partial);
        // must: 1/2 × .65, nice: 0 × .15, years: 2/5 × .20 → 40.5
        assert_eq!(p.score, 40.5);
        assert_eq!(
            p.must_have[1],
            RequirementMatch {
                skill: "PostgreSQL".into(),
                kind: "taxonomy".into(),
                met: false,
                similarity: None,
                evidence: None
            }
        );
        assert_eq!(p.experience.met, Some(false));
        let ranked = rank(
            &job,
            &HashMap::new(),
            &[("b".into(), partial), ("a".into(), strong)],
        );
        assert_eq!(ranked[0].0, "a");
    }
}
