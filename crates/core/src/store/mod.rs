//! Storage: one SQLite file (WAL, foreign keys on) plus the original resume
//! files, content-addressed by sha256, under the data directory.
//!
//! Every SQL statement of the product lives in this module. The rest of the
//! core talks to [`Store`]'s methods only, so a PostgreSQL backend is a second
//! implementation of these methods, not a change to the domain code.

mod files;
mod llm;
pub use llm::LlmCallRecord;

use crate::error::StoreError;
use crate::ingest::ParsedResume;
use crate::resume::JsonResume;
use serde::Serialize;
use sqlx::sqlite::{SqliteConnectOptions, SqliteJournalMode, SqlitePoolOptions, SqliteSynchronous};
use sqlx::{Row, SqlitePool};
use std::path::{Path, PathBuf};
use std::str::FromStr;
use std::time::Duration;

pub use files::sha256_hex;

static MIGRATOR: sqlx::migrate::Migrator = sqlx::migrate!("../../migrations");

/// Where the product keeps its data unless told otherwise: `ATS_DATA_DIR`,
/// else the platform data directory (`~/.local/share/ats` on Linux).
/// Where bundled models live: `ATS_MODELS_DIR`, else `models/` beside the
/// working directory, else the data directory's `models/`.
pub fn models_dir() -> PathBuf {
    std::env::var_os("ATS_MODELS_DIR")
        .map(PathBuf::from)
        .or_else(|| {
            let here = PathBuf::from("models");
            here.is_dir().then_some(here)
        })
        .unwrap_or_else(|| default_data_dir().join("models"))
}

pub fn default_data_dir() -> PathBuf {
    if let Some(dir) = std::env::var_os("ATS_DATA_DIR") {
        return PathBuf::from(dir);
    }
    directories::ProjectDirs::from("", "", "ats")
        .map(|d| d.data_dir().to_path_buf())
        .unwrap_or_else(|| PathBuf::from(".ats"))
}

#[derive(Debug, Clone)]
pub struct Store {
    pool: SqlitePool,
    data_dir: PathBuf,
}

/// The result of storing one parsed resume.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "status", rename_all = "snake_case")]
pub enum StoreOutcome {
    Imported {
        candidate_id: String,
        resume_id: String,
    },
    /// The same bytes were imported before: nothing new was written.
    Duplicate {
        candidate_id: String,
        resume_id: String,
    },
}

#[derive(Debug, Clone, Serialize)]
pub struct CandidateSummary {
    pub id: String,
    pub name: Option<String>,
    pub email: Option<String>,
    pub phone: Option<String>,
    pub total_experience_months: Option<i64>,
    pub created_at: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct CandidateDetail {
    #[serde(flatten)]
    pub summary: CandidateSummary,
    pub resume: JsonResume,
    pub files: Vec<ResumeFile>,
}

#[derive(Debug, Clone, Serialize)]
pub struct ResumeFile {
    pub id: String,
    pub sha256: String,
    pub original_name: String,
    pub detected_type: String,
    pub size_bytes: i64,
    pub stored_path: String,
    pub parser_version: String,
    pub created_at: String,
}

/// A file `ats watch` has already handled.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WatchedFile {
    pub size_bytes: i64,
    pub modified_ns: i64,
}

fn now() -> String {
    chrono::Utc::now().to_rfc3339_opts(chrono::SecondsFormat::Millis, true)
}

impl Store {
    /// Open (creating if needed) the store in `data_dir` and apply migrations.
    pub async fn open(data_dir: &Path) -> Result<Self, StoreError> {
        std::fs::create_dir_all(data_dir)?;
        let options = SqliteConnectOptions::from_str("sqlite:")?
            .filename(data_dir.join("ats.db"))
            .create_if_missing(true)
            .journal_mode(SqliteJournalMode::Wal)
            .synchronous(SqliteSynchronous::Normal)
            .foreign_keys(true)
            .busy_timeout(Duration::from_secs(10));
        let pool = SqlitePoolOptions::new()
            .max_connections(4)
            .connect_with(options)
            .await?;
        MIGRATOR.run(&pool).await?;
        Ok(Self {
            pool,
            data_dir: data_dir.to_path_buf(),
        })
    }

    pub fn data_dir(&self) -> &Path {
        &self.data_dir
    }

    pub fn pool(&self) -> &SqlitePool {
        &self.pool
    }

    pub async fn close(&self) {
        self.pool.close().await;
    }

    /// The resume with these bytes, if it was imported before.
    pub async fn find_resume_by_sha256(
        &self,
        sha256: &str,
    ) -> Result<Option<(String, String)>, StoreError> {
        let row = sqlx::query("SELECT id, candidate_id FROM resumes WHERE sha256 = ?")
            .bind(sha256)
            .fetch_optional(&self.pool)
            .await?;
        Ok(row.map(|r| (r.get(0), r.get(1))))
    }

    /// Store the original file and a new candidate built from its parse, with
    /// the `resume.uploaded` and `candidate.created` events, in one
    /// transaction. The same bytes stored twice give `Duplicate`.
    pub async fn store_resume(
        &self,
        original_name: &str,
        bytes: &[u8],
        parsed: &ParsedResume,
    ) -> Result<StoreOutcome, StoreError> {
        let sha256 = sha256_hex(bytes);
        if let Some((resume_id, candidate_id)) = self.find_resume_by_sha256(&sha256).await? {
            return Ok(StoreOutcome::Duplicate {
                candidate_id,
                resume_id,
            });
        }
        let stored_path = files::store_original(&self.data_dir, &sha256, parsed.kind, bytes)?;
        let resume = &parsed.resume;
        let ext = resume.x_ats.clone().unwrap_or_default();
        let parsed_json =
            serde_json::to_string(resume).map_err(|e| StoreError::Malformed(e.to_string()))?;
        let candidate_id = uuid::Uuid::new_v4().to_string();
        let resume_id = uuid::Uuid::new_v4().to_string();
        let ts = now();
        let location = resume.basics.location.as_ref().and_then(|l| {
            l.address
                .clone()
                .or_else(|| l.city.clone())
                .or_else(|| l.region.clone())
        });

        let mut tx = self.pool.begin().await?;
        sqlx::query(
            "INSERT INTO candidates (id, name, email, phone, location, total_experience_months, \
             parsed_data, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
        )
        .bind(&candidate_id)
        .bind(&resume.basics.name)
        .bind(&resume.basics.email)
        .bind(&resume.basics.phone)
        .bind(&location)
        .bind(ext.total_experience_months.map(i64::from))
        .bind(&parsed_json)
        .bind(&ts)
        .bind(&ts)
        .execute(&mut *tx)
        .await?;
        let inserted = sqlx::query(
            "INSERT INTO resumes (id, candidate_id, sha256, original_name, detected_type, \
             size_bytes, stored_path, extracted_text, parsed_json, parser_version, warnings, \
             field_confidence, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) \
             ON CONFLICT (sha256) DO NOTHING",
        )
        .bind(&resume_id)
        .bind(&candidate_id)
        .bind(&sha256)
        .bind(original_name)
        .bind(parsed.kind.as_str())
        .bind(bytes.len() as i64)
        .bind(&stored_path)
        .bind(&parsed.text)
        .bind(&parsed_json)
        .bind(&ext.parser_version)
        .bind(serde_json::to_string(&ext.warnings).unwrap_or_else(|_| "[]".into()))
        .bind(serde_json::to_string(&ext.confidence).unwrap_or_else(|_| "{}".into()))
        .bind(&ts)
        .execute(&mut *tx)
        .await?;
        if inserted.rows_affected() == 0 {
            // Another import of the same bytes won the race.
            tx.rollback().await?;
            let (resume_id, candidate_id) = self
                .find_resume_by_sha256(&sha256)
                .await?
                .ok_or_else(|| StoreError::NotFound(format!("resume {sha256}")))?;
            return Ok(StoreOutcome::Duplicate {
                candidate_id,
                resume_id,
            });
        }
        insert_event(
            &mut tx,
            "resume.uploaded",
            serde_json::json!({
                "resume_id": resume_id,
                "sha256": sha256,
                "original_name": original_name,
                "detected_type": parsed.kind.as_str(),
                "size_bytes": bytes.len(),
            }),
        )
        .await?;
        insert_event(
            &mut tx,
            "candidate.created",
            serde_json::json!({ "candidate_id": candidate_id, "resume_id": resume_id }),
        )
        .await?;
        tx.commit().await?;
        Ok(StoreOutcome::Imported {
            candidate_id,
            resume_id,
        })
    }

    pub async fn list_candidates(&self) -> Result<Vec<CandidateSummary>, StoreError> {
        let rows = sqlx::query(
            "SELECT id, name, email, phone, total_experience_months, created_at \
             FROM candidates ORDER BY created_at, id",
        )
        .fetch_all(&self.pool)
        .await?;
        Ok(rows.iter().map(summary_of).collect())
    }

    /// A candidate by full id or by a unique id prefix (as the CLI prints them).
    pub async fn get_candidate(&self, id: &str) -> Result<CandidateDetail, StoreError> {
        let pattern = format!("{}%", id.replace(['%', '_'], ""));
        let rows = sqlx::query(
            "SELECT id, name, email, phone, total_experience_months, created_at, parsed_data \
             FROM candidates WHERE id LIKE ? LIMIT 2",
        )
        .bind(&pattern)
        .fetch_all(&self.pool)
        .await?;
        let row = match rows.as_slice() {
            [row] => row,
            [] => return Err(StoreError::NotFound(format!("candidate {id}"))),
            _ => return Err(StoreError::NotFound(format!("a unique candidate for {id}"))),
        };
        let summary = summary_of(row);
        let resume: JsonResume = serde_json::from_str(row.get::<&str, _>(6))
            .map_err(|e| StoreError::Malformed(e.to_string()))?;
        let files = sqlx::query(
            "SELECT id, sha256, original_name, detected_type, size_bytes, stored_path, \
             parser_version, created_at FROM resumes WHERE candidate_id = ? ORDER BY created_at",
        )
        .bind(&summary.id)
        .fetch_all(&self.pool)
        .await?
        .iter()
        .map(|r| ResumeFile {
            id: r.get(0),
            sha256: r.get(1),
            original_name: r.get(2),
            detected_type: r.get(3),
            size_bytes: r.get(4),
            stored_path: r.get(5),
            parser_version: r.get(6),
            created_at: r.get(7),
        })
        .collect();
        Ok(CandidateDetail {
            summary,
            resume,
            files,
        })
    }

    /// Events of one type, oldest first, as `(event_id, data)`.
    pub async fn events_of_type(
        &self,
        event_type: &str,
    ) -> Result<Vec<(String, serde_json::Value)>, StoreError> {
        let rows = sqlx::query(
            "SELECT event_id, data FROM events WHERE event_type = ? ORDER BY timestamp, rowid",
        )
        .bind(event_type)
        .fetch_all(&self.pool)
        .await?;
        id_and_json(&rows)
    }

    /// Store a job posting with its analysed requirements; returns its id.
    pub async fn add_job(
        &self,
        title: &str,
        description: &str,
        structured: &serde_json::Value,
    ) -> Result<String, StoreError> {
        let id = uuid::Uuid::new_v4().to_string();
        let mut tx = self.pool.begin().await?;
        sqlx::query(
            "INSERT INTO job_descriptions (id, title, description, structured_data, created_at) \
             VALUES (?, ?, ?, ?, ?)",
        )
        .bind(&id)
        .bind(title)
        .bind(description)
        .bind(structured.to_string())
        .bind(now())
        .execute(&mut *tx)
        .await?;
        insert_event(
            &mut tx,
            "job.created",
            serde_json::json!({ "jd_id": id, "title": title }),
        )
        .await?;
        tx.commit().await?;
        Ok(id)
    }

    /// Replace a candidate's matching profile.
    pub async fn save_profile(
        &self,
        candidate_id: &str,
        profile: &crate::matching::CandidateProfile,
        taxonomy_version: &str,
    ) -> Result<(), StoreError> {
        let mut tx = self.pool.begin().await?;
        sqlx::query("DELETE FROM candidate_skills WHERE candidate_id = ?")
            .bind(candidate_id)
            .execute(&mut *tx)
            .await?;
        for s in &profile.skills {
            sqlx::query(
                "INSERT INTO candidate_skills (candidate_id, skill, years, evidence, taxonomy_version) \
                 VALUES (?, ?, ?, ?, ?)",
            )
            .bind(candidate_id)
            .bind(&s.skill)
            .bind(s.years.map(f64::from))
            .bind(&s.evidence)
            .bind(taxonomy_version)
            .execute(&mut *tx)
            .await?;
        }
        tx.commit().await?;
        Ok(())
    }

    /// Candidates with no matching profile yet, with their parsed resume and
    /// extracted text (for a backfill).
    pub async fn candidates_without_profile(
        &self,
    ) -> Result<Vec<(String, JsonResume, String)>, StoreError> {
        let rows = sqlx::query(
            "SELECT c.id, c.parsed_data, COALESCE(r.extracted_text, '') FROM candidates c \
             LEFT JOIN resumes r ON r.candidate_id = c.id \
             WHERE NOT EXISTS (SELECT 1 FROM candidate_skills s WHERE s.candidate_id = c.id)",
        )
        .fetch_all(&self.pool)
        .await?;
        rows.iter()
            .map(|r| {
                let resume = serde_json::from_str(r.get::<&str, _>(1))
                    .map_err(|e| StoreError::Malformed(e.to_string()))?;
                Ok((r.get(0), resume, r.get(2)))
            })
            .collect()
    }

    /// Every candidate's matching profile, in one pass.
    pub async fn profiles(
        &self,
    ) -> Result<Vec<(String, crate::matching::CandidateProfile)>, StoreError> {
        use crate::matching::{CandidateProfile, ProfileSkill};
        let candidates =
            sqlx::query("SELECT id, total_experience_months FROM candidates ORDER BY id")
                .fetch_all(&self.pool)
                .await?;
        let skills = sqlx::query(
            "SELECT candidate_id, skill, years, evidence FROM candidate_skills ORDER BY candidate_id",
        )
        .fetch_all(&self.pool)
        .await?;
        let mut out: Vec<(String, CandidateProfile)> = candidates
            .iter()
            .map(|r| {
                let months: Option<i64> = r.get(1);
                (
                    r.get(0),
                    CandidateProfile {
                        skills: Vec::new(),
                        experience_months: months.and_then(|m| u32::try_from(m).ok()),
                        phrases: None,
                    },
                )
            })
            .collect();
        // Both lists are sorted by candidate id: merge them.
        let mut i = 0;
        for r in &skills {
            let id: &str = r.get(0);
            while i < out.len() && out[i].0.as_str() < id {
                i += 1;
            }
            if i < out.len() && out[i].0 == id {
                let years: Option<f64> = r.get(2);
                out[i].1.skills.push(ProfileSkill {
                    skill: r.get(1),
                    years: years.map(|y| y as f32),
                    evidence: r.get(3),
                });
            }
        }
        Ok(out)
    }

    /// Store candidates' embedded evidence phrases for one model, in one
    /// transaction.
    pub async fn save_phrases(
        &self,
        model: &str,
        embedded: &[(String, crate::matching::PhraseVectors)],
    ) -> Result<(), StoreError> {
        let mut tx = self.pool.begin().await?;
        for (candidate_id, phrases) in embedded {
            sqlx::query(
                "INSERT INTO candidate_phrases (candidate_id, model, dim, phrases, vectors) \
                 VALUES (?, ?, ?, ?, ?) ON CONFLICT(candidate_id) DO UPDATE SET \
                 model = excluded.model, dim = excluded.dim, phrases = excluded.phrases, \
                 vectors = excluded.vectors",
            )
            .bind(candidate_id)
            .bind(model)
            .bind(i64::try_from(phrases.dim).unwrap_or(0))
            .bind(
                serde_json::to_string(&phrases.phrases)
                    .map_err(|e| StoreError::Malformed(e.to_string()))?,
            )
            .bind(phrases.to_blob())
            .execute(&mut *tx)
            .await?;
        }
        tx.commit().await?;
        Ok(())
    }

    /// Candidates whose phrases are not yet embedded with `model`, with
    /// their parsed resume.
    pub async fn candidates_without_phrases(
        &self,
        model: &str,
    ) -> Result<Vec<(String, JsonResume)>, StoreError> {
        let rows = sqlx::query(
            "SELECT c.id, c.parsed_data FROM candidates c WHERE NOT EXISTS \
             (SELECT 1 FROM candidate_phrases p WHERE p.candidate_id = c.id AND p.model = ?) ORDER BY c.id",
        )
        .bind(model)
        .fetch_all(&self.pool)
        .await?;
        id_and_json(&rows)
    }

    /// Attach the phrases embedded with `model` to loaded profiles (sorted
    /// by candidate id, as [`Self::profiles`] returns them).
    pub async fn attach_phrases(
        &self,
        model: &str,
        profiles: &mut [(String, crate::matching::CandidateProfile)],
    ) -> Result<(), StoreError> {
        let rows = sqlx::query(
            "SELECT candidate_id, dim, phrases, vectors FROM candidate_phrases \
             WHERE model = ? ORDER BY candidate_id",
        )
        .bind(model)
        .fetch_all(&self.pool)
        .await?;
        let mut i = 0;
        for r in &rows {
            let id: &str = r.get(0);
            while i < profiles.len() && profiles[i].0.as_str() < id {
                i += 1;
            }
            if i < profiles.len() && profiles[i].0 == id {
                let phrases: Vec<String> = serde_json::from_str(r.get::<&str, _>(2))
                    .map_err(|e| StoreError::Malformed(e.to_string()))?;
                let dim = usize::try_from(r.get::<i64, _>(1)).unwrap_or(0);
                profiles[i].1.phrases =
                    crate::matching::PhraseVectors::from_blob(phrases, dim, r.get::<&[u8], _>(3));
            }
        }
        Ok(())
    }

    /// A stored job by id or unique id prefix, or the most recently added
    /// job when `id` is `None`: (id, title, analysis).
    pub async fn get_job(
        &self,
        id: Option<&str>,
    ) -> Result<(String, String, crate::jobs::JobAnalysis), StoreError> {
        let rows = match id {
            Some(id) => sqlx::query(
                "SELECT id, title, structured_data FROM job_descriptions WHERE id LIKE ? LIMIT 2",
            )
            .bind(format!("{}%", id.replace(['%', '_'], "")))
            .fetch_all(&self.pool)
            .await?,
            None => {
                sqlx::query(
                    "SELECT id, title, structured_data FROM job_descriptions \
                     ORDER BY created_at DESC, rowid DESC LIMIT 1",
                )
                .fetch_all(&self.pool)
                .await?
            }
        };
        let [row] = rows.as_slice() else {
            return Err(StoreError::NotFound(match id {
                Some(id) => format!("a unique job for {id}"),
                None => "a job (add one with `ats job add FILE`)".into(),
            }));
        };
        let analysis = serde_json::from_str(row.get::<&str, _>(2))
            .map_err(|e| StoreError::Malformed(e.to_string()))?;
        Ok((row.get(0), row.get(1), analysis))
    }

    /// Record each candidate's fit to a job on their application (created
    /// if needed), in one transaction.
    pub async fn save_fits(
        &self,
        jd_id: &str,
        fits: &[(String, crate::matching::Fit)],
    ) -> Result<(), StoreError> {
        let mut tx = self.pool.begin().await?;
        let ts = now();
        for (candidate_id, fit) in fits {
            sqlx::query(
                "INSERT INTO applications (id, candidate_id, jd_id, status, created_at, fit_score, fit_explanation) \
                 VALUES (?, ?, ?, 'applied', ?, ?, ?) ON CONFLICT (candidate_id, jd_id) DO UPDATE SET \
                 fit_score = excluded.fit_score, fit_explanation = excluded.fit_explanation",
            )
            .bind(uuid::Uuid::new_v4().to_string())
            .bind(candidate_id)
            .bind(jd_id)
            .bind(&ts)
            .bind(f64::from(fit.score))
            .bind(serde_json::to_string(fit).map_err(|e| StoreError::Malformed(e.to_string()))?)
            .execute(&mut *tx)
            .await?;
        }
        tx.commit().await?;
        Ok(())
    }

    /// Store a rubric as the job's next version; returns (rubric id, version).
    pub async fn save_rubric(
        &self,
        jd_id: &str,
        rubric: &crate::rubric::Rubric,
    ) -> Result<(String, i64), StoreError> {
        let mut tx = self.pool.begin().await?;
        let version: i64 =
            sqlx::query_scalar("SELECT COALESCE(MAX(version), 0) + 1 FROM rubrics WHERE jd_id = ?")
                .bind(jd_id)
                .fetch_one(&mut *tx)
                .await?;
        let id = uuid::Uuid::new_v4().to_string();
        sqlx::query(
            "INSERT INTO rubrics (id, jd_id, version, dimensions, created_at) VALUES (?, ?, ?, ?, ?)",
        )
        .bind(&id)
        .bind(jd_id)
        .bind(version)
        .bind(serde_json::to_string(rubric).map_err(|e| StoreError::Malformed(e.to_string()))?)
        .bind(now())
        .execute(&mut *tx)
        .await?;
        insert_event(
            &mut tx,
            "rubric.versioned",
            serde_json::json!({ "jd_id": jd_id, "rubric_id": id, "version": version }),
        )
        .await?;
        tx.commit().await?;
        Ok((id, version))
    }

    /// The newest rubric of a job: (rubric id, version, rubric).
    pub async fn latest_rubric(
        &self,
        jd_id: &str,
    ) -> Result<(String, i64, crate::rubric::Rubric), StoreError> {
        let row = sqlx::query(
            "SELECT id, version, dimensions FROM rubrics WHERE jd_id = ? ORDER BY version DESC LIMIT 1",
        )
        .bind(jd_id)
        .fetch_optional(&self.pool)
        .await?
        .ok_or_else(|| StoreError::NotFound(format!("a rubric for job {jd_id}")))?;
        let rubric = serde_json::from_str(row.get::<&str, _>(2))
            .map_err(|e| StoreError::Malformed(e.to_string()))?;
        Ok((row.get(0), row.get(1), rubric))
    }

    pub async fn watched_file(&self, path: &str) -> Result<Option<WatchedFile>, StoreError> {
        let row = sqlx::query("SELECT size_bytes, modified_ns FROM watched_files WHERE path = ?")
            .bind(path)
            .fetch_optional(&self.pool)
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
        .execute(&self.pool)
        .await?;
        Ok(())
    }
}

fn summary_of(r: &sqlx::sqlite::SqliteRow) -> CandidateSummary {
    CandidateSummary {
        id: r.get(0),
        name: r.get(1),
        email: r.get(2),
        phone: r.get(3),
        total_experience_months: r.get(4),
        created_at: r.get(5),
    }
}

async fn insert_event(
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
