//! A job's pipeline: every candidate's stage with the job, the counts per
//! stage, and the newest interview beside each application.

use crate::support::{As, hiring, spawn_app};
use serde_json::{Value, json};

fn count(pipeline: &Value, stage: &str) -> i64 {
    pipeline["counts"]
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["stage"] == stage)
        .unwrap()["count"]
        .as_i64()
        .unwrap()
}

#[tokio::test]
async fn the_pipeline_lists_each_application_at_its_stage() {
    let app = spawn_app().await;
    let admin = app.setup("acme").await;
    let h = hiring(&app, &admin).await;

    let all = app
        .ok(
            As::User(&admin),
            "applications.list",
            json!({"job_id": h.job}),
        )
        .await;
    // Every stage is counted, in pipeline order, zeros included.
    let stages: Vec<&str> = all["counts"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["stage"].as_str().unwrap())
        .collect();
    assert_eq!(
        stages,
        [
            "applied",
            "screening",
            "interviewing",
            "offer",
            "hired",
            "rejected",
            "withdrawn"
        ]
    );
    assert_eq!(count(&all, "applied"), 1, "{all}");
    let row = &all["applications"][0];
    assert_eq!(row["candidate_id"], h.candidate.as_str());
    assert_eq!(row["status"], "applied");
    assert_eq!(row["interview_id"], h.interview.as_str());
    assert_eq!(row["interview_status"], "scheduled");
    assert!(row["overall_score"].is_null(), "not scored yet: {row}");
    assert_eq!(all["truncated"], false);

    // Moving the candidate moves the counts and the stage filter follows.
    app.ok(
        As::User(&admin),
        "applications.set_status",
        json!({"job_id": h.job, "candidate_id": h.candidate, "status": "offer"}),
    )
    .await;
    let all = app
        .ok(
            As::User(&admin),
            "applications.list",
            json!({"job_id": h.job}),
        )
        .await;
    assert_eq!(count(&all, "applied"), 0);
    assert_eq!(count(&all, "offer"), 1);
    assert!(all["applications"][0]["status_changed_at"].is_string());
    let offers = app
        .ok(
            As::User(&admin),
            "applications.list",
            json!({"job_id": h.job, "status": "offer"}),
        )
        .await;
    assert_eq!(offers["applications"].as_array().unwrap().len(), 1);
    let applied = app
        .ok(
            As::User(&admin),
            "applications.list",
            json!({"job_id": h.job, "status": "applied"}),
        )
        .await;
    assert!(applied["applications"].as_array().unwrap().is_empty());
    // The counts are the whole job's, whatever the filter.
    assert_eq!(count(&applied, "offer"), 1);

    // A stage that does not exist is a validation error, not an empty list.
    let (status, body) = app
        .call(
            As::User(&admin),
            "applications.list",
            json!({"job_id": h.job, "status": "archived"}),
        )
        .await;
    assert_eq!(status.as_u16(), 422, "{body}");
}
