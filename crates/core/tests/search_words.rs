//! Full-text candidate search in the store: the tenant is part of the
//! match, every word must match (the last also as a prefix), query syntax is
//! taken as words, snippets show the match, and past the search window the
//! best are chosen among the newest matches.

use ats_core::store::{SEARCH_WINDOW, Scope, Store};

fn resume(i: usize, extra: &str) -> (String, String, String) {
    (
        format!("Person {i}"),
        format!("person{i}@example.com"),
        format!(
            "Person {i}\nBackend engineer at Firm {i}. Built streaming pipelines with Kafka \
             and Rust.\n{extra}\nSkills: SQL, Linux."
        ),
    )
}

#[tokio::test]
async fn search_by_words_within_a_company_and_a_window() {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(dir.path()).await.unwrap();
    let a = store.create_company("A").await.unwrap();
    let b = store.create_company("B").await.unwrap();
    let (sa, sb) = (
        store.scoped(Scope::company(&a.id)),
        store.scoped(Scope::company(&b.id)),
    );
    let n = SEARCH_WINDOW as usize + 300;
    let rows: Vec<_> = (0..n)
        .map(|i| {
            resume(
                i,
                if i == 7 {
                    "Mentored interns in Haskell."
                } else {
                    ""
                },
            )
        })
        .collect();
    sa.seed_candidates_for_bench(&rows).await.unwrap();
    sb.seed_candidates_for_bench(&[resume(9999, "Haskell compiler work.")])
        .await
        .unwrap();

    // Another company's resumes never show.
    let hits = sa.search_candidates("haskell", 20).await.unwrap();
    assert_eq!(hits.len(), 1, "{hits:?}");
    assert_eq!(hits[0].0.name.as_deref(), Some("Person 7"));
    assert!(hits[0].2.contains("Haskell"), "snippet: {}", hits[0].2);
    let theirs = sb.search_candidates("haskell", 20).await.unwrap();
    assert_eq!(theirs.len(), 1);
    assert_eq!(theirs[0].0.name.as_deref(), Some("Person 9999"));

    // Every word must match; the last one as typed so far.
    let hits = sa.search_candidates("person 123", 20).await.unwrap();
    let names: Vec<_> = hits.iter().filter_map(|h| h.0.name.clone()).collect();
    assert!(names.contains(&"Person 123".to_owned()), "{names:?}");
    assert!(
        names.contains(&"Person 1234".to_owned()),
        "prefix: {names:?}"
    );
    assert!(
        names.iter().all(|n| n.starts_with("Person 123")),
        "{names:?}"
    );
    assert!(
        sa.search_candidates("kafka cobol", 20)
            .await
            .unwrap()
            .is_empty()
    );

    // FTS syntax is just words: no error, no operator.
    for hostile in [
        "\"kafka\" OR *",
        "NEAR(kafka rust)",
        "tenant:x",
        "{name}: a",
        "-",
        "",
    ] {
        let r = sa.search_candidates(hostile, 20).await;
        assert!(r.is_ok(), "{hostile}: {r:?}");
    }
    // The tenant column is not something a query can reach.
    let token = format!("t{}", b.id.replace('-', ""));
    assert!(sa.search_candidates(&token, 5).await.unwrap().is_empty());

    // A word every resume has: the best among the newest window of matches.
    let hits = sa.search_candidates("kafka", 50).await.unwrap();
    assert_eq!(hits.len(), 50);
    let oldest_in_window = n - SEARCH_WINDOW as usize;
    for h in &hits {
        let k: usize = h.0.name.as_deref().unwrap()[7..].parse().unwrap();
        assert!(k >= oldest_in_window, "person {k} is older than the window");
    }
    // A hiring manager with nothing assigned finds nobody.
    let manager = store.scoped(Scope {
        company_id: Some(a.id.clone()),
        assigned_to: Some("nobody".into()),
    });
    assert!(
        manager
            .search_candidates("kafka", 20)
            .await
            .unwrap()
            .is_empty()
    );
}
