use super::{doc, file};
use crate::dto::*;
use crate::{ApiError, Ctx, Principal};
use ats_core::store::StoredScorecard;

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
    let service = ctx.api.scoring_service(None);
    let api = ctx.api.clone();
    // The queue may hold other companies' interviews: their ids are not said.
    let progress = |_: &str| api.step(&ctx, "scorecards.score", 0, 1, "scoring");
    let results = service.drain(&progress).await?;
    ctx.api.step(&ctx, "scorecards.score", 1, 1, "done");
    for result in results {
        if let Err((id, e)) = result
            && id == record.id
        {
            return Err(e.into());
        }
    }
    // Another worker (the server's own) may have claimed the job first:
    // wait for its scorecard, as long as its lease could last.
    let deadline = tokio::time::Instant::now() + std::time::Duration::from_secs(90);
    loop {
        if let Some(stored) = ctx.store.latest_scorecard(&record.id).await? {
            return card(stored);
        }
        let queued = ctx.api.store().scoring_queue().await?;
        let pending = queued
            .iter()
            .any(|(id, status, _, _)| id == &record.id && status != "failed");
        if !pending || tokio::time::Instant::now() >= deadline {
            return Err(ApiError::Conflict(format!(
                "interview {} was not scored",
                record.id
            )));
        }
        tokio::time::sleep(std::time::Duration::from_millis(200)).await;
    }
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

fn analytics_dto(a: ats_core::store::Analytics) -> AnalyticsDto {
    AnalyticsDto {
        interviews_per_day: a
            .interviews_per_day
            .into_iter()
            .map(|(day, interviews)| DayCount { day, interviews })
            .collect(),
        average_score: a.average_score,
        scorecards: a.scorecards,
        time_to_hire_days: a.time_to_hire_days,
        funnel: a
            .funnel
            .into_iter()
            .map(|(stage, count)| Stage { stage, count })
            .collect(),
    }
}

async fn load_analytics(ctx: &Ctx, input: &AnalyticsInput) -> Result<AnalyticsDto, ApiError> {
    let job = match &input.job_id {
        Some(id) => Some(ctx.store.get_job(Some(id)).await?.0),
        None => None,
    };
    if let Some(since) = &input.since
        && chrono::NaiveDate::parse_from_str(since, "%Y-%m-%d").is_err()
    {
        return Err(ApiError::Invalid(format!(
            "since: not a date (YYYY-MM-DD): {since}"
        )));
    }
    let a = ctx
        .store
        .analytics(job.as_deref(), input.since.as_deref())
        .await?;
    Ok(analytics_dto(a))
}

pub async fn analytics(ctx: Ctx, input: AnalyticsInput) -> Result<AnalyticsDto, ApiError> {
    load_analytics(&ctx, &input).await
}

/// The metrics as CSV: one section per table, every cell quoted.
pub async fn analytics_csv(ctx: Ctx, input: AnalyticsInput) -> Result<FileDto, ApiError> {
    let a = load_analytics(&ctx, &input).await?;
    let cell = ats_core::report::csv::text;
    let mut out = String::from("metric,value\r\n");
    let num = |v: Option<f64>| v.map(|v| format!("{v:.2}")).unwrap_or_default();
    out.push_str(&format!(
        "{},{}\r\n",
        cell("average score"),
        cell(&num(a.average_score))
    ));
    out.push_str(&format!(
        "{},{}\r\n",
        cell("scorecards"),
        cell(&a.scorecards.to_string())
    ));
    out.push_str(&format!(
        "{},{}\r\n\r\nstage,count\r\n",
        cell("time to hire (days)"),
        cell(&num(a.time_to_hire_days))
    ));
    for s in &a.funnel {
        out.push_str(&format!(
            "{},{}\r\n",
            cell(&s.stage),
            cell(&s.count.to_string())
        ));
    }
    out.push_str("\r\nday,interviews\r\n");
    for d in &a.interviews_per_day {
        out.push_str(&format!(
            "{},{}\r\n",
            cell(&d.day),
            cell(&d.interviews.to_string())
        ));
    }
    Ok(file("analytics.csv".into(), "text/csv", out.as_bytes()))
}
