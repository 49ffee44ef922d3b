//! Tenancy, enforced here rather than in each shell: a [`Store`] opened by
//! a shell sees every row (the terminal and the desktop app are the owner of
//! the installation), while [`Store::scoped`] gives the view of one caller:
//! one company's rows only, and for a hiring manager only the jobs they are
//! assigned to and those jobs' candidates. Every repository method that
//! lists rows appends [`JOB_VISIBLE`] / [`CANDIDATE_VISIBLE`] to its WHERE
//! clause; every method that takes an id asks [`Store::visible_job`] or its
//! siblings first, so a row of another tenant reads as not found.

use super::Store;
use crate::error::StoreError;
use std::sync::Arc;

/// Whose rows a store may read and write.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Scope {
    /// `None`: every company (the installation's owner).
    pub company_id: Option<String>,
    /// A hiring manager's user id: only the jobs assigned to them.
    pub assigned_to: Option<String>,
}

impl Scope {
    pub fn company(company_id: &str) -> Self {
        Self {
            company_id: Some(company_id.to_owned()),
            assigned_to: None,
        }
    }
}

/// Appended to a WHERE clause over `job_descriptions j`; bind with
/// [`bind_scope`] after the query's own parameters.
pub(super) const JOB_VISIBLE: &str = "(? IS NULL OR j.company_id = ?) AND (? IS NULL OR EXISTS \
     (SELECT 1 FROM job_assignments ja WHERE ja.jd_id = j.id AND ja.user_id = ?))";

/// Appended to a WHERE clause over `candidates c`: the company's
/// candidates; for a hiring manager, those who applied to an assigned job.
pub(super) const CANDIDATE_VISIBLE: &str = "(? IS NULL OR c.company_id = ?) AND (? IS NULL OR EXISTS \
     (SELECT 1 FROM applications ap JOIN job_assignments ja ON ja.jd_id = ap.jd_id \
      WHERE ap.candidate_id = c.id AND ja.user_id = ?))";

type SqliteQuery<'q> = sqlx::query::Query<'q, sqlx::Sqlite, sqlx::sqlite::SqliteArguments>;
type SqliteScalar<'q, T> =
    sqlx::query::QueryScalar<'q, sqlx::Sqlite, T, sqlx::sqlite::SqliteArguments>;

/// Bind the four parameters of [`JOB_VISIBLE`] or [`CANDIDATE_VISIBLE`].
pub(super) fn bind_scope<'q>(query: SqliteQuery<'q>, scope: &Scope) -> SqliteQuery<'q> {
    query
        .bind(scope.company_id.clone())
        .bind(scope.company_id.clone())
        .bind(scope.assigned_to.clone())
        .bind(scope.assigned_to.clone())
}

fn bind_scalar<'q, T>(query: SqliteScalar<'q, T>, scope: &Scope) -> SqliteScalar<'q, T> {
    query
        .bind(scope.company_id.clone())
        .bind(scope.company_id.clone())
        .bind(scope.assigned_to.clone())
        .bind(scope.assigned_to.clone())
}

impl Store {
    /// The same store seen by one caller: every read and write below goes
    /// through `scope`.
    pub fn scoped(&self, scope: Scope) -> Self {
        Self {
            scope: Arc::new(scope),
            ..self.clone()
        }
    }

    pub fn scope(&self) -> &Scope {
        &self.scope
    }

    /// The company new rows belong to.
    pub(super) fn owner(&self) -> Option<String> {
        self.scope.company_id.clone()
    }

    /// `NotFound` unless the job exists and is visible in this scope.
    pub async fn visible_job(&self, jd_id: &str) -> Result<(), StoreError> {
        self.exists(
            &format!("SELECT 1 FROM job_descriptions j WHERE j.id = ? AND {JOB_VISIBLE}"),
            jd_id,
            "job",
        )
        .await
    }

    pub async fn visible_candidate(&self, candidate_id: &str) -> Result<(), StoreError> {
        self.exists(
            &format!("SELECT 1 FROM candidates c WHERE c.id = ? AND {CANDIDATE_VISIBLE}"),
            candidate_id,
            "candidate",
        )
        .await
    }

    pub async fn visible_interview(&self, interview_id: &str) -> Result<(), StoreError> {
        self.exists(
            &format!(
                "SELECT 1 FROM interviews i JOIN job_descriptions j ON j.id = i.jd_id \
                 WHERE i.id = ? AND {JOB_VISIBLE}"
            ),
            interview_id,
            "interview",
        )
        .await
    }

    pub async fn visible_scorecard(&self, scorecard_id: &str) -> Result<(), StoreError> {
        self.exists(
            &format!(
                "SELECT 1 FROM scorecards s JOIN interviews i ON i.id = s.interview_id \
                 JOIN job_descriptions j ON j.id = i.jd_id WHERE s.id = ? AND {JOB_VISIBLE}"
            ),
            scorecard_id,
            "scorecard",
        )
        .await
    }

    async fn exists(&self, sql: &str, id: &str, what: &str) -> Result<(), StoreError> {
        if self.scope.company_id.is_none() && self.scope.assigned_to.is_none() {
            return Ok(());
        }
        let found = bind_scalar(
            sqlx::query_scalar::<_, i64>(sqlx::AssertSqlSafe(sql)).bind(id),
            &self.scope,
        )
        .fetch_optional(self.pool())
        .await?;
        match found {
            Some(_) => Ok(()),
            None => Err(StoreError::NotFound(format!("{what} {id}"))),
        }
    }
}
