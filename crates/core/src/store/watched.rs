//! Files `ats watch` has handled, so a restart skips them.

use super::{Store, now};
use crate::error::StoreError;
use sqlx::Row;

/// A file `ats watch` has already handled.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WatchedFile {
    pub size_bytes: i64,
    pub modified_ns: i64,
}

impl Store {
    pub async fn watched_file(&self, path: &str) -> Result<Option<WatchedFile>, StoreError> {
        let row = sqlx::query("SELECT size_bytes, modified_ns FROM watched_files WHERE path = ?")
            .bind(path)
            .fetch_optional(self.pool())
            .await?;
        Ok(row.map(|r| WatchedFile {
            size_bytes: r.get(0),
            modified_ns: r.get(1),
        }))
    }

    pub async fn record_watched_file(
        &self,
        path: &str,
        file: &WatchedFile,
        sha256: Option<&str>,
        outcome: &str,
    ) -> Result<(), StoreError> {
        sqlx::query(
            "INSERT INTO watched_files (path, size_bytes, modified_ns, sha256, outcome, seen_at) \
             VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (path) DO UPDATE SET \
             size_bytes = excluded.size_bytes, modified_ns = excluded.modified_ns, \
             sha256 = excluded.sha256, outcome = excluded.outcome, seen_at = excluded.seen_at",
        )
        .bind(path)
        .bind(file.size_bytes)
        .bind(file.modified_ns)
        .bind(sha256)
        .bind(outcome)
        .bind(now())
        .execute(self.pool())
        .await?;
        Ok(())
    }
}
