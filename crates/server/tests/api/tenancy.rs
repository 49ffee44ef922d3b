//! Tenant isolation: company B's users call every method with company A's
//! ids and get `not_found`; B's lists never show A's rows.

use crate::support::{As, hiring, spawn_app};
use serde_json::{Map, Value, json};

#[tokio::test]
async fn no_method_crosses_a_tenant() {
    let app = spawn_app().await;
    let admin_a = app.setup("a").await;
    let root = app.super_admin().await;
    let admin_b = app.company(&root, "b").await;

    let a = hiring(&app, &admin_a).await;
    // B holds the same resume file: allowed, and a separate candidate.
    let b = hiring(&app, &admin_b).await;
    assert_ne!(a.candidate, b.candidate);
    let link = app
        .ok(
            As::User(&admin_a),
            "invitations.create",
            json!({"interview_id": a.interview}),
        )
        .await;
    let invitation = link["invitation"]["id"].as_str().unwrap().to_owned();
    let (_, manager_a) = app.user(&admin_a, "m@a.test", "hiring_manager").await;

    let a_ids = [&a.job, &a.candidate, &a.interview, &invitation, &manager_a];
    let mut with_ids = 0;
    for method in ats_api::METHODS {
        use ats_api::Permission as P;
        // Methods about the caller themselves, or of no tenant.
        if matches!(
            method.permission,
            P::Public | P::SignedIn | P::TakeInterview | P::ManageCompanies | P::ManageSettings
        ) {
            continue;
        }
        let Some(input) = input_for(method.name, &a, &invitation, &manager_a) else {
            continue;
        };
        let (status, body) = app
            .call(As::User(&admin_b), method.name, input.clone())
            .await;
        let names_a_row = input
            .as_object()
            .is_some_and(|o| o.keys().any(|k| k == "id" || k.ends_with("_id")));
        if !names_a_row {
            // A list or an account method: nothing of A's in what B sees.
            let text = body.to_string();
            for id in a_ids {
                assert!(
                    !text.contains(id.as_str()),
                    "{} shows A's {id}: {text}",
                    method.name
                );
            }
            continue;
        }
        with_ids += 1;
        assert_eq!(
            body["code"], "not_found",
            "{} with A's ids as B: {status} {body}",
            method.name
        );
    }
    assert!(with_ids >= 15, "{with_ids} methods took ids");
    // A still sees its own.
    app.ok(
        As::User(&admin_a),
        "interviews.get",
        json!({"id": a.interview}),
    )
    .await;
}

/// An input naming company A's rows, or `{}` for methods without ids;
/// `None` for methods that do not read a tenant's rows.
fn input_for(
    method: &str,
    a: &crate::support::Hiring,
    invitation: &str,
    user: &str,
) -> Option<Value> {
    let id = match method.split('.').next()? {
        "jobs" | "reports" if method != "reports.pdf" => &a.job,
        "scorecards" if method == "scorecards.job" => &a.job,
        "candidates" => &a.candidate,
        "interviews" => &a.interview,
        "invitations" => invitation,
        _ => &a.interview,
    };
    let mut input = Map::new();
    match method {
        "auth.setup"
        | "auth.sign_in"
        | "auth.sign_out"
        | "auth.status"
        | "companies.create"
        | "candidate.interview"
        | "users.create"
        | "candidates.upload"
        | "jobs.create" => {
            return None;
        }
        "jobs.list" | "candidates.list" | "interviews.list" | "users.list" | "auth.me" => {}
        // The company's own SMTP settings and outbox: nothing of A's in them.
        "settings.smtp_get" | "settings.smtp_set" | "mail.outbox" => {}
        // The company's own log: B's calls with A's ids are in it, but
        // never those ids (a subject B could not see is not kept).
        "audit.list" | "audit.csv" => {}
        "invitations.email" => {
            input.insert("interview_id".into(), json!(a.interview));
            input.insert("to".into(), json!("ada@example.test"));
        }
        "candidates.original" => {
            input.insert("id".into(), json!(a.resume));
        }
        "candidates.search" => {
            // B holds the same resume: B finds its own candidate, never A's.
            input.insert("query".into(), json!("engineer"));
        }
        "jobs.set_status" => {
            input.insert("id".into(), json!(a.job));
            input.insert("status".into(), json!("closed"));
        }
        "jobs.assign" => {
            input.insert("job_id".into(), json!(a.job));
            input.insert("user_id".into(), json!(user));
        }
        "interviews.create" => {
            input.insert("job_id".into(), json!(a.job));
            input.insert("candidate_id".into(), json!(a.candidate));
        }
        "applications.list" => {
            input.insert("job_id".into(), json!(a.job));
        }
        "applications.set_status" => {
            input.insert("job_id".into(), json!(a.job));
            input.insert("candidate_id".into(), json!(a.candidate));
            input.insert("status".into(), json!("hired"));
        }
        "analytics.get" | "analytics.csv" => {
            input.insert("job_id".into(), json!(a.job));
        }
        "fairness.report" => {
            input.insert("job_id".into(), json!(a.job));
            input.insert("category".into(), json!("sex"));
        }
        "scorecards.override" => {
            input.insert("interview_id".into(), json!(a.interview));
            input.insert("dimension".into(), json!("Communication"));
            input.insert("level".into(), json!(3));
            input.insert("reason".into(), json!("test"));
        }
        "jobs.rubric_save" => {
            input.insert("job_id".into(), json!(a.job));
            input.insert("rubric".into(), json!({"dimensions": []}));
        }
        "jobs.settings_set" => {
            input.insert("job_id".into(), json!(a.job));
            input.insert("settings".into(), json!({}));
        }
        "interviews.plan_save" => {
            input.insert("interview_id".into(), json!(a.interview));
            input.insert("questions".into(), json!([]));
        }
        "invitations.create" | "invitations.list" | "scorecards.get" | "scorecards.score"
        | "reports.pdf" => {
            input.insert("interview_id".into(), json!(a.interview));
        }
        _ => {
            input.insert("id".into(), json!(id));
        }
    }
    Some(Value::Object(input))
}
