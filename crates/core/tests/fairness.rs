//! The adverse-impact report end to end on a real store: candidates
//! imported, interviewed and scored as the product does it (the queue, the
//! scorecard), self-identification recorded apart, and the report's figures
//! checked against values worked out by hand (Fisher's p in exact rational
//! arithmetic). Also: self-identification never reaches what a scorer,
//! the matcher or the interviewer reads.

use ats_core::fairness::{self, DECLINED, ReportOptions, SelectionRule};
use ats_core::import::{ImportedPosting, Importer, import_posting};
use ats_core::ingest::ResumeParser;
use ats_core::interview::{InterviewSettings, Language, Plan};
use ats_core::rubric::Rubric;
use ats_core::scoring::{DimensionScore, DimensionStatus, Reproducibility, Scorecard};
use ats_core::store::{Store, StoreOutcome};
use std::path::{Path, PathBuf};

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../..")
}

struct World {
    _dir: tempfile::TempDir,
    store: Store,
    importer: Importer,
    job: ImportedPosting,
    made: usize,
}

async fn world() -> World {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(dir.path()).await.unwrap();
    let text =
        std::fs::read_to_string(root().join("tests/fixtures/jds/j01_compiler_senior_swe_2025.md"))
            .unwrap();
    let job = import_posting(&store, text, "j01").await.unwrap();
    let importer = Importer::new(ResumeParser::default(), store.clone());
    World {
        _dir: dir,
        store,
        importer,
        job,
        made: 0,
    }
}

/// Every dimension at `score` (0–100), so the overall is `score`; `None`:
/// nothing could be scored.
fn card(rubric: &Rubric, interview_id: &str, score: Option<f32>) -> Scorecard {
    let dims = rubric
        .dimensions
        .iter()
        .map(|d| DimensionScore {
            name: d.name.clone(),
            weight: d.weight,
            status: if score.is_some() {
                DimensionStatus::Scored
            } else {
                DimensionStatus::InsufficientEvidence
            },
            level: None,
            label: None,
            score,
            runs: Vec::new(),
            spread: None,
            rationale: String::new(),
            evidence: Vec::new(),
            note: None,
            r#override: None,
        })
        .collect();
    Scorecard::assemble(
        Some(interview_id.to_owned()),
        rubric,
        dims,
        Vec::new(),
        Reproducibility::default(),
    )
}

impl World {
    /// A new candidate, imported from a small text resume.
    async fn candidate(&mut self) -> String {
        self.made += 1;
        let i = self.made;
        let resume = format!(
            "Sam Example{i}\nsam{i}@example.com\n\nExperience\nSoftware Engineer, Acme {i} Ltd\n\
             2019 - 2023\nBuilt compilers in Rust and C++.\n"
        );
        match self
            .importer
            .import_bytes(&format!("r{i}.txt"), resume.into_bytes())
            .await
            .unwrap()
        {
            StoreOutcome::Imported { candidate_id, .. } => candidate_id,
            other => panic!("{other:?}"),
        }
    }

    /// An interview of `candidate` for the job, scored through the queue.
    async fn scored(&self, candidate: &str, score: Option<f32>) {
        let plan = Plan {
            language: Language::En,
            questions: Vec::new(),
            generator: "test".into(),
            prompts: Vec::new(),
            job_cache_hit: false,
            notes: Vec::new(),
        };
        let interview = self
            .store
            .create_interview(
                candidate,
                &self.job.job_id,
                &InterviewSettings::default(),
                &plan,
            )
            .await
            .unwrap();
        assert!(self.store.enqueue_scoring(&interview).await.unwrap());
        let job = self
            .store
            .claim_scoring_job("test", 60)
            .await
            .unwrap()
            .unwrap();
        assert_eq!(job.interview_id, interview);
        let card = card(&self.job.rubric, &interview, score);
        self.store
            .finish_scoring_job(&job, "test", &card)
            .await
            .unwrap();
    }

    /// A candidate interviewed once at `score`, who stated `value` for
    /// gender (nothing when `None`).
    async fn applicant(&mut self, score: Option<f32>, value: Option<&str>) -> String {
        let id = self.candidate().await;
        self.scored(&id, score).await;
        if let Some(v) = value {
            self.store
                .record_self_identification(&id, "gender", v)
                .await
                .unwrap();
        }
        id
    }
}

fn close(a: f64, b: f64) -> bool {
    (a - b).abs() <= 1e-9
}

/// The job's population: 10 women (6 advanced), 10 men (2 advanced), 3
/// nonbinary candidates (1 advanced), 2 who declined, 1 who said nothing,
/// 1 woman whose interview could not be scored, and one man interviewed
/// twice. Returns the world and (the twice-interviewed man, a woman).
async fn population() -> (World, String, String) {
    let mut w = world().await;
    let female = [85.0, 80.0, 78.0, 75.0, 72.0, 71.0, 60.0, 55.0, 50.0, 40.0];
    let male = [90.0, 74.0, 65.0, 64.0, 62.0, 58.0, 52.0, 48.0, 45.0, 30.0];
    // Spellings vary; the report groups them case-insensitively.
    let spelling = ["Female", "female", "  Female ", "Female"];
    let mut a_woman = String::new();
    for (i, s) in female.iter().enumerate() {
        let id = w.applicant(Some(*s), Some(spelling[i % 4])).await;
        if i == 0 {
            a_woman = id;
        }
    }
    let mut twice = String::new();
    for s in male {
        let id = w.applicant(Some(s), Some("Male")).await;
        if s == 74.0 {
            twice = id;
        }
    }
    // An earlier interview of the same man: he counts once, at his best.
    w.scored(&twice, Some(50.0)).await;
    for s in [88.0, 50.0, 44.0] {
        w.applicant(Some(s), Some("Nonbinary")).await;
    }
    w.applicant(Some(77.0), Some("Prefer not to say")).await;
    w.applicant(Some(35.0), Some("   ")).await;
    w.applicant(Some(66.0), None).await;
    w.applicant(None, Some("Female")).await;
    // Stated, but never applied to this job.
    let elsewhere = w.candidate().await;
    w.store
        .record_self_identification(&elsewhere, "gender", "Female")
        .await
        .unwrap();
    (w, twice, a_woman)
}

#[tokio::test]
async fn the_report_of_a_job_has_the_hand_worked_figures() {
    let (w, _, _) = population().await;
    let ids = w
        .store
        .job_self_identification(&w.job.job_id, "Gender")
        .await
        .unwrap();
    assert_eq!(ids.len(), 10 + 10 + 3 + 2 + 1, "only the job's applicants");
    assert_eq!(
        ids.iter().filter(|(_, v)| v == DECLINED).count(),
        2,
        "both ways of declining are stored alike"
    );

    let prefix = &w.job.job_id[..8];
    let r = w
        .store
        .adverse_impact(Some(prefix), "gender", &ReportOptions::default())
        .await
        .unwrap();
    assert_eq!(r.job, w.job.job_id);
    assert_eq!(r.selection_rule, SelectionRule::Advance);
    assert_eq!(
        (r.candidates, r.declined, r.not_recorded, r.unscored),
        (26, 2, 1, 1)
    );
    // The 13th and 14th of the 26 scores: 62 and 64.
    assert_eq!(r.median_score, Some(63.0));
    assert_eq!(r.reference_group.as_deref(), Some("Female"));
    let names: Vec<&str> = r.groups.iter().map(|g| g.group.as_str()).collect();
    assert_eq!(names, ["Female", "Male", "Nonbinary"]);
    let [f, m, n] = r.groups.as_slice() else {
        unreachable!()
    };

    assert_eq!((f.n, f.selected, f.above_median), (10, 6, 6));
    assert!(close(f.rate, 0.6) && close(f.impact_ratio.unwrap(), 1.0));
    assert_eq!(f.four_fifths_ok, Some(true));
    // [[6, 4], [3, 10]]: women against the 13 others.
    assert!(close(f.fisher_p.unwrap(), 40.0 / 391.0));
    assert!(close(f.ll144_impact_ratio.unwrap(), 1.0));
    assert_eq!(f.warning, None);

    assert_eq!((m.n, m.selected, m.above_median), (10, 2, 4));
    assert!(close(m.rate, 0.2) && close(m.impact_ratio.unwrap(), 1.0 / 3.0));
    assert_eq!(m.four_fifths_ok, Some(false));
    // [[2, 8], [7, 6]].
    assert!(close(m.fisher_p.unwrap(), 86.0 / 437.0));
    assert!(close(m.above_median_rate, 0.4));
    assert!(close(m.ll144_impact_ratio.unwrap(), 0.4 / 0.6));
    assert_eq!(m.warning, None);

    assert_eq!((n.n, n.selected, n.above_median), (3, 1, 1));
    assert!(close(n.share, 3.0 / 26.0));
    assert!(close(n.impact_ratio.unwrap(), (1.0 / 3.0) / 0.6));
    assert_eq!(n.four_fifths_ok, None, "too small for a verdict");
    assert!(close(n.fisher_p.unwrap(), 1.0));
    assert!(close(n.ll144_impact_ratio.unwrap(), (1.0 / 3.0) / 0.6));
    assert_eq!(
        n.warning.as_deref(),
        Some(
            "too small to judge: 3 candidates, fewer than 5; one candidate moves its rate by 33 %"
        )
    );
    assert!(
        r.notes
            .iter()
            .any(|n| n.starts_with("2 declined to state and 1 gave no answer"))
    );
    assert!(
        r.notes
            .iter()
            .any(|n| n.starts_with("1 candidate without an overall score"))
    );

    // It serialises whole (what `--json` prints and the API will send).
    let json = serde_json::to_value(&r).unwrap();
    assert_eq!(json["groups"][1]["four_fifths_ok"], false);
    assert_eq!(json["selection_rule"]["rule"], "advance");
}

#[tokio::test]
async fn a_threshold_and_an_intersection_are_reports_too() {
    let (w, twice, a_woman) = population().await;
    let options = ReportOptions {
        rule: SelectionRule::from_threshold(Some(75.0)).unwrap(),
        ..ReportOptions::default()
    };
    let r = w
        .store
        .adverse_impact(None, "gender", &options)
        .await
        .unwrap();
    let rates: Vec<(usize, usize)> = r.groups.iter().map(|g| (g.n, g.selected)).collect();
    assert_eq!(rates, [(10, 4), (10, 1), (3, 1)], "85 80 78 75 | 90 | 88");
    assert!(close(r.groups[1].impact_ratio.unwrap(), 0.25));
    assert!(close(
        r.groups[0].fisher_p.unwrap(),
        fairness::fisher_exact(4, 6, 2, 11)
    ));

    for id in [&twice, &a_woman] {
        w.store
            .record_self_identification(id, "race", "Asian")
            .await
            .unwrap();
    }
    let r = w
        .store
        .adverse_impact(None, "gender + race", &ReportOptions::default())
        .await
        .unwrap();
    assert_eq!(r.category, "gender+race");
    let groups: Vec<(&str, usize)> = r.groups.iter().map(|g| (g.group.as_str(), g.n)).collect();
    assert_eq!(groups, [("Female · Asian", 1), ("Male · Asian", 1)]);
    assert_eq!((r.declined, r.not_recorded), (0, 24));
    assert!(r.groups.iter().all(|g| g.four_fifths_ok.is_none()));
}

#[tokio::test]
async fn recording_normalises_replaces_and_clears() {
    let mut w = world().await;
    let id = w.candidate().await;
    let s = w
        .store
        .record_self_identification(&id, " Race  Ethnicity ", "  Hispanic   or Latino ")
        .await
        .unwrap();
    assert_eq!(
        (s.category.as_str(), s.value.as_str()),
        ("race_ethnicity", "Hispanic or Latino")
    );
    w.store
        .record_self_identification(&id, "race_ethnicity", "Decline to state")
        .await
        .unwrap();
    w.store
        .record_self_identification(&id, "gender", "Woman")
        .await
        .unwrap();
    let stated = w.store.candidate_self_identification(&id).await.unwrap();
    let pairs: Vec<(&str, &str)> = stated
        .iter()
        .map(|s| (s.category.as_str(), s.value.as_str()))
        .collect();
    assert_eq!(pairs, [("gender", "Woman"), ("race_ethnicity", DECLINED)]);

    let unknown = w
        .store
        .record_self_identification("no-such-candidate", "gender", "Woman")
        .await
        .unwrap_err();
    assert_eq!(unknown.code(), "store.not_found");
    let bad = w
        .store
        .record_self_identification(&id, "  ", "Woman")
        .await
        .unwrap_err();
    assert_eq!(bad.code(), "fairness.invalid");
    let bad = w
        .store
        .adverse_impact(None, "gender", &ReportOptions::default())
        .await;
    assert!(bad.is_ok(), "a job with no scorecards has an empty report");

    assert_eq!(w.store.clear_self_identification(&id).await.unwrap(), 2);
    assert!(
        w.store
            .candidate_self_identification(&id)
            .await
            .unwrap()
            .is_empty()
    );
}

/// Every Rust file under `dir`, relative to it.
fn sources(dir: &Path, base: &Path, out: &mut Vec<(String, String)>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            sources(&path, base, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            let rel = path
                .strip_prefix(base)
                .unwrap()
                .to_string_lossy()
                .replace('\\', "/");
            out.push((rel, std::fs::read_to_string(&path).unwrap()));
        }
    }
}

#[test]
fn self_identification_is_read_by_the_fairness_store_only() {
    // A structural guard: the table is named in one source file of the
    // core, the fairness repository. Scoring, matching, interviewing and
    // the candidate queries cannot join it without this test failing.
    let src = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut files = Vec::new();
    sources(&src, &src, &mut files);
    assert!(files.len() > 20, "read the core's sources");
    let naming: Vec<&str> = files
        .iter()
        .filter(|(_, text)| text.contains("self_identification"))
        .map(|(path, _)| path.as_str())
        .collect();
    assert_eq!(naming, ["store/fairness.rs"]);
    // And what scorers read is built without the fairness module at all.
    for (path, text) in &files {
        if path.starts_with("scoring/")
            || path.starts_with("matching/")
            || path.starts_with("interview/")
        {
            assert!(
                !text.contains("fairness::"),
                "{path} uses the fairness module"
            );
        }
    }
}

#[tokio::test]
async fn self_identification_stays_out_of_the_candidate_record_and_the_outbox() {
    let mut w = world().await;
    let id = w.applicant(Some(80.0), Some("Zyxqv-identity")).await;
    let detail = w.store.get_candidate(&id).await.unwrap();
    assert!(!serde_json::to_string(&detail).unwrap().contains("Zyxqv"));
    let cards = w.store.job_scorecards(&w.job.job_id).await.unwrap();
    assert!(
        !serde_json::to_string(&cards[0].card)
            .unwrap()
            .contains("Zyxqv")
    );
    let events: Vec<String> = sqlx::query_scalar("SELECT data FROM events")
        .fetch_all(w.store.pool())
        .await
        .unwrap();
    assert!(!events.is_empty());
    assert!(events.iter().all(|e| !e.contains("Zyxqv")));
}
