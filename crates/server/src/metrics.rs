//! Prometheus metrics (`GET /metrics`, OpenMetrics text): calls and their
//! latency per method and outcome, and the scoring queue's depth.

use prometheus_client::encoding::EncodeLabelSet;
use prometheus_client::metrics::counter::Counter;
use prometheus_client::metrics::family::Family;
use prometheus_client::metrics::gauge::Gauge;
use prometheus_client::metrics::histogram::{Histogram, exponential_buckets};
use prometheus_client::registry::Registry;

#[derive(Debug, Clone, Hash, PartialEq, Eq, EncodeLabelSet)]
struct Call {
    method: String,
    code: String,
}

#[derive(Debug, Clone, Hash, PartialEq, Eq, EncodeLabelSet)]
struct ByProvider {
    provider: String,
}

#[derive(Debug, Clone, Hash, PartialEq, Eq, EncodeLabelSet)]
struct TokensOf {
    provider: String,
    kind: String,
}

type FloatGauge = Gauge<f64, std::sync::atomic::AtomicU64>;

/// What the model call log adds up to (read from the store at each scrape,
/// so calls made by any process on the data directory count).
pub struct LlmTotals {
    calls: Family<ByProvider, Gauge>,
    failed: Family<ByProvider, Gauge>,
    tokens: Family<TokensOf, Gauge>,
    cost: Family<ByProvider, FloatGauge>,
    latency: Family<ByProvider, FloatGauge>,
}

#[derive(Debug, Clone, Hash, PartialEq, Eq, EncodeLabelSet)]
struct ByMethod {
    method: String,
}

fn latency_histogram() -> Histogram {
    // 0.5 ms to ~16 s.
    Histogram::new(exponential_buckets(0.0005, 2.0, 16))
}

pub struct Metrics {
    registry: Registry,
    calls: Family<Call, Counter>,
    latency: Family<ByMethod, Histogram, fn() -> Histogram>,
    queue: Gauge,
    connections: Gauge,
    interviews: Gauge,
    llm: LlmTotals,
    /// Open connections per interview (a candidate may hold two briefly).
    live: std::sync::Arc<std::sync::Mutex<std::collections::HashMap<String, usize>>>,
}

/// Counts a connection while it lives.
pub struct Connected {
    id: String,
    connections: Gauge,
    interviews: Gauge,
    live: std::sync::Arc<std::sync::Mutex<std::collections::HashMap<String, usize>>>,
}

impl Drop for Connected {
    fn drop(&mut self) {
        self.connections.dec();
        let mut live = self
            .live
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        if let Some(n) = live.get_mut(&self.id) {
            *n -= 1;
            if *n == 0 {
                live.remove(&self.id);
                self.interviews.dec();
            }
        }
    }
}

impl Default for Metrics {
    fn default() -> Self {
        let mut registry = Registry::with_prefix("ats");
        let calls = Family::<Call, Counter>::default();
        let latency = Family::<ByMethod, Histogram, fn() -> Histogram>::new_with_constructor(
            latency_histogram as fn() -> Histogram,
        );
        let queue = Gauge::default();
        let connections = Gauge::default();
        let interviews = Gauge::default();
        registry.register(
            "ws_connections",
            "Open interview WebSocket connections",
            connections.clone(),
        );
        registry.register(
            "active_interviews",
            "Interviews with at least one open connection",
            interviews.clone(),
        );
        registry.register(
            "api_calls",
            "API calls by method and outcome code",
            calls.clone(),
        );
        registry.register(
            "api_call_duration_seconds",
            "Time to answer an API call, by method",
            latency.clone(),
        );
        registry.register(
            "scoring_queue_depth",
            "Interviews waiting to be scored (or being scored)",
            queue.clone(),
        );
        let llm = LlmTotals {
            calls: Family::default(),
            failed: Family::default(),
            tokens: Family::default(),
            cost: Family::default(),
            latency: Family::default(),
        };
        registry.register(
            "llm_calls",
            "Model calls logged, by provider",
            llm.calls.clone(),
        );
        registry.register(
            "llm_failed_calls",
            "Model calls that failed, by provider",
            llm.failed.clone(),
        );
        registry.register(
            "llm_tokens",
            "Tokens of model calls, by provider and kind (prompt, completion)",
            llm.tokens.clone(),
        );
        registry.register(
            "llm_cost_usd",
            "Estimated cost of model calls in US dollars, by provider",
            llm.cost.clone(),
        );
        registry.register(
            "llm_latency_seconds_total",
            "Time spent waiting for models, by provider",
            llm.latency.clone(),
        );
        Self {
            registry,
            llm,
            calls,
            latency,
            queue,
            connections,
            interviews,
            live: std::sync::Arc::default(),
        }
    }
}

impl Metrics {
    pub fn observe(&self, method: &str, code: &str, took: std::time::Duration) {
        self.calls
            .get_or_create(&Call {
                method: method.to_owned(),
                code: code.to_owned(),
            })
            .inc();
        self.latency
            .get_or_create(&ByMethod {
                method: method.to_owned(),
            })
            .observe(took.as_secs_f64());
    }

    pub fn connected(&self, interview_id: &str) -> Connected {
        self.connections.inc();
        let mut live = self
            .live
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        let n = live.entry(interview_id.to_owned()).or_insert(0);
        if *n == 0 {
            self.interviews.inc();
        }
        *n += 1;
        Connected {
            id: interview_id.to_owned(),
            connections: self.connections.clone(),
            interviews: self.interviews.clone(),
            live: self.live.clone(),
        }
    }

    /// Set the model call log's totals: (provider, calls, failed, prompt
    /// tokens, completion tokens, cost, latency seconds).
    pub fn set_llm(&self, totals: &[(String, i64, i64, i64, i64, f64, f64)]) {
        for (provider, calls, failed, prompt, completion, cost, latency) in totals {
            let p = ByProvider {
                provider: provider.clone(),
            };
            self.llm.calls.get_or_create(&p).set(*calls);
            self.llm.failed.get_or_create(&p).set(*failed);
            self.llm.cost.get_or_create(&p).set(*cost);
            self.llm.latency.get_or_create(&p).set(*latency);
            for (kind, n) in [("prompt", prompt), ("completion", completion)] {
                self.llm
                    .tokens
                    .get_or_create(&TokensOf {
                        provider: provider.clone(),
                        kind: kind.into(),
                    })
                    .set(*n);
            }
        }
    }

    pub fn render(&self, queue_depth: i64) -> String {
        self.queue.set(queue_depth);
        let mut out = String::new();
        let _ = prometheus_client::encoding::text::encode(&mut out, &self.registry);
        out
    }
}
