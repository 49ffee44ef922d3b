//! The authenticator-app second factor: pending until confirmed with a
//! current code, then required at sign-in, and off again with the password.

use crate::support::{As, PASSWORD, spawn_app};
use ats_core::accounts::totp::current_code;
use serde_json::json;

#[tokio::test]
async fn totp_is_required_once_confirmed() {
    let app = spawn_app().await;
    let admin = app.setup("acme").await;
    let email = "admin@acme.test";
    let setup = app.ok(As::User(&admin), "auth.totp_begin", json!({})).await;
    let secret = setup["secret"].as_str().unwrap();
    assert!(
        setup["url"]
            .as_str()
            .unwrap()
            .starts_with("otpauth://totp/")
    );
    assert!(setup["qr_svg"].as_str().unwrap().contains("<svg"));
    // Pending: signing in needs no code yet.
    app.sign_in(email).await;
    let (status, body) = app
        .call(
            As::User(&admin),
            "auth.totp_confirm",
            json!({"code": "000000"}),
        )
        .await;
    assert_eq!(
        (status.as_u16(), body["code"].as_str()),
        (401, Some("auth.bad_totp"))
    );
    let code = current_code(secret, email).unwrap();
    app.ok(As::User(&admin), "auth.totp_confirm", json!({"code": code}))
        .await;

    let (status, body) = app
        .call(
            As::Nobody,
            "auth.sign_in",
            json!({"email": email, "password": PASSWORD}),
        )
        .await;
    assert_eq!(
        (status.as_u16(), body["code"].as_str()),
        (401, Some("auth.totp_required"))
    );
    let (_, body) = app
        .call(
            As::Nobody,
            "auth.sign_in",
            json!({"email": email, "password": PASSWORD, "totp": "123 456"}),
        )
        .await;
    assert!(
        matches!(body["code"].as_str(), Some("auth.bad_totp")),
        "{body}"
    );
    let code = current_code(secret, email).unwrap();
    let signed = app
        .ok(
            As::Nobody,
            "auth.sign_in",
            json!({"email": email, "password": PASSWORD, "totp": code}),
        )
        .await;
    let token = signed["token"].as_str().unwrap();

    let (status, _) = app
        .call(
            As::User(token),
            "auth.totp_disable",
            json!({"password": "not the password"}),
        )
        .await;
    assert_eq!(status.as_u16(), 401);
    app.ok(
        As::User(token),
        "auth.totp_disable",
        json!({"password": PASSWORD}),
    )
    .await;
    app.sign_in(email).await;
}
