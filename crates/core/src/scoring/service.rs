//! Scoring as a service: score a stored interview (model when one is
//! configured, else the offline scorer), work the durable queue (claim,
//! keep the lease, store the card and `scoring.completed` in one commit,
//! retry a failed job later), and apply recruiters' overrides.

use super::card::{Override, Scorecard};
use super::model::{ModelScorer, ScoringSettings};
use super::transcript::Transcript;
use crate::error::StoreError;
use crate::llm::{LlmError, LlmService};
use crate::rubric::Rubric;
use crate::store::{ScoringJob, Store, StoredScorecard};
use std::sync::Arc;
use std::time::Duration;

#[derive(Debug, thiserror::Error)]
pub enum ScoringError {
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error(transparent)]
    Llm(#[from] LlmError),
    #[error("{0}")]
    Invalid(String),
    #[error("no scorer: {0}")]
    NoScorer(String),
}

impl ScoringError {
    pub fn code(&self) -> &'static str {
        match self {
            Self::Store(e) => e.code(),
            Self::Llm(e) => e.code(),
            Self::Invalid(_) => "scoring.invalid",
            Self::NoScorer(_) => "scoring.no_scorer",
        }
    }
}

/// The plan's question behind a question id: its dimension and key points.
pub type PlanQuestions<'a> = dyn Fn(&str) -> Option<(String, Vec<String>)> + Sync + 'a;

/// Attempts before a job is given up (it stays listed as failed).
pub const MAX_ATTEMPTS: u32 = 3;

pub struct ScoringService {
    pub store: Store,
    /// The model scorer's LLM layer; `None` scores offline.
    pub llm: Option<Arc<LlmService>>,
    #[cfg(feature = "embed")]
    pub encoder: Option<Arc<crate::embed::SentenceEncoder>>,
    pub settings: ScoringSettings,
    /// Who holds a claimed job (host and process).
    pub worker: String,
    /// Seconds a claim holds without renewal.
    pub lease_secs: u64,
}

impl ScoringService {
    pub fn new(store: Store, llm: Option<Arc<LlmService>>) -> Self {
        Self {
            store,
            llm,
            #[cfg(feature = "embed")]
            encoder: None,
            settings: ScoringSettings::default(),
            worker: format!("pid {}", std::process::id()),
            lease_secs: 60,
        }
    }

    /// Score a transcript against a rubric with whichever scorer there is.
    pub async fn score_transcript(
        &self,
        transcript: &Transcript,
        rubric: &Rubric,
        names: &[String],
        plan: &PlanQuestions<'_>,
        interview_id: Option<String>,
        rubric_version: Option<i64>,
    ) -> Result<Scorecard, ScoringError> {
        rubric
            .validate()
            .map_err(|e| ScoringError::Invalid(e.to_string()))?;
        if let Some(llm) = &self.llm {
            let scorer = ModelScorer {
                llm,
                settings: self.settings.clone(),
            };
            return Ok(scorer
                .score(transcript, rubric, names, interview_id, rubric_version)
                .await?);
        }
        #[cfg(feature = "embed")]
        if let Some(encoder) = self.encoder.clone() {
            let (t, r, n) = (transcript.clone(), rubric.clone(), names.to_vec());
            let questions: std::collections::HashMap<String, (String, Vec<String>)> = t
                .turns
                .iter()
                .filter_map(|turn| turn.question_id.clone())
                .filter_map(|q| plan(&q).map(|d| (q, d)))
                .collect();
            let blind = self.settings.blind;
            return tokio::task::spawn_blocking(move || {
                super::offline::score(
                    &encoder,
                    &t,
                    &r,
                    &n,
                    &|q| questions.get(q).cloned(),
                    blind,
                    interview_id,
                    rubric_version,
                    super::offline::TUNED,
                )
            })
            .await
            .map_err(|e| ScoringError::Invalid(format!("the offline scorer stopped: {e}")))?
            .map_err(|e| ScoringError::NoScorer(e.to_string()));
        }
        let _ = plan;
        Err(ScoringError::NoScorer(
            "no model is configured and the embedding model is not loaded (models/fetch.sh)".into(),
        ))
    }

    /// Score a stored, completed interview (not stored: see [`Self::drain`]).
    pub async fn score_interview(&self, interview_id: &str) -> Result<Scorecard, ScoringError> {
        let (record, _) = self.store.get_interview(interview_id).await?;
        if record.status != crate::interview::Status::Completed {
            return Err(ScoringError::Invalid(format!(
                "interview {} is {}, not completed",
                record.id,
                record.status.as_str()
            )));
        }
        let events = self.store.interview_events(&record.id, 0, true).await?;
        let transcript = Transcript::from_events(&events);
        let (_, version, rubric) = self.store.latest_rubric(&record.jd_id).await?;
        let names: Vec<String> = record.candidate_name.iter().cloned().collect();
        let plan = record.plan.clone();
        let dimension = move |q: &str| {
            plan.questions
                .iter()
                .find(|x| x.id == q)
                .map(|x| (x.dimension.clone(), x.key_points.clone()))
        };
        self.score_transcript(
            &transcript,
            &rubric,
            &names,
            &dimension,
            Some(record.id.clone()),
            Some(version),
        )
        .await
    }

    /// Work the queue until it is empty: each job scored, stored and
    /// announced; a failed one queued again later or given up after
    /// [`MAX_ATTEMPTS`]. `progress` hears each interview as it starts.
    pub async fn drain(
        &self,
        progress: &(dyn Fn(&str) + Sync),
    ) -> Result<Vec<Result<StoredScorecard, (String, ScoringError)>>, ScoringError> {
        let mut done = Vec::new();
        while let Some(job) = self
            .store
            .claim_scoring_job(&self.worker, self.lease_secs)
            .await?
        {
            progress(&job.interview_id);
            done.push(
                self.run_job(&job)
                    .await
                    .map_err(|e| (job.interview_id.clone(), e)),
            );
        }
        Ok(done)
    }

    /// Work the queue every `every` until `stop` resolves (a job under way
    /// is finished first): the in-process worker of a server or an app.
    /// `done` hears each job's outcome.
    pub async fn run_worker(
        &self,
        every: Duration,
        stop: impl std::future::Future<Output = ()>,
        done: impl Fn(Result<&StoredScorecard, (&str, &ScoringError)>),
    ) {
        tokio::pin!(stop);
        loop {
            match self.drain(&|_| {}).await {
                Ok(results) => {
                    for result in &results {
                        done(result.as_ref().map_err(|(id, e)| (id.as_str(), e)));
                    }
                }
                Err(e) => done(Err(("", &e))),
            }
            tokio::select! {
                () = &mut stop => break,
                () = tokio::time::sleep(every) => {}
            }
        }
    }

    async fn run_job(&self, job: &ScoringJob) -> Result<StoredScorecard, ScoringError> {
        // Keep the lease while scoring; a crash lets it run out.
        let renew = {
            let store = self.store.clone();
            let (id, worker, secs) = (job.id.clone(), self.worker.clone(), self.lease_secs);
            tokio::spawn(async move {
                loop {
                    tokio::time::sleep(Duration::from_secs((secs / 3).max(1))).await;
                    if store.renew_scoring_lease(&id, &worker, secs).await.is_err() {
                        break;
                    }
                }
            })
        };
        let result = self.score_interview(&job.interview_id).await;
        renew.abort();
        match result {
            Ok(card) => Ok(self
                .store
                .finish_scoring_job(job, &self.worker, &card)
                .await?),
            Err(e) => {
                self.store
                    .fail_scoring_job(
                        job,
                        &self.worker,
                        &format!("{}: {e}", e.code()),
                        MAX_ATTEMPTS,
                        30,
                    )
                    .await?;
                Err(e)
            }
        }
    }

    /// A recruiter's override of one dimension, kept beside the original.
    pub async fn override_dimension(
        &self,
        interview_id: &str,
        dimension: &str,
        level: u32,
        reason: &str,
        by: &str,
    ) -> Result<StoredScorecard, ScoringError> {
        if reason.trim().is_empty() {
            return Err(ScoringError::Invalid("an override needs a reason".into()));
        }
        let (record, _) = self.store.get_interview(interview_id).await?;
        let mut stored = self
            .store
            .latest_scorecard(&record.id)
            .await?
            .ok_or_else(|| {
                ScoringError::Invalid(format!("interview {} has no scorecard", record.id))
            })?;
        let (_, _, rubric) = self.store.latest_rubric(&record.jd_id).await?;
        let dim = rubric
            .dimensions
            .iter()
            .find(|d| d.name == dimension)
            .ok_or_else(|| {
                ScoringError::Invalid(format!("no dimension {dimension} in the rubric"))
            })?;
        if !dim.scale().iter().any(|l| l.score == level) {
            return Err(ScoringError::Invalid(format!(
                "level {level} is not on {dimension}'s scale ({})",
                dim.scale()
                    .iter()
                    .map(|l| format!("{} {}", l.score, l.label))
                    .collect::<Vec<_>>()
                    .join(", ")
            )));
        }
        let card = &mut stored.card;
        let d = card
            .dimensions
            .iter_mut()
            .find(|d| d.name == dimension)
            .ok_or_else(|| {
                ScoringError::Invalid(format!("no dimension {dimension} on the card"))
            })?;
        d.r#override = Some(Override {
            level,
            reason: reason.trim().to_owned(),
            by: by.to_owned(),
            at: chrono::Utc::now().to_rfc3339_opts(chrono::SecondsFormat::Secs, true),
        });
        card.refresh(&rubric);
        self.store
            .save_override(&stored.id, dimension, level, reason.trim(), by, card)
            .await?;
        Ok(stored)
    }
}
