//! Errors crossing the boundary: `{code, message}` with the core's stable
//! codes plus `auth.*`, `validation.*`, `not_found`, `conflict` and
//! `rate_limited`. `docs/error-codes.md` lists every code.

use serde::Serialize;

#[derive(Debug, thiserror::Error)]
pub enum ApiError {
    #[error("sign in first")]
    Unauthenticated,
    #[error("your role may not call {0}")]
    Forbidden(String),
    #[error("{0} not found")]
    NotFound(String),
    #[error("{0}")]
    Conflict(String),
    #[error("invalid input: {0}")]
    Invalid(String),
    #[error("too many requests; try again in {0} s")]
    RateLimited(u64),
    /// A core error with its own stable code.
    #[error("{message}")]
    Core { code: &'static str, message: String },
    #[error("internal error: {0}")]
    Internal(String),
}

/// The wire form of an error.
#[derive(Debug, Clone, Serialize, serde::Deserialize, schemars::JsonSchema, ts_rs::TS)]
pub struct ErrorBody {
    pub code: String,
    pub message: String,
}

impl ApiError {
    pub fn code(&self) -> &'static str {
        match self {
            Self::Unauthenticated => "auth.unauthenticated",
            Self::Forbidden(_) => "auth.forbidden",
            Self::NotFound(_) => "not_found",
            Self::Conflict(_) => "conflict",
            Self::Invalid(_) => "validation.invalid",
            Self::RateLimited(_) => "rate_limited",
            Self::Core { code, .. } => code,
            Self::Internal(_) => "internal",
        }
    }

    /// The HTTP status a server answers with.
    pub fn status(&self) -> u16 {
        match self.code() {
            "auth.unauthenticated"
            | "auth.bad_credentials"
            | "auth.invalid_invitation"
            | "auth.totp_required"
            | "auth.bad_totp" => 401,
            "auth.forbidden" => 403,
            "auth.locked" => 423,
            "not_found" => 404,
            "conflict" => 409,
            "rate_limited" => 429,
            "internal" | "store.database" | "store.io" | "store.malformed" => 500,
            c if c.starts_with("validation.") => 422,
            _ => 400,
        }
    }

    pub fn body(&self) -> ErrorBody {
        ErrorBody {
            code: self.code().to_owned(),
            message: self.to_string(),
        }
    }

    pub fn invalid(e: impl std::fmt::Display) -> Self {
        Self::Invalid(e.to_string())
    }

    pub fn internal(e: impl std::fmt::Display) -> Self {
        Self::Internal(e.to_string())
    }
}

/// Core errors keep their codes, except that the store's "not found" and
/// "conflict" read as the API's generic ones: a row of another tenant and a
/// row that does not exist must look the same.
fn core(code: &'static str, message: String) -> ApiError {
    match code {
        "store.not_found" => ApiError::NotFound(message.trim_end_matches(" not found").to_owned()),
        "store.conflict" => ApiError::Conflict(message),
        _ => ApiError::Core { code, message },
    }
}

macro_rules! from_core {
    ($($t:ty),*) => {$(
        impl From<$t> for ApiError {
            fn from(e: $t) -> Self {
                core(e.code(), e.to_string())
            }
        }
    )*};
}

from_core!(
    ats_core::StoreError,
    ats_core::ResumeError,
    ats_core::ImportError,
    ats_core::accounts::AuthError,
    ats_core::interview::InterviewError,
    ats_core::scoring::ScoringError,
    ats_core::ranking::RankError,
    ats_core::search::SearchError,
    ats_core::fairness::FairnessError,
    ats_core::report::ReportError
);
