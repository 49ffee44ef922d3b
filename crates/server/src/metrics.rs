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
}

impl Default for Metrics {
    fn default() -> Self {
        let mut registry = Registry::with_prefix("ats");
        let calls = Family::<Call, Counter>::default();
        let latency = Family::<ByMethod, Histogram, fn() -> Histogram>::new_with_constructor(
            latency_histogram as fn() -> Histogram,
        );
        let queue = Gauge::default();
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
        Self {
            registry,
            calls,
            latency,
            queue,
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

    pub fn render(&self, queue_depth: i64) -> String {
        self.queue.set(queue_depth);
        let mut out = String::new();
        let _ = prometheus_client::encoding::text::encode(&mut out, &self.registry);
        out
    }
}
