//! The fake against a real HTTP client.

use super::*;
use std::time::Instant;

const PROMPT: &str =
    "Tell me about the Kubernetes migration you led at Acme, and the Postgres tuning afterwards.";

fn body(stream: bool) -> Value {
    let mut b = json!({
        "model": "gpt-fake-1",
        "messages": [
            { "role": "system", "content": "You are an interviewer." },
            { "role": "user", "content": PROMPT },
        ],
        "temperature": 0.2,
        "max_tokens": 512,
        "stream": stream,
    });
    if stream {
        b["stream_options"] = json!({ "include_usage": true });
    }
    b
}

async fn post(llm: &FakeLlm, body: &Value) -> reqwest::Response {
    reqwest::Client::new()
        .post(format!("{}/chat/completions", llm.base_url()))
        .json(body)
        .send()
        .await
        .unwrap()
}

/// A streamed reply's content, its `data:` chunks (before `[DONE]`) and
/// how many carried content.
async fn read_stream(response: reqwest::Response) -> (String, Vec<Value>, usize) {
    assert_eq!(
        response.headers()["content-type"].to_str().unwrap(),
        "text/event-stream"
    );
    let raw = response.text().await.unwrap();
    let mut text = String::new();
    let mut chunks = Vec::new();
    let mut with_content = 0;
    let mut done = false;
    for event in raw.split_terminator("\n\n") {
        let data = event.strip_prefix("data: ").unwrap();
        assert!(!done, "data after [DONE]");
        if data == "[DONE]" {
            done = true;
            continue;
        }
        let v: Value = serde_json::from_str(data).unwrap();
        if let Some(delta) = v["choices"][0]["delta"]["content"].as_str()
            && !delta.is_empty()
        {
            text.push_str(delta);
            with_content += 1;
        }
        chunks.push(v);
    }
    assert!(done, "no [DONE]");
    (text, chunks, with_content)
}

#[tokio::test]
async fn non_stream_reply_echoes_the_prompt() {
    let llm = FakeLlm::start(FakeConfig::default()).await.unwrap();
    assert!(llm.base_url().starts_with("http://127.0.0.1:"));
    assert!(llm.base_url().ends_with("/v1"));
    let response = post(&llm, &body(false)).await;
    assert_eq!(response.status(), 200);
    let v: Value = response.json().await.unwrap();
    let text = v["choices"][0]["message"]["content"].as_str().unwrap();
    assert_eq!(
        text,
        "Fake reply: Tell me about the Kubernetes migration you led at Acme, and the"
    );
    assert_eq!(v["object"], "chat.completion");
    assert_eq!(v["model"], "gpt-fake-1");
    assert_eq!(v["choices"][0]["message"]["role"], "assistant");
    assert_eq!(v["choices"][0]["finish_reason"], "stop");
    let words = |s: &str| s.split_whitespace().count() as u64;
    let prompt_tokens = words("You are an interviewer.") + words(PROMPT);
    assert_eq!(v["usage"]["prompt_tokens"], prompt_tokens);
    assert_eq!(v["usage"]["completion_tokens"], words(text));
    assert_eq!(v["usage"]["total_tokens"], prompt_tokens + words(text));
    assert_eq!(llm.calls(), 1);
    assert_eq!(llm.requests(), [body(false)]);

    // A responder answers where it wants to; the default elsewhere.
    llm.set_responder(Arc::new(|b: &Value| {
        (b["temperature"] == 0.0).then(|| "custom".to_owned())
    }));
    let mut cold = body(false);
    cold["temperature"] = json!(0.0);
    let v: Value = post(&llm, &cold).await.json().await.unwrap();
    assert_eq!(v["choices"][0]["message"]["content"], "custom");
    let v: Value = post(&llm, &body(false)).await.json().await.unwrap();
    assert_eq!(v["choices"][0]["message"]["content"], text);
    assert_eq!(llm.calls(), 3);

    // Not a chat request: OpenAI's 400.
    let response = reqwest::Client::new()
        .post(format!("{}/chat/completions", llm.base_url()))
        .body("{oops")
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 400);
    let v: Value = response.json().await.unwrap();
    assert_eq!(v["error"]["type"], "invalid_request_error");
    assert_eq!(llm.requests()[3], "{oops");
}

#[tokio::test]
async fn stream_reassembles_to_the_same_text() {
    let config = FakeConfig {
        latency: Duration::from_millis(30),
        token_delay: Duration::from_millis(2),
    };
    let llm = FakeLlm::start(config).await.unwrap();
    let schema = json!({
        "type": "object",
        "properties": { "question": { "type": "string" }, "score": { "type": "integer" } },
        "required": ["question", "score"],
    });
    let mut structured = body(false);
    structured["response_format"] = json!({
        "type": "json_schema",
        "json_schema": { "name": "reply", "schema": schema },
    });
    for plain in [body(false), structured] {
        let whole: Value = post(&llm, &plain).await.json().await.unwrap();
        let expected = whole["choices"][0]["message"]["content"].as_str().unwrap();

        let mut streamed = plain.clone();
        streamed["stream"] = json!(true);
        streamed["stream_options"] = json!({ "include_usage": true });
        let started = Instant::now();
        let (text, chunks, with_content) = read_stream(post(&llm, &streamed).await).await;
        assert!(started.elapsed() >= Duration::from_millis(30));
        assert_eq!(text, expected);
        assert!(with_content > 3, "{with_content} content chunks");
        assert!(chunks.iter().all(|c| c["model"] == "gpt-fake-1"));
        assert!(
            chunks
                .iter()
                .all(|c| c["object"] == "chat.completion.chunk")
        );
        assert_eq!(chunks[0]["choices"][0]["delta"]["role"], "assistant");
        let finish = &chunks[chunks.len() - 2];
        assert_eq!(finish["choices"][0]["finish_reason"], "stop");
        let last = chunks.last().unwrap();
        assert_eq!(last["choices"], json!([]));
        assert_eq!(last["usage"], whole["usage"]);

        // Without `include_usage`: no usage chunk.
        streamed["stream_options"] = json!({ "include_usage": false });
        let (again, chunks, _) = read_stream(post(&llm, &streamed).await).await;
        assert_eq!(again, expected);
        assert!(chunks.iter().all(|c| c.get("usage").is_none()));
        assert_eq!(
            chunks.last().unwrap()["choices"][0]["finish_reason"],
            "stop"
        );
    }
    // The structured reply satisfies its schema.
    let reply = default_reply(&llm.requests()[0]);
    assert_eq!(
        reply,
        "Fake reply: Tell me about the Kubernetes migration you led at Acme, and the"
    );
    let reply: Value = serde_json::from_str(&default_reply(&llm.requests()[3])).unwrap();
    assert!(jsonschema::is_valid(&schema, &reply), "{reply}");
    assert_eq!(
        reply["question"],
        "Can you explain how you used Tell and about?"
    );
}

#[test]
fn pieces_rejoin() {
    for text in [
        "",
        " ",
        "a",
        "Fake reply: héllo wörld, extraordinary!",
        "x  y\n\nz ",
    ] {
        assert_eq!(pieces(text).concat(), text);
        assert!(pieces(text).iter().all(|p| !p.is_empty()));
    }
    assert_eq!(
        pieces("Fake reply: hello"),
        ["Fake", " repl", "y:", " hell", "o"]
    );
}

#[test]
fn instances_satisfy_their_schema() {
    let schema = json!({
        "type": "object",
        "additionalProperties": false,
        "required": ["questions", "level", "weight", "ratio", "notes", "kind", "tags", "ok", "tiny", "long"],
        "properties": {
            "questions": {
                "type": "array",
                "minItems": 5,
                "maxItems": 8,
                "items": {
                    "type": "object",
                    "required": ["question", "difficulty", "score"],
                    "properties": {
                        "question": { "type": "string", "minLength": 10, "maxLength": 60 },
                        "difficulty": { "enum": ["easy", "medium", "hard"] },
                        "score": { "type": "integer", "minimum": 1, "maximum": 5 },
                    },
                },
            },
            "level": { "type": "integer", "minimum": 3, "maximum": 7 },
            "weight": { "type": "number", "exclusiveMinimum": 0, "maximum": 0.25 },
            "ratio": { "type": "number", "exclusiveMaximum": -2 },
            "notes": { "type": ["null", "string"], "maxLength": 20 },
            "kind": { "const": "screening" },
            "tags": {
                "type": "array",
                "maxItems": 2,
                "items": { "anyOf": [{ "type": "string", "minLength": 90 }, { "type": "null" }] },
            },
            "ok": { "type": "boolean" },
            "tiny": { "type": "array", "items": { "type": "string", "maxLength": 3 } },
            "long": { "oneOf": [{ "type": "string", "minLength": 200 }] },
        },
    });
    let words = ["kubernetes", "postgres", "terraform"];
    let v = instance_of(&schema, &words);
    let validator = jsonschema::validator_for(&schema).unwrap();
    let errors: Vec<String> = validator.iter_errors(&v).map(|e| e.to_string()).collect();
    assert!(errors.is_empty(), "{errors:?} in {v:#}");

    let questions = v["questions"].as_array().unwrap();
    assert_eq!(questions.len(), 5);
    let texts: std::collections::HashSet<&str> = questions
        .iter()
        .map(|q| q["question"].as_str().unwrap())
        .collect();
    assert_eq!(texts.len(), 5, "{texts:?}");
    assert!(texts.iter().all(|t| words.iter().any(|w| t.contains(w))));
    assert_eq!(questions[0]["difficulty"], "easy");
    assert_eq!(questions[0]["score"], 1);
    assert_eq!(v["level"], 3);
    assert_eq!(v["kind"], "screening");
    assert_eq!(v["ok"], true);
    assert_eq!(v["tags"].as_array().unwrap().len(), 2);
    let tiny: std::collections::HashSet<&str> = v["tiny"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| t.as_str().unwrap())
        .collect();
    assert_eq!(tiny.len(), 3, "{tiny:?}");
    // Deterministic, and strings come from stock words without any.
    assert_eq!(instance_of(&schema, &words), v);
    assert!(jsonschema::is_valid(&schema, &instance_of(&schema, &[])));
    assert!(instance_of(&json!({ "type": "string" }), &[]).is_string());
}

#[tokio::test]
async fn failures_come_first_then_answers() {
    let llm = FakeLlm::start(FakeConfig::default()).await.unwrap();
    llm.fail_next(&[429, 503]);
    let response = post(&llm, &body(false)).await;
    assert_eq!(response.status(), 429);
    assert_eq!(response.headers()["retry-after"], "0");
    let v: Value = response.json().await.unwrap();
    assert_eq!(v["error"]["code"], "rate_limit_exceeded");
    assert!(v["error"]["message"].is_string());
    assert_eq!(v["error"]["type"], "requests");

    let response = post(&llm, &body(true)).await;
    assert_eq!(response.status(), 503);
    assert!(response.headers().get("retry-after").is_none());
    let v: Value = response.json().await.unwrap();
    assert_eq!(v["error"]["type"], "server_error");

    let response = post(&llm, &body(false)).await;
    assert_eq!(response.status(), 200);
    assert_eq!(llm.calls(), 3);
    assert_eq!(llm.requests().len(), 3);
}

#[tokio::test]
async fn only_the_latest_requests_are_kept() {
    let llm = FakeLlm::start(FakeConfig::default()).await.unwrap();
    let client = reqwest::Client::new();
    for i in 0..KEPT_REQUESTS + 5 {
        let mut b = body(false);
        b["seed"] = json!(i);
        client
            .post(format!("{}/chat/completions", llm.base_url()))
            .json(&b)
            .send()
            .await
            .unwrap();
    }
    let kept = llm.requests();
    assert_eq!(kept.len(), KEPT_REQUESTS);
    assert_eq!(kept[0]["seed"], 5);
    assert_eq!(llm.calls(), KEPT_REQUESTS + 5);
}
