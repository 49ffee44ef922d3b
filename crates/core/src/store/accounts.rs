//! Companies, users, sessions, job assignments and interview invitations.
//! Passwords and tokens arrive hashed (`crate::accounts`); this file only
//! stores them.

use super::events::insert_event;
use super::{Store, now};
use crate::accounts::{Account, Company, Invitation, Role};
use crate::error::StoreError;
use sqlx::Row;

fn account_of(r: &sqlx::sqlite::SqliteRow) -> Result<Account, StoreError> {
    let role: String = r.get(4);
    Ok(Account {
        id: r.get(0),
        company_id: r.get(1),
        email: r.get(2),
        name: r.get(3),
        role: Role::parse(&role).ok_or_else(|| StoreError::Malformed(format!("role {role}")))?,
        created_at: r.get(5),
    })
}

const ACCOUNT_COLUMNS: &str = "u.id, u.company_id, u.email, u.name, u.role, u.created_at";

fn invitation_of(r: &sqlx::sqlite::SqliteRow) -> Invitation {
    Invitation {
        id: r.get(0),
        interview_id: r.get(1),
        created_at: r.get(2),
        expires_at: r.get(3),
        revoked_at: r.get(4),
    }
}

impl Store {
    /// Whether any account exists (first-run setup is needed when not).
    pub async fn has_accounts(&self) -> Result<bool, StoreError> {
        let n: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM users")
            .fetch_one(self.pool())
            .await?;
        Ok(n > 0)
    }

    /// The first company and its administrator, adopting every row stored
    /// without a company; `None` when an account already exists. One
    /// transaction, so two racing setups cannot both succeed.
    pub async fn set_up_first_company(
        &self,
        company: &str,
        email: &str,
        name: &str,
        password_hash: &str,
    ) -> Result<Option<(Company, Account)>, StoreError> {
        let _writing = self.writer.lock().await;
        let mut tx = self.pool.begin().await?;
        let n: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM users")
            .fetch_one(&mut *tx)
            .await?;
        if n > 0 {
            return Ok(None);
        }
        let ts = now();
        let company = Company {
            id: uuid::Uuid::new_v4().to_string(),
            name: company.to_owned(),
            created_at: ts.clone(),
        };
        sqlx::query("INSERT INTO companies (id, name, created_at) VALUES (?, ?, ?)")
            .bind(&company.id)
            .bind(&company.name)
            .bind(&ts)
            .execute(&mut *tx)
            .await?;
        let account = Account {
            id: uuid::Uuid::new_v4().to_string(),
            company_id: Some(company.id.clone()),
            email: email.to_owned(),
            name: (!name.is_empty()).then(|| name.to_owned()),
            role: Role::CompanyAdmin,
            created_at: ts.clone(),
        };
        insert_user(&mut tx, &account, password_hash).await?;
        for table in ["job_descriptions", "candidates"] {
            sqlx::query(sqlx::AssertSqlSafe(format!(
                "UPDATE {table} SET company_id = ? WHERE company_id IS NULL"
            )))
            .bind(&company.id)
            .execute(&mut *tx)
            .await?;
        }
        sqlx::query("UPDATE resumes SET tenant = ? WHERE tenant = ''")
            .bind(&company.id)
            .execute(&mut *tx)
            .await?;
        insert_event(
            &mut tx,
            "company.created",
            serde_json::json!({ "company_id": company.id, "admin_id": account.id }),
        )
        .await?;
        tx.commit().await?;
        Ok(Some((company, account)))
    }

    /// Another company (a super admin's act; an unscoped handle only).
    pub async fn create_company(&self, name: &str) -> Result<Company, StoreError> {
        if self.owner().is_some() {
            return Err(StoreError::Conflict(
                "a company cannot create companies".into(),
            ));
        }
        let company = Company {
            id: uuid::Uuid::new_v4().to_string(),
            name: name.to_owned(),
            created_at: now(),
        };
        let mut tx = self.pool.begin().await?;
        sqlx::query("INSERT INTO companies (id, name, created_at) VALUES (?, ?, ?)")
            .bind(&company.id)
            .bind(&company.name)
            .bind(&company.created_at)
            .execute(&mut *tx)
            .await?;
        insert_event(
            &mut tx,
            "company.created",
            serde_json::json!({ "company_id": company.id }),
        )
        .await?;
        tx.commit().await?;
        Ok(company)
    }

    /// A user of this scope's company (`Conflict` when the e-mail is taken).
    pub async fn create_user(
        &self,
        email: &str,
        name: &str,
        role: Role,
        password_hash: &str,
    ) -> Result<Account, StoreError> {
        let company_id = self.owner();
        if company_id.is_none() && role != Role::SuperAdmin {
            return Err(StoreError::Conflict(
                "a user other than a super admin belongs to a company".into(),
            ));
        }
        let account = Account {
            id: uuid::Uuid::new_v4().to_string(),
            company_id,
            email: email.to_owned(),
            name: (!name.is_empty()).then(|| name.to_owned()),
            role,
            created_at: now(),
        };
        let mut tx = self.pool.begin().await?;
        insert_user(&mut tx, &account, password_hash).await?;
        tx.commit().await?;
        Ok(account)
    }

    /// The users of this scope's company (every user when unscoped).
    pub async fn list_users(&self) -> Result<Vec<Account>, StoreError> {
        let rows = sqlx::query(sqlx::AssertSqlSafe(format!(
            "SELECT {ACCOUNT_COLUMNS} FROM users u WHERE (? IS NULL OR u.company_id = ?) \
             ORDER BY u.created_at, u.id"
        )))
        .bind(self.owner())
        .bind(self.owner())
        .fetch_all(self.pool())
        .await?;
        rows.iter().map(account_of).collect()
    }

    /// (account, password hash, failures in a row, locked until).
    pub async fn credentials(
        &self,
        email: &str,
    ) -> Result<Option<(Account, Option<String>, i64, Option<String>)>, StoreError> {
        let row = sqlx::query(sqlx::AssertSqlSafe(format!(
            "SELECT {ACCOUNT_COLUMNS}, u.password_hash, u.failed_logins, u.locked_until \
             FROM users u WHERE u.email = ? AND u.disabled_at IS NULL"
        )))
        .bind(email)
        .fetch_optional(self.pool())
        .await?;
        row.map(|r| Ok((account_of(&r)?, r.get(6), r.get(7), r.get(8))))
            .transpose()
    }

    pub async fn record_failed_sign_in(
        &self,
        user_id: &str,
        lock_until: Option<&str>,
    ) -> Result<(), StoreError> {
        sqlx::query(
            "UPDATE users SET failed_logins = CASE WHEN ? IS NULL THEN failed_logins + 1 ELSE 0 END, \
             locked_until = COALESCE(?, locked_until) WHERE id = ?",
        )
        .bind(lock_until)
        .bind(lock_until)
        .bind(user_id)
        .execute(self.pool())
        .await?;
        Ok(())
    }

    /// A session for a correct sign-in (which also clears the failures).
    pub async fn open_session(
        &self,
        user_id: &str,
        token_sha256: &str,
        expires_at: &str,
    ) -> Result<(), StoreError> {
        let mut tx = self.pool.begin().await?;
        sqlx::query("UPDATE users SET failed_logins = 0, locked_until = NULL WHERE id = ?")
            .bind(user_id)
            .execute(&mut *tx)
            .await?;
        sqlx::query(
            "INSERT INTO sessions (token_sha256, user_id, created_at, expires_at) VALUES (?, ?, ?, ?)",
        )
        .bind(token_sha256)
        .bind(user_id)
        .bind(now())
        .bind(expires_at)
        .execute(&mut *tx)
        .await?;
        tx.commit().await?;
        Ok(())
    }

    pub async fn session_account(
        &self,
        token_sha256: &str,
        now: &str,
    ) -> Result<Option<Account>, StoreError> {
        let row = sqlx::query(sqlx::AssertSqlSafe(format!(
            "SELECT {ACCOUNT_COLUMNS} FROM sessions s JOIN users u ON u.id = s.user_id \
             WHERE s.token_sha256 = ? AND s.expires_at > ? AND u.disabled_at IS NULL"
        )))
        .bind(token_sha256)
        .bind(now)
        .fetch_optional(self.pool())
        .await?;
        row.as_ref().map(account_of).transpose()
    }

    pub async fn close_session(&self, token_sha256: &str) -> Result<(), StoreError> {
        sqlx::query("DELETE FROM sessions WHERE token_sha256 = ?")
            .bind(token_sha256)
            .execute(self.pool())
            .await?;
        Ok(())
    }

    /// Store (or clear) a user's authenticator secret (`pending:` first).
    pub async fn set_totp_secret(
        &self,
        user_id: &str,
        secret: Option<&str>,
    ) -> Result<(), StoreError> {
        let place = format!("totp:{user_id}");
        let sealed = secret.map(|s| self.sealer.seal(&place, s)).transpose()?;
        sqlx::query("UPDATE users SET totp_secret = ? WHERE id = ?")
            .bind(sealed)
            .bind(user_id)
            .execute(self.pool())
            .await?;
        Ok(())
    }

    /// A user's authenticator secret, unsealed (`sealed.rs`).
    pub async fn totp_secret(&self, user_id: &str) -> Result<Option<String>, StoreError> {
        let stored =
            sqlx::query_scalar::<_, Option<String>>("SELECT totp_secret FROM users WHERE id = ?")
                .bind(user_id)
                .fetch_optional(self.pool())
                .await?
                .flatten();
        stored
            .map(|s| self.sealer.unseal(&format!("totp:{user_id}"), &s))
            .transpose()
    }

    /// Let a hiring manager of the same company see a job.
    pub async fn assign_job(&self, jd_id: &str, user_id: &str) -> Result<(), StoreError> {
        self.visible_job(jd_id).await?;
        let role: Option<String> = sqlx::query_scalar(
            "SELECT role FROM users WHERE id = ? AND (? IS NULL OR company_id = ?)",
        )
        .bind(user_id)
        .bind(self.owner())
        .bind(self.owner())
        .fetch_optional(self.pool())
        .await?;
        match role.as_deref() {
            Some("hiring_manager") => {}
            Some(_) => {
                return Err(StoreError::Conflict(
                    "only hiring managers are assigned to jobs".into(),
                ));
            }
            None => return Err(StoreError::NotFound(format!("user {user_id}"))),
        }
        sqlx::query(
            "INSERT INTO job_assignments (jd_id, user_id) VALUES (?, ?) ON CONFLICT DO NOTHING",
        )
        .bind(jd_id)
        .bind(user_id)
        .execute(self.pool())
        .await?;
        Ok(())
    }

    pub async fn create_invitation(
        &self,
        interview_id: &str,
        token_sha256: &str,
        created_by: Option<&str>,
        expires_at: &str,
    ) -> Result<Invitation, StoreError> {
        self.visible_interview(interview_id).await?;
        let invitation = Invitation {
            id: uuid::Uuid::new_v4().to_string(),
            interview_id: interview_id.to_owned(),
            created_at: now(),
            expires_at: expires_at.to_owned(),
            revoked_at: None,
        };
        sqlx::query(
            "INSERT INTO interview_invitations (id, interview_id, token_sha256, created_by, \
             created_at, expires_at) VALUES (?, ?, ?, ?, ?, ?)",
        )
        .bind(&invitation.id)
        .bind(interview_id)
        .bind(token_sha256)
        .bind(created_by)
        .bind(&invitation.created_at)
        .bind(expires_at)
        .execute(self.pool())
        .await?;
        Ok(invitation)
    }

    pub async fn list_invitations(
        &self,
        interview_id: &str,
    ) -> Result<Vec<Invitation>, StoreError> {
        self.visible_interview(interview_id).await?;
        let rows = sqlx::query(
            "SELECT id, interview_id, created_at, expires_at, revoked_at FROM interview_invitations \
             WHERE interview_id = ? ORDER BY created_at",
        )
        .bind(interview_id)
        .fetch_all(self.pool())
        .await?;
        Ok(rows.iter().map(invitation_of).collect())
    }

    pub async fn revoke_invitation(&self, invitation_id: &str) -> Result<Invitation, StoreError> {
        let interview_id: String =
            sqlx::query_scalar("SELECT interview_id FROM interview_invitations WHERE id = ?")
                .bind(invitation_id)
                .fetch_optional(self.pool())
                .await?
                .ok_or_else(|| StoreError::NotFound(format!("invitation {invitation_id}")))?;
        self.visible_interview(&interview_id).await?;
        let row = sqlx::query(
            "UPDATE interview_invitations SET revoked_at = COALESCE(revoked_at, ?) WHERE id = ? \
             RETURNING id, interview_id, created_at, expires_at, revoked_at",
        )
        .bind(now())
        .bind(invitation_id)
        .fetch_one(self.pool())
        .await?;
        Ok(invitation_of(&row))
    }

    /// (interview id, its company) for a live invitation's token digest.
    pub async fn live_invitation(
        &self,
        token_sha256: &str,
        now: &str,
    ) -> Result<Option<(String, Option<String>)>, StoreError> {
        let row = sqlx::query(
            "SELECT v.interview_id, j.company_id FROM interview_invitations v \
             JOIN interviews i ON i.id = v.interview_id JOIN job_descriptions j ON j.id = i.jd_id \
             WHERE v.token_sha256 = ? AND v.revoked_at IS NULL AND v.expires_at > ?",
        )
        .bind(token_sha256)
        .bind(now)
        .fetch_optional(self.pool())
        .await?;
        Ok(row.map(|r| (r.get(0), r.get(1))))
    }
}

async fn insert_user(
    tx: &mut sqlx::Transaction<'_, sqlx::Sqlite>,
    account: &Account,
    password_hash: &str,
) -> Result<(), StoreError> {
    let done = sqlx::query(
        "INSERT INTO users (id, company_id, email, name, role, created_at, password_hash) \
         VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (email) DO NOTHING",
    )
    .bind(&account.id)
    .bind(&account.company_id)
    .bind(&account.email)
    .bind(&account.name)
    .bind(account.role.as_str())
    .bind(&account.created_at)
    .bind(password_hash)
    .execute(&mut **tx)
    .await?;
    if done.rows_affected() == 0 {
        return Err(StoreError::Conflict(format!(
            "a user with the e-mail address {} exists",
            account.email
        )));
    }
    Ok(())
}
