//! `GET /ws/interview`: a candidate's interview over a WebSocket, speaking
//! docs/interview-protocol.md unchanged: each client message and each
//! envelope is one text frame. The candidate is known by their invitation
//! (the `ats_invite` cookie set by `/i/{token}`, or `Authorization: Invite
//! <token>`); the conversation itself is `ats_core::interview::live`.

use crate::{Shared, auth, error_response};
use ats_api::{ApiError, Principal};
use ats_core::interview::protocol::Envelope;
use axum::extract::State;
use axum::extract::ws::{Message, WebSocket, WebSocketUpgrade};
use axum::http::{HeaderMap, header};
use axum::response::Response;
use futures_util::{SinkExt, StreamExt};

/// The longest frame a client may send (an answer is at most a few KB).
const MAX_FRAME: usize = 64 * 1024;

/// The read buffer of a connection. tungstenite zeroes the free part of it
/// before every read (128 KiB by default), which was the server's largest
/// cost with a thousand interviews at once; a longer frame grows it.
pub const READ_BUFFER: usize = 8 * 1024;

pub async fn interview(
    State(state): State<Shared>,
    headers: HeaderMap,
    upgrade: WebSocketUpgrade,
) -> Response {
    // A page of another site must not drive a candidate's interview with
    // their cookie: the origin, when a browser sends one, must be ours.
    if let Some(origin) = headers.get(header::ORIGIN).and_then(|o| o.to_str().ok()) {
        let host = headers
            .get(header::HOST)
            .and_then(|h| h.to_str().ok())
            .unwrap_or("");
        let same = origin
            .split_once("://")
            .is_some_and(|(_, rest)| rest == host);
        if !same && !state.config.origins.iter().any(|o| o == origin) {
            return error_response(&ApiError::Forbidden("a WebSocket from this origin".into()));
        }
    }
    let interview_id = match auth::principal(&state.api, &headers).await {
        Ok((Principal::Candidate { interview_id, .. }, _)) => interview_id,
        Ok(_) => return error_response(&ApiError::Unauthenticated),
        Err(e) => return error_response(&e),
    };
    if let Err(e) = state.limiter.check_interview(&interview_id) {
        return error_response(&e);
    }
    upgrade
        .max_message_size(MAX_FRAME)
        .read_buffer_size(READ_BUFFER)
        .on_upgrade(move |socket| connection(state, interview_id, socket))
}

async fn connection(state: Shared, interview_id: String, socket: WebSocket) {
    let _live = state.metrics.connected(&interview_id);
    let (mut sink, mut stream) = socket.split();
    let (out, mut envelopes) = tokio::sync::mpsc::unbounded_channel::<Envelope>();
    let (inbound, messages) = tokio::sync::mpsc::channel::<String>(16);
    let writer = tokio::spawn(async move {
        while let Some(envelope) = envelopes.recv().await {
            let Ok(text) = serde_json::to_string(&envelope) else {
                continue;
            };
            if sink.send(Message::Text(text.into())).await.is_err() {
                break;
            }
        }
        let _ = sink.close().await;
    });
    let reader = async move {
        while let Some(Ok(frame)) = stream.next().await {
            match frame {
                Message::Text(text) if inbound.send(text.to_string()).await.is_err() => break,
                Message::Close(_) => break,
                _ => {}
            }
        }
    };
    let conductor = state.conductor.clone();
    let serving = ats_core::interview::live::serve(&conductor, &interview_id, messages, &out);
    let ((), served) = tokio::join!(reader, serving);
    if let Err(e) = served {
        tracing::warn!(code = e.code(), "interview connection ended: {e}");
    }
    drop(out);
    let _ = writer.await;
}

/// `GET /ws/events`: a signed-in user's live feed of long work's progress
/// (ranking, …) in their company, one JSON object per text frame.
pub async fn events(
    State(state): State<Shared>,
    headers: HeaderMap,
    upgrade: WebSocketUpgrade,
) -> Response {
    let account = match auth::principal(&state.api, &headers).await {
        Ok((Principal::User(account), _)) => account,
        Ok(_) => return error_response(&ApiError::Unauthenticated),
        Err(e) => return error_response(&e),
    };
    let mut feed = state.api.progress();
    upgrade
        .read_buffer_size(READ_BUFFER)
        .on_upgrade(move |socket| async move {
            let (mut sink, mut stream) = socket.split();
            // A super admin (no company) hears every company's work.
            let mine = |p: &ats_api::Progress| {
                account.company_id.is_none() || p.company_id == account.company_id
            };
            loop {
                tokio::select! {
                    progress = feed.recv() => match progress {
                        Ok(p) if mine(&p) => {
                            let Ok(text) = serde_json::to_string(&p) else { continue };
                            if sink.send(Message::Text(text.into())).await.is_err() {
                                break;
                            }
                        }
                        Ok(_) | Err(tokio::sync::broadcast::error::RecvError::Lagged(_)) => {}
                        Err(tokio::sync::broadcast::error::RecvError::Closed) => break,
                    },
                    frame = stream.next() => match frame {
                        Some(Ok(Message::Close(_)) | Err(_)) | None => break,
                        _ => {}
                    },
                }
            }
        })
}
