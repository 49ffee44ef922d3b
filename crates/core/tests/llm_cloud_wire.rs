//! The cloud providers' wire formats, against a fake server on 127.0.0.1
//! (`fake_server`) that speaks the OpenAI and Anthropic protocols: the
//! requests sent, answers, streaming, the error codes of 401, 429, 5xx,
//! malformed JSON, truncated streams and context limits, cancellation of
//! a stream, `Retry-After` values, endless bodies, and keys never printed.
//! Service behaviour (retries, breaker, chain, cache, call log) is in
//! `llm_cloud_service.rs`.

mod fake_server;
mod llm_support;

use ats_core::llm::anthropic::Anthropic;
use ats_core::llm::openai::OpenAi;
use ats_core::llm::{CancellationToken, LlmError, Provider, Reliable, RetryPolicy};
use fake_server::server;
use llm_support::{ask, claude, hello, oai, quick};
use serde_json::json;
use std::sync::atomic::Ordering;
use std::time::{Duration, Instant};

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
