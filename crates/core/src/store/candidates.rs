//! Candidates and their resumes (the original file, its text and parse),
//! matching profiles and embedded evidence phrases.

use super::events::insert_event;
use super::tenancy::{CANDIDATE_VISIBLE, bind_scope};
use super::{Store, files, id_and_json, json_text, now};
use crate::error::StoreError;
use crate::ingest::ParsedResume;
use crate::matching::{CandidateProfile, PhraseVectors, ProfileSkill};
use crate::resume::JsonResume;
use serde::Serialize;
use sqlx::Row;

/// An uploaded file as the store keeps it: its name as uploaded, its
/// sha256 (computed by the caller, off the async workers) and its bytes.
#[derive(Debug, Clone)]
pub struct Original {
    pub name: String,
    pub sha256: String,
    pub bytes: Vec<u8>,
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

impl CandidateSummary {
    /// Where a page that ends with this candidate continues.
    pub fn cursor(&self) -> String {
        format!("{}|{}", self.created_at, self.id)
    }
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

impl Store {
    /// The resume with these bytes, if it was imported before.
    pub async fn find_resume_by_sha256(
        &self,
        sha256: &str,
    ) -> Result<Option<(String, String)>, StoreError> {
        let sql = format!(
            "SELECT r.id, r.candidate_id FROM resumes r JOIN candidates c ON c.id = r.candidate_id \
             WHERE r.sha256 = ? AND {CANDIDATE_VISIBLE}"
        );
        let row = bind_scope(
            sqlx::query(sqlx::AssertSqlSafe(sql)).bind(sha256),
            self.scope(),
        )
        .fetch_optional(self.pool())
        .await?;
        Ok(row.map(|r| (r.get(0), r.get(1))))
    }

    /// Store the original file and a new candidate built from its parse,
    /// with its matching profile and the `resume.uploaded` and
    /// `candidate.created` events, in one transaction: a candidate is never
    /// stored without its profile. The same bytes stored twice give
    /// `Duplicate`. The file is written (and fsync'd) on the blocking pool.
    pub async fn store_resume(
        &self,
        original: Original,
        parsed: &ParsedResume,
        profile: &CandidateProfile,
        taxonomy_version: &str,
    ) -> Result<StoreOutcome, StoreError> {
        let Original {
            name: original_name,
            sha256,
            bytes,
        } = original;
        if let Some((resume_id, candidate_id)) = self.find_resume_by_sha256(&sha256).await? {
            return Ok(StoreOutcome::Duplicate {
                candidate_id,
                resume_id,
            });
        }
        let size_bytes = bytes.len() as i64;
        let stored_path = {
            let dir = self.data_dir().to_path_buf();
            let (sha, kind) = (sha256.clone(), parsed.kind);
            tokio::task::spawn_blocking(move || files::store_original(&dir, &sha, kind, &bytes))
                .await
                .map_err(|e| StoreError::Io(std::io::Error::other(e.to_string())))??
        };
        let resume = &parsed.resume;
        let ext = resume.x_ats.clone().unwrap_or_default();
        let parsed_json = json_text(resume)?;
        let candidate_id = uuid::Uuid::new_v4().to_string();
        let resume_id = uuid::Uuid::new_v4().to_string();
        let ts = now();
        let location = resume.basics.location.as_ref().and_then(|l| {
            l.address
                .clone()
                .or_else(|| l.city.clone())
                .or_else(|| l.region.clone())
        });

        let mut tx = self.pool().begin().await?;
        sqlx::query(
            "INSERT INTO candidates (id, name, email, phone, location, total_experience_months, \
             parsed_data, created_at, updated_at, company_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
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
        .bind(self.owner())
        .execute(&mut *tx)
        .await?;
        let inserted = sqlx::query(
            "INSERT INTO resumes (id, candidate_id, sha256, original_name, detected_type, \
             size_bytes, stored_path, extracted_text, parsed_json, parser_version, warnings, \
             field_confidence, created_at, tenant) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) \
             ON CONFLICT (tenant, sha256) DO NOTHING",
        )
        .bind(&resume_id)
        .bind(&candidate_id)
        .bind(&sha256)
        .bind(&original_name)
        .bind(parsed.kind.as_str())
        .bind(size_bytes)
        .bind(&stored_path)
        .bind(&parsed.text)
        .bind(&parsed_json)
        .bind(&ext.parser_version)
        .bind(json_text(&ext.warnings)?)
        .bind(json_text(&ext.confidence)?)
        .bind(&ts)
        .bind(self.owner().unwrap_or_default())
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
        insert_profile(&mut tx, &candidate_id, profile, taxonomy_version).await?;
        super::candidate_search::index(
            &mut tx,
            &candidate_id,
            self.owner().as_deref(),
            resume.basics.name.as_deref().unwrap_or(""),
            &parsed.text,
        )
        .await?;
        insert_event(
            &mut tx,
            "resume.uploaded",
            serde_json::json!({
                "resume_id": resume_id,
                "sha256": sha256,
                "original_name": original_name,
                "detected_type": parsed.kind.as_str(),
                "size_bytes": size_bytes,
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
        let sql = format!(
            "SELECT c.id, c.name, c.email, c.phone, c.total_experience_months, c.created_at \
             FROM candidates c WHERE {CANDIDATE_VISIBLE} ORDER BY c.created_at, c.id"
        );
        let rows = bind_scope(sqlx::query(sqlx::AssertSqlSafe(sql)), self.scope())
            .fetch_all(self.pool())
            .await?;
        Ok(rows.iter().map(summary_of).collect())
    }

    /// A page of candidates, oldest first: at most `limit` after the
    /// cursor `after` (the last row of the previous page, as
    /// [`CandidateSummary::cursor`] gives it).
    pub async fn candidates_page(
        &self,
        limit: u32,
        after: Option<&str>,
    ) -> Result<Vec<CandidateSummary>, StoreError> {
        let (created, id) = match after {
            Some(cursor) => {
                let (created, id) = cursor
                    .split_once('|')
                    .ok_or_else(|| StoreError::NotFound(format!("cursor {cursor}")))?;
                (Some(created.to_owned()), Some(id.to_owned()))
            }
            None => (None, None),
        };
        let sql = format!(
            "SELECT c.id, c.name, c.email, c.phone, c.total_experience_months, c.created_at \
             FROM candidates c WHERE (? IS NULL OR c.created_at > ? OR (c.created_at = ? AND c.id > ?)) \
             AND {CANDIDATE_VISIBLE} ORDER BY c.created_at, c.id LIMIT ?"
        );
        let query = sqlx::query(sqlx::AssertSqlSafe(sql))
            .bind(created.clone())
            .bind(created.clone())
            .bind(created)
            .bind(id);
        let rows = bind_scope(query, self.scope())
            .bind(i64::from(limit))
            .fetch_all(self.pool())
            .await?;
        Ok(rows.iter().map(summary_of).collect())
    }

    /// Benchmarks only: `rows` (name, e-mail, resume text) as candidates
    /// of this scope with their search text, in one transaction, without
    /// files, profiles or events — to time queries over many candidates
    /// without importing them one by one (`ats bench serve`).
    #[doc(hidden)]
    pub async fn seed_candidates_for_bench(
        &self,
        rows: &[(String, String, String)],
    ) -> Result<(), StoreError> {
        let ts = now();
        let mut tx = self.pool.begin().await?;
        for (name, email, text) in rows {
            let id = uuid::Uuid::new_v4().to_string();
            sqlx::query(
                "INSERT INTO candidates (id, name, email, parsed_data, created_at, updated_at, \
                 company_id) VALUES (?, ?, ?, '{}', ?, ?, ?)",
            )
            .bind(&id)
            .bind(name)
            .bind(email)
            .bind(&ts)
            .bind(&ts)
            .bind(self.owner())
            .execute(&mut *tx)
            .await?;
            super::candidate_search::index(&mut tx, &id, self.owner().as_deref(), name, text)
                .await?;
        }
        tx.commit().await?;
        Ok(())
    }

    /// A candidate by full id or by a unique id prefix (as the CLI prints them).
    pub async fn get_candidate(&self, id: &str) -> Result<CandidateDetail, StoreError> {
        let (from, to) = super::id_range(id);
        let sql = format!(
            "SELECT c.id, c.name, c.email, c.phone, c.total_experience_months, c.created_at, \
             c.parsed_data FROM candidates c WHERE c.id >= ? AND c.id < ? AND {CANDIDATE_VISIBLE} LIMIT 2"
        );
        let rows = bind_scope(
            sqlx::query(sqlx::AssertSqlSafe(sql)).bind(from).bind(to),
            self.scope(),
        )
        .fetch_all(self.pool())
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
        .fetch_all(self.pool())
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

    /// Replace a candidate's matching profile.
    pub async fn save_profile(
        &self,
        candidate_id: &str,
        profile: &CandidateProfile,
        taxonomy_version: &str,
    ) -> Result<(), StoreError> {
        let mut tx = self.pool().begin().await?;
        sqlx::query("DELETE FROM candidate_skills WHERE candidate_id = ?")
            .bind(candidate_id)
            .execute(&mut *tx)
            .await?;
        insert_profile(&mut tx, candidate_id, profile, taxonomy_version).await?;
        tx.commit().await?;
        Ok(())
    }

    /// Candidates with no matching profile yet, with their parsed resume and
    /// extracted text (for a backfill).
    pub async fn candidates_without_profile(
        &self,
    ) -> Result<Vec<(String, JsonResume, String)>, StoreError> {
        let sql = format!(
            "SELECT c.id, c.parsed_data, COALESCE(r.extracted_text, '') FROM candidates c \
             LEFT JOIN resumes r ON r.candidate_id = c.id \
             WHERE NOT EXISTS (SELECT 1 FROM candidate_skills s WHERE s.candidate_id = c.id) \
             AND {CANDIDATE_VISIBLE}"
        );
        let rows = bind_scope(sqlx::query(sqlx::AssertSqlSafe(sql)), self.scope())
            .fetch_all(self.pool())
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
    pub async fn profiles(&self) -> Result<Vec<(String, CandidateProfile)>, StoreError> {
        let sql = format!(
            "SELECT c.id, c.total_experience_months FROM candidates c WHERE {CANDIDATE_VISIBLE} \
             ORDER BY c.id"
        );
        let candidates = bind_scope(sqlx::query(sqlx::AssertSqlSafe(sql)), self.scope())
            .fetch_all(self.pool())
            .await?;
        let sql = format!(
            "SELECT s.candidate_id, s.skill, s.years, s.evidence FROM candidate_skills s \
             JOIN candidates c ON c.id = s.candidate_id WHERE {CANDIDATE_VISIBLE} \
             ORDER BY s.candidate_id"
        );
        let skills = bind_scope(sqlx::query(sqlx::AssertSqlSafe(sql)), self.scope())
            .fetch_all(self.pool())
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
        embedded: &[(String, PhraseVectors)],
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
        let sql = format!(
            "SELECT c.id, c.parsed_data FROM candidates c WHERE NOT EXISTS \
             (SELECT 1 FROM candidate_phrases p WHERE p.candidate_id = c.id AND p.model = ?) \
             AND {CANDIDATE_VISIBLE} ORDER BY c.id"
        );
        let rows = bind_scope(
            sqlx::query(sqlx::AssertSqlSafe(sql)).bind(model),
            self.scope(),
        )
        .fetch_all(self.pool())
        .await?;
        id_and_json(&rows)
    }

    /// One page of the visible candidates' phrases embedded with `model`,
    /// in id order after `after` (keyset): what a search by meaning scans.
    pub async fn phrases_page(
        &self,
        model: &str,
        after: &str,
        limit: u32,
    ) -> Result<Vec<(CandidateSummary, PhraseVectors)>, StoreError> {
        let sql = format!(
            "SELECT c.id, c.name, c.email, c.phone, c.total_experience_months, c.created_at, \
             p.dim, p.phrases, p.vectors FROM candidate_phrases p \
             JOIN candidates c ON c.id = p.candidate_id \
             WHERE p.model = ? AND c.id > ? AND {CANDIDATE_VISIBLE} ORDER BY c.id LIMIT ?"
        );
        let query = sqlx::query(sqlx::AssertSqlSafe(sql))
            .bind(model)
            .bind(after);
        let rows = bind_scope(query, self.scope())
            .bind(i64::from(limit))
            .fetch_all(self.pool())
            .await?;
        Ok(rows
            .iter()
            .filter_map(|r| {
                let dim = usize::try_from(r.get::<i64, _>(6)).ok()?;
                let phrases: Vec<String> = serde_json::from_str(r.get::<&str, _>(7)).ok()?;
                let vectors = PhraseVectors::from_blob(phrases, dim, r.get::<&[u8], _>(8))?;
                Some((summary_of(r), vectors))
            })
            .collect())
    }

    /// Attach the phrases embedded with `model` to loaded profiles (sorted
    /// by candidate id, as [`Self::profiles`] returns them).
    pub async fn attach_phrases(
        &self,
        model: &str,
        profiles: &mut [(String, CandidateProfile)],
    ) -> Result<(), StoreError> {
        let rows = sqlx::query(
            "SELECT candidate_id, dim, phrases, vectors FROM candidate_phrases \
             WHERE model = ? ORDER BY candidate_id",
        )
        .bind(model)
        .fetch_all(self.pool())
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
                    PhraseVectors::from_blob(phrases, dim, r.get::<&[u8], _>(3));
            }
        }
        Ok(())
    }
}

pub(super) fn summary_of(r: &sqlx::sqlite::SqliteRow) -> CandidateSummary {
    CandidateSummary {
        id: r.get(0),
        name: r.get(1),
        email: r.get(2),
        phone: r.get(3),
        total_experience_months: r.get(4),
        created_at: r.get(5),
    }
}

async fn insert_profile(
    tx: &mut sqlx::Transaction<'_, sqlx::Sqlite>,
    candidate_id: &str,
    profile: &CandidateProfile,
    taxonomy_version: &str,
) -> Result<(), StoreError> {
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
        .execute(&mut **tx)
        .await?;
    }
    Ok(())
}
