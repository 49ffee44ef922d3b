//! What is scored: the interview as an ordered list of turns, from a stored
//! interview's events or from a file
//! (`[{"role": "interviewer"|"candidate", "message": "…"}]`, upstream's
//! `"applicant"` read as `"candidate"`), and the verbatim check every
//! evidence quote must pass.

use crate::interview::{Envelope, ServerEvent};
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Speaker {
    Interviewer,
    #[serde(alias = "applicant")]
    Candidate,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Turn {
    pub role: Speaker,
    pub message: String,
    /// The plan question the turn belongs to, for stored interviews.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub question_id: Option<String>,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(transparent)]
pub struct Transcript {
    pub turns: Vec<Turn>,
}

/// The most a transcript file may hold (characters), and the most turns.
pub const MAX_TRANSCRIPT_CHARS: usize = 400_000;
pub const MAX_TURNS: usize = 400;

impl Transcript {
    /// A transcript file's JSON; extra keys are ignored.
    pub fn from_json(text: &str) -> Result<Self, String> {
        if text.len() > MAX_TRANSCRIPT_CHARS {
            return Err(format!(
                "the transcript is over {MAX_TRANSCRIPT_CHARS} characters"
            ));
        }
        let t: Transcript = serde_json::from_str(text).map_err(|e| {
            format!("not a transcript ([{{\"role\": \"interviewer\"|\"candidate\", \"message\": …}}]): {e}")
        })?;
        if t.turns.len() > MAX_TURNS {
            return Err(format!("the transcript has over {MAX_TURNS} turns"));
        }
        Ok(t)
    }

    /// The questions asked and the answers given, in order, from an
    /// interview's events (recruiter view).
    pub fn from_events(events: &[Envelope]) -> Self {
        let mut turns = Vec::new();
        for e in events {
            match &e.event {
                ServerEvent::Question {
                    question_id,
                    text,
                    repeat: false,
                    ..
                }
                | ServerEvent::FollowUp {
                    question_id, text, ..
                } => turns.push(Turn {
                    role: Speaker::Interviewer,
                    message: text.clone(),
                    question_id: Some(question_id.clone()),
                }),
                ServerEvent::Answer {
                    question_id, text, ..
                } => turns.push(Turn {
                    role: Speaker::Candidate,
                    message: text.clone(),
                    question_id: Some(question_id.clone()),
                }),
                _ => {}
            }
        }
        Self { turns }
    }

    pub fn candidate_turns(&self) -> impl Iterator<Item = (usize, &Turn)> {
        self.turns
            .iter()
            .enumerate()
            .filter(|(_, t)| t.role == Speaker::Candidate)
    }

    /// Whether the candidate said anything at all.
    pub fn has_answers(&self) -> bool {
        self.candidate_turns()
            .any(|(_, t)| !t.message.trim().is_empty())
    }
}

/// Text compared for quotes: lowercased, whitespace runs as one space,
/// typographic quotes, dashes and apostrophes as their ASCII forms, and
/// invisible characters dropped. Nothing fuzzier.
pub fn normalise(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut space = false;
    for c in text.chars() {
        let c = match c {
            '\u{2018}' | '\u{2019}' | '\u{201B}' | '\u{2032}' => '\'',
            '\u{201C}' | '\u{201D}' | '\u{201E}' | '\u{2033}' => '"',
            '\u{2010}'..='\u{2015}' | '\u{2212}' => '-',
            '\u{00A0}' | '\u{202F}' | '\u{2007}' => ' ',
            '\u{200B}'..='\u{200F}' | '\u{2060}' | '\u{FEFF}' | '\u{00AD}' => continue,
            c => c,
        };
        if c.is_whitespace() {
            space = !out.is_empty();
            continue;
        }
        if space {
            out.push(' ');
            space = false;
        }
        out.extend(c.to_lowercase());
    }
    out
}

/// The candidate turn (index into the transcript) a quote occurs in,
/// verbatim after [`normalise`]; an ellipsis ("…", "...") may join parts
/// that each occur, in order, in that same turn. Quotes shorter than three
/// words never count: they prove nothing.
pub fn locate(quote: &str, turns: &[(usize, String)]) -> Option<usize> {
    let parts: Vec<String> = quote
        .split(['…'])
        .flat_map(|p| p.split("..."))
        .map(|p| normalise(p.trim_matches(|c: char| c == '"' || c == '\'' || c.is_whitespace())))
        .filter(|p| !p.is_empty())
        .collect();
    let words: usize = parts.iter().map(|p| p.split(' ').count()).sum();
    if parts.is_empty() || words < 3 {
        return None;
    }
    turns.iter().find_map(|(i, said)| {
        let mut from = 0;
        for p in &parts {
            let at = said[from..].find(p.as_str())?;
            from += at + p.len();
        }
        Some(*i)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn said(texts: &[&str]) -> Vec<(usize, String)> {
        texts
            .iter()
            .enumerate()
            .map(|(i, t)| (i * 2 + 1, normalise(t)))
            .collect()
    }

    #[test]
    fn quotes_must_occur_verbatim_up_to_case_and_spacing() {
        let turns = said(&[
            "I led the  migration to Kubernetes in 2021.",
            "We cut costs by “forty” percent — mostly compute.",
        ]);
        assert_eq!(locate("i led the migration to kubernetes", &turns), Some(1));
        assert_eq!(
            locate("cut costs by \"forty\" percent - mostly", &turns),
            Some(3)
        );
        assert_eq!(locate("I led the migration … in 2021", &turns), Some(1));
        // Fabricated or paraphrased: refused.
        assert_eq!(locate("I led the migration to AWS", &turns), None);
        assert_eq!(locate("led migrating to Kubernetes", &turns), None);
        // Parts out of order, or from two turns, do not join.
        assert_eq!(locate("in 2021 … I led the migration", &turns), None);
        assert_eq!(locate("in 2021. … cut costs by", &turns), None);
        // Too short to prove anything.
        assert_eq!(locate("I led", &turns), None);
        assert_eq!(locate("", &turns), None);
    }

    #[test]
    fn transcript_files_read_both_role_names_and_refuse_other_shapes() {
        let t = Transcript::from_json(
            r#"[{"role":"interviewer","message":"Q?"},{"role":"applicant","message":"A.","extra":1}]"#,
        )
        .unwrap();
        assert_eq!(t.turns[1].role, Speaker::Candidate);
        assert!(Transcript::from_json(r#"{"role":"x"}"#).is_err());
        assert!(Transcript::from_json(r#"[{"role":"judge","message":"x"}]"#).is_err());
    }
}
