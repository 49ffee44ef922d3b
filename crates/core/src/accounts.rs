//! Accounts: companies (tenants), users with the design's roles, password
//! hashing (argon2id), sign-in with lock-out, session tokens and candidates'
//! single-interview invitation tokens. Storage is in `store/accounts.rs`;
//! the shells only move tokens in and out of cookies and links.

pub mod totp;

use crate::error::StoreError;
use crate::store::Store;
use argon2::password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

/// The design's roles, most powerful first.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    SuperAdmin,
    CompanyAdmin,
    Recruiter,
    HiringManager,
    Candidate,
}

impl Role {
    pub const ALL: [Role; 5] = [
        Role::SuperAdmin,
        Role::CompanyAdmin,
        Role::Recruiter,
        Role::HiringManager,
        Role::Candidate,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Role::SuperAdmin => "super_admin",
            Role::CompanyAdmin => "company_admin",
            Role::Recruiter => "recruiter",
            Role::HiringManager => "hiring_manager",
            Role::Candidate => "candidate",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|r| r.as_str() == s)
    }
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct Company {
    pub id: String,
    pub name: String,
    pub created_at: String,
}

/// A user as others may see them (never the password hash).
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct Account {
    pub id: String,
    pub company_id: Option<String>,
    pub email: String,
    pub name: Option<String>,
    pub role: Role,
    pub created_at: String,
}

/// A candidate's link to one interview.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct Invitation {
    pub id: String,
    pub interview_id: String,
    pub created_at: String,
    pub expires_at: String,
    pub revoked_at: Option<String>,
}

/// Failed sign-ins in a row that lock an account, and for how long.
pub const LOCK_AFTER: i64 = 5;
pub const LOCK_MINUTES: i64 = 15;
/// How long a session lasts without signing in again.
pub const SESSION_HOURS: i64 = 12;
/// Shortest password accepted.
pub const MIN_PASSWORD: usize = 10;

#[derive(Debug, thiserror::Error)]
pub enum AuthError {
    #[error("wrong e-mail address or password")]
    BadCredentials,
    #[error("too many failed sign-ins; the account is locked until {0}")]
    Locked(String),
    #[error("the password must have at least {MIN_PASSWORD} characters")]
    WeakPassword,
    #[error("{0}")]
    Invalid(String),
    #[error("the installation is already set up")]
    AlreadySetUp,
    #[error("the link has expired, was revoked or is not valid")]
    BadInvitation,
    #[error("this account needs the code from its authenticator app")]
    SecondFactorRequired,
    #[error("wrong or expired authenticator code")]
    BadSecondFactor,
    #[error(transparent)]
    Store(#[from] StoreError),
}

impl AuthError {
    pub fn code(&self) -> &'static str {
        match self {
            Self::BadCredentials => "auth.bad_credentials",
            Self::Locked(_) => "auth.locked",
            Self::WeakPassword => "validation.weak_password",
            Self::Invalid(_) => "validation.invalid",
            Self::AlreadySetUp => "conflict",
            Self::BadInvitation => "auth.invalid_invitation",
            Self::SecondFactorRequired => "auth.totp_required",
            Self::BadSecondFactor => "auth.bad_totp",
            Self::Store(e) => e.code(),
        }
    }
}

/// An argon2id PHC string for `password` with a fresh random salt.
pub fn hash_password(password: &str) -> Result<String, AuthError> {
    if password.chars().count() < MIN_PASSWORD {
        return Err(AuthError::WeakPassword);
    }
    let mut salt = [0u8; 16];
    getrandom::fill(&mut salt).map_err(|e| AuthError::Invalid(e.to_string()))?;
    let salt = SaltString::encode_b64(&salt).map_err(|e| AuthError::Invalid(e.to_string()))?;
    argon2::Argon2::default()
        .hash_password(password.as_bytes(), &salt)
        .map(|h| h.to_string())
        .map_err(|e| AuthError::Invalid(e.to_string()))
}

pub(crate) fn verify_password(password: &str, phc: &str) -> bool {
    PasswordHash::new(phc).is_ok_and(|h| {
        argon2::Argon2::default()
            .verify_password(password.as_bytes(), &h)
            .is_ok()
    })
}

/// A new random secret token (256 bits, hex) and the sha256 stored for it.
pub fn new_token() -> (String, String) {
    let mut bytes = [0u8; 32];
    getrandom::fill(&mut bytes).expect("the operating system's random source");
    let token = hex::encode(bytes);
    let digest = token_digest(&token);
    (token, digest)
}

/// What the store keeps of a token: a leaked database gives no live session.
pub fn token_digest(token: &str) -> String {
    hex::encode(Sha256::digest(token.as_bytes()))
}

fn valid_email(email: &str) -> bool {
    let Some((local, domain)) = email.split_once('@') else {
        return false;
    };
    !local.is_empty()
        && domain.contains('.')
        && !domain.starts_with('.')
        && !domain.ends_with('.')
        && email.len() <= 254
        && !email.chars().any(|c| c.is_whitespace() || c.is_control())
}

fn rfc3339(t: chrono::DateTime<chrono::Utc>) -> String {
    t.to_rfc3339_opts(chrono::SecondsFormat::Millis, true)
}

/// First-run setup: the first company and its administrator. Rows stored
/// before (by the terminal) become the company's. Fails once set up.
pub async fn set_up(
    store: &Store,
    company: &str,
    email: &str,
    name: &str,
    password: &str,
) -> Result<(Company, Account), AuthError> {
    let company = company.trim();
    if company.is_empty() || company.len() > 200 {
        return Err(AuthError::Invalid(
            "a company name of 1–200 characters".into(),
        ));
    }
    let email = email.trim().to_lowercase();
    if !valid_email(&email) {
        return Err(AuthError::Invalid(format!(
            "not an e-mail address: {email}"
        )));
    }
    let hash = hash_password(password)?;
    store
        .set_up_first_company(company, &email, name.trim(), &hash)
        .await?
        .ok_or(AuthError::AlreadySetUp)
}

/// Add a user to the company of `store`'s scope.
pub async fn add_user(
    store: &Store,
    email: &str,
    name: &str,
    role: Role,
    password: &str,
) -> Result<Account, AuthError> {
    let email = email.trim().to_lowercase();
    if !valid_email(&email) {
        return Err(AuthError::Invalid(format!(
            "not an e-mail address: {email}"
        )));
    }
    let hash = hash_password(password)?;
    Ok(store.create_user(&email, name.trim(), role, &hash).await?)
}

/// Check a password; on success a new session token (give it to the
/// client, once) and the account. Five failures in a row lock the account
/// for fifteen minutes; a locked account fails even with the right password.
pub async fn sign_in(
    store: &Store,
    email: &str,
    password: &str,
) -> Result<(String, Account), AuthError> {
    sign_in_with(store, email, password, None).await
}

/// [`sign_in`] with the authenticator code an account with the second
/// factor on needs (a wrong code counts as a failed sign-in).
pub async fn sign_in_with(
    store: &Store,
    email: &str,
    password: &str,
    code: Option<&str>,
) -> Result<(String, Account), AuthError> {
    let now = chrono::Utc::now();
    let email = email.trim().to_lowercase();
    let Some((account, hash, failures, locked_until)) = store.credentials(&email).await? else {
        // Same work as a real check, so timing does not tell who exists.
        let _ = verify_password(password, DUMMY_HASH);
        return Err(AuthError::BadCredentials);
    };
    if let Some(until) = locked_until.filter(|u| *u > rfc3339(now)) {
        return Err(AuthError::Locked(until));
    }
    if !hash
        .as_deref()
        .is_some_and(|h| verify_password(password, h))
    {
        return Err(failed(store, &account.id, failures, AuthError::BadCredentials).await?);
    }
    if let Some(secret) = totp::active(store, &account.id).await? {
        let Some(code) = code else {
            return Err(AuthError::SecondFactorRequired);
        };
        if !totp::check(&secret, &account.email, code)? {
            return Err(failed(store, &account.id, failures, AuthError::BadSecondFactor).await?);
        }
    }
    let (token, digest) = new_token();
    let expires = rfc3339(now + chrono::Duration::hours(SESSION_HOURS));
    store.open_session(&account.id, &digest, &expires).await?;
    Ok((token, account))
}

/// Count a failed sign-in: the error to give, `Locked` when this failure
/// is the one that locks the account.
async fn failed(
    store: &Store,
    user_id: &str,
    failures: i64,
    otherwise: AuthError,
) -> Result<AuthError, AuthError> {
    let lock = (failures + 1 >= LOCK_AFTER)
        .then(|| rfc3339(chrono::Utc::now() + chrono::Duration::minutes(LOCK_MINUTES)));
    store
        .record_failed_sign_in(user_id, lock.as_deref())
        .await?;
    Ok(match lock {
        Some(until) => AuthError::Locked(until),
        None => otherwise,
    })
}

/// The account a session token belongs to, if it is live.
pub async fn session(store: &Store, token: &str) -> Result<Option<Account>, StoreError> {
    store
        .session_account(&token_digest(token), &rfc3339(chrono::Utc::now()))
        .await
}

pub async fn sign_out(store: &Store, token: &str) -> Result<(), StoreError> {
    store.close_session(&token_digest(token)).await
}

/// A new invitation to one interview: (secret token, invitation). The token
/// is shown once; only its digest is stored.
pub async fn invite(
    store: &Store,
    interview_id: &str,
    created_by: Option<&str>,
    valid_for: chrono::Duration,
) -> Result<(String, Invitation), AuthError> {
    if valid_for <= chrono::Duration::zero() || valid_for > chrono::Duration::days(60) {
        return Err(AuthError::Invalid(
            "an invitation lasts up to 60 days".into(),
        ));
    }
    let (token, digest) = new_token();
    let expires = rfc3339(chrono::Utc::now() + valid_for);
    let invitation = store
        .create_invitation(interview_id, &digest, created_by, &expires)
        .await?;
    Ok((token, invitation))
}

/// The interview (and its company) an invitation token opens, if it is
/// neither expired nor revoked.
pub async fn redeem(store: &Store, token: &str) -> Result<(String, Option<String>), AuthError> {
    if token.len() != 64 || !token.bytes().all(|b| b.is_ascii_hexdigit()) {
        return Err(AuthError::BadInvitation);
    }
    store
        .live_invitation(&token_digest(token), &rfc3339(chrono::Utc::now()))
        .await?
        .ok_or(AuthError::BadInvitation)
}

/// An argon2id hash of a random password nobody knows, verified against
/// when the e-mail address is unknown.
const DUMMY_HASH: &str = "$argon2id$v=19$m=19456,t=2,p=1$c29tZXNhbHRzb21lc2FsdA$2wN0Hr0WzzOXP3tO6uiGkkEhbQ6eGpzOeqv1WJjYk3Q";
