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
