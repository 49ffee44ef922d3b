//! The hiring pipeline's wire types: applications and their stages, and
//! the business metrics over them.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

dto! {
    pub struct AnalyticsInput {
        /// One job; all the caller sees when absent.
        pub job_id: Option<String>,
        /// Count interviews scheduled from this date on (YYYY-MM-DD).
        pub since: Option<String>,
    }

    pub struct DayCount {
        pub day: String,
        pub interviews: i64,
    }

    pub struct Stage {
        pub stage: String,
        pub count: i64,
    }

    /// The design's business metrics.
    pub struct AnalyticsDto {
        pub interviews_per_day: Vec<DayCount>,
        /// Mean overall score (0–100) of the newest scorecards.
        pub average_score: Option<f64>,
        pub scorecards: i64,
        /// Mean days from application to hire.
        pub time_to_hire_days: Option<f64>,
        /// Applied → interviewed → completed → scored → recommended to
        /// advance → offer → hired.
        pub funnel: Vec<Stage>,
    }

    pub struct StatusInput {
        pub job_id: String,
        pub candidate_id: String,
        /// applied, screening, interviewing, offer, hired, rejected or withdrawn.
        pub status: String,
    }

    pub struct ApplicationsInput {
        pub job_id: String,
        /// Only the applications at this stage (all when absent).
        pub status: Option<String>,
    }

    /// One candidate's application to the job.
    pub struct ApplicationDto {
        pub candidate_id: String,
        pub name: Option<String>,
        /// applied, screening, interviewing, offer, hired, rejected or withdrawn.
        pub status: String,
        pub created_at: String,
        pub status_changed_at: Option<String>,
        /// The ranking's fit (0–100), once ranked.
        pub fit_score: Option<f64>,
        /// The newest interview for the job, its status and its newest
        /// scorecard's overall score (0–100).
        pub interview_id: Option<String>,
        pub interview_status: Option<String>,
        pub overall_score: Option<f64>,
    }

    /// A job's pipeline: how many applications are at each stage (every
    /// stage, in order), and the applications asked for, best fit first
    /// (at most 500; `truncated` when there are more).
    pub struct PipelineDto {
        pub counts: Vec<Stage>,
        pub applications: Vec<ApplicationDto>,
        pub truncated: bool,
    }
}

impl From<ats_core::store::Application> for ApplicationDto {
    fn from(a: ats_core::store::Application) -> Self {
        Self {
            candidate_id: a.candidate_id,
            name: a.name,
            status: a.status,
            created_at: a.created_at,
            status_changed_at: a.status_changed_at,
            fit_score: a.fit_score,
            interview_id: a.interview_id,
            interview_status: a.interview_status,
            overall_score: a.overall_score,
        }
    }
}
