//! Section headings by meaning (`structure::semantic`): headings the
//! dictionary does not know, and lines that are not headings at all
//! (employers, titles, projects, skills, places), written for this test —
//! none is a prototype or a dictionary entry. Prints each heading's best
//! kind and similarity (`cargo test --workspace --test ingest -- headings
//! --nocapture`) and asserts the accuracy measured with the shipped
//! thresholds.

use SectionKind::*;
use ats_core::structure::sections::{HeadingClassifier, SectionKind, heading_of};
use ats_core::structure::semantic::{self, SemanticHeadings};
use std::path::PathBuf;

/// (heading, the kind it names, or None for a line that is not a heading)
const DEVELOPMENT: &[(&str, Option<SectionKind>)] = &[
    ("Where I've Worked", Some(Experience)),
    ("Professional Journey", Some(Experience)),
    ("Career Highlights", Some(Experience)),
    ("Past Roles", Some(Experience)),
    ("Jobs Held", Some(Experience)),
    ("Academic Training", Some(Education)),
    ("Schools Attended", Some(Education)),
    ("University", Some(Education)),
    ("My Toolkit", Some(Skills)),
    ("Technical Proficiencies", Some(Skills)),
    ("Stack", Some(Skills)),
    ("Things I've Made", Some(Projects)),
    ("Open Source Work", Some(Projects)),
    ("Community Work", Some(Volunteer)),
    ("Pro Bono Work", Some(Volunteer)),
    ("Credentials", Some(Certifications)),
    ("Licences and Accreditations", Some(Certifications)),
    ("Languages Spoken", Some(Languages)),
    ("Writing", Some(Publications)),
    ("Articles and Papers", Some(Publications)),
    ("Honours and Prizes", Some(Awards)),
    ("Accolades", Some(Awards)),
    ("Pastimes", Some(Interests)),
    ("When I'm Not Coding", Some(Interests)),
    ("In Brief", Some(Summary)),
    ("Personal Statement", Some(Summary)),
    ("How to Reach Me", Some(Contact)),
    // Not headings: lines of entries and lists.
    ("Google", None),
    ("Umbrella Corp", None),
    ("Employee Appraisal System", None),
    ("Walks on the Beach", None),
    ("Project Five", None),
    ("San Francisco Bay Area", None),
    ("Python", None),
    ("Teamwork", None),
    ("Communication", None),
    ("Machine Learning", None),
    ("Magna cum laude", None),
    ("Example Page", None),
    ("Driving License", None),
];

fn classifier() -> SemanticHeadings {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../models/all-MiniLM-L6-v2");
    let encoder = ats_core::embed::SentenceEncoder::shared(&dir)
        .unwrap_or_else(|e| panic!("{e} — run models/fetch.sh"));
    SemanticHeadings::new(encoder).unwrap()
}

#[test]
fn development_headings_are_new_to_the_dictionary_and_the_prototypes() {
    for (heading, _) in DEVELOPMENT {
        assert!(
            heading_of(heading).is_none_or(|h| h.inferred),
            "{heading} is in the dictionary"
        );
        assert!(
            !semantic::PROTOTYPES
                .iter()
                .any(|(_, p)| p.iter().any(|p| p.eq_ignore_ascii_case(heading))),
            "{heading} is a prototype"
        );
    }
}

#[test]
fn headings_by_meaning_on_the_development_set() {
    let c = classifier();
    let (mut right, mut headings_found, mut false_headings) = (0, 0, 0);
    let headings = DEVELOPMENT.iter().filter(|d| d.1.is_some()).count();
    let others = DEVELOPMENT.len() - headings;
    for (heading, want) in DEVELOPMENT {
        let mut scores = c.scores(heading);
        scores.sort_by(|a, b| b.1.total_cmp(&a.1));
        let got = c.classify(heading);
        println!(
            "{heading:<28} want {:<16} got {:<16} best {:?} {:.3}, next {:?} {:.3}",
            format!("{want:?}"),
            format!("{got:?}"),
            scores[0].0,
            scores[0].1,
            scores[1].0,
            scores[1].1
        );
        right += usize::from(got == *want);
        headings_found += usize::from(want.is_some() && got == *want);
        false_headings += usize::from(want.is_none() && got.is_some());
    }
    // The thresholds' sweep, to choose them on this set.
    let all: Vec<Vec<(SectionKind, f32)>> = DEVELOPMENT.iter().map(|d| c.scores(d.0)).collect();
    for similarity in [0.50f32, 0.52, 0.54, 0.56, 0.58, 0.60, 0.62, 0.64] {
        for margin in [0.0f32, 0.02, 0.04, 0.06, 0.08] {
            let (mut ok, mut false_positive) = (0, 0);
            for ((_, want), scores) in DEVELOPMENT.iter().zip(&all) {
                let mut sorted = scores.clone();
                sorted.sort_by(|a, b| b.1.total_cmp(&a.1));
                let got = (sorted[0].1 >= similarity && sorted[0].1 - sorted[1].1 >= margin)
                    .then_some(sorted[0].0);
                ok += usize::from(got == *want);
                false_positive += usize::from(want.is_none() && got.is_some());
            }
            println!(
                "sweep similarity {similarity:.2} margin {margin:.2}: right {ok}, false headings {false_positive}"
            );
        }
    }
    println!(
        "right {right}/{}; headings read {headings_found}/{headings}; lines taken for headings {false_headings}/{others}",
        DEVELOPMENT.len()
    );
    // The measured values with the shipped thresholds.
    assert!(headings_found >= 19, "{headings_found}");
    assert!(false_headings <= 2, "{false_headings}");
}

/// A resume whose headings the dictionary does not know: with the
/// classifier its sections are read; with rules only, the lines stay in
/// the section before (nothing is made up).
#[test]
fn a_resume_with_unknown_headings_is_read_with_the_classifier() {
    let text = "Jane Roe\njane@example.com\nSummary\nBackend developer.\n\
                Where I've Worked\nBackend Developer\nInitech\n2019 – 2021\n\
                Academic Training\nExample University\n2015 – 2019\n\
                My Toolkit\nRust, Go, PostgreSQL\n";
    let reference = chrono::NaiveDate::from_ymd_opt(2026, 1, 1).unwrap();
    let c = classifier();
    let with = ats_core::structure::structure_with(text, &[], reference, Some(&c));
    assert_eq!(with.work.len(), 1, "{:?}", with.work);
    assert_eq!(with.work[0].name.as_deref(), Some("Initech"));
    assert_eq!(
        with.education[0].institution.as_deref(),
        Some("Example University")
    );
    assert_eq!(
        ats_core::structure::skills::listed(&with),
        ["Rust", "Go", "PostgreSQL"]
    );
    let kinds: Vec<String> = with
        .x_ats
        .unwrap()
        .sections
        .iter()
        .map(|s| s.kind.clone())
        .collect();
    assert_eq!(kinds, ["summary", "experience", "education", "skills"]);
    let without = ats_core::structure::structure_with(text, &[], reference, None);
    assert!(without.work.is_empty());
    assert!(ats_core::structure::skills::listed(&without).is_empty());
}
