//! The web UI at `/` beside the API, and invitation links that open it.

use crate::support::{As, spawn_with_ui};
use reqwest::StatusCode;
use serde_json::json;

fn built_ui() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("index.html"),
        "<!doctype html><div id=root></div><script type=module src=/assets/app.js></script>",
    )
    .unwrap();
    std::fs::create_dir(dir.path().join("assets")).unwrap();
    std::fs::write(dir.path().join("assets/app.js"), "console.log(1)").unwrap();
    dir
}

#[tokio::test]
async fn the_ui_is_served_beside_the_api_with_its_own_policy() {
    let ui = built_ui();
    let app = spawn_with_ui(ui.path().to_path_buf()).await;
    let get = |path: &str| app.client.get(format!("{}{path}", app.base)).send();
    let page = get("/").await.unwrap();
    assert_eq!(page.status(), StatusCode::OK);
    let policy = page.headers()["content-security-policy"]
        .to_str()
        .unwrap()
        .to_owned();
    assert!(policy.contains("script-src 'self'"), "{policy}");
    assert!(!policy.contains("unsafe-eval"), "{policy}");
    assert_eq!(page.headers()["x-frame-options"], "DENY");
    assert!(page.text().await.unwrap().contains("id=root"));
    // The client-side router's paths get the page; files are files.
    for path in ["/app/jobs/123", "/interview"] {
        let deep = get(path).await.unwrap();
        assert_eq!(deep.status(), StatusCode::OK, "{path}");
        assert!(deep.text().await.unwrap().contains("id=root"), "{path}");
    }
    let script = get("/assets/app.js").await.unwrap();
    assert!(
        script.headers()["content-type"]
            .to_str()
            .unwrap()
            .contains("javascript")
    );
    // Hashed assets are cached for good; a missing one is not the page.
    assert!(
        script.headers()["cache-control"]
            .to_str()
            .unwrap()
            .contains("immutable")
    );
    let stale = get("/assets/gone-1234.js").await.unwrap();
    assert_eq!(stale.status(), StatusCode::NOT_FOUND);
    // Compressed for a browser that accepts it.
    let gzipped = app
        .client
        .get(format!("{}/", app.base))
        .header("accept-encoding", "gzip")
        .send()
        .await
        .unwrap();
    assert_eq!(gzipped.headers()["content-encoding"], "gzip");
    // The API and its policy are unchanged.
    let doc = get("/api/openapi.json").await.unwrap();
    assert_eq!(doc.status(), StatusCode::OK);
    assert!(
        doc.headers()["content-security-policy"]
            .to_str()
            .unwrap()
            .starts_with("default-src 'none'")
    );
    // No file outside the UI's directory.
    let escape = get("/..%2f..%2fetc%2fpasswd").await.unwrap();
    assert!(!escape.text().await.unwrap().contains("root:"));
}

#[tokio::test]
async fn a_browser_opening_an_invitation_lands_on_the_candidate_screens() {
    let ui = built_ui();
    let app = spawn_with_ui(ui.path().to_path_buf()).await;
    let admin = app.setup("Acme").await;
    let h = crate::support::hiring(&app, &admin).await;
    let link = app
        .ok(
            As::User(&admin),
            "invitations.create",
            json!({"interview_id": h.interview}),
        )
        .await;
    let token = link["token"].as_str().unwrap();
    let no_redirects = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap();
    let open = |token: String| {
        no_redirects
            .get(format!("{}/i/{token}", app.base))
            .header("accept", "text/html,application/xhtml+xml")
            .send()
    };
    let opened = open(token.to_owned()).await.unwrap();
    assert_eq!(opened.status(), StatusCode::SEE_OTHER);
    assert_eq!(opened.headers()["location"], "/interview");
    let cookie = opened.headers()["set-cookie"].to_str().unwrap();
    assert!(
        cookie.starts_with("ats_invite=") && cookie.contains("HttpOnly"),
        "{cookie}"
    );
    let guessed = open("x".repeat(43)).await.unwrap();
    assert_eq!(guessed.status(), StatusCode::SEE_OTHER);
    let to = guessed.headers()["location"].to_str().unwrap();
    assert!(to.starts_with("/interview?error="), "{to}");
    assert!(!guessed.headers().contains_key("set-cookie"));
    // A program still gets JSON.
    let json = app
        .client
        .get(format!("{}/i/{token}", app.base))
        .send()
        .await
        .unwrap();
    assert_eq!(json.status(), StatusCode::OK);
    assert_eq!(
        json.json::<serde_json::Value>().await.unwrap()["interview_id"],
        h.interview
    );
}
