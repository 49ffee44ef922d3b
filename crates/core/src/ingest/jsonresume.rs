//! JSON Resume files imported directly: v1.0 key names and the older
//! pre-1.0 ones (`work[].company`, `website`, `education[].gpa`, …).

use crate::error::ResumeError;
use crate::resume::JsonResume;
use serde_json::{Map, Value};

pub fn import(bytes: &[u8]) -> Result<JsonResume, ResumeError> {
    let text = super::text::decode(bytes)?;
    let mut value: Value = serde_json::from_str(&text)
        .map_err(|e| ResumeError::Corrupt(format!("invalid JSON: {e}")))?;
    let Value::Object(root) = &mut value else {
        return Err(ResumeError::Corrupt("JSON Resume must be an object".into()));
    };
    upgrade(root);
    let mut resume: JsonResume = serde_json::from_value(value)
        .map_err(|e| ResumeError::Corrupt(format!("not a JSON Resume document: {e}")))?;
    resume.x_ats = None; // recomputed by the caller, never trusted from input
    Ok(resume)
}

fn rename(obj: &mut Map<String, Value>, old: &str, new: &str) {
    if let Some(v) = obj.remove(old) {
        obj.entry(new.to_owned()).or_insert(v);
    }
}

fn each_item(root: &mut Map<String, Value>, key: &str, f: impl Fn(&mut Map<String, Value>)) {
    if let Some(Value::Array(items)) = root.get_mut(key) {
        for item in items.iter_mut() {
            if let Value::Object(obj) = item {
                f(obj);
            }
        }
    }
}

/// Rewrite pre-1.0 key names to 1.0 and drop values of the wrong JSON type
/// that would otherwise make the whole document unreadable.
fn upgrade(root: &mut Map<String, Value>) {
    if let Some(Value::Object(basics)) = root.get_mut("basics") {
        rename(basics, "website", "url");
        rename(basics, "picture", "image");
        basics.remove("image");
        if let Some(Value::Object(loc)) = basics.get_mut("location") {
            rename(loc, "zip", "postalCode");
        }
        each_item(basics, "profiles", |p| rename(p, "website", "url"));
    }
    each_item(root, "work", |w| {
        rename(w, "company", "name");
        rename(w, "website", "url");
    });
    each_item(root, "volunteer", |w| rename(w, "website", "url"));
    each_item(root, "education", |e| {
        rename(e, "gpa", "score");
        rename(e, "website", "url");
    });
    each_item(root, "publications", |p| rename(p, "website", "url"));
    each_item(root, "projects", |p| rename(p, "website", "url"));
    each_item(root, "certificates", |c| rename(c, "website", "url"));
    // JSON Resume's `meta` and unknown top-level keys are not carried.
    root.retain(|k, _| {
        matches!(
            k.as_str(),
            "basics"
                | "work"
                | "volunteer"
                | "education"
                | "skills"
                | "languages"
                | "projects"
                | "certificates"
                | "publications"
                | "awards"
                | "interests"
                | "references"
        )
    });
    strip_wrong_types(root);
}

/// JSON Resume fields we model are strings, arrays of strings, or objects;
/// numbers (e.g. a numeric GPA) become strings, other mismatches are dropped.
fn strip_wrong_types(v: &mut Map<String, Value>) {
    for (_, value) in v.iter_mut() {
        match value {
            Value::Number(n) => *value = Value::String(n.to_string()),
            Value::Bool(_) => *value = Value::Null,
            Value::Object(o) => strip_wrong_types(o),
            Value::Array(items) => {
                for item in items.iter_mut() {
                    match item {
                        Value::Object(o) => strip_wrong_types(o),
                        Value::Number(n) => *item = Value::String(n.to_string()),
                        _ => {}
                    }
                }
            }
            _ => {}
        }
    }
}
