//! Arbitrary Unicode through the whole import pipeline: extraction of text,
//! structure, skills and years, the matching profile, evidence phrases,
//! job analysis and the rubric. Nothing may panic, whatever the text: case
//! mappings that change byte lengths (İ, the Kelvin and Ångström signs, ẞ),
//! combining marks, zero-width and bidi controls, ligatures, CJK, digits of
//! other scripts, and resume-shaped lines around them.
//!
//! Parsing here calls `parse_kind` directly: `parse` would turn a panic into
//! `resume.corrupt` on its worker thread and hide it from the test.

use ats_core::ingest::{FileKind, ResumeParser};
use ats_core::skills::{SkillMatcher, document_text, skills_in_text, years_by_skill};
use proptest::prelude::*;

/// Text that breaks code which assumes `to_lowercase` keeps byte offsets,
/// or that a character is one byte, one column or one grapheme.
const TRICKY: &[&str] = &[
    "İ",
    "\u{212A}",
    "\u{212B}",
    "ẞ",
    "ß",
    "ǅ",
    "ﬁ",
    "ﬀ",
    "\u{0301}",
    "\u{0307}",
    "e\u{0301}",
    "\u{200B}",
    "\u{200D}",
    "\u{200E}",
    "\u{202E}",
    "\u{FEFF}",
    "\u{00A0}",
    "\u{2009}",
    "–",
    "—",
    "‐",
    "·",
    "•",
    "ΣΑΣ",
    "ς",
    "ŉ",
    "ΐ",
    "Ω",
    "\u{2126}",
    "２０１９",
    "٢٠١٩",
    "履歴書",
    "职位",
    "🧑‍💻",
    "\t",
    "\r",
    "\u{0}",
    "\u{1F}",
    "\u{85}",
    "\u{2028}",
    "ǰ",
    "ﬓ",
];

/// Resume- and posting-shaped fragments, so the rules past the first line
/// (sections, dates, contact, requirements) get exercised too.
const SHAPES: &[&str] = &[
    "Skills",
    "SKILLS",
    "Experience",
    "Berufserfahrung",
    "Expérience professionnelle",
    "Education",
    "Ausbildung",
    "Languages",
    "Projects",
    "Requirements:",
    "## Requirements",
    "**Location:**",
    "Location:",
    "Location: \u{212A}iel",
    "Nice to have:",
    "Responsibilities",
    "Python",
    "C++",
    "C#",
    "Go",
    "Node.js",
    "k8s",
    "experience with",
    "5+ years",
    "at least three years",
    "Jan 2020 – Present",
    "Sep. 2023 - Mar. 2024",
    "2019 – heute",
    "01/2018 - 12/2019",
    "(2014 - 2018)",
    "Summer 2012",
    "Senior Software Engineer",
    "Acme GmbH, Berlin",
    "jane.doe@example.org",
    "+49 30 1234567",
    "(555) 123-4567",
    "https://github.com/jane",
    "linkedin.com/in/jane",
    "B.Sc. Computer Science",
    "Universität Hamburg",
    "-",
    "*",
    ":",
    ",",
    ";",
    ".",
    "(",
    ")",
    "|",
];

fn fragment() -> impl Strategy<Value = String> {
    prop_oneof![
        3 => prop::sample::select(TRICKY).prop_map(str::to_owned),
        3 => prop::sample::select(SHAPES).prop_map(str::to_owned),
        2 => any::<String>(),
        1 => "[a-zA-Z]{1,12}",
    ]
}

fn separator() -> impl Strategy<Value = &'static str> {
    prop::sample::select(&[" ", " ", "\n", "\n\n", "\t", ", ", " – ", ""][..])
}

fn hostile_text() -> impl Strategy<Value = String> {
    prop::collection::vec((fragment(), separator()), 0..200).prop_map(|parts| {
        parts
            .into_iter()
            .flat_map(|(f, s)| [f, s.to_owned()])
            .collect()
    })
}

fn whole_pipeline(text: &str) {
    let parser = ResumeParser::default();
    let matcher = SkillMatcher::builtin();
    // The text path, as an uploaded .txt would take it.
    if let Ok(parsed) = parser.parse_kind(FileKind::Text, text.as_bytes()) {
        let doc = document_text(&parsed.text, &parsed.resume);
        let found = skills_in_text(matcher, &doc);
        for f in &found {
            for m in &f.mentions {
                // Evidence spans are spans of the text they came from.
                assert_eq!(doc.get(m.span.start..m.span.end), Some(m.text.as_str()));
            }
        }
        years_by_skill(matcher, &parsed.resume, parser.reference_date);
        ats_core::matching::profile_of(&parsed.resume, &doc, matcher, parser.reference_date);
        ats_core::matching::semantic::evidence_phrases(&parsed.resume);
        serde_json::to_string(&parsed.resume).unwrap();
    }
    // The same text as a job posting.
    let job = ats_core::jobs::analyze(text, matcher);
    for r in job.must_have.iter().chain(&job.nice_to_have) {
        assert!(text.get(r.span.start..r.span.end).is_some(), "{r:?}");
    }
    ats_core::rubric::generate(&job, text);
    for r in job.must_have.iter().chain(&job.nice_to_have) {
        ats_core::matching::semantic::core_of(&r.skill);
    }
}

proptest! {
    #![proptest_config(ProptestConfig {
        cases: 2048,
        failure_persistence: None,
        ..ProptestConfig::default()
    })]

    #[test]
    fn no_text_makes_the_pipeline_panic(text in hostile_text()) {
        whole_pipeline(&text);
    }

    #[test]
    fn no_line_after_a_heading_makes_it_panic(
        heading in prop::sample::select(SHAPES),
        body in hostile_text(),
    ) {
        whole_pipeline(&format!("Jane Doe\n{heading}\n{body}\n"));
    }
}

proptest! {
    #![proptest_config(ProptestConfig {
        cases: 24,
        failure_persistence: None,
        ..ProptestConfig::default()
    })]

    /// A batch of a hostile text and a good resume, through the importer
    /// into a real store: the good one is always imported, the hostile one
    /// is imported or refused with a typed error (never `internal`, which
    /// would be a caught panic), and no candidate is left without a profile.
    #[test]
    fn no_text_loses_the_rest_of_a_batch(text in hostile_text()) {
        let runtime = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .unwrap();
        runtime.block_on(async {
            use ats_core::import::{ImportResult, Importer};
            use ats_core::store::{Store, StoreOutcome};
            let dir = tempfile::tempdir().unwrap();
            let importer = Importer::new(
                ResumeParser::default(),
                Store::open(dir.path()).await.unwrap(),
            );
            let good = "Jane Doe\njane@example.org\n\nSkills\nPython, Rust\n";
            let mut results = Vec::new();
            for (name, bytes) in [("hostile.txt", text.as_bytes()), ("good.txt", good.as_bytes())] {
                results.push(ImportResult::from(importer.import_bytes(name, bytes.to_vec()).await));
            }
            match &results[0] {
                ImportResult::Failed(f) => assert_ne!(f.code, "internal", "{}", f.message),
                ImportResult::Stored(_) => {}
            }
            assert!(
                matches!(
                    results[1],
                    ImportResult::Stored(StoreOutcome::Imported { .. } | StoreOutcome::Duplicate { .. })
                ),
                "{:?}",
                results[1]
            );
            // The good candidate was stored with its profile.
            let ImportResult::Stored(StoreOutcome::Imported { candidate_id, .. }) = &results[1]
            else {
                return; // the hostile text had the same bytes
            };
            let profiles = importer.store.profiles().await.unwrap();
            let good = &profiles.iter().find(|p| &p.0 == candidate_id).unwrap().1;
            let skills: Vec<&str> = good.skills.iter().map(|s| s.skill.as_str()).collect();
            assert_eq!(skills, ["Python", "Rust"]);
            importer.store.close().await;
        });
    }
}

/// The texts of the issue that took imports and every later `ats rank`
/// down, kept as fixed cases beside the generated ones.
#[test]
fn the_reported_texts_do_not_panic() {
    for text in [
        "Jane Doe\njane@example.org\n\nSkills\nİ Python– \u{212B}\n",
        "Jane Doe\nSkills\nİ Python– \u{212B}, Rust, Kubernetes\n",
        "# Engineer\n\nLocation: \u{212A}iel, Germany\n\n## Requirements\n- Python\n",
        "# Engineer\n**Location:** \u{212A}\u{212B}İ\n",
    ] {
        whole_pipeline(text);
    }
}
