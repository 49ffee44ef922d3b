//! The LLM call log and the reply cache. Both hold only redacted text
//! (the service pseudonymises prompts and replies before they get here);
//! the cache is keyed by a hash of the request, never by its text.

use super::{Store, now};
use crate::error::StoreError;
use sqlx::Row;

/// One row of `llm_calls`; prompt and reply are already redacted.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct LlmCallRecord {
    pub prompt_id: String,
    pub prompt_version: u32,
    pub provider: String,
    pub model: String,
    pub model_sha256: Option<String>,
    pub params: serde_json::Value,
    pub latency_ms: u64,
    pub prompt_tokens: Option<u32>,
    pub completion_tokens: Option<u32>,
    pub cost_usd: Option<f64>,
    pub cached: bool,
    pub error_code: Option<String>,
    pub prompt_redacted: String,
    pub reply_redacted: Option<String>,
}

impl Store {
    pub async fn log_llm_call(&self, r: &LlmCallRecord) -> Result<String, StoreError> {
        let id = uuid::Uuid::new_v4().to_string();
        let _writing = self.writer.lock().await;
        sqlx::query(
            "INSERT INTO llm_calls (id, created_at, prompt_id, prompt_version, provider, model, \
             model_sha256, params, latency_ms, prompt_tokens, completion_tokens, cost_usd, cached, \
             error_code, prompt_redacted, reply_redacted) \
             VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        )
        .bind(&id)
        .bind(now())
        .bind(&r.prompt_id)
        .bind(i64::from(r.prompt_version))
        .bind(&r.provider)
        .bind(&r.model)
        .bind(&r.model_sha256)
        .bind(r.params.to_string())
        .bind(i64::try_from(r.latency_ms).unwrap_or(i64::MAX))
        .bind(r.prompt_tokens.map(i64::from))
        .bind(r.completion_tokens.map(i64::from))
        .bind(r.cost_usd)
        .bind(r.cached)
        .bind(&r.error_code)
        .bind(&r.prompt_redacted)
        .bind(&r.reply_redacted)
        .execute(&self.log_pool)
        .await?;
        Ok(id)
    }

    /// The most recent calls, newest first, as JSON rows.
    pub async fn llm_calls(&self, limit: u32) -> Result<Vec<serde_json::Value>, StoreError> {
        let rows = sqlx::query(
            "SELECT id, created_at, prompt_id, prompt_version, provider, model, model_sha256, params, \
             latency_ms, prompt_tokens, completion_tokens, cost_usd, cached, error_code, \
             prompt_redacted, reply_redacted FROM llm_calls ORDER BY created_at DESC, rowid DESC LIMIT ?",
        )
        .bind(i64::from(limit))
        .fetch_all(self.pool())
        .await?;
        Ok(rows
            .iter()
            .map(|r| {
                serde_json::json!({
                    "id": r.get::<String, _>(0),
                    "created_at": r.get::<String, _>(1),
                    "prompt_id": r.get::<String, _>(2),
                    "prompt_version": r.get::<i64, _>(3),
                    "provider": r.get::<String, _>(4),
                    "model": r.get::<String, _>(5),
                    "model_sha256": r.get::<Option<String>, _>(6),
                    "params": serde_json::from_str::<serde_json::Value>(r.get::<&str, _>(7)).unwrap_or_default(),
                    "latency_ms": r.get::<i64, _>(8),
                    "prompt_tokens": r.get::<Option<i64>, _>(9),
                    "completion_tokens": r.get::<Option<i64>, _>(10),
                    "cost_usd": r.get::<Option<f64>, _>(11),
                    "cached": r.get::<bool, _>(12),
                    "error_code": r.get::<Option<String>, _>(13),
                    "prompt_redacted": r.get::<String, _>(14),
                    "reply_redacted": r.get::<Option<String>, _>(15),
                })
            })
            .collect())
    }

    /// Totals of the call log per provider, for metrics: (provider,
    /// calls, failed calls, prompt tokens, completion tokens, cost in USD,
    /// latency in seconds summed).
    pub async fn llm_totals(
        &self,
    ) -> Result<Vec<(String, i64, i64, i64, i64, f64, f64)>, StoreError> {
        let rows = sqlx::query(
            "SELECT provider, COUNT(*), SUM(CASE WHEN error_code IS NULL THEN 0 ELSE 1 END), \
             COALESCE(SUM(prompt_tokens), 0), COALESCE(SUM(completion_tokens), 0), \
             COALESCE(SUM(cost_usd), 0.0), COALESCE(SUM(latency_ms), 0) \
             FROM llm_calls GROUP BY provider ORDER BY provider",
        )
        .fetch_all(&self.log_pool)
        .await?;
        Ok(rows
            .iter()
            .map(|r| {
                (
                    r.get(0),
                    r.get(1),
                    r.get(2),
                    r.get(3),
                    r.get(4),
                    r.get(5),
                    r.get::<i64, _>(6) as f64 / 1000.0,
                )
            })
            .collect())
    }

    /// The names of every person the store knows (candidates and users),
    /// for redaction; sorted, without duplicates.
    pub async fn personal_names(&self) -> Result<Vec<String>, StoreError> {
        Ok(sqlx::query_scalar(
            "SELECT name FROM candidates WHERE name IS NOT NULL AND trim(name) != '' \
             UNION SELECT name FROM users WHERE name IS NOT NULL AND trim(name) != '' \
             ORDER BY 1",
        )
        .fetch_all(self.pool())
        .await?)
    }

    /// A number that changes whenever [`Self::personal_names`] may have
    /// (kept by triggers): one row read, where the names are thousands.
    pub async fn personal_names_version(&self) -> Result<i64, StoreError> {
        Ok(
            sqlx::query_scalar("SELECT version FROM personal_names_version WHERE id = 1")
                .fetch_optional(self.pool())
                .await?
                .unwrap_or_default(),
        )
    }

    /// A cached reply (its JSON) by key.
    pub async fn cached_reply(&self, key: &str) -> Result<Option<String>, StoreError> {
        Ok(
            sqlx::query_scalar("SELECT response FROM llm_cache WHERE key = ?")
                .bind(key)
                .fetch_optional(self.pool())
                .await?,
        )
    }

    /// Cache a reply, with the prompt's embedding for the semantic cache.
    pub async fn cache_reply(
        &self,
        key: &str,
        prompt_id: &str,
        response: &str,
        embedding: Option<&[f32]>,
    ) -> Result<(), StoreError> {
        let blob: Option<Vec<u8>> =
            embedding.map(|v| v.iter().flat_map(|x| x.to_le_bytes()).collect());
        let _writing = self.writer.lock().await;
        sqlx::query(
            "INSERT OR REPLACE INTO llm_cache (key, created_at, prompt_id, response, embedding) \
             VALUES (?, ?, ?, ?, ?)",
        )
        .bind(key)
        .bind(now())
        .bind(prompt_id)
        .bind(response)
        .bind(blob)
        .execute(&self.log_pool)
        .await?;
        Ok(())
    }

    /// Cached replies of one template that carry an embedding:
    /// (response JSON, embedding).
    pub async fn cached_with_embeddings(
        &self,
        prompt_id: &str,
    ) -> Result<Vec<(String, Vec<f32>)>, StoreError> {
        let rows = sqlx::query(
            "SELECT response, embedding FROM llm_cache WHERE prompt_id = ? AND embedding IS NOT NULL",
        )
        .bind(prompt_id)
        .fetch_all(self.pool())
        .await?;
        Ok(rows
            .iter()
            .map(|r| {
                let blob: &[u8] = r.get(1);
                (
                    r.get(0),
                    blob.chunks_exact(4)
                        .map(|b| f32::from_le_bytes([b[0], b[1], b[2], b[3]]))
                        .collect(),
                )
            })
            .collect())
    }
}
