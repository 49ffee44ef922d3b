//! Anchored levels written by a model: for each rubric dimension, what an
//! answer at each of five levels shows, through a JSON Schema. Each
//! dimension's levels are checked (distinct labels, descriptions of
//! substance, no markup); a dimension whose reply fails keeps its template
//! anchors ([`RubricDimension::default_levels`]) and the reason is noted.

use crate::llm::prompt::PromptTemplate;
use crate::llm::service::Call;
use crate::llm::{CancellationToken, LlmError, LlmService};
use crate::rubric::{Level, Rubric, RubricDimension};
use futures_util::StreamExt;
use serde::Deserialize;
use serde_json::{Value, json};

pub const PROMPT: &str = "rubric.anchors";
const LEVELS: usize = 5;

fn schema() -> Value {
    json!({
        "type": "object",
        "properties": {
            "levels": {
                "type": "array", "minItems": LEVELS, "maxItems": LEVELS,
                "items": {
                    "type": "object",
                    "properties": {
                        "label": {"type": "string", "minLength": 2, "maxLength": 24},
                        "description": {"type": "string", "minLength": 20, "maxLength": 320}
                    },
                    "required": ["label", "description"]
                }
            }
        },
        "required": ["levels"]
    })
}

#[derive(Deserialize)]
struct Reply {
    levels: Vec<Written>,
}

#[derive(Deserialize)]
struct Written {
    label: String,
    description: String,
}

/// Why a model's levels are not used, if they are not.
fn check(levels: &[Written]) -> Result<Vec<Level>, String> {
    if levels.len() != LEVELS {
        return Err(format!("{} levels, not {LEVELS}", levels.len()));
    }
    let mut labels = std::collections::HashSet::new();
    let mut descriptions = std::collections::HashSet::new();
    let mut out = Vec::new();
    for (i, l) in levels.iter().enumerate() {
        let label = l.label.trim();
        let description = l.description.trim();
        if description.split_whitespace().count() < 5 {
            return Err(format!("level {} says too little", i + 1));
        }
        if [label, description]
            .iter()
            .any(|t| t.contains(['<', '>', '{', '}', '`', '#', '*']))
        {
            return Err(format!("level {} has markup", i + 1));
        }
        if !labels.insert(label.to_lowercase()) || !descriptions.insert(description.to_lowercase())
        {
            return Err(format!("level {} repeats another", i + 1));
        }
        out.push(Level {
            score: i as u32 + 1,
            label: label.to_owned(),
            description: description.to_owned(),
        });
    }
    Ok(out)
}

async fn one(
    llm: &LlmService,
    prompt: &PromptTemplate,
    job_title: &str,
    d: &RubricDimension,
) -> Result<Vec<Level>, String> {
    let vars = json!({
        "job": job_title, "name": d.name, "description": d.description,
        "skills": d.skills, "strong": d.strong, "weak": d.weak,
    });
    let mut call = Call::new(prompt.clone(), vars);
    call.schema = Some(schema());
    call.temperature = 0.3;
    call.max_tokens = 700;
    let reply = llm
        .run(&call, None, &CancellationToken::new())
        .await
        .map_err(|e| format!("{}: {e}", e.code()))?;
    let parsed: Reply = reply
        .json
        .and_then(|v| serde_json::from_value(v).ok())
        .ok_or("the reply is not the levels document")?;
    check(&parsed.levels)
}

/// The rubric with model-written levels on every dimension the model got
/// right; notes say which kept their template anchors and why.
pub async fn anchor(
    llm: &LlmService,
    rubric: &Rubric,
    job_title: &str,
) -> Result<(Rubric, Vec<String>), LlmError> {
    let prompt = PromptTemplate::builtin(PROMPT)?;
    let concurrency = if llm.provider().is_network() { 8 } else { 1 };
    let written: Vec<Result<Vec<Level>, String>> = futures_util::stream::iter(&rubric.dimensions)
        .map(|d| one(llm, &prompt, job_title, d))
        .buffered(concurrency)
        .collect()
        .await;
    let mut out = rubric.clone();
    let mut notes = Vec::new();
    for (d, w) in out.dimensions.iter_mut().zip(written) {
        match w {
            Ok(levels) => d.levels = levels,
            Err(why) => {
                if d.levels.is_empty() {
                    d.levels = d.default_levels();
                }
                notes.push(format!("{}: kept the template anchors ({why})", d.name));
            }
        }
    }
    Ok((out, notes))
}
