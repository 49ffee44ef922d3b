//! Structured output: a reply must be one JSON document that satisfies the
//! request's JSON Schema. Providers that can constrain their output do (a
//! `response_format` for OpenAI-compatible servers, a grammar for local
//! models); every reply is still validated here, and an invalid one is sent
//! back with what is wrong a bounded number of times before the call fails
//! with `llm.invalid_output`.

use super::{CancellationToken, ChatRequest, ChatResponse, LlmError, Message, Provider};
use serde_json::Value;

/// The JSON document in a reply: the whole text, or inside a code fence,
/// or the first balanced object or array in it.
pub fn extract_json(text: &str) -> Option<Value> {
    let t = text.trim();
    if let Ok(v) = serde_json::from_str(t) {
        return Some(v);
    }
    let unfenced = t
        .strip_prefix("```json")
        .or_else(|| t.strip_prefix("```"))
        .and_then(|r| r.trim_end().strip_suffix("```"));
    if let Some(inner) = unfenced
        && let Ok(v) = serde_json::from_str(inner.trim())
    {
        return Some(v);
    }
    for (i, c) in t.char_indices() {
        if c == '{' || c == '[' {
            let mut stream = serde_json::Deserializer::from_str(&t[i..]).into_iter::<Value>();
            if let Some(Ok(v)) = stream.next() {
                return Some(v);
            }
        }
    }
    None
}

/// Check a document against a schema; the errors, when any, in one line.
pub fn validate(schema: &Value, value: &Value) -> Result<(), String> {
    let validator =
        jsonschema::validator_for(schema).map_err(|e| format!("invalid schema: {e}"))?;
    let errors: Vec<String> = validator
        .iter_errors(value)
        .take(5)
        .map(|e| {
            let at = e.instance_path().to_string();
            if at.is_empty() {
                e.to_string()
            } else {
                format!("{at}: {e}")
            }
        })
        .collect();
    if errors.is_empty() {
        Ok(())
    } else {
        Err(errors.join("; "))
    }
}

/// Enum lists longer than this are described, not listed, in the
/// instruction (a local model's grammar still enforces them).
const LISTED_ENUM: usize = 12;

/// The schema as the instruction shows it: long `enum` lists (e.g. the
/// candidate's sentences a quote must be one of) replaced by a note, so
/// the prompt does not carry the material twice.
fn shown(schema: &Value) -> Value {
    match schema {
        Value::Object(map) => Value::Object(
            map.iter()
                .map(|(k, v)| match (k.as_str(), v) {
                    ("enum", Value::Array(items)) if items.len() > LISTED_ENUM => (
                        "description".to_owned(),
                        Value::String(format!(
                            "one of {} given passages, copied exactly",
                            items.len()
                        )),
                    ),
                    _ => (k.clone(), shown(v)),
                })
                .collect(),
        ),
        Value::Array(items) => Value::Array(items.iter().map(shown).collect()),
        other => other.clone(),
    }
}

/// The instruction that asks for schema-conforming JSON only.
pub fn instruction(schema: &Value) -> String {
    format!(
        "Reply with exactly one JSON document and nothing else (no prose, no code fence). \
         It must satisfy this JSON Schema:\n{}",
        shown(schema)
    )
}

/// Ask until the reply is a JSON document satisfying `request.schema`, at
/// most `1 + repairs` times.
pub async fn chat_json(
    provider: &dyn Provider,
    request: &ChatRequest,
    repairs: u32,
    cancel: &CancellationToken,
) -> Result<(Value, ChatResponse), LlmError> {
    let schema = request
        .schema
        .clone()
        .ok_or_else(|| LlmError::Config("structured output needs a schema".into()))?;
    jsonschema::validator_for(&schema)
        .map_err(|e| LlmError::Config(format!("invalid JSON Schema: {e}")))?;
    let mut request = request.clone();
    request
        .messages
        .insert(0, Message::system(instruction(&schema)));
    let mut last = String::new();
    for _ in 0..=repairs {
        let response = provider.chat(&request, None, cancel).await?;
        let why = match extract_json(&response.text) {
            None => "the reply is not JSON".to_owned(),
            Some(v) => match validate(&schema, &v) {
                Ok(()) => return Ok((v, response)),
                Err(why) => why,
            },
        };
        tracing::debug!(%why, "repairing structured output");
        request.messages.push(Message::assistant(response.text));
        request.messages.push(Message::user(format!(
            "That reply does not satisfy the schema ({why}). Reply again with only the corrected JSON document."
        )));
        last = why;
    }
    Err(LlmError::InvalidOutput(format!(
        "no valid JSON after {} attempts: {last}",
        repairs + 1
    )))
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn json_is_found_in_chatty_replies() {
        assert_eq!(extract_json(r#" {"a":1} "#), Some(json!({"a":1})));
        assert_eq!(
            extract_json("```json\n{\"a\":[1,2]}\n```"),
            Some(json!({"a":[1,2]}))
        );
        assert_eq!(
            extract_json("Sure! Here it is: {\"score\": 3, \"why\": \"ok\"} Hope that helps."),
            Some(json!({"score":3,"why":"ok"}))
        );
        assert_eq!(extract_json("no json here"), None);
    }

    #[test]
    fn validation_says_what_is_wrong() {
        let schema = json!({
            "type": "object",
            "properties": {"score": {"type": "integer", "minimum": 1, "maximum": 5}},
            "required": ["score"]
        });
        assert!(validate(&schema, &json!({"score": 3})).is_ok());
        let err = validate(&schema, &json!({"score": 10})).unwrap_err();
        assert!(err.contains("/score"), "{err}");
        assert!(validate(&schema, &json!({})).unwrap_err().contains("score"));
    }
}
