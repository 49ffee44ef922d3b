//! Anthropic's Messages API (`POST {base}/v1/messages`), with streaming.
//! System messages go in the `system` field; a JSON Schema is enforced by
//! the instructions and the validation in [`super::structured`].

use super::secrets::ApiKey;
use super::sse::{self, Event};
use super::{
    CancellationToken, ChatRequest, ChatResponse, LlmError, Provider, Role, TokenSink, Usage,
};
use serde_json::{Value, json};

pub const API_VERSION: &str = "2023-06-01";

#[derive(Debug, Clone)]
pub struct Anthropic {
    client: reqwest::Client,
    /// e.g. `https://api.anthropic.com`.
    base_url: String,
    /// Prints as `***`.
    api_key: Option<ApiKey>,
    model: String,
}

impl Anthropic {
    pub fn new(base_url: &str, model: &str, api_key: Option<String>) -> Self {
        Self {
            client: sse::client(),
            base_url: base_url.trim_end_matches('/').to_owned(),
            api_key: api_key.map(ApiKey::new),
            model: model.to_owned(),
        }
    }

    fn body(&self, request: &ChatRequest, stream: bool) -> Value {
        let system: Vec<&str> = request
            .messages
            .iter()
            .filter(|m| m.role == Role::System)
            .map(|m| m.content.as_str())
            .collect();
        let messages: Vec<Value> = request
            .messages
            .iter()
            .filter(|m| m.role != Role::System)
            .map(|m| {
                json!({
                    "role": if m.role == Role::User { "user" } else { "assistant" },
                    "content": m.content,
                })
            })
            .collect();
        let mut body = json!({
            "model": self.model,
            "max_tokens": request.max_tokens,
            "temperature": request.temperature,
            "messages": messages,
            "stream": stream,
        });
        if !system.is_empty() {
            body["system"] = json!(system.join("\n\n"));
        }
        body
    }
}

fn error_event(v: &Value) -> LlmError {
    let kind = v["error"]["type"].as_str().unwrap_or_default();
    let message = v["error"]["message"].as_str().unwrap_or_default();
    match kind {
        "rate_limit_error" => LlmError::RateLimited {
            provider: "anthropic".into(),
            retry_after: None,
        },
        "authentication_error" | "permission_error" => {
            LlmError::Auth(format!("anthropic: {message}"))
        }
        _ => LlmError::Unavailable(format!("anthropic: {kind}: {message}")),
    }
}

#[async_trait::async_trait]
impl Provider for Anthropic {
    fn name(&self) -> &str {
        "anthropic"
    }

    fn model(&self) -> &str {
        &self.model
    }

    fn is_network(&self) -> bool {
        true
    }

    async fn chat(
        &self,
        request: &ChatRequest,
        sink: Option<&TokenSink>,
        cancel: &CancellationToken,
    ) -> Result<ChatResponse, LlmError> {
        let mut http = self
            .client
            .post(format!("{}/v1/messages", self.base_url))
            .header("anthropic-version", API_VERSION)
            .json(&self.body(request, sink.is_some()));
        if let Some(key) = &self.api_key {
            let mut value = reqwest::header::HeaderValue::from_str(key.expose()).map_err(|_| {
                LlmError::Auth("anthropic: the API key is not a valid header".into())
            })?;
            // Kept out of any debug output of the request.
            value.set_sensitive(true);
            http = http.header("x-api-key", value);
        }
        let response = sse::send("anthropic", http, cancel).await?;
        let Some(sink) = sink else {
            let v = sse::read_json("anthropic", response, cancel).await?;
            let blocks = v["content"].as_array().ok_or_else(|| {
                LlmError::InvalidOutput("anthropic: no content in the response".into())
            })?;
            let text: String = blocks
                .iter()
                .filter(|b| b["type"] == "text")
                .filter_map(|b| b["text"].as_str())
                .collect();
            return Ok(ChatResponse {
                text,
                model: v["model"].as_str().unwrap_or(&self.model).to_owned(),
                usage: Usage {
                    prompt_tokens: v["usage"]["input_tokens"].as_u64().unwrap_or(0) as u32,
                    completion_tokens: v["usage"]["output_tokens"].as_u64().unwrap_or(0) as u32,
                    cached_tokens: v["usage"]["cache_read_input_tokens"].as_u64().unwrap_or(0)
                        as u32,
                },
                finish_reason: v["stop_reason"].as_str().map(str::to_owned),
                provider: "anthropic".into(),
                model_sha256: None,
                probe: None,
            });
        };
        let mut out = ChatResponse {
            text: String::new(),
            model: self.model.clone(),
            usage: Usage::default(),
            finish_reason: None,
            provider: "anthropic".into(),
            model_sha256: None,
            probe: None,
        };
        sse::each_event("anthropic", response, cancel, |Event { event, data }| {
            let v = sse::parse_json("anthropic", &data)?;
            match event.as_deref().or(v["type"].as_str()) {
                Some("message_start") => {
                    let m = &v["message"];
                    if let Some(model) = m["model"].as_str() {
                        out.model = model.to_owned();
                    }
                    out.usage.prompt_tokens =
                        m["usage"]["input_tokens"].as_u64().unwrap_or(0) as u32;
                }
                Some("content_block_delta") => {
                    if let Some(text) = v["delta"]["text"].as_str() {
                        sse::append("anthropic", &mut out.text, text, request.max_tokens)?;
                        let _ = sink.send(text.to_owned());
                    }
                }
                Some("message_delta") => {
                    if let Some(r) = v["delta"]["stop_reason"].as_str() {
                        out.finish_reason = Some(r.to_owned());
                    }
                    if let Some(n) = v["usage"]["output_tokens"].as_u64() {
                        out.usage.completion_tokens = n as u32;
                    }
                }
                Some("message_stop") => return Ok(true),
                Some("error") => return Err(error_event(&v)),
                _ => {} // ping, content_block_start/stop
            }
            Ok(false)
        })
        .await?;
        Ok(out)
    }
}
