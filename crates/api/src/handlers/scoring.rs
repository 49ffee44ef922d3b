use super::doc;
use crate::dto::*;
use crate::{ApiError, Ctx, Principal};
use ats_core::store::StoredScorecard;
use base64::Engine;

fn card(s: StoredScorecard) -> Result<ScorecardDto, ApiError> {
    Ok(ScorecardDto {
        id: s.id,
        version: s.version,
        interview_id: s.interview_id,
        candidate_id: s.candidate_id,
        candidate_name: s.candidate_name,
        job_id: s.jd_id,
        job_title: s.job_title,
        overall: s.card.overall.map(f64::from),
        card: doc(s.card)?,
    })
}

pub async fn get(ctx: Ctx, input: ByInterview) -> Result<Option<ScorecardDto>, ApiError> {
    let (record, _) = ctx.store.get_interview(&input.interview_id).await?;
    ctx.store
        .latest_scorecard(&record.id)
        .await?
        .map(card)
        .transpose()
}

pub async fn job(ctx: Ctx, input: ById) -> Result<Vec<ScorecardDto>, ApiError> {
    let (jd_id, _, _) = ctx.store.get_job(Some(&input.id)).await?;
    ctx.store
        .job_scorecards(&jd_id)
        .await?
        .into_iter()
        .map(card)
        .collect()
}

pub async fn score(ctx: Ctx, input: ByInterview) -> Result<ScorecardDto, ApiError> {
    let (record, _) = ctx.store.get_interview(&input.interview_id).await?;
    ctx.store.enqueue_scoring(&record.id).await?;
    // The queue is the installation's, not a tenant's: its worker runs on
    // the unscoped store (the interview was checked above).
    let mut service = ats_core::scoring::ScoringService::new(ctx.api.store().clone(), None);
    service.encoder = super::encoder();
    for result in service.drain(&|_| {}).await? {
        if let Err((id, e)) = result
            && id == record.id
        {
            return Err(e.into());
        }
    }
    let stored = ctx
        .store
        .latest_scorecard(&record.id)
        .await?
        .ok_or_else(|| ApiError::Conflict(format!("interview {} was not scored", record.id)))?;
    card(stored)
}

pub async fn override_dimension(ctx: Ctx, input: OverrideInput) -> Result<ScorecardDto, ApiError> {
    let by = match &ctx.who {
        Principal::User(a) => a.email.clone(),
        _ => return Err(ApiError::Unauthenticated),
    };
    let service = ats_core::scoring::ScoringService::new(ctx.store.clone(), None);
    card(
        service
            .override_dimension(
                &input.interview_id,
                &input.dimension,
                input.level,
                &input.reason,
                &by,
            )
            .await?,
    )
}

fn file(name: String, content_type: &str, bytes: &[u8]) -> FileDto {
    FileDto {
        name,
        content_type: content_type.into(),
        content_base64: base64::engine::general_purpose::STANDARD.encode(bytes),
    }
}

pub async fn pdf(ctx: Ctx, input: ByInterview) -> Result<FileDto, ApiError> {
    let report = ats_core::report::ReportInput::load(&ctx.store, &input.interview_id).await?;
    let name = format!("scorecard-{}.pdf", report.interview_id);
    let bytes = tokio::task::spawn_blocking(move || ats_core::report::pdf::render(&report))
        .await
        .map_err(ApiError::internal)??;
    Ok(file(name, "application/pdf", &bytes))
}

pub async fn csv(ctx: Ctx, input: ById) -> Result<FileDto, ApiError> {
    let (jd_id, _, _) = ctx.store.get_job(Some(&input.id)).await?;
    let cards = ctx.store.job_scorecards(&jd_id).await?;
    let text = ats_core::report::csv::job_csv(&cards);
    Ok(file(
        format!("scorecards-{jd_id}.csv"),
        "text/csv",
        text.as_bytes(),
    ))
}

pub async fn fairness(ctx: Ctx, input: FairnessInput) -> Result<JsonDocument, ApiError> {
    let report = ctx
        .store
        .adverse_impact(
            Some(&input.job_id),
            &input.category,
            &ats_core::fairness::ReportOptions::default(),
        )
        .await?;
    doc(report)
}
