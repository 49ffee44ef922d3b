//! Candidate invitation links: a live token opens one interview and
//! nothing else; expired, revoked and guessed tokens open nothing.

use crate::support::{As, hiring, spawn_app};
use reqwest::StatusCode;
use serde_json::json;

#[tokio::test]
async fn a_link_opens_one_interview_only() {
    let app = spawn_app().await;
    let admin = app.setup("acme").await;
    let h = hiring(&app, &admin).await;
    let link = app
        .ok(
            As::User(&admin),
            "invitations.create",
            json!({"interview_id": h.interview, "valid_hours": 24}),
        )
        .await;
    let token = link["token"].as_str().unwrap();
    assert_eq!(link["path"], format!("/i/{token}"));
    // The QR code reads back as the link (SVG drawn, PNG decoded here).
    assert!(link["qr_svg"].as_str().unwrap().contains("<svg"));
    let png = base64::Engine::decode(
        &base64::engine::general_purpose::STANDARD,
        link["qr_png_base64"].as_str().unwrap(),
    )
    .unwrap();
    let image = image::load_from_memory(&png).unwrap().to_luma8();
    let mut prepared = rqrr::PreparedImage::prepare(image);
    let grids = prepared.detect_grids();
    assert_eq!(grids.len(), 1);
    let (_, content) = grids[0].decode().unwrap();
    assert_eq!(content, link["path"].as_str().unwrap());
    assert_eq!(token.len(), 64, "256 random bits");
    // Only its digest is stored.
    let listed = app
        .ok(
            As::User(&admin),
            "invitations.list",
            json!({"interview_id": h.interview}),
        )
        .await;
    assert!(!listed.to_string().contains(token));

    let own = app
        .ok(As::Invite(token), "candidate.interview", json!({}))
        .await;
    assert_eq!(own["interview_id"], h.interview);
    assert!(own.get("card").is_none() && own.get("overall").is_none());
    // Nothing else: not the interview's recruiter view, not its scorecard.
    for (method, input) in [
        ("interviews.get", json!({"id": h.interview})),
        ("scorecards.get", json!({"interview_id": h.interview})),
        ("candidates.list", json!({})),
        ("auth.me", json!({})),
    ] {
        let (status, body) = app.call(As::Invite(token), method, input).await;
        assert_eq!(status, StatusCode::FORBIDDEN, "{method}: {body}");
    }

    // Opening the link sets an HttpOnly cookie that works on its own.
    let opened = app
        .client
        .get(format!("{}{}", app.base, link["path"].as_str().unwrap()))
        .send()
        .await
        .unwrap();
    assert_eq!(opened.status(), StatusCode::OK);
    let cookie = opened.headers()["set-cookie"].to_str().unwrap().to_owned();
    assert!(
        cookie.contains("HttpOnly") && cookie.contains("SameSite=Strict"),
        "{cookie}"
    );
    let pair = cookie.split(';').next().unwrap();
    let via_cookie = app
        .client
        .post(format!("{}/api/candidate.interview", app.base))
        .header("cookie", pair)
        .json(&json!({}))
        .send()
        .await
        .unwrap();
    assert_eq!(via_cookie.status(), StatusCode::OK);

    // Revoked: refused everywhere.
    let id = link["invitation"]["id"].as_str().unwrap();
    let revoked = app
        .ok(As::User(&admin), "invitations.revoke", json!({"id": id}))
        .await;
    assert!(revoked["revoked_at"].is_string());
    let (status, body) = app
        .call(As::Invite(token), "candidate.interview", json!({}))
        .await;
    assert_eq!(status, StatusCode::UNAUTHORIZED, "{body}");
    assert_eq!(body["code"], "auth.invalid_invitation");
}

#[tokio::test]
async fn expired_and_guessed_tokens_fail() {
    let app = spawn_app().await;
    let admin = app.setup("acme").await;
    let h = hiring(&app, &admin).await;
    let (token, _) = ats_core::accounts::invite(
        &app.store,
        &h.interview,
        None,
        chrono::Duration::milliseconds(300),
    )
    .await
    .unwrap();
    app.ok(As::Invite(&token), "candidate.interview", json!({}))
        .await;
    tokio::time::sleep(std::time::Duration::from_millis(400)).await;
    let (status, _) = app
        .call(As::Invite(&token), "candidate.interview", json!({}))
        .await;
    assert_eq!(status, StatusCode::UNAUTHORIZED, "expired");
    for guess in [
        "0".repeat(64),
        format!("{}0", &token[..63]),
        "not-a-token".into(),
        String::new(),
    ] {
        let (status, body) = app
            .call(As::Invite(&guess), "candidate.interview", json!({}))
            .await;
        assert_eq!(status, StatusCode::UNAUTHORIZED, "{guess}: {body}");
    }
    let (status, _) = app
        .call(
            As::User(&admin),
            "invitations.create",
            json!({"interview_id": h.interview, "valid_hours": 100000}),
        )
        .await;
    assert_eq!(status.as_u16(), 422, "longer than 60 days");
}
