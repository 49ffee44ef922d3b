//! What the cloud providers share: server-sent events as they arrive in
//! chunks, HTTP failures mapped to [`LlmError`], and a response body read
//! while honouring cancellation.

use super::{CancellationToken, LlmError};
use futures_util::StreamExt;
use std::time::Duration;

/// The HTTP client the cloud providers use (connection limit only: the
/// whole call's limit is [`super::Reliable`]'s).
pub fn client() -> reqwest::Client {
    reqwest::Client::builder()
        .connect_timeout(Duration::from_secs(10))
        .build()
        .unwrap_or_default()
}

/// One server-sent event.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Event {
    pub event: Option<String>,
    pub data: String,
}

/// Splits a byte stream into events; a chunk may end anywhere, even inside
/// a UTF-8 character.
#[derive(Debug, Default)]
pub struct Parser {
    pending: Vec<u8>,
    event: Option<String>,
    data: Vec<String>,
}

impl Parser {
    /// Feed a chunk; returns the events it completed.
    pub fn push(&mut self, chunk: &[u8]) -> Vec<Event> {
        self.pending.extend_from_slice(chunk);
        let mut out = Vec::new();
        while let Some(end) = self.pending.iter().position(|&b| b == b'\n') {
            let line: Vec<u8> = self.pending.drain(..=end).collect();
            let line = String::from_utf8_lossy(&line);
            let line = line.trim_end_matches(['\n', '\r']);
            if line.is_empty() {
                if !self.data.is_empty() || self.event.is_some() {
                    out.push(Event {
                        event: self.event.take(),
                        data: std::mem::take(&mut self.data).join("\n"),
                    });
                }
            } else if let Some(v) = line.strip_prefix("data:") {
                self.data.push(v.strip_prefix(' ').unwrap_or(v).to_owned());
            } else if let Some(v) = line.strip_prefix("event:") {
                self.event = Some(v.trim().to_owned());
            }
            // Comments (":"), ids and retry hints are not used.
        }
        out
    }
}

/// A failed HTTP status as a typed error. `body` is the error document the
/// provider sent (both OpenAI and Anthropic put a message under `error`).
pub fn status_error(
    provider: &str,
    status: reqwest::StatusCode,
    retry_after: Option<Duration>,
    body: &str,
) -> LlmError {
    let json: serde_json::Value = serde_json::from_str(body).unwrap_or_default();
    let message = json["error"]["message"]
        .as_str()
        .or_else(|| json["message"].as_str())
        .unwrap_or(body)
        .chars()
        .take(300)
        .collect::<String>();
    let kind = json["error"]["type"].as_str().unwrap_or_default();
    let code = json["error"]["code"].as_str().unwrap_or_default();
    let lower = message.to_lowercase();
    match status.as_u16() {
        401 | 403 => LlmError::Auth(format!("{provider}: {message}")),
        429 => LlmError::RateLimited {
            provider: provider.to_owned(),
            retry_after,
        },
        400 | 413
            if code == "context_length_exceeded"
                || lower.contains("context length")
                || lower.contains("context window")
                || lower.contains("prompt is too long")
                || lower.contains("too many tokens") =>
        {
            LlmError::ContextTooLong(format!("{provider}: {message}"))
        }
        408 => LlmError::Unavailable(format!("{provider}: request timeout (HTTP 408)")),
        500..=599 => LlmError::Unavailable(format!(
            "{provider}: HTTP {}{}: {message}",
            status.as_u16(),
            if kind.is_empty() {
                String::new()
            } else {
                format!(" {kind}")
            }
        )),
        _ => LlmError::Config(format!(
            "{provider} rejected the request (HTTP {}): {message}",
            status.as_u16()
        )),
    }
}

/// `Retry-After` in seconds (the HTTP-date form is rare for these APIs).
pub fn retry_after(headers: &reqwest::header::HeaderMap) -> Option<Duration> {
    headers
        .get(reqwest::header::RETRY_AFTER)?
        .to_str()
        .ok()?
        .trim()
        .parse::<f64>()
        .ok()
        .filter(|s| s.is_finite() && *s >= 0.0)
        .map(Duration::from_secs_f64)
}

/// A transport failure as a typed error.
pub fn transport_error(provider: &str, e: &reqwest::Error) -> LlmError {
    if e.is_timeout() {
        LlmError::Unavailable(format!("{provider}: timed out ({e})"))
    } else if e.is_connect() {
        LlmError::Unavailable(format!("{provider}: cannot connect ({e})"))
    } else {
        LlmError::Unavailable(format!("{provider}: {e}"))
    }
}

/// Send a request, or stop when cancelled.
pub async fn send(
    provider: &str,
    request: reqwest::RequestBuilder,
    cancel: &CancellationToken,
) -> Result<reqwest::Response, LlmError> {
    let response = tokio::select! {
        r = request.send() => r.map_err(|e| transport_error(provider, &e))?,
        () = cancel.cancelled() => return Err(LlmError::Cancelled),
    };
    if response.status().is_success() {
        return Ok(response);
    }
    let status = response.status();
    let wait = retry_after(response.headers());
    let body = response.text().await.unwrap_or_default();
    Err(status_error(provider, status, wait, &body))
}

/// Feed each server-sent event of a response to `on_event` until it
/// returns `Ok(true)` (the provider's end marker). A stream that ends
/// before that was cut off: an error, not a short answer.
pub async fn each_event(
    provider: &str,
    response: reqwest::Response,
    cancel: &CancellationToken,
    mut on_event: impl FnMut(Event) -> Result<bool, LlmError>,
) -> Result<(), LlmError> {
    let mut parser = Parser::default();
    let mut body = response.bytes_stream();
    loop {
        let chunk = tokio::select! {
            c = body.next() => c,
            () = cancel.cancelled() => return Err(LlmError::Cancelled),
        };
        let Some(chunk) = chunk else {
            return Err(LlmError::InvalidOutput(format!(
                "{provider}: the stream ended before the reply was complete"
            )));
        };
        let chunk = chunk.map_err(|e| transport_error(provider, &e))?;
        for event in parser.push(&chunk) {
            if on_event(event)? {
                return Ok(());
            }
        }
    }
}

/// Read a whole (non-streamed) JSON response, or stop when cancelled.
pub async fn read_json(
    provider: &str,
    response: reqwest::Response,
    cancel: &CancellationToken,
) -> Result<serde_json::Value, LlmError> {
    let text = tokio::select! {
        t = response.text() => t.map_err(|e| transport_error(provider, &e))?,
        () = cancel.cancelled() => return Err(LlmError::Cancelled),
    };
    parse_json(provider, &text)
}

/// Parse a JSON document a provider sent, or say it was malformed.
pub fn parse_json(provider: &str, text: &str) -> Result<serde_json::Value, LlmError> {
    serde_json::from_str(text)
        .map_err(|e| LlmError::InvalidOutput(format!("{provider}: malformed response ({e})")))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn events_survive_any_chunking() {
        let stream =
            "event: a\ndata: {\"x\":\"é\"}\n\n: comment\ndata: one\ndata: two\n\ndata: [DONE]\n\n";
        let bytes = stream.as_bytes();
        for cut in 1..bytes.len() {
            let mut p = Parser::default();
            let mut got = p.push(&bytes[..cut]);
            got.extend(p.push(&bytes[cut..]));
            assert_eq!(
                got,
                [
                    Event {
                        event: Some("a".into()),
                        data: "{\"x\":\"é\"}".into()
                    },
                    Event {
                        event: None,
                        data: "one\ntwo".into()
                    },
                    Event {
                        event: None,
                        data: "[DONE]".into()
                    },
                ],
                "cut at {cut}"
            );
        }
    }

    #[test]
    fn statuses_become_codes() {
        use reqwest::StatusCode as S;
        let e = |s: u16, body: &str| status_error("p", S::from_u16(s).unwrap(), None, body).code();
        assert_eq!(e(401, r#"{"error":{"message":"bad key"}}"#), "llm.auth");
        assert_eq!(e(429, ""), "llm.rate_limited");
        assert_eq!(
            e(
                400,
                r#"{"error":{"code":"context_length_exceeded","message":"x"}}"#
            ),
            "llm.context_too_long"
        );
        assert_eq!(
            e(
                400,
                r#"{"type":"error","error":{"type":"invalid_request_error","message":"prompt is too long: 300000 tokens"}}"#
            ),
            "llm.context_too_long"
        );
        assert_eq!(e(500, "oops"), "llm.unavailable");
        assert_eq!(
            e(529, r#"{"error":{"type":"overloaded_error"}}"#),
            "llm.unavailable"
        );
        assert_eq!(e(404, "no such model"), "llm.config");
    }
}
