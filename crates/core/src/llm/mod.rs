//! The LLM layer: one provider interface for cloud APIs (OpenAI-compatible,
//! Anthropic) and local GGUF models, with streaming, cancellation,
//! structured output, retries, a circuit breaker, caching and a log of every
//! call with personal data redacted.
//!
//! Every later AI step (questions, follow-ups, scoring, summaries) calls
//! [`LlmService`], never a provider directly.

pub mod anthropic;
pub mod catalog;
pub mod config;
pub mod grammar;
#[cfg(feature = "local-llm")]
pub mod local;
pub mod openai;
pub mod prompt;
pub mod redact;
pub mod reliable;
pub mod secrets;
pub mod service;
pub mod sse;
pub mod structured;
pub mod tokens;

pub use config::LlmConfig;
pub use reliable::{Chain, Reliable, RetryPolicy};
pub use service::LlmService;

use serde::{Deserialize, Serialize};
use std::time::Duration;
pub use tokio_util::sync::CancellationToken;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Role {
    System,
    User,
    Assistant,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Message {
    pub role: Role,
    pub content: String,
}

impl Message {
    pub fn system(text: impl Into<String>) -> Self {
        Self {
            role: Role::System,
            content: text.into(),
        }
    }
    pub fn user(text: impl Into<String>) -> Self {
        Self {
            role: Role::User,
            content: text.into(),
        }
    }
    pub fn assistant(text: impl Into<String>) -> Self {
        Self {
            role: Role::Assistant,
            content: text.into(),
        }
    }
}

/// What to ask: messages and sampling parameters. `schema`, when set, is a
/// JSON Schema the reply must satisfy (see [`structured`]).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ChatRequest {
    pub messages: Vec<Message>,
    pub temperature: f32,
    pub max_tokens: u32,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub seed: Option<u64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub schema: Option<serde_json::Value>,
    /// Where the reply's token probabilities are wanted (see [`Probe`]).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub probe: Option<Probe>,
}

/// A question about the model's uncertainty at one point of its reply:
/// once the reply's text (whitespace aside) ends with `after`, how
/// likely was each option as what comes next? The answer
/// ([`ChatResponse::probe`]) is one probability per option, in order,
/// normalised over the options (each option's first token, with or without
/// a leading space). A model in this process answers it; a provider whose
/// API shows no token probabilities leaves it unanswered.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Probe {
    pub after: String,
    pub options: Vec<String>,
}

impl ChatRequest {
    pub fn new(messages: Vec<Message>) -> Self {
        Self {
            messages,
            temperature: 0.2,
            max_tokens: 512,
            seed: None,
            schema: None,
            probe: None,
        }
    }
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Usage {
    pub prompt_tokens: u32,
    pub completion_tokens: u32,
    /// Prompt tokens the provider did not process again because an earlier
    /// call's cache held them (OpenAI's `cached_tokens`, Anthropic's cache
    /// reads, the local model's kept context).
    #[serde(default)]
    pub cached_tokens: u32,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ChatResponse {
    pub text: String,
    /// The model that answered, as the provider names it.
    pub model: String,
    pub usage: Usage,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub finish_reason: Option<String>,
    /// Which provider of a chain answered.
    #[serde(default)]
    pub provider: String,
    /// The sha256 of the weights, for local models.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub model_sha256: Option<String>,
    /// The answer to the request's [`Probe`], when the provider gave one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub probe: Option<Vec<f32>>,
}

/// Streamed tokens (text deltas) go here as they arrive.
pub type TokenSink = tokio::sync::mpsc::UnboundedSender<String>;

/// Every way a call can fail, each with a stable code.
#[derive(Debug, Clone, thiserror::Error, PartialEq)]
pub enum LlmError {
    #[error("the model did not answer within {0:?}")]
    Timeout(Duration),
    #[error("rate limited by {provider}{}", retry_after.map(|d| format!(" (retry after {d:?})")).unwrap_or_default())]
    RateLimited {
        provider: String,
        retry_after: Option<Duration>,
    },
    #[error("{0}")]
    Unavailable(String),
    #[error("the model's reply is unusable: {0}")]
    InvalidOutput(String),
    #[error("the prompt is too long for the model: {0}")]
    ContextTooLong(String),
    #[error("authentication failed: {0}")]
    Auth(String),
    #[error("offline mode forbids network provider {0}")]
    Offline(String),
    #[error("cancelled")]
    Cancelled,
    #[error("LLM configuration: {0}")]
    Config(String),
    #[error("{0}")]
    Store(String),
}

impl LlmError {
    pub fn code(&self) -> &'static str {
        match self {
            Self::Timeout(_) => "llm.timeout",
            Self::RateLimited { .. } => "llm.rate_limited",
            Self::Unavailable(_) => "llm.unavailable",
            Self::InvalidOutput(_) => "llm.invalid_output",
            Self::ContextTooLong(_) => "llm.context_too_long",
            Self::Auth(_) => "llm.auth",
            Self::Offline(_) => "llm.offline",
            Self::Cancelled => "llm.cancelled",
            Self::Config(_) => "llm.config",
            Self::Store(_) => "llm.store",
        }
    }

    /// Worth trying again after a pause.
    pub fn is_transient(&self) -> bool {
        matches!(
            self,
            Self::Timeout(_) | Self::RateLimited { .. } | Self::Unavailable(_)
        )
    }
}

impl From<crate::error::StoreError> for LlmError {
    fn from(e: crate::error::StoreError) -> Self {
        Self::Store(e.to_string())
    }
}

/// A chat model behind some API or in this process.
#[async_trait::async_trait]
pub trait Provider: Send + Sync {
    /// `openai`, `anthropic`, `local`, … (what the call log shows).
    fn name(&self) -> &str;
    fn model(&self) -> &str;
    /// Whether calls leave the machine (forbidden in offline mode).
    fn is_network(&self) -> bool;
    /// The sha256 of the weights, for local models.
    fn model_sha256(&self) -> Option<String> {
        None
    }
    /// Tokens of a text as this model counts them (an estimate where the
    /// provider's tokenizer is not public).
    fn count_tokens(&self, text: &str) -> usize {
        tokens::estimate(text)
    }
    /// Answer the request; with a sink, stream text deltas into it as they
    /// arrive. Stops with [`LlmError::Cancelled`] when `cancel` fires.
    async fn chat(
        &self,
        request: &ChatRequest,
        sink: Option<&TokenSink>,
        cancel: &CancellationToken,
    ) -> Result<ChatResponse, LlmError>;
}
