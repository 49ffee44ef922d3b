//! A fake provider server for `llm_cloud_wire.rs` and
//! `llm_cloud_service.rs`: axum on a free 127.0.0.1
//! port, speaking the OpenAI (`/v1/chat/completions`) and Anthropic
//! (`/v1/messages`) wire formats. The request's model name picks the
//! scenario (an answer, a stream, an error status, a slow, malformed,
//! truncated or endless body); what the server saw is kept for the tests.

use axum::body::Body;
use axum::extract::State;
use axum::http::HeaderMap;
use axum::response::Response;
use serde_json::{Value, json};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

/// What the fake server saw and how it should behave: the scenario is the
/// request's model name.
#[derive(Default)]
pub struct Fake {
    pub requests: AtomicUsize,
    /// Bytes an endless body has produced so far (what the client pulled).
    pub produced: Arc<AtomicUsize>,
    pub bodies: Mutex<Vec<Value>>,
    pub headers: Mutex<Vec<HeaderMap>>,
}

fn json_response(status: u16, body: Value, extra: &[(&str, &str)]) -> Response {
    let mut r = Response::builder()
        .status(status)
        .header("content-type", "application/json");
    for (k, v) in extra {
        r = r.header(*k, *v);
    }
    r.body(Body::from(body.to_string())).unwrap()
}

fn sse_response(events: Vec<String>, delay: Duration) -> Response {
    let stream = futures_util::stream::unfold(events.into_iter(), move |mut it| async move {
        let next = it.next()?;
        tokio::time::sleep(delay).await;
        Some((Ok::<_, std::convert::Infallible>(next), it))
    });
    Response::builder()
        .status(200)
        .header("content-type", "text/event-stream")
        .body(Body::from_stream(stream))
        .unwrap()
}

/// What a fake server gives up after when the client never stops reading:
/// far more than any limit of the client, far less than would hurt here.
const ENDLESS: usize = 64 << 20;

/// A body that repeats `chunk` (after `head`) until the client stops
/// reading or `ENDLESS` bytes went out, counting what it produced.
fn endless(
    status: u16,
    kind: &str,
    head: &str,
    chunk: String,
    produced: Arc<AtomicUsize>,
) -> Response {
    let head = axum::body::Bytes::from(head.to_owned());
    let chunk = axum::body::Bytes::from(chunk);
    let stream = futures_util::stream::unfold(0usize, move |sent| {
        let next = if sent == 0 {
            head.clone()
        } else {
            chunk.clone()
        };
        let produced = produced.clone();
        async move {
            if sent >= ENDLESS {
                return None;
            }
            produced.fetch_add(next.len(), Ordering::SeqCst);
            Some((
                Ok::<_, std::convert::Infallible>(next.clone()),
                sent + next.len().max(1),
            ))
        }
    });
    Response::builder()
        .status(status)
        .header("content-type", kind)
        .body(Body::from_stream(stream))
        .unwrap()
}

fn openai_chunk(delta: &str) -> String {
    format!(
        "data: {}\n\n",
        json!({"model": "fake-4", "choices": [{"index": 0, "delta": {"content": delta}, "finish_reason": null}]})
    )
}

async fn openai(State(fake): State<Arc<Fake>>, headers: HeaderMap, body: String) -> Response {
    let n = fake.requests.fetch_add(1, Ordering::SeqCst);
    let body: Value = serde_json::from_str(&body).unwrap();
    fake.bodies.lock().unwrap().push(body.clone());
    fake.headers.lock().unwrap().push(headers);
    let err = |status: u16, message: &str, code: &str| {
        json_response(
            status,
            json!({"error": {"message": message, "type": "x", "code": code}}),
            &[],
        )
    };
    let ok = |text: &str| {
        json_response(
            200,
            json!({
                "id": "c1", "object": "chat.completion", "model": "fake-4-0613",
                "choices": [{"index": 0, "message": {"role": "assistant", "content": text}, "finish_reason": "stop"}],
                "usage": {"prompt_tokens": 11, "completion_tokens": 3, "total_tokens": 14}
            }),
            &[],
        )
    };
    let stream = body["stream"] == true;
    match body["model"].as_str().unwrap() {
        "ok" if stream => {
            let mut events: Vec<String> = ["Hel", "lo", " there"]
                .iter()
                .map(|d| openai_chunk(d))
                .collect();
            events.push(format!(
                "data: {}\n\n",
                json!({"model": "fake-4", "choices": [{"index": 0, "delta": {}, "finish_reason": "stop"}]})
            ));
            events.push(format!(
                "data: {}\n\n",
                json!({"model": "fake-4", "choices": [], "usage": {"prompt_tokens": 9, "completion_tokens": 3}})
            ));
            events.push("data: [DONE]\n\n".into());
            sse_response(events, Duration::from_millis(5))
        }
        "ok" => ok("Hello there"),
        "echo" => {
            let last = body["messages"].as_array().unwrap().last().unwrap()["content"].clone();
            ok(last.as_str().unwrap())
        }
        // The prompt back, plus personal data of its own.
        "echo-plus" => {
            let last = body["messages"].as_array().unwrap().last().unwrap()["content"].clone();
            ok(&format!(
                "{} Also ask eve@example.net or Grace.",
                last.as_str().unwrap()
            ))
        }
        "unauthorized" => err(401, "Incorrect API key provided", "invalid_api_key"),
        "rate-limited" => json_response(
            429,
            json!({"error": {"message": "Rate limit reached", "type": "requests", "code": "rate_limit_exceeded"}}),
            &[("retry-after", "1")],
        ),
        "rate-limited-once" if n == 0 => json_response(
            429,
            json!({"error": {"message": "Rate limit reached"}}),
            &[("retry-after", "1")],
        ),
        "rate-limited-once" => ok("after the wait"),
        "server-error" => err(500, "The server had an error", "server_error"),
        "flaky" if n < 2 => err(503, "overloaded", ""),
        "flaky" => ok("third time lucky"),
        "slow" => {
            tokio::time::sleep(Duration::from_secs(5)).await;
            ok("late")
        }
        "malformed" => Response::builder()
            .status(200)
            .header("content-type", "application/json")
            .body(Body::from("{\"choices\": [ {\"message\": "))
            .unwrap(),
        "truncated" => sse_response(
            vec![openai_chunk("Hel"), openai_chunk("lo")],
            Duration::ZERO,
        ),
        "long-stream" => sse_response(
            (0..200).map(|i| openai_chunk(&format!("t{i} "))).collect(),
            Duration::from_millis(20),
        ),
        "too-long" => err(
            400,
            "This model's maximum context length is 8192 tokens. However, your messages resulted in 9000 tokens.",
            "context_length_exceeded",
        ),
        "json-repair" if n == 0 => ok("Sure! The score is three."),
        "json-repair" => ok("{\"score\": 3, \"reason\": \"clear answer\"}"),
        "json-never" => ok("{\"score\": 11}"),
        m if m.starts_with("retry-after=") => json_response(
            429,
            json!({"error": {"message": "Rate limit reached"}}),
            &[("retry-after", &m["retry-after=".len()..])],
        ),
        "endless-error" => endless(
            500,
            "application/json",
            "{\"error\": {\"message\": \"",
            "x".repeat(64 << 10),
            fake.produced.clone(),
        ),
        "endless-json" => endless(
            200,
            "application/json",
            "{\"choices\": [{\"message\": {\"content\": \"",
            "x".repeat(64 << 10),
            fake.produced.clone(),
        ),
        "endless-line" => endless(
            200,
            "text/event-stream",
            "data: ",
            "x".repeat(64 << 10),
            fake.produced.clone(),
        ),
        "endless-reply" => endless(
            200,
            "text/event-stream",
            "",
            openai_chunk(&"word ".repeat(50)).repeat(200),
            fake.produced.clone(),
        ),
        other => err(
            404,
            &format!("The model `{other}` does not exist"),
            "model_not_found",
        ),
    }
}

async fn anthropic(State(fake): State<Arc<Fake>>, headers: HeaderMap, body: String) -> Response {
    fake.requests.fetch_add(1, Ordering::SeqCst);
    let body: Value = serde_json::from_str(&body).unwrap();
    fake.bodies.lock().unwrap().push(body.clone());
    fake.headers.lock().unwrap().push(headers);
    let err = |status: u16, kind: &str, message: &str| {
        json_response(
            status,
            json!({"type": "error", "error": {"type": kind, "message": message}}),
            &[],
        )
    };
    let event = |name: &str, data: Value| format!("event: {name}\ndata: {data}\n\n");
    let stream = body["stream"] == true;
    match body["model"].as_str().unwrap() {
        "ok" if stream => sse_response(
            vec![
                event(
                    "message_start",
                    json!({"type": "message_start", "message": {"model": "claude-fake", "usage": {"input_tokens": 12, "output_tokens": 1}}}),
                ),
                event(
                    "content_block_start",
                    json!({"type": "content_block_start", "index": 0, "content_block": {"type": "text", "text": ""}}),
                ),
                event("ping", json!({"type": "ping"})),
                event(
                    "content_block_delta",
                    json!({"type": "content_block_delta", "index": 0, "delta": {"type": "text_delta", "text": "Bonjour"}}),
                ),
                event(
                    "content_block_delta",
                    json!({"type": "content_block_delta", "index": 0, "delta": {"type": "text_delta", "text": " !"}}),
                ),
                event(
                    "content_block_stop",
                    json!({"type": "content_block_stop", "index": 0}),
                ),
                event(
                    "message_delta",
                    json!({"type": "message_delta", "delta": {"stop_reason": "end_turn"}, "usage": {"output_tokens": 4}}),
                ),
                event("message_stop", json!({"type": "message_stop"})),
            ],
            Duration::from_millis(5),
        ),
        "ok" => json_response(
            200,
            json!({
                "id": "msg_1", "type": "message", "role": "assistant", "model": "claude-fake",
                "content": [{"type": "text", "text": "Bonjour !"}],
                "stop_reason": "end_turn", "usage": {"input_tokens": 12, "output_tokens": 4}
            }),
            &[],
        ),
        "unauthorized" => err(401, "authentication_error", "invalid x-api-key"),
        "overloaded" => err(529, "overloaded_error", "Overloaded"),
        "rate-limited" => json_response(
            429,
            json!({"type": "error", "error": {"type": "rate_limit_error", "message": "slow down"}}),
            &[("retry-after", "2")],
        ),
        "too-long" => err(
            400,
            "invalid_request_error",
            "prompt is too long: 210000 tokens > 200000 maximum",
        ),
        "error-mid-stream" => sse_response(
            vec![
                event(
                    "message_start",
                    json!({"type": "message_start", "message": {"model": "claude-fake", "usage": {"input_tokens": 1}}}),
                ),
                event(
                    "error",
                    json!({"type": "error", "error": {"type": "overloaded_error", "message": "Overloaded"}}),
                ),
            ],
            Duration::ZERO,
        ),
        "truncated" => sse_response(
            vec![
                event(
                    "message_start",
                    json!({"type": "message_start", "message": {"model": "claude-fake", "usage": {"input_tokens": 1}}}),
                ),
                event(
                    "content_block_delta",
                    json!({"type": "content_block_delta", "index": 0, "delta": {"type": "text_delta", "text": "Bon"}}),
                ),
            ],
            Duration::ZERO,
        ),
        "malformed" => Response::builder()
            .status(200)
            .body(Body::from("<html>502 Bad Gateway</html>"))
            .unwrap(),
        _ => err(404, "not_found_error", "model not found"),
    }
}

/// A fake OpenAI + Anthropic server on a free loopback port.
pub async fn server() -> (String, Arc<Fake>) {
    let fake = Arc::new(Fake::default());
    let app = axum::Router::new()
        .route("/v1/chat/completions", axum::routing::post(openai))
        .route("/v1/messages", axum::routing::post(anthropic))
        .with_state(fake.clone());
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
    (format!("http://{addr}"), fake)
}
