//! `POST /upload?name=FILE`: one resume as the raw request body
//! (`Content-Type: application/octet-stream`), read as a stream and
//! refused as soon as it passes the resume size limit, so an oversized
//! or endless body is never buffered. The file then goes through the
//! method table's `candidates.upload`, exactly as the JSON form does.

use crate::{AppState, Shared, auth, error_response};
use ats_api::ApiError;
use axum::extract::{ConnectInfo, Query, State};
use axum::http::{HeaderMap, header};
use axum::response::{IntoResponse, Response};
use base64::Engine;
use futures_util::StreamExt;
use std::net::SocketAddr;

const METHOD: &str = "candidates.upload";

#[derive(serde::Deserialize)]
pub struct Named {
    /// The file's name (its extension helps tell the format).
    name: String,
}

pub async fn resume(
    State(state): State<Shared>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    Query(named): Query<Named>,
    headers: HeaderMap,
    body: axum::body::Body,
) -> Response {
    let started = std::time::Instant::now();
    let result = read_and_import(&state, peer, &named.name, &headers, body).await;
    let code = match &result {
        Ok(_) => "ok",
        Err(e) => e.code(),
    };
    state.metrics.observe(METHOD, code, started.elapsed());
    match result {
        Ok(response) => response,
        Err(e) => error_response(&e),
    }
}

async fn read_and_import(
    state: &AppState,
    peer: SocketAddr,
    name: &str,
    headers: &HeaderMap,
    body: axum::body::Body,
) -> Result<Response, ApiError> {
    // Not a type a cross-site form can send without CORS's consent.
    let raw = headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("application/octet-stream"));
    if !raw {
        return Err(ApiError::Invalid(
            "send Content-Type: application/octet-stream".into(),
        ));
    }
    let (who, session) = auth::principal(&state.api, headers).await?;
    state.limiter.check(&who, peer)?;
    // Who may not upload is refused before a byte of the body is read.
    ats_api::permitted(&who, METHOD)?;
    let parser = ats_core::ingest::ResumeParser::default();
    let declared = headers
        .get(header::CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse::<u64>().ok());
    if let Some(length) = declared {
        parser.check_size(length)?;
    }
    let mut bytes = Vec::with_capacity(declared.unwrap_or(0).min(1 << 20) as usize);
    let mut stream = body.into_data_stream();
    while let Some(chunk) = stream.next().await {
        let chunk = chunk.map_err(|e| ApiError::Invalid(format!("request body: {e}")))?;
        parser.check_size((bytes.len() + chunk.len()) as u64)?;
        bytes.extend_from_slice(&chunk);
    }
    let input = serde_json::json!({
        "file_name": name,
        "content_base64": base64::engine::general_purpose::STANDARD.encode(&bytes),
    });
    drop(bytes);
    let output = state
        .api
        .call_in_session(who, session, METHOD, input)
        .await?;
    Ok(axum::Json(output).into_response())
}
