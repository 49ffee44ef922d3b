//! The cloud providers against real HTTP servers on 127.0.0.1 that speak
//! the OpenAI and Anthropic wire formats: success, streaming, 401, 429 with
//! Retry-After, 5xx, timeouts, malformed JSON, truncated streams, context
//! limits, cancellation; then retries, the circuit breaker, the provider
//! chain, structured output, the cache and the call log. The server is
//! `fake_server`; the tests are here.

mod fake_server;

use ats_core::llm::anthropic::Anthropic;
use ats_core::llm::openai::OpenAi;
use ats_core::llm::prompt::PromptTemplate;
use ats_core::llm::service::{Call, LlmService};
use ats_core::llm::{
    CancellationToken, Chain, ChatRequest, LlmError, Message, Provider, Reliable, RetryPolicy,
};
use fake_server::server;
use serde_json::{Value, json};
use std::sync::Arc;
use std::sync::atomic::Ordering;
use std::time::{Duration, Instant};

fn oai(base: &str, model: &str) -> Arc<dyn Provider> {
    Arc::new(OpenAi::new(
        "openai",
        &format!("{base}/v1"),
        model,
        Some("sk-test".into()),
    ))
}

fn claude(base: &str, model: &str) -> Arc<dyn Provider> {
    Arc::new(Anthropic::new(base, model, Some("sk-ant-test".into())))
}

fn quick() -> RetryPolicy {
    RetryPolicy {
        timeout: Duration::from_secs(5),
        max_retries: 2,
        base_delay: Duration::from_millis(10),
        max_delay: Duration::from_secs(3),
        breaker_threshold: 100,
        breaker_cooldown: Duration::from_secs(60),
    }
}

fn hello() -> ChatRequest {
    ChatRequest::new(vec![
        Message::system("Be brief."),
        Message::user("Say hello"),
    ])
}

async fn ask(p: &dyn Provider) -> Result<ats_core::llm::ChatResponse, LlmError> {
    p.chat(&hello(), None, &CancellationToken::new()).await
}

async fn ask_streaming(
    p: &dyn Provider,
) -> (Result<ats_core::llm::ChatResponse, LlmError>, Vec<String>) {
    let (tx, mut rx) = tokio::sync::mpsc::unbounded_channel();
    let r = p.chat(&hello(), Some(&tx), &CancellationToken::new()).await;
    drop(tx);
    let mut tokens = Vec::new();
    while let Some(t) = rx.recv().await {
        tokens.push(t);
    }
    (r, tokens)
}

#[tokio::test]
async fn openai_answers_and_streams() {
    let (base, fake) = server().await;
    let r = ask(oai(&base, "ok").as_ref()).await.unwrap();
    assert_eq!(r.text, "Hello there");
    assert_eq!(r.model, "fake-4-0613");
    assert_eq!((r.usage.prompt_tokens, r.usage.completion_tokens), (11, 3));
    let sent = fake.bodies.lock().unwrap()[0].clone();
    assert_eq!(
        sent["messages"][0],
        json!({"role": "system", "content": "Be brief."})
    );
    assert_eq!(sent["stream"], false);
    assert_eq!(
        fake.headers.lock().unwrap()[0]["authorization"],
        "Bearer sk-test"
    );

    let (r, tokens) = ask_streaming(oai(&base, "ok").as_ref()).await;
    let r = r.unwrap();
    assert_eq!(tokens, ["Hel", "lo", " there"]);
    assert_eq!(r.text, "Hello there");
    assert_eq!(r.finish_reason.as_deref(), Some("stop"));
    assert_eq!(r.usage.prompt_tokens, 9);
}

#[tokio::test]
async fn openai_failures_have_codes() {
    let (base, _) = server().await;
    for (model, code) in [
        ("unauthorized", "llm.auth"),
        ("rate-limited", "llm.rate_limited"),
        ("server-error", "llm.unavailable"),
        ("malformed", "llm.invalid_output"),
        ("too-long", "llm.context_too_long"),
        ("no-such-model", "llm.config"),
    ] {
        let e = ask(oai(&base, model).as_ref()).await.unwrap_err();
        assert_eq!(e.code(), code, "{model}: {e}");
    }
    let (r, tokens) = ask_streaming(oai(&base, "truncated").as_ref()).await;
    assert_eq!(r.unwrap_err().code(), "llm.invalid_output");
    assert_eq!(tokens, ["Hel", "lo"], "what arrived was still streamed");
    // Nobody listening on the port: unavailable, not a hang.
    let e = ask(oai("http://127.0.0.1:9", "ok").as_ref())
        .await
        .unwrap_err();
    assert_eq!(e.code(), "llm.unavailable");
}

#[tokio::test]
async fn anthropic_answers_streams_and_fails_with_codes() {
    let (base, fake) = server().await;
    let r = ask(claude(&base, "ok").as_ref()).await.unwrap();
    assert_eq!(r.text, "Bonjour !");
    assert_eq!((r.usage.prompt_tokens, r.usage.completion_tokens), (12, 4));
    let sent = fake.bodies.lock().unwrap()[0].clone();
    assert_eq!(sent["system"], "Be brief.");
    assert_eq!(
        sent["messages"],
        json!([{"role": "user", "content": "Say hello"}])
    );
    let h = fake.headers.lock().unwrap()[0].clone();
    assert_eq!(h["x-api-key"], "sk-ant-test");
    assert_eq!(h["anthropic-version"], "2023-06-01");

    let (r, tokens) = ask_streaming(claude(&base, "ok").as_ref()).await;
    let r = r.unwrap();
    assert_eq!(tokens, ["Bonjour", " !"]);
    assert_eq!(r.finish_reason.as_deref(), Some("end_turn"));
    assert_eq!(r.usage.completion_tokens, 4);

    for (model, code) in [
        ("unauthorized", "llm.auth"),
        ("overloaded", "llm.unavailable"),
        ("rate-limited", "llm.rate_limited"),
        ("too-long", "llm.context_too_long"),
        ("malformed", "llm.invalid_output"),
    ] {
        let e = ask(claude(&base, model).as_ref()).await.unwrap_err();
        assert_eq!(e.code(), code, "{model}: {e}");
    }
    for (model, code) in [
        ("error-mid-stream", "llm.unavailable"),
        ("truncated", "llm.invalid_output"),
    ] {
        let (r, _) = ask_streaming(claude(&base, model).as_ref()).await;
        assert_eq!(r.unwrap_err().code(), code, "{model}");
    }
}

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
async fn a_stream_stops_when_cancelled() {
    let (base, _) = server().await;
    let p = oai(&base, "long-stream");
    let (tx, mut rx) = tokio::sync::mpsc::unbounded_channel();
    let cancel = CancellationToken::new();
    let stop = cancel.clone();
    let t = Instant::now();
    let task = tokio::spawn(async move { p.chat(&hello(), Some(&tx), &cancel).await });
    let first = rx.recv().await.unwrap();
    assert_eq!(first, "t0 ");
    stop.cancel();
    let r = task.await.unwrap();
    assert_eq!(r.unwrap_err(), LlmError::Cancelled);
    assert!(
        t.elapsed() < Duration::from_secs(2),
        "200 tokens × 20 ms were not waited for"
    );
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

/// `Retry-After` is whatever the server sends: absurd values (beyond what
/// a `Duration` holds, negative, not a number) neither panic nor make a
/// call wait longer than the policy allows.
#[tokio::test]
async fn absurd_retry_after_values_are_capped_or_ignored() {
    use ats_core::llm::sse::MAX_RETRY_AFTER;
    let (base, _) = server().await;
    for (value, expected) in [
        ("1e20", Some(MAX_RETRY_AFTER)),
        ("99999999999999999999999", Some(MAX_RETRY_AFTER)),
        ("1e308", Some(MAX_RETRY_AFTER)),
        ("18446744073709551616", Some(MAX_RETRY_AFTER)),
        ("-5", None),
        ("NaN", None),
        ("inf", None),
        ("2.5", Some(Duration::from_millis(2500))),
    ] {
        let e = ask(oai(&base, &format!("retry-after={value}")).as_ref())
            .await
            .unwrap_err();
        match e {
            LlmError::RateLimited { retry_after, .. } => {
                assert_eq!(retry_after, expected, "Retry-After: {value}");
            }
            other => panic!("Retry-After: {value}: {other}"),
        }
    }
    // Through the retry layer the wait is the policy's maximum, not 1e20 s.
    let policy = RetryPolicy {
        max_retries: 1,
        max_delay: Duration::from_millis(200),
        ..quick()
    };
    let t = Instant::now();
    let e = ask(&Reliable::new(oai(&base, "retry-after=1e20"), policy))
        .await
        .unwrap_err();
    assert_eq!(e.code(), "llm.rate_limited");
    assert!(t.elapsed() < Duration::from_secs(3), "{:?}", t.elapsed());
}

/// A server that never stops sending (an error body, a JSON reply, one
/// endless line of a stream, or an endless stream of tokens) cannot make
/// the client hold more than its limits: the call returns with a code,
/// and the server only got to produce a bounded part of its body.
#[tokio::test]
async fn endless_bodies_are_read_only_up_to_a_limit() {
    for (model, stream, code) in [
        ("endless-error", false, "llm.unavailable"),
        ("endless-json", false, "llm.invalid_output"),
        ("endless-line", true, "llm.invalid_output"),
        ("endless-reply", true, "llm.invalid_output"),
    ] {
        let (base, fake) = server().await;
        let p = oai(&base, model);
        let t = Instant::now();
        let r = tokio::time::timeout(Duration::from_secs(60), async {
            if stream {
                ask_streaming(p.as_ref()).await.0
            } else {
                ask(p.as_ref()).await
            }
        })
        .await
        .unwrap_or_else(|_| panic!("{model}: the call did not return"));
        let e = r.unwrap_err();
        assert_eq!(e.code(), code, "{model}: {e}");
        assert!(
            e.to_string().len() < 1000,
            "{model}: the error holds the body"
        );
        if model != "endless-error" {
            assert!(e.to_string().contains("limit"), "{model}: {e}");
        }
        // Give the server a moment to notice the closed connection.
        tokio::time::sleep(Duration::from_millis(200)).await;
        let produced = fake.produced.load(Ordering::SeqCst);
        assert!(
            produced < 24 << 20,
            "{model}: the client pulled {produced} bytes ({:?})",
            t.elapsed()
        );
    }
}

/// Types that hold an API key never print it.
#[test]
fn key_holders_print_no_key() {
    let key = "sk-live-0123456789-very-secret";
    for (name, debug) in [
        (
            "openai",
            format!(
                "{:?}",
                OpenAi::new("openai", "http://x/v1", "m", Some(key.into()))
            ),
        ),
        (
            "anthropic",
            format!("{:?}", Anthropic::new("http://x", "m", Some(key.into()))),
        ),
        (
            "openai (pretty)",
            format!(
                "{:#?}",
                OpenAi::new("openai", "http://x/v1", "m", Some(key.into()))
            ),
        ),
    ] {
        assert!(!debug.contains(key), "{name}: {debug}");
        assert!(!debug.contains("very-secret"), "{name}: {debug}");
        assert!(debug.contains("***"), "{name}: {debug}");
    }
    // No key: nothing to hide, and it says so.
    let none = format!("{:?}", OpenAi::new("openai", "http://x/v1", "m", None));
    assert!(none.contains("None"), "{none}");
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
