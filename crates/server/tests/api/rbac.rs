//! Every method × every role: allowed or forbidden exactly as the method
//! table's permission says (`docs/rbac.md`). A method added without a rule
//! cannot exist (every method names a permission), and this walks them all.

use crate::support::{As, PASSWORD, hiring, spawn_app};
use ats_api::rbac::allows;
use ats_core::accounts::Role;
use reqwest::StatusCode;
use serde_json::json;

#[tokio::test]
async fn every_method_for_every_role() {
    let app = spawn_app().await;
    let admin = app.setup("acme").await;
    let recruiter = app.user(&admin, "r@acme.test", "recruiter").await.0;
    let manager = app.user(&admin, "m@acme.test", "hiring_manager").await.0;
    let root = app.super_admin().await;
    let h = hiring(&app, &admin).await;
    let link = app
        .ok(
            As::User(&admin),
            "invitations.create",
            json!({"interview_id": h.interview}),
        )
        .await;
    let invite = link["token"].as_str().unwrap().to_owned();

    let callers: Vec<(Option<Role>, As)> = vec![
        (None, As::Nobody),
        (Some(Role::SuperAdmin), As::User(&root)),
        (Some(Role::CompanyAdmin), As::User(&admin)),
        (Some(Role::Recruiter), As::User(&recruiter)),
        (Some(Role::HiringManager), As::User(&manager)),
        (Some(Role::Candidate), As::Invite(&invite)),
    ];
    let mut checked = 0;
    for method in ats_api::METHODS {
        // Setup and sign-out change who is calling; they are covered below.
        if matches!(method.name, "auth.setup" | "auth.sign_out") {
            continue;
        }
        for (role, who) in &callers {
            // An empty input: allowed callers get past the permission check
            // (and usually fail validation); forbidden ones never do.
            let (status, body) = app.call(*who, method.name, json!({})).await;
            let code = body["code"].as_str().unwrap_or("");
            if allows(*role, method.permission) {
                assert!(
                    code != "auth.forbidden" && code != "auth.unauthenticated",
                    "{} as {role:?}: {status} {body}",
                    method.name
                );
            } else {
                let expected = if role.is_none() {
                    StatusCode::UNAUTHORIZED
                } else {
                    StatusCode::FORBIDDEN
                };
                assert_eq!(status, expected, "{} as {role:?}: {body}", method.name);
            }
            checked += 1;
        }
    }
    assert!(checked >= 150, "{checked} calls checked");
    // Signing out ends the session for good.
    app.ok(As::User(&recruiter), "auth.sign_out", json!({}))
        .await;
    let (status, _) = app.call(As::User(&recruiter), "auth.me", json!({})).await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
}

#[tokio::test]
async fn admins_cannot_mint_super_admins_or_candidates() {
    let app = spawn_app().await;
    let admin = app.setup("acme").await;
    for role in ["super_admin", "candidate"] {
        let (status, body) = app
            .call(
                As::User(&admin),
                "users.create",
                json!({"email": format!("{role}@acme.test"), "name": "X", "role": role, "password": PASSWORD}),
            )
            .await;
        assert_eq!(status, StatusCode::FORBIDDEN, "{role}: {body}");
    }
}

#[tokio::test]
async fn a_hiring_manager_sees_only_assigned_jobs() {
    let app = spawn_app().await;
    let admin = app.setup("acme").await;
    let (manager, manager_id) = app.user(&admin, "m@acme.test", "hiring_manager").await;
    let h = hiring(&app, &admin).await;
    let jobs = app.ok(As::User(&manager), "jobs.list", json!({})).await;
    assert_eq!(jobs.as_array().unwrap().len(), 0);
    let (status, body) = app
        .call(
            As::User(&manager),
            "candidates.get",
            json!({"id": h.candidate}),
        )
        .await;
    assert_eq!(status, StatusCode::NOT_FOUND, "{body}");
    app.ok(
        As::User(&admin),
        "jobs.assign",
        json!({"job_id": h.job, "user_id": manager_id}),
    )
    .await;
    let jobs = app.ok(As::User(&manager), "jobs.list", json!({})).await;
    assert_eq!(jobs[0]["id"], h.job);
    // The interview made the candidate an applicant of the assigned job.
    app.ok(
        As::User(&manager),
        "candidates.get",
        json!({"id": h.candidate}),
    )
    .await;
    app.ok(
        As::User(&manager),
        "interviews.get",
        json!({"id": h.interview}),
    )
    .await;
}
