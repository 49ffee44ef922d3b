//! The ATS core: domain types, storage and services. It knows nothing of
//! Tauri, HTTP or the terminal; every shell calls into it.
//!
//! Start at [`ingest::ResumeParser`] (bytes → [`resume::JsonResume`]) and
//! [`store::Store`] (SQLite, migrations, repositories).

pub mod accounts;
pub mod audit;
pub mod digest;
#[cfg(feature = "embed")]
pub mod embed;
pub mod error;
pub mod fairness;
pub mod fold;
pub mod import;
pub mod ingest;
pub mod interview;
pub mod jobs;
pub mod llm;
pub mod mail;
pub mod matching;
pub mod paths;
pub mod ranking;
pub mod report;
pub mod resume;
pub mod rubric;
pub mod scoring;
#[cfg(feature = "embed")]
pub mod search;
pub mod skills;
pub mod store;
pub mod structure;
pub mod task;
pub mod watch;

pub use error::{ErrorPayload, ImportError, InternalError, ResumeError, StoreError};
