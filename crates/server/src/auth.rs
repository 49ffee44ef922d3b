//! Who is calling: a session (the `ats_session` cookie, or
//! `Authorization: Bearer <token>` for programs), or a candidate's
//! invitation (the `ats_invite` cookie, or `Authorization: Invite <token>`).
//! A credential that was sent but is not valid is an error, never a quiet
//! downgrade to anonymous.

use ats_api::{Api, ApiError, Principal};
use axum::http::{HeaderMap, HeaderValue, header};
use axum::response::Response;

const SESSION: &str = "ats_session";
const INVITE: &str = "ats_invite";

fn cookie<'h>(headers: &'h HeaderMap, name: &str) -> Option<&'h str> {
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|kv| kv.trim().split_once('='))
        .find(|(k, _)| *k == name)
        .map(|(_, v)| v)
}

/// The caller and, for a session, its token.
pub async fn principal(
    api: &Api,
    headers: &HeaderMap,
) -> Result<(Principal, Option<String>), ApiError> {
    let authorization = headers
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok());
    let (session, invite) = match authorization.and_then(|a| a.split_once(' ')) {
        Some(("Bearer", token)) => (Some(token.trim()), None),
        Some(("Invite", token)) => (None, Some(token.trim())),
        Some(_) => return Err(ApiError::Unauthenticated),
        None => (cookie(headers, SESSION), cookie(headers, INVITE)),
    };
    if let Some(token) = session {
        return match ats_core::accounts::session(api.store(), token).await? {
            Some(account) => Ok((Principal::User(account), Some(token.to_owned()))),
            None => Err(ApiError::Unauthenticated),
        };
    }
    if let Some(token) = invite {
        let (interview_id, company_id) = ats_core::accounts::redeem(api.store(), token).await?;
        return Ok((
            Principal::Candidate {
                interview_id,
                company_id,
            },
            None,
        ));
    }
    Ok((Principal::Anonymous, None))
}

fn set_cookie(response: &mut Response, name: &str, value: &str, max_age: i64, secure: bool) {
    let secure = if secure { "; Secure" } else { "" };
    let text =
        format!("{name}={value}; HttpOnly; SameSite=Strict; Path=/; Max-Age={max_age}{secure}");
    if let Ok(v) = HeaderValue::from_str(&text) {
        response.headers_mut().append(header::SET_COOKIE, v);
    }
}

pub fn set_session_cookie(response: &mut Response, token: &str, secure: bool) {
    let age = ats_core::accounts::SESSION_HOURS * 3600;
    set_cookie(response, SESSION, token, age, secure);
}

pub fn clear_session_cookie(response: &mut Response, secure: bool) {
    set_cookie(response, SESSION, "", 0, secure);
}

pub fn set_invitation_cookie(response: &mut Response, token: &str, secure: bool) {
    set_cookie(response, INVITE, token, 60 * 24 * 3600, secure);
}
