//! Candidate ↔ job fit: a 0–100 score with an explanation per requirement.
//!
//! Only job-relevant facts count: the skills a resume shows (with years of
//! use) and total experience. Name, gender, age, photo and address are never
//! inputs — the profile type does not even carry them.

use crate::jobs::JobAnalysis;
use crate::resume::JsonResume;
use crate::skills::{SkillMatcher, skills_in_text, years_by_skill};
use serde::{Deserialize, Serialize};

/// The facts about a candidate that matching may use.
#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq)]
pub struct CandidateProfile {
    pub skills: Vec<ProfileSkill>,
    pub experience_months: Option<u32>,
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
    pub met: bool,
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

/// Weights of the parts of the score.
const MUST: f32 = 0.65;
const NICE: f32 = 0.15;
const YEARS: f32 = 0.20;

/// Score a profile against a job. Only taxonomy requirements are checked:
/// free-text requirement phrases need the semantic matcher (not yet here).
pub fn fit(job: &JobAnalysis, profile: &CandidateProfile) -> Fit {
    let check = |reqs: &[crate::jobs::Requirement]| -> Vec<RequirementMatch> {
        reqs.iter()
            .filter(|r| r.kind == "taxonomy")
            .map(|r| {
                let has = profile.skills.iter().find(|s| s.skill == r.skill);
                RequirementMatch {
                    skill: r.skill.clone(),
                    met: has.is_some(),
                    evidence: has.map(|s| match s.years {
                        Some(y) => format!("“{}”, {y:.1} years", s.evidence),
                        None => format!("“{}”", s.evidence),
                    }),
                }
            })
            .collect()
    };
    let must_have = check(&job.must_have);
    let nice_to_have = check(&job.nice_to_have);
    let share = |m: &[RequirementMatch]| {
        if m.is_empty() {
            None
        } else {
            Some(m.iter().filter(|r| r.met).count() as f32 / m.len() as f32)
        }
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
pub fn rank(job: &JobAnalysis, profiles: &[(String, CandidateProfile)]) -> Vec<(String, Fit)> {
    let mut out: Vec<(String, Fit)> = profiles
        .iter()
        .map(|(id, p)| (id.clone(), fit(job, p)))
        .collect();
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
            responsibilities: vec![],
            location: None,
            remote: None,
            boilerplate: vec![],
        };
        let strong = profile(&["Rust", "PostgreSQL", "Kubernetes"], 72);
        let partial = profile(&["Rust"], 24);
        let f = fit(&job, &strong);
        assert_eq!(f.score, 100.0);
        assert!(f.must_have.iter().all(|r| r.met && r.evidence.is_some()));
        let p = fit(&job, &partial);
        // must: 1/2 × .65, nice: 0 × .15, years: 2/5 × .20 → 40.5
        assert_eq!(p.score, 40.5);
        assert_eq!(
            p.must_have[1],
            RequirementMatch {
                skill: "PostgreSQL".into(),
                met: false,
                evidence: None
            }
        );
        assert_eq!(p.experience.met, Some(false));
        let ranked = rank(&job, &[("b".into(), partial), ("a".into(), strong)]);
        assert_eq!(ranked[0].0, "a");
    }
}
