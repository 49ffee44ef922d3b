//! Invitation e-mail: each company's SMTP settings, the plain-text
//! invitation, and a durable outbox that a worker delivers with retries.
//!
//! - [`SmtpSettings`] live in the company's `settings` JSON under `smtp`.
//!   The password, when one is needed, is kept there too, sealed
//!   (`store/sealed.rs`): no read method returns it — reads give an
//!   [`SmtpView`], which only says whether one is set — and `Debug` prints
//!   `***`. Credentials go only over TLS, or to a relay on this machine (a
//!   loopback host). TLS checks the server's certificate against the
//!   system's roots plus, for a relay with a certificate of the company's
//!   own, the CA certificate given in the settings.
//! - [`queue_invitation`] renders the e-mail ([`render_invitation`]: plain
//!   text only; the job's title is data, put on one line, never markup) and
//!   stores it as a `queued` row of `mail_outbox` under the interview's
//!   company. Nothing is sent inside a request.
//! - [`deliver_pending`] claims due rows (a claim counts an attempt and
//!   moves the row's `next_attempt_at` a lease ahead, so a crashed worker's
//!   row becomes due again), sends each through lettre, and marks it `sent`
//!   only after the SMTP server accepted it. A failure is retried after
//!   30 s × 2^attempts (capped at an hour); an SMTP server's permanent
//!   refusal (5xx) or the fifth failure marks it `failed`. Delivery is at
//!   least once: a worker killed between the server's acceptance and the
//!   mark sends the mail again, with the same Message-ID. A mail whose
//!   invitation was revoked before it went out is given up. The body holds
//!   the link's token, so it is kept only while the mail is queued, and
//!   erased once it is sent or given up (the invitation table keeps only
//!   the token's digest).
//! - [`run_worker`] calls it every few seconds until told to stop (the
//!   server runs one).

use crate::error::StoreError;
use crate::interview::Language;
use crate::store::Store;
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use std::collections::HashMap;
use std::time::Duration;

/// Attempts before a mail is given up (`failed`).
pub const MAX_ATTEMPTS: u32 = 5;
/// The first retry waits 30 s × 2 (after one attempt), doubling each time.
const BACKOFF_BASE_SECS: i64 = 30;
const BACKOFF_CAP_SECS: i64 = 3600;
/// How long a claim holds a row: far longer than one send may take.
const LEASE_SECS: i64 = 600;
/// Connecting, TLS, and each SMTP command.
const SEND_TIMEOUT: Duration = Duration::from_secs(30);
/// Mails one run of the worker delivers at most.
const BATCH: usize = 50;
/// What `last_error` keeps of an error.
const ERROR_CHARS: usize = 500;

/// How the connection to the SMTP server is protected.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Security {
    /// Plain text (a relay on this machine or the local network).
    None,
    /// Plain text upgraded with STARTTLS, required (usually port 587).
    Starttls,
    /// TLS from the first byte (usually port 465).
    Tls,
}

impl Security {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::None => "none",
            Self::Starttls => "starttls",
            Self::Tls => "tls",
        }
    }

    pub fn parse(text: &str) -> Result<Self, MailError> {
        match text {
            "none" => Ok(Self::None),
            "starttls" => Ok(Self::Starttls),
            "tls" => Ok(Self::Tls),
            other => Err(MailError::Invalid(format!(
                "security is none, starttls or tls, not {other:?}"
            ))),
        }
    }
}

/// A company's SMTP server. `password` is write-only: see the module's
/// documentation for where it is kept.
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SmtpSettings {
    pub host: String,
    pub port: u16,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub username: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub password: Option<String>,
    /// The sender, `jobs@example.com` or `Acme Hiring <jobs@example.com>`.
    pub from: String,
    pub security: Security,
    /// A CA certificate (PEM) to trust besides the system's, for a relay
    /// whose certificate the company issued itself.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ca_certificate: Option<String>,
}

/// The largest CA certificate the settings take.
const CA_MAX_BYTES: usize = 64 * 1024;

impl std::fmt::Debug for SmtpSettings {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SmtpSettings")
            .field("host", &self.host)
            .field("port", &self.port)
            .field("username", &self.username)
            .field("password", &self.password.as_ref().map(|_| "***"))
            .field("from", &self.from)
            .field("security", &self.security)
            .field("ca_certificate", &self.ca_certificate.is_some())
            .finish()
    }
}

/// What reads return of [`SmtpSettings`]: everything but the password.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SmtpView {
    pub host: String,
    pub port: u16,
    pub username: Option<String>,
    pub from: String,
    pub security: Security,
    pub password_set: bool,
    pub ca_certificate: Option<String>,
}

impl SmtpSettings {
    pub fn view(&self) -> SmtpView {
        SmtpView {
            host: self.host.clone(),
            port: self.port,
            username: self.username.clone(),
            from: self.from.clone(),
            security: self.security,
            password_set: self.password.as_deref().is_some_and(|p| !p.is_empty()),
            ca_certificate: self.ca_certificate.clone(),
        }
    }

    /// Refuse settings that cannot work or would expose the password.
    pub fn validate(&self) -> Result<(), MailError> {
        let host = self.host.as_str();
        if host.is_empty()
            || host.len() > 253
            || host
                .chars()
                .any(|c| c.is_whitespace() || c.is_control() || "/@?#".contains(c))
        {
            return Err(MailError::Invalid(format!("{host:?} is not a host name")));
        }
        if self.port == 0 {
            return Err(MailError::Invalid("the port is 1 to 65535".into()));
        }
        self.from
            .parse::<lettre::message::Mailbox>()
            .map_err(|e| MailError::Invalid(format!("from {:?}: {e}", self.from)))?;
        if let Some(user) = &self.username
            && (user.is_empty() || user.chars().any(char::is_control))
        {
            return Err(MailError::Invalid(
                "the user name is empty or not text".into(),
            ));
        }
        if let Some(pem) = &self.ca_certificate {
            if pem.len() > CA_MAX_BYTES || !pem.contains("-----BEGIN CERTIFICATE-----") {
                return Err(MailError::Invalid(
                    "the CA certificate is one PEM certificate (-----BEGIN CERTIFICATE-----)"
                        .into(),
                ));
            }
            lettre::transport::smtp::client::Certificate::from_pem(pem.as_bytes())
                .map_err(|e| MailError::Invalid(format!("the CA certificate: {e}")))?;
            if self.security == Security::None {
                return Err(MailError::Invalid(
                    "a CA certificate is for TLS: choose starttls or tls".into(),
                ));
            }
        }
        if self.password.is_some() && self.username.is_none() {
            return Err(MailError::Invalid("a password needs a user name".into()));
        }
        if self.username.is_some() && self.security == Security::None && !loopback(host) {
            return Err(MailError::Invalid(
                "credentials go only over TLS (starttls or tls), or to a relay on this machine"
                    .into(),
            ));
        }
        Ok(())
    }
}

fn loopback(host: &str) -> bool {
    host.eq_ignore_ascii_case("localhost")
        || host
            .trim_matches(['[', ']'])
            .parse::<std::net::IpAddr>()
            .is_ok_and(|ip| ip.is_loopback())
}

#[derive(Debug, thiserror::Error)]
pub enum MailError {
    #[error("{0}")]
    Invalid(String),
    /// The company has no SMTP settings (or the row belongs to none).
    #[error("{0}")]
    NotConfigured(String),
    #[error(transparent)]
    Store(#[from] StoreError),
}

impl MailError {
    pub fn code(&self) -> &'static str {
        match self {
            Self::Invalid(_) => "validation.invalid",
            Self::NotConfigured(_) => "mail.not_configured",
            Self::Store(e) => e.code(),
        }
    }
}

/// A recipient: one bare address (no display name, no list, no header).
pub fn parse_address(text: &str) -> Result<String, MailError> {
    let address: lettre::Address = text
        .parse()
        .map_err(|e| MailError::Invalid(format!("{text:?} is not an e-mail address: {e}")))?;
    if text.len() > 254 {
        return Err(MailError::Invalid(
            "an e-mail address has at most 254 characters".into(),
        ));
    }
    Ok(address.to_string())
}

/// Store the scope's company's SMTP settings (validated). A missing
/// password keeps the stored one while the user name stays the same.
pub async fn set_smtp(store: &Store, settings: SmtpSettings) -> Result<SmtpView, MailError> {
    settings.validate()?;
    Ok(store.set_smtp_settings(settings).await?)
}

/// What an invitation e-mail says.
#[derive(Debug, Clone)]
pub struct InvitationMail<'a> {
    pub job_title: &'a str,
    /// The whole link, with its token.
    pub url: &'a str,
    /// RFC 3339.
    pub expires_at: &'a str,
    pub language: Language,
}

/// Subject and plain-text body. The job's title is data: control and
/// direction-override characters become spaces, it is cut to 120
/// characters, and it is only ever quoted.
pub fn render_invitation(mail: &InvitationMail<'_>) -> (String, String) {
    let title = one_line(mail.job_title, 120);
    let expires = DateTime::parse_from_rfc3339(mail.expires_at)
        .map(|t| {
            t.with_timezone(&Utc)
                .format("%Y-%m-%d %H:%M UTC")
                .to_string()
        })
        .unwrap_or_else(|_| mail.expires_at.to_owned());
    let url = mail.url;
    match mail.language {
        Language::En => (
            format!("Your interview invitation: {title}"),
            format!(
                "Hello,\n\nyou are invited to an interview for the position \"{title}\".\n\n\
                 Open this link to take it (the link is yours alone; please do not pass it on):\n\n\
                 {url}\n\nThe link works until {expires}.\n\n\
                 Before the first question you will be told how the interview works and asked \
                 for your consent.\n"
            ),
        ),
        Language::De => (
            format!("Ihre Einladung zum Interview: {title}"),
            format!(
                "Guten Tag,\n\nSie sind zu einem Interview für die Stelle „{title}“ eingeladen.\n\n\
                 Öffnen Sie diesen Link, um es zu führen (der Link gilt nur für Sie; bitte geben \
                 Sie ihn nicht weiter):\n\n{url}\n\nDer Link gilt bis {expires}.\n\n\
                 Vor der ersten Frage erfahren Sie, wie das Interview abläuft, und werden um Ihre \
                 Zustimmung gebeten.\n"
            ),
        ),
        Language::Fr => (
            format!("Votre invitation à un entretien : {title}"),
            format!(
                "Bonjour,\n\nvous êtes invité(e) à un entretien pour le poste « {title} ».\n\n\
                 Ouvrez ce lien pour le passer (il n'est valable que pour vous ; merci de ne pas \
                 le transmettre) :\n\n{url}\n\nLe lien est valable jusqu'au {expires}.\n\n\
                 Avant la première question, vous saurez comment se déroule l'entretien et votre \
                 accord vous sera demandé.\n"
            ),
        ),
    }
}

/// `text` on one line: controls, line and paragraph separators and bidi
/// overrides become spaces, runs of spaces one, at most `max` characters.
fn one_line(text: &str, max: usize) -> String {
    let cleaned: String = text
        .chars()
        .map(|c| {
            let bidi = matches!(c, '\u{200e}' | '\u{200f}' | '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}');
            if c.is_control() || bidi || matches!(c, '\u{2028}' | '\u{2029}') {
                ' '
            } else {
                c
            }
        })
        .collect();
    let words: Vec<&str> = cleaned.split_whitespace().collect();
    let line = words.join(" ");
    if line.chars().count() <= max {
        line
    } else {
        let mut cut: String = line.chars().take(max.saturating_sub(1)).collect();
        cut.push('…');
        cut
    }
}

/// `NotConfigured` unless the interview's company can send mail.
pub async fn ensure_configured(store: &Store, interview_id: &str) -> Result<String, MailError> {
    let company = store
        .interview_company(interview_id)
        .await?
        .ok_or_else(|| {
            MailError::NotConfigured(
                "the interview belongs to no company, which has no SMTP".into(),
            )
        })?;
    if store.smtp_settings_of(&company).await?.is_none() {
        return Err(MailError::NotConfigured(
            "the company has no SMTP settings yet (settings.smtp_set)".into(),
        ));
    }
    Ok(company)
}

/// Queue the invitation e-mail for `to` under the interview's company; the
/// outbox row's id.
pub async fn queue_invitation(
    store: &Store,
    interview_id: &str,
    invitation_id: &str,
    to: &str,
    mail: &InvitationMail<'_>,
) -> Result<String, MailError> {
    let to = parse_address(to)?;
    let company = ensure_configured(store, interview_id).await?;
    let (subject, body) = render_invitation(mail);
    Ok(store
        .queue_mail(&company, Some(invitation_id), &to, &subject, &body)
        .await?)
}

/// A row as the worker claimed it.
#[derive(Debug, Clone)]
pub struct ClaimedMail {
    pub id: String,
    pub company_id: Option<String>,
    pub to_address: String,
    pub subject: String,
    pub body_text: String,
    /// Including this claim.
    pub attempts: u32,
}

/// A row of the outbox as listed (without its body).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OutboxEntry {
    pub id: String,
    pub invitation_id: Option<String>,
    pub to_address: String,
    pub subject: String,
    /// queued, sent or failed.
    pub status: String,
    pub attempts: u32,
    pub next_attempt_at: String,
    pub last_error: Option<String>,
    pub created_at: String,
    pub sent_at: Option<String>,
}

/// What one run of the worker did.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct DeliveryReport {
    pub sent: u32,
    /// Failed this time, to be tried again.
    pub retried: u32,
    /// Given up.
    pub failed: u32,
}

fn rfc3339(t: DateTime<Utc>) -> String {
    t.to_rfc3339_opts(chrono::SecondsFormat::Millis, true)
}

/// The wait before the next try after `attempts` failed ones.
pub fn backoff(attempts: u32) -> chrono::Duration {
    let secs = BACKOFF_BASE_SECS
        .saturating_mul(1_i64 << attempts.min(20))
        .min(BACKOFF_CAP_SECS);
    chrono::Duration::seconds(secs)
}

/// Deliver the mails due at `now` (every company's on an unscoped store),
/// at most a batch per run. Errors of single mails are recorded on their
/// rows; only a failing store ends the run.
pub async fn deliver_pending(
    store: &Store,
    now: DateTime<Utc>,
) -> Result<DeliveryReport, StoreError> {
    let at = rfc3339(now);
    let mut report = DeliveryReport {
        failed: store.give_up_stale_mail(&at, MAX_ATTEMPTS).await?,
        ..DeliveryReport::default()
    };
    let lease = rfc3339(now + chrono::Duration::seconds(LEASE_SECS));
    let mut settings: HashMap<String, Option<SmtpSettings>> = HashMap::new();
    for _ in 0..BATCH {
        let Some(mail) = store.claim_mail(&at, &lease, MAX_ATTEMPTS).await? else {
            break;
        };
        let smtp = match &mail.company_id {
            Some(company) => match settings.get(company) {
                Some(s) => s.clone(),
                None => {
                    // One company's unreadable settings stop only its mail.
                    let s = store.smtp_settings_of(company).await.unwrap_or_else(|e| {
                        tracing::warn!(code = e.code(), "SMTP settings: {e}");
                        None
                    });
                    settings.insert(company.clone(), s.clone());
                    s
                }
            },
            None => None,
        };
        let outcome = match smtp {
            Some(smtp) => send(&smtp, &mail).await,
            None => Err(Failure {
                message: "the company has no SMTP settings".into(),
                permanent: false,
            }),
        };
        match outcome {
            Ok(()) => {
                store
                    .mail_sent(&mail.id, mail.attempts, &rfc3339(Utc::now()))
                    .await?;
                report.sent += 1;
            }
            Err(failure) => {
                let message: String = failure.message.chars().take(ERROR_CHARS).collect();
                let give_up = failure.permanent || mail.attempts >= MAX_ATTEMPTS;
                let next = (!give_up).then(|| rfc3339(now + backoff(mail.attempts)));
                tracing::warn!(mail = %mail.id, attempts = mail.attempts, give_up, "mail not delivered: {message}");
                store
                    .mail_attempt_failed(&mail.id, mail.attempts, &message, next.as_deref())
                    .await?;
                if give_up {
                    report.failed += 1;
                } else {
                    report.retried += 1;
                }
            }
        }
    }
    Ok(report)
}

/// Deliver due mail every `every` until `stop` resolves. A run under way
/// when `stop` comes is finished first.
pub async fn run_worker(
    store: Store,
    every: Duration,
    stop: impl std::future::Future<Output = ()>,
) {
    let mut stop = std::pin::pin!(stop);
    let mut tick = tokio::time::interval(every);
    tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
    loop {
        tokio::select! {
            () = &mut stop => break,
            _ = tick.tick() => {}
        }
        match deliver_pending(&store, Utc::now()).await {
            Ok(r) if r != DeliveryReport::default() => {
                tracing::info!(
                    sent = r.sent,
                    retried = r.retried,
                    failed = r.failed,
                    "mail outbox"
                );
            }
            Ok(_) => {}
            Err(e) => tracing::warn!(code = e.code(), "mail outbox: {e}"),
        }
    }
}

struct Failure {
    message: String,
    /// Trying again cannot help (a 5xx reply, an unusable address).
    permanent: bool,
}

fn permanent(message: impl std::fmt::Display) -> Failure {
    Failure {
        message: message.to_string(),
        permanent: true,
    }
}

async fn send(smtp: &SmtpSettings, mail: &ClaimedMail) -> Result<(), Failure> {
    use lettre::message::{Mailbox, header::ContentType};
    use lettre::transport::smtp::authentication::Credentials;
    use lettre::transport::smtp::client::{Certificate, Tls, TlsParameters};
    use lettre::{AsyncSmtpTransport, AsyncTransport, Tokio1Executor};

    let from: Mailbox = smtp
        .from
        .parse()
        .map_err(|e| permanent(format!("from: {e}")))?;
    let to: Mailbox = mail
        .to_address
        .parse()
        .map_err(|e| permanent(format!("to: {e}")))?;
    let message = lettre::Message::builder()
        .message_id(Some(format!("<{}@{}>", mail.id, from.email.domain())))
        .from(from)
        .to(to)
        .subject(mail.subject.clone())
        .header(ContentType::TEXT_PLAIN)
        .body(mail.body_text.clone())
        .map_err(permanent)?;
    let mut builder = AsyncSmtpTransport::<Tokio1Executor>::builder_dangerous(smtp.host.as_str())
        .port(smtp.port)
        .timeout(Some(SEND_TIMEOUT));
    let tls = || {
        let mut params = TlsParameters::builder(smtp.host.clone());
        if let Some(pem) = &smtp.ca_certificate {
            let ca = Certificate::from_pem(pem.as_bytes()).map_err(permanent)?;
            params = params.add_root_certificate(ca);
        }
        params.build().map_err(permanent)
    };
    builder = match smtp.security {
        Security::None => builder.tls(Tls::None),
        Security::Starttls => builder.tls(Tls::Required(tls()?)),
        Security::Tls => builder.tls(Tls::Wrapper(tls()?)),
    };
    if let Some(user) = &smtp.username {
        builder = builder.credentials(Credentials::new(
            user.clone(),
            smtp.password.clone().unwrap_or_default(),
        ));
    }
    match builder.build().send(message).await {
        Ok(_) => Ok(()),
        Err(e) => Err(Failure {
            message: e.to_string(),
            permanent: e.is_permanent(),
        }),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn settings() -> SmtpSettings {
        SmtpSettings {
            host: "smtp.example.com".into(),
            port: 587,
            username: Some("mailer".into()),
            password: Some("secret".into()),
            from: "Acme Hiring <jobs@acme.test>".into(),
            security: Security::Starttls,
            ca_certificate: None,
        }
    }

    #[test]
    fn the_password_is_neither_printed_nor_viewed() {
        let s = settings();
        assert!(!format!("{s:?}").contains("secret"));
        assert!(!format!("{:?}", s.view()).contains("secret"));
        assert!(s.view().password_set);
        assert!(s.validate().is_ok());
    }

    #[test]
    fn settings_that_cannot_work_or_leak_are_refused() {
        let plain = SmtpSettings {
            security: Security::None,
            ..settings()
        };
        assert!(
            plain.validate().is_err(),
            "credentials in clear to a remote host"
        );
        let local = SmtpSettings {
            host: "127.0.0.1".into(),
            ..plain.clone()
        };
        assert!(local.validate().is_ok());
        for bad in [
            SmtpSettings {
                host: "a b".into(),
                ..settings()
            },
            SmtpSettings {
                port: 0,
                ..settings()
            },
            SmtpSettings {
                from: "not an address".into(),
                ..settings()
            },
            SmtpSettings {
                username: None,
                ..settings()
            },
            SmtpSettings {
                ca_certificate: Some("not a certificate".into()),
                ..settings()
            },
        ] {
            assert!(bad.validate().is_err(), "{bad:?}");
        }
        assert!(Security::parse("ssl").is_err());
    }

    #[test]
    fn a_recipient_is_one_bare_address() {
        assert_eq!(parse_address("ada@example.com").unwrap(), "ada@example.com");
        for bad in [
            "Ada <ada@example.com>",
            "a@b.c, d@e.f",
            "ada@example.com\r\nBcc: x@y.z",
            "",
        ] {
            assert!(parse_address(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn the_title_is_one_line_of_data() {
        let (subject, body) = render_invitation(&InvitationMail {
            job_title: "Engineer\r\nBcc: evil@example.com\u{202e}<b>x</b>",
            url: "https://ats.example.com/i/abc",
            expires_at: "2026-12-05T14:00:00.000Z",
            language: Language::En,
        });
        assert!(
            !subject.contains('\n') && !subject.contains('\r') && !subject.contains('\u{202e}')
        );
        assert!(subject.contains("Engineer Bcc: evil@example.com <b>x</b>"));
        assert!(body.contains("https://ats.example.com/i/abc"));
        assert!(body.contains("2026-12-05 14:00 UTC"));
        let long = "x".repeat(500);
        let (subject, _) = render_invitation(&InvitationMail {
            job_title: &long,
            url: "u",
            expires_at: "e",
            language: Language::De,
        });
        assert!(subject.chars().count() < 160);
    }

    #[test]
    fn retries_back_off_to_a_cap() {
        assert_eq!(backoff(1).num_seconds(), 60);
        assert_eq!(backoff(4).num_seconds(), 480);
        assert_eq!(backoff(40).num_seconds(), 3600);
    }
}
