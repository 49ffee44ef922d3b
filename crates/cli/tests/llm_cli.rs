//! `ats llm …` as a user runs it: the local model answering with a schema,
//! a cloud provider configured against a real HTTP server on 127.0.0.1
//! (key from the environment, never written to disk), errors as JSON, and
//! the call log.

use serde_json::{Value, json};
use std::path::Path;

mod common;
use common::{ats, run};

#[test]
fn local_chat_prints_one_document_that_satisfies_the_schema() {
    let data = tempfile::tempdir().unwrap();
    let schema = json!({
        "type": "object",
        "properties": {
            "city": {"type": "string", "maxLength": 30},
            "confidence": {"type": "integer", "minimum": 1, "maximum": 5}
        },
        "required": ["city", "confidence"]
    });
    let file = data.path().join("schema.json");
    std::fs::write(&file, schema.to_string()).unwrap();
    let out = run(ats(data.path())
        .args([
            "llm",
            "chat",
            "--provider",
            "local",
            "--temperature",
            "0",
            "--prompt",
        ])
        .arg("What is the capital of France?")
        .arg("--schema")
        .arg(&file));
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let stdout = String::from_utf8(out.stdout).unwrap();
    let docs: Vec<Value> = serde_json::Deserializer::from_str(&stdout)
        .into_iter::<Value>()
        .collect::<Result<_, _>>()
        .unwrap();
    assert_eq!(docs.len(), 1, "{stdout}");
    assert!(
        docs[0]["city"].is_string() && docs[0]["confidence"].is_i64(),
        "{stdout}"
    );

    let out = run(ats(data.path()).args(["llm", "test", "--provider", "local", "--json"]));
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["provider"], "local");
    assert!(v["latency_ms"].as_u64().is_some());

    let out = run(ats(data.path()).args(["llm", "calls", "--json"]));
    let calls: Vec<Value> = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(calls.len(), 2);
    assert_eq!(calls[0]["prompt_id"], "llm.test");
    assert_eq!(
        calls[1]["model_sha256"],
        "b179c9523d0e6a0f98a330c7562b682750a6f8c8c15e5bc70ea373728110db53"
    );
}

async fn fake_openai(body: String) -> axum::response::Response {
    let v: Value = serde_json::from_str(&body).unwrap();
    let chunk = |d: &str| {
        format!(
            "data: {}\n\n",
            json!({"model": "fake", "choices": [{"index": 0, "delta": {"content": d}, "finish_reason": null}]})
        )
    };
    let last = v["messages"].as_array().unwrap().last().unwrap()["content"]
        .as_str()
        .unwrap()
        .to_owned();
    if v["stream"] == true && last.starts_with("echo:") {
        let text = format!("{}data: [DONE]\n\n", chunk(&last));
        return axum::response::Response::builder()
            .header("content-type", "text/event-stream")
            .body(axum::body::Body::from(text))
            .unwrap();
    }
    if v["stream"] == true {
        let text = format!("{}{}data: [DONE]\n\n", chunk("Hello"), chunk(" there"));
        return axum::response::Response::builder()
            .header("content-type", "text/event-stream")
            .body(axum::body::Body::from(text))
            .unwrap();
    }
    axum::response::Response::builder()
        .status(401)
        .body(axum::body::Body::from(r#"{"error":{"message":"bad key"}}"#))
        .unwrap()
}

#[test]
fn a_configured_cloud_provider_streams_and_keys_stay_out_of_files() {
    let rt = tokio::runtime::Runtime::new().unwrap();
    let base = rt.block_on(async {
        let app =
            axum::Router::new().route("/v1/chat/completions", axum::routing::post(fake_openai));
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let addr = listener.local_addr().unwrap();
        tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
        format!("http://{addr}/v1")
    });
    let data = tempfile::tempdir().unwrap();
    let out = run(ats(data.path()).args([
        "llm",
        "configure",
        "--provider",
        "openai",
        "--base-url",
        &base,
        "--model",
        "fake",
        "--order",
        "openai",
    ]));
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let out = run(ats(data.path())
        .env("ATS_OPENAI_API_KEY", "sk-secret-value")
        .args(["llm", "chat", "--prompt", "hi"]));
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(String::from_utf8_lossy(&out.stdout).trim(), "Hello there");
    // Offline mode forbids the network provider: a typed error, exit 2.
    let out = run(ats(data.path()).args(["llm", "configure", "--offline", "true"]));
    assert!(out.status.success());
    let out = run(ats(data.path()).args(["llm", "chat", "--prompt", "hi", "--no-cache"]));
    assert_eq!(out.status.code(), Some(2));
    let err: Value = serde_json::from_slice(&out.stderr).unwrap();
    assert_eq!(err["code"], "llm.offline");
    // The key is in no file of the data directory.
    for entry in walk(data.path()) {
        let bytes = std::fs::read(&entry).unwrap();
        assert!(
            !String::from_utf8_lossy(&bytes).contains("sk-secret-value"),
            "{}",
            entry.display()
        );
    }
}

/// `ats llm chat` redacts what it keeps: the names of every candidate the
/// store knows (imported from a resume), the names given with `--about`,
/// e-mails and phones; the answer itself is whole.
#[test]
fn chat_keeps_no_names_of_known_candidates() {
    let rt = tokio::runtime::Runtime::new().unwrap();
    let base = rt.block_on(async {
        let app =
            axum::Router::new().route("/v1/chat/completions", axum::routing::post(fake_openai));
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let addr = listener.local_addr().unwrap();
        tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
        format!("http://{addr}/v1")
    });
    let data = tempfile::tempdir().unwrap();
    let fixture = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../tests/fixtures/us_style.txt"
    );
    let out = run(ats(data.path()).arg("import").arg(fixture));
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let out = run(ats(data.path()).args([
        "llm",
        "configure",
        "--provider",
        "openai",
        "--base-url",
        &base,
        "--model",
        "fake",
        "--order",
        "openai",
    ]));
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let prompt =
        "echo: John Smith (john.smith@gmail.com, (206) 555-0142) was referred by Jane Roe.";
    let out = run(ats(data.path())
        .env("ATS_OPENAI_API_KEY", "sk-secret-value")
        .args(["llm", "chat", "--about", "Jane Roe", "--prompt", prompt]));
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(String::from_utf8_lossy(&out.stdout).trim(), prompt);
    let out = run(ats(data.path()).args(["llm", "calls", "--json"]));
    let calls: Vec<Value> = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(calls.len(), 1);
    for field in ["prompt_redacted", "reply_redacted"] {
        let text = calls[0][field].as_str().unwrap();
        for personal in ["Smith", "john.smith", "555-0142", "Jane", "Roe"] {
            assert!(!text.contains(personal), "{field}: {personal} in {text}");
        }
        assert!(
            text.contains("[NAME_1]") && text.contains("[EMAIL_1]"),
            "{text}"
        );
    }
}

/// Without a Secret Service the key is refused with the environment
/// variable to use instead, and nothing is written.
#[test]
fn without_a_keyring_the_key_is_refused_and_the_variable_named() {
    use std::io::Write;
    let data = tempfile::tempdir().unwrap();
    let mut child = ats(data.path())
        .env(
            "DBUS_SESSION_BUS_ADDRESS",
            "unix:path=/nonexistent/ats-test-bus",
        )
        .args(["llm", "configure", "--provider", "openai", "--key-stdin"])
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    child
        .stdin
        .take()
        .unwrap()
        .write_all(b"sk-no-keyring-here\n")
        .unwrap();
    let out = child.wait_with_output().unwrap();
    assert_eq!(
        out.status.code(),
        Some(2),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let err: Value = serde_json::from_slice(&out.stderr).unwrap();
    assert_eq!(err["code"], "llm.config");
    assert!(
        err["message"]
            .as_str()
            .unwrap()
            .contains("ATS_OPENAI_API_KEY"),
        "{err}"
    );
    for entry in walk(data.path()) {
        let bytes = std::fs::read(&entry).unwrap();
        assert!(!String::from_utf8_lossy(&bytes).contains("sk-no-keyring-here"));
    }
}

fn walk(dir: &Path) -> Vec<std::path::PathBuf> {
    let mut out = Vec::new();
    for e in std::fs::read_dir(dir).unwrap().flatten() {
        let p = e.path();
        if p.is_dir() {
            out.extend(walk(&p));
        } else {
            out.push(p);
        }
    }
    out
}
