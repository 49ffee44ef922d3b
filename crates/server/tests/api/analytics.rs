//! The business metrics through the API: the funnel follows the pipeline,
//! time to hire is measured, the CSV carries the same figures.

use crate::support::{As, hiring, spawn_app};
use serde_json::json;

#[tokio::test]
async fn the_funnel_follows_the_pipeline() {
    let app = spawn_app().await;
    let admin = app.setup("acme").await;
    let empty = app.ok(As::User(&admin), "analytics.get", json!({})).await;
    assert!(empty["average_score"].is_null());
    assert_eq!(empty["funnel"][0]["count"], 0);

    let h = hiring(&app, &admin).await;
    let stage = |a: &serde_json::Value, name: &str| {
        a["funnel"]
            .as_array()
            .unwrap()
            .iter()
            .find(|s| s["stage"] == name)
            .unwrap()["count"]
            .as_i64()
            .unwrap()
    };
    let before = app
        .ok(As::User(&admin), "analytics.get", json!({"job_id": h.job}))
        .await;
    assert_eq!(stage(&before, "applied"), 1, "{before}");
    assert_eq!(stage(&before, "interviewed"), 1);
    assert_eq!(stage(&before, "hired"), 0);
    assert!(before["time_to_hire_days"].is_null());
    let today = chrono::Utc::now().format("%Y-%m-%d").to_string();
    assert_eq!(before["interviews_per_day"][0]["day"], today);
    assert_eq!(before["interviews_per_day"][0]["interviews"], 1);

    let (status, body) = app
        .call(
            As::User(&admin),
            "applications.set_status",
            json!({"job_id": h.job, "candidate_id": h.candidate, "status": "promoted"}),
        )
        .await;
    assert_eq!(status.as_u16(), 422, "{body}");
    app.ok(
        As::User(&admin),
        "applications.set_status",
        json!({"job_id": h.job, "candidate_id": h.candidate, "status": "hired"}),
    )
    .await;
    let after = app
        .ok(As::User(&admin), "analytics.get", json!({"job_id": h.job}))
        .await;
    assert_eq!(stage(&after, "hired"), 1, "{after}");
    assert_eq!(stage(&after, "offer"), 1, "an offer precedes a hire");
    let days = after["time_to_hire_days"].as_f64().unwrap();
    assert!((0.0..0.01).contains(&days), "{days}");
    // Nothing from tomorrow on.
    let tomorrow = (chrono::Utc::now() + chrono::Duration::days(1))
        .format("%Y-%m-%d")
        .to_string();
    let later = app
        .ok(
            As::User(&admin),
            "analytics.get",
            json!({"since": tomorrow}),
        )
        .await;
    assert!(later["interviews_per_day"].as_array().unwrap().is_empty());

    let csv = app
        .ok(As::User(&admin), "analytics.csv", json!({"job_id": h.job}))
        .await;
    let text = base64::Engine::decode(
        &base64::engine::general_purpose::STANDARD,
        csv["content_base64"].as_str().unwrap(),
    )
    .unwrap();
    let text = String::from_utf8(text).unwrap();
    assert!(text.contains("\"hired\",\"1\""), "{text}");
    assert!(text.contains(&format!("\"{today}\",\"1\"")), "{text}");
}
