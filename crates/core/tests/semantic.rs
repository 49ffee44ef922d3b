//! Semantic evidence for requirement phrases, with the real sentence model:
//! the decision threshold separates paraphrases from different abilities,
//! and the evaluation resumes find evidence for the evaluation postings'
//! phrase requirements. `-- --nocapture` prints what matched.

use ats_core::embed::SentenceEncoder;
use ats_core::ingest::ResumeParser;
use ats_core::jobs::analyze;
use ats_core::matching::semantic::{
    MAX_PHRASES, MET_AT, PhraseVectors, Query, core_of, embed_candidates, embed_requirements,
    evidence_phrases,
};
use ats_core::skills::SkillMatcher;
use std::path::PathBuf;

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../..")
}

fn encoder() -> std::sync::Arc<SentenceEncoder> {
    SentenceEncoder::shared(&root().join("models/all-MiniLM-L6-v2"))
        .unwrap_or_else(|e| panic!("{e} — run models/fetch.sh"))
}

fn similarity(e: &SentenceEncoder, requirement: &str, phrase: &str) -> f32 {
    let v = e.encode(&[&core_of(requirement), phrase]).unwrap();
    let stored = PhraseVectors::quantise(vec![phrase.into()], &v[1..]);
    stored.best(&Query::new(&v[0])).unwrap().1
}

/// The phrase-evidence threshold is chosen on a development set written
/// for the purpose (`tests/fixtures/semantic/dev_pairs.toml`: many fields,
/// hard negatives that share words but not the ability), the way ranking
/// uses it: a requirement is met when the best of a resume's phrases
/// reaches the threshold, so each pair's phrase is judged together with
/// `MAX_PHRASES - 1` phrases written for other requirements (which do not
/// show it), as a resume's other phrases.
/// `MET_AT` must lie within 0.01 of the thresholds with the best accuracy
/// (and near the best F0.5). Measured 2026-11-30 with all-MiniLM-L6-v2:
/// best accuracy 0.667 at 0.39; 0.600 at the earlier 0.50.
#[test]
fn threshold_is_the_best_one_on_the_development_set() {
    #[derive(serde::Deserialize)]
    struct Pair {
        requirement: String,
        phrase: String,
        shows: bool,
    }
    #[derive(serde::Deserialize)]
    struct Set {
        pairs: Vec<Pair>,
    }
    let text =
        std::fs::read_to_string(root().join("tests/fixtures/semantic/dev_pairs.toml")).unwrap();
    let set: Set = toml::from_str(&text).unwrap();
    assert!(set.pairs.len() >= 50);
    let e = encoder();
    let phrases: Vec<&str> = set.pairs.iter().map(|p| p.phrase.as_str()).collect();
    let stored = PhraseVectors::quantise(
        phrases.iter().map(|p| (*p).to_owned()).collect(),
        &e.encode(&phrases).unwrap(),
    );
    let (mut pair_only, mut best_of_resume) = (Vec::new(), Vec::new());
    for (i, p) in set.pairs.iter().enumerate() {
        let q = Query::new(&e.encode(&[core_of(&p.requirement).as_str()]).unwrap()[0]);
        let own = stored.cosine(i, &q);
        // A resume holds up to MAX_PHRASES phrases: the pair's own and the
        // next ones of the set written for other requirements.
        let n = set.pairs.len();
        let best_other = (1..n)
            .map(|k| (i + k * 7) % n)
            .filter(|&j| set.pairs[j].requirement != p.requirement)
            .take(MAX_PHRASES - 1)
            .map(|j| stored.cosine(j, &q))
            .fold(f32::MIN, f32::max);
        pair_only.push((own, p.shows));
        // Met when the pair's phrase reaches the threshold (it shows the
        // requirement) or when anything does (a spurious match).
        best_of_resume.push((own, best_other, p.shows));
    }
    let accuracy_at = |t: f32| {
        let right = best_of_resume
            .iter()
            .filter(|(own, other, shows)| {
                if *shows {
                    *own >= t
                } else {
                    own.max(*other) < t
                }
            })
            .count();
        right as f32 / best_of_resume.len() as f32
    };
    // Precision counts twice: a wrong "met" lifts a candidate with
    // evidence they do not have; a missed paraphrase says "not shown in
    // these words", which the recruiter can check.
    let f_half_at = |t: f32| {
        let mut tp = 0.0f32;
        let mut fp = 0.0f32;
        let mut fn_ = 0.0f32;
        for (own, other, shows) in &best_of_resume {
            let met = own.max(*other) >= t;
            match (*shows, met) {
                // Met, but was it by the phrase that shows it?
                (true, true) if *own >= t => tp += 1.0,
                (true, true) => {
                    fp += 1.0;
                    fn_ += 1.0;
                }
                (true, false) => fn_ += 1.0,
                (false, true) => fp += 1.0,
                (false, false) => {}
            }
        }
        let (b2, p, r) = (0.25, tp / (tp + fp).max(1.0), tp / (tp + fn_).max(1.0));
        if p + r == 0.0 {
            0.0
        } else {
            (1.0 + b2) * p * r / (b2 * p + r)
        }
    };
    let grid: Vec<f32> = (25..=80).map(|i| i as f32 / 100.0).collect();
    let best = grid.iter().map(|&t| accuracy_at(t)).fold(0.0f32, f32::max);
    let best_ts: Vec<f32> = grid
        .iter()
        .copied()
        .filter(|&t| accuracy_at(t) >= best - 1e-6)
        .collect();
    let (lo, hi) = (best_ts[0], best_ts[best_ts.len() - 1]);
    for t in (30..=60).map(|i| i as f32 * 0.01) {
        let pairwise = pair_only
            .iter()
            .filter(|(s, shows)| (*s >= t) == *shows)
            .count() as f32
            / pair_only.len() as f32;
        println!(
            "threshold {t:.2}: accuracy {:.3}, F0.5 {:.3} (pairs alone: accuracy {pairwise:.3})",
            accuracy_at(t),
            f_half_at(t)
        );
    }
    println!(
        "best accuracy {best:.3} for thresholds {lo:.2}..={hi:.2}; MET_AT = {MET_AT} ({:.3})",
        accuracy_at(MET_AT)
    );
    assert!(
        (lo - 0.011..=hi + 0.011).contains(&MET_AT),
        "MET_AT {MET_AT} is outside the best interval {lo:.2}..={hi:.2}"
    );
    assert!(
        f_half_at(MET_AT) >= grid.iter().map(|&t| f_half_at(t)).fold(0.0, f32::max) - 0.04,
        "MET_AT is far from the best F0.5"
    );
}

/// Reported, not tuned: pairs from the evaluation postings and resumes
/// (and lookalikes in their words) are judged right at `MET_AT`.
#[test]
fn threshold_on_the_evaluation_pairs() {
    let e = encoder();
    // Pairs seen in the evaluation data and written as candidates write.
    let shows = [
        (
            "experience mentoring engineers",
            "Mentored three junior engineers",
        ),
        (
            "Docker and containers to manage reproducible environments",
            "Dev Environment: Analytics environment based on Docker and AWS, \
             standardized the Python and R dependencies",
        ),
        (
            "task management and/or product management tools",
            "Product Management & Marketing",
        ),
    ];
    let lookalikes = [
        (
            "experience mentoring engineers",
            "Migrated a monolith to event-driven microservices",
        ),
        (
            "strong written and verbal communication skills",
            "Cut cloud costs by 30% through capacity planning",
        ),
        (
            "experience building distributed systems",
            "Interviewed and hired six engineers",
        ),
        (
            "experience with continuous integration and delivery",
            "Wrote technical documentation and onboarding guides",
        ),
        (
            "websites using templating languages and frameworks like Jinja, Liquid, and Mustache",
            "HTML",
        ),
    ];
    let mut right = 0;
    for (r, p) in shows {
        let s = similarity(&e, r, p);
        println!("{s:.2}  shows      {r:?} ← {p:?}");
        right += usize::from(s >= MET_AT);
    }
    for (r, p) in lookalikes {
        let s = similarity(&e, r, p);
        println!("{s:.2}  lookalike  {r:?} ← {p:?}");
        right += usize::from(s < MET_AT);
    }
    println!("{right} of 8 evaluation pairs judged right at {MET_AT}");
    assert!(right >= 7, "{right} of 8");
}

/// Every evaluation posting against every evaluation resume: the stored
/// (quantised) comparison agrees with the exact cosine, and prints the best
/// evidence per phrase requirement for review.
#[test]
fn evaluation_resumes_against_postings() {
    let e = encoder();
    let parser = ResumeParser::default();
    let mut resumes = Vec::new();
    for name in [
        "r02_sb2nov.pdf",
        "r04_altacv_mmayer.pdf",
        "r07_bewerbung_de.pdf",
        "r09_jsonresume_sample.json",
    ] {
        let parsed = parser
            .parse_file(&root().join("tests/fixtures/resumes").join(name))
            .unwrap();
        assert!(
            evidence_phrases(&parsed.resume).len() >= 3,
            "{name}: too few phrases"
        );
        resumes.push((name.to_owned(), parsed.resume));
    }
    let embedded = embed_candidates(&e, &resumes, |_, _| {}).unwrap();
    #[derive(serde::Deserialize)]
    struct Label {
        posting: String,
        requirement: String,
        resume: String,
        phrase: String,
        shows: bool,
    }
    #[derive(serde::Deserialize)]
    struct Labels {
        labels: Vec<Label>,
    }
    let labels: Labels = toml::from_str(
        &std::fs::read_to_string(root().join("tests/fixtures/semantic/evaluation_labels.toml"))
            .unwrap(),
    )
    .unwrap();
    let (mut met, mut right) = (0, 0);
    let mut positives_found = 0;
    for jd in [
        "j01_compiler_senior_swe_2025.md",
        "j03_compiler_product_manager_2023.md",
        "j08_18f_10x_principal_swe.md",
    ] {
        let text = std::fs::read_to_string(root().join("tests/fixtures/jds").join(jd)).unwrap();
        let job = analyze(&text, SkillMatcher::builtin());
        let vectors = embed_requirements(&e, &job).unwrap();
        assert!(!vectors.is_empty(), "{jd}: no phrase requirements");
        println!("\n{jd}");
        for (req, q) in &vectors {
            let exact = e.encode(&[core_of(req).as_str()]).unwrap().remove(0);
            for (name, stored) in &embedded {
                let (i, cos) = stored.best(q).unwrap();
                let phrase_vec = e.encode(&[stored.phrases[i].as_str()]).unwrap().remove(0);
                let want: f32 = exact.iter().zip(&phrase_vec).map(|(a, b)| a * b).sum();
                assert!((cos - want).abs() < 0.02, "quantised {cos} vs {want}");
                let label = labels.labels.iter().find(|l| {
                    jd.starts_with(&l.posting)
                        && req.starts_with(&l.requirement)
                        && name.starts_with(&l.resume)
                        && stored.phrases[i].starts_with(&l.phrase)
                });
                if cos >= MET_AT {
                    met += 1;
                    // An unlabelled match counts as a wrong one.
                    if label.is_some_and(|l| l.shows) {
                        right += 1;
                        positives_found += 1;
                    }
                }
                if cos >= MET_AT - 0.1 {
                    println!(
                        "  {cos:.2} {} {} {req:?} ← {name}: {:?}",
                        if cos >= MET_AT { "met " } else { "near" },
                        match label {
                            Some(l) if l.shows => "right",
                            Some(_) => "wrong",
                            None => "unlabelled",
                        },
                        stored.phrases[i]
                    );
                }
            }
        }
    }
    let positives = labels.labels.iter().filter(|l| l.shows).count();
    let precision = right as f64 / met.max(1) as f64;
    println!(
        "\nat MET_AT {MET_AT}: {met} matches, {right} right by the hand labels (precision \
         {precision:.2}); {positives_found} of {positives} labelled evidence pairs met"
    );
    // Measured 2026-11-30: 23 matches, 9 right (0.39); 9 of 9.
    assert!(precision >= 0.35, "precision {precision:.2}");
    assert!(
        positives_found * 10 >= positives * 8,
        "{positives_found} of {positives}"
    );
}

/// Through the store: phrases are embedded once per candidate and model,
/// come back with the profiles, and explain phrase requirements in a fit.
#[tokio::test]
async fn stored_phrases_are_reused_and_explain_fits() {
    use ats_core::import::Importer;
    use ats_core::matching::{profile_of, rank};
    use ats_core::ranking::prepare;
    use ats_core::skills::document_text;
    use ats_core::store::Store;
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(dir.path()).await.unwrap();
    let importer = Importer::new(ResumeParser::default(), store.clone());
    for name in ["r02_sb2nov.pdf", "r09_jsonresume_sample.json"] {
        importer
            .import_file(&root().join("tests/fixtures/resumes").join(name))
            .await
            .unwrap();
    }
    let text =
        std::fs::read_to_string(root().join("tests/fixtures/jds/j01_compiler_senior_swe_2025.md"))
            .unwrap();
    let job = analyze(&text, SkillMatcher::builtin());
    let e = encoder();
    let model = e.identity();
    assert_eq!(
        store
            .candidates_without_phrases(&model)
            .await
            .unwrap()
            .len(),
        2
    );
    let (got_model, vectors) = prepare(&store, e.clone(), &job, |_, _| {}).await.unwrap();
    assert_eq!(got_model, model);
    assert!(
        store
            .candidates_without_phrases(&model)
            .await
            .unwrap()
            .is_empty()
    );
    // Another model's vectors are not mixed in.
    assert_eq!(
        store
            .candidates_without_phrases("other-model")
            .await
            .unwrap()
            .len(),
        2
    );

    for (id, resume, text) in store.candidates_without_profile().await.unwrap() {
        let p = profile_of(
            &resume,
            &document_text(&text, &resume),
            SkillMatcher::builtin(),
            chrono::NaiveDate::from_ymd_opt(2025, 1, 1).unwrap(),
        );
        store.save_profile(&id, &p, "test").await.unwrap();
    }
    let mut profiles = store.profiles().await.unwrap();
    store.attach_phrases(&model, &mut profiles).await.unwrap();
    assert!(
        profiles
            .iter()
            .all(|p| p.1.phrases.as_ref().is_some_and(|v| v.len() >= 3))
    );
    let ranked = rank(&job, &vectors, &profiles);
    let docker = ranked
        .iter()
        .flat_map(|(_, f)| f.must_have.iter().chain(&f.nice_to_have))
        .find(|r| r.kind == "phrase" && r.met && r.skill.starts_with("Docker and containers"))
        .expect("the Docker requirement is met by r02's analytics environment");
    assert!(
        docker.evidence.as_deref().unwrap().contains("Docker"),
        "{docker:?}"
    );
    assert!(docker.similarity.unwrap() >= f64::from(MET_AT) - 0.005);
    // Every phrase requirement is explained with its similarity.
    for (_, f) in &ranked {
        for r in f.must_have.iter().chain(&f.nice_to_have) {
            assert_eq!(r.kind == "phrase", r.similarity.is_some(), "{r:?}");
        }
    }
    store.close().await;
}

/// The ESCO index on a slice of the shipped CSV (the full 14,000 entries
/// take minutes to embed; `tests/skillspan.rs` runs them): the nearest
/// entry to a paraphrase is the right one, one matrix product agrees with
/// one-by-one search, and skills are told from knowledge.
#[test]
fn esco_index_finds_and_types_skills() {
    use ats_core::skills::esco::{EscoIndex, SKILL_AT};
    let csv = std::fs::read_to_string(root().join("models/esco/skills.csv"))
        .unwrap_or_else(|e| panic!("{e} — run models/fetch.sh"));
    let mut lines = csv.lines();
    let header = lines.next().unwrap();
    let wanted = [
        "\"Haskell Haskell",
        "\"communicate with customers",
        "\"use spreadsheets software",
        "\"manage staff",
        "\"work independently work on your own",
    ];
    let mut slice = vec![header.to_owned()];
    for (n, line) in lines.enumerate() {
        if n < 150 || wanted.iter().any(|w| line.contains(&format!(",{w}"))) {
            slice.push(line.to_owned());
        }
    }
    assert_eq!(
        slice.len(),
        1 + 150 + wanted.len() - 1,
        "Haskell is in the first 150"
    );
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("skills.csv");
    std::fs::write(&path, slice.join("\n") + "\n").unwrap();
    let e = encoder();
    let index = EscoIndex::load(&path, &e, dir.path()).unwrap();
    assert_eq!(index.len(), slice.len() - 1);
    let phrases = [
        (
            "able to work on my own without supervision",
            "work independently",
            "skill",
        ),
        (
            "talking to customers",
            "communicate with customers",
            "skill",
        ),
        ("Excel spreadsheets", "use spreadsheets software", "skill"),
        ("Haskell programming", "Haskell", "knowledge"),
    ];
    let vectors = e
        .encode(&phrases.iter().map(|p| p.0).collect::<Vec<_>>())
        .unwrap();
    let many = index.nearest_many(&vectors).unwrap();
    for ((phrase, label, kind), (v, (i, cos))) in phrases.iter().zip(vectors.iter().zip(many)) {
        let (one, one_cos) = index.nearest(v).unwrap();
        assert_eq!(i, one, "{phrase}");
        assert!((cos - one_cos).abs() < 1e-4);
        assert!(
            index.skills[i].label.starts_with(label),
            "{phrase} → {:?}",
            index.skills[i]
        );
        assert!(
            index.skills[i]
                .id
                .starts_with("http://data.europa.eu/esco/skill/")
        );
        assert_eq!(
            index.classify(phrase, i, cos, SKILL_AT),
            Some(*kind),
            "{phrase} ({cos:.2})"
        );
    }
    // The vectors were cached; a second load reads them back.
    let cache: Vec<_> = std::fs::read_dir(dir.path())
        .unwrap()
        .filter_map(|f| f.ok())
        .filter(|f| f.file_name().to_string_lossy().ends_with(".f32"))
        .collect();
    assert_eq!(cache.len(), 1);
    let cached = EscoIndex::load(&path, &e, dir.path()).unwrap();
    assert_eq!(cached.nearest(&vectors[0]), index.nearest(&vectors[0]));
}
