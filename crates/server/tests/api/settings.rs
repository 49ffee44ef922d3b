//! The installation's model settings through the API: a super admin's
//! only; validated; saved where the terminal reads them; keys never shown.

use crate::support::{As, spawn_app};
use serde_json::json;

#[tokio::test]
async fn model_settings_round_trip() {
    let app = spawn_app().await;
    let admin = app.setup("acme").await;
    let root = app.super_admin().await;
    let (status, _) = app
        .call(As::User(&admin), "settings.llm_get", json!({}))
        .await;
    assert_eq!(
        status.as_u16(),
        403,
        "a company's admin does not own the installation"
    );

    let before = app.ok(As::User(&root), "settings.llm_get", json!({})).await;
    assert!(before["order"].as_array().is_some_and(|o| !o.is_empty()));
    let after = app
        .ok(
            As::User(&root),
            "settings.llm_set",
            json!({"order": ["local"], "offline": true, "openai_model": "gpt-test"}),
        )
        .await;
    assert_eq!(after["order"], json!(["local"]));
    assert_eq!(after["offline"], true);
    // Saved where `ats llm` reads them.
    let saved = ats_core::llm::LlmConfig::load(app.store.data_dir()).unwrap();
    assert!(saved.offline);
    assert_eq!(saved.openai.model, "gpt-test");
    for bad in [
        json!({"order": ["skynet"]}),
        json!({"openai_base_url": "http://evil.example.com"}),
        json!({"local_model": "/etc/passwd"}),
        json!({"timeout_secs": 0}),
    ] {
        let (status, body) = app
            .call(As::User(&root), "settings.llm_set", bad.clone())
            .await;
        assert_eq!(status.as_u16(), 422, "{bad}: {body}");
    }
    assert!(!after.to_string().contains("sk-"), "no key in the answer");
}

/// The GGUF picker: the bundled model is listed with its manifest name and
/// the memory it needs; choosing it marks it configured; a file that only
/// ends in .gguf is refused with the reason.
#[tokio::test]
async fn local_models_are_listed_and_checked_when_chosen() {
    let app = spawn_app().await;
    let admin = app.setup("acme").await;
    let root = app.super_admin().await;
    let (status, _) = app
        .call(As::User(&admin), "settings.models", json!({}))
        .await;
    assert_eq!(status.as_u16(), 403);
    let list = app.ok(As::User(&root), "settings.models", json!({})).await;
    let models = list["models"].as_array().unwrap();
    let smol = models
        .iter()
        .find(|m| {
            m["path"]
                .as_str()
                .unwrap()
                .ends_with("SmolLM2-135M-Instruct.Q4_1.gguf")
        })
        .unwrap_or_else(|| panic!("the bundled model is listed: {list}"));
    assert_eq!(smol["name"], "SmolLM2-135M-Instruct Q4_1");
    assert!(smol["licence"].as_str().unwrap().starts_with("Apache-2.0"));
    assert!(smol["problem"].is_null(), "{smol}");
    let (size, needed) = (
        smol["size_mb"].as_u64().unwrap(),
        smol["needed_mb"].as_u64().unwrap(),
    );
    assert!((50..200).contains(&size) && needed > size, "{smol}");
    if let Some(free) = list["available_mb"].as_u64() {
        assert_eq!(smol["fits"], needed <= free);
    }

    let path = smol["path"].as_str().unwrap();
    app.ok(
        As::User(&root),
        "settings.llm_set",
        json!({"local_model": path}),
    )
    .await;
    let list = app.ok(As::User(&root), "settings.models", json!({})).await;
    let chosen: Vec<_> = list["models"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|m| m["configured"] == true)
        .collect();
    assert_eq!(chosen.len(), 1, "{list}");
    assert_eq!(chosen[0]["path"], path);
    assert_eq!(list["configured_present"], true);

    let dir = tempfile::tempdir().unwrap();
    let fake = dir.path().join("model.gguf");
    std::fs::write(&fake, "<html>a download error page</html>").unwrap();
    let (status, body) = app
        .call(
            As::User(&root),
            "settings.llm_set",
            json!({"local_model": fake.display().to_string()}),
        )
        .await;
    assert_eq!(status.as_u16(), 422, "{body}");
    assert!(
        body["message"].as_str().unwrap().contains("not a GGUF"),
        "{body}"
    );
}

#[tokio::test]
async fn job_interview_settings_are_range_checked() {
    let app = spawn_app().await;
    let admin = app.setup("acme").await;
    let posting = std::fs::read_to_string(crate::support::fixture(
        "jds/j01_compiler_senior_swe_2025.md",
    ))
    .unwrap();
    let job = app
        .ok(As::User(&admin), "jobs.create", json!({"text": posting}))
        .await["id"]
        .as_str()
        .unwrap()
        .to_owned();
    let mut settings = app
        .ok(As::User(&admin), "jobs.settings_get", json!({"id": job}))
        .await;
    settings["plan"]["time_limit_secs"] = json!(120);
    let saved = app
        .ok(
            As::User(&admin),
            "jobs.settings_set",
            json!({"job_id": job, "settings": settings}),
        )
        .await;
    assert_eq!(saved["plan"]["time_limit_secs"], 120);
    for (part, key, bad) in [
        ("plan", "time_limit_secs", json!(0)),
        ("plan", "technical", json!(500)),
        ("interview", "max_follow_ups", json!(1000)),
        ("interview", "overall_limit_secs", json!(1)),
        ("interview", "invitation_valid_secs", json!(u64::MAX)),
    ] {
        let mut wrong = settings.clone();
        wrong[part][key] = bad.clone();
        let (status, body) = app
            .call(
                As::User(&admin),
                "jobs.settings_set",
                json!({"job_id": job, "settings": wrong}),
            )
            .await;
        assert_eq!(status.as_u16(), 422, "{key} = {bad}: {body}");
        assert_eq!(body["code"], "validation.invalid");
    }
    // Nothing of the refused ones was stored.
    let now = app
        .ok(As::User(&admin), "jobs.settings_get", json!({"id": job}))
        .await;
    assert_eq!(now, saved);
}
