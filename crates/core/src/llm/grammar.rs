//! JSON Schema → GBNF, the grammar language llama.cpp samples under, so a
//! local model can only produce documents of the schema's shape. Covers
//! what structured prompts use: objects (properties in order; all are
//! emitted), arrays, strings (with `enum`, bounded length), integers (small
//! `minimum`..`maximum` ranges as alternatives), numbers, booleans, null,
//! `enum`/`const` of any type, `anyOf`/`oneOf` and type lists. The reply is
//! validated against the schema afterwards all the same.
//!
//! llama.cpp expands a repetition `x{m,n}` into `n` rules, so every bound
//! taken from a schema is saturated: a maximum above what a reply can hold
//! is lowered to [`MAX_ITEMS`] / [`MAX_LENGTH`] (any shorter document still
//! satisfies the schema), while a minimum above them, or bounds that
//! contradict each other, make the schema unusable: an `llm.config` error,
//! never a panic or an unbounded grammar.

use super::LlmError;
use serde_json::Value;

/// The most array items a grammar allows.
pub const MAX_ITEMS: u64 = 256;
/// The longest string (in characters) a grammar allows.
pub const MAX_LENGTH: u64 = 4096;
/// The deepest nesting of schemas followed.
pub const MAX_DEPTH: usize = 64;
/// Integer ranges up to this size are listed as alternatives.
const MAX_LISTED: u64 = 100;

// Compact JSON: at most one space between tokens. Newlines let a small
// model spend its token budget on layout and stop mid-object.
const PRIMITIVES: &str = r#"ws ::= " "?
char ::= [^"\\\x7F\x00-\x1F] | "\\" (["\\/bfnrt] | "u" [0-9a-fA-F]{4})
string ::= "\"" char{0,400} "\""
integer ::= "-"? ([0-9] | [1-9] [0-9]{0,15})
number ::= integer ("." [0-9]{1,10})? ([eE] [-+]? [0-9]{1,3})?
boolean ::= "true" | "false"
null ::= "null"
value ::= string | number | boolean | null | "[" ws (value (ws "," ws value){0,20})? ws "]" | "{" ws (string ws ":" ws value (ws "," ws string ws ":" ws value){0,20})? ws "}"
"#;

struct Builder {
    rules: Vec<(String, String)>,
    depth: usize,
}

fn unusable(what: String) -> LlmError {
    LlmError::Config(format!("JSON Schema unusable for a grammar: {what}"))
}

/// `schema[key]` as a non-negative count: absent is `None`; a negative,
/// fractional or non-numeric value is an error.
fn count(schema: &Value, key: &str) -> Result<Option<u64>, LlmError> {
    match schema.get(key) {
        None | Some(Value::Null) => Ok(None),
        Some(v) => {
            if let Some(n) = v.as_u64() {
                return Ok(Some(n));
            }
            // 1e30 and 5.0 are numbers too: saturate whole ones.
            match v.as_f64() {
                Some(f) if f >= 0.0 && f.fract() == 0.0 => Ok(Some(if f >= u64::MAX as f64 {
                    u64::MAX
                } else {
                    f as u64
                })),
                _ => Err(unusable(format!("{key} = {v} is not a count"))),
            }
        }
    }
}

/// `min..=max` repetitions of something, saturated at `cap`.
fn repetitions(
    min: Option<u64>,
    max: Option<u64>,
    default_max: u64,
    cap: u64,
    what: &str,
) -> Result<(u64, u64), LlmError> {
    let min = min.unwrap_or(0);
    if let Some(max) = max
        && max < min
    {
        return Err(unusable(format!(
            "{what}: the maximum {max} is below the minimum {min}"
        )));
    }
    if min > cap {
        return Err(unusable(format!(
            "{what}: at least {min} asked, more than the {cap} a reply can hold"
        )));
    }
    let max = max.unwrap_or(default_max.max(min)).min(cap);
    Ok((min, max))
}

fn literal(v: &Value) -> String {
    // A JSON literal as a GBNF string literal.
    let json = v.to_string();
    let mut out = String::from("\"");
    for c in json.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

impl Builder {
    fn add(&mut self, name: &str, body: String) -> String {
        let name: String = name
            .chars()
            .map(|c| if c.is_ascii_alphanumeric() { c } else { '-' })
            .collect();
        let mut unique = name.clone();
        let mut n = 1;
        while self.rules.iter().any(|(r, _)| *r == unique) {
            n += 1;
            unique = format!("{name}{n}");
        }
        self.rules.push((unique.clone(), body));
        unique
    }

    /// A GBNF expression for `schema`, adding rules under `name`.
    fn expr(&mut self, schema: &Value, name: &str) -> Result<String, LlmError> {
        if self.depth >= MAX_DEPTH {
            return Err(unusable(format!("nested deeper than {MAX_DEPTH} levels")));
        }
        self.depth += 1;
        let e = self.expr_at(schema, name);
        self.depth -= 1;
        e
    }

    fn expr_at(&mut self, schema: &Value, name: &str) -> Result<String, LlmError> {
        if let Some(c) = schema.get("const") {
            return Ok(literal(c));
        }
        if let Some(options) = schema.get("enum").and_then(Value::as_array) {
            return Ok(format!(
                "({})",
                options.iter().map(literal).collect::<Vec<_>>().join(" | ")
            ));
        }
        for key in ["anyOf", "oneOf"] {
            if let Some(options) = schema.get(key).and_then(Value::as_array) {
                let alts = options
                    .iter()
                    .enumerate()
                    .map(|(i, s)| self.expr(s, &format!("{name}-{i}")))
                    .collect::<Result<Vec<_>, _>>()?;
                return Ok(format!("({})", alts.join(" | ")));
            }
        }
        if let Some(types) = schema.get("type").and_then(Value::as_array) {
            let alts = types
                .iter()
                .map(|t| {
                    let mut s = schema.clone();
                    s["type"] = t.clone();
                    self.expr(&s, name)
                })
                .collect::<Result<Vec<_>, _>>()?;
            return Ok(format!("({})", alts.join(" | ")));
        }
        Ok(match schema.get("type").and_then(Value::as_str) {
            Some("object") => {
                let props = schema.get("properties").and_then(Value::as_object);
                let Some(props) = props.filter(|p| !p.is_empty()) else {
                    return Ok("\"{\" ws \"}\"".into());
                };
                let mut parts = Vec::new();
                for (key, sub) in props {
                    let value = self.expr(sub, &format!("{name}-{key}"))?;
                    parts.push(format!(
                        "{} ws \":\" ws {value}",
                        literal(&Value::from(key.as_str()))
                    ));
                }
                let body = format!("\"{{\" ws {} ws \"}}\"", parts.join(" ws \",\" ws "));
                self.add(name, body)
            }
            Some("array") => {
                let item = match schema.get("items") {
                    Some(items) => self.expr(items, &format!("{name}-item"))?,
                    None => "value".into(),
                };
                let (min, max) = repetitions(
                    count(schema, "minItems")?,
                    count(schema, "maxItems")?,
                    20,
                    MAX_ITEMS,
                    "array items",
                )?;
                let body = if max == 0 {
                    "\"[\" ws \"]\"".to_owned()
                } else if min == 0 {
                    format!(
                        "\"[\" ws ({item} (ws \",\" ws {item}){{0,{}}})? ws \"]\"",
                        max - 1
                    )
                } else {
                    format!(
                        "\"[\" ws {item} (ws \",\" ws {item}){{{},{}}} ws \"]\"",
                        min - 1,
                        max - 1
                    )
                };
                self.add(name, body)
            }
            Some("string") => {
                let (min, max) = repetitions(
                    count(schema, "minLength")?,
                    count(schema, "maxLength")?,
                    400,
                    MAX_LENGTH,
                    "string length",
                )?;
                if (min, max) == (0, 400) {
                    "string".into()
                } else {
                    format!("\"\\\"\" char{{{min},{max}}} \"\\\"\"")
                }
            }
            Some("integer") => integer(schema)?,
            Some("number") => "number".into(),
            Some("boolean") => "boolean".into(),
            Some("null") => "null".into(),
            _ => "value".into(),
        })
    }
}

/// An integer schema: a small `minimum..=maximum` range as alternatives,
/// anything else as any integer (validation checks the bounds after).
fn integer(schema: &Value) -> Result<String, LlmError> {
    // Bounds as i128, so no difference of two i64 (or u64) can overflow.
    let bound = |key: &str| -> Option<i128> {
        let v = schema.get(key)?;
        v.as_i64()
            .map(i128::from)
            .or_else(|| v.as_u64().map(i128::from))
    };
    match (bound("minimum"), bound("maximum")) {
        (Some(lo), Some(hi)) if hi < lo => Err(unusable(format!(
            "integer: the maximum {hi} is below the minimum {lo}"
        ))),
        (Some(lo), Some(hi)) if hi - lo <= i128::from(MAX_LISTED) => Ok(format!(
            "({})",
            (lo..=hi)
                .map(|n| format!("\"{n}\""))
                .collect::<Vec<_>>()
                .join(" | ")
        )),
        _ => Ok("integer".into()),
    }
}

/// The GBNF grammar (root rule `root`) for documents of `schema`; an
/// `llm.config` error for a schema no bounded grammar can serve.
pub fn from_schema(schema: &Value) -> Result<String, LlmError> {
    let mut b = Builder {
        rules: Vec::new(),
        depth: 0,
    };
    let root = b.expr(schema, "root-value")?;
    let mut out = format!("root ::= ws {root} ws\n");
    for (name, body) in &b.rules {
        out.push_str(&format!("{name} ::= {body}\n"));
    }
    out.push_str(PRIMITIVES);
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn objects_enums_and_ranges() {
        let g = from_schema(&json!({
            "type": "object",
            "properties": {
                "score": {"type": "integer", "minimum": 1, "maximum": 3},
                "verdict": {"enum": ["hire", "no hire"]},
                "evidence": {"type": "array", "items": {"type": "string"}, "maxItems": 3}
            },
            "required": ["score", "verdict"]
        }))
        .unwrap();
        assert!(g.starts_with("root ::= ws root-value ws\n"), "{g}");
        assert!(g.contains(r#"("1" | "2" | "3")"#), "{g}");
        assert!(g.contains(r#"("\"hire\"" | "\"no hire\"")"#), "{g}");
        assert!(
            g.contains(
                r#"root-value-evidence ::= "[" ws (string (ws "," ws string){0,2})? ws "]""#
            ),
            "{g}"
        );
        assert!(g.contains(r#""\"score\"" ws ":" ws"#), "{g}");
    }

    /// The largest repetition count in a grammar.
    fn largest_count(g: &str) -> u64 {
        let mut largest = 0;
        for (i, _) in g.match_indices('{') {
            let inner: String = g[i + 1..].chars().take_while(|c| *c != '}').collect();
            for n in inner
                .split(',')
                .filter_map(|n| n.trim().parse::<u64>().ok())
            {
                largest = largest.max(n);
            }
        }
        largest
    }

    /// Bounds near the integer limits, or far beyond what a reply can
    /// hold, neither panic nor reach llama.cpp as huge repetitions: maxima
    /// saturate, impossible minima and contradictions are `llm.config`.
    #[test]
    fn extreme_bounds_saturate_or_are_refused() {
        let max = u64::MAX;
        for (schema, listed) in [
            (
                json!({"type": "integer", "minimum": i64::MIN, "maximum": i64::MAX}),
                false,
            ),
            (
                json!({"type": "integer", "minimum": -5, "maximum": i64::MAX}),
                false,
            ),
            (
                json!({"type": "integer", "minimum": i64::MIN, "maximum": 0}),
                false,
            ),
            (
                json!({"type": "integer", "minimum": 0, "maximum": max}),
                false,
            ),
            (
                json!({"type": "integer", "minimum": i64::MAX - 2, "maximum": max}),
                false,
            ),
            (
                json!({"type": "integer", "minimum": i64::MAX - 2, "maximum": i64::MAX}),
                true,
            ),
            (
                json!({"type": "integer", "minimum": 1e300, "maximum": 1e308}),
                false,
            ),
            (json!({"type": "array", "maxItems": max}), false),
            (json!({"type": "array", "maxItems": 1e300}), false),
            (
                json!({"type": "array", "minItems": 3, "maxItems": max, "items": {"type": "string", "maxLength": max}}),
                false,
            ),
            (json!({"type": "string", "maxLength": max}), false),
            (
                json!({"type": "string", "minLength": 10, "maxLength": max}),
                false,
            ),
            (json!({"type": "array", "maxItems": 0}), false),
        ] {
            let g = from_schema(&schema).unwrap_or_else(|e| panic!("{schema}: {e}"));
            let largest = largest_count(&g);
            assert!(largest <= MAX_LENGTH, "{schema}: {{..{largest}}} in {g}");
            assert_eq!(
                g.contains(&format!("\"{}\"", i64::MAX)),
                listed,
                "{schema}: {g}"
            );
        }
        let g =
            from_schema(&json!({"type": "array", "items": {"type": "string", "maxLength": max}}))
                .unwrap();
        assert!(g.contains(&format!("char{{0,{MAX_LENGTH}}}")), "{g}");
        assert!(g.contains("{0,19}"), "an absent maxItems stays 20: {g}");

        for schema in [
            json!({"type": "array", "minItems": max}),
            json!({"type": "array", "minItems": MAX_ITEMS + 1}),
            json!({"type": "array", "minItems": 5, "maxItems": 2}),
            json!({"type": "array", "minItems": -1}),
            json!({"type": "array", "maxItems": 2.5}),
            json!({"type": "string", "minLength": max}),
            json!({"type": "string", "minLength": 1e30}),
            json!({"type": "string", "minLength": 5, "maxLength": 1}),
            json!({"type": "integer", "minimum": i64::MAX, "maximum": i64::MIN}),
            json!({"type": "object", "properties": {"a": {"type": "array", "minItems": max}}}),
        ] {
            let e = from_schema(&schema).unwrap_err();
            assert_eq!(e.code(), "llm.config", "{schema}");
            assert!(e.to_string().contains("JSON Schema"), "{schema}: {e}");
        }

        // Nesting deeper than MAX_DEPTH is refused, not a stack overflow.
        let mut deep = json!({"type": "string"});
        for _ in 0..(MAX_DEPTH + 5) {
            deep = json!({"type": "array", "items": deep});
        }
        assert_eq!(from_schema(&deep).unwrap_err().code(), "llm.config");
    }
}
