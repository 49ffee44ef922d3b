//! The optional second factor: time-based one-time passwords (RFC 6238,
//! 6 digits, 30 s, SHA-1 — what authenticator apps read from a QR code).
//! Turning it on takes two steps: [`begin`] stores a pending secret and
//! returns its `otpauth://` URL; [`confirm`] with a code from the app turns
//! it on. From then on a sign-in needs a current code as well.

use super::{AuthError, verify_password};
use crate::accounts::Account;
use crate::store::Store;
use totp_rs::{Algorithm, Secret, TOTP};

const PENDING: &str = "pending:";
const ISSUER: &str = "ATS";

fn totp(secret_base32: &str, email: &str) -> Result<TOTP, AuthError> {
    let bytes = Secret::Encoded(secret_base32.to_owned())
        .to_bytes()
        .map_err(|e| AuthError::Invalid(format!("stored second factor: {e:?}")))?;
    TOTP::new(
        Algorithm::SHA1,
        6,
        1,
        30,
        bytes,
        Some(ISSUER.into()),
        email.to_owned(),
    )
    .map_err(|e| AuthError::Invalid(e.to_string()))
}

/// A new pending secret for `account`: (base32 secret, otpauth URL).
pub async fn begin(store: &Store, account: &Account) -> Result<(String, String), AuthError> {
    let mut bytes = [0u8; 20];
    getrandom::fill(&mut bytes).map_err(|e| AuthError::Invalid(e.to_string()))?;
    let secret = Secret::Raw(bytes.to_vec()).to_encoded().to_string();
    let url = totp(&secret, &account.email)?.get_url();
    store
        .set_totp_secret(&account.id, Some(&format!("{PENDING}{secret}")))
        .await?;
    Ok((secret, url))
}

/// Turn the pending secret on with a current code from the app.
pub async fn confirm(store: &Store, account: &Account, code: &str) -> Result<(), AuthError> {
    let stored = store.totp_secret(&account.id).await?;
    let Some(secret) = stored.as_deref().and_then(|s| s.strip_prefix(PENDING)) else {
        return Err(AuthError::Invalid(
            "no second factor is being set up (call auth.totp_begin first)".into(),
        ));
    };
    if !check(secret, &account.email, code)? {
        return Err(AuthError::BadSecondFactor);
    }
    store.set_totp_secret(&account.id, Some(secret)).await?;
    Ok(())
}

/// Turn the second factor off (the password confirms it is the owner).
pub async fn disable(store: &Store, account: &Account, password: &str) -> Result<(), AuthError> {
    let Some((_, hash, _, _)) = store.credentials(&account.email).await? else {
        return Err(AuthError::BadCredentials);
    };
    if !hash
        .as_deref()
        .is_some_and(|h| verify_password(password, h))
    {
        return Err(AuthError::BadCredentials);
    }
    store.set_totp_secret(&account.id, None).await?;
    Ok(())
}

/// The active secret of a user, if the second factor is on.
pub(super) async fn active(store: &Store, user_id: &str) -> Result<Option<String>, AuthError> {
    Ok(store
        .totp_secret(user_id)
        .await?
        .filter(|s| !s.starts_with(PENDING)))
}

/// Whether `code` is current (this 30 s step or the one either side).
pub(super) fn check(secret: &str, email: &str, code: &str) -> Result<bool, AuthError> {
    let code: String = code.chars().filter(|c| !c.is_whitespace()).collect();
    if code.len() != 6 || !code.bytes().all(|b| b.is_ascii_digit()) {
        return Ok(false);
    }
    totp(secret, email)?
        .check_current(&code)
        .map_err(|e| AuthError::Invalid(e.to_string()))
}

/// The code an authenticator app shows now (for tests and scripts).
pub fn current_code(secret_base32: &str, email: &str) -> Result<String, AuthError> {
    totp(secret_base32, email)?
        .generate_current()
        .map_err(|e| AuthError::Invalid(e.to_string()))
}
