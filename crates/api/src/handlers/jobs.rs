use super::doc;
use crate::dto::*;
use crate::{ApiError, Ctx, Progress};

pub async fn list(ctx: Ctx, _: Empty) -> Result<Vec<JobDto>, ApiError> {
    Ok(ctx
        .store
        .list_jobs()
        .await?
        .into_iter()
        .map(|j| JobDto {
            id: j.id,
            title: j.title,
            must_have: u32::try_from(j.must_have).unwrap_or(u32::MAX),
            candidates_ranked: j.candidates_ranked,
            interviews: j.interviews,
            created_at: j.created_at,
            status: j.status,
        })
        .collect())
}

pub async fn get(ctx: Ctx, input: ById) -> Result<JobDetail, ApiError> {
    let (id, title, analysis) = ctx.store.get_job(Some(&input.id)).await?;
    let (_, rubric_version, rubric) = ctx.store.latest_rubric(&id).await?;
    let status = ctx.store.job_status(&id).await?;
    Ok(JobDetail {
        id,
        title,
        status,
        analysis: doc(analysis)?,
        rubric_version,
        rubric: doc(rubric)?,
    })
}

/// Postings longer than this are not postings.
const MAX_POSTING: usize = 200_000;

pub async fn create(ctx: Ctx, input: NewJob) -> Result<JobDetail, ApiError> {
    if input.text.trim().is_empty() || input.text.len() > MAX_POSTING {
        return Err(ApiError::Invalid(format!(
            "a posting has 1 to {MAX_POSTING} bytes of text"
        )));
    }
    let fallback = input.title.as_deref().unwrap_or("Untitled job");
    let added = ats_core::import::import_posting(&ctx.store, input.text, fallback).await?;
    Ok(JobDetail {
        id: added.job_id,
        title: added.title,
        status: "open".into(),
        analysis: doc(added.analysis)?,
        rubric_version: added.rubric_version,
        rubric: doc(added.rubric)?,
    })
}

/// Close a job or open it again (`conflict` when it already is so).
pub async fn set_status(ctx: Ctx, input: JobStatusInput) -> Result<JobDetail, ApiError> {
    let open = match input.status.as_str() {
        "open" => true,
        "closed" => false,
        other => {
            return Err(ApiError::Invalid(format!(
                "status: {other:?} is not open or closed"
            )));
        }
    };
    let (id, _, _) = ctx.store.get_job(Some(&input.id)).await?;
    if !ctx.store.set_job_open(&id, open).await? {
        return Err(ApiError::Conflict(format!(
            "the job is already {}",
            input.status
        )));
    }
    get(ctx, ById { id }).await
}

pub async fn assign(ctx: Ctx, input: Assignment) -> Result<Empty, ApiError> {
    ctx.store.assign_job(&input.job_id, &input.user_id).await?;
    Ok(Empty {})
}

pub async fn rank(ctx: Ctx, input: ById) -> Result<RankingDto, ApiError> {
    let options = ats_core::ranking::RankOptions {
        reference_date: chrono::Utc::now().date_naive(),
        semantic: true,
        model_dir: Some(ctx.api.models_dir().join(ats_core::embed::MODEL_NAME)),
    };
    let api = ctx.api.clone();
    let company_id = ctx.store.scope().company_id.clone();
    let ranking = ats_core::ranking::rank_job(&ctx.store, Some(&input.id), &options, move |p| {
        let (note, done, total) = match p {
            ats_core::ranking::RankProgress::Profiling { done, total } => {
                ("profiling", done, total)
            }
            ats_core::ranking::RankProgress::Embedding { done, total } => {
                ("embedding", done, total)
            }
        };
        api.report(Progress {
            company_id: company_id.clone(),
            method: "jobs.rank",
            done: done as u64,
            total: total as u64,
            note: note.into(),
        });
    })
    .await?;
    let n = ranking.candidates.len() as u64;
    ctx.api.report(Progress {
        company_id: ctx.store.scope().company_id.clone(),
        method: "jobs.rank",
        done: n,
        total: n,
        note: "done".into(),
    });
    Ok(RankingDto {
        job_id: ranking.job_id,
        title: ranking.title,
        candidates: doc(ranking.candidates)?,
        skipped: doc(ranking.skipped)?,
    })
}

pub async fn rubric_save(ctx: Ctx, input: RubricInput) -> Result<RubricSaved, ApiError> {
    let (jd_id, _, _) = ctx.store.get_job(Some(&input.job_id)).await?;
    let rubric: ats_core::rubric::Rubric = serde_json::from_value(input.rubric)
        .map_err(|e| ApiError::Invalid(format!("rubric: {e}")))?;
    rubric.validate().map_err(|e| ApiError::Core {
        code: e.code(),
        message: e.to_string(),
    })?;
    let (_, version) = ctx.store.save_rubric(&jd_id, &rubric).await?;
    Ok(RubricSaved {
        job_id: jd_id,
        version,
    })
}

pub async fn settings_get(ctx: Ctx, input: ById) -> Result<JsonDocument, ApiError> {
    let (jd_id, _, _) = ctx.store.get_job(Some(&input.id)).await?;
    doc(ctx.store.job_interview_settings(&jd_id).await?)
}

pub async fn settings_set(ctx: Ctx, input: JobSettingsInput) -> Result<JsonDocument, ApiError> {
    let (jd_id, _, _) = ctx.store.get_job(Some(&input.job_id)).await?;
    let settings: ats_core::interview::JobInterviewSettings =
        serde_json::from_value(input.settings)
            .map_err(|e| ApiError::Invalid(format!("settings: {e}")))?;
    settings
        .validate()
        .map_err(|e| ApiError::Invalid(format!("settings: {e}")))?;
    ctx.store
        .set_job_interview_settings(&jd_id, &settings)
        .await?;
    doc(settings)
}
