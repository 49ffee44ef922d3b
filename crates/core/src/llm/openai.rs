//! OpenAI-compatible chat completions (`POST {base}/chat/completions`): the
//! OpenAI API itself and the servers that speak it (Together, vLLM, Ollama,
//! LM Studio, llama.cpp's server). Streaming is server-sent events; a JSON
//! Schema is sent as `response_format` where the server supports it.

use super::secrets::ApiKey;
use super::sse::{self, Event};
use super::{
    CancellationToken, ChatRequest, ChatResponse, LlmError, Provider, Role, TokenSink, Usage,
};
use serde_json::{Value, json};

#[derive(Debug, Clone)]
pub struct OpenAi {
    client: reqwest::Client,
    /// e.g. `https://api.openai.com/v1` or `http://localhost:11434/v1`.
    base_url: String,
    /// Prints as `***`.
    api_key: Option<ApiKey>,
    model: String,
    name: String,
    /// Send `response_format` with the schema (off for servers that reject it).
    pub json_schema: bool,
}

impl OpenAi {
    pub fn new(name: &str, base_url: &str, model: &str, api_key: Option<String>) -> Self {
        Self {
            client: sse::client(),
            base_url: base_url.trim_end_matches('/').to_owned(),
            api_key: api_key.map(ApiKey::new),
            model: model.to_owned(),
            name: name.to_owned(),
            json_schema: true,
        }
    }

    fn body(&self, request: &ChatRequest, stream: bool) -> Value {
        let messages: Vec<Value> = request
            .messages
            .iter()
            .map(|m| {
                json!({
                    "role": match m.role {
                        Role::System => "system",
                        Role::User => "user",
                        Role::Assistant => "assistant",
                    },
                    "content": m.content,
                })
            })
            .collect();
        let mut body = json!({
            "model": self.model,
            "messages": messages,
            "temperature": request.temperature,
            "max_tokens": request.max_tokens,
            "stream": stream,
        });
        if stream {
            body["stream_options"] = json!({ "include_usage": true });
        }
        if let Some(seed) = request.seed {
            body["seed"] = json!(seed);
        }
        if let (Some(schema), true) = (&request.schema, self.json_schema) {
            body["response_format"] = json!({
                "type": "json_schema",
                "json_schema": { "name": "reply", "schema": schema },
            });
        }
        body
    }
}

fn usage_of(v: &Value) -> Option<Usage> {
    let u = v.get("usage").filter(|u| u.is_object())?;
    Some(Usage {
        prompt_tokens: u["prompt_tokens"].as_u64().unwrap_or(0) as u32,
        completion_tokens: u["completion_tokens"].as_u64().unwrap_or(0) as u32,
        cached_tokens: u["prompt_tokens_details"]["cached_tokens"]
            .as_u64()
            .unwrap_or(0) as u32,
    })
}

#[async_trait::async_trait]
impl Provider for OpenAi {
    fn name(&self) -> &str {
        &self.name
    }

    fn model(&self) -> &str {
        &self.model
    }

    fn is_network(&self) -> bool {
        true
    }

    fn count_tokens(&self, text: &str) -> usize {
        super::tokens::openai(&self.model, text)
    }

    async fn chat(
        &self,
        request: &ChatRequest,
        sink: Option<&TokenSink>,
        cancel: &CancellationToken,
    ) -> Result<ChatResponse, LlmError> {
        let mut http = self
            .client
            .post(format!("{}/chat/completions", self.base_url))
            .json(&self.body(request, sink.is_some()));
        if let Some(key) = &self.api_key {
            http = http.bearer_auth(key.expose());
        }
        let response = sse::send(&self.name, http, cancel).await?;
        let Some(sink) = sink else {
            let v = sse::read_json(&self.name, response, cancel).await?;
            let choice = &v["choices"][0];
            let content = choice["message"]["content"].as_str().ok_or_else(|| {
                LlmError::InvalidOutput(format!("{}: no message in the response", self.name))
            })?;
            return Ok(ChatResponse {
                text: content.to_owned(),
                model: v["model"].as_str().unwrap_or(&self.model).to_owned(),
                usage: usage_of(&v).unwrap_or_default(),
                finish_reason: choice["finish_reason"].as_str().map(str::to_owned),
                provider: self.name.clone(),
                model_sha256: None,
                probe: None,
            });
        };
        let mut out = ChatResponse {
            text: String::new(),
            model: self.model.clone(),
            usage: Usage::default(),
            finish_reason: None,
            provider: self.name.clone(),
            model_sha256: None,
            probe: None,
        };
        sse::each_event(&self.name, response, cancel, |Event { data, .. }| {
            if data.trim() == "[DONE]" {
                return Ok(true);
            }
            let v = sse::parse_json(&self.name, &data)?;
            if let Some(m) = v["model"].as_str() {
                out.model = m.to_owned();
            }
            if let Some(u) = usage_of(&v) {
                out.usage = u;
            }
            if let Some(choice) = v["choices"].get(0) {
                if let Some(delta) = choice["delta"]["content"].as_str()
                    && !delta.is_empty()
                {
                    sse::append(&self.name, &mut out.text, delta, request.max_tokens)?;
                    let _ = sink.send(delta.to_owned());
                }
                if let Some(reason) = choice["finish_reason"].as_str() {
                    out.finish_reason = Some(reason.to_owned());
                }
            }
            Ok(false)
        })
        .await?;
        Ok(out)
    }
}
