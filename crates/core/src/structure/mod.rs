//! Structure: extracted text → JSON Resume.
//!
//! The text is split into lines and tab-separated cells (the PDF layout step
//! separates visually distant runs with tabs), lines are grouped into
//! sections by their headings, and each section kind has its own reader.
//! Readers only copy what the text says; a field that is not found stays
//! absent.

pub mod contact;
pub mod dates;
pub mod education;
pub mod experience;
pub mod other;
pub mod sections;
pub mod skills;

use crate::resume::{AtsExtension, JsonResume, SectionInfo, Span};
use chrono::NaiveDate;
use regex::Regex;
use sections::{SectionKind, heading_of};
use std::sync::LazyLock;

static PLACE_DATE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^\p{Lu}[\p{L} .-]{1,30},\s*(?:den\s+|le\s+)?\d{1,2}\.?\s*\p{L}+\.?\s+\d{4}$")
        .unwrap()
});

/// One line of the extracted text with its byte offset.
#[derive(Debug, Clone)]
pub struct Line<'a> {
    pub text: &'a str,
    pub start: usize,
    /// Number of the line in the document (0-based).
    pub number: usize,
}

impl<'a> Line<'a> {
    /// Cells: tab-separated, separated by three or more spaces (how plain
    /// text aligns a date to the right), or by a spaced pipe or middle dot
    /// ("Seattle, WA | (206) 555-0142 | john@example.com").
    pub fn cells(&self) -> Vec<&'a str> {
        let mut cells = Vec::new();
        for part in self.text.split('\t') {
            let mut rest = part;
            loop {
                let next = [" | ", "   ", " · ", " • "]
                    .iter()
                    .filter_map(|sep| rest.find(sep).map(|at| (at, sep.len())))
                    .filter(|(at, _)| *at > 0)
                    .min();
                let Some((at, len)) = next else { break };
                cells.push(&rest[..at]);
                rest = rest[at + len..].trim_start_matches(' ');
            }
            cells.push(rest);
        }
        cells
            .into_iter()
            .map(str::trim)
            .filter(|c| !c.is_empty())
            .collect()
    }

    pub fn span(&self) -> Span {
        Span {
            start: self.start,
            end: self.start + self.text.len(),
        }
    }
}

#[derive(Debug, Clone)]
pub struct Section<'a> {
    pub kind: SectionKind,
    pub heading: String,
    pub role_title: Option<String>,
    pub lines: Vec<Line<'a>>,
}

/// Split text into sections. A line whose first cell is a heading starts a
/// section; the rest of that line (a label table's content) stays in it.
pub fn sections_of(text: &str) -> Vec<Section<'_>> {
    let mut sections = vec![Section {
        kind: SectionKind::Header,
        heading: String::new(),
        role_title: None,
        lines: Vec::new(),
    }];
    let mut offset = 0;
    for (number, raw) in text.split('\n').enumerate() {
        let start = offset;
        offset += raw.len() + 1;
        if raw.trim().is_empty() {
            continue;
        }
        let line = Line {
            text: raw,
            start,
            number,
        };
        let cells = line.cells();
        // "Berlin, 12. Februar 2026": a letter's place and date closes the
        // section it follows.
        if cells.len() == 1 && PLACE_DATE.is_match(cells[0]) {
            sections.push(Section {
                kind: SectionKind::Other,
                heading: cells[0].to_owned(),
                role_title: None,
                lines: Vec::new(),
            });
            continue;
        }
        if let Some(heading) = cells.first().and_then(|c| heading_of(c)) {
            let kind = heading.kind.unwrap_or(SectionKind::Other);
            // A generic "Lebenslauf" heading in the middle of a section is a
            // page title: keep the current section.
            if heading.kind.is_none() && sections.len() > 1 {
                continue;
            }
            let first = cells[0];
            sections.push(Section {
                kind,
                heading: first.to_owned(),
                role_title: heading.role_title,
                lines: Vec::new(),
            });
            // Content after the heading cell on the same line, unless it is
            // another column's heading.
            if cells.len() > 1 && cells[1..].iter().all(|c| heading_of(c).is_none()) {
                let rest_at = raw.find(cells[1]).unwrap_or(raw.len());
                sections.last_mut().unwrap().lines.push(Line {
                    text: &raw[rest_at..],
                    start: start + rest_at,
                    number,
                });
            }
            continue;
        }
        sections.last_mut().unwrap().lines.push(line);
    }
    sections
}

/// Whole-document structuring.
pub fn structure(text: &str, reference: NaiveDate) -> JsonResume {
    structure_with_links(text, &[], reference)
}

/// Structuring with link targets the document carries outside its text
/// (PDF link annotations).
pub fn structure_with_links(text: &str, links: &[String], reference: NaiveDate) -> JsonResume {
    let sections = sections_of(text);
    let mut ext = AtsExtension {
        sections: sections
            .iter()
            .skip(1)
            .map(|s| SectionInfo {
                kind: s.kind.as_str().to_owned(),
                heading: s.heading.clone(),
                line: s.lines.first().map(|l| l.number).unwrap_or_default(),
            })
            .collect(),
        ..AtsExtension::default()
    };
    let mut resume = JsonResume::default();
    contact::read(&sections, links, &mut resume, &mut ext);
    experience::read(&sections, &mut resume, &mut ext);
    education::read(&sections, &mut resume, &mut ext);
    skills::read(&sections, &mut resume, &mut ext);
    other::read(&sections, &mut resume);
    ext.total_experience_months = experience::total_months_of(&resume.work, reference);
    if resume.basics.name.is_none() {
        ext.warnings.push("no candidate name found".into());
    }
    if resume.work.is_empty() {
        ext.warnings.push("no work history found".into());
    }
    resume.x_ats = Some(ext);
    resume
}

/// Strip a leading bullet and surrounding punctuation.
pub fn clean(cell: &str) -> &str {
    cell.trim()
        .trim_start_matches(['•', '◦', '·', '▪', '●', '○', '■', '-', '*', '–', '►', '✓'])
        .trim()
        .trim_end_matches([',', ';', ':', '|'])
        .trim()
}

pub fn is_bullet(text: &str) -> bool {
    text.trim_start()
        .starts_with(['•', '◦', '·', '▪', '●', '■', '-', '*', '–', '►', '✓'])
}
