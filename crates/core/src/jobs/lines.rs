//! A posting cut into lines (with byte offsets into the original), front
//! matter, headings, and paragraphs: runs of lines between blank lines and
//! headings, each a list (bullets, their continuation lines, or short
//! lines one item each) or prose.

use regex::Regex;
use std::sync::LazyLock;

#[derive(Debug, Clone, PartialEq)]
pub(super) enum Kind {
    Blank,
    /// A heading and its text without marks and trailing colon.
    Heading(String),
    /// A list item; the item text starts `at` bytes into the line.
    Bullet {
        at: usize,
    },
    Text,
}

#[derive(Debug, Clone)]
pub(super) struct Line<'a> {
    /// Byte offset of the line in the posting.
    pub start: usize,
    /// The line without its line break.
    pub raw: &'a str,
    pub kind: Kind,
}

impl Line<'_> {
    pub fn trimmed(&self) -> &str {
        self.raw.trim()
    }

    /// The line's text without a list mark, and where that text starts in
    /// the line.
    pub fn item(&self) -> (usize, &str) {
        match self.kind {
            Kind::Bullet { at } => (at, self.raw[at..].trim_end()),
            _ => {
                let at = self.raw.len() - self.raw.trim_start().len();
                (at, self.raw.trim())
            }
        }
    }
}

/// Front matter fields ("title", "location") and the number of lines it
/// takes, or none when the posting does not open with `---`.
pub(super) struct FrontMatter {
    pub fields: Vec<(String, String)>,
    pub lines: usize,
}

pub(super) fn front_matter(text: &str) -> Option<FrontMatter> {
    let mut lines = text.split('\n');
    if lines.next()?.trim_end() != "---" {
        return None;
    }
    let mut fields = Vec::new();
    for (i, line) in lines.enumerate() {
        let line = line.trim_end();
        if line == "---" {
            return Some(FrontMatter {
                fields,
                lines: i + 2,
            });
        }
        // Only top-level keys: an indented line belongs to a block value.
        if line.starts_with([' ', '\t', '#']) {
            continue;
        }
        if let Some((key, value)) = line.split_once(':') {
            let value = value.trim();
            let value = value
                .strip_prefix('"')
                .and_then(|v| v.strip_suffix('"'))
                .or_else(|| value.strip_prefix('\'').and_then(|v| v.strip_suffix('\'')))
                .unwrap_or(value)
                .trim();
            fields.push((key.trim().to_lowercase(), value.to_owned()));
        }
    }
    // No closing line: not front matter after all.
    None
}

static MARKDOWN: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^#{1,6}\s+(?P<h>.+?)\s*#*\s*$").unwrap());
static BOLD: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^(?:\*\*|__)(?P<h>[^*_]{2,100}?)\s*:?\s*(?:\*\*|__)\s*:?\s*$").unwrap()
});
static BULLET: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^\s*(?:[-*•+·▪◦‣–]|\d{1,2}[.)]|[a-z][.)]|\(\d{1,2}\))\s+").unwrap()
});

/// Marks and trailing colon taken off a heading's text.
fn clean_heading(h: &str) -> String {
    h.trim()
        .trim_matches(['*', '_'])
        .trim()
        .trim_end_matches([':', '：'])
        .trim()
        .to_owned()
}

fn words(s: &str) -> usize {
    s.split_whitespace().count()
}

/// Whether a line is set as a heading: a Markdown heading, a whole line in
/// bold, a short lead-in ending with a colon, or a short line in capitals.
fn heading_of(line: &str) -> Option<String> {
    let t = line.trim();
    if let Some(c) = MARKDOWN.captures(t) {
        return Some(clean_heading(&c["h"]));
    }
    if let Some(c) = BOLD.captures(t) {
        return Some(clean_heading(&c["h"]));
    }
    // "Who we are looking for:" — a lead-in, not a sentence.
    if let Some(body) = t.strip_suffix(':').or_else(|| t.strip_suffix('：')) {
        let body = body.trim();
        let starts_with_letter = body.chars().next().is_some_and(char::is_alphabetic);
        let sentence_inside = body.contains(". ") || body.contains("? ") || body.contains("! ");
        if starts_with_letter && !sentence_inside && words(body) <= 12 && body.len() <= 100 {
            return Some(clean_heading(body));
        }
    }
    let letters: Vec<char> = t.chars().filter(|c| c.is_alphabetic()).collect();
    if letters.len() >= 4 && words(t) <= 8 && letters.iter().all(|c| c.is_uppercase()) {
        return Some(clean_heading(t));
    }
    None
}

pub(super) fn lines(text: &str, skip: usize) -> Vec<Line<'_>> {
    let mut out: Vec<Line<'_>> = Vec::new();
    let mut offset = 0;
    for (i, raw) in text.split('\n').enumerate() {
        let start = offset;
        offset += raw.len() + 1;
        let raw = raw.strip_suffix('\r').unwrap_or(raw);
        if i < skip {
            continue;
        }
        let kind = if raw.trim().is_empty() {
            Kind::Blank
        } else if let Some(m) = BULLET.find(raw) {
            // "1. Introduction" alone is a numbered heading, but an item
            // ending with a colon introduces sub-items: both stay items.
            Kind::Bullet { at: m.end() }
        } else if let Some(h) = heading_of(raw) {
            Kind::Heading(h)
        } else {
            Kind::Text
        };
        out.push(Line { start, raw, kind });
    }
    // A short line alone before a paragraph ("Vaccination Policy") is a
    // heading too.
    for i in 0..out.len() {
        if out[i].kind != Kind::Text {
            continue;
        }
        let t = out[i].trimmed();
        let before_blank = i == 0 || out[i - 1].kind == Kind::Blank;
        let next_is_paragraph = out
            .get(i + 1)
            .is_some_and(|n| n.kind == Kind::Text && words(n.trimmed()) >= 12);
        let terminal = t.ends_with(['.', '!', '?', ';', ',', ')']);
        if before_blank && next_is_paragraph && words(t) <= 6 && !terminal {
            out[i].kind = Kind::Heading(clean_heading(t));
        }
    }
    out
}

/// A run of lines under one heading without a blank line inside.
#[derive(Debug, Clone)]
pub(super) struct Paragraph {
    /// Index of the heading line that governs it, if any.
    pub heading: Option<usize>,
    /// Indices of its lines.
    pub lines: Vec<usize>,
    /// A list (each line one item) rather than prose.
    pub list: bool,
}

pub(super) fn paragraphs(lines: &[Line<'_>]) -> Vec<Paragraph> {
    let mut out = Vec::new();
    let mut heading = None;
    let mut current: Vec<usize> = Vec::new();
    let flush = |current: &mut Vec<usize>, heading, out: &mut Vec<Paragraph>| {
        if current.is_empty() {
            return;
        }
        let run = std::mem::take(current);
        let bullets = run
            .iter()
            .any(|&i| matches!(lines[i].kind, Kind::Bullet { .. }));
        // Short lines each starting with a capital or a digit are items
        // of a list written without marks; wrapped prose continues in
        // lower case.
        let line_list = run.len() >= 2
            && run.iter().all(|&i| {
                let t = lines[i].trimmed();
                words(t) <= 25
                    && t.chars()
                        .find(|c| c.is_alphanumeric())
                        .is_some_and(|c| c.is_uppercase() || c.is_ascii_digit())
            });
        out.push(Paragraph {
            heading,
            lines: run,
            list: bullets || line_list,
        });
    };
    for (i, line) in lines.iter().enumerate() {
        match &line.kind {
            Kind::Blank => flush(&mut current, heading, &mut out),
            Kind::Heading(_) => {
                flush(&mut current, heading, &mut out);
                heading = Some(i);
            }
            Kind::Bullet { .. } | Kind::Text => current.push(i),
        }
    }
    flush(&mut current, heading, &mut out);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn headings_in_their_usual_dress() {
        for (line, want) in [
            ("## What you bring", "What you bring"),
            ("**Our Ideal Candidate Has:**", "Our Ideal Candidate Has"),
            ("**In this role, you will**:", "In this role, you will"),
            ("Who you are:", "Who you are"),
            ("Le candidat idéal :", "Le candidat idéal"),
            ("MUST HAVES", "MUST HAVES"),
        ] {
            assert_eq!(heading_of(line).as_deref(), Some(want), "{line}");
        }
        for line in [
            "Experience with Python.",
            "We are a small team. Join us:",
            "- Python",
            "https://example.org/jobs/42",
        ] {
            assert_eq!(heading_of(line), None, "{line}");
        }
    }

    #[test]
    fn front_matter_values_lose_their_quotes() {
        let fm =
            front_matter("---\ntitle: 'Data Analyst '\nlocation: \"Remote\"\n---\nBody").unwrap();
        assert_eq!(fm.fields[0], ("title".into(), "Data Analyst".into()));
        assert_eq!(fm.fields[1], ("location".into(), "Remote".into()));
        assert_eq!(fm.lines, 4);
        assert!(front_matter("---\ntitle: x\nno end").is_none());
    }

    #[test]
    fn paragraphs_tell_lists_from_prose() {
        let text = "Requirements:\nBilingual\nExperienced with budgets\n\nWe wrap prose over\nlines that continue in lower case.\n\n- one\n- two\ncontinued item\n";
        let l = lines(text, 0);
        let p = paragraphs(&l);
        assert_eq!(p.len(), 3);
        assert!(p[0].list && !p[1].list && p[2].list);
        assert_eq!(p[2].lines.len(), 3);
        assert_eq!(p[0].heading, Some(0));
    }
}
