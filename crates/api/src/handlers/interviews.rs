use super::doc;
use crate::dto::*;
use crate::{ApiError, Ctx, Principal};

pub async fn list(ctx: Ctx, _: Empty) -> Result<Vec<InterviewDto>, ApiError> {
    Ok(ctx
        .store
        .list_interviews()
        .await?
        .into_iter()
        .map(|i| InterviewDto {
            id: i.id,
            job_title: i.job_title,
            candidate_name: i.candidate_name,
            status: i.status,
            language: i.language,
            created_at: i.created_at,
        })
        .collect())
}

fn detail(r: ats_core::interview::InterviewRecord) -> Result<InterviewDetail, ApiError> {
    Ok(InterviewDetail {
        id: r.id,
        job_id: r.jd_id,
        job_title: r.job_title,
        candidate_id: r.candidate_id,
        candidate_name: r.candidate_name,
        status: r.status.as_str().to_owned(),
        language: r.language.code().to_owned(),
        plan_version: r.plan_version,
        plan: doc(r.plan)?,
        created_at: r.created_at,
        expires_at: r.expires_at,
        started_at: r.started_at,
        ended_at: r.ended_at,
    })
}

pub async fn get(ctx: Ctx, input: ById) -> Result<InterviewDetail, ApiError> {
    detail(ctx.store.get_interview(&input.id).await?.0)
}

pub async fn create(ctx: Ctx, input: NewInterview) -> Result<InterviewDetail, ApiError> {
    let language: ats_core::interview::Language = input
        .language
        .as_deref()
        .unwrap_or("en")
        .parse()
        .map_err(ApiError::invalid)?;
    let (jd_id, _, _) = ctx.store.get_job(Some(&input.job_id)).await?;
    if ctx.store.job_status(&jd_id).await? != "open" {
        return Err(ApiError::Conflict(
            "the job is closed: open it again to interview for it".into(),
        ));
    }
    let settings = ctx.store.job_interview_settings(&jd_id).await?;
    // Offline plans here; a configured model is the settings' business
    // (`ats llm`), taken up by the server's worker in a later version.
    let mut generator = ats_core::interview::plan::Generator::new(ctx.store.clone(), None);
    generator.encoder = ctx.api.encoder();
    ctx.api
        .step(&ctx, "interviews.create", 0, 1, "writing the question plan");
    let (id, _) = ats_core::interview::create(
        &generator,
        &jd_id,
        &input.candidate_id,
        language,
        &settings.plan,
        &settings.interview,
        None,
    )
    .await?;
    ctx.api.step(&ctx, "interviews.create", 1, 1, "done");
    detail(ctx.store.get_interview(&id).await?.0)
}

/// Default life of an invitation link.
const INVITATION_HOURS: u32 = 72;

/// An interview still open to candidates (else `conflict`).
pub(super) async fn open_interview(
    ctx: &Ctx,
    interview_id: &str,
) -> Result<ats_core::interview::InterviewRecord, ApiError> {
    let (record, _) = ctx.store.get_interview(interview_id).await?;
    if record.status.is_final() {
        return Err(ApiError::Conflict(format!(
            "interview {} is {}",
            record.id,
            record.status.as_str()
        )));
    }
    Ok(record)
}

/// A new invitation to `interview_id` by the caller: (token, invitation).
pub(super) async fn new_invitation(
    ctx: &Ctx,
    interview_id: &str,
    valid_hours: Option<u32>,
) -> Result<(String, ats_core::accounts::Invitation), ApiError> {
    let by = match &ctx.who {
        Principal::User(a) => Some(a.id.as_str()),
        _ => None,
    };
    let hours = valid_hours.unwrap_or(INVITATION_HOURS);
    Ok(ats_core::accounts::invite(
        &ctx.store,
        interview_id,
        by,
        chrono::Duration::hours(i64::from(hours)),
    )
    .await?)
}

pub async fn invite(ctx: Ctx, input: NewInvitation) -> Result<InvitationLink, ApiError> {
    let record = open_interview(&ctx, &input.interview_id).await?;
    let (token, invitation) = new_invitation(&ctx, &record.id, input.valid_hours).await?;
    let path = format!("/i/{token}");
    let url = ctx.api.public_url().map(|base| format!("{base}{path}"));
    let (qr_svg, qr_png_base64) = qr(url.as_deref().unwrap_or(&path))?;
    Ok(InvitationLink {
        path,
        url,
        qr_svg,
        qr_png_base64,
        token,
        invitation: invitation.into(),
    })
}

/// A QR code a phone's camera reads: SVG text and a PNG (base64).
pub(super) fn qr(text: &str) -> Result<(String, String), ApiError> {
    use base64::Engine;
    let code = qrcode::QrCode::with_error_correction_level(text, qrcode::EcLevel::M)
        .map_err(ApiError::internal)?;
    let svg = code
        .render::<qrcode::render::svg::Color<'_>>()
        .min_dimensions(240, 240)
        .build();
    let image = code
        .render::<image::Luma<u8>>()
        .min_dimensions(240, 240)
        .build();
    let mut png = std::io::Cursor::new(Vec::new());
    image
        .write_to(&mut png, image::ImageFormat::Png)
        .map_err(ApiError::internal)?;
    Ok((
        svg,
        base64::engine::general_purpose::STANDARD.encode(png.into_inner()),
    ))
}

pub async fn invitations(ctx: Ctx, input: ByInterview) -> Result<Vec<InvitationDto>, ApiError> {
    let (record, _) = ctx.store.get_interview(&input.interview_id).await?;
    Ok(ctx
        .store
        .list_invitations(&record.id)
        .await?
        .into_iter()
        .map(Into::into)
        .collect())
}

pub async fn revoke(ctx: Ctx, input: ById) -> Result<InvitationDto, ApiError> {
    Ok(ctx.store.revoke_invitation(&input.id).await?.into())
}

pub async fn own(ctx: Ctx, _: Empty) -> Result<CandidateInterview, ApiError> {
    let Principal::Candidate { interview_id, .. } = &ctx.who else {
        return Err(ApiError::Unauthenticated);
    };
    let (r, _) = ctx.store.get_interview(interview_id).await?;
    Ok(CandidateInterview {
        interview_id: r.id,
        job_title: r.job_title,
        status: r.status.as_str().to_owned(),
        language: r.language.code().to_owned(),
        questions: u32::try_from(r.plan.questions.len()).unwrap_or(u32::MAX),
        expires_at: r.expires_at,
    })
}

/// A recruiter's edit of a plan not yet started: the next version.
pub async fn plan_save(ctx: Ctx, input: PlanInput) -> Result<PlanSaved, ApiError> {
    let (record, _) = ctx.store.get_interview(&input.interview_id).await?;
    let questions: Vec<ats_core::interview::Question> = serde_json::from_value(input.questions)
        .map_err(|e| ApiError::Invalid(format!("questions: {e}")))?;
    let version = ats_core::interview::edit_plan(&ctx.store, &record.id, questions).await?;
    Ok(PlanSaved {
        interview_id: record.id,
        version,
    })
}

/// The live transcript a recruiter reads: every stored envelope, the
/// recruiter-only ones included; poll with `after_seq` for what is new.
pub async fn transcript(ctx: Ctx, input: TranscriptInput) -> Result<JsonDocument, ApiError> {
    let (record, _) = ctx.store.get_interview(&input.id).await?;
    let events = ctx
        .store
        .interview_events(&record.id, input.after_seq.unwrap_or(0), true)
        .await?;
    super::doc(events)
}
