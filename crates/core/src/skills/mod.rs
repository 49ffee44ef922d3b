//! Skills: a versioned taxonomy (a curated technology list with aliases,
//! shipped in the binary, extensible by a company's own file) and a matcher
//! that finds its skills in resumes and job postings, with evidence.
//!
//! Matching is exact on aliases, case-insensitive unless an alias is marked
//! case-sensitive (Go, Rust, C), with word boundaries that know symbols:
//! "C" never matches inside "C++" or "C#".

#[cfg(feature = "embed")]
pub mod esco;

use crate::resume::{JsonResume, Span};
use crate::structure::sections::SectionKind;
use aho_corasick::{AhoCorasick, AhoCorasickBuilder, MatchKind};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::sync::LazyLock;

const BUILTIN: &str = include_str!("../../data/tech_skills.toml");

#[derive(Debug, Clone, Deserialize)]
pub struct Taxonomy {
    pub version: String,
    #[serde(rename = "skill")]
    pub skills: Vec<TaxonomySkill>,
}

#[derive(Debug, Clone, Deserialize)]
pub struct TaxonomySkill {
    pub name: String,
    #[serde(default)]
    pub aliases: Vec<String>,
    #[serde(default)]
    pub case_sensitive_aliases: Vec<String>,
}

#[derive(Debug, thiserror::Error)]
#[error("skill taxonomy {path}: {why}")]
pub struct TaxonomyError {
    pub path: String,
    pub why: String,
}

impl TaxonomyError {
    pub fn code(&self) -> &'static str {
        "skills.taxonomy_invalid"
    }
}

impl Taxonomy {
    /// The taxonomy shipped with the product.
    pub fn builtin() -> &'static Taxonomy {
        static BUILT: LazyLock<Taxonomy> =
            LazyLock::new(|| toml::from_str(BUILTIN).expect("the shipped taxonomy parses"));
        &BUILT
    }

    pub fn from_toml(text: &str, path: &str) -> Result<Self, TaxonomyError> {
        toml::from_str(text).map_err(|e| TaxonomyError {
            path: path.to_owned(),
            why: e.to_string(),
        })
    }

    /// This taxonomy with a company's own skills added; an entry with an
    /// existing name adds its aliases to it.
    pub fn extended(&self, extra: &Taxonomy) -> Taxonomy {
        let mut out = self.clone();
        out.version = format!("{}+{}", self.version, extra.version);
        for s in &extra.skills {
            match out
                .skills
                .iter_mut()
                .find(|e| e.name.eq_ignore_ascii_case(&s.name))
            {
                Some(e) => {
                    e.aliases.extend(s.aliases.iter().cloned());
                    e.case_sensitive_aliases
                        .extend(s.case_sensitive_aliases.iter().cloned());
                }
                None => out.skills.push(s.clone()),
            }
        }
        out
    }
}

/// One place a skill is mentioned.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Mention {
    /// Canonical taxonomy name.
    pub skill: String,
    /// The text as written.
    pub text: String,
    pub span: Span,
}

/// Compiled matcher over a taxonomy.
#[derive(Debug)]
pub struct SkillMatcher {
    names: Vec<String>,
    insensitive: AhoCorasick,
    insensitive_skill: Vec<usize>,
    sensitive: AhoCorasick,
    sensitive_skill: Vec<usize>,
}

impl SkillMatcher {
    pub fn new(taxonomy: &Taxonomy) -> Self {
        let mut ins_patterns = Vec::new();
        let mut ins_skill = Vec::new();
        let mut sen_patterns = Vec::new();
        let mut sen_skill = Vec::new();
        for (i, s) in taxonomy.skills.iter().enumerate() {
            let has_sensitive = !s.case_sensitive_aliases.is_empty();
            for a in &s.aliases {
                ins_patterns.push(a.to_lowercase());
                ins_skill.push(i);
            }
            // The canonical name is an alias too, unless the skill is only
            // recognisable by its case (the name "Go" must not match "go").
            if !has_sensitive && !s.aliases.iter().any(|a| a.eq_ignore_ascii_case(&s.name)) {
                ins_patterns.push(s.name.to_lowercase());
                ins_skill.push(i);
            }
            for a in &s.case_sensitive_aliases {
                sen_patterns.push(a.clone());
                sen_skill.push(i);
            }
        }
        let build = |patterns: &[String], insensitive: bool| {
            AhoCorasickBuilder::new()
                .ascii_case_insensitive(insensitive)
                .match_kind(MatchKind::LeftmostLongest)
                .build(patterns)
                .expect("taxonomy patterns compile")
        };
        Self {
            names: taxonomy.skills.iter().map(|s| s.name.clone()).collect(),
            insensitive: build(&ins_patterns, true),
            insensitive_skill: ins_skill,
            sensitive: build(&sen_patterns, false),
            sensitive_skill: sen_skill,
        }
    }

    /// The matcher for the shipped taxonomy.
    pub fn builtin() -> &'static SkillMatcher {
        static M: LazyLock<SkillMatcher> = LazyLock::new(|| SkillMatcher::new(Taxonomy::builtin()));
        &M
    }

    /// Every mention in the text, left to right, overlaps resolved in favour
    /// of the longer match.
    pub fn find(&self, text: &str) -> Vec<Mention> {
        let mut found: Vec<Mention> = Vec::new();
        // Offsets found in the folded copy are offsets of `text`.
        let folded = crate::fold::lower_in_place(text);
        for m in self.insensitive.find_iter(&folded) {
            if boundaries_ok(text, m.start(), m.end()) {
                found.push(self.mention(
                    self.insensitive_skill[m.pattern().as_usize()],
                    text,
                    m.start(),
                    m.end(),
                ));
            }
        }
        for m in self.sensitive.find_iter(text) {
            if boundaries_ok(text, m.start(), m.end()) && !reads_as_a_word(text, m.start(), m.end())
            {
                found.push(self.mention(
                    self.sensitive_skill[m.pattern().as_usize()],
                    text,
                    m.start(),
                    m.end(),
                ));
            }
        }
        found.sort_by_key(|m| (m.span.start, std::cmp::Reverse(m.span.end)));
        let mut out: Vec<Mention> = Vec::new();
        for m in found {
            if out.last().is_some_and(|l| m.span.start < l.span.end) {
                continue;
            }
            out.push(m);
        }
        out
    }

    fn mention(&self, skill: usize, text: &str, start: usize, end: usize) -> Mention {
        Mention {
            skill: self.names[skill].clone(),
            text: text[start..end].to_owned(),
            span: Span { start, end },
        }
    }
}

fn boundaries_ok(text: &str, start: usize, end: usize) -> bool {
    let before = text[..start].chars().next_back();
    let after = text[end..].chars().next();
    let matched_last = text[..end].chars().next_back();
    let before_ok = match before {
        None => true,
        Some(c) => {
            !(c.is_alphanumeric()
                || c == '_'
                || c == '@'
                || (c == '.' && !text[start..].starts_with('.')))
        }
    };
    let after_ok = match after {
        None => true,
        // "C" in "C++", "C#"; "Java" in "JavaScript"
        Some('+' | '#') => false,
        // "Node.js." at a sentence end is fine; "Vue.jsx" is not
        Some('.') => text[end + 1..]
            .chars()
            .next()
            .is_none_or(|c| !c.is_alphanumeric()),
        Some(c) => {
            !(c.is_alphanumeric() || c == '_') || matched_last.is_some_and(|l| !l.is_alphanumeric())
        }
    };
    before_ok && after_ok
}

/// Short case-sensitive names that are also words: "Go to market",
/// "Rust on the hull", "R&D".
fn reads_as_a_word(text: &str, start: usize, end: usize) -> bool {
    let rest = &text[end..];
    if rest.starts_with('&') || rest.starts_with("-to-") {
        return true;
    }
    let next: String = rest
        .trim_start_matches(' ')
        .chars()
        .take_while(|c| c.is_alphabetic())
        .collect();
    let word = &text[start..end];
    let verbish = matches!(
        next.as_str(),
        "to" | "the"
            | "a"
            | "an"
            | "for"
            | "ahead"
            | "beyond"
            | "live"
            | "back"
            | "through"
            | "over"
            | "out"
            | "into"
            | "on"
    );
    word.len() <= 4 && rest.starts_with(' ') && verbish
}

/// The text skills are read from: the extracted text, or for a JSON Resume
/// (which has none) its skills and work written back out.
pub fn document_text(text: &str, r: &JsonResume) -> String {
    if !text.is_empty() {
        return text.to_owned();
    }
    let mut out = String::new();
    if !r.skills.is_empty() {
        out.push_str("Skills\n");
        for s in &r.skills {
            out.push_str(&s.keywords.join(", "));
            out.push('\n');
        }
    }
    if !r.work.is_empty() {
        out.push_str("Experience\n");
        for w in &r.work {
            for part in [&w.position, &w.name, &w.summary].into_iter().flatten() {
                out.push_str(part);
                out.push('\n');
            }
            for h in &w.highlights {
                out.push_str(h);
                out.push('\n');
            }
        }
    }
    out
}

/// A skill found in a document, with its evidence and, for resumes, the
/// years of dated work that mention it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct FoundSkill {
    pub skill: String,
    pub mentions: Vec<Evidence>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub years: Option<f32>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Evidence {
    pub text: String,
    pub span: Span,
    /// The section the mention is in (`skills`, `experience`, …).
    pub section: String,
}

/// Skills of a document's text, grouped by skill, in order of first mention.
/// Contact details are not evidence: a GitHub profile link shows no Git.
pub fn skills_in_text(matcher: &SkillMatcher, text: &str) -> Vec<FoundSkill> {
    let sections = crate::structure::sections_of(text);
    let section_at = |offset: usize| -> String {
        sections
            .iter()
            .filter(|s| {
                s.lines
                    .iter()
                    .any(|l| l.start <= offset && offset <= l.start + l.text.len())
            })
            .map(|s| s.kind)
            .next()
            .unwrap_or(SectionKind::Header)
            .as_str()
            .to_owned()
    };
    let mut out: Vec<FoundSkill> = Vec::new();
    for m in matcher.find(text) {
        let evidence = Evidence {
            text: m.text,
            span: m.span,
            section: section_at(m.span.start),
        };
        if evidence.section == SectionKind::Contact.as_str() {
            continue;
        }
        match out.iter_mut().find(|f| f.skill == m.skill) {
            Some(f) => f.mentions.push(evidence),
            None => out.push(FoundSkill {
                skill: m.skill,
                mentions: vec![evidence],
                years: None,
            }),
        }
    }
    out
}

/// Skills of a parsed resume (or posting read as one): grouped mentions
/// with evidence, and the years of dated work that mention each.
pub fn skills_of_parsed(
    matcher: &SkillMatcher,
    parsed: &crate::ingest::ParsedResume,
    reference: chrono::NaiveDate,
) -> Vec<FoundSkill> {
    // A JSON Resume has no text of its own: read its words back.
    let text = document_text(&parsed.text, &parsed.resume);
    let mut found = skills_in_text(matcher, &text);
    let years = years_by_skill(matcher, &parsed.resume, reference);
    for f in &mut found {
        f.years = years.get(&f.skill).copied();
    }
    found
}

/// Years of use per skill: the dated positions whose title or highlights
/// mention the skill, with overlaps merged.
pub fn years_by_skill(
    matcher: &SkillMatcher,
    resume: &JsonResume,
    reference: chrono::NaiveDate,
) -> BTreeMap<String, f32> {
    let mut by_skill: BTreeMap<String, Vec<crate::resume::Work>> = BTreeMap::new();
    for w in &resume.work {
        let mut text = String::new();
        for part in [&w.position, &w.summary].into_iter().flatten() {
            text.push_str(part);
            text.push('\n');
        }
        for h in &w.highlights {
            text.push_str(h);
            text.push('\n');
        }
        let mut seen: Vec<String> = Vec::new();
        for m in matcher.find(&text) {
            if !seen.contains(&m.skill) {
                seen.push(m.skill.clone());
                by_skill.entry(m.skill).or_default().push(w.clone());
            }
        }
    }
    by_skill
        .into_iter()
        .filter_map(|(skill, work)| {
            crate::structure::experience::total_months_of(&work, reference)
                .map(|m| (skill, (m as f32 / 12.0 * 10.0).round() / 10.0))
        })
        .collect()
}

/// Words that end a candidate skill phrase (the phrase goes on after them
/// only as a new candidate).
const PHRASE_BREAKS: &[&str] = &[
    "and",
    "or",
    "but",
    "as",
    "while",
    "who",
    "which",
    "that",
    "including",
    "such",
    "like",
    "etc",
    "we",
    "you",
    "they",
    "will",
    "is",
    "are",
    "be",
    "must",
    "should",
    "can",
    "would",
    "may",
    "also",
    "e.g.",
    "i.e.",
];
/// Words taken off either end of a candidate skill phrase.
const PHRASE_FILLER: &[&str] = &[
    "a",
    "an",
    "the",
    "to",
    "of",
    "in",
    "for",
    "with",
    "on",
    "at",
    "by",
    "our",
    "your",
    "their",
    "its",
    "this",
    "these",
    "strong",
    "good",
    "excellent",
    "proven",
    "solid",
    "great",
    "very",
    "highly",
    "experience",
    "experienced",
    "knowledge",
    "ability",
    "able",
    "skills",
    "skill",
    "understanding",
    "familiarity",
    "proficiency",
    "proficient",
    "background",
    "expertise",
    "years",
    "year",
    "required",
    "preferred",
    "plus",
    "bonus",
    "deep",
    "demonstrated",
    "have",
    "has",
    "having",
    "being",
    "some",
    "any",
    "all",
    "other",
    "related",
    "relevant",
    "using",
];

/// Candidate skill phrases of a tokenised sentence, as token ranges: runs
/// between punctuation and clause words, with filler taken off both ends,
/// of one to six tokens. These are what the semantic layer compares with
/// the taxonomy; most are not skills, and the similarity threshold decides.
pub fn phrase_candidates(tokens: &[&str]) -> Vec<(usize, usize)> {
    let is_break = |t: &str| {
        t.chars().all(|c| !c.is_alphanumeric())
            || PHRASE_BREAKS.contains(&t.to_lowercase().as_str())
    };
    let is_filler =
        |t: &str| PHRASE_FILLER.contains(&t.to_lowercase().as_str()) || t.parse::<f64>().is_ok();
    let mut out = Vec::new();
    let mut start = 0;
    for end in (0..=tokens.len()).filter(|&i| i == tokens.len() || is_break(tokens[i])) {
        let (mut a, mut b) = (start, end);
        while a < b && is_filler(tokens[a]) {
            a += 1;
        }
        while b > a && is_filler(tokens[b - 1]) {
            b -= 1;
        }
        if (1..=6).contains(&(b - a)) {
            out.push((a, b));
        }
        start = end + 1;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn phrase_candidates_are_clauses_without_filler() {
        let tokens: Vec<&str> =
            "You have strong experience with project management and the ability to work independently ."
                .split(' ')
                .collect();
        let got: Vec<String> = phrase_candidates(&tokens)
            .into_iter()
            .map(|(a, b)| tokens[a..b].join(" "))
            .collect();
        assert_eq!(got, ["project management", "work independently"]);
    }

    fn skills(text: &str) -> Vec<String> {
        SkillMatcher::builtin()
            .find(text)
            .into_iter()
            .map(|m| m.skill)
            .collect()
    }

    #[test]
    fn aliases_and_abbreviations() {
        assert_eq!(
            skills("JS, k8s and Postgres; also golang"),
            ["JavaScript", "Kubernetes", "PostgreSQL", "Go"]
        );
        assert_eq!(skills("APIs in Node.js."), ["Node.js"]);
    }

    #[test]
    fn symbols_are_their_own_boundaries() {
        assert_eq!(
            skills("C#, C++ and Objective-C"),
            ["C#", "C++", "Objective-C"]
        );
        assert_eq!(skills("Java and JavaScript"), ["Java", "JavaScript"]);
        assert_eq!(skills("written in C."), ["C"]);
    }

    #[test]
    fn go_the_language_is_not_go_the_verb() {
        assert_eq!(skills("Backend services in Go and Rust"), ["Go", "Rust"]);
        assert!(skills("Go to market with the team; removed rust from hulls; go live").is_empty());
    }

    #[test]
    fn years_come_from_the_dated_positions_that_mention_a_skill() {
        use crate::resume::Work;
        let work = |start: &str, end: &str, text: &str| Work {
            start_date: Some(start.into()),
            end_date: Some(end.into()),
            highlights: vec![text.into()],
            ..Work::default()
        };
        let resume = JsonResume {
            work: vec![
                work("2018-01", "2019-12", "Built APIs in Python and Go."),
                work("2019-06", "2021-12", "Data pipelines in Python."),
            ],
            ..JsonResume::default()
        };
        let reference = chrono::NaiveDate::from_ymd_opt(2025, 1, 1).unwrap();
        let years = years_by_skill(SkillMatcher::builtin(), &resume, reference);
        assert_eq!(years["Python"], 4.0); // 2018-01..2021-12, overlap merged
        assert_eq!(years["Go"], 2.0);
    }

    #[test]
    fn a_company_can_extend_the_taxonomy() {
        let extra = Taxonomy::from_toml(
            "version = \"acme-1\"\n[[skill]]\nname = \"Widgetry\"\naliases = [\"widget craft\"]\n[[skill]]\nname = \"Go\"\naliases = [\"go-lang\"]\n",
            "acme.toml",
        )
        .unwrap();
        let merged = Taxonomy::builtin().extended(&extra);
        let m = SkillMatcher::new(&merged);
        let found: Vec<String> = m
            .find("Widget craft in go-lang")
            .into_iter()
            .map(|m| m.skill)
            .collect();
        assert_eq!(found, ["Widgetry", "Go"]);
        assert!(merged.version.ends_with("+acme-1"));
    }
}
