//! Job-posting analysis against the truth of the evaluation postings:
//! required-skill recall and precision, measured by overlap of the evidence
//! spans with the truth phrases (verbatim substrings of the posting), by
//! rules alone and with the sentence model; soft skills apart.
//! `cargo test --workspace --test jobs -- --nocapture` prints the table.

use ats_core::jobs::{JobAnalysis, Requirement, analyze};
use ats_core::skills::SkillMatcher;
use serde_json::Value;
use std::path::PathBuf;

fn jds() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../tests/fixtures/jds")
}

/// The postings with truth, and whether the rules were tuned on them
/// (`true`) or they were held out (`false`); see `SOURCES.md`.
const POSTINGS: &[(&str, bool)] = &[
    ("j01_compiler_senior_swe_2025", true),
    ("j03_compiler_product_manager_2023", true),
    ("j08_18f_10x_principal_swe", true),
    ("j10_cds_bizdev_team_lead_fr", true),
    ("j12_cds_visual_storytelling_advisor", true),
    ("j16_compiler_executive_assistant", true),
    ("j11_cds_administrative_officer", false),
    ("j13_compiler_customer_success_account_manager", false),
    ("j14_cds_technical_marketer", false),
    ("j15_cds_agent_administratif_fr", false),
];

fn load(id: &str) -> (String, Value) {
    let text = std::fs::read_to_string(jds().join(format!("{id}.md"))).unwrap();
    let truth: Value = serde_json::from_str(
        &std::fs::read_to_string(jds().join(format!("{id}.truth.json"))).unwrap(),
    )
    .unwrap();
    (text, truth)
}

fn list(truth: &Value, k: &str) -> Vec<String> {
    truth[k]
        .as_array()
        .map(|a| a.iter().map(|v| v.as_str().unwrap().to_owned()).collect())
        .unwrap_or_default()
}

/// Byte ranges of each truth phrase in the posting (all occurrences).
fn truth_ranges(text: &str, phrases: &[String]) -> Vec<Vec<(usize, usize)>> {
    phrases
        .iter()
        .map(|p| {
            text.match_indices(p.as_str())
                .map(|(i, m)| (i, i + m.len()))
                .collect()
        })
        .collect()
}

fn overlaps(a: (usize, usize), b: (usize, usize)) -> bool {
    a.0 < b.1 && b.0 < a.1
}

fn spans(reqs: &[Requirement]) -> Vec<(usize, usize)> {
    reqs.iter().map(|r| (r.span.start, r.span.end)).collect()
}

/// Share of truth phrases some span overlaps.
fn recall_of(spans: &[(usize, usize)], truth: &[Vec<(usize, usize)>]) -> f64 {
    let hit = truth
        .iter()
        .filter(|occurrences| {
            occurrences
                .iter()
                .any(|o| spans.iter().any(|s| overlaps(*s, *o)))
        })
        .count();
    if truth.is_empty() {
        1.0
    } else {
        hit as f64 / truth.len() as f64
    }
}

#[derive(Clone, Copy)]
struct Score {
    recall: f64,
    precision: f64,
    soft_recall: f64,
}

fn score(a: &JobAnalysis, text: &str, truth: &Value) -> Score {
    let required = truth_ranges(text, &list(truth, "required_skills"));
    let all: Vec<(usize, usize)> = truth_ranges(
        text,
        &[
            list(truth, "required_skills"),
            list(truth, "nice_to_have_skills"),
        ]
        .concat(),
    )
    .into_iter()
    .flatten()
    .collect();
    let must = spans(&a.must_have);
    let correct = must
        .iter()
        .filter(|s| all.iter().any(|t| overlaps(**s, *t)))
        .count();
    Score {
        recall: recall_of(&must, &required),
        precision: if must.is_empty() {
            0.0
        } else {
            correct as f64 / must.len() as f64
        },
        soft_recall: recall_of(
            &spans(&a.soft_skills),
            &truth_ranges(text, &list(truth, "soft_skills")),
        ),
    }
}

fn check_spans(a: &JobAnalysis, text: &str) {
    for r in a
        .must_have
        .iter()
        .chain(&a.nice_to_have)
        .chain(&a.soft_skills)
    {
        assert_eq!(
            &text[r.span.start..r.span.end],
            r.evidence,
            "evidence is a verbatim span"
        );
    }
}

/// The truth's required skills no must-have overlaps, and must-haves that
/// overlap no truth phrase.
fn misses(a: &JobAnalysis, text: &str, truth: &Value) {
    let must = spans(&a.must_have);
    for p in list(truth, "required_skills") {
        let found = text
            .match_indices(p.as_str())
            .any(|(i, m)| must.iter().any(|s| overlaps(*s, (i, i + m.len()))));
        if !found {
            println!("    missed   {p:?}");
        }
    }
    let all: Vec<(usize, usize)> = truth_ranges(
        text,
        &[
            list(truth, "required_skills"),
            list(truth, "nice_to_have_skills"),
        ]
        .concat(),
    )
    .into_iter()
    .flatten()
    .collect();
    for r in &a.must_have {
        if !all.iter().any(|t| overlaps((r.span.start, r.span.end), *t)) {
            println!("    wrong    {:?}", r.evidence);
        }
    }
}

fn mean(rows: &[(bool, Score)], tuned: bool, f: fn(&Score) -> f64) -> f64 {
    let v: Vec<f64> = rows
        .iter()
        .filter(|r| r.0 == tuned)
        .map(|r| f(&r.1))
        .collect();
    v.iter().sum::<f64>() / v.len().max(1) as f64
}

/// Rules only, then with the sentence model: one table, means per set.
#[test]
fn required_skills_are_found_in_the_evaluation_postings() {
    #[cfg(feature = "embed")]
    let encoder = ats_core::embed::SentenceEncoder::shared(
        &PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../models/all-MiniLM-L6-v2"),
    )
    .unwrap_or_else(|e| panic!("{e} — run models/fetch.sh"));
    let mut rules: Vec<(bool, Score)> = Vec::new();
    let mut model: Vec<(bool, Score)> = Vec::new();
    let mut analyses = Vec::new();
    println!(
        "{:<46} {:<5} {:>6} {:>6} {:>5} | {:>6} {:>6} {:>5}  title",
        "posting", "set", "rec", "prec", "soft", "rec·m", "prec·m", "soft·m"
    );
    for &(id, tuned) in POSTINGS {
        let (text, truth) = load(id);
        let a = analyze(&text, SkillMatcher::builtin());
        check_spans(&a, &text);
        let s = score(&a, &text, &truth);
        rules.push((tuned, s));
        #[cfg(feature = "embed")]
        let m = ats_core::jobs::analyze_with(&text, SkillMatcher::builtin(), Some(&encoder));
        #[cfg(not(feature = "embed"))]
        let m = a.clone();
        check_spans(&m, &text);
        let sm = score(&m, &text, &truth);
        model.push((tuned, sm));
        println!(
            "{id:<46} {:<5} {:>6.2} {:>6.2} {:>5.2} | {:>6.2} {:>6.2} {:>5.2}  {:?}",
            if tuned { "tuned" } else { "held" },
            s.recall,
            s.precision,
            s.soft_recall,
            sm.recall,
            sm.precision,
            sm.soft_recall,
            m.title
        );
        misses(&m, &text, &truth);
        assert_eq!(
            m.title.as_deref(),
            truth["title"].as_str(),
            "{id}: title as the truth states it"
        );
        analyses.push((id, a, m, truth));
    }
    for (name, rows) in [("rules", &rules), ("model", &model)] {
        println!(
            "{name}: tuned recall {:.3} precision {:.3} soft {:.2}; held-out recall {:.3} precision {:.3} soft {:.2}",
            mean(rows, true, |s| s.recall),
            mean(rows, true, |s| s.precision),
            mean(rows, true, |s| s.soft_recall),
            mean(rows, false, |s| s.recall),
            mean(rows, false, |s| s.precision),
            mean(rows, false, |s| s.soft_recall),
        );
    }
    // Floors from the measured values (2026-12-01: rules 1.000/0.845 tuned,
    // 1.000/0.749 held out; model 1.000/0.888 tuned, 1.000/0.801 held out);
    // the goal, recall ≥ 0.9 and precision ≥ 0.8, holds with the model on
    // both sets. Rules alone miss traits written as sentences.
    for (name, rows, floors) in [
        ("rules", &rules, [0.95, 0.82, 0.95, 0.72]),
        ("model", &model, [0.95, 0.85, 0.95, 0.80]),
    ] {
        let got = [
            mean(rows, true, |s| s.recall),
            mean(rows, true, |s| s.precision),
            mean(rows, false, |s| s.recall),
            mean(rows, false, |s| s.precision),
        ];
        for (g, f) in got.iter().zip(floors) {
            assert!(*g >= f, "{name}: {got:?} below {floors:?}");
        }
        // No posting far below: the lowest are j12 by rules (0.45, traits
        // written as sentences) and the French ones (0.57–0.75).
        for (tuned, s) in rows.iter() {
            assert!(
                s.recall >= 0.9 && s.precision >= 0.4,
                "{name} {tuned}: {:.3} {:.3}",
                s.recall,
                s.precision
            );
        }
    }
    // Seniority and years as the truth states them.
    let by_id = |id: &str| &analyses.iter().find(|a| a.0 == id).unwrap().1;
    let j01 = by_id("j01_compiler_senior_swe_2025");
    assert_eq!(j01.seniority.as_deref(), Some("senior"));
    assert_eq!(j01.min_years, Some(4));
    let j03 = by_id("j03_compiler_product_manager_2023");
    assert_eq!(j03.seniority.as_deref(), Some("senior"));
    assert_eq!(j03.min_years, Some(2));
    let j08 = by_id("j08_18f_10x_principal_swe");
    assert_eq!(j08.seniority.as_deref(), Some("principal"));
    assert_eq!(j08.remote, Some(true));
    assert_eq!(
        by_id("j10_cds_bizdev_team_lead_fr").seniority.as_deref(),
        Some("lead")
    );
    // Boilerplate is recognised, not mined for requirements.
    assert!(j01.boilerplate.iter().any(|h| h.contains("Compensation")));
}

/// Requirement blocks under headings the old dictionary did not know, in
/// four languages, and a list with no heading after the role summary.
#[test]
fn requirement_blocks_without_a_dictionary_heading() {
    for heading in [
        "**Our Ideal Candidate Has:**",
        "## What you bring",
        "You have:",
        "### Who you are",
        "MUST HAVES",
        "## Das bringst du mit",
        "**Votre profil :**",
        "## Requisitos",
    ] {
        let text = format!(
            "# Payroll Specialist\n\nWe pay 4,000 people on time.\n\n{heading}\n\n- 3+ years of payroll experience\n- Advanced Excel\n\n## Benefits\n\n- Pension\n"
        );
        let a = analyze(&text, SkillMatcher::builtin());
        assert!(
            a.must_have.iter().any(|r| r.skill == "Excel"),
            "{heading}: {:?}",
            a.must_have
        );
        assert_eq!(a.min_years, Some(3), "{heading}");
    }
    let text = "Plant Maintenance Technician\n\nOur bottling plant runs around the clock and needs a technician for the night shift.\n\n- 2+ years of experience maintaining industrial equipment\n- Knowledge of PLC troubleshooting\n- Electrical certification\n\nApply with your resume by e-mail.\n";
    let a = analyze(text, SkillMatcher::builtin());
    assert_eq!(a.min_years, Some(2));
    assert_eq!(a.must_have.len(), 3, "{:?}", a.must_have);
}

/// Titles never come from a URL line, an e-mail, a date or a line about
/// the company.
#[test]
fn titles_are_never_a_url_an_email_a_date_or_the_company() {
    for (text, want) in [
        (
            "https://careers.example.com/jobs/8841-clinical-nurse\n\nClinical Nurse, Cardiology\n\nRequirements:\n- RN license\n",
            "Clinical Nurse, Cardiology",
        ),
        (
            "recruiting@example.org\nPosted: 12 March 2024\nExample Health Systems, Inc.\nMedical Receptionist\n\nYou will greet patients.\n",
            "Medical Receptionist",
        ),
        (
            "www.example.com/karriere\n\nPflegefachkraft (m/w/d) Intensivstation\n\nIhr Profil:\n- Examen\n",
            "Pflegefachkraft (m/w/d) Intensivstation",
        ),
    ] {
        let a = analyze(text, SkillMatcher::builtin());
        assert_eq!(a.title.as_deref(), Some(want), "{text}");
    }
}

/// Security responsibilities, equal opportunity, benefits, salary and how
/// to apply are recognised and never mined for requirements or duties.
#[test]
fn boilerplate_blocks_are_never_mined() {
    let text = "# Accounts Payable Clerk\n\n## Responsibilities\n\n- Process vendor invoices\n\n## Requirements\n\n- Experience with QuickBooks\n\n## Security Responsibilities\n\n- Comply with all information security policies\n- Report security incidents to the ISO\n\n## Equal Opportunity Employer\n\nExperience with diverse teams is welcome; we do not discriminate.\n\n## Salary\n\n- Experience-based pay of $50,000\n\n## How to Apply\n\n- Experience with our portal is not required; submit a resume\n";
    let a = analyze(text, SkillMatcher::builtin());
    assert_eq!(a.responsibilities, ["Process vendor invoices"]);
    assert_eq!(a.must_have.len(), 1, "{:?}", a.must_have);
    assert!(a.nice_to_have.is_empty(), "{:?}", a.nice_to_have);
    for h in [
        "Security Responsibilities",
        "Equal Opportunity Employer",
        "Salary",
        "How to Apply",
    ] {
        assert!(
            a.boilerplate.iter().any(|b| b == h),
            "{h}: {:?}",
            a.boilerplate
        );
    }
}

/// Soft skills are recorded apart from the must-haves, become interview
/// dimensions of the rubric, and a resume is never scored as missing them.
#[test]
fn soft_skills_are_interview_dimensions_not_keywords() {
    use ats_core::matching::{CandidateProfile, ProfileSkill, fit};
    let text = "# Sales Associate\n\n## Requirements\n\n- Communication\n- Strong teamwork and problem solving skills\n- Leadership\n- Attention to detail\n- Experience with PostgreSQL\n";
    let a = analyze(text, SkillMatcher::builtin());
    let soft: Vec<&str> = a.soft_skills.iter().map(|r| r.skill.as_str()).collect();
    for d in [
        "Communication",
        "Teamwork and collaboration",
        "Problem solving",
        "Leadership",
        "Attention to detail",
    ] {
        assert!(soft.contains(&d), "{d}: {soft:?}");
    }
    assert_eq!(a.must_have.len(), 1, "{:?}", a.must_have);
    assert_eq!(a.must_have[0].skill, "PostgreSQL");
    let rubric = ats_core::rubric::generate(&a, text);
    rubric.validate().unwrap();
    let names: Vec<&str> = rubric.dimensions.iter().map(|d| d.name.as_str()).collect();
    for d in [
        "Communication",
        "Teamwork and collaboration",
        "Leadership",
        "Attention to detail",
    ] {
        assert!(names.contains(&d), "{d}: {names:?}");
    }
    // A resume with PostgreSQL and no soft-skill words meets every
    // must-have.
    let profile = CandidateProfile {
        skills: vec![ProfileSkill {
            skill: "PostgreSQL".into(),
            years: Some(2.0),
            evidence: "PostgreSQL".into(),
        }],
        experience_months: Some(24),
        phrases: None,
    };
    let f = fit(&a, &Default::default(), &profile);
    assert!(f.must_have.iter().all(|r| r.met), "{:?}", f.must_have);
    assert_eq!(f.score, 100.0);
}

/// With the sentence model, headings no word list knows are read by their
/// meaning and by the items under them: a requirement heading is mined,
/// the employer's story and a perks list are not, and an item that
/// describes a trait is a soft skill.
#[cfg(feature = "embed")]
#[test]
fn headings_and_traits_by_meaning() {
    let encoder = ats_core::embed::SentenceEncoder::shared(
        &PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../models/all-MiniLM-L6-v2"),
    )
    .unwrap_or_else(|e| panic!("{e} — run models/fetch.sh"));
    let text = "# Store Manager\n\n## Background and experience we value\n\n- Retail management in a store of 20+ staff\n- Kind and dependable, even on busy days\n\n## Our story so far\n\n- Founded in 1990 by two sisters\n\n## What's in it for you\n\n- Staff discount\n- Paid time off\n";
    let rules = analyze(text, SkillMatcher::builtin());
    let a = ats_core::jobs::analyze_with(text, SkillMatcher::builtin(), Some(&encoder));
    let must: Vec<&str> = a.must_have.iter().map(|r| r.evidence.as_str()).collect();
    assert_eq!(must, ["Retail management in a store of 20+ staff"]);
    assert!(
        a.soft_skills
            .iter()
            .any(|r| r.evidence.contains("dependable")),
        "{:?}",
        a.soft_skills
    );
    for h in ["Our story so far", "What's in it for you"] {
        assert!(
            a.boilerplate.iter().any(|b| b == h),
            "{h}: {:?}",
            a.boilerplate
        );
    }
    // By words alone the unknown requirement heading is not read.
    assert!(
        rules
            .must_have
            .iter()
            .all(|r| !r.evidence.contains("Retail management"))
    );
}
