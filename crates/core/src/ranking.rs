//! Ranking a job's candidates: the whole pipeline in one call, for every
//! shell (the CLI, the server, the app).
//!
//! 1. Candidates imported before profiles existed get one (each on its own:
//!    a candidate whose text meets a bug is skipped and reported, the rest
//!    are ranked).
//! 2. Evidence phrases of candidates not yet embedded with the current
//!    sentence model are embedded once and stored; the job's requirement
//!    phrases are embedded. Without an installed model this step is left
//!    out and said so: taxonomy skills and years still rank.
//! 3. Every profile is scored and sorted, and the fits are stored on the
//!    candidates' applications.
//!
//! Profiling, model loading, embedding and scoring run on the blocking pool.

use crate::error::{InternalError, StoreError};
use crate::jobs::JobAnalysis;
use crate::matching::{CandidateProfile, Fit, RequirementVectors};
use crate::skills::{SkillMatcher, Taxonomy, document_text};
use crate::store::Store;
use crate::task;
use serde::Serialize;

#[derive(Debug, Clone)]
pub struct RankOptions {
    /// What "present" means when totalling experience for back-filled
    /// profiles.
    pub reference_date: chrono::NaiveDate,
    /// Compare requirement phrases by meaning (needs the sentence model).
    pub semantic: bool,
    /// The sentence model's directory (`None`: `embed::default_model_dir`).
    pub model_dir: Option<std::path::PathBuf>,
}

/// A ranked job: every scorable candidate, best first.
#[derive(Debug, Clone, Serialize)]
pub struct Ranking {
    pub job_id: String,
    pub title: String,
    pub candidates: Vec<RankedCandidate>,
    /// Candidates left out, with why.
    pub skipped: Vec<SkippedCandidate>,
    /// Why requirement phrases were not compared by meaning, when they
    /// were not.
    pub semantic_note: Option<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct RankedCandidate {
    pub candidate_id: String,
    /// Shown to the recruiter; never an input of the score.
    pub name: Option<String>,
    pub fit: Fit,
}

#[derive(Debug, Clone, Serialize)]
pub struct SkippedCandidate {
    pub candidate_id: String,
    pub code: String,
    pub message: String,
}

/// Where a ranking is, for progress bars.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RankProgress {
    /// Back-filling profiles: `done` of `total`.
    Profiling { done: usize, total: usize },
    /// Embedding resume phrases: `done` of `total` unique phrases.
    Embedding { done: usize, total: usize },
}

#[derive(Debug, thiserror::Error)]
pub enum RankError {
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error(transparent)]
    Internal(#[from] InternalError),
    #[cfg(feature = "embed")]
    #[error(transparent)]
    Embed(#[from] crate::embed::EmbedError),
}

impl RankError {
    pub fn code(&self) -> &'static str {
        match self {
            Self::Store(e) => e.code(),
            Self::Internal(e) => e.code(),
            #[cfg(feature = "embed")]
            Self::Embed(e) => e.code(),
        }
    }
}

#[cfg(feature = "embed")]
impl From<crate::search::SearchError> for RankError {
    fn from(e: crate::search::SearchError) -> Self {
        use crate::search::SearchError;
        match e {
            SearchError::Store(e) => Self::Store(e),
            SearchError::Embed(e) => Self::Embed(e),
            SearchError::Internal(e) => Self::Internal(e),
        }
    }
}

/// Rank every stored candidate against a stored job (by id or unique id
/// prefix; `None` is the job added last) and store the fits.
pub async fn rank_job(
    store: &Store,
    job_id: Option<&str>,
    options: &RankOptions,
    progress: impl Fn(RankProgress) + Send + Sync + 'static,
) -> Result<Ranking, RankError> {
    let progress = std::sync::Arc::new(progress);
    let (jd_id, title, job) = store.get_job(job_id).await?;
    let skipped = backfill_profiles(store, options.reference_date, progress.clone()).await?;
    let mut profiles = store.profiles().await?;
    profiles.retain(|(id, _)| !skipped.iter().any(|s| &s.candidate_id == id));
    let (vectors, semantic_note) = if options.semantic {
        semantic_inputs(store, &job, &mut profiles, options, progress).await?
    } else {
        (RequirementVectors::default(), None)
    };
    let ranked = {
        let job = job.clone();
        task::blocking("scoring candidates", move || {
            crate::matching::rank(&job, &vectors, &profiles)
        })
        .await?
    };
    store.save_fits(&jd_id, &ranked).await?;
    let names: std::collections::HashMap<String, Option<String>> = store
        .list_candidates()
        .await?
        .into_iter()
        .map(|c| (c.id, c.name))
        .collect();
    let candidates = ranked
        .into_iter()
        .map(|(candidate_id, fit)| RankedCandidate {
            name: names.get(&candidate_id).cloned().flatten(),
            candidate_id,
            fit,
        })
        .collect();
    Ok(Ranking {
        job_id: jd_id,
        title,
        candidates,
        skipped,
        semantic_note,
    })
}

/// Profiles for candidates that have none; a candidate whose profiling
/// panics is skipped (and logged), never the whole ranking.
async fn backfill_profiles(
    store: &Store,
    reference: chrono::NaiveDate,
    progress: std::sync::Arc<impl Fn(RankProgress) + Send + Sync + 'static>,
) -> Result<Vec<SkippedCandidate>, RankError> {
    let missing = store.candidates_without_profile().await?;
    if missing.is_empty() {
        return Ok(Vec::new());
    }
    let total = missing.len();
    let built = task::blocking("building matching profiles", move || {
        missing
            .into_iter()
            .enumerate()
            .map(|(i, (id, resume, text))| {
                let profile = task::guarded("building a matching profile", || {
                    crate::matching::profile_of(
                        &resume,
                        &document_text(&text, &resume),
                        SkillMatcher::builtin(),
                        reference,
                    )
                });
                progress(RankProgress::Profiling { done: i + 1, total });
                (id, profile)
            })
            .collect::<Vec<_>>()
    })
    .await?;
    let version = &Taxonomy::builtin().version;
    let mut skipped = Vec::new();
    for (id, profile) in built {
        match profile {
            Ok(p) => store.save_profile(&id, &p, version).await?,
            Err(e) => skipped.push(SkippedCandidate {
                candidate_id: id,
                code: e.code().to_owned(),
                message: e.to_string(),
            }),
        }
    }
    Ok(skipped)
}

/// Embed what ranking compares by meaning (new candidates' phrases, the
/// job's requirement phrases) and attach the stored phrases to `profiles`.
#[cfg(feature = "embed")]
async fn semantic_inputs(
    store: &Store,
    job: &JobAnalysis,
    profiles: &mut [(String, CandidateProfile)],
    options: &RankOptions,
    progress: std::sync::Arc<impl Fn(RankProgress) + Send + Sync + 'static>,
) -> Result<(RequirementVectors, Option<String>), RankError> {
    use crate::embed::{SentenceEncoder, default_model_dir};
    let dir = options.model_dir.clone().unwrap_or_else(default_model_dir);
    let encoder = match task::blocking("loading the sentence model", move || {
        SentenceEncoder::shared(&dir)
    })
    .await?
    {
        Ok(e) => e,
        Err(e) => {
            return Ok((
                RequirementVectors::default(),
                Some(format!(
                    "{e}; requirement phrases are not scored, taxonomy skills and years are"
                )),
            ));
        }
    };
    let (model, vectors) = prepare(store, encoder, job, move |done, total| {
        progress(RankProgress::Embedding { done, total });
    })
    .await?;
    store.attach_phrases(&model, profiles).await?;
    Ok((vectors, None))
}

#[cfg(not(feature = "embed"))]
async fn semantic_inputs(
    _store: &Store,
    _job: &JobAnalysis,
    _profiles: &mut [(String, CandidateProfile)],
    _options: &RankOptions,
    _progress: std::sync::Arc<impl Fn(RankProgress) + Send + Sync + 'static>,
) -> Result<(RequirementVectors, Option<String>), RankError> {
    Ok((
        RequirementVectors::default(),
        Some("built without sentence embeddings: requirement phrases are not scored".into()),
    ))
}

/// Before ranking against `job`: embed the evidence phrases of candidates
/// that have none for this model yet (stored, so never recomputed) and the
/// job's requirement phrases, on the blocking pool. Returns the model's
/// identity (to load stored phrases with) and the requirement vectors.
#[cfg(feature = "embed")]
pub async fn prepare(
    store: &Store,
    encoder: std::sync::Arc<crate::embed::SentenceEncoder>,
    job: &JobAnalysis,
    progress: impl Fn(usize, usize) + Send + 'static,
) -> Result<(String, RequirementVectors), RankError> {
    use crate::matching::semantic::embed_requirements;
    let model = crate::search::embed_missing(store, encoder.clone(), progress).await?;
    let job = job.clone();
    let vectors = task::blocking("embedding requirements", move || {
        embed_requirements(&encoder, &job)
    })
    .await??;
    Ok((model, vectors))
}
