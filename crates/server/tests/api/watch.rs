//! The watched drop folder through the API: set by the installation's
//! owner, resumes saved into it are imported (a refused file says why), a
//! change of folder moves the watcher, and a shell that runs no watcher
//! says so.

use crate::support::{As, fixture, spawn_app, spawn_watching};
use serde_json::{Value, json};
use std::time::{Duration, Instant};

async fn until(app: &crate::support::App, root: &str, ok: impl Fn(&Value) -> bool) -> Value {
    let start = Instant::now();
    loop {
        let s = app
            .ok(As::User(root), "settings.watch_get", json!({}))
            .await;
        if ok(&s) {
            return s;
        }
        assert!(start.elapsed() < Duration::from_secs(60), "waited for: {s}");
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
}

#[tokio::test]
async fn resumes_dropped_into_the_folder_are_imported() {
    let app = spawn_watching().await;
    let admin = app.setup("acme").await;
    let root = app.super_admin().await;
    let (status, _) = app
        .call(As::User(&admin), "settings.watch_get", json!({}))
        .await;
    assert_eq!(status.as_u16(), 403, "the installation's owner's setting");

    let empty = app
        .ok(As::User(&root), "settings.watch_get", json!({}))
        .await;
    assert_eq!(empty["runs_here"], true);
    assert!(empty["folder"].is_null() && empty["watching"].is_null());

    let drop = tempfile::tempdir().unwrap();
    let folder = drop.path().join("inbox");
    let set = app
        .ok(
            As::User(&root),
            "settings.watch_set",
            json!({"folder": folder.display().to_string(), "settle_secs": 0.2}),
        )
        .await;
    assert!(folder.is_dir(), "the folder is created");
    assert_eq!(set["watching"], folder.display().to_string());

    std::fs::copy(fixture("resumes/r02_sb2nov.pdf"), folder.join("cv.pdf")).unwrap();
    std::fs::write(folder.join("broken.pdf"), b"%PDF-1.7 not really").unwrap();
    std::fs::write(folder.join("half.pdf.part"), b"still downloading").unwrap();
    let s = until(&app, &root, |s| {
        s["recent"].as_array().is_some_and(|r| r.len() >= 2)
    })
    .await;
    let recent = s["recent"].as_array().unwrap();
    let by = |name: &str| {
        recent
            .iter()
            .find(|r| r["path"].as_str().unwrap().ends_with(name))
            .unwrap_or_else(|| panic!("{name}: {s}"))
    };
    let cv = by("cv.pdf");
    assert_eq!(cv["outcome"], "imported", "{s}");
    let id = cv["candidate_id"].as_str().unwrap();
    let got = app
        .ok(As::User(&root), "candidates.get", json!({"id": id}))
        .await;
    assert_eq!(got["candidate"]["id"], id, "{got}");
    let broken = by("broken.pdf");
    assert_eq!(broken["outcome"], "failed");
    assert!(
        broken["code"].as_str().unwrap().starts_with("resume."),
        "{broken}"
    );
    assert!(
        !recent
            .iter()
            .any(|r| r["path"].as_str().unwrap().ends_with(".part"))
    );

    // Another folder: the watcher moves; the old one is no longer read.
    let other = drop.path().join("other");
    app.ok(
        As::User(&root),
        "settings.watch_set",
        json!({"folder": other.display().to_string()}),
    )
    .await;
    std::fs::copy(
        fixture("resumes/r04_altacv_mmayer.pdf"),
        folder.join("late.pdf"),
    )
    .unwrap();
    std::fs::copy(
        fixture("resumes/r07_bewerbung_de.pdf"),
        other.join("neu.pdf"),
    )
    .unwrap();
    let s = until(&app, &root, |s| {
        s["recent"]
            .as_array()
            .unwrap()
            .iter()
            .any(|r| r["path"].as_str().unwrap().ends_with("neu.pdf"))
    })
    .await;
    assert!(
        !s.to_string().contains("late.pdf"),
        "the old folder is still watched: {s}"
    );

    for bad in [json!({"folder": "relative/dir"}), json!({"settle_secs": 0})] {
        let (status, body) = app
            .call(As::User(&root), "settings.watch_set", bad.clone())
            .await;
        assert_eq!(status.as_u16(), 422, "{bad}: {body}");
    }
    let cleared = app
        .ok(
            As::User(&root),
            "settings.watch_set",
            json!({"folder": null}),
        )
        .await;
    assert!(cleared["watching"].is_null() && cleared["folder"].is_null());
}

#[tokio::test]
async fn a_server_keeps_the_setting_but_does_not_watch() {
    let app = spawn_app().await;
    app.setup("acme").await;
    let root = app.super_admin().await;
    let drop = tempfile::tempdir().unwrap();
    let s = app
        .ok(
            As::User(&root),
            "settings.watch_set",
            json!({"folder": drop.path().display().to_string()}),
        )
        .await;
    assert_eq!(s["runs_here"], false);
    assert!(s["watching"].is_null());
    assert_eq!(s["folder"], drop.path().display().to_string());
}
