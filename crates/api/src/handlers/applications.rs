//! The pipeline: each candidate's application to a job and its stage.

use crate::dto::*;
use crate::{ApiError, Ctx};
use ats_core::store::{APPLICATIONS_PAGE, STATUSES};

fn check_status(status: &str) -> Result<(), ApiError> {
    if STATUSES.contains(&status) {
        Ok(())
    } else {
        Err(ApiError::Invalid(format!(
            "status: one of {}",
            STATUSES.join(", ")
        )))
    }
}

pub async fn set_status(ctx: Ctx, input: StatusInput) -> Result<Empty, ApiError> {
    let (jd_id, _, _) = ctx.store.get_job(Some(&input.job_id)).await?;
    let candidate = ctx.store.get_candidate(&input.candidate_id).await?;
    check_status(&input.status)?;
    ctx.store
        .set_application_status(&jd_id, &candidate.summary.id, &input.status)
        .await?;
    Ok(Empty {})
}

pub async fn list(ctx: Ctx, input: ApplicationsInput) -> Result<PipelineDto, ApiError> {
    if let Some(s) = &input.status {
        check_status(s)?;
    }
    let (jd_id, _, _) = ctx.store.get_job(Some(&input.job_id)).await?;
    let pipeline = ctx
        .store
        .applications(&jd_id, input.status.as_deref())
        .await?;
    let shown: i64 = match &input.status {
        Some(s) => pipeline
            .counts
            .iter()
            .find(|(c, _)| c == s)
            .map_or(0, |(_, n)| *n),
        None => pipeline.counts.iter().map(|(_, n)| n).sum(),
    };
    Ok(PipelineDto {
        truncated: shown > APPLICATIONS_PAGE,
        counts: pipeline
            .counts
            .into_iter()
            .map(|(stage, count)| Stage { stage, count })
            .collect(),
        applications: pipeline.rows.into_iter().map(Into::into).collect(),
    })
}
