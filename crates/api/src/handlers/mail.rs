//! Invitation e-mail: the company's SMTP settings, e-mailing a new
//! invitation link (queued in the outbox; the server's worker delivers it),
//! and the outbox as a list.

use crate::dto::*;
use crate::{ApiError, Ctx};
use ats_core::mail::{MailError, Security, SmtpSettings, SmtpView};

const OUTBOX_DEFAULT: u32 = 100;
const OUTBOX_MAX: u32 = 500;

impl From<MailError> for ApiError {
    fn from(e: MailError) -> Self {
        match e {
            MailError::Store(e) => e.into(),
            MailError::Invalid(message) => ApiError::Invalid(message),
            e => ApiError::Core {
                code: e.code(),
                message: e.to_string(),
            },
        }
    }
}

fn view(v: SmtpView) -> SmtpSettingsDto {
    SmtpSettingsDto {
        host: v.host,
        port: v.port,
        username: v.username,
        from: v.from,
        security: v.security.as_str().to_owned(),
        password_set: v.password_set,
        ca_certificate: v.ca_certificate,
    }
}

pub async fn smtp_get(ctx: Ctx, _: Empty) -> Result<Option<SmtpSettingsDto>, ApiError> {
    Ok(ctx.store.smtp_settings().await?.map(view))
}

pub async fn smtp_set(ctx: Ctx, input: SmtpSettingsInput) -> Result<SmtpSettingsDto, ApiError> {
    let settings = SmtpSettings {
        host: input.host.trim().to_owned(),
        port: input.port,
        username: input.username.filter(|u| !u.is_empty()),
        password: input.password,
        from: input.from.trim().to_owned(),
        security: Security::parse(&input.security)?,
        ca_certificate: input
            .ca_certificate
            .map(|c| c.trim().to_owned())
            .filter(|c| !c.is_empty()),
    };
    Ok(view(ats_core::mail::set_smtp(&ctx.store, settings).await?))
}

pub async fn email_invitation(
    ctx: Ctx,
    input: EmailInvitationInput,
) -> Result<EmailedInvitation, ApiError> {
    let to = ats_core::mail::parse_address(input.to.trim())?;
    let record = super::interviews::open_interview(&ctx, &input.interview_id).await?;
    let Some(base) = ctx.api.public_url() else {
        return Err(ApiError::Invalid(
            "the server has no public address for the link (ats serve --public-url): an \
             e-mailed link must be whole"
                .into(),
        ));
    };
    // Refused before an invitation exists, so nothing is left unsent.
    ats_core::mail::ensure_configured(&ctx.store, &record.id).await?;
    let (token, invitation) =
        super::interviews::new_invitation(&ctx, &record.id, input.valid_hours).await?;
    let url = format!("{base}/i/{token}");
    let queued_mail_id = ats_core::mail::queue_invitation(
        &ctx.store,
        &record.id,
        &invitation.id,
        &to,
        &ats_core::mail::InvitationMail {
            job_title: &record.job_title,
            url: &url,
            expires_at: &invitation.expires_at,
            language: record.language,
        },
    )
    .await?;
    Ok(EmailedInvitation {
        invitation: invitation.into(),
        queued_mail_id,
    })
}

pub async fn outbox(ctx: Ctx, input: OutboxInput) -> Result<Vec<OutboxMailDto>, ApiError> {
    let limit = input.limit.unwrap_or(OUTBOX_DEFAULT).clamp(1, OUTBOX_MAX);
    Ok(ctx
        .store
        .list_outbox(limit)
        .await?
        .into_iter()
        .map(|m| OutboxMailDto {
            id: m.id,
            invitation_id: m.invitation_id,
            to: m.to_address,
            subject: m.subject,
            status: m.status,
            attempts: m.attempts,
            next_attempt_at: m.next_attempt_at,
            last_error: m.last_error,
            created_at: m.created_at,
            sent_at: m.sent_at,
        })
        .collect())
}
