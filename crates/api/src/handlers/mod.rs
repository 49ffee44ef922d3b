//! One handler per method, each a thin call into `ats_core` over the
//! caller's scoped store (`ctx.store`).

pub mod applications;
pub mod audit;
pub mod auth;
pub mod candidates;
pub mod interviews;
pub mod jobs;
pub mod mail;
pub mod scoring;
pub mod settings;

use crate::ApiError;

fn doc(value: impl serde::Serialize) -> Result<serde_json::Value, ApiError> {
    serde_json::to_value(value).map_err(ApiError::internal)
}

/// A file to download.
fn file(name: String, content_type: &str, bytes: &[u8]) -> crate::dto::FileDto {
    use base64::Engine;
    crate::dto::FileDto {
        name,
        content_type: content_type.into(),
        content_base64: base64::engine::general_purpose::STANDARD.encode(bytes),
    }
}
