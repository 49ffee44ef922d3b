//! What the fake says: a plain echo of the prompt, or a JSON document that
//! satisfies the schema the client asked for, built from the prompt's words.

use serde_json::{Map, Value, json};
use std::collections::HashSet;

/// Words for generated strings when the prompt has none of its own.
const FALLBACK_WORDS: &[&str] = &["experience", "project", "teamwork"];

/// How many words of the last user message the plain reply echoes.
const ECHOED_WORDS: usize = 12;

/// The default reply to a chat completions request body.
///
/// - `response_format: {"type": "json_schema", "json_schema": {"schema": S}}`
///   (what the product's OpenAI client sends): [`instance_of`]`(S, words)`
///   serialised, where `words` are the distinct alphabetic words longer
///   than three letters of the last user message, in order.
/// - `response_format: {"type": "json_object"}`: `{"reply": <plain reply>}`.
/// - Otherwise plain text: `"Fake reply: "` and the first twelve words of
///   the last user message.
pub fn default_reply(body: &Value) -> String {
    let prompt = last_user_text(body);
    let format = &body["response_format"];
    match format["type"].as_str() {
        Some("json_schema") => {
            let words = prompt_words(&prompt);
            let words: Vec<&str> = words.iter().map(String::as_str).collect();
            instance_of(&format["json_schema"]["schema"], &words).to_string()
        }
        Some("json_object") => json!({ "reply": plain_reply(&prompt) }).to_string(),
        _ => plain_reply(&prompt),
    }
}

fn plain_reply(prompt: &str) -> String {
    let words: Vec<&str> = prompt.split_whitespace().take(ECHOED_WORDS).collect();
    format!("Fake reply: {}", words.join(" "))
        .trim_end()
        .to_owned()
}

/// The text of a message's `content`: a string, or the `text` of its parts.
pub(crate) fn content_text(content: &Value) -> String {
    match content {
        Value::String(s) => s.clone(),
        Value::Array(parts) => parts
            .iter()
            .filter_map(|p| p["text"].as_str())
            .collect::<Vec<_>>()
            .join(" "),
        _ => String::new(),
    }
}

fn last_user_text(body: &Value) -> String {
    body["messages"]
        .as_array()
        .and_then(|ms| ms.iter().rev().find(|m| m["role"] == "user"))
        .map(|m| content_text(&m["content"]))
        .unwrap_or_default()
}

/// Distinct (case-insensitively) alphabetic words longer than three
/// letters, in the order they first appear.
fn prompt_words(text: &str) -> Vec<String> {
    let mut seen = HashSet::new();
    text.split(|c: char| !c.is_alphabetic())
        .filter(|w| w.chars().count() > 3 && seen.insert(w.to_lowercase()))
        .map(str::to_owned)
        .collect()
}

/// A JSON instance that satisfies `schema`, deterministically, with its
/// strings built from `words` (cycled; a few stock words when empty).
///
/// The subset understood: `const`; `enum` (the first value); `anyOf` and
/// `oneOf` (the first branch); `type` as a string or a list (the first
/// non-null type); `object` (every property, required or not);
/// `array` (`items`, `max(minItems, min(maxItems, 3))` of them);
/// `string` (`minLength`, `maxLength`; strings are distinct from one
/// another where the length allows); `integer` and `number` (`minimum`,
/// `maximum` and their exclusive forms: the lowest allowed value, else 1);
/// `boolean` (`true`); `null`. A schema without a type is an object if it
/// has `properties`, an array if it has `items`, else a string.
pub fn instance_of(schema: &Value, words: &[&str]) -> Value {
    let words = if words.is_empty() {
        FALLBACK_WORDS
    } else {
        words
    };
    Generator {
        words,
        strings: 0,
        seen: HashSet::new(),
    }
    .value(schema)
}

struct Generator<'a> {
    words: &'a [&'a str],
    /// Strings generated so far: each new one uses the next words.
    strings: usize,
    seen: HashSet<String>,
}

impl Generator<'_> {
    fn value(&mut self, schema: &Value) -> Value {
        // `true` (or anything that is not an object) accepts any value.
        let Some(s) = schema.as_object() else {
            return self.string(&Map::new());
        };
        if let Some(c) = s.get("const") {
            return c.clone();
        }
        if let Some(first) = s
            .get("enum")
            .and_then(Value::as_array)
            .and_then(|e| e.first())
        {
            return first.clone();
        }
        for key in ["anyOf", "oneOf"] {
            if let Some(first) = s.get(key).and_then(Value::as_array).and_then(|b| b.first()) {
                return self.value(first);
            }
        }
        let ty = match s.get("type") {
            Some(Value::String(t)) => t.as_str(),
            Some(Value::Array(ts)) => {
                let mut names = ts.iter().filter_map(Value::as_str);
                let first = names.clone().next().unwrap_or("string");
                names.find(|t| *t != "null").unwrap_or(first)
            }
            _ if s.contains_key("properties") => "object",
            _ if s.contains_key("items") => "array",
            _ => "string",
        };
        match ty {
            "object" => Value::Object(
                s.get("properties")
                    .and_then(Value::as_object)
                    .into_iter()
                    .flatten()
                    .map(|(name, sub)| (name.clone(), self.value(sub)))
                    .collect(),
            ),
            "array" => {
                let min = s.get("minItems").and_then(Value::as_u64).unwrap_or(0);
                let max = s.get("maxItems").and_then(Value::as_u64).unwrap_or(3);
                let items = s.get("items").unwrap_or(&Value::Bool(true));
                (0..min.max(max.min(3)))
                    .map(|_| self.value(items))
                    .collect()
            }
            "integer" => number(s, true),
            "number" => number(s, false),
            "boolean" => Value::Bool(true),
            "null" => Value::Null,
            _ => self.string(s),
        }
    }

    fn string(&mut self, s: &Map<String, Value>) -> Value {
        let k = self.strings;
        self.strings += 1;
        let n = self.words.len();
        let word = |i: usize| self.words[i % n];
        let (a, b) = (word(2 * k), word(2 * k + 1));
        let mut text = match k % 4 {
            0 => format!("Can you explain how you used {a} and {b}?"),
            1 => format!("What did you learn from {a} and {b}?"),
            2 => format!("How would you approach {a} given {b}?"),
            _ => format!("Describe a time when {a} mattered for {b}."),
        };
        if self.seen.contains(&text) {
            text = format!("{text} ({k})");
        }
        let limit = |key| s.get(key).and_then(Value::as_u64).map(|v| v as usize);
        let min = limit("minLength").unwrap_or(0);
        let mut next = 2 * k + 2;
        while text.chars().count() < min {
            text.push(' ');
            text.push_str(word(next));
            next += 1;
        }
        if let Some(max) = limit("maxLength") {
            text = text.chars().take(max).collect();
            // Cut short, it may equal an earlier one: end it with `k`.
            let tag = k.to_string();
            if self.seen.contains(&text) && max >= tag.len() && max >= min {
                text = text.chars().take(max - tag.len()).collect::<String>() + &tag;
            }
        }
        self.seen.insert(text.clone());
        Value::String(text)
    }
}

/// The lowest value the bounds allow (1 without a lower bound), as an
/// integer where it is whole.
fn number(s: &Map<String, Value>, integer: bool) -> Value {
    let bound = |key| s.get(key).and_then(Value::as_f64);
    let step = if integer { 1.0 } else { 0.5 };
    let mut v = match (bound("minimum"), bound("exclusiveMinimum")) {
        (Some(m), _) => m,
        (None, Some(e)) if integer => e.floor() + 1.0,
        (None, Some(e)) => e + step,
        (None, None) => 1.0,
    };
    if integer {
        v = v.ceil();
    }
    if let Some(max) = bound("maximum")
        && v > max
    {
        v = if integer { max.floor() } else { max };
    }
    if let Some(max) = bound("exclusiveMaximum")
        && v >= max
    {
        v = if integer {
            max.ceil() - 1.0
        } else {
            // Halfway between the lower bound (if any) and the limit.
            let low = bound("minimum")
                .or(bound("exclusiveMinimum"))
                .unwrap_or(max - 1.0);
            (low + max) / 2.0
        };
    }
    if integer || (v.fract() == 0.0 && v.abs() < 9e15) {
        json!(v as i64)
    } else {
        json!(v)
    }
}
