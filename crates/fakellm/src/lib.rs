//! A fake cloud LLM for tests and benchmarks: a real HTTP server on a free
//! loopback port that speaks the OpenAI Chat Completions wire format
//! (`POST /v1/chat/completions`, plain JSON or server-sent events), so an
//! unmodified OpenAI client can talk to it.
//!
//! ```no_run
//! # async fn demo() -> std::io::Result<()> {
//! let llm = fakellm::FakeLlm::start(fakellm::FakeConfig::default()).await?;
//! let base_url = llm.base_url(); // "http://127.0.0.1:PORT/v1"
//! llm.fail_next(&[429]); // the next call is rate limited, the one after answers
//! # Ok(()) }
//! ```
//!
//! Replies come from [`default_reply`] (an echo of the prompt, or a JSON
//! document that satisfies the requested schema) unless a [`Responder`]
//! set with [`FakeLlm::set_responder`] answers instead.

mod reply;
#[cfg(test)]
mod tests;

pub use reply::{default_reply, instance_of};

use axum::Router;
use axum::body::{Body, Bytes};
use axum::extract::State;
use axum::response::Response;
use axum::routing::post;
use futures_util::StreamExt;
use serde_json::{Value, json};
use std::collections::VecDeque;
use std::convert::Infallible;
use std::fmt;
use std::net::{Ipv4Addr, SocketAddr};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex, MutexGuard, PoisonError};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

/// A custom reply to a request body; `None` falls back to [`default_reply`].
pub type Responder = Arc<dyn Fn(&Value) -> Option<String> + Send + Sync>;

/// How the fake server paces its answers.
#[derive(Clone, Debug, Default)]
pub struct FakeConfig {
    /// Waited once per call, before the first byte of the response
    /// (failures included).
    pub latency: Duration,
    /// Waited between two streamed content chunks.
    pub token_delay: Duration,
}

/// How many request bodies [`FakeLlm::requests`] keeps (the latest).
const KEPT_REQUESTS: usize = 1000;

/// What the server shares with its handle.
#[derive(Default)]
struct Shared {
    config: FakeConfig,
    calls: AtomicUsize,
    requests: Mutex<VecDeque<Value>>,
    failures: Mutex<VecDeque<u16>>,
    responder: Mutex<Option<Responder>>,
}

/// A running fake server; dropping it stops accepting connections.
pub struct FakeLlm {
    addr: SocketAddr,
    shared: Arc<Shared>,
    server: tokio::task::JoinHandle<()>,
}

impl fmt::Debug for FakeLlm {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("FakeLlm")
            .field("addr", &self.addr)
            .field("config", &self.shared.config)
            .field("calls", &self.calls())
            .finish_non_exhaustive()
    }
}

impl Drop for FakeLlm {
    fn drop(&mut self) {
        self.server.abort();
    }
}

fn lock<T>(m: &Mutex<T>) -> MutexGuard<'_, T> {
    m.lock().unwrap_or_else(PoisonError::into_inner)
}

impl FakeLlm {
    /// Start on 127.0.0.1 with a free port, served by a task of the
    /// current tokio runtime.
    pub async fn start(config: FakeConfig) -> std::io::Result<FakeLlm> {
        let shared = Arc::new(Shared {
            config,
            ..Shared::default()
        });
        let app = Router::new()
            .route("/v1/chat/completions", post(chat))
            .with_state(shared.clone());
        let listener = tokio::net::TcpListener::bind((Ipv4Addr::LOCALHOST, 0)).await?;
        let addr = listener.local_addr()?;
        let server = tokio::spawn(async move {
            // As a provider's API would: no wait for delayed acknowledgements.
            let listener = axum::serve::ListenerExt::tap_io(listener, |s| {
                let _ = s.set_nodelay(true);
            });
            let _ = axum::serve(listener, app).await;
        });
        Ok(FakeLlm {
            addr,
            shared,
            server,
        })
    }

    /// The base URL an OpenAI client is given, e.g.
    /// `http://127.0.0.1:PORT/v1` (requests go to `{base}/chat/completions`).
    pub fn base_url(&self) -> String {
        format!("http://{}/v1", self.addr)
    }

    /// How many chat completion requests arrived (failed ones included).
    pub fn calls(&self) -> usize {
        self.shared.calls.load(Ordering::SeqCst)
    }

    /// The request bodies received, oldest first (the latest 1000). A body
    /// that is not JSON is kept as a JSON string.
    pub fn requests(&self) -> Vec<Value> {
        lock(&self.shared.requests).iter().cloned().collect()
    }

    /// Fail the next calls with these HTTP statuses, one call each, in
    /// order (in the order the calls arrive), with an OpenAI error body.
    /// 429 comes with `retry-after: 0`; 400 says the context is too long;
    /// 401 the key is wrong; 5xx the server failed or is overloaded; a
    /// status outside 400..=599 is a 500.
    pub fn fail_next(&self, statuses: &[u16]) {
        lock(&self.shared.failures).extend(statuses);
    }

    /// Answer with `f` from now on (where it returns `Some`).
    pub fn set_responder(&self, f: Responder) {
        *lock(&self.shared.responder) = Some(f);
    }
}

async fn chat(State(shared): State<Arc<Shared>>, raw: Bytes) -> Response {
    let n = shared.calls.fetch_add(1, Ordering::SeqCst);
    let body = serde_json::from_slice::<Value>(&raw);
    {
        let mut kept = lock(&shared.requests);
        if kept.len() == KEPT_REQUESTS {
            kept.pop_front();
        }
        kept.push_back(match &body {
            Ok(v) => v.clone(),
            Err(_) => Value::String(String::from_utf8_lossy(&raw).into_owned()),
        });
    }
    let failure = lock(&shared.failures).pop_front();
    if !shared.config.latency.is_zero() {
        tokio::time::sleep(shared.config.latency).await;
    }
    if let Some(status) = failure {
        return failure_response(status);
    }
    let body = match body {
        Ok(v) if v["messages"].is_array() => v,
        Ok(_) => return invalid_request("'messages' is a required property"),
        Err(e) => return invalid_request(&format!("the body is not valid JSON ({e})")),
    };
    let responder = lock(&shared.responder).clone();
    let text = responder
        .and_then(|f| f(&body))
        .unwrap_or_else(|| default_reply(&body));

    let prompt_tokens: usize = body["messages"]
        .as_array()
        .into_iter()
        .flatten()
        .map(|m| words(&reply::content_text(&m["content"])))
        .sum();
    let completion_tokens = words(&text);
    let usage = json!({
        "prompt_tokens": prompt_tokens,
        "completion_tokens": completion_tokens,
        "total_tokens": prompt_tokens + completion_tokens,
    });
    let head = Head {
        id: format!("chatcmpl-fake-{n}"),
        created: SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .map_or(0, |d| d.as_secs()),
        model: body["model"].as_str().unwrap_or("fake").to_owned(),
    };
    if body["stream"] == true {
        let include_usage = body["stream_options"]["include_usage"] == true;
        let usage = include_usage.then_some(usage);
        return stream_response(&head, &text, usage, shared.config.token_delay);
    }
    json_response(
        200,
        &json!({
            "id": head.id,
            "object": "chat.completion",
            "created": head.created,
            "model": head.model,
            "choices": [{
                "index": 0,
                "message": { "role": "assistant", "content": text },
                "logprobs": null,
                "finish_reason": "stop",
            }],
            "usage": usage,
        }),
    )
}

/// Roughly a token count: the words of a text.
fn words(text: &str) -> usize {
    text.split_whitespace().count()
}

/// What every chunk of a completion repeats.
struct Head {
    id: String,
    created: u64,
    model: String,
}

/// The streamed form of a reply, as OpenAI frames it: a chunk with the
/// assistant role, one per piece of content (a few characters each, with
/// `token_delay` between them), one with `finish_reason: "stop"`, one with
/// the usage and no choices (only if asked for), then `[DONE]`.
fn stream_response(head: &Head, text: &str, usage: Option<Value>, delay: Duration) -> Response {
    let with_usage = usage.is_some();
    let chunk = |delta: Value, finish: Value| {
        let mut c = json!({
            "id": head.id,
            "object": "chat.completion.chunk",
            "created": head.created,
            "model": head.model,
            "choices": [{ "index": 0, "delta": delta, "logprobs": null, "finish_reason": finish }],
        });
        if with_usage {
            c["usage"] = Value::Null;
        }
        format!("data: {c}\n\n")
    };
    let mut events = vec![(
        Duration::ZERO,
        chunk(json!({ "role": "assistant", "content": "" }), Value::Null),
    )];
    for (i, piece) in pieces(text).into_iter().enumerate() {
        let wait = if i == 0 { Duration::ZERO } else { delay };
        events.push((wait, chunk(json!({ "content": piece }), Value::Null)));
    }
    events.push((Duration::ZERO, chunk(json!({}), json!("stop"))));
    if let Some(usage) = usage {
        let c = json!({
            "id": head.id,
            "object": "chat.completion.chunk",
            "created": head.created,
            "model": head.model,
            "choices": [],
            "usage": usage,
        });
        events.push((Duration::ZERO, format!("data: {c}\n\n")));
    }
    events.push((Duration::ZERO, "data: [DONE]\n\n".to_owned()));
    let stream = futures_util::stream::iter(events).then(|(wait, event)| async move {
        if !wait.is_zero() {
            tokio::time::sleep(wait).await;
        }
        Ok::<_, Infallible>(event)
    });
    Response::builder()
        .status(200)
        .header("content-type", "text/event-stream")
        .header("cache-control", "no-cache")
        .body(Body::from_stream(stream))
        .unwrap()
}

/// Token-like pieces of a text: each starts at a word (with the spaces
/// before it) and holds at most four of its characters; joined, they are
/// the text again.
fn pieces(text: &str) -> Vec<&str> {
    const MOST: usize = 4;
    let mut out = Vec::new();
    let (mut start, mut held, mut after_space) = (0, 0, false);
    for (i, c) in text.char_indices() {
        let space = c.is_whitespace();
        if i > start && ((space && !after_space) || (!space && held == MOST)) {
            out.push(&text[start..i]);
            start = i;
            held = 0;
        }
        if !space {
            held += 1;
        }
        after_space = space;
    }
    if start < text.len() {
        out.push(&text[start..]);
    }
    out
}

fn json_response(status: u16, body: &Value) -> Response {
    Response::builder()
        .status(status)
        .header("content-type", "application/json")
        .body(Body::from(body.to_string()))
        .unwrap()
}

fn error_body(message: &str, kind: &str, code: &str) -> Value {
    json!({ "error": { "message": message, "type": kind, "param": null, "code": code } })
}

fn invalid_request(message: &str) -> Response {
    json_response(
        400,
        &error_body(message, "invalid_request_error", "invalid_request"),
    )
}

/// A queued failure in OpenAI's error format (a status that is not an
/// error, 4xx or 5xx, is a 500).
fn failure_response(status: u16) -> Response {
    let status = if (400..600).contains(&status) {
        status
    } else {
        500
    };
    let (message, kind, code) = match status {
        429 => (
            "Rate limit reached for requests (fake)",
            "requests",
            "rate_limit_exceeded",
        ),
        400 => (
            "This model's maximum context length is exceeded (fake)",
            "invalid_request_error",
            "context_length_exceeded",
        ),
        401 => (
            "Incorrect API key provided (fake)",
            "invalid_request_error",
            "invalid_api_key",
        ),
        502..=504 => (
            "The server is overloaded or not ready yet (fake)",
            "server_error",
            "overloaded",
        ),
        _ => (
            "The server had an error while processing your request (fake)",
            "server_error",
            "server_error",
        ),
    };
    let mut response = json_response(status, &error_body(message, kind, code));
    if status == 429 {
        response
            .headers_mut()
            .insert("retry-after", axum::http::HeaderValue::from_static("0"));
    }
    response
}
