//! The HTTP surface: first-run setup, cookies, errors, limits, headers,
//! health, metrics and the OpenAPI document against real responses.

use crate::support::{As, PASSWORD, fixture, spawn_app, spawn_with};
use reqwest::StatusCode;
use serde_json::{Value, json};

#[tokio::test]
async fn first_run_setup_then_sign_in_with_a_cookie() {
    let app = spawn_app().await;
    let status = app.ok(As::Nobody, "auth.status", json!({})).await;
    assert_eq!(status["set_up"], false);
    // No default credentials exist.
    let (code, _) = app
        .call(
            As::Nobody,
            "auth.sign_in",
            json!({"email": "admin@admin", "password": "admin"}),
        )
        .await;
    assert_eq!(code, StatusCode::UNAUTHORIZED);
    app.setup("acme").await;
    let (code, body) = app
        .call(
            As::Nobody,
            "auth.setup",
            json!({"company": "x", "email": "x@x.test", "name": "x", "password": PASSWORD}),
        )
        .await;
    assert_eq!(code, StatusCode::CONFLICT, "setup runs once: {body}");

    let response = app
        .client
        .post(format!("{}/api/auth.sign_in", app.base))
        .json(&json!({"email": "admin@acme.test", "password": PASSWORD}))
        .send()
        .await
        .unwrap();
    let cookie = response.headers()["set-cookie"]
        .to_str()
        .unwrap()
        .to_owned();
    assert!(cookie.starts_with("ats_session="), "{cookie}");
    assert!(
        cookie.contains("HttpOnly") && cookie.contains("SameSite=Strict"),
        "{cookie}"
    );
    let me = app
        .client
        .post(format!("{}/api/auth.me", app.base))
        .header("cookie", cookie.split(';').next().unwrap())
        .json(&json!({}))
        .send()
        .await
        .unwrap();
    assert_eq!(me.status(), StatusCode::OK);
    let me: Value = me.json().await.unwrap();
    assert_eq!(me["role"], "company_admin");
    assert!(!me.to_string().contains("argon2"), "never the hash");
}

#[tokio::test]
async fn errors_are_coded_and_bad_input_is_refused() {
    let app = spawn_app().await;
    let admin = app.setup("acme").await;
    let (status, body) = app
        .call(As::User(&admin), "no.such_method", json!({}))
        .await;
    assert_eq!(
        (status, body["code"].as_str()),
        (StatusCode::NOT_FOUND, Some("not_found"))
    );
    let (status, body) = app
        .call(As::User(&admin), "jobs.get", json!({"id": 5}))
        .await;
    assert_eq!(status.as_u16(), 422, "{body}");
    assert_eq!(body["code"], "validation.invalid");
    let (status, body) = app
        .call(As::User(&admin), "jobs.get", json!({"id": "x", "extra": 1}))
        .await;
    assert_eq!(status.as_u16(), 422, "unknown fields are refused: {body}");
    let (status, _) = app
        .call(As::User("forged-token"), "auth.me", json!({}))
        .await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
    // Not JSON: refused before anything runs (a cross-site form cannot call).
    let form = app
        .client
        .post(format!("{}/api/auth.sign_in", app.base))
        .header("content-type", "application/x-www-form-urlencoded")
        .body("email=a&password=b")
        .send()
        .await
        .unwrap();
    assert_eq!(form.status().as_u16(), 422);
    // A corrupt upload is that upload's error, with the resume's code.
    use base64::Engine;
    let (status, body) = app
        .call(
            As::User(&admin),
            "candidates.upload",
            json!({"file_name": "x.pdf",
                   "content_base64": base64::engine::general_purpose::STANDARD.encode(b"%PDF-1.7\n garbage")}),
        )
        .await;
    assert!(status.is_client_error(), "{status} {body}");
    assert!(
        body["code"].as_str().unwrap().starts_with("resume."),
        "{body}"
    );
    // Too large a body: refused by size, not parsed.
    let huge = "A".repeat(ats_server::MAX_BODY + 10);
    let (status, _) = app
        .call(
            As::User(&admin),
            "candidates.upload",
            json!({"file_name": "x.txt", "content_base64": huge}),
        )
        .await;
    assert_eq!(status.as_u16(), 413);
}

#[tokio::test]
async fn anonymous_callers_are_rate_limited_with_retry_after() {
    let app = spawn_with(ats_server::Limits {
        per_user: 100,
        per_company: 1000,
        anonymous: 3,
    })
    .await;
    for _ in 0..3 {
        app.ok(As::Nobody, "auth.status", json!({})).await;
    }
    let response = app
        .client
        .post(format!("{}/api/auth.status", app.base))
        .json(&json!({}))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::TOO_MANY_REQUESTS);
    let wait: u64 = response.headers()["retry-after"]
        .to_str()
        .unwrap()
        .parse()
        .unwrap();
    assert!((1..=60).contains(&wait), "{wait}");
    let body: Value = response.json().await.unwrap();
    assert_eq!(body["code"], "rate_limited");
}

#[tokio::test]
async fn health_metrics_headers_and_openapi_match_what_is_served() {
    let app = spawn_app().await;
    let admin = app.setup("acme").await;
    let health = app
        .client
        .get(format!("{}/health", app.base))
        .send()
        .await
        .unwrap();
    assert_eq!(health.status(), StatusCode::OK);
    for (name, value) in [
        ("x-content-type-options", "nosniff"),
        ("x-frame-options", "DENY"),
        ("cache-control", "no-store"),
    ] {
        assert_eq!(health.headers()[name], value);
    }
    assert!(health.headers().contains_key("x-request-id"));
    let ready: Value = app
        .client
        .get(format!("{}/ready", app.base))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(ready["set_up"], true);

    // Real responses validate against the published schemas.
    let doc: Value = app
        .client
        .get(format!("{}/api/openapi.json", app.base))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let h = crate::support::hiring(&app, &admin).await;
    let link = app
        .ok(
            As::User(&admin),
            "invitations.create",
            json!({"interview_id": h.interview}),
        )
        .await;
    let calls = [
        ("auth.me", json!({}), As::User(&admin)),
        ("jobs.list", json!({}), As::User(&admin)),
        ("jobs.get", json!({"id": h.job}), As::User(&admin)),
        ("candidates.list", json!({}), As::User(&admin)),
        (
            "candidates.get",
            json!({"id": h.candidate}),
            As::User(&admin),
        ),
        (
            "interviews.get",
            json!({"id": h.interview}),
            As::User(&admin),
        ),
        ("interviews.list", json!({}), As::User(&admin)),
        (
            "scorecards.get",
            json!({"interview_id": h.interview}),
            As::User(&admin),
        ),
        ("users.list", json!({}), As::User(&admin)),
        (
            "candidate.interview",
            json!({}),
            As::Invite(link["token"].as_str().unwrap()),
        ),
    ];
    for (method, input, who) in calls {
        let output = app.ok(who, method, input.clone()).await;
        let path = &doc["paths"][format!("/api/{method}")]["post"];
        let mut schema = path["responses"]["200"]["content"]["application/json"]["schema"].clone();
        let mut input_schema = path["requestBody"]["content"]["application/json"]["schema"].clone();
        for s in [&mut schema, &mut input_schema] {
            if let Value::Object(map) = s {
                map.insert("components".into(), doc["components"].clone());
            }
        }
        let check = |schema: &Value, value: &Value, what: &str| {
            let validator = jsonschema::validator_for(schema).unwrap();
            let errors: Vec<String> = validator
                .iter_errors(value)
                .map(|e| e.to_string())
                .collect();
            assert!(errors.is_empty(), "{method} {what}: {errors:?}\n{value}");
        };
        check(&schema, &output, "output");
        check(&input_schema, &input, "input");
    }

    let metrics = app
        .client
        .get(format!("{}/metrics", app.base))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(
        metrics.contains("ats_api_calls_total{method=\"jobs.list\",code=\"ok\"}"),
        "{metrics}"
    );
    assert!(metrics.contains("ats_api_call_duration_seconds_bucket"));
    assert!(metrics.contains("ats_scoring_queue_depth"));
    let _ = fixture;
}

#[tokio::test]
async fn model_calls_show_in_the_metrics() {
    let app = spawn_app().await;
    app.setup("acme").await;
    for (latency_ms, error_code) in [(1200, None), (300, Some("llm.timeout".to_owned()))] {
        app.store
            .log_llm_call(&ats_core::store::LlmCallRecord {
                prompt_id: "scoring.dimension".into(),
                prompt_version: 1,
                provider: "openai".into(),
                model: "gpt-test".into(),
                model_sha256: None,
                params: json!({}),
                latency_ms,
                prompt_tokens: Some(100),
                completion_tokens: Some(20),
                cost_usd: Some(0.25),
                cached: false,
                error_code,
                prompt_redacted: String::new(),
                reply_redacted: None,
            })
            .await
            .unwrap();
    }
    let text = app
        .client
        .get(format!("{}/metrics", app.base))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    let line = |prefix: &str| {
        text.lines()
            .find(|l| l.starts_with(prefix))
            .unwrap_or_else(|| panic!("no {prefix} in\n{text}"))
            .rsplit(' ')
            .next()
            .unwrap()
            .parse::<f64>()
            .unwrap()
    };
    assert_eq!(line("ats_llm_calls{provider=\"openai\"}"), 2.0);
    assert_eq!(line("ats_llm_failed_calls{provider=\"openai\"}"), 1.0);
    assert_eq!(line("ats_llm_cost_usd{provider=\"openai\"}"), 0.5);
    assert!((line("ats_llm_latency_seconds_total{provider=\"openai\"}") - 1.5).abs() < 1e-9);
}
