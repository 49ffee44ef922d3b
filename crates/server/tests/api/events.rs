//! Long work reports progress on the event socket, to its company only.

use crate::support::{As, hiring, spawn_app};
use futures_util::StreamExt;
use serde_json::json;
use tokio_tungstenite::tungstenite::client::IntoClientRequest;

async fn feed(
    base: &str,
    token: &str,
) -> tokio_tungstenite::WebSocketStream<tokio_tungstenite::MaybeTlsStream<tokio::net::TcpStream>> {
    let mut request = format!("{}/ws/events", base.replace("http://", "ws://"))
        .into_client_request()
        .unwrap();
    request
        .headers_mut()
        .insert("authorization", format!("Bearer {token}").parse().unwrap());
    tokio_tungstenite::connect_async(request).await.unwrap().0
}

#[tokio::test]
async fn ranking_progress_reaches_its_company_only() {
    let app = spawn_app().await;
    let admin_a = app.setup("a").await;
    let root = app.super_admin().await;
    let admin_b = app.company(&root, "b").await;
    let h = hiring(&app, &admin_a).await;
    let mut a = feed(&app.base, &admin_a).await;
    let mut b = feed(&app.base, &admin_b).await;
    app.ok(As::User(&admin_a), "jobs.rank", json!({"id": h.job}))
        .await;
    let done = loop {
        let frame = tokio::time::timeout(std::time::Duration::from_secs(10), a.next())
            .await
            .expect("progress within 10 s")
            .unwrap()
            .unwrap();
        let event: serde_json::Value = serde_json::from_str(frame.to_text().unwrap()).unwrap();
        assert_eq!(event["method"], "jobs.rank");
        if event["note"] == "done" {
            break event;
        }
    };
    assert_eq!(done["done"], done["total"]);
    assert!(done.get("company_id").is_none(), "not sent on the wire");
    let other = tokio::time::timeout(std::time::Duration::from_millis(500), b.next()).await;
    assert!(other.is_err(), "company B heard A's work: {other:?}");
    // Without a session there is no feed.
    let anonymous = tokio_tungstenite::connect_async(format!(
        "{}/ws/events",
        app.base.replace("http://", "ws://")
    ))
    .await;
    assert!(anonymous.is_err());
}
