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
pub mod letter;
pub mod lexicon;
pub mod other;
pub mod sections;
pub mod skills;

use crate::resume::{AtsExtension, JsonResume, SectionInfo, Span};
use chrono::NaiveDate;
use sections::{SectionKind, heading_of};

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

/// Whether every letter of a cell is a capital ("WORK EXPERIENCE").
fn in_capitals(cell: &str) -> bool {
    let mut letters = cell.chars().filter(|c| c.is_alphabetic()).peekable();
    letters.peek().is_some() && letters.all(char::is_uppercase)
}

/// Whether the document sets its headings in capitals: at least three
/// lines open with a known heading, and all of those are in capitals.
fn headings_in_capitals(lines: &[Line<'_>]) -> bool {
    let headings: Vec<&str> = lines
        .iter()
        .filter_map(|l| l.cells().first().copied())
        .filter(|c| heading_of(c).is_some_and(|h| h.kind.is_some()))
        .collect();
    headings.len() >= 3 && headings.iter().all(|h| in_capitals(h))
}

/// A line set like the document's headings but not in the dictionary
/// ("SIDE PROJECTS AND PASSIONS" among "EXPERIENCE", "EDUCATION"): one cell
/// of two to six words in capitals, with no digits, no punctuation of a
/// sentence or an address, and no word of a job title or an organisation
/// (those are entry headers: "ACME CORP", "SENIOR ENGINEER").
fn unknown_heading_shape(cell: &str) -> bool {
    let words = cell.split_whitespace().count();
    (2..=6).contains(&words)
        && in_capitals(cell)
        && cell.chars().filter(|c| c.is_alphabetic()).count() >= 6
        && !cell
            .chars()
            .any(|c| c.is_ascii_digit() || matches!(c, '@' | ':' | ',' | '.' | '|'))
        && experience::title_score(cell) == 0
        && lexicon::tokens(cell).iter().all(|t| {
            !lexicon::titles::is_title_word(t) && !lexicon::organisations::is_organisation_word(t)
        })
}

/// Sections that list items one per line; an item in capitals is not a
/// heading there.
fn lists_items(kind: SectionKind) -> bool {
    use SectionKind::*;
    matches!(
        kind,
        Skills
            | Languages
            | Interests
            | Certifications
            | Awards
            | Publications
            | References
            | Projects
    )
}

/// Split text into sections. A line whose first cell is a heading starts a
/// section; the rest of that line (a label table's content) stays in it.
///
/// When a document sets its headings in capitals, a line in capitals that
/// the dictionary does not know also starts a section (of kind `Other`, not
/// read), unless what follows it up to the next heading holds dates: then
/// it was a sub-heading of the section it is in (a group of positions) and
/// stays there.
pub fn sections_of(text: &str) -> Vec<Section<'_>> {
    let mut lines = Vec::new();
    let mut offset = 0;
    for (number, raw) in text.split('\n').enumerate() {
        let start = offset;
        offset += raw.len() + 1;
        if !raw.trim().is_empty() {
            lines.push(Line {
                text: raw,
                start,
                number,
            });
        }
    }
    let capitals = headings_in_capitals(&lines);
    let mut sections = vec![Section {
        kind: SectionKind::Header,
        heading: String::new(),
        role_title: None,
        lines: Vec::new(),
    }];
    // Sections started by a heading the dictionary does not know, with the
    // heading's line.
    let mut inferred: Vec<(usize, Line<'_>)> = Vec::new();
    for (k, line) in lines.iter().enumerate() {
        let (raw, start, number) = (line.text, line.start, line.number);
        let cells = line.cells();
        // A letter's place and date closes the section it follows.
        if cells.len() == 1 && letter::is_date_line(cells[0]) {
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
        let current = sections.last().unwrap().kind;
        if capitals
            && sections.len() > 1
            && cells.len() == 1
            && !lists_items(current)
            && unknown_heading_shape(cells[0])
            && lines.get(k + 1).is_none_or(|next| !is_bullet(next.text))
        {
            sections.push(Section {
                kind: SectionKind::Other,
                heading: cells[0].to_owned(),
                role_title: None,
                lines: Vec::new(),
            });
            inferred.push((sections.len() - 1, line.clone()));
            continue;
        }
        sections.last_mut().unwrap().lines.push(line.clone());
    }
    // An inferred heading over dated lines was a sub-heading: it and its
    // lines go back to the section before it.
    let mut merged: Vec<Section<'_>> = Vec::with_capacity(sections.len());
    for (i, section) in sections.into_iter().enumerate() {
        let heading_line = inferred.iter().find(|(at, _)| *at == i).map(|(_, l)| l);
        let dated = section
            .lines
            .iter()
            .any(|l| !dates::find_ranges(l.text).is_empty());
        match (heading_line, merged.last_mut()) {
            (Some(heading_line), Some(previous)) if dated => {
                previous.lines.push(heading_line.clone());
                previous.lines.extend(section.lines);
            }
            _ => merged.push(section),
        }
    }
    merged
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

#[cfg(test)]
mod tests {
    use super::*;

    fn kinds(text: &str) -> Vec<(SectionKind, String)> {
        sections_of(text)
            .into_iter()
            .skip(1)
            .map(|s| (s.kind, s.heading))
            .collect()
    }

    #[test]
    fn capital_lines_like_the_headings_start_unread_sections() {
        let text = "Jane Roe\nWORK EXPERIENCE\nBackend Developer\nInitech\n2019 – 2021\n\
                    • Wrote services\nTHINGS I ENJOY\nLong walks with friends\nBaking bread\n\
                    EDUCATION\nExample University\n2015 – 2019\nSKILLS\nRUST PROGRAMMING\n";
        let found = kinds(text);
        assert_eq!(
            found,
            [
                (SectionKind::Experience, "WORK EXPERIENCE".into()),
                (SectionKind::Other, "THINGS I ENJOY".into()),
                (SectionKind::Education, "EDUCATION".into()),
                (SectionKind::Skills, "SKILLS".into()),
            ]
        );
        // The skills section keeps its item in capitals.
        let skills = sections_of(text).pop().unwrap();
        assert_eq!(skills.lines[0].text, "RUST PROGRAMMING");
    }

    #[test]
    fn a_capital_sub_heading_over_dated_entries_stays_in_its_section() {
        let text = "WORK EXPERIENCE\nBackend Developer\nInitech\n2019 – 2021\n\
                    EARLIER WORK ABROAD\nData Analyst\nGlobex\n2015 – 2018\n\
                    EDUCATION\nExample University\nSKILLS\nRust\n";
        let sections = sections_of(text);
        assert_eq!(sections[1].kind, SectionKind::Experience);
        assert_eq!(sections[1].lines.len(), 7);
        assert_eq!(sections[2].kind, SectionKind::Education);
    }

    #[test]
    fn capital_lines_are_plain_lines_when_headings_are_not_in_capitals() {
        let text = "Experience\nBackend Developer\nInitech\n2019 – 2021\nTHINGS I ENJOY\n\
                    Education\nExample University\nSkills\nRust\n";
        assert_eq!(sections_of(text)[1].lines.len(), 4);
    }

    #[test]
    fn a_letters_date_line_closes_the_section() {
        let text = "Berufserfahrung\nEntwicklerin\nBeispiel GmbH\n2019 – 2021\n\
                    Musterstadt, den 03.03.2025\nErika Beispiel\n";
        let sections = sections_of(text);
        assert_eq!(sections[1].lines.len(), 3);
        assert_eq!(sections[2].kind, SectionKind::Other);
        assert_eq!(sections[2].heading, "Musterstadt, den 03.03.2025");
    }
}
