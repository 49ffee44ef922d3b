//! Job postings → structured requirements: title, seniority, minimum years,
//! must-have and nice-to-have skills (each with its evidence span),
//! responsibilities, location, remote. Rules and the skill taxonomy only:
//! it works offline, and an LLM may refine it later through the same type.
//!
//! Boilerplate (about the company, benefits, compensation, equal
//! opportunity, how to apply) is recognised by its heading and left out.

use crate::resume::Span;
use crate::skills::SkillMatcher;
use regex::Regex;
use serde::{Deserialize, Serialize};
use std::sync::LazyLock;

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct JobAnalysis {
    pub title: Option<String>,
    pub seniority: Option<String>,
    pub min_years: Option<u32>,
    pub must_have: Vec<Requirement>,
    pub nice_to_have: Vec<Requirement>,
    pub responsibilities: Vec<String>,
    pub location: Option<String>,
    pub remote: Option<bool>,
    /// Headings recognised as boilerplate and skipped.
    pub boilerplate: Vec<String>,
}

/// One requirement: a taxonomy skill or a requirement phrase, with the text
/// it was read from.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct Requirement {
    pub skill: String,
    /// `taxonomy` (a known skill) or `phrase` (what the posting asks for).
    pub kind: String,
    pub evidence: String,
    pub span: Span,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Part {
    Intro,
    Required,
    Preferred,
    Responsibilities,
    Boilerplate,
    Other,
}

fn part_of(heading: &str) -> Part {
    let h = heading.to_lowercase();
    let has = |words: &[&str]| words.iter().any(|w| h.contains(w));
    if has(&[
        "preferred",
        "nice to have",
        "nice-to-have",
        "bonus",
        "desired",
        "plus if",
        "good to have",
    ]) {
        Part::Preferred
    } else if has(&[
        "required",
        "requirements",
        "minimum qualifications",
        "basic qualifications",
        "qualifications",
        "must have",
        "must-have",
        "what you bring",
        "what you'll bring",
        "you have",
        "skill set",
        "skills",
        "specialized experience",
        "who you are",
        "what we're looking for",
        "what we are looking for",
    ]) {
        Part::Required
    } else if has(&[
        "responsibilit",
        "what you'll do",
        "what you will do",
        "duties",
        "objectives",
        "the role",
        "your role",
        "day to day",
        "day-to-day",
    ]) {
        Part::Responsibilities
    } else if has(&[
        "about us",
        "about the company",
        "who we are",
        "benefit",
        "compensation",
        "salary",
        "perks",
        "equal opportunity",
        "equal employment",
        "eeo",
        "diversity",
        "how to apply",
        "to apply",
        "apply",
        "start date",
        "accommodation",
        "privacy",
        "location and work",
        "work hours",
        "basic information",
    ]) {
        Part::Boilerplate
    } else {
        Part::Other
    }
}

static HEADING: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^(?:#{1,6}\s+(?P<md>.+?)\s*#*$|\*\*(?P<bold>[^*]{2,80}?):?\*\*:?\s*$|(?P<plain>[A-Z][^.!?]{2,60}):$)").unwrap()
});
static YEARS: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\b(?:minimum of |at least |)(?P<n>\d{1,2}|one|two|three|four|five|six|seven|eight|nine|ten)\s*(?:\(\d{1,2}\)\s*)?\+?\s*(?:or more\s+)?years?\b").unwrap()
});
static TRIGGER: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\b(?:experience (?:with|in|using|developing|designing|building|working (?:with|on|in)|implementing|managing|leading|delivering)|knowledge of|familiarity with|familiar with|proficiency (?:in|with)|proficient (?:in|with)|understanding of|expertise in|background in|comfortable (?:with|in)|skills? in|ability to|experience)\s+").unwrap()
});

fn number(word: &str) -> Option<u32> {
    word.parse().ok().or(match word.to_lowercase().as_str() {
        "one" => Some(1),
        "two" => Some(2),
        "three" => Some(3),
        "four" => Some(4),
        "five" => Some(5),
        "six" => Some(6),
        "seven" => Some(7),
        "eight" => Some(8),
        "nine" => Some(9),
        "ten" => Some(10),
        _ => None,
    })
}

const SENIORITY: &[(&str, &str)] = &[
    ("intern", "intern"),
    ("internship", "intern"),
    ("junior", "junior"),
    ("jr", "junior"),
    ("entry level", "junior"),
    ("principal", "principal"),
    ("staff", "staff"),
    ("senior", "senior"),
    ("sr", "senior"),
    ("lead", "lead"),
    ("director", "director"),
    ("head of", "director"),
    ("manager", "manager"),
];

/// Requirements that are not skills: eligibility and values statements.
fn not_a_skill(text: &str) -> bool {
    let t = text.to_lowercase();
    [
        "authorized to work",
        "citizen",
        "background check",
        "clearance",
        "commitment to",
        "anti-racist",
        "equal opportunity",
        "visa",
        "relocat",
        "travel",
    ]
    .iter()
    .any(|w| t.contains(w))
}

pub fn analyze(text: &str, matcher: &SkillMatcher) -> JobAnalysis {
    let mut analysis = JobAnalysis {
        title: None,
        seniority: None,
        min_years: None,
        must_have: Vec::new(),
        nice_to_have: Vec::new(),
        responsibilities: Vec::new(),
        location: None,
        remote: None,
        boilerplate: Vec::new(),
    };
    let mut part = Part::Intro;
    let mut offset = 0;
    // Markdown front matter: "---", "key: value" lines, "---".
    let mut front_matter = text.starts_with("---\n");
    let mut first = true;
    for raw in text.split('\n') {
        let start = offset;
        offset += raw.len() + 1;
        let line = raw.trim();
        if front_matter {
            if line == "---" && !first {
                front_matter = false;
            } else if let Some((key, value)) = line.split_once(':') {
                let value = value.trim().trim_matches('"');
                match key.trim() {
                    "title" if analysis.title.is_none() => analysis.title = Some(value.to_owned()),
                    "location" => analysis.location = Some(value.to_owned()),
                    _ => {}
                }
            }
            first = false;
            continue;
        }
        if line.is_empty() {
            continue;
        }
        if let Some(c) = HEADING.captures(line) {
            let heading = c
                .name("md")
                .or_else(|| c.name("bold"))
                .or_else(|| c.name("plain"))
                .map(|m| m.as_str().trim().trim_end_matches(':').to_owned())
                .unwrap_or_default();
            if analysis.title.is_none() && line.starts_with('#') {
                analysis.title = Some(heading.clone());
                continue;
            }
            // A bold "Key: value" line is a field, not a heading.
            let next = part_of(&heading);
            if next == Part::Boilerplate {
                analysis.boilerplate.push(heading);
            }
            part = next;
            continue;
        }
        if analysis.title.is_none() && part == Part::Intro {
            analysis.title = Some(line.trim_matches(['#', '*', ' ']).to_owned());
            continue;
        }
        let lower = line.to_lowercase();
        if let Some(rest) = ["**location:**", "location:"]
            .iter()
            .find_map(|p| crate::fold::strip_prefix_ignore_ascii_case(line, p))
        {
            analysis.location = Some(rest.trim().to_owned());
        }
        if lower.contains("remote") && analysis.remote.is_none() && !lower.contains("not remote") {
            analysis.remote = Some(true);
        }
        match part {
            Part::Required | Part::Preferred => {
                if not_a_skill(line) {
                    continue;
                }
                if part == Part::Required {
                    for c in YEARS.captures_iter(line) {
                        if let Some(n) = number(&c["n"]) {
                            analysis.min_years = Some(analysis.min_years.map_or(n, |m| m.max(n)));
                        }
                    }
                }
                let found = requirements_of(raw, start, matcher);
                let target = if part == Part::Required {
                    &mut analysis.must_have
                } else {
                    &mut analysis.nice_to_have
                };
                for r in found {
                    if !target.iter().any(|t| t.skill == r.skill) {
                        target.push(r);
                    }
                }
            }
            Part::Responsibilities => {
                let item = line.trim_start_matches(['-', '*', '•', ' ']).trim();
                let item = item
                    .trim_start_matches(|c: char| c.is_ascii_digit() || c == '.')
                    .trim();
                if !item.is_empty() {
                    analysis.responsibilities.push(item.to_owned());
                }
            }
            _ => {}
        }
    }
    let title: Vec<String> = analysis
        .title
        .as_deref()
        .unwrap_or_default()
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_lowercase)
        .collect();
    let title = format!(" {} ", title.join(" "));
    analysis.seniority = SENIORITY
        .iter()
        .find(|(w, _)| title.contains(&format!(" {w} ")))
        .map(|(_, s)| (*s).to_owned())
        .or_else(|| {
            analysis.min_years.map(|y| {
                match y {
                    0..=1 => "junior",
                    2..=4 => "mid",
                    _ => "senior",
                }
                .to_owned()
            })
        });
    analysis
}

/// Where a requirement clause ends: a semicolon or colon, or a full stop
/// that ends a sentence (not the one in "U.S." or "Node.js").
fn clause_end(rest: &str) -> usize {
    let bytes = rest.as_bytes();
    for (i, c) in rest.char_indices() {
        match c {
            ';' | ':' => return i,
            '.' => {
                let before = rest[..i].chars().next_back();
                let after = bytes.get(i + 1).copied();
                let sentence_end = after.is_none_or(|b| b == b' ')
                    && before.is_some_and(|b| b.is_lowercase() || b == ')');
                if sentence_end {
                    return i;
                }
            }
            _ => {}
        }
    }
    rest.len()
}

/// Taxonomy skills of a requirement line, then the phrase it asks for
/// ("Experience with X, Y and Z" → "X, Y and Z").
fn requirements_of(line: &str, start: usize, matcher: &SkillMatcher) -> Vec<Requirement> {
    let mut out: Vec<Requirement> = matcher
        .find(line)
        .into_iter()
        .map(|m| Requirement {
            skill: m.skill,
            kind: "taxonomy".into(),
            evidence: m.text,
            span: Span {
                start: start + m.span.start,
                end: start + m.span.end,
            },
        })
        .collect();
    for m in TRIGGER.find_iter(line) {
        let rest = &line[m.end()..];
        let phrase = &rest[..clause_end(rest)];
        let phrase = phrase.trim().trim_end_matches([',', ' ', '.']);
        if phrase.split_whitespace().count() < 1 || phrase.len() < 2 {
            continue;
        }
        // "…user experience without reliance on X": the bare trigger caught
        // a qualifier, not something the posting asks for.
        let first = phrase
            .split_whitespace()
            .next()
            .unwrap_or_default()
            .to_lowercase();
        if matches!(first.as_str(), "without" | "not" | "no" | "never") {
            continue;
        }
        let at = m.end() + (rest.len() - rest.trim_start().len());
        out.push(Requirement {
            skill: phrase.to_owned(),
            kind: "phrase".into(),
            evidence: phrase.to_owned(),
            span: Span {
                start: start + at,
                end: start + at + phrase.len(),
            },
        });
    }
    // A bullet with no trigger and no known skill is still a requirement.
    if out.is_empty() {
        let item = line.trim_start_matches(['-', '*', '•', ' ']);
        let item = item.trim_end_matches(['.', ' ']);
        if !item.is_empty() && item.split_whitespace().count() <= 25 {
            let at = line.len() - line.trim_start_matches(['-', '*', '•', ' ']).len();
            out.push(Requirement {
                skill: item.to_owned(),
                kind: "phrase".into(),
                evidence: item.to_owned(),
                span: Span {
                    start: start + at,
                    end: start + at + item.len(),
                },
            });
        }
    }
    out
}
