//! Helpers shared by `llm_cloud_wire.rs` and `llm_cloud_service.rs`:
//! providers pointed at the fake server, a quick retry policy, and a short
//! chat request to send.

use ats_core::llm::anthropic::Anthropic;
use ats_core::llm::openai::OpenAi;
use ats_core::llm::{CancellationToken, ChatRequest, LlmError, Message, Provider, RetryPolicy};
use std::sync::Arc;
use std::time::Duration;

pub fn oai(base: &str, model: &str) -> Arc<dyn Provider> {
    Arc::new(OpenAi::new(
        "openai",
        &format!("{base}/v1"),
        model,
        Some("sk-test".into()),
    ))
}

pub fn claude(base: &str, model: &str) -> Arc<dyn Provider> {
    Arc::new(Anthropic::new(base, model, Some("sk-ant-test".into())))
}

pub fn quick() -> RetryPolicy {
    RetryPolicy {
        timeout: Duration::from_secs(5),
        max_retries: 2,
        base_delay: Duration::from_millis(10),
        max_delay: Duration::from_secs(3),
        breaker_threshold: 100,
        breaker_cooldown: Duration::from_secs(60),
    }
}

pub fn hello() -> ChatRequest {
    ChatRequest::new(vec![
        Message::system("Be brief."),
        Message::user("Say hello"),
    ])
}

pub async fn ask(p: &dyn Provider) -> Result<ats_core::llm::ChatResponse, LlmError> {
    p.chat(&hello(), None, &CancellationToken::new()).await
}
