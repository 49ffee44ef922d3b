//! Interviews: a question plan made from the job and the candidate
//! (`plan.rs` with the model, `offline.rs` without one), and the conducted
//! text interview (`conductor.rs`), a state machine over a durable event log
//! (`protocol.rs` is the message protocol every shell speaks unchanged).
//!
//! The model only proposes — questions, a verdict on an answer, a follow-up,
//! a clarification — and code decides: a plan always covers every must-have
//! requirement, a turn always moves on, and a model that fails or drifts is
//! replaced by the offline generator and judge, never allowed to stall the
//! interview.

pub mod conductor;
pub mod i18n;
pub mod judge;
pub mod live;
pub mod offline;
pub mod plan;
pub mod protocol;
mod state;

pub use conductor::Conductor;
pub use protocol::{ClientMessage, Envelope, ServerEvent, Signals};

use crate::error::StoreError;
use crate::llm::LlmError;
use serde::{Deserialize, Serialize};

/// Why an interview operation failed, with a stable code.
#[derive(Debug, thiserror::Error)]
pub enum InterviewError {
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error(transparent)]
    Llm(LlmError),
    #[error("{0}")]
    Invalid(String),
}

impl InterviewError {
    pub fn code(&self) -> &'static str {
        match self {
            Self::Store(e) => e.code(),
            Self::Llm(e) => e.code(),
            Self::Invalid(_) => "interview.invalid",
        }
    }
}

/// The language an interview is held in: its questions, follow-ups and the
/// conductor's own messages.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Language {
    #[default]
    En,
    De,
    Fr,
}

impl Language {
    pub fn code(self) -> &'static str {
        match self {
            Self::En => "en",
            Self::De => "de",
            Self::Fr => "fr",
        }
    }

    /// The language's name in English, for prompts.
    pub fn english_name(self) -> &'static str {
        match self {
            Self::En => "English",
            Self::De => "German",
            Self::Fr => "French",
        }
    }
}

impl std::str::FromStr for Language {
    type Err = InterviewError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s.trim().to_ascii_lowercase().as_str() {
            "en" | "english" => Ok(Self::En),
            "de" | "german" | "deutsch" => Ok(Self::De),
            "fr" | "french" | "français" | "francais" => Ok(Self::Fr),
            other => Err(InterviewError::Invalid(format!(
                "unsupported interview language {other:?} (en, de or fr)"
            ))),
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum QuestionKind {
    Technical,
    /// Past behaviour, answered as situation, task, action, result (STAR).
    Behavioural,
    /// A hypothetical the role will meet.
    Situational,
    /// About a position or project on the candidate's own resume.
    ResumeDeepDive,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Difficulty {
    Easy,
    Medium,
    Hard,
}

/// Who wrote a question.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum QuestionSource {
    /// A language model (the plan names which).
    Llm,
    /// The offline template generator.
    Offline,
    /// A recruiter's edit.
    Recruiter,
}

/// Whether a question may be reused for another candidate of the job.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Scope {
    Job,
    Candidate,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Question {
    /// Assigned when empty (a question a recruiter adds).
    #[serde(default)]
    pub id: String,
    pub kind: QuestionKind,
    #[serde(default = "Difficulty::medium")]
    pub difficulty: Difficulty,
    /// The rubric dimension the answer is scored on.
    pub dimension: String,
    /// The job requirements this question covers.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub requirements: Vec<String>,
    pub text: String,
    /// What a strong answer covers (the judge and the scorer use them).
    #[serde(default)]
    pub key_points: Vec<String>,
    #[serde(default = "default_time_limit")]
    pub time_limit_secs: u32,
    #[serde(default = "QuestionSource::recruiter")]
    pub source: QuestionSource,
    #[serde(default = "Scope::job")]
    pub scope: Scope,
}

fn default_time_limit() -> u32 {
    300
}

impl Difficulty {
    fn medium() -> Self {
        Self::Medium
    }
}

impl QuestionSource {
    fn recruiter() -> Self {
        Self::Recruiter
    }
}

impl Scope {
    fn job() -> Self {
        Self::Job
    }
}

/// The questions of one interview, in order, and where they came from.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Plan {
    pub language: Language,
    pub questions: Vec<Question>,
    /// What generated it: a provider and model, or the offline templates.
    pub generator: String,
    /// Prompt template versions used (`id@version`).
    #[serde(default)]
    pub prompts: Vec<String>,
    /// Whether the job-level questions came from the job's cache.
    #[serde(default)]
    pub job_cache_hit: bool,
    /// Why the model's output was not (fully) used, when it was not.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub notes: Vec<String>,
}

/// How many questions of each kind a plan has (per job; defaults below).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct PlanSettings {
    pub technical: usize,
    pub behavioural: usize,
    pub situational: usize,
    pub resume_deep_dive: usize,
    pub time_limit_secs: u32,
    /// Two questions at least this similar (cosine of their sentence
    /// embeddings; word overlap without the model) are one question.
    pub duplicate_similarity: f32,
}

impl Default for PlanSettings {
    fn default() -> Self {
        Self {
            technical: 4,
            behavioural: 2,
            situational: 1,
            resume_deep_dive: 1,
            time_limit_secs: 300,
            duplicate_similarity: 0.88,
        }
    }
}

impl PlanSettings {
    pub fn total(&self) -> usize {
        self.technical + self.behavioural + self.situational + self.resume_deep_dive
    }
}

/// How an interview is conducted.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct InterviewSettings {
    /// Follow-ups per question at most.
    pub max_follow_ups: u32,
    /// Clarifications per question at most (a repeat is always allowed).
    pub max_clarifications: u32,
    /// The whole interview, from the first question.
    pub overall_limit_secs: u64,
    /// How long the invitation is valid before the interview starts.
    pub invitation_valid_secs: u64,
    /// Time limit of a follow-up (a question's own limit is in the plan).
    pub follow_up_limit_secs: u32,
    /// The model's time to judge an answer and write a follow-up; past it
    /// the offline judge and a template follow-up are used.
    pub model_time_limit_secs: u32,
}

impl Default for InterviewSettings {
    fn default() -> Self {
        Self {
            max_follow_ups: 1,
            max_clarifications: 2,
            overall_limit_secs: 90 * 60,
            invitation_valid_secs: 7 * 24 * 3600,
            follow_up_limit_secs: 300,
            model_time_limit_secs: 60,
        }
    }
}

/// A job's defaults for its interviews (`ats job settings`).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct JobInterviewSettings {
    pub plan: PlanSettings,
    pub interview: InterviewSettings,
}

impl JobInterviewSettings {
    /// Whether the settings describe an interview a candidate can take: a
    /// human message naming the first value out of range.
    pub fn validate(&self) -> Result<(), String> {
        let p = &self.plan;
        let i = &self.interview;
        let within = |name: &str, v: u64, lo: u64, hi: u64| {
            if (lo..=hi).contains(&v) {
                Ok(())
            } else {
                Err(format!("{name} must be between {lo} and {hi}, not {v}"))
            }
        };
        for (name, n) in [
            ("technical questions", p.technical),
            ("behavioural questions", p.behavioural),
            ("situational questions", p.situational),
            ("resume questions", p.resume_deep_dive),
        ] {
            within(name, n as u64, 0, 20)?;
        }
        within("questions in all", p.total() as u64, 1, 40)?;
        within("seconds per question", p.time_limit_secs.into(), 10, 3600)?;
        within(
            "seconds per follow-up",
            i.follow_up_limit_secs.into(),
            10,
            3600,
        )?;
        within("follow-ups per question", i.max_follow_ups.into(), 0, 5)?;
        within(
            "clarifications per question",
            i.max_clarifications.into(),
            0,
            5,
        )?;
        within("interview seconds", i.overall_limit_secs, 60, 8 * 3600)?;
        within(
            "invitation seconds",
            i.invitation_valid_secs,
            3600,
            90 * 24 * 3600,
        )?;
        within(
            "model seconds per turn",
            i.model_time_limit_secs.into(),
            1,
            600,
        )?;
        if !(0.5..=1.0).contains(&p.duplicate_similarity) {
            return Err(format!(
                "duplicate similarity must be between 0.5 and 1, not {}",
                p.duplicate_similarity
            ));
        }
        Ok(())
    }
}

/// Where an interview stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    Scheduled,
    InProgress,
    Completed,
    Abandoned,
    Expired,
}

impl Status {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Scheduled => "scheduled",
            Self::InProgress => "in_progress",
            Self::Completed => "completed",
            Self::Abandoned => "abandoned",
            Self::Expired => "expired",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        [
            Self::Scheduled,
            Self::InProgress,
            Self::Completed,
            Self::Abandoned,
            Self::Expired,
        ]
        .into_iter()
        .find(|x| x.as_str() == s)
    }

    pub fn is_final(self) -> bool {
        matches!(self, Self::Completed | Self::Abandoned | Self::Expired)
    }
}

/// One stored interview: who, which job, its plan and settings.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct InterviewRecord {
    pub id: String,
    pub candidate_id: String,
    pub jd_id: String,
    pub job_title: String,
    pub candidate_name: Option<String>,
    pub status: Status,
    pub language: Language,
    pub settings: InterviewSettings,
    pub plan_version: i64,
    pub plan: Plan,
    pub created_at: String,
    pub expires_at: Option<String>,
    pub started_at: Option<String>,
    pub ended_at: Option<String>,
    pub last_seq: u64,
}

/// Schedule an interview of a candidate for a job: the plan is `plan` when
/// given (checked like a recruiter's edit), else generated. Returns the
/// interview's id and its plan.
pub async fn create(
    generator: &plan::Generator,
    jd_id: &str,
    candidate_id: &str,
    language: Language,
    plan_settings: &PlanSettings,
    settings: &InterviewSettings,
    plan: Option<Vec<Question>>,
) -> Result<(String, Plan), InterviewError> {
    let store = &generator.store;
    let (jd_id, job_title, job) = store.get_job(Some(jd_id)).await?;
    let (_, _, rubric) = store.latest_rubric(&jd_id).await?;
    let candidate = store.get_candidate(candidate_id).await?;
    let plan = match plan {
        Some(questions) => plan::checked_edit(
            Plan {
                language,
                questions,
                generator: "recruiter".into(),
                prompts: Vec::new(),
                job_cache_hit: false,
                notes: Vec::new(),
            },
            &rubric,
        )?,
        None => {
            generator
                .generate(plan::PlanInput {
                    jd_id: &jd_id,
                    job_title: &job_title,
                    job: &job,
                    rubric: &rubric,
                    resume: &candidate.resume,
                    candidate_name: candidate.summary.name.as_deref(),
                    language,
                    settings: plan_settings,
                })
                .await?
        }
    };
    if plan.questions.is_empty() {
        return Err(InterviewError::Invalid(
            "no questions could be made for this job and candidate".into(),
        ));
    }
    let id = store
        .create_interview(&candidate.summary.id, &jd_id, settings, &plan)
        .await?;
    Ok((id, plan))
}

/// Replace the plan of an interview not yet started with a recruiter's
/// edit (questions edited, reordered, added, removed): a new version.
/// Questions whose text or points changed, and new ones, are marked as the
/// recruiter's. Returns the new version.
pub async fn edit_plan(
    store: &crate::store::Store,
    interview_id: &str,
    questions: Vec<Question>,
) -> Result<i64, InterviewError> {
    let (record, _) = store.get_interview(interview_id).await?;
    let (_, _, rubric) = store.latest_rubric(&record.jd_id).await?;
    let before = &record.plan.questions;
    let questions = questions
        .into_iter()
        .map(|mut q| {
            let same = before.iter().any(|b| {
                b.id == q.id && b.text == q.text && b.key_points == q.key_points && b.kind == q.kind
            });
            if !same {
                q.source = QuestionSource::Recruiter;
            }
            q
        })
        .collect();
    let plan = plan::checked_edit(
        Plan {
            questions,
            ..record.plan.clone()
        },
        &rubric,
    )?;
    Ok(store.save_plan(&record.id, &plan, "recruiter").await?)
}
