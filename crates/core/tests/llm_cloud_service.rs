//! The LLM service layer over the cloud providers, against a fake server
//! on 127.0.0.1 (`fake_server`): retries with back-off and `Retry-After`,
//! timeouts, the circuit breaker, the provider chain and offline mode,
//! structured output, the exact and semantic caches, the token budget, and
//! the call log (redacted, priced, holding no personal data or key). The
//! providers' wire formats are tested in `llm_cloud_wire.rs`.

mod fake_server;
mod llm_support;

use ats_core::llm::openai::OpenAi;
use ats_core::llm::prompt::PromptTemplate;
use ats_core::llm::service::{Call, LlmService};
use ats_core::llm::{CancellationToken, Chain, Provider, Reliable, RetryPolicy};
use fake_server::server;
use llm_support::{ask, claude, hello, oai, quick};
use serde_json::{Value, json};
use std::sync::Arc;
use std::sync::atomic::Ordering;
use std::time::{Duration, Instant};

#[tokio::test]
async fn retries_honour_retry_after_and_back_off() {
    let (base, fake) = server().await;
    let p = Reliable::new(oai(&base, "rate-limited-once"), quick());
    let t = Instant::now();
    let r = ask(&p).await.unwrap();
    assert_eq!(r.text, "after the wait");
    assert!(
        t.elapsed() >= Duration::from_secs(1),
        "Retry-After: 1 was honoured"
    );
    assert_eq!(fake.requests.load(Ordering::SeqCst), 2);

    let (base, fake) = server().await;
    let r = ask(&Reliable::new(oai(&base, "flaky"), quick()))
        .await
        .unwrap();
    assert_eq!(r.text, "third time lucky");
    assert_eq!(fake.requests.load(Ordering::SeqCst), 3);

    let (base, fake) = server().await;
    let e = ask(&Reliable::new(oai(&base, "server-error"), quick()))
        .await
        .unwrap_err();
    assert_eq!(e.code(), "llm.unavailable");
    assert_eq!(fake.requests.load(Ordering::SeqCst), 3, "1 + 2 retries");

    // Not transient: no retry.
    let (base, fake) = server().await;
    let e = ask(&Reliable::new(oai(&base, "unauthorized"), quick()))
        .await
        .unwrap_err();
    assert_eq!(e.code(), "llm.auth");
    assert_eq!(fake.requests.load(Ordering::SeqCst), 1);
}

#[tokio::test]
async fn slow_calls_time_out() {
    let (base, _) = server().await;
    let policy = RetryPolicy {
        timeout: Duration::from_millis(300),
        max_retries: 0,
        ..quick()
    };
    let t = Instant::now();
    let e = ask(&Reliable::new(oai(&base, "slow"), policy))
        .await
        .unwrap_err();
    assert_eq!(e.code(), "llm.timeout");
    assert!(t.elapsed() < Duration::from_secs(2));
}

#[tokio::test]
async fn the_breaker_opens_after_repeated_failures() {
    let (base, fake) = server().await;
    let policy = RetryPolicy {
        max_retries: 0,
        breaker_threshold: 2,
        ..quick()
    };
    let p = Reliable::new(oai(&base, "server-error"), policy);
    for _ in 0..2 {
        assert_eq!(ask(&p).await.unwrap_err().code(), "llm.unavailable");
    }
    let e = ask(&p).await.unwrap_err();
    assert!(e.to_string().contains("circuit open"), "{e}");
    assert_eq!(
        fake.requests.load(Ordering::SeqCst),
        2,
        "the open breaker sent nothing"
    );
    assert!(p.open_for().is_some());
}

#[tokio::test]
async fn the_chain_falls_over_and_offline_forbids_the_network() {
    let (base, _) = server().await;
    let chain = Chain::new(
        vec![
            Arc::new(Reliable::new(oai(&base, "server-error"), quick())),
            claude(&base, "ok"),
        ],
        false,
    );
    let r = ask(&chain).await.unwrap();
    assert_eq!(
        (r.provider.as_str(), r.text.as_str()),
        ("anthropic", "Bonjour !")
    );

    let offline = Chain::new(vec![oai(&base, "ok"), claude(&base, "ok")], true);
    let e = ask(&offline).await.unwrap_err();
    assert_eq!(e.code(), "llm.offline");
}

#[tokio::test]
async fn structured_output_is_repaired_or_refused() {
    use ats_core::llm::structured::chat_json;
    let schema = json!({
        "type": "object",
        "properties": {"score": {"type": "integer", "minimum": 1, "maximum": 5}, "reason": {"type": "string"}},
        "required": ["score", "reason"]
    });
    let (base, fake) = server().await;
    let mut req = hello();
    req.schema = Some(schema.clone());
    let (v, _) = chat_json(
        oai(&base, "json-repair").as_ref(),
        &req,
        2,
        &CancellationToken::new(),
    )
    .await
    .unwrap();
    assert_eq!(v, json!({"score": 3, "reason": "clear answer"}));
    let bodies = fake.bodies.lock().unwrap().clone();
    assert_eq!(bodies.len(), 2);
    assert_eq!(
        bodies[0]["response_format"]["json_schema"]["schema"],
        schema
    );
    let repair = bodies[1]["messages"].as_array().unwrap().last().unwrap()["content"].clone();
    assert!(
        repair
            .as_str()
            .unwrap()
            .contains("does not satisfy the schema"),
        "{repair}"
    );

    let (base, fake) = server().await;
    let e = chat_json(
        oai(&base, "json-never").as_ref(),
        &req,
        2,
        &CancellationToken::new(),
    )
    .await
    .unwrap_err();
    assert_eq!(e.code(), "llm.invalid_output");
    assert!(e.to_string().contains("maximum"), "{e}");
    assert_eq!(fake.requests.load(Ordering::SeqCst), 3);
}

#[tokio::test]
async fn the_service_caches_logs_redacted_and_prices_calls() {
    let (base, fake) = server().await;
    let dir = tempfile::tempdir().unwrap();
    let store = ats_core::store::Store::open(dir.path()).await.unwrap();
    let mut config = ats_core::llm::LlmConfig::default();
    config.prices.insert(
        "fake-4".into(),
        ats_core::llm::config::Price {
            input_per_mtok: 1000.0,
            output_per_mtok: 2000.0,
        },
    );
    let chain = Chain::new(vec![oai(&base, "echo")], false);
    let service =
        LlmService::new(Arc::new(chain), Some(store.clone())).with_prices(config.prices.clone());
    let mut call = Call::new(
        PromptTemplate::builtin("resume.summary").unwrap(),
        json!({"resume": "Ada Lovelace, ada@example.com, +44 20 7946 0958. Analyst at Babbage & Co since 1843."}),
    );
    call.personal = vec!["Ada Lovelace".into()];
    let cancel = CancellationToken::new();
    let first = service.run(&call, None, &cancel).await.unwrap();
    assert!(!first.cached);
    // "fake-4-0613" is priced as "fake-4": 11 × $1000/M + 3 × $2000/M.
    assert!(
        (first.cost_usd.unwrap() - 0.017).abs() < 1e-9,
        "{:?}",
        first.cost_usd
    );
    let second = service.run(&call, None, &cancel).await.unwrap();
    assert!(second.cached);
    assert_eq!(second.response.text, first.response.text);
    assert_eq!(
        fake.requests.load(Ordering::SeqCst),
        1,
        "the second answer came from the cache"
    );

    let calls = store.llm_calls(10).await.unwrap();
    assert_eq!(calls.len(), 2);
    for c in &calls {
        assert_eq!(c["prompt_id"], "resume.summary");
        assert_eq!(c["prompt_version"], 1);
        assert_eq!(c["provider"], "openai");
        for field in ["prompt_redacted", "reply_redacted"] {
            let text = c[field].as_str().unwrap();
            assert!(
                !text.contains("ada@example.com") && !text.contains("7946"),
                "{text}"
            );
            assert!(!text.contains("Lovelace"), "{text}");
            assert!(
                text.contains("[EMAIL_1]") && text.contains("[NAME_1]"),
                "{text}"
            );
        }
        let params: &Value = &c["params"];
        assert_eq!(params["max_tokens"], 512);
    }
    assert_eq!(calls[0]["cached"], true);
    // The key is in no table and no file of the data directory (the
    // check is shown to catch a planted key in
    // `nothing_personal_or_secret_is_kept`).
    let found = find_in_data_dir(dir.path(), &store, &["sk-test"]).await;
    assert!(found.is_empty(), "{found:?}");
    store.close().await;
}

/// The semantic cache: a prompt of the same template that means the same
/// thing is answered from the cache; a different one is not.
#[tokio::test]
async fn similar_prompts_hit_the_semantic_cache() {
    let (base, fake) = server().await;
    let dir = tempfile::tempdir().unwrap();
    let store = ats_core::store::Store::open(dir.path()).await.unwrap();
    let encoder = ats_core::embed::SentenceEncoder::shared(
        &std::path::PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../models/all-MiniLM-L6-v2"),
    )
    .unwrap();
    let service = LlmService::new(
        Arc::new(Chain::new(vec![oai(&base, "echo")], false)),
        Some(store.clone()),
    )
    .with_encoder(encoder);
    let ask = |message: &str| {
        let mut call = Call::new(
            PromptTemplate::builtin("chat").unwrap(),
            json!({ "message": message }),
        );
        call.semantic_cache = Some(0.95);
        call
    };
    let cancel = CancellationToken::new();
    let a = service
        .run(
            &ask("Write five interview questions for a senior Rust engineer."),
            None,
            &cancel,
        )
        .await
        .unwrap();
    assert!(!a.cached);
    let b = service
        .run(
            &ask("Write 5 interview questions for a senior Rust engineer"),
            None,
            &cancel,
        )
        .await
        .unwrap();
    assert!(b.cached, "a near-identical prompt is served from the cache");
    assert_eq!(b.response.text, a.response.text);
    let c = service
        .run(
            &ask("Summarise the benefits package for new hires."),
            None,
            &cancel,
        )
        .await
        .unwrap();
    assert!(!c.cached);
    assert_eq!(fake.requests.load(Ordering::SeqCst), 2);
    store.close().await;
}

/// A token budget refuses a long prompt before anything is sent, and the
/// refusal is logged.
#[tokio::test]
async fn prompts_over_the_token_budget_are_refused_before_sending() {
    let (base, fake) = server().await;
    let dir = tempfile::tempdir().unwrap();
    let store = ats_core::store::Store::open(dir.path()).await.unwrap();
    let mut service = LlmService::new(
        Arc::new(Chain::new(vec![oai(&base, "echo")], false)),
        Some(store.clone()),
    );
    service.max_prompt_tokens = Some(200);
    let long = Call::new(
        PromptTemplate::builtin("chat").unwrap(),
        json!({ "message": "word ".repeat(500) }),
    );
    let e = service
        .run(&long, None, &CancellationToken::new())
        .await
        .unwrap_err();
    assert_eq!(e.code(), "llm.context_too_long");
    assert_eq!(fake.requests.load(Ordering::SeqCst), 0);
    let short = Call::new(
        PromptTemplate::builtin("chat").unwrap(),
        json!({ "message": "hi" }),
    );
    service
        .run(&short, None, &CancellationToken::new())
        .await
        .unwrap();
    let calls = store.llm_calls(10).await.unwrap();
    assert_eq!(calls.len(), 2);
    assert_eq!(calls[1]["error_code"], "llm.context_too_long");
    store.close().await;
}

/// Every occurrence of each needle in the data directory: in any column of
/// any table (read through SQL) and in the bytes of any file (the database,
/// its WAL, originals, llm.toml …). Returns where each was found.
async fn find_in_data_dir(
    dir: &std::path::Path,
    store: &ats_core::store::Store,
    needles: &[&str],
) -> Vec<String> {
    use sqlx::Row;
    let mut found = Vec::new();
    let tables: Vec<String> =
        sqlx::query_scalar("SELECT name FROM sqlite_master WHERE type = 'table'")
            .fetch_all(store.pool())
            .await
            .unwrap();
    assert!(tables.iter().any(|t| t == "llm_cache") && tables.iter().any(|t| t == "llm_calls"));
    for table in &tables {
        let columns: Vec<String> = sqlx::query(sqlx::AssertSqlSafe(format!(
            "PRAGMA table_info(\"{table}\")"
        )))
        .fetch_all(store.pool())
        .await
        .unwrap()
        .iter()
        .map(|r| r.get::<String, _>(1))
        .collect();
        for column in columns {
            let values: Vec<Option<Vec<u8>>> = sqlx::query_scalar(sqlx::AssertSqlSafe(format!(
                // Names read from sqlite_master, quoted: nothing injected.
                "SELECT CAST(\"{column}\" AS BLOB) FROM \"{table}\""
            )))
            .fetch_all(store.pool())
            .await
            .unwrap();
            for v in values.into_iter().flatten() {
                let text = String::from_utf8_lossy(&v);
                for n in needles {
                    if text.contains(n) {
                        found.push(format!("{n} in {table}.{column}"));
                    }
                }
            }
        }
    }
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for e in std::fs::read_dir(&d).unwrap().flatten() {
            let path = e.path();
            if path.is_dir() {
                stack.push(path);
                continue;
            }
            let bytes = std::fs::read(&path).unwrap();
            for n in needles {
                if bytes.windows(n.len()).any(|w| w == n.as_bytes()) {
                    found.push(format!("{n} in {}", path.display()));
                }
            }
        }
    }
    found
}

/// What the service keeps (the call log, the reply cache, every file of
/// the data directory) holds no personal data and no key: not the names
/// the call names, not the names of people the store knows, not e-mails,
/// phones, or a key pasted into a prompt. A cache hit still gives back the
/// whole reply (its values restored from the prompt), except what only the
/// reply contained; a prompt that does not render is logged too.
#[tokio::test]
async fn nothing_personal_or_secret_is_kept() {
    let (base, fake) = server().await;
    let dir = tempfile::tempdir().unwrap();
    let store = ats_core::store::Store::open(dir.path()).await.unwrap();
    // A person the store knows, whom the call does not name.
    sqlx::query(
        "INSERT INTO candidates (id, name, parsed_data, created_at, updated_at) \
         VALUES ('c1', 'Grace Hopper', '{}', '2026-01-01T00:00:00Z', '2026-01-01T00:00:00Z')",
    )
    .execute(store.pool())
    .await
    .unwrap();
    let key = "sk-test-0123456789abcdefXYZ";
    let provider: Arc<dyn Provider> = Arc::new(OpenAi::new(
        "openai",
        &format!("{base}/v1"),
        "echo-plus",
        Some(key.into()),
    ));
    let service = LlmService::new(
        Arc::new(Chain::new(vec![provider], false)),
        Some(store.clone()),
    );
    let resume = format!(
        "Ada Lovelace, ada@example.com, +44 20 7946 0958, 12 St James's Square. \
         Reviewed by Grace Hopper. My key: {key}. Lovelace, Ada: analyst since 1843."
    );
    let mut call = Call::new(
        PromptTemplate::builtin("resume.summary").unwrap(),
        json!({ "resume": resume }),
    );
    call.personal = vec!["Ada Lovelace".into()];
    let cancel = CancellationToken::new();
    let first = service.run(&call, None, &cancel).await.unwrap();
    assert!(!first.cached);
    for v in [
        "Ada Lovelace",
        "ada@example.com",
        "7946 0958",
        "Grace Hopper",
        key,
    ] {
        assert!(
            first.response.text.contains(v),
            "the caller gets it all: {v}"
        );
    }
    let second = service.run(&call, None, &cancel).await.unwrap();
    assert!(second.cached);
    assert_eq!(fake.requests.load(Ordering::SeqCst), 1);
    // The prompt's values come back (the bare "Grace" too: the prompt
    // wrote it as a word of a name); the reply's own e-mail stays redacted.
    assert_eq!(
        second.response.text,
        first.response.text.replace("eve@example.net", "[EMAIL]")
    );

    // A template that fails to render is logged with its code.
    let broken = PromptTemplate::from_toml(
        "id = \"broken\"\nversion = 3\nsystem = \"x\"\nuser = \"{{ nowhere }}\"",
    )
    .unwrap();
    let e = service
        .run(&Call::new(broken, json!({})), None, &cancel)
        .await
        .unwrap_err();
    assert_eq!(e.code(), "llm.config");
    let calls = store.llm_calls(10).await.unwrap();
    assert_eq!(calls.len(), 3, "{calls:?}");
    assert_eq!(calls[0]["prompt_id"], "broken");
    assert_eq!(calls[0]["prompt_version"], 3);
    assert_eq!(calls[0]["error_code"], "llm.config");
    let logged = calls[2]["prompt_redacted"].as_str().unwrap();
    assert!(
        logged.contains("[NAME_1]") && logged.contains("[EMAIL_1]"),
        "{logged}"
    );

    let needles = [
        "Lovelace",
        "Ada ",
        "ada@example.com",
        "eve@example.net",
        "7946 0958",
        "James's Square",
        "Hopper",
        key,
        "0123456789abcdefXYZ",
    ];
    store.close().await;
    let store = ats_core::store::Store::open(dir.path()).await.unwrap();
    let found: Vec<String> = find_in_data_dir(dir.path(), &store, &needles)
        .await
        .into_iter()
        // The store's own record of the person holds the name (its table,
        // so its database file); the log and the cache must not.
        .filter(|f| !f.starts_with("Hopper in ") || f.contains("llm_"))
        .collect();
    assert!(found.is_empty(), "{found:?}");

    // The check itself catches a planted key, in a table and in a file.
    store
        .log_llm_call(&ats_core::store::LlmCallRecord {
            prompt_id: "planted".into(),
            prompt_version: 1,
            provider: "openai".into(),
            model: "m".into(),
            model_sha256: None,
            params: json!({}),
            latency_ms: 0,
            prompt_tokens: None,
            completion_tokens: None,
            cost_usd: None,
            cached: false,
            error_code: None,
            prompt_redacted: format!("planted {key}"),
            reply_redacted: None,
        })
        .await
        .unwrap();
    let planted = find_in_data_dir(dir.path(), &store, &[key]).await;
    assert!(
        planted
            .iter()
            .any(|f| f.ends_with("llm_calls.prompt_redacted")),
        "{planted:?}"
    );
    assert!(
        planted.iter().any(|f| !f.contains("llm_calls.")),
        "the file scan sees it too: {planted:?}"
    );
    store.close().await;
}

#[tokio::test]
async fn the_rate_limit_holds_calls_back() {
    let (base, fake) = server().await;
    let mut service = LlmService::new(Arc::new(Chain::new(vec![oai(&base, "echo")], false)), None)
        .with_rate_limit(1);
    service.cache = false;
    let call = |message: &str| {
        Call::new(
            PromptTemplate::builtin("chat").unwrap(),
            json!({ "message": message }),
        )
    };
    let cancel = CancellationToken::new();
    service.run(&call("first"), None, &cancel).await.unwrap();
    // The second call of the minute waits; cancelled while waiting, it
    // never reaches the provider.
    let waiting = CancellationToken::new();
    let stop = waiting.clone();
    tokio::spawn(async move {
        tokio::time::sleep(Duration::from_millis(300)).await;
        stop.cancel();
    });
    let t = Instant::now();
    let e = service
        .run(&call("second"), None, &waiting)
        .await
        .unwrap_err();
    assert_eq!(e.code(), "llm.cancelled");
    assert!(t.elapsed() >= Duration::from_millis(250), "it waited");
    assert_eq!(fake.requests.load(Ordering::SeqCst), 1);
}

/// Everyone the store knows is redacted from every prompt, also a person
/// stored after the service compiled the names; the names are read again
/// only when the store's names version moves.
#[tokio::test]
async fn people_stored_later_are_redacted_too() {
    let (base, _) = server().await;
    let dir = tempfile::tempdir().unwrap();
    let store = ats_core::store::Store::open(dir.path()).await.unwrap();
    let importer =
        ats_core::import::Importer::new(ats_core::ingest::ResumeParser::default(), store.clone());
    let resume = |name: &str| {
        format!(
            "{name}\n{}@example.com\n\nExperience\nEngineer, Acme Ltd, 2019 - 2024\n",
            name.to_lowercase().replace(' ', ".")
        )
        .into_bytes()
    };
    importer
        .import_bytes("a.txt", resume("Grace Hopper"))
        .await
        .unwrap();
    let service = LlmService::new(
        Arc::new(Chain::new(vec![oai(&base, "echo")], false)),
        Some(store.clone()),
    );
    let cancel = CancellationToken::new();
    let say = |message: &str| {
        Call::new(
            PromptTemplate::builtin("chat").unwrap(),
            json!({ "message": message }),
        )
    };
    service
        .run(&say("Did Grace Hopper write COBOL?"), None, &cancel)
        .await
        .unwrap();
    let before = store.personal_names_version().await.unwrap();
    importer
        .import_bytes("b.txt", resume("Alan Turing"))
        .await
        .unwrap();
    assert!(store.personal_names_version().await.unwrap() > before);
    service
        .run(&say("Did Alan Turing meet Grace Hopper?"), None, &cancel)
        .await
        .unwrap();
    let calls = store.llm_calls(10).await.unwrap();
    assert_eq!(calls.len(), 2);
    for c in &calls {
        let text = c["prompt_redacted"].as_str().unwrap();
        assert!(
            !text.contains("Hopper") && !text.contains("Turing"),
            "{text}"
        );
    }
    store.close().await;
}
