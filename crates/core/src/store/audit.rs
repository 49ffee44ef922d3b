//! The audit log's rows (`crate::audit`). Written on the call log's
//! connection (synchronous=NORMAL, `mod.rs`): a row costs a call no disk
//! flush of its own, survives a killed process, and is made durable by the
//! next FULL commit. Read newest first, a page at a time, within the
//! handle's company.

use super::{Store, now};
use crate::audit::{AuditEntry, AuditFilter, AuditPage};
use crate::error::StoreError;
use sqlx::Row;

impl Store {
    /// Add `entry` (its `id` and `at` are given here); the stored row.
    pub async fn record_audit(&self, mut entry: AuditEntry) -> Result<AuditEntry, StoreError> {
        // Time-ordered (UUIDv7, monotonic within the process): rows of one
        // millisecond keep their order under `ORDER BY at, id`.
        entry.id = uuid::Uuid::now_v7().to_string();
        entry.at = now();
        let _writing = self.writer.lock().await;
        sqlx::query(
            "INSERT INTO audit_log (id, at, company_id, actor_id, actor, role, action, subject, \
             outcome) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
        )
        .bind(&entry.id)
        .bind(&entry.at)
        .bind(&entry.company_id)
        .bind(&entry.actor_id)
        .bind(&entry.actor)
        .bind(&entry.role)
        .bind(&entry.action)
        .bind(&entry.subject)
        .bind(&entry.outcome)
        .execute(&self.log_pool)
        .await?;
        Ok(entry)
    }

    /// A page of the scope's company's log (the whole log for an unscoped
    /// handle), newest first.
    pub async fn audit_page(&self, filter: &AuditFilter) -> Result<AuditPage, StoreError> {
        let limit = filter.limit.clamp(1, 500);
        let (before_at, before_id) = match filter.before.as_deref() {
            None => (None, None),
            Some(cursor) => {
                let (at, id) = cursor.split_once('|').ok_or_else(|| {
                    StoreError::Malformed(format!("not a cursor of the audit log: {cursor}"))
                })?;
                (Some(at.to_owned()), Some(id.to_owned()))
            }
        };
        let action_group = filter.action.as_ref().map(|a| format!("{a}."));
        let rows = sqlx::query(
            "SELECT id, at, company_id, actor_id, actor, role, action, subject, outcome \
             FROM audit_log WHERE (? IS NULL OR company_id = ?) \
             AND (? IS NULL OR actor = ? OR actor_id = ?) \
             AND (? IS NULL OR action = ? OR substr(action, 1, length(?)) = ?) \
             AND (? IS NULL OR subject = ?) \
             AND (? = 0 OR outcome <> 'ok') \
             AND (? IS NULL OR at < ? OR (at = ? AND id < ?)) \
             ORDER BY at DESC, id DESC LIMIT ?",
        )
        .bind(self.owner())
        .bind(self.owner())
        .bind(&filter.actor)
        .bind(&filter.actor)
        .bind(&filter.actor)
        .bind(&filter.action)
        .bind(&filter.action)
        .bind(&action_group)
        .bind(&action_group)
        .bind(&filter.subject)
        .bind(&filter.subject)
        .bind(filter.failures_only)
        .bind(&before_at)
        .bind(&before_at)
        .bind(&before_at)
        .bind(&before_id)
        .bind(i64::from(limit) + 1)
        .fetch_all(self.pool())
        .await?;
        let mut entries: Vec<AuditEntry> = rows
            .iter()
            .map(|r| AuditEntry {
                id: r.get(0),
                at: r.get(1),
                company_id: r.get(2),
                actor_id: r.get(3),
                actor: r.get(4),
                role: r.get(5),
                action: r.get(6),
                subject: r.get(7),
                outcome: r.get(8),
            })
            .collect();
        let next = if entries.len() > limit as usize {
            entries.truncate(limit as usize);
            entries.last().map(|e| format!("{}|{}", e.at, e.id))
        } else {
            None
        };
        Ok(AuditPage { entries, next })
    }

    /// The company of the account with `email`, if there is one: where a
    /// failed sign-in is logged.
    pub async fn company_of_email(&self, email: &str) -> Result<Option<String>, StoreError> {
        Ok(
            sqlx::query_scalar::<_, Option<String>>("SELECT company_id FROM users WHERE email = ?")
                .bind(email.trim().to_lowercase())
                .fetch_optional(self.pool())
                .await?
                .flatten(),
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entry(company: &str, actor: &str, action: &str, outcome: &str) -> AuditEntry {
        AuditEntry {
            id: String::new(),
            at: String::new(),
            company_id: Some(company.into()),
            actor_id: None,
            actor: actor.into(),
            role: Some("recruiter".into()),
            action: action.into(),
            subject: Some("c-1".into()),
            outcome: outcome.into(),
        }
    }

    #[tokio::test]
    async fn the_log_pages_newest_first_within_a_company_and_is_never_changed() {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::open(dir.path()).await.unwrap();
        for i in 0..7 {
            let action = if i % 2 == 0 {
                "candidates.get"
            } else {
                "jobs.create"
            };
            store
                .record_audit(entry("a", "ada@a.test", action, "ok"))
                .await
                .unwrap();
        }
        store
            .record_audit(entry("a", "eve@a.test", "users.create", "auth.forbidden"))
            .await
            .unwrap();
        store
            .record_audit(entry("b", "bob@b.test", "candidates.get", "ok"))
            .await
            .unwrap();

        let a = store.scoped(super::super::Scope::company("a"));
        let mut seen = Vec::new();
        let mut before = None;
        loop {
            let page = a
                .audit_page(&AuditFilter {
                    before: before.clone(),
                    limit: 3,
                    ..AuditFilter::default()
                })
                .await
                .unwrap();
            seen.extend(page.entries);
            match page.next {
                Some(next) => before = Some(next),
                None => break,
            }
        }
        assert_eq!(seen.len(), 8, "company b's row stays in b");
        assert!(
            seen.windows(2)
                .all(|w| (&w[0].at, &w[0].id) > (&w[1].at, &w[1].id))
        );
        assert_eq!(seen[0].actor, "eve@a.test", "newest first");

        let only = |filter: AuditFilter| {
            let a = a.clone();
            async move {
                a.audit_page(&AuditFilter {
                    limit: 50,
                    ..filter
                })
                .await
                .unwrap()
            }
        };
        let group = only(AuditFilter {
            action: Some("candidates".into()),
            ..AuditFilter::default()
        })
        .await;
        assert_eq!(group.entries.len(), 4);
        let failures = only(AuditFilter {
            failures_only: true,
            ..AuditFilter::default()
        })
        .await;
        assert_eq!(failures.entries.len(), 1);
        assert_eq!(failures.entries[0].outcome, "auth.forbidden");

        let changed = sqlx::query("UPDATE audit_log SET outcome = 'ok'")
            .execute(store.pool())
            .await;
        assert!(changed.unwrap_err().to_string().contains("append-only"));
    }
}
