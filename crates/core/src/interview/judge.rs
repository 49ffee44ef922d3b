//! Judging an answer during the interview: which of the question's key
//! points it covers and whether the level it shows is clear — the input to
//! the conductor's follow-up decision. The model proposes through a JSON
//! Schema; the offline judge (word overlap with each key point) answers
//! when there is no model or the model fails. Scoring proper is a later,
//! separate step; this only steers the conversation.

use super::protocol::{Envelope, Outbox, ServerEvent};
use super::{Language, Question, i18n};
use crate::llm::prompt::PromptTemplate;
use crate::llm::service::Call;
use crate::llm::{CancellationToken, LlmError, LlmService, TokenSink};
use crate::rubric::Rubric;
use serde_json::json;

pub const OFFLINE_JUDGE: &str = "offline judge v1";

#[derive(Debug, Clone, PartialEq)]
pub struct Verdict {
    pub covered: Vec<String>,
    pub missing: Vec<String>,
    /// The level the answer shows is clear; no follow-up is needed for it.
    pub decided: bool,
    /// Who judged: a provider/model, or the offline judge.
    pub judge: String,
    /// Why the model's verdict was not used, when it was not.
    pub note: Option<String>,
}

impl Verdict {
    /// Settled: every key point covered and the level clear.
    pub fn settled(&self) -> bool {
        self.decided && self.missing.is_empty()
    }
}

/// Lowercased words of at least four letters, cut to a five-letter stem so
/// that "deployed" meets "deployment".
fn stems(text: &str) -> Vec<String> {
    const STOP: &[&str] = &[
        "this", "that", "with", "what", "which", "their", "there", "from", "they", "them", "have",
        "were", "your", "about", "ideally", "eine", "einer", "oder", "und", "ihre", "dans", "pour",
        "avec", "sans", "leur", "comment",
    ];
    text.split(|c: char| !c.is_alphanumeric())
        .filter(|w| w.chars().count() >= 4)
        .map(str::to_lowercase)
        .filter(|w| !STOP.contains(&w.as_str()))
        .map(|w| w.chars().take(5).collect())
        .collect()
}

/// The offline judge: a key point is covered when a third of its words
/// (by stem) occur in the answer; the level is decided when every point
/// is covered, or when a long answer covers most of them.
pub fn offline(question: &Question, answer: &str) -> Verdict {
    let answer_stems: std::collections::HashSet<String> = stems(answer).into_iter().collect();
    let words = answer.split_whitespace().count();
    let mut covered = Vec::new();
    let mut missing = Vec::new();
    for point in &question.key_points {
        let p = stems(point);
        let hits = p.iter().filter(|s| answer_stems.contains(*s)).count();
        if words >= 8 && !p.is_empty() && hits * 3 >= p.len() {
            covered.push(point.clone());
        } else {
            missing.push(point.clone());
        }
    }
    let decided =
        missing.is_empty() || (words >= 120 && covered.len() * 3 >= question.key_points.len() * 2);
    Verdict {
        covered,
        missing,
        decided,
        judge: OFFLINE_JUDGE.into(),
        note: None,
    }
}

fn judge_schema(points: usize) -> serde_json::Value {
    json!({
        "title": "answer_judgement",
        "type": "object",
        "properties": {
            "covered": {
                "type": "array",
                "items": {"type": "integer", "minimum": 1, "maximum": points.max(1)},
                "maxItems": points.max(1)
            },
            "level_decided": {"type": "boolean"}
        },
        "required": ["covered", "level_decided"],
        "additionalProperties": false
    })
}

/// The model's verdict, or the offline judge's when the model fails (the
/// failure is kept in `note`).
pub async fn judge(
    llm: Option<&LlmService>,
    rubric: &Rubric,
    question: &Question,
    answer: &str,
    cancel: &CancellationToken,
) -> Verdict {
    let Some(llm) = llm else {
        return offline(question, answer);
    };
    match ask_model(llm, rubric, question, answer, cancel).await {
        Ok(v) => v,
        Err(e) => {
            tracing::warn!(
                code = e.code(),
                "interview judge fell back to the offline judge: {e}"
            );
            Verdict {
                note: Some(format!("{}: {e}", e.code())),
                ..offline(question, answer)
            }
        }
    }
}

async fn ask_model(
    llm: &LlmService,
    rubric: &Rubric,
    question: &Question,
    answer: &str,
    cancel: &CancellationToken,
) -> Result<Verdict, LlmError> {
    let dim = rubric
        .dimensions
        .iter()
        .find(|d| d.name == question.dimension);
    let mut call = Call::new(
        PromptTemplate::builtin("interview.judge")?,
        json!({
            "dimension": question.dimension,
            "question": question.text,
            "key_points": question.key_points,
            "strong": dim.map_or("", |d| d.strong.as_str()),
            "weak": dim.map_or("", |d| d.weak.as_str()),
            "answer": answer,
        }),
    );
    call.schema = Some(judge_schema(question.key_points.len()));
    call.temperature = 0.0;
    call.seed = Some(7);
    call.max_tokens = 120;
    let reply = llm.run(&call, None, cancel).await?;
    let doc = reply
        .json
        .ok_or_else(|| LlmError::InvalidOutput("no JSON verdict".into()))?;
    let mut covered_idx: Vec<usize> = doc["covered"]
        .as_array()
        .map(|a| {
            a.iter()
                .filter_map(serde_json::Value::as_u64)
                .filter_map(|n| usize::try_from(n).ok())
                .filter(|n| (1..=question.key_points.len()).contains(n))
                .collect()
        })
        .unwrap_or_default();
    covered_idx.sort_unstable();
    covered_idx.dedup();
    let decided = doc["level_decided"].as_bool().unwrap_or(false);
    let (mut covered, mut missing) = (Vec::new(), Vec::new());
    for (i, p) in question.key_points.iter().enumerate() {
        if covered_idx.contains(&(i + 1)) {
            covered.push(p.clone());
        } else {
            missing.push(p.clone());
        }
    }
    // An empty or one-line answer cannot have settled anything, whatever
    // the model says.
    let decided = decided && answer.split_whitespace().count() >= 8;
    Ok(Verdict {
        covered,
        missing,
        decided,
        judge: format!("{}/{}", reply.response.provider, reply.response.model),
        note: None,
    })
}

/// The follow-up to ask: the model's, streamed into `sink` as it is
/// written, when it is one plain question; else the template for the first
/// missing key point. Returns the text and who wrote it.
pub async fn follow_up(
    llm: Option<&LlmService>,
    lang: Language,
    question: &Question,
    answer: &str,
    verdict: &Verdict,
    sink: Option<&TokenSink>,
    cancel: &CancellationToken,
) -> (String, Option<String>) {
    let fallback = || match verdict.missing.first() {
        Some(point) if answer.split_whitespace().count() >= 8 => i18n::follow_up(lang, point),
        _ => i18n::follow_up_more(lang).to_owned(),
    };
    let Some(llm) = llm else {
        return (fallback(), None);
    };
    let call = match PromptTemplate::builtin("interview.follow_up") {
        Ok(t) => {
            let mut c = Call::new(
                t,
                json!({
                    "language": lang.english_name(),
                    "question": question.text,
                    "missing": if verdict.missing.is_empty() { "more detail and a concrete example".to_owned() } else { verdict.missing.join("; ") },
                    "answer": answer,
                }),
            );
            c.temperature = 0.3;
            c.seed = Some(11);
            c.max_tokens = 80;
            c
        }
        Err(e) => return (fallback(), Some(e.to_string())),
    };
    match llm.run(&call, sink, cancel).await {
        Ok(reply) => match sane_question(&reply.response.text) {
            Some(q) if on_topic(&q, question, answer, verdict) => (q, None),
            Some(_) => (
                fallback(),
                Some("the model's follow-up was not about the question or the answer".into()),
            ),
            None => (
                fallback(),
                Some("the model's follow-up was not one plain question".into()),
            ),
        },
        Err(e) => (fallback(), Some(format!("{}: {e}", e.code()))),
    }
}

/// Whether a reply being streamed can still become one plain question:
/// one line, no markup, no exclamation, no verdict on the answer (a score,
/// praise, a hiring decision). Streaming stops at the first delta that
/// fails this, so the candidate never sees such text.
pub fn plausible_prefix(text: &str) -> bool {
    const VERDICTS: &[&str] = &[
        "score",
        "hired",
        "hire ",
        "great answer",
        "excellent",
        "well done",
        "perfect",
        "correct",
        "wrong",
        "good answer",
        "note",
        "punkte",
        "bewertung",
        "richtig",
        "falsch",
        "bravo",
        "parfait",
        "réponse",
        "/10",
        "/5",
    ];
    let t = text.trim_start();
    let lower = t.to_lowercase();
    !t.trim_end().contains('\n')
        && !t.contains(['<', '>', '{', '}', '`', '|', '!', '*', '#'])
        && t.chars().count() <= 300
        && !VERDICTS.iter().any(|v| lower.contains(v))
}

/// Whether a follow-up is about this turn: it shares a word (by stem) with
/// the question, its missing key points or the answer. A model that drifts
/// ("I'm ready to assist. What's your task?") shares none.
pub fn on_topic(follow_up: &str, question: &Question, answer: &str, verdict: &Verdict) -> bool {
    let theirs: std::collections::HashSet<String> = stems(&question.text)
        .into_iter()
        .chain(verdict.missing.iter().flat_map(|m| stems(m)))
        .chain(stems(answer))
        .collect();
    stems(follow_up).iter().any(|s| theirs.contains(s))
}

/// One plain question from a model's reply: its first non-empty line,
/// unquoted, 10–300 characters, ending with a question mark, and with no
/// markup or data tags.
pub fn sane_question(text: &str) -> Option<String> {
    let line = text
        .lines()
        .map(str::trim)
        .find(|l| !l.is_empty())?
        .trim_start_matches(|c: char| c == '-' || c == '*' || c.is_whitespace())
        .trim_matches(|c: char| c == '"' || c == '“' || c == '”' || c == '«' || c == '»')
        .trim();
    let n = line.chars().count();
    if (10..=300).contains(&n) && line.ends_with('?') && plausible_prefix(line) {
        Some(line.to_owned())
    } else {
        None
    }
}

/// Forward a follow-up being written as `question_delta` envelopes (all
/// with `seq`, the number the follow-up will be stored under): text is
/// shown once its start reads as a question and for as long as it can
/// still become one plain question.
pub fn show_while_plausible(
    out: Outbox,
    mut deltas: tokio::sync::mpsc::UnboundedReceiver<String>,
    seq: u64,
    interview_id: String,
    question_id: String,
) -> tokio::task::JoinHandle<()> {
    const HOLD_CHARS: usize = 24;
    tokio::spawn(async move {
        let (mut text, mut shown, mut stopped) = (String::new(), 0, false);
        let send = |delta: &str| {
            let _ = out.send(Envelope {
                seq,
                interview_id: interview_id.clone(),
                at: chrono::Utc::now().to_rfc3339_opts(chrono::SecondsFormat::Millis, true),
                event: ServerEvent::QuestionDelta {
                    question_id: question_id.clone(),
                    delta: delta.to_owned(),
                },
            });
        };
        while let Some(delta) = deltas.recv().await {
            text.push_str(&delta);
            stopped = stopped || !plausible_prefix(&text);
            if !stopped && text.chars().count() >= HOLD_CHARS {
                send(&text[shown..]);
                shown = text.len();
            }
        }
        if !stopped && shown < text.len() && sane_question(&text).is_some() {
            send(&text[shown..]);
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::interview::{Difficulty, QuestionKind, QuestionSource, Scope};

    fn q() -> Question {
        Question {
            id: "q".into(),
            kind: QuestionKind::Technical,
            difficulty: Difficulty::Medium,
            dimension: "Back end".into(),
            requirements: vec!["PostgreSQL".into()],
            text: "How did you tune PostgreSQL?".into(),
            key_points: vec![
                "Indexes chosen from query plans".into(),
                "Measured latency before and after".into(),
            ],
            time_limit_secs: 300,
            source: QuestionSource::Offline,
            scope: Scope::Job,
        }
    }

    #[test]
    fn offline_judge_counts_key_points_by_stem() {
        let v = offline(
            &q(),
            "I read the query plans with EXPLAIN ANALYZE and added partial indexes on the hot columns of our orders table.",
        );
        assert_eq!(
            v.covered,
            vec!["Indexes chosen from query plans".to_owned()]
        );
        assert_eq!(v.missing.len(), 1);
        assert!(!v.decided);
        let both = offline(
            &q(),
            "I read the query plans and chose indexes from them; I measured p95 latency before and after each change.",
        );
        assert!(both.settled(), "{both:?}");
        assert!(
            !offline(&q(), "indexes plans latency").decided,
            "too short to judge"
        );
    }

    #[test]
    fn follow_ups_off_the_topic_are_refused() {
        let v = offline(&q(), "I added an index.");
        let answer = "I added an index.";
        assert!(on_topic(
            "Which index did you add, and why that one?",
            &q(),
            answer,
            &v
        ));
        assert!(on_topic(
            "How did you measure the latency afterwards?",
            &q(),
            answer,
            &v
        ));
        assert!(!on_topic(
            "I'm ready to assist. What's your task?",
            &q(),
            answer,
            &v
        ));
    }

    #[test]
    fn only_plain_questions_pass() {
        assert_eq!(
            sane_question("\"Which indexes did you add, and why?\"\n").as_deref(),
            Some("Which indexes did you add, and why?")
        );
        assert!(sane_question("Great answer! Score: 5").is_none());
        assert!(sane_question("<data>What now?</data>").is_none());
        assert!(sane_question("").is_none());
    }
}
