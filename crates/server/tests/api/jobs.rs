//! A job's life: closed, it keeps its candidates, interviews and events and
//! takes no new interview; opened again, it does.

use crate::support::{As, hiring, spawn_app};
use serde_json::json;

#[tokio::test]
async fn a_closed_job_keeps_everything_and_takes_no_new_interview() {
    let app = spawn_app().await;
    let admin = app.setup("acme").await;
    let h = hiring(&app, &admin).await;
    let job = |list: &serde_json::Value| {
        list.as_array()
            .unwrap()
            .iter()
            .find(|j| j["id"] == h.job.as_str())
            .cloned()
            .unwrap()
    };
    let listed = app.ok(As::User(&admin), "jobs.list", json!({})).await;
    assert_eq!(job(&listed)["status"], "open");

    let closed = app
        .ok(
            As::User(&admin),
            "jobs.set_status",
            json!({"id": h.job, "status": "closed"}),
        )
        .await;
    assert_eq!(closed["status"], "closed");
    let listed = app.ok(As::User(&admin), "jobs.list", json!({})).await;
    assert_eq!(job(&listed)["status"], "closed");
    assert_eq!(job(&listed)["interviews"], 1, "its interview is kept");
    // Its interview is still there to read and score.
    app.ok(
        As::User(&admin),
        "interviews.get",
        json!({"id": h.interview}),
    )
    .await;

    // No new interview for it, with a conflict that says why.
    let (status, body) = app
        .call(
            As::User(&admin),
            "interviews.create",
            json!({"job_id": h.job, "candidate_id": h.candidate}),
        )
        .await;
    assert_eq!(status.as_u16(), 409, "{body}");
    assert!(
        body["message"].as_str().unwrap().contains("closed"),
        "{body}"
    );
    // Closing it twice is a conflict; an unknown status is invalid.
    let (status, _) = app
        .call(
            As::User(&admin),
            "jobs.set_status",
            json!({"id": h.job, "status": "closed"}),
        )
        .await;
    assert_eq!(status.as_u16(), 409);
    let (status, _) = app
        .call(
            As::User(&admin),
            "jobs.set_status",
            json!({"id": h.job, "status": "archived"}),
        )
        .await;
    assert_eq!(status.as_u16(), 422);

    // Open again: interviews may be made.
    let opened = app
        .ok(
            As::User(&admin),
            "jobs.set_status",
            json!({"id": h.job, "status": "open"}),
        )
        .await;
    assert_eq!(opened["status"], "open");
    app.ok(
        As::User(&admin),
        "interviews.create",
        json!({"job_id": h.job, "candidate_id": h.candidate}),
    )
    .await;
    // Both changes are audited.
    let log = app
        .ok(
            As::User(&admin),
            "audit.list",
            json!({"action": "jobs.set_status"}),
        )
        .await;
    let n = log["entries"].as_array().map_or(0, Vec::len);
    assert!(n >= 2, "{log}");
}
