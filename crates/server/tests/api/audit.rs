//! The audit log through the API: sign-ins (failed ones too), changes,
//! views of a candidate's record and refused calls are logged in the
//! actor's company, with ids and never a secret; only administrators read
//! it, and only their own company's.

use crate::support::{As, PASSWORD, hiring, spawn_app};
use serde_json::{Value, json};

fn rows(page: &Value) -> Vec<(String, String, String)> {
    page["entries"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| {
            (
                e["actor"].as_str().unwrap().to_owned(),
                e["action"].as_str().unwrap().to_owned(),
                e["outcome"].as_str().unwrap().to_owned(),
            )
        })
        .collect()
}

fn has(rows: &[(String, String, String)], actor: &str, action: &str, outcome: &str) -> bool {
    rows.iter()
        .any(|(a, m, o)| a == actor && m == action && o == outcome)
}

#[tokio::test]
async fn who_did_what_is_logged_in_the_actor_s_company() {
    let app = spawn_app().await;
    let admin = app.setup("acme").await;
    let (recruiter, _) = app.user(&admin, "rita@acme.test", "recruiter").await;
    let (status, _) = app
        .call(
            As::Nobody,
            "auth.sign_in",
            json!({"email": "rita@acme.test", "password": "not the password"}),
        )
        .await;
    assert_eq!(status.as_u16(), 401);
    let h = hiring(&app, &recruiter).await;
    // Seen twice in a row (a screen that refreshes): one entry.
    for _ in 0..2 {
        app.ok(
            As::User(&recruiter),
            "candidates.get",
            json!({"id": h.candidate}),
        )
        .await;
    }
    let link = app
        .ok(
            As::User(&recruiter),
            "invitations.create",
            json!({"interview_id": h.interview}),
        )
        .await;
    let (status, _) = app
        .call(
            As::User(&recruiter),
            "users.create",
            json!({"email": "x@acme.test",
            "name": "X", "role": "recruiter", "password": PASSWORD}),
        )
        .await;
    assert_eq!(status.as_u16(), 403);
    // Reads of lists are not logged.
    app.ok(As::User(&recruiter), "candidates.list", json!({}))
        .await;

    let (status, _) = app
        .call(As::User(&recruiter), "audit.list", json!({}))
        .await;
    assert_eq!(status.as_u16(), 403, "a recruiter does not read the log");
    let page = app.ok(As::User(&admin), "audit.list", json!({})).await;
    let log = rows(&page);
    assert!(has(&log, "admin@acme.test", "auth.setup", "ok"), "{log:?}");
    assert!(
        has(
            &log,
            "rita@acme.test",
            "auth.sign_in",
            "auth.bad_credentials"
        ),
        "{log:?}"
    );
    assert!(has(&log, "rita@acme.test", "auth.sign_in", "ok"));
    assert!(has(&log, "rita@acme.test", "jobs.create", "ok"));
    assert!(has(&log, "rita@acme.test", "candidates.upload", "ok"));
    assert_eq!(
        log.iter()
            .filter(|(a, m, _)| a == "rita@acme.test" && m == "candidates.get")
            .count(),
        1,
        "{log:?}"
    );
    assert!(has(
        &log,
        "rita@acme.test",
        "users.create",
        "auth.forbidden"
    ));
    assert!(has(&log, "rita@acme.test", "audit.list", "auth.forbidden"));
    assert!(
        !log.iter().any(|(_, m, _)| m == "candidates.list"),
        "{log:?}"
    );
    let viewed = page["entries"]
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["action"] == "candidates.get")
        .unwrap();
    assert_eq!(viewed["subject"], h.candidate.as_str());
    assert_eq!(viewed["role"], "recruiter");
    // The invitation's token is never in the log.
    let token = link["token"].as_str().unwrap();
    assert!(!page.to_string().contains(token));
    assert!(!page.to_string().contains(PASSWORD));

    // Filters: one candidate's record, refused calls only.
    let about = app
        .ok(
            As::User(&admin),
            "audit.list",
            json!({"subject": h.candidate}),
        )
        .await;
    let about_rows = rows(&about);
    assert!(
        has(&about_rows, "rita@acme.test", "candidates.upload", "ok"),
        "{about}"
    );
    assert!(has(&about_rows, "rita@acme.test", "candidates.get", "ok"));
    assert!(
        !about_rows.iter().any(|(_, m, _)| m == "jobs.create"),
        "{about}"
    );
    let refused = app
        .ok(
            As::User(&admin),
            "audit.list",
            json!({"failures_only": true}),
        )
        .await;
    assert_eq!(rows(&refused).len(), 3, "{refused}");
    let csv = app.ok(As::User(&admin), "audit.csv", json!({})).await;
    use base64::Engine;
    let text = String::from_utf8(
        base64::engine::general_purpose::STANDARD
            .decode(csv["content_base64"].as_str().unwrap())
            .unwrap(),
    )
    .unwrap();
    assert!(text.starts_with("at,actor,role,action,subject,outcome"));
    assert!(text.contains("\"candidates.get\""), "{text}");

    // Another company's administrator sees none of it.
    let root = app.super_admin().await;
    let other = app.company(&root, "globex").await;
    let theirs = app.ok(As::User(&other), "audit.list", json!({})).await;
    assert!(
        rows(&theirs)
            .iter()
            .all(|(a, _, _)| !a.ends_with("@acme.test")),
        "{theirs}"
    );
}

/// Found by the API fuzzer: a cursor that no page gave is the caller's
/// mistake (422), not the server's (it was a 500).
#[tokio::test]
async fn a_cursor_no_page_gave_is_refused_as_invalid() {
    let app = spawn_app().await;
    let admin = app.setup("acme").await;
    for method in ["audit.list", "audit.csv"] {
        for before in [":hÉk\u{94}Y×§ã\u{82}", "\u{76546}", ""] {
            let (status, body) = app
                .call(As::User(&admin), method, json!({"before": before}))
                .await;
            let want = if before.is_empty() { 200 } else { 422 };
            assert_eq!(status.as_u16(), want, "{method} {before:?}: {body}");
        }
    }
}
