//! JSON Schema → GBNF, the grammar language llama.cpp samples under, so a
//! local model can only produce documents of the schema's shape. Covers
//! what structured prompts use: objects (properties in order; all are
//! emitted), arrays, strings (with `enum`, bounded length), integers (small
//! `minimum`..`maximum` ranges as alternatives), numbers, booleans, null,
//! `enum`/`const` of any type, `anyOf`/`oneOf` and type lists. The reply is
//! validated against the schema afterwards all the same.

use serde_json::Value;

const PRIMITIVES: &str = r#"ws ::= [ \t\n]{0,2}
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
    fn expr(&mut self, schema: &Value, name: &str) -> String {
        if let Some(c) = schema.get("const") {
            return literal(c);
        }
        if let Some(options) = schema.get("enum").and_then(Value::as_array) {
            return format!(
                "({})",
                options.iter().map(literal).collect::<Vec<_>>().join(" | ")
            );
        }
        for key in ["anyOf", "oneOf"] {
            if let Some(options) = schema.get(key).and_then(Value::as_array) {
                let alts: Vec<String> = options
                    .iter()
                    .enumerate()
                    .map(|(i, s)| self.expr(s, &format!("{name}-{i}")))
                    .collect();
                return format!("({})", alts.join(" | "));
            }
        }
        if let Some(types) = schema.get("type").and_then(Value::as_array) {
            let alts: Vec<String> = types
                .iter()
                .map(|t| {
                    let mut s = schema.clone();
                    s["type"] = t.clone();
                    self.expr(&s, name)
                })
                .collect();
            return format!("({})", alts.join(" | "));
        }
        match schema.get("type").and_then(Value::as_str) {
            Some("object") => {
                let props = schema.get("properties").and_then(Value::as_object);
                let Some(props) = props.filter(|p| !p.is_empty()) else {
                    return "\"{\" ws \"}\"".into();
                };
                let mut parts = Vec::new();
                for (key, sub) in props {
                    let value = self.expr(sub, &format!("{name}-{key}"));
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
                    Some(items) => self.expr(items, &format!("{name}-item")),
                    None => "value".into(),
                };
                let min = schema.get("minItems").and_then(Value::as_u64).unwrap_or(0);
                let max = schema
                    .get("maxItems")
                    .and_then(Value::as_u64)
                    .unwrap_or(20)
                    .max(min.max(1));
                let body = if min == 0 {
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
                let max = schema
                    .get("maxLength")
                    .and_then(Value::as_u64)
                    .unwrap_or(400);
                let min = schema.get("minLength").and_then(Value::as_u64).unwrap_or(0);
                if (min, max) == (0, 400) {
                    "string".into()
                } else {
                    format!("\"\\\"\" char{{{min},{max}}} \"\\\"\"")
                }
            }
            Some("integer") => {
                let lo = schema.get("minimum").and_then(Value::as_i64);
                let hi = schema.get("maximum").and_then(Value::as_i64);
                match (lo, hi) {
                    (Some(lo), Some(hi)) if hi >= lo && hi - lo <= 100 => format!(
                        "({})",
                        (lo..=hi)
                            .map(|n| format!("\"{n}\""))
                            .collect::<Vec<_>>()
                            .join(" | ")
                    ),
                    _ => "integer".into(),
                }
            }
            Some("number") => "number".into(),
            Some("boolean") => "boolean".into(),
            Some("null") => "null".into(),
            _ => "value".into(),
        }
    }
}

/// The GBNF grammar (root rule `root`) for documents of `schema`.
pub fn from_schema(schema: &Value) -> String {
    let mut b = Builder { rules: Vec::new() };
    let root = b.expr(schema, "root-value");
    let mut out = format!("root ::= ws {root} ws\n");
    for (name, body) in &b.rules {
        out.push_str(&format!("{name} ::= {body}\n"));
    }
    out.push_str(PRIMITIVES);
    out
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
        }));
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
}
