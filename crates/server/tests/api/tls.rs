//! HTTPS through rustls with a configured certificate: the API answers
//! over TLS, plain HTTP to the same port does not get through, and the
//! session cookie is marked Secure.

use crate::support::PASSWORD;
use serde_json::json;

#[tokio::test]
async fn the_api_answers_over_tls() {
    let dir = tempfile::tempdir().unwrap();
    let cert = rcgen::generate_simple_self_signed(vec!["localhost".into()]).unwrap();
    let (cert_pem, key_pem) = (dir.path().join("cert.pem"), dir.path().join("key.pem"));
    std::fs::write(&cert_pem, cert.cert.pem()).unwrap();
    std::fs::write(&key_pem, cert.signing_key.serialize_pem()).unwrap();
    let store = ats_core::store::Store::open(&dir.path().join("data"))
        .await
        .unwrap();
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    let config = ats_server::ServerConfig {
        secure_cookies: true,
        ..Default::default()
    };
    let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
    let api = ats_api::Api::new(store);
    let (c, k) = (cert_pem.clone(), key_pem.clone());
    tokio::spawn(async move {
        ats_server::serve_tls(listener, api, config, &c, &k, async {
            let _ = stopped.await;
        })
        .await
    });
    let client = reqwest::Client::builder()
        .add_root_certificate(reqwest::Certificate::from_pem(cert.cert.pem().as_bytes()).unwrap())
        .build()
        .unwrap();
    let base = format!("https://localhost:{port}");
    let mut health = None;
    for _ in 0..50 {
        if let Ok(r) = client.get(format!("{base}/health")).send().await {
            health = Some(r);
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
    assert_eq!(health.expect("HTTPS answers").status().as_u16(), 200);
    let response = client
        .post(format!("{base}/api/auth.setup"))
        .json(
            &json!({"company": "Acme", "email": "a@acme.test", "name": "A", "password": PASSWORD}),
        )
        .send()
        .await
        .unwrap();
    assert_eq!(response.status().as_u16(), 200);
    let cookie = response.headers()["set-cookie"]
        .to_str()
        .unwrap()
        .to_owned();
    assert!(cookie.contains("Secure"), "{cookie}");
    // Plain HTTP on the TLS port gets no API answer.
    let plain = reqwest::Client::new()
        .get(format!("http://127.0.0.1:{port}/health"))
        .send()
        .await;
    assert!(plain.is_err() || !plain.unwrap().status().is_success());
    let _ = stop.send(());
}
