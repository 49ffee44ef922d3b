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

/// The most of an error body that is read (the message is in the first
/// few hundred bytes; the rest is dropped unread).
pub const MAX_ERROR_BODY: usize = 64 << 10;
/// The largest non-streamed JSON response accepted.
pub const MAX_JSON_BODY: usize = 8 << 20;
/// The largest single server-sent event (its lines, pending or complete).
pub const MAX_EVENT: usize = 1 << 20;

/// The most text a reply may hold: far more than `max_tokens` tokens can
/// be, so only a server that streams without end reaches it.
pub fn max_reply_bytes(max_tokens: u32) -> usize {
    (max_tokens as usize).saturating_mul(64).max(64 << 10)
}

fn too_large(provider: &str, what: &str, limit: usize) -> LlmError {
    LlmError::InvalidOutput(format!(
        "{provider}: {what} exceeds the limit of {limit} bytes"
    ))
}

/// One server-sent event.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Event {
    pub event: Option<String>,
    pub data: String,
}

/// Splits a byte stream into events; a chunk may end anywhere, even inside
/// a UTF-8 character. An event (or a line) larger than [`MAX_EVENT`] is an
/// error, so a server that never ends a line cannot fill the memory.
#[derive(Debug)]
pub struct Parser {
    pending: Vec<u8>,
    event: Option<String>,
    data: Vec<String>,
    /// Bytes of `data`.
    held: usize,
    limit: usize,
}

impl Default for Parser {
    fn default() -> Self {
        Self::with_limit(MAX_EVENT)
    }
}

/// An event or line beyond the parser's limit.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TooLarge(pub usize);

impl Parser {
    pub fn with_limit(limit: usize) -> Self {
        Self {
            pending: Vec::new(),
            event: None,
            data: Vec::new(),
            held: 0,
            limit,
        }
    }

    /// Feed a chunk; returns the events it completed.
    pub fn push(&mut self, chunk: &[u8]) -> Result<Vec<Event>, TooLarge> {
        let mut out = Vec::new();
        let mut rest = chunk;
        // Line by line, so the pending part never grows past the limit
        // whatever the chunk's size.
        while !rest.is_empty() {
            let (line_part, complete) = match rest.iter().position(|&b| b == b'\n') {
                Some(end) => (&rest[..=end], true),
                None => (rest, false),
            };
            rest = &rest[line_part.len()..];
            if self.pending.len() + line_part.len() + self.held > self.limit {
                return Err(TooLarge(self.limit));
            }
            self.pending.extend_from_slice(line_part);
            if complete {
                let line = std::mem::take(&mut self.pending);
                self.line(&line, &mut out);
            }
        }
        Ok(out)
    }

    fn line(&mut self, line: &[u8], out: &mut Vec<Event>) {
        let line = String::from_utf8_lossy(line);
        let line = line.trim_end_matches(['\n', '\r']);
        if line.is_empty() {
            if !self.data.is_empty() || self.event.is_some() {
                self.held = 0;
                out.push(Event {
                    event: self.event.take(),
                    data: std::mem::take(&mut self.data).join("\n"),
                });
            }
        } else if let Some(v) = line.strip_prefix("data:") {
            let v = v.strip_prefix(' ').unwrap_or(v);
            self.held += v.len() + 1;
            self.data.push(v.to_owned());
        } else if let Some(v) = line.strip_prefix("event:") {
            self.event = Some(v.trim().to_owned());
        }
        // Comments (":"), ids and retry hints are not used.
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

/// The longest `Retry-After` taken from a server.
pub const MAX_RETRY_AFTER: Duration = Duration::from_secs(3600);

/// `Retry-After` in seconds (the HTTP-date form is rare for these APIs),
/// at most [`MAX_RETRY_AFTER`]; a value that is not a number of seconds
/// (negative, NaN, infinite) is ignored.
pub fn retry_after(headers: &reqwest::header::HeaderMap) -> Option<Duration> {
    let seconds = headers
        .get(reqwest::header::RETRY_AFTER)?
        .to_str()
        .ok()?
        .trim()
        .parse::<f64>()
        .ok()
        .filter(|s| s.is_finite() && *s >= 0.0)?;
    // Compare before converting: `Duration` cannot hold 1e20 seconds.
    if seconds >= MAX_RETRY_AFTER.as_secs_f64() {
        return Some(MAX_RETRY_AFTER);
    }
    Duration::try_from_secs_f64(seconds).ok()
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
    // At most MAX_ERROR_BODY of it: the rest is never read.
    let body = match read_limited(provider, response, MAX_ERROR_BODY, cancel).await {
        Ok((bytes, _)) => String::from_utf8_lossy(&bytes).into_owned(),
        Err(LlmError::Cancelled) => return Err(LlmError::Cancelled),
        Err(_) => String::new(),
    };
    Err(status_error(provider, status, wait, &body))
}

/// Up to `limit` bytes of a body, and whether there was more (left unread).
pub async fn read_limited(
    provider: &str,
    response: reqwest::Response,
    limit: usize,
    cancel: &CancellationToken,
) -> Result<(Vec<u8>, bool), LlmError> {
    let mut body = response.bytes_stream();
    let mut out = Vec::new();
    loop {
        let chunk = tokio::select! {
            c = body.next() => c,
            () = cancel.cancelled() => return Err(LlmError::Cancelled),
        };
        let Some(chunk) = chunk else {
            return Ok((out, false));
        };
        let chunk = chunk.map_err(|e| transport_error(provider, &e))?;
        let room = limit - out.len();
        if chunk.len() > room {
            out.extend_from_slice(&chunk[..room]);
            return Ok((out, true));
        }
        out.extend_from_slice(&chunk);
    }
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
        let events = parser
            .push(&chunk)
            .map_err(|TooLarge(limit)| too_large(provider, "one event of the stream", limit))?;
        for event in events {
            if on_event(event)? {
                return Ok(());
            }
        }
    }
}

/// A reply's text, grown by streamed deltas up to a limit (see
/// [`max_reply_bytes`]).
pub fn append(
    provider: &str,
    text: &mut String,
    delta: &str,
    max_tokens: u32,
) -> Result<(), LlmError> {
    let limit = max_reply_bytes(max_tokens);
    if text.len() + delta.len() > limit {
        return Err(too_large(provider, "the streamed reply", limit));
    }
    text.push_str(delta);
    Ok(())
}

/// Read a whole (non-streamed) JSON response of at most [`MAX_JSON_BODY`]
/// bytes, or stop when cancelled.
pub async fn read_json(
    provider: &str,
    response: reqwest::Response,
    cancel: &CancellationToken,
) -> Result<serde_json::Value, LlmError> {
    let (bytes, more) = read_limited(provider, response, MAX_JSON_BODY, cancel).await?;
    if more {
        return Err(too_large(provider, "the response", MAX_JSON_BODY));
    }
    parse_json(provider, &String::from_utf8_lossy(&bytes))
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
            let mut got = p.push(&bytes[..cut]).unwrap();
            got.extend(p.push(&bytes[cut..]).unwrap());
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

    #[test]
    fn events_and_lines_are_bounded() {
        // One line that never ends, fed in small chunks or one big one.
        let mut p = Parser::with_limit(1000);
        p.push(b"data: ").unwrap();
        let mut fed = 6;
        let err = loop {
            match p.push(&[b'x'; 100]) {
                Ok(events) => assert!(events.is_empty()),
                Err(e) => break e,
            }
            fed += 100;
            assert!(fed <= 1000, "the parser held {fed} bytes");
        };
        assert_eq!(err, TooLarge(1000));
        assert!(Parser::with_limit(1000).push(&[b'x'; 5000]).is_err());
        // Many short data lines of one event that never ends add up too.
        let mut p = Parser::with_limit(1000);
        let lines = b"data: 0123456789\n".repeat(100);
        assert!(p.push(&lines).is_err());
        // Events under the limit pass, however many there are.
        let mut p = Parser::with_limit(1000);
        let events = b"data: 0123456789\n\n".repeat(1000);
        assert_eq!(p.push(&events).unwrap().len(), 1000);
    }

    #[test]
    fn retry_after_never_overflows() {
        let wait = |v: &str| {
            let mut h = reqwest::header::HeaderMap::new();
            h.insert(reqwest::header::RETRY_AFTER, v.parse().unwrap());
            retry_after(&h)
        };
        for v in [
            "1e20",
            "1e308",
            "18446744073709551616",
            "99999999999999999999999",
        ] {
            assert_eq!(wait(v), Some(MAX_RETRY_AFTER), "{v}");
        }
        for v in ["-1", "NaN", "inf", "-inf", "soon", ""] {
            assert_eq!(wait(v), None, "{v}");
        }
        assert_eq!(wait("0.25"), Some(Duration::from_millis(250)));
        assert_eq!(wait("3600"), Some(MAX_RETRY_AFTER));
    }
}
