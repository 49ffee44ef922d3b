use crate::support::{self, TRUTH};
use ats_core::import::{ImportResult, Importer, collect_files};
use ats_core::ingest::ResumeParser;
use ats_core::store::{Store, StoreOutcome};

async fn importer(dir: &std::path::Path) -> Importer {
    Importer::new(ResumeParser::default(), Store::open(dir).await.unwrap())
}

#[tokio::test]
async fn the_same_file_twice_is_one_candidate() {
    let data = tempfile::tempdir().unwrap();
    let imp = importer(data.path()).await;
    let bytes = support::one_column_pdf(&TRUTH);
    let first = imp.import_bytes("jane.pdf", bytes.clone()).await.unwrap();
    let second = imp.import_bytes("copy of jane.pdf", bytes).await.unwrap();
    let (
        StoreOutcome::Imported { candidate_id, .. },
        StoreOutcome::Duplicate {
            candidate_id: again,
            ..
        },
    ) = (&first, &second)
    else {
        panic!("{first:?} {second:?}");
    };
    assert_eq!(candidate_id, again);
    let list = imp.store.list_candidates().await.unwrap();
    assert_eq!(list.len(), 1);
    assert_eq!(list[0].name.as_deref(), Some("Jane Doe"));

    // The original is kept under its hash, byte for byte.
    let detail = imp.store.get_candidate(&candidate_id[..8]).await.unwrap();
    let file = &detail.files[0];
    let stored = std::fs::read(data.path().join(&file.stored_path)).unwrap();
    assert_eq!(ats_core::digest::sha256_hex(&stored), file.sha256);
    assert!(file.stored_path.contains(&file.sha256));
    assert_eq!(detail.resume.work.len(), 2);

    // One event of each kind, in the design's envelope.
    let uploaded = imp.store.events_of_type("resume.uploaded").await.unwrap();
    let created = imp.store.events_of_type("candidate.created").await.unwrap();
    assert_eq!((uploaded.len(), created.len()), (1, 1));
    assert_eq!(created[0].1["candidate_id"], candidate_id.as_str());
    assert_eq!(uploaded[0].1["sha256"], file.sha256.as_str());
}

#[tokio::test]
async fn store_is_wal_with_foreign_keys_and_survives_reopen() {
    let data = tempfile::tempdir().unwrap();
    {
        let imp = importer(data.path()).await;
        imp.import_bytes("a.txt", support::text(&TRUTH).into_bytes())
            .await
            .unwrap();
        let mode: String = sqlx::query_scalar("PRAGMA journal_mode")
            .fetch_one(imp.store.pool())
            .await
            .unwrap();
        assert_eq!(mode, "wal");
        let fk: i64 = sqlx::query_scalar("PRAGMA foreign_keys")
            .fetch_one(imp.store.pool())
            .await
            .unwrap();
        assert_eq!(fk, 1);
        imp.store.close().await;
    }
    let store = Store::open(data.path()).await.unwrap();
    assert_eq!(store.list_candidates().await.unwrap().len(), 1);
}

#[tokio::test]
async fn a_mixed_batch_imports_every_good_file() {
    let input = tempfile::tempdir().unwrap();
    let write = |name: &str, bytes: &[u8]| std::fs::write(input.path().join(name), bytes).unwrap();
    write("good.pdf", &support::one_column_pdf(&TRUTH));
    write(
        "good.docx",
        &support::docx(&crate::support::Truth {
            email: "jane@work.example",
            ..TRUTH
        }),
    );
    std::fs::create_dir(input.path().join("nested")).unwrap();
    write("nested/good.txt", "Bob Stone\nbob@example.org\n".as_bytes());
    write("empty.pdf", b"");
    write(
        "random.pdf",
        &[0xde, 0xad, 0xbe, 0xef, 0, 1, 2, 3, 0, 0, 0, 0, 9, 9],
    );
    write("bomb.docx", &support::zip_bomb_docx());
    write("scan.pdf", &support::image_only_pdf());

    let data = tempfile::tempdir().unwrap();
    let imp = importer(data.path()).await;
    let files = collect_files(&[input.path().to_path_buf()]).unwrap();
    assert_eq!(files.len(), 7);
    let mut failed = Vec::new();
    let mut imported = 0;
    for f in files {
        match imp.import_report(f.clone()).await.result {
            ImportResult::Stored(StoreOutcome::Imported { .. }) => imported += 1,
            ImportResult::Failed(failure) => {
                let code = failure.code;
                failed.push((f.file_name().unwrap().to_string_lossy().into_owned(), code))
            }
            ImportResult::Stored(StoreOutcome::Duplicate { .. }) => panic!("no duplicates here"),
        }
    }
    failed.sort();
    assert_eq!(imported, 3);
    assert_eq!(
        failed,
        [
            ("bomb.docx".to_owned(), "resume.too_large".to_owned()),
            ("empty.pdf".to_owned(), "resume.empty".to_owned()),
            (
                "random.pdf".to_owned(),
                "resume.unsupported_type".to_owned()
            ),
            ("scan.pdf".to_owned(), "resume.needs_ocr".to_owned()),
        ]
    );
    assert_eq!(imp.store.list_candidates().await.unwrap().len(), 3);
}

/// Text whose case mapping changes byte offsets (İ, the Ångström sign)
/// once panicked in the skill matcher after parsing: the rest of the batch
/// was lost, the candidate was stored without a profile, and every later
/// ranking crashed. Now both files are imported with their profiles and
/// the job ranks them.
#[tokio::test]
async fn text_that_changes_length_when_lowered_loses_nothing() {
    let data = tempfile::tempdir().unwrap();
    let imp = importer(data.path()).await;
    let hostile = "Ada Quill\nada@example.org\n\nSkills\nİ Python– \u{212B}, Rust\n";
    let good = support::text(&TRUTH);
    let mut outcomes = Vec::new();
    for (name, bytes) in [
        ("hostile.txt", hostile.as_bytes().to_vec()),
        ("good.txt", good.into_bytes()),
    ] {
        outcomes.push(imp.import_bytes(name, bytes).await.unwrap());
    }
    assert!(
        outcomes
            .iter()
            .all(|o| matches!(o, StoreOutcome::Imported { .. })),
        "{outcomes:?}"
    );
    // Both were stored with their profiles, in the same transaction.
    assert!(
        imp.store
            .candidates_without_profile()
            .await
            .unwrap()
            .is_empty()
    );
    let StoreOutcome::Imported { candidate_id, .. } = &outcomes[0] else {
        unreachable!()
    };
    let profiles = imp.store.profiles().await.unwrap();
    let hostile_profile = &profiles.iter().find(|p| &p.0 == candidate_id).unwrap().1;
    let skills: Vec<&str> = hostile_profile
        .skills
        .iter()
        .map(|s| s.skill.as_str())
        .collect();
    assert_eq!(skills, ["Python", "Rust"]);

    let posting =
        "# Backend Engineer\n\nLocation: \u{212A}iel\n\n## Requirements\n- Python\n- Rust\n";
    let added = ats_core::import::import_posting(&imp.store, posting.into(), "posting")
        .await
        .unwrap();
    assert_eq!(added.analysis.location.as_deref(), Some("\u{212A}iel"));
    let ranking = ats_core::ranking::rank_job(
        &imp.store,
        None,
        &ats_core::ranking::RankOptions {
            reference_date: chrono::NaiveDate::from_ymd_opt(2025, 1, 1).unwrap(),
            semantic: false,
            model_dir: None,
        },
        |_| {},
    )
    .await
    .unwrap();
    assert_eq!(ranking.candidates.len(), 2);
    assert!(ranking.skipped.is_empty());
    // Both show both required skills (the sample resume lists them too).
    let ada = ranking
        .candidates
        .iter()
        .find(|c| &c.candidate_id == candidate_id)
        .expect("the hostile resume is ranked");
    assert_eq!(ada.name.as_deref(), Some("Ada Quill"));
    assert!(ada.fit.must_have.iter().all(|r| r.met), "{:?}", ada.fit);
    assert_eq!(ada.fit.must_have.len(), 2);
}
