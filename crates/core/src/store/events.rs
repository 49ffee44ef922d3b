//! The outbox: events written in the same transaction as the rows they
//! describe, in the design's envelope (event_id, event_type, timestamp,
//! version, data).

use super::{Store, id_and_json, now};
use crate::error::StoreError;

impl Store {
    /// Events of one type, oldest first, as `(event_id, data)`.
    pub async fn events_of_type(
        &self,
        event_type: &str,
    ) -> Result<Vec<(String, serde_json::Value)>, StoreError> {
        let rows = sqlx::query(
            "SELECT event_id, data FROM events WHERE event_type = ? ORDER BY timestamp, rowid",
        )
        .bind(event_type)
        .fetch_all(self.pool())
        .await?;
        id_and_json(&rows)
    }
}

pub(super) async fn insert_event(
    tx: &mut sqlx::Transaction<'_, sqlx::Sqlite>,
    event_type: &str,
    data: serde_json::Value,
) -> Result<(), StoreError> {
    sqlx::query(
        "INSERT INTO events (event_id, event_type, timestamp, version, data) VALUES (?, ?, ?, '1.0', ?)",
    )
    .bind(uuid::Uuid::new_v4().to_string())
    .bind(event_type)
    .bind(now())
    .bind(data.to_string())
    .execute(&mut **tx)
    .await?;
    Ok(())
}
