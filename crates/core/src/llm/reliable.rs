//! Calls that never fail silently: a time limit per call, retries with
//! exponential backoff and jitter on transient failures (honouring
//! `Retry-After`), a circuit breaker per provider, and a chain that falls
//! over from one provider to the next (cloud first, the local model when
//! the cloud fails; offline mode skips every network provider).

use super::{CancellationToken, ChatRequest, ChatResponse, LlmError, Provider, TokenSink};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

#[derive(Debug, Clone, Copy, PartialEq)]
pub struct RetryPolicy {
    /// Limit for one attempt.
    pub timeout: Duration,
    /// Attempts after the first.
    pub max_retries: u32,
    /// First backoff; doubled each retry, plus up to as much again of jitter.
    pub base_delay: Duration,
    pub max_delay: Duration,
    /// Consecutive transient failures that open the breaker…
    pub breaker_threshold: u32,
    /// …for this long.
    pub breaker_cooldown: Duration,
}

impl Default for RetryPolicy {
    fn default() -> Self {
        Self {
            timeout: Duration::from_secs(120),
            max_retries: 3,
            base_delay: Duration::from_millis(500),
            max_delay: Duration::from_secs(30),
            breaker_threshold: 5,
            breaker_cooldown: Duration::from_secs(30),
        }
    }
}

#[derive(Debug, Default)]
struct Breaker {
    failures: u32,
    open_until: Option<Instant>,
}

/// A provider with time limits, retries and a circuit breaker.
pub struct Reliable {
    inner: Arc<dyn Provider>,
    policy: RetryPolicy,
    breaker: Mutex<Breaker>,
}

impl Reliable {
    pub fn new(inner: Arc<dyn Provider>, policy: RetryPolicy) -> Self {
        Self {
            inner,
            policy,
            breaker: Mutex::new(Breaker::default()),
        }
    }

    fn breaker(&self) -> std::sync::MutexGuard<'_, Breaker> {
        self.breaker
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
    }

    /// `Some(remaining)` while the breaker is open.
    pub fn open_for(&self) -> Option<Duration> {
        let b = self.breaker();
        b.open_until
            .and_then(|t| t.checked_duration_since(Instant::now()))
    }

    fn record(&self, ok: bool) {
        let mut b = self.breaker();
        if ok {
            *b = Breaker::default();
        } else {
            b.failures += 1;
            if b.failures >= self.policy.breaker_threshold {
                b.open_until = Some(Instant::now() + self.policy.breaker_cooldown);
            }
        }
    }

    fn backoff(&self, attempt: u32, error: &LlmError) -> Duration {
        if let LlmError::RateLimited {
            retry_after: Some(wait),
            ..
        } = error
        {
            return (*wait).min(self.policy.max_delay);
        }
        let base = self.policy.base_delay.saturating_mul(1 << attempt.min(16));
        let jitter = self
            .policy
            .base_delay
            .mul_f64((uuid::Uuid::new_v4().as_u128() % 1000) as f64 / 1000.0);
        (base + jitter).min(self.policy.max_delay)
    }
}

#[async_trait::async_trait]
impl Provider for Reliable {
    fn name(&self) -> &str {
        self.inner.name()
    }
    fn model(&self) -> &str {
        self.inner.model()
    }
    fn is_network(&self) -> bool {
        self.inner.is_network()
    }
    fn model_sha256(&self) -> Option<String> {
        self.inner.model_sha256()
    }
    fn count_tokens(&self, text: &str) -> usize {
        self.inner.count_tokens(text)
    }

    async fn chat(
        &self,
        request: &ChatRequest,
        sink: Option<&TokenSink>,
        cancel: &CancellationToken,
    ) -> Result<ChatResponse, LlmError> {
        if let Some(wait) = self.open_for() {
            return Err(LlmError::Unavailable(format!(
                "{}: circuit open after repeated failures (retrying in {}s)",
                self.name(),
                wait.as_secs() + 1
            )));
        }
        let mut attempt = 0;
        loop {
            let result = match tokio::time::timeout(
                self.policy.timeout,
                self.inner.chat(request, sink, cancel),
            )
            .await
            {
                Ok(r) => r,
                Err(_) => Err(LlmError::Timeout(self.policy.timeout)),
            };
            let error = match result {
                Ok(r) => {
                    self.record(true);
                    return Ok(r);
                }
                Err(e) => e,
            };
            if !error.is_transient() {
                return Err(error);
            }
            self.record(false);
            // A stream that already delivered tokens is not replayed.
            let streamed = sink.is_some() && matches!(error, LlmError::Timeout(_));
            if attempt >= self.policy.max_retries || streamed || self.open_for().is_some() {
                return Err(error);
            }
            let wait = self.backoff(attempt, &error);
            tracing::warn!(
                provider = self.name(),
                code = error.code(),
                ?wait,
                "retrying"
            );
            tokio::select! {
                () = tokio::time::sleep(wait) => {}
                () = cancel.cancelled() => return Err(LlmError::Cancelled),
            }
            attempt += 1;
        }
    }
}

/// Providers in order of preference; the first answer wins.
pub struct Chain {
    providers: Vec<Arc<dyn Provider>>,
    offline: bool,
}

impl Chain {
    pub fn new(providers: Vec<Arc<dyn Provider>>, offline: bool) -> Self {
        Self { providers, offline }
    }

    pub fn providers(&self) -> &[Arc<dyn Provider>] {
        &self.providers
    }
}

#[async_trait::async_trait]
impl Provider for Chain {
    fn name(&self) -> &str {
        self.providers.first().map_or("none", |p| p.name())
    }
    fn model(&self) -> &str {
        self.providers.first().map_or("", |p| p.model())
    }
    fn is_network(&self) -> bool {
        self.providers.iter().any(|p| p.is_network())
    }
    fn count_tokens(&self, text: &str) -> usize {
        self.providers
            .first()
            .map_or_else(|| super::tokens::estimate(text), |p| p.count_tokens(text))
    }

    async fn chat(
        &self,
        request: &ChatRequest,
        sink: Option<&TokenSink>,
        cancel: &CancellationToken,
    ) -> Result<ChatResponse, LlmError> {
        let mut last = LlmError::Config("no LLM provider is configured".into());
        for p in &self.providers {
            if self.offline && p.is_network() {
                last = LlmError::Offline(p.name().to_owned());
                continue;
            }
            match p.chat(request, sink, cancel).await {
                Ok(mut r) => {
                    r.provider = p.name().to_owned();
                    return Ok(r);
                }
                Err(LlmError::Cancelled) => return Err(LlmError::Cancelled),
                Err(e) => {
                    tracing::warn!(provider = p.name(), code = e.code(), "falling over: {e}");
                    last = e;
                }
            }
        }
        Err(last)
    }
}
