//! The one entry point for AI steps: renders a versioned prompt template,
//! answers from the cache when it can, calls the provider chain (with
//! structured output when a schema is given), and logs every call with its
//! cost and the prompt and reply redacted.
//!
//! Nothing personal is kept: the log and the cache hold the prompt and the
//! reply pseudonymised ([`super::redact`]): e-mails, phones, addresses, API
//! keys and names (the call's [`Call::personal`] and every person the store
//! knows) become `[EMAIL_1]`, `[NAME_2]` …, consistent between prompt and
//! reply. A cache hit has the same prompt (the key is a hash of the whole
//! request), so its placeholders are restored from the current call's own
//! prompt; what only the reply contained stays redacted.

use super::prompt::PromptTemplate;
use super::redact::{KnownNames, Pseudonyms, Redactor};
use super::{
    CancellationToken, Chain, ChatRequest, ChatResponse, LlmConfig, LlmError, Provider, Reliable,
    TokenSink, config::Price,
};
use crate::store::{LlmCallRecord, Store};
use serde_json::Value;
use std::collections::BTreeMap;
use std::sync::Arc;
use std::time::Instant;

/// One templated call.
#[derive(Debug, Clone)]
pub struct Call {
    pub prompt: PromptTemplate,
    pub vars: Value,
    pub temperature: f32,
    pub max_tokens: u32,
    pub seed: Option<u64>,
    /// A JSON Schema the reply must satisfy.
    pub schema: Option<Value>,
    /// Earlier turns of a conversation, placed between the system prompt
    /// and the new user message.
    pub history: Vec<super::Message>,
    /// Full names of the people the prompt is about (a candidate, a
    /// recruiter): redacted, with their parts, from everything kept. Every
    /// person the store knows is redacted anyway (full names only).
    pub personal: Vec<String>,
    /// Reuse a cached reply to a similar prompt of the same template
    /// (cosine of the rendered prompts ≥ this), e.g. for question generation.
    pub semantic_cache: Option<f32>,
    /// Token probabilities wanted at one point of the reply.
    pub probe: Option<super::Probe>,
}

impl Call {
    pub fn new(prompt: PromptTemplate, vars: Value) -> Self {
        Self {
            prompt,
            vars,
            temperature: 0.2,
            max_tokens: 512,
            seed: None,
            schema: None,
            history: Vec::new(),
            personal: Vec::new(),
            semantic_cache: None,
            probe: None,
        }
    }

    /// The names of the people this call is about.
    pub fn about(mut self, names: impl IntoIterator<Item = impl Into<String>>) -> Self {
        self.personal.extend(names.into_iter().map(Into::into));
        self
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct Reply {
    pub response: ChatResponse,
    /// The validated document, for calls with a schema.
    pub json: Option<Value>,
    pub cached: bool,
    pub cost_usd: Option<f64>,
    pub latency_ms: u64,
}

pub struct LlmService {
    provider: Arc<dyn Provider>,
    store: Option<Store>,
    prices: BTreeMap<String, Price>,
    /// Exact cache on or off.
    pub cache: bool,
    /// Repair rounds for structured output.
    pub repairs: u32,
    /// Prompts counted above this are refused before any call.
    pub max_prompt_tokens: Option<u32>,
    #[cfg(feature = "embed")]
    encoder: Option<Arc<crate::embed::SentenceEncoder>>,
    /// The store's people, compiled once, with the store's names version
    /// they were compiled at (rebuilt when it moves; one call rebuilds, the
    /// others wait for it).
    known: tokio::sync::Mutex<(Option<i64>, Arc<KnownNames>)>,
    /// At most this many provider calls a minute (cache hits are free); a
    /// call over the rate waits its turn rather than failing.
    rate: Option<Arc<governor::DefaultDirectRateLimiter>>,
}

/// Build the configured providers (each with retries and a breaker), in
/// order. `only` picks one provider; `model` overrides its model (a model
/// name, or a GGUF path for `local`).
pub fn providers(
    config: &LlmConfig,
    only: Option<&str>,
    model: Option<&str>,
) -> Result<Vec<Arc<dyn Provider>>, LlmError> {
    let names: Vec<String> = match only {
        Some(p) => vec![p.to_owned()],
        None => config.order.clone(),
    };
    let mut out: Vec<Arc<dyn Provider>> = Vec::new();
    for name in names {
        let key = || super::secrets::api_key(&name).ok().map(|k| k.0);
        let inner: Arc<dyn Provider> = match name.as_str() {
            "openai" => Arc::new(super::openai::OpenAi::new(
                "openai",
                &config.openai.base_url,
                model.unwrap_or(&config.openai.model),
                key(),
            )),
            "anthropic" => Arc::new(super::anthropic::Anthropic::new(
                &config.anthropic.base_url,
                model.unwrap_or(&config.anthropic.model),
                key(),
            )),
            "local" => local(config, model)?,
            other => {
                return Err(LlmError::Config(format!(
                    "unknown provider {other:?} (openai, anthropic or local)"
                )));
            }
        };
        out.push(Arc::new(Reliable::new(inner, config.policy())));
    }
    Ok(out)
}

#[cfg(feature = "local-llm")]
fn local(config: &LlmConfig, model: Option<&str>) -> Result<Arc<dyn Provider>, LlmError> {
    let mut local = config.local.clone();
    if let Some(m) = model {
        local.model = m.into();
    }
    Ok(Arc::new(super::local::LocalProvider::load(&local)?))
}

#[cfg(not(feature = "local-llm"))]
fn local(_: &LlmConfig, _: Option<&str>) -> Result<Arc<dyn Provider>, LlmError> {
    Err(LlmError::Config(
        "this build has no local model support (cargo feature local-llm)".into(),
    ))
}

fn sha256(text: &str) -> String {
    crate::digest::sha256_hex(text.as_bytes())
}

impl LlmService {
    pub fn new(provider: Arc<dyn Provider>, store: Option<Store>) -> Self {
        Self {
            provider,
            store,
            prices: BTreeMap::new(),
            max_prompt_tokens: None,
            cache: true,
            repairs: 2,
            #[cfg(feature = "embed")]
            encoder: None,
            known: tokio::sync::Mutex::default(),
            rate: None,
        }
    }

    /// Limit provider calls to `per_minute` (the design's 50 a minute per
    /// service for a server; none by default).
    pub fn with_rate_limit(mut self, per_minute: u32) -> Self {
        let quota = governor::Quota::per_minute(
            std::num::NonZeroU32::new(per_minute.max(1)).unwrap_or(std::num::NonZeroU32::MIN),
        );
        self.rate = Some(Arc::new(governor::RateLimiter::direct(quota)));
        self
    }

    /// The configured chain (offline mode applied) with its price table.
    pub fn from_config(
        config: &LlmConfig,
        store: Option<Store>,
        only: Option<&str>,
        model: Option<&str>,
    ) -> Result<Self, LlmError> {
        let chain = Chain::new(providers(config, only, model)?, config.offline);
        let mut s = Self::new(Arc::new(chain), store);
        s.prices = config.prices.clone();
        s.max_prompt_tokens = config.max_prompt_tokens;
        Ok(s)
    }

    /// [`Self::from_config`] on the blocking pool: building a local
    /// provider loads (and hashes) a GGUF file of hundreds of megabytes.
    pub async fn open(
        config: LlmConfig,
        store: Option<Store>,
        only: Option<String>,
        model: Option<String>,
    ) -> Result<Self, LlmError> {
        tokio::task::spawn_blocking(move || {
            Self::from_config(&config, store, only.as_deref(), model.as_deref())
        })
        .await
        .map_err(|e| LlmError::Config(format!("loading the providers failed: {e}")))?
    }

    /// US dollars per million tokens, by model name (or name prefix).
    pub fn with_prices(mut self, prices: BTreeMap<String, Price>) -> Self {
        self.prices = prices;
        self
    }

    /// Sentence encoder for the semantic cache.
    #[cfg(feature = "embed")]
    pub fn with_encoder(mut self, encoder: Arc<crate::embed::SentenceEncoder>) -> Self {
        self.encoder = Some(encoder);
        self
    }

    pub fn provider(&self) -> &Arc<dyn Provider> {
        &self.provider
    }

    /// What redacts this call: its people and everyone the store knows.
    async fn redactor(&self, call: &Call) -> Redactor {
        let redactor = Redactor::new(&call.personal);
        let Some(store) = &self.store else {
            return redactor;
        };
        let version = match store.personal_names_version().await {
            Ok(v) => Some(v),
            Err(e) => {
                tracing::error!("known names' version: {e}");
                None
            }
        };
        let mut known = self.known.lock().await;
        if version.is_some() && known.0 == version {
            return redactor.with_known(known.1.clone());
        }
        let names = match store.personal_names().await {
            Ok(n) => n,
            Err(e) => {
                tracing::error!("known names for redaction: {e}");
                Vec::new()
            }
        };
        if !known.1.is_for(&names) {
            // Compiled off the async workers, only when the people changed.
            known.1 = tokio::task::spawn_blocking(move || Arc::new(KnownNames::new(&names)))
                .await
                .unwrap_or_default();
        }
        known.0 = version;
        redactor.with_known(known.1.clone())
    }

    /// Render, answer (from cache or provider), log.
    pub async fn run(
        &self,
        call: &Call,
        sink: Option<&TokenSink>,
        cancel: &CancellationToken,
    ) -> Result<Reply, LlmError> {
        let redactor = self.redactor(call).await;
        let mut messages = match call.prompt.render(&call.vars) {
            Ok(m) => m,
            Err(e) => {
                // Logged all the same: the template, its version, the code.
                let request = ChatRequest {
                    messages: Vec::new(),
                    temperature: call.temperature,
                    max_tokens: call.max_tokens,
                    seed: call.seed,
                    schema: call.schema.clone(),
                    probe: call.probe.clone(),
                };
                let kept = Kept {
                    prompt: format!(
                        "(prompt {} v{} did not render)",
                        call.prompt.id, call.prompt.version
                    ),
                    table: Pseudonyms::default(),
                    redactor: &redactor,
                };
                self.log(call, &request, &kept, Err(&e)).await;
                return Err(e);
            }
        };
        let at = messages.len() - 1;
        messages.splice(at..at, call.history.iter().cloned());
        let request = ChatRequest {
            messages,
            temperature: call.temperature,
            max_tokens: call.max_tokens,
            seed: call.seed,
            schema: call.schema.clone(),
            probe: call.probe.clone(),
        };
        // The cache key: a hash of everything that decides the reply.
        let key = sha256(&format!(
            "{}\n{}\n{}",
            self.provider.name(),
            self.provider.model(),
            serde_json::to_string(&request).unwrap_or_default()
        ));
        let prompt_text: String = request
            .messages
            .iter()
            .map(|m| format!("[{:?}] {}", m.role, m.content))
            .collect::<Vec<_>>()
            .join("\n");
        let mut table = Pseudonyms::default();
        let kept = Kept {
            prompt: redactor.pseudonymise(&prompt_text, &mut table),
            table,
            redactor: &redactor,
        };
        let started = Instant::now();

        // The semantic cache compares pseudonymised prompts: what they ask,
        // not whom they are about.
        let embedding = self.prompt_embedding(call, &kept.prompt).await;
        if let Some(mut hit) = self.lookup(call, &key, embedding.as_deref()).await? {
            hit.text = kept.table.restore(&hit.text);
            if let Some(sink) = sink {
                let _ = sink.send(hit.text.clone());
            }
            let json = match &call.schema {
                Some(_) => super::structured::extract_json(&hit.text),
                None => None,
            };
            let reply = Reply {
                response: hit,
                json,
                cached: true,
                cost_usd: Some(0.0),
                latency_ms: started.elapsed().as_millis() as u64,
            };
            self.log(call, &request, &kept, Ok(&reply)).await;
            return Ok(reply);
        }

        if let Some(budget) = self.max_prompt_tokens {
            let counted = self.provider.count_tokens(&prompt_text);
            if counted > budget as usize {
                let e = LlmError::ContextTooLong(format!(
                    "the prompt counts {counted} tokens, over the budget of {budget}"
                ));
                self.log(call, &request, &kept, Err(&e)).await;
                return Err(e);
            }
        }
        if let Some(rate) = &self.rate {
            tokio::select! {
                () = rate.until_ready() => {}
                () = cancel.cancelled() => {
                    let e = LlmError::Cancelled;
                    self.log(call, &request, &kept, Err(&e)).await;
                    return Err(e);
                }
            }
        }
        let result = match &call.schema {
            Some(_) => {
                super::structured::chat_json(self.provider.as_ref(), &request, self.repairs, cancel)
                    .await
                    .map(|(v, r)| (r, Some(v)))
            }
            None => self
                .provider
                .chat(&request, sink, cancel)
                .await
                .map(|r| (r, None)),
        };
        let result = result.map(|(mut response, json)| {
            if response.usage.prompt_tokens == 0 {
                response.usage.prompt_tokens = self.provider.count_tokens(&prompt_text) as u32;
            }
            if response.usage.completion_tokens == 0 {
                response.usage.completion_tokens =
                    self.provider.count_tokens(&response.text) as u32;
            }
            let cost_usd = self.price(&response);
            Reply {
                response,
                json,
                cached: false,
                cost_usd,
                latency_ms: started.elapsed().as_millis() as u64,
            }
        });
        self.log(call, &request, &kept, result.as_ref()).await;
        if let (Ok(reply), Some(store), true) = (&result, &self.store, self.cache) {
            let mut cached = reply.response.clone();
            cached.text = kept.reply(&cached.text);
            let json = serde_json::to_string(&cached).unwrap_or_default();
            store
                .cache_reply(&key, &call.prompt.id, &json, embedding.as_deref())
                .await?;
        }
        result
    }

    fn price(&self, r: &ChatResponse) -> Option<f64> {
        if r.provider == "local" {
            return Some(0.0);
        }
        let price = self.prices.get(&r.model).or_else(|| {
            // "gpt-4o-mini-2024-07-18" is priced as "gpt-4o-mini".
            self.prices
                .iter()
                .filter(|(m, _)| r.model.starts_with(m.as_str()))
                .max_by_key(|(m, _)| m.len())
                .map(|(_, p)| p)
        })?;
        Some(super::tokens::cost(
            r.usage.prompt_tokens,
            r.usage.completion_tokens,
            price,
        ))
    }

    async fn prompt_embedding(&self, call: &Call, text: &str) -> Option<Vec<f32>> {
        // Only worth the model's time when there is a cache to look in.
        call.semantic_cache?;
        if self.store.is_none() || !self.cache {
            return None;
        }
        #[cfg(feature = "embed")]
        {
            let encoder = self.encoder.clone()?;
            let text = text.to_owned();
            return tokio::task::spawn_blocking(move || encoder.encode(&[&text]).ok())
                .await
                .ok()
                .flatten()
                .and_then(|mut v| v.pop());
        }
        #[allow(unreachable_code)]
        {
            let _ = text;
            None
        }
    }

    async fn lookup(
        &self,
        call: &Call,
        key: &str,
        embedding: Option<&[f32]>,
    ) -> Result<Option<ChatResponse>, LlmError> {
        let Some(store) = self.store.as_ref().filter(|_| self.cache) else {
            return Ok(None);
        };
        let parse = |json: &str| serde_json::from_str::<ChatResponse>(json).ok();
        if let Some(hit) = store.cached_reply(key).await? {
            return Ok(parse(&hit));
        }
        if let (Some(threshold), Some(query)) = (call.semantic_cache, embedding) {
            let best = store
                .cached_with_embeddings(&call.prompt.id)
                .await?
                .into_iter()
                .map(|(json, v)| {
                    let cos: f32 = v.iter().zip(query).map(|(a, b)| a * b).sum();
                    (cos, json)
                })
                .max_by(|a, b| a.0.total_cmp(&b.0));
            if let Some((cos, json)) = best
                && cos >= threshold
            {
                return Ok(parse(&json));
            }
        }
        Ok(None)
    }

    async fn log(
        &self,
        call: &Call,
        request: &ChatRequest,
        kept: &Kept<'_>,
        result: Result<&Reply, &LlmError>,
    ) {
        let Some(store) = &self.store else { return };
        let mut params = serde_json::json!({
            "temperature": request.temperature,
            "max_tokens": request.max_tokens,
        });
        if let Some(seed) = request.seed {
            params["seed"] = seed.into();
        }
        if let Some(schema) = &request.schema {
            params["schema_sha256"] = sha256(&schema.to_string()).into();
        }
        let record = LlmCallRecord {
            prompt_id: call.prompt.id.clone(),
            prompt_version: call.prompt.version,
            provider: result.ok().map_or_else(
                || self.provider.name().to_owned(),
                |r| r.response.provider.clone(),
            ),
            model: result.ok().map_or_else(
                || self.provider.model().to_owned(),
                |r| r.response.model.clone(),
            ),
            model_sha256: result
                .ok()
                .and_then(|r| r.response.model_sha256.clone())
                .or_else(|| self.provider.model_sha256()),
            params,
            latency_ms: result.ok().map_or(0, |r| r.latency_ms),
            prompt_tokens: result.ok().map(|r| r.response.usage.prompt_tokens),
            completion_tokens: result.ok().map(|r| r.response.usage.completion_tokens),
            cost_usd: result.ok().and_then(|r| r.cost_usd),
            cached: result.ok().is_some_and(|r| r.cached),
            error_code: result.err().map(|e| e.code().to_owned()),
            prompt_redacted: kept.prompt.clone(),
            reply_redacted: result.ok().map(|r| kept.reply(&r.response.text)),
        };
        if let Err(e) = store.log_llm_call(&record).await {
            tracing::error!("could not log an LLM call: {e}");
        }
    }
}

/// What may be kept of a call: its prompt pseudonymised, and the table
/// that redacts its reply the same way.
struct Kept<'a> {
    prompt: String,
    table: Pseudonyms,
    redactor: &'a Redactor,
}

impl Kept<'_> {
    fn reply(&self, text: &str) -> String {
        self.redactor.redact_with(text, &self.table)
    }
}
