//! Storage: one SQLite file (WAL, foreign keys on) plus the original resume
//! files, content-addressed by sha256, under the data directory.
//!
//! Every SQL statement of the product lives in this module, one repository
//! file per aggregate: `candidates.rs` (candidates, resumes, profiles, phrase
//! vectors), `jobs.rs` (postings, rubrics, applications' fits), `applications.rs`
//! (each candidate's stage with a job: the pipeline), `events.rs`
//! (the outbox), `interviews.rs` (plans, the conducted interview's event log), `watched.rs` (files `ats watch` has handled), `llm.rs` (the
//! call log and reply cache), `accounts.rs` (companies, users, sessions,
//! invitations) and `tenancy.rs` (what a scoped handle may see). The rest of the core talks to [`Store`]'s
//! methods only, so a PostgreSQL backend is a second implementation of these
//! methods, not a change to the domain code. SQLite-only statements (the
//! connection pragmas below) are marked as such.

mod accounts;
mod analytics;
mod applications;
mod audit;
mod candidate_search;
mod candidates;
mod commit;
mod corrections;
mod events;
mod fairness;
mod files;
mod interviews;
mod jobs;
mod llm;
mod mail;
mod scoring;
mod sealed;
mod tenancy;
mod watched;

pub use analytics::Analytics;
pub use applications::{APPLICATIONS_PAGE, Application, Pipeline, STATUSES};
pub use candidate_search::SEARCH_WINDOW;
pub use candidates::{CandidateDetail, CandidateSummary, Original, ResumeFile, StoreOutcome};
pub use corrections::{OriginalFile, ParseCorrection, WorkCorrection, apply_correction};
pub use interviews::{InterviewSummary, StepChange};
pub use jobs::JobSummary;
pub use llm::LlmCallRecord;
pub use scoring::{ScoringJob, StoredScorecard};
pub use tenancy::Scope;
pub use watched::WatchedFile;

use crate::error::StoreError;
use crate::interview::protocol::Envelope;
use sqlx::sqlite::{SqliteConnectOptions, SqliteJournalMode, SqlitePoolOptions, SqliteSynchronous};
use sqlx::{Row, SqlitePool};
use std::path::{Path, PathBuf};
use std::str::FromStr;
use std::time::Duration;

static MIGRATOR: sqlx::migrate::Migrator = sqlx::migrate!("../../migrations");

#[derive(Debug, Clone)]
pub struct Store {
    pool: SqlitePool,
    /// The connection for the LLM call log and reply cache.
    log_pool: SqlitePool,
    /// Writers of the hot paths (interview steps, the call log) queue here,
    /// in order, instead of in SQLite's busy handler, which sleeps and
    /// polls (up to 100 ms a try) while another connection writes.
    writer: std::sync::Arc<tokio::sync::Mutex<()>>,
    /// Interview steps, written in groups (`commit.rs`).
    committer: commit::Committer,
    /// Seals the secrets stored in rows (`sealed.rs`).
    sealer: std::sync::Arc<sealed::Sealer>,
    data_dir: PathBuf,
    /// Whose rows this handle sees ([`Store::scoped`]); everything at open.
    scope: std::sync::Arc<Scope>,
}

fn now() -> String {
    chrono::Utc::now().to_rfc3339_opts(chrono::SecondsFormat::Millis, true)
}

impl Store {
    /// Open (creating if needed) the store in `data_dir` and apply migrations.
    pub async fn open(data_dir: &Path) -> Result<Self, StoreError> {
        std::fs::create_dir_all(data_dir)?;
        // SQLite-specific: WAL, synchronous=FULL, foreign keys, busy timeout,
        // memory-mapped reads.
        // FULL syncs the WAL at every commit, so a committed transaction
        // survives a power cut as well as a killed process; NORMAL would
        // survive only the latter. An acknowledged interview answer must be
        // durable, and one fsync per commit is cheap at our write rates
        // (ARCHITECTURE.md, "Durability").
        let options = SqliteConnectOptions::from_str("sqlite:")?
            .filename(data_dir.join("ats.db"))
            .create_if_missing(true)
            .journal_mode(SqliteJournalMode::Wal)
            .synchronous(SqliteSynchronous::Full)
            .foreign_keys(true)
            .busy_timeout(Duration::from_secs(10))
            // Pages read through a shared memory map rather than copied
            // into each connection's cache by a read call (the most of an
            // interview turn's system time with a thousand at once).
            .pragma("mmap_size", "268435456");
        let pool = SqlitePoolOptions::new()
            .max_connections(4)
            .connect_with(options.clone())
            .await?;
        MIGRATOR.run(&pool).await?;
        // SQLite-specific: the LLM call log and reply cache commit with
        // synchronous=NORMAL on their own connection. In WAL mode such a
        // commit survives a killed process (the WAL is in the OS's hands)
        // and skips the fsync, which the next FULL commit makes for it: the
        // log costs an interview turn no disk flush of its own.
        let log_pool = SqlitePoolOptions::new()
            .max_connections(1)
            .connect_with(options.synchronous(SqliteSynchronous::Normal))
            .await?;
        let writer = std::sync::Arc::default();
        let sealer = std::sync::Arc::new(sealed::Sealer::open(data_dir)?);
        Ok(Self {
            sealer,
            committer: commit::Committer::start(pool.clone(), std::sync::Arc::clone(&writer)),
            pool,
            log_pool,
            writer,
            data_dir: data_dir.to_path_buf(),
            scope: std::sync::Arc::default(),
        })
    }

    pub fn data_dir(&self) -> &Path {
        &self.data_dir
    }

    pub fn pool(&self) -> &SqlitePool {
        &self.pool
    }

    /// SQLite-only: copy the write-ahead log into the database file and
    /// truncate it (after bulk writes; a log of many megabytes makes every
    /// later commit's automatic checkpoint copy it again).
    pub async fn checkpoint(&self) -> Result<(), StoreError> {
        let _writing = self.writer.lock().await;
        sqlx::query("PRAGMA wal_checkpoint(TRUNCATE)")
            .execute(&self.pool)
            .await?;
        Ok(())
    }

    /// Write an interview step with the others waiting (one commit); alone
    /// when the committer's runtime has ended.
    async fn commit_step(&self, step: commit::Step) -> Result<Vec<Envelope>, StoreError> {
        let (reply, answer) = tokio::sync::oneshot::channel();
        let step = match self.committer.commit(step).await {
            Ok(done) => return done,
            Err(step) => step,
        };
        let _writing = self.writer.lock().await;
        commit::write_group(&self.pool, vec![(step, reply)]).await;
        answer
            .await
            .unwrap_or_else(|_| Err(StoreError::Malformed("a step was not written".into())))
    }

    pub async fn close(&self) {
        self.log_pool.close().await;
        self.pool.close().await;
    }
}

/// The bounds of the ids that start with `prefix` (a full id or the
/// unique start the CLI prints), for `id >= ? AND id < ?`: a range the
/// primary key answers, where `LIKE 'abc%'` (case-insensitive in SQLite)
/// read the whole table on every lookup of an interview step.
fn id_range(prefix: &str) -> (String, String) {
    let prefix = prefix.trim();
    (prefix.to_owned(), format!("{prefix}\u{10FFFF}"))
}

/// Rows of (id, JSON text) as (id, value).
fn id_and_json<T: serde::de::DeserializeOwned>(
    rows: &[sqlx::sqlite::SqliteRow],
) -> Result<Vec<(String, T)>, StoreError> {
    rows.iter()
        .map(|r| {
            let value = serde_json::from_str(r.get::<&str, _>(1))
                .map_err(|e| StoreError::Malformed(e.to_string()))?;
            Ok((r.get(0), value))
        })
        .collect()
}

/// A value as JSON text for a column.
fn json_text<T: serde::Serialize + ?Sized>(value: &T) -> Result<String, StoreError> {
    serde_json::to_string(value).map_err(|e| StoreError::Malformed(e.to_string()))
}
