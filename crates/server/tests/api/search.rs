//! Candidate search by meaning (the stored phrase vectors) and the streamed
//! resume upload.

use crate::support::{As, fixture, spawn_app};
use futures_util::StreamExt;
use reqwest::StatusCode;
use serde_json::{Value, json};

async fn upload_raw(
    app: &crate::support::App,
    token: &str,
    name: &str,
    body: reqwest::Body,
) -> (StatusCode, Value) {
    let response = app
        .client
        .post(format!("{}/upload?name={name}", app.base))
        .bearer_auth(token)
        .header("content-type", "application/octet-stream")
        .body(body)
        .send()
        .await
        .unwrap();
    let status = response.status();
    (status, response.json().await.unwrap_or(Value::Null))
}

#[tokio::test]
async fn search_by_meaning_finds_what_no_word_of_the_query_matches() {
    let app = spawn_app().await;
    let admin = app.setup("Acme").await;
    let mut ids = Vec::new();
    for file in [
        "resumes/r09_jsonresume_sample.json",
        "resumes/r02_sb2nov.pdf",
        "resumes/r24_simplecv_academic.pdf",
    ] {
        let bytes = std::fs::read(fixture(file)).unwrap();
        let (status, out) = upload_raw(&app, &admin, file, bytes.into()).await;
        assert_eq!(status, StatusCode::OK, "{file}: {out}");
        ids.push(out["candidate_id"].as_str().unwrap().to_owned());
    }
    // The geophysicist's resume speaks of climate change and statistics,
    // not of these words.
    let query = "research on global warming of the planet's atmosphere";
    let words = app
        .ok(
            As::User(&admin),
            "candidates.search",
            json!({"query": query}),
        )
        .await;
    assert!(
        words.as_array().unwrap().is_empty(),
        "every word must match in a full-text search: {words}"
    );
    let meaning = app
        .ok(
            As::User(&admin),
            "candidates.search",
            json!({"query": query, "mode": "meaning", "limit": 2}),
        )
        .await;
    let hits = meaning.as_array().unwrap();
    assert_eq!(hits.len(), 2, "{meaning}");
    assert_eq!(hits[0]["candidate"]["id"], ids[2], "{meaning}");
    let score = hits[0]["score"].as_f64().unwrap();
    assert!(
        score > hits[1]["score"].as_f64().unwrap() && score <= 1.0,
        "{meaning}"
    );
    let reason = hits[0]["snippet"].as_str().unwrap().to_lowercase();
    assert!(
        reason.contains("climate"),
        "the phrase that matched: {reason}"
    );
    // An unknown mode is a validation error, not an empty answer.
    let (status, body) = app
        .call(
            As::User(&admin),
            "candidates.search",
            json!({"query": query, "mode": "vibes"}),
        )
        .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(body["code"], "validation.invalid", "{body}");
}

#[tokio::test]
async fn a_streamed_upload_is_cut_off_at_the_resume_limit() {
    let app = spawn_app().await;
    let admin = app.setup("Acme").await;
    // Imports like the JSON form, duplicates included.
    let bytes = std::fs::read(fixture("resumes/r09_jsonresume_sample.json")).unwrap();
    let (status, first) = upload_raw(&app, &admin, "cv.json", bytes.clone().into()).await;
    assert_eq!(status, StatusCode::OK, "{first}");
    assert_eq!(first["duplicate"], false);
    let (_, again) = upload_raw(&app, &admin, "cv.json", bytes.into()).await;
    assert_eq!(again["duplicate"], true, "{again}");
    assert_eq!(again["candidate_id"], first["candidate_id"]);

    // An endless body without a length: refused once it passes 20 MB,
    // not read to its end.
    let sent = std::sync::Arc::new(std::sync::atomic::AtomicUsize::new(0));
    let counter = sent.clone();
    let chunk = axum::body::Bytes::from(vec![b'a'; 1 << 20]);
    let endless = futures_util::stream::repeat_with(move || {
        counter.fetch_add(chunk.len(), std::sync::atomic::Ordering::Relaxed);
        Ok::<_, std::io::Error>(chunk.clone())
    })
    .take(200);
    let (status, body) = upload_raw(
        &app,
        &admin,
        "huge.txt",
        reqwest::Body::wrap_stream(endless),
    )
    .await;
    assert_eq!(status, StatusCode::BAD_REQUEST, "{body}");
    assert_eq!(body["code"], "resume.too_large", "{body}");
    let read = sent.load(std::sync::atomic::Ordering::Relaxed);
    assert!(
        read < 100 << 20,
        "{read} bytes were pulled for a 20 MB limit"
    );

    // A declared length over the limit is refused before reading.
    let (status, body) = upload_raw(&app, &admin, "big.txt", vec![b'a'; 21 << 20].into()).await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert_eq!(body["code"], "resume.too_large");

    // Not a type a cross-site form can send; and no session, no upload.
    let response = app
        .client
        .post(format!("{}/upload?name=cv.txt", app.base))
        .bearer_auth(&admin)
        .header("content-type", "text/plain")
        .body("Ada Lovelace")
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let response = app
        .client
        .post(format!("{}/upload?name=cv.txt", app.base))
        .header("content-type", "application/octet-stream")
        .body("Ada Lovelace")
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::UNAUTHORIZED);
    // Nothing of the refused uploads was stored.
    let page = app.ok(As::User(&admin), "candidates.list", json!({})).await;
    assert_eq!(page["items"].as_array().unwrap().len(), 1, "{page}");
}
