//! Scorecard reports: a PDF of one interview's scorecard ([`pdf::render`])
//! and CSV tables of a job's scorecards ([`csv::job_csv`], one row per
//! candidate; [`csv::compare`], chosen candidates side by side).
//!
//! Everything in a report that a candidate or a model wrote (names, quotes,
//! rationales, the transcript) is drawn or written as plain text, never
//! interpreted: the PDF draws characters (those no font has are left out),
//! the CSV quotes every cell and defuses cells a spreadsheet would read as a
//! formula.

mod bidi;
pub mod csv;
mod fonts;
mod layout;
pub mod pdf;

use crate::error::{ErrorPayload, StoreError};
use crate::rubric::{Level, Rubric};
use crate::scoring::{DimensionScore, Scorecard, Transcript};
use crate::store::Store;

/// What a PDF report shows.
#[derive(Debug, Clone)]
pub struct ReportInput {
    pub candidate_name: String,
    pub job_title: String,
    pub interview_id: String,
    pub card: Scorecard,
    /// The job's rubric: the scales that name levels (an override's label
    /// and score) and describe each dimension.
    pub rubric: Rubric,
    pub transcript: Transcript,
    /// When the report was made (RFC 3339).
    pub generated_at: String,
}

impl ReportInput {
    /// The report of an interview (id or unique prefix) from the store: its
    /// newest scorecard, the job's newest rubric and the transcript.
    pub async fn load(store: &Store, interview: &str) -> Result<Self, StoreError> {
        let (record, _) = store.get_interview(interview).await?;
        let stored = store.latest_scorecard(&record.id).await?.ok_or_else(|| {
            StoreError::NotFound(format!(
                "a scorecard for interview {} (score it first)",
                record.id
            ))
        })?;
        let (_, _, rubric) = store.latest_rubric(&record.jd_id).await?;
        let events = store.interview_events(&record.id, 0, true).await?;
        Ok(Self {
            candidate_name: stored
                .candidate_name
                .or(record.candidate_name)
                .unwrap_or_else(|| "(no name)".into()),
            job_title: stored.job_title,
            interview_id: record.id,
            card: stored.card,
            rubric,
            transcript: Transcript::from_events(&events),
            generated_at: now(),
        })
    }
}

fn now() -> String {
    chrono::Utc::now().to_rfc3339_opts(chrono::SecondsFormat::Secs, true)
}

/// Why a report could not be made.
#[derive(Debug, thiserror::Error)]
pub enum ReportError {
    /// No font could be read (the bundled one is always there, so this is
    /// a broken build).
    #[error("no usable font: {0}")]
    Font(String),
    /// A configured font directory that cannot be read.
    #[error("{0}")]
    Io(String),
    /// printpdf failed while writing the document.
    #[error("the PDF could not be written: {0}")]
    Pdf(String),
}

impl ReportError {
    /// Stable machine-readable code; never changes meaning.
    pub fn code(&self) -> &'static str {
        match self {
            Self::Font(_) => "report.font",
            Self::Io(_) => "report.io",
            Self::Pdf(_) => "report.pdf",
        }
    }

    pub fn to_payload(&self) -> ErrorPayload {
        ErrorPayload {
            code: self.code().to_owned(),
            message: self.to_string(),
        }
    }
}

/// A dimension as a report shows it: what counts (an override's level when
/// there is one) and what the scorer gave.
#[derive(Debug, Clone, PartialEq)]
pub struct DimensionView {
    /// The score that counts, 0–100.
    pub score: Option<f32>,
    /// The label that counts.
    pub label: Option<String>,
    /// The level that counts, as written ("4", "2.5").
    pub level: Option<String>,
    /// The scorer's score, when an override replaced it.
    pub scorer_score: Option<f32>,
}

impl DimensionView {
    pub fn of(d: &DimensionScore, rubric: &Rubric) -> Self {
        let scale = scale_of(rubric, &d.name);
        match &d.r#override {
            Some(o) => Self {
                score: d.effective_score(&scale),
                label: scale
                    .iter()
                    .find(|l| l.score == o.level)
                    .map(|l| l.label.clone()),
                level: Some(o.level.to_string()),
                scorer_score: d.score,
            },
            None => Self {
                score: d.score,
                label: d.label.clone(),
                level: d.level.map(level_text),
                scorer_score: None,
            },
        }
    }
}

/// The scale of a rubric's dimension (empty when the rubric lacks it).
pub fn scale_of(rubric: &Rubric, name: &str) -> Vec<Level> {
    crate::rubric::scale_of(rubric, name)
}

/// A level as written: "4", or "2.5" for a median between two levels.
pub fn level_text(level: f32) -> String {
    if level.fract() == 0.0 {
        format!("{level:.0}")
    } else {
        format!("{level:.1}")
    }
}

/// A 0–100 score as written: one decimal, ".0" dropped ("—" for a
/// number that is none).
pub fn score_text(score: f32) -> String {
    if !score.is_finite() {
        return "\u{2014}".into();
    }
    let s = format!("{score:.1}");
    s.strip_suffix(".0").map(str::to_owned).unwrap_or(s)
}
