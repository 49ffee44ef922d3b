//! Requirement phrases of a line: taxonomy skills, the phrase a trigger
//! introduces ("Experience with X, Y and Z" → "X, Y and Z"), and for a
//! list item with neither, the item itself. Minimum years.

use super::Requirement;
use crate::resume::Span;
use crate::skills::SkillMatcher;
use regex::Regex;
use std::sync::LazyLock;

static YEARS: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\b(?:minimum of |at least |)(?P<n>\d{1,2}|one|two|three|four|five|six|seven|eight|nine|ten)\s*(?:\(\d{1,2}\)\s*)?\+?\s*(?:or more\s+)?(?:years?|jahre?n?|ans?|años?)\b").unwrap()
});
static TRIGGER: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\b(?:experience (?:with|in|using|developing|designing|building|working (?:with|on|in)|implementing|managing|leading|delivering)|knowledge of|familiarity with|familiar with|proficiency (?:in|with)|proficient (?:in|with)|understanding of|expertise in|background in|comfortable (?:with|in)|skills? in|ability to|experience|erfahrung (?:in|mit)|kenntnisse (?:in|von)|expérience (?:en|de|dans|avec)|connaissance (?:de|des|du)|maîtrise (?:de|des|du)|experiencia (?:en|con)|conocimientos? (?:de|en))\s+").unwrap()
});

/// Words that cannot start what a trigger asks for: a negation ("user
/// experience without reliance on X").
const NEGATIONS: &[&str] = &["without", "not", "no", "never"];

/// Words that cannot start what a bare "experience" asks for: a verb or a
/// preposition of place or level ("experience is defined", "experience at
/// the next grade").
const NOT_AN_OBJECT: &[&str] = &[
    "is",
    "are",
    "was",
    "were",
    "will",
    "would",
    "can",
    "may",
    "might",
    "must",
    "should",
    "at",
    "as",
    "that",
    "which",
    "who",
    "but",
    "so",
    "required",
    "requirement",
    "requirements",
    "level",
    "refers",
    "includes",
    "to",
];

/// Words after which a skill name written in lower case is a verb ("you
/// excel in …", "to excel").
const SUBJECTS: &[&str] = &["i", "you", "we", "they", "who", "to"];

/// Whether a lower-case mention of a capitalised skill is used as a verb.
fn used_as_verb(line: &str, at: usize, text: &str, skill: &str) -> bool {
    let lower_mention = text.chars().all(|c| !c.is_uppercase());
    let capitalised = skill.chars().next().is_some_and(char::is_uppercase);
    let before = line[..at]
        .split(|c: char| !c.is_alphanumeric())
        .rfind(|w| !w.is_empty())
        .map(str::to_lowercase);
    lower_mention && capitalised && before.is_some_and(|w| SUBJECTS.contains(&w.as_str()))
}

pub(super) fn number(word: &str) -> Option<u32> {
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

/// The largest number of years a line asks for.
pub(super) fn years_in(line: &str) -> Option<u32> {
    YEARS
        .captures_iter(line)
        .filter_map(|c| number(&c["n"]))
        .filter(|n| *n <= 30)
        .max()
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

/// Requirements of one line: taxonomy skills, then the phrases triggers
/// introduce; for a list item with neither, the item itself (up to 25
/// words). `item_at` is where the item's text starts in `line`.
pub(super) fn requirements_of(
    line: &str,
    start: usize,
    item_at: usize,
    list_item: bool,
    matcher: &SkillMatcher,
) -> Vec<Requirement> {
    let mut out: Vec<Requirement> = matcher
        .find(line)
        .into_iter()
        .filter(|m| !used_as_verb(line, m.span.start, &m.text, &m.skill))
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
        let phrase = phrase.trim().trim_end_matches([',', ' ', '.', '*']);
        if phrase.len() < 2 {
            continue;
        }
        // "…user experience without reliance on X", "experience at the
        // next grade": the trigger caught a qualifier, not an object.
        let first = phrase
            .split_whitespace()
            .next()
            .unwrap_or_default()
            .to_lowercase();
        let bare = m.as_str().trim().eq_ignore_ascii_case("experience");
        if NEGATIONS.contains(&first.as_str()) || (bare && NOT_AN_OBJECT.contains(&first.as_str()))
        {
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
    // A list item with no trigger and no known skill (soft skills aside) is
    // still a requirement; a sentence of prose is not.
    if list_item && out.iter().all(super::soft::is_soft_requirement) {
        let body = &line[item_at..];
        let item = body.trim_start_matches(['*', '_', ' ']);
        let item = item.trim_end_matches(['.', ' ', ';', ',', '*', '_']);
        if !item.is_empty() && item.split_whitespace().count() <= 25 {
            let at = item_at + (body.len() - body.trim_start_matches(['*', '_', ' ']).len());
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn triggers_take_their_object_not_a_qualifier() {
        let m = SkillMatcher::builtin();
        let line = "To qualify, you must have one (1) year of specialized experience at the next lower grade. Specialized experience is defined as follows:";
        let r = requirements_of(line, 0, 0, false, m);
        assert!(r.is_empty(), "{r:?}");
        let r = requirements_of(
            "- Experience with budgeting and forecasting",
            10,
            2,
            true,
            m,
        );
        assert_eq!(r[0].evidence, "budgeting and forecasting");
        assert_eq!(r[0].span.start, 10 + "- Experience with ".len());
        // Prose without a trigger gives nothing; the same words as an item
        // are a requirement.
        assert!(requirements_of("Provide as much detail as you can", 0, 0, false, m).is_empty());
        let r = requirements_of("- Valid driving licence", 0, 2, true, m);
        assert_eq!(r[0].evidence, "Valid driving licence");
        // A skill's name used as a verb is not the skill.
        let r = requirements_of("- You excel in plain-language writing", 0, 2, true, m);
        assert_eq!(r[0].evidence, "You excel in plain-language writing");
        assert!(requirements_of("- Excel", 0, 2, true, m)[0].kind == "taxonomy");
    }

    #[test]
    fn years_in_several_languages() {
        assert_eq!(years_in("Minimum of four (4) years of experience"), Some(4));
        assert_eq!(years_in("mindestens 3 Jahre Berufserfahrung"), Some(3));
        assert_eq!(years_in("5 ans d'expérience"), Some(5));
        assert_eq!(years_in("2+ años de experiencia"), Some(2));
        assert_eq!(years_in("founded 150 years ago"), None);
    }
}
