//! Invitation e-mail: the company's SMTP settings (the `smtp` key of
//! `companies.settings`) and the mail outbox (`mail_outbox`), claimed by
//! the delivery worker in `crate::mail`. A claim is one UPDATE that counts
//! the attempt and moves `next_attempt_at` a lease ahead; the marks that
//! follow hold only while the row's attempt count is still the claim's, so
//! a worker whose lease ran out cannot overwrite a later claim. A body
//! holds the link's token, so it is kept only while its mail is queued:
//! erased once the mail is sent or given up.
//! (PostgreSQL: the claim's sub-select wants `FOR UPDATE SKIP LOCKED`.)

use super::{Store, now};
use crate::error::StoreError;
use crate::mail::{ClaimedMail, OutboxEntry, SmtpSettings, SmtpView};
use sqlx::Row;

const OUTBOX_COLUMNS: &str = "id, invitation_id, to_address, subject, status, attempts, \
     next_attempt_at, last_error, created_at, sent_at";

fn entry_of(r: &sqlx::sqlite::SqliteRow) -> OutboxEntry {
    OutboxEntry {
        id: r.get(0),
        invitation_id: r.get(1),
        to_address: r.get(2),
        subject: r.get(3),
        status: r.get(4),
        attempts: u32::try_from(r.get::<i64, _>(5)).unwrap_or(0),
        next_attempt_at: r.get(6),
        last_error: r.get(7),
        created_at: r.get(8),
        sent_at: r.get(9),
    }
}

fn settings_json(text: &str) -> Result<serde_json::Map<String, serde_json::Value>, StoreError> {
    match serde_json::from_str(text) {
        Ok(serde_json::Value::Object(map)) => Ok(map),
        Ok(_) => Ok(serde_json::Map::new()),
        Err(e) => Err(StoreError::Malformed(format!("company settings: {e}"))),
    }
}

/// Where a company's SMTP password is sealed (`sealed.rs`).
fn smtp_place(company_id: &str) -> String {
    format!("smtp:{company_id}")
}

impl Store {
    /// The company an interview belongs to (`NotFound` outside the scope).
    pub async fn interview_company(
        &self,
        interview_id: &str,
    ) -> Result<Option<String>, StoreError> {
        self.visible_interview(interview_id).await?;
        sqlx::query_scalar(
            "SELECT j.company_id FROM interviews i JOIN job_descriptions j ON j.id = i.jd_id \
             WHERE i.id = ?",
        )
        .bind(interview_id)
        .fetch_optional(self.pool())
        .await?
        .ok_or_else(|| StoreError::NotFound(format!("interview {interview_id}")))
    }

    /// The scope's company's SMTP settings, without the password; `None`
    /// when not set, or for a handle of no one company.
    pub async fn smtp_settings(&self) -> Result<Option<SmtpView>, StoreError> {
        let Some(company) = self.owner() else {
            return Ok(None);
        };
        Ok(self.smtp_settings_of(&company).await?.map(|s| s.view()))
    }

    /// A company's SMTP settings with the password: the delivery worker's
    /// read, never a shell's.
    pub(crate) async fn smtp_settings_of(
        &self,
        company_id: &str,
    ) -> Result<Option<SmtpSettings>, StoreError> {
        let text: Option<String> =
            sqlx::query_scalar("SELECT settings FROM companies WHERE id = ?")
                .bind(company_id)
                .fetch_optional(self.pool())
                .await?;
        let Some(text) = text else {
            return Ok(None);
        };
        let mut settings: SmtpSettings = match settings_json(&text)?.remove("smtp") {
            None | Some(serde_json::Value::Null) => return Ok(None),
            Some(value) => serde_json::from_value(value)
                .map_err(|e| StoreError::Malformed(format!("SMTP settings: {e}")))?,
        };
        if let Some(sealed) = settings.password.take() {
            settings.password = Some(self.sealer.unseal(&smtp_place(company_id), &sealed)?);
        }
        Ok(Some(settings))
    }

    /// Store the scope's company's SMTP settings (validated by the caller,
    /// `crate::mail::set_smtp`), keeping the other keys of its settings.
    /// No password given keeps the stored one while the user name is the
    /// same.
    pub(crate) async fn set_smtp_settings(
        &self,
        mut settings: SmtpSettings,
    ) -> Result<SmtpView, StoreError> {
        let Some(company) = self.owner() else {
            return Err(StoreError::Conflict(
                "SMTP settings belong to a company: set them as its administrator".into(),
            ));
        };
        let _writing = self.writer.lock().await;
        let mut tx = self.pool.begin().await?;
        let text: String = sqlx::query_scalar("SELECT settings FROM companies WHERE id = ?")
            .bind(&company)
            .fetch_optional(&mut *tx)
            .await?
            .ok_or_else(|| StoreError::NotFound(format!("company {company}")))?;
        let mut all = settings_json(&text)?;
        if settings.password.is_none() {
            let old: Option<SmtpSettings> = all
                .get("smtp")
                .and_then(|v| serde_json::from_value(v.clone()).ok());
            if let Some(old) = old
                && old.username == settings.username
                && let Some(kept) = old.password
            {
                settings.password = Some(self.sealer.unseal(&smtp_place(&company), &kept)?);
            }
        }
        if settings.password.as_deref() == Some("") {
            settings.password = None;
        }
        let view = settings.view();
        if let Some(plain) = settings.password.take() {
            settings.password = Some(self.sealer.seal(&smtp_place(&company), &plain)?);
        }
        let value =
            serde_json::to_value(&settings).map_err(|e| StoreError::Malformed(e.to_string()))?;
        all.insert("smtp".into(), value);
        sqlx::query("UPDATE companies SET settings = ? WHERE id = ?")
            .bind(serde_json::Value::Object(all).to_string())
            .bind(&company)
            .execute(&mut *tx)
            .await?;
        tx.commit().await?;
        Ok(view)
    }

    /// Queue a mail of `company_id`, due now; its id.
    pub(crate) async fn queue_mail(
        &self,
        company_id: &str,
        invitation_id: Option<&str>,
        to: &str,
        subject: &str,
        body: &str,
    ) -> Result<String, StoreError> {
        let id = uuid::Uuid::new_v4().to_string();
        let ts = now();
        // The body holds the invitation's link: sealed while it waits.
        let body = self.sealer.seal(&format!("mail:{id}"), body)?;
        let _writing = self.writer.lock().await;
        sqlx::query(
            "INSERT INTO mail_outbox (id, company_id, invitation_id, to_address, subject, body_text, \
             status, attempts, next_attempt_at, created_at) VALUES (?, ?, ?, ?, ?, ?, 'queued', 0, ?, ?)",
        )
        .bind(&id)
        .bind(company_id)
        .bind(invitation_id)
        .bind(to)
        .bind(subject)
        .bind(&body)
        .bind(&ts)
        .bind(&ts)
        .execute(self.pool())
        .await?;
        Ok(id)
    }

    /// Give up queued rows that cannot go: their last claim used up the
    /// attempts and was never marked (the worker stopped), or their
    /// invitation was revoked meanwhile. How many.
    pub(crate) async fn give_up_stale_mail(
        &self,
        now: &str,
        max_attempts: u32,
    ) -> Result<u32, StoreError> {
        let _writing = self.writer.lock().await;
        let mut tx = self.pool.begin().await?;
        let stopped = sqlx::query(
            "UPDATE mail_outbox SET status = 'failed', body_text = '', \
             last_error = COALESCE(last_error, 'the worker stopped during the last attempt') \
             WHERE status = 'queued' AND attempts >= ? AND next_attempt_at <= ? \
             AND (? IS NULL OR company_id = ?)",
        )
        .bind(i64::from(max_attempts))
        .bind(now)
        .bind(self.owner())
        .bind(self.owner())
        .execute(&mut *tx)
        .await?;
        let revoked = sqlx::query(
            "UPDATE mail_outbox SET status = 'failed', body_text = '', \
             last_error = 'the invitation was revoked before the mail went out' \
             WHERE status = 'queued' AND next_attempt_at <= ? AND (? IS NULL OR company_id = ?) \
             AND invitation_id IN \
             (SELECT id FROM interview_invitations WHERE revoked_at IS NOT NULL)",
        )
        .bind(now)
        .bind(self.owner())
        .bind(self.owner())
        .execute(&mut *tx)
        .await?;
        tx.commit().await?;
        Ok(u32::try_from(stopped.rows_affected() + revoked.rows_affected()).unwrap_or(u32::MAX))
    }

    /// Claim the oldest due row (queued, due by `now`, attempts left):
    /// one more attempt, held until `lease_until`.
    pub(crate) async fn claim_mail(
        &self,
        now: &str,
        lease_until: &str,
        max_attempts: u32,
    ) -> Result<Option<ClaimedMail>, StoreError> {
        let _writing = self.writer.lock().await;
        let row = sqlx::query(
            "UPDATE mail_outbox SET attempts = attempts + 1, next_attempt_at = ? \
             WHERE id = (SELECT id FROM mail_outbox WHERE status = 'queued' \
                 AND next_attempt_at <= ? AND attempts < ? AND (? IS NULL OR company_id = ?) \
                 ORDER BY next_attempt_at, created_at, id LIMIT 1) \
             AND status = 'queued' AND next_attempt_at <= ? \
             RETURNING id, company_id, to_address, subject, body_text, attempts",
        )
        .bind(lease_until)
        .bind(now)
        .bind(i64::from(max_attempts))
        .bind(self.owner())
        .bind(self.owner())
        .bind(now)
        .fetch_optional(self.pool())
        .await?;
        row.map(|r| {
            let id: String = r.get(0);
            let body_text = self.sealer.unseal(&format!("mail:{id}"), r.get(4))?;
            Ok(ClaimedMail {
                id,
                company_id: r.get(1),
                to_address: r.get(2),
                subject: r.get(3),
                body_text,
                attempts: u32::try_from(r.get::<i64, _>(5)).unwrap_or(u32::MAX),
            })
        })
        .transpose()
    }

    /// The SMTP server accepted the claimed mail. False when the claim
    /// was lost (its lease ran out and the row was claimed again).
    pub(crate) async fn mail_sent(
        &self,
        id: &str,
        attempts: u32,
        at: &str,
    ) -> Result<bool, StoreError> {
        let _writing = self.writer.lock().await;
        let done = sqlx::query(
            "UPDATE mail_outbox SET status = 'sent', sent_at = ?, last_error = NULL, body_text = '' \
             WHERE id = ? AND status = 'queued' AND attempts = ?",
        )
        .bind(at)
        .bind(id)
        .bind(i64::from(attempts))
        .execute(self.pool())
        .await?;
        Ok(done.rows_affected() == 1)
    }

    /// The claimed attempt failed: due again at `next`, or failed for good
    /// when `next` is `None`.
    pub(crate) async fn mail_attempt_failed(
        &self,
        id: &str,
        attempts: u32,
        error: &str,
        next: Option<&str>,
    ) -> Result<bool, StoreError> {
        let _writing = self.writer.lock().await;
        let query = match next {
            Some(next) => sqlx::query(
                "UPDATE mail_outbox SET last_error = ?, next_attempt_at = ? \
                 WHERE id = ? AND status = 'queued' AND attempts = ?",
            )
            .bind(error)
            .bind(next),
            None => sqlx::query(
                "UPDATE mail_outbox SET last_error = ?, status = 'failed', body_text = '' \
                 WHERE id = ? AND status = 'queued' AND attempts = ?",
            )
            .bind(error),
        };
        let done = query
            .bind(id)
            .bind(i64::from(attempts))
            .execute(self.pool())
            .await?;
        Ok(done.rows_affected() == 1)
    }

    /// The scope's company's outbox, newest first, without bodies.
    pub async fn list_outbox(&self, limit: u32) -> Result<Vec<OutboxEntry>, StoreError> {
        let rows = sqlx::query(sqlx::AssertSqlSafe(format!(
            "SELECT {OUTBOX_COLUMNS} FROM mail_outbox WHERE (? IS NULL OR company_id = ?) \
             ORDER BY created_at DESC, id LIMIT ?"
        )))
        .bind(self.owner())
        .bind(self.owner())
        .bind(i64::from(limit))
        .fetch_all(self.pool())
        .await?;
        Ok(rows.iter().map(entry_of).collect())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::mail::{Security, deliver_pending};

    async fn company_with_mail() -> (tempfile::TempDir, Store, String) {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::open(dir.path()).await.unwrap();
        let company = store.create_company("Acme").await.unwrap();
        let scoped = store.scoped(super::super::Scope::company(&company.id));
        // A port nothing listens on.
        let port = std::net::TcpListener::bind("127.0.0.1:0")
            .unwrap()
            .local_addr()
            .unwrap()
            .port();
        scoped
            .set_smtp_settings(SmtpSettings {
                host: "127.0.0.1".into(),
                port,
                username: None,
                password: None,
                from: "jobs@acme.test".into(),
                security: Security::None,
                ca_certificate: None,
            })
            .await
            .unwrap();
        let id = scoped
            .queue_mail(&company.id, None, "ada@example.test", "Hello", "token 1234")
            .await
            .unwrap();
        (dir, store, id)
    }

    async fn body_and_status(store: &Store, id: &str) -> (String, String) {
        let row = sqlx::query("SELECT body_text, status FROM mail_outbox WHERE id = ?")
            .bind(id)
            .fetch_one(store.pool())
            .await
            .unwrap();
        (row.get(0), row.get(1))
    }

    #[tokio::test]
    async fn a_lost_claim_cannot_mark_the_row() {
        let (_dir, store, id) = company_with_mail().await;
        let t0 = chrono::Utc::now();
        let at = |secs: i64| {
            (t0 + chrono::Duration::seconds(secs))
                .to_rfc3339_opts(chrono::SecondsFormat::Millis, true)
        };
        let first = store
            .claim_mail(&at(0), &at(600), 5)
            .await
            .unwrap()
            .unwrap();
        assert_eq!((first.id.as_str(), first.attempts), (id.as_str(), 1));
        // Held: nobody else gets it before the lease ends.
        assert!(
            store
                .claim_mail(&at(10), &at(610), 5)
                .await
                .unwrap()
                .is_none()
        );
        // The first worker died; after the lease the row is claimed again.
        let second = store
            .claim_mail(&at(601), &at(1201), 5)
            .await
            .unwrap()
            .unwrap();
        assert_eq!(second.attempts, 2);
        assert!(
            !store.mail_sent(&id, 1, &at(602)).await.unwrap(),
            "the lost claim"
        );
        assert!(store.mail_sent(&id, 2, &at(602)).await.unwrap());
        assert_eq!(
            body_and_status(&store, &id).await,
            (String::new(), "sent".into())
        );
    }

    #[tokio::test]
    async fn a_mail_given_up_keeps_no_body() {
        let (_dir, store, id) = company_with_mail().await;
        let mut now = chrono::Utc::now();
        for attempt in 1..=crate::mail::MAX_ATTEMPTS {
            let report = deliver_pending(&store, now).await.unwrap();
            let last = attempt == crate::mail::MAX_ATTEMPTS;
            assert_eq!(
                (report.retried, report.failed),
                (u32::from(!last), u32::from(last))
            );
            let (body, status) = body_and_status(&store, &id).await;
            assert_eq!(status, if last { "failed" } else { "queued" });
            assert_eq!(body.is_empty(), last, "the token stays only while queued");
            now += chrono::Duration::hours(2);
        }
        let listed = store.list_outbox(10).await.unwrap();
        assert_eq!(listed[0].attempts, crate::mail::MAX_ATTEMPTS);
        assert!(listed[0].last_error.is_some());
    }
}

#[cfg(test)]
mod sealed_at_rest {
    use super::*;
    use crate::mail::Security;

    /// Every byte SQLite wrote (database, write-ahead log).
    fn files_hold(dir: &std::path::Path, needle: &str) -> bool {
        std::fs::read_dir(dir).unwrap().any(|entry| {
            let bytes = std::fs::read(entry.unwrap().path()).unwrap_or_default();
            bytes.windows(needle.len()).any(|w| w == needle.as_bytes())
        })
    }

    #[tokio::test]
    async fn the_database_files_hold_no_secret_in_clear() {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::open(dir.path()).await.unwrap();
        let company = store.create_company("Acme").await.unwrap();
        let scoped = store.scoped(super::super::Scope::company(&company.id));
        let settings = |password: Option<&str>| SmtpSettings {
            host: "smtp.acme.test".into(),
            port: 587,
            username: Some("mailer".into()),
            password: password.map(str::to_owned),
            from: "jobs@acme.test".into(),
            security: Security::Starttls,
            ca_certificate: None,
        };
        let password = "smtp-Passw0rd-kept-sealed";
        scoped
            .set_smtp_settings(settings(Some(password)))
            .await
            .unwrap();
        // Saved again without a password: the sealed one is kept.
        scoped.set_smtp_settings(settings(None)).await.unwrap();
        let user = scoped
            .create_user(
                "ada@acme.test",
                "Ada",
                crate::accounts::Role::Recruiter,
                "hash",
            )
            .await
            .unwrap();
        let totp = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP";
        store.set_totp_secret(&user.id, Some(totp)).await.unwrap();
        let link = "https://ats.test/i/tok-0123456789abcdef";
        let mail = scoped
            .queue_mail(
                &company.id,
                None,
                "cand@example.test",
                "Your interview",
                link,
            )
            .await
            .unwrap();

        for secret in [password, totp, "tok-0123456789abcdef"] {
            assert!(!files_hold(dir.path(), secret), "{secret} stored in clear");
        }
        let read = store.smtp_settings_of(&company.id).await.unwrap().unwrap();
        assert_eq!(read.password.as_deref(), Some(password));
        assert_eq!(
            store.totp_secret(&user.id).await.unwrap().as_deref(),
            Some(totp)
        );
        let now = chrono::Utc::now().to_rfc3339_opts(chrono::SecondsFormat::Millis, true);
        let claimed = store.claim_mail(&now, &now, 5).await.unwrap().unwrap();
        assert_eq!((claimed.id, claimed.body_text.as_str()), (mail, link));

        // A secret stored before sealing still reads, and is sealed when
        // the settings are next saved.
        sqlx::query("UPDATE users SET totp_secret = 'PLAINOLDSECRET' WHERE id = ?")
            .bind(&user.id)
            .execute(store.pool())
            .await
            .unwrap();
        assert_eq!(
            store.totp_secret(&user.id).await.unwrap().as_deref(),
            Some("PLAINOLDSECRET")
        );
    }
}
