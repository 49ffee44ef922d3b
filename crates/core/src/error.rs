//! Typed errors at the core's boundary. Every variant has a stable `code()`
//! that callers (CLI JSON, HTTP, UI) may match on; the `Display` text is the
//! human message and may change.

use serde::Serialize;

/// Why one resume could not be turned into a candidate.
#[derive(Debug, thiserror::Error)]
pub enum ResumeError {
    #[error("unsupported file type: {0}")]
    UnsupportedType(String),
    #[error("file is {size} bytes, over the limit of {limit} bytes")]
    TooLarge { size: u64, limit: u64 },
    /// Compressed content (PDF streams, zip parts) that inflates past the
    /// limit: a compression bomb, or a document far larger than a resume.
    #[error("the file's compressed content inflates to more than {limit} bytes")]
    Inflated { limit: u64 },
    /// More of something than any resume has (text operations, glyphs).
    #[error("the file has {0}, more than a resume has")]
    TooComplex(String),
    #[error("the PDF is encrypted with a password")]
    Encrypted,
    #[error("the PDF has no text layer (scanned or image-only); it needs OCR")]
    NeedsOcr,
    #[error("the file is corrupt or truncated: {0}")]
    Corrupt(String),
    #[error("the file contains no text")]
    Empty,
    #[error("parsing took longer than {0} ms")]
    Timeout(u64),
    #[error("could not read the file: {0}")]
    Io(String),
}

impl ResumeError {
    /// Stable machine-readable code; never changes meaning.
    pub fn code(&self) -> &'static str {
        match self {
            Self::UnsupportedType(_) => "resume.unsupported_type",
            Self::TooLarge { .. } | Self::Inflated { .. } | Self::TooComplex(_) => {
                "resume.too_large"
            }
            Self::Encrypted => "resume.encrypted",
            Self::NeedsOcr => "resume.needs_ocr",
            Self::Corrupt(_) => "resume.corrupt",
            Self::Empty => "resume.empty",
            Self::Timeout(_) => "resume.timeout",
            Self::Io(_) => "resume.io",
        }
    }

    pub fn to_payload(&self) -> ErrorPayload {
        ErrorPayload {
            code: self.code().to_owned(),
            message: self.to_string(),
        }
    }
}

/// Errors of the storage layer.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("database error: {0}")]
    Database(#[from] sqlx::Error),
    #[error("migration failed: {0}")]
    Migrate(#[from] sqlx::migrate::MigrateError),
    #[error("file storage error: {0}")]
    Io(#[from] std::io::Error),
    #[error("{0} not found")]
    NotFound(String),
    #[error("stored data is malformed: {0}")]
    Malformed(String),
    /// The change conflicts with what is stored (a concurrent change, a
    /// message already handled, an edit no longer allowed).
    #[error("conflict: {0}")]
    Conflict(String),
}

impl StoreError {
    pub fn code(&self) -> &'static str {
        match self {
            Self::Database(_) | Self::Migrate(_) => "store.database",
            Self::Io(_) => "store.io",
            Self::NotFound(_) => "store.not_found",
            Self::Malformed(_) => "store.malformed",
            Self::Conflict(_) => "store.conflict",
        }
    }
}

/// A bug: code of ours (or a library's) panicked on this input. The item
/// it was working on fails; nothing else does.
#[derive(Debug, thiserror::Error)]
#[error("internal error while {what}: {message} (this is a bug; the rest of the work went on)")]
pub struct InternalError {
    pub what: &'static str,
    pub message: String,
}

impl InternalError {
    pub fn new(what: &'static str, message: impl Into<String>) -> Self {
        let message = message.into();
        tracing::error!("internal error while {what}: {message}");
        Self { what, message }
    }

    pub fn code(&self) -> &'static str {
        "internal"
    }
}

/// Any error of an import: the resume was bad, storing it failed, or a
/// step after parsing met a bug.
#[derive(Debug, thiserror::Error)]
pub enum ImportError {
    #[error(transparent)]
    Resume(#[from] ResumeError),
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error(transparent)]
    Internal(#[from] InternalError),
}

impl ImportError {
    pub fn code(&self) -> &'static str {
        match self {
            Self::Resume(e) => e.code(),
            Self::Store(e) => e.code(),
            Self::Internal(e) => e.code(),
        }
    }

    pub fn to_payload(&self) -> ErrorPayload {
        ErrorPayload {
            code: self.code().to_owned(),
            message: self.to_string(),
        }
    }
}

/// The `{code, message}` pair every shell sends to its client.
#[derive(Debug, Clone, Serialize, serde::Deserialize, PartialEq, Eq)]
pub struct ErrorPayload {
    pub code: String,
    pub message: String,
}
