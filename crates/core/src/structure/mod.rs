//! Structure: extracted text → JSON Resume.
//!
//! The text is split into lines and tab-separated cells (the PDF layout step
//! separates visually distant runs with tabs), lines are grouped into
//! sections by their headings, and each section kind has its own reader.
//! Readers only copy what the text says; a field that is not found stays
//! absent.

mod columns;
pub mod contact;
pub mod dates;
pub mod education;
pub mod experience;
pub mod forms;
pub mod letter;
pub mod lexicon;
mod memo;
pub mod other;
pub mod provenance;
pub mod sections;
pub mod semantic;
pub mod skills;

use crate::resume::{AtsExtension, JsonResume, SectionInfo, Span};
use chrono::NaiveDate;
use columns::{columns_apart, label_column, label_groups};
use sections::{SectionKind, heading_of};

/// What parts cells within a line, besides a tab.
const CELL_SEPARATORS: [&str; 4] = [" | ", "   ", " · ", " • "];

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
            // Indentation is not a separator.
            let mut rest = part.trim_start_matches(' ');
            loop {
                // Every separator starts with a space: the first space
                // (after the first byte) that opens one.
                let next = memchr::memchr_iter(b' ', rest.as_bytes())
                    .filter(|&at| at > 0)
                    .find_map(|at| {
                        let after = &rest[at..];
                        CELL_SEPARATORS
                            .iter()
                            .find(|sep| after.starts_with(**sep))
                            .map(|sep| (at, sep.len()))
                    });
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

/// A cell that labels a column of a table or a dated grid (the 年 / 月
/// columns of a 履歴書, "Period" over a date column).
pub fn column_label(cell: &str) -> bool {
    let cell = clean(cell).to_lowercase();
    lexicon::headings::COLUMN_LABELS.contains(&cell.as_str())
}

/// A line that opens a section: where its heading cell is, and the heading.
fn opening(cells: &[&str]) -> Option<(usize, sections::Heading)> {
    // Column labels before the heading ("年 月 学歴・職歴") make it a
    // grid's heading; otherwise the heading is the first cell.
    let at = cells.iter().position(|c| !column_label(c))?;
    Some((at, heading_of(cells[at])?))
}

/// Split text into sections. A line whose first cell is a heading starts a
/// section; the rest of that line (a label table's content) stays in it.
/// Without a classifier, headings are read by the rules only.
///
/// When a document sets its headings in capitals, a line in capitals that
/// the dictionary does not know also starts a section (of kind `Other`, not
/// read), unless what follows it up to the next heading holds dates: then
/// it was a sub-heading of the section it is in (a group of positions) and
/// stays there.
pub fn sections_of(text: &str) -> Vec<Section<'_>> {
    sections_with(text, None)
}

/// [`sections_of`], reading a heading the dictionary does not know by its
/// meaning when a classifier is given: a line of its own, set like the
/// document's headings, followed by content.
pub fn sections_with<'a>(
    text: &'a str,
    classifier: Option<&dyn sections::HeadingClassifier>,
) -> Vec<Section<'a>> {
    let mut lines = Vec::new();
    let mut offset = 0;
    for (number, raw) in text.split('\n').enumerate() {
        let start = offset;
        offset += raw.len() + 1;
        // A page break (form feed) opens the first line of a page.
        let trimmed = raw.trim_start_matches('\u{c}');
        let start = start + (raw.len() - trimmed.len());
        let raw = trimmed.trim_end_matches(['\r', '\u{c}']);
        if !raw.trim().is_empty() {
            lines.push(Line {
                text: raw,
                start,
                number,
            });
        }
    }
    let mut labels = label_column(&lines);
    if labels.iter().all(Option::is_none) {
        lines = columns_apart(lines);
        labels = vec![None; lines.len()];
    }
    let capitals = headings_in_capitals(&lines);
    let groups = label_groups(&lines, &labels);
    let mut sections = vec![Section {
        kind: SectionKind::Header,
        heading: String::new(),
        role_title: None,
        lines: Vec::new(),
    }];
    // Sections started by a heading the dictionary does not know, with the
    // heading's line.
    let mut inferred: Vec<(usize, Line<'_>)> = Vec::new();
    // The part of a line after its label or heading cell, if any.
    let rest_of = |line: &Line<'a>, at: usize| -> Option<Line<'a>> {
        let rest = line.text[at..].trim_start();
        (!rest.is_empty()).then(|| {
            let rest_at = line.text.len() - rest.len();
            Line {
                text: &line.text[rest_at..],
                start: line.start + rest_at,
                number: line.number,
            }
        })
    };
    let mut k = 0;
    while k < lines.len() {
        let line = &lines[k];
        // A label column's heading, over one or more lines.
        if let Some(&(first, last)) = groups.iter().find(|g| g.0 == k) {
            let heading: String = (first..=last)
                .map(|i| lines[i].text[..labels[i].unwrap_or(0)].trim())
                .collect::<Vec<_>>()
                .join(" ");
            let meaning = heading_of(&heading);
            let kind = meaning
                .as_ref()
                .and_then(|h| h.kind)
                .or_else(|| classifier.and_then(|c| c.classify(&heading)))
                .unwrap_or(SectionKind::Other);
            sections.push(Section {
                kind,
                heading,
                role_title: meaning.and_then(|h| h.role_title),
                lines: Vec::new(),
            });
            for i in first..=last {
                if let Some(rest) = rest_of(&lines[i], labels[i].unwrap_or(0)) {
                    sections.last_mut().unwrap().lines.push(rest);
                }
            }
            k = last + 1;
            continue;
        }
        k += 1;
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
        let opened = opening(&cells).filter(|(at, h)| !h.inferred || cells.len() == at + 1);
        if let Some((at, heading)) = opened {
            // A generic "Lebenslauf" heading is a page title: keep the
            // current section (the header, when it opens the document).
            let Some(kind) = heading.kind else {
                continue;
            };
            let cell = cells[at];
            sections.push(Section {
                kind,
                heading: cell.to_owned(),
                role_title: heading.role_title,
                lines: Vec::new(),
            });
            // Content after the heading cell on the same line, unless it is
            // another column's heading.
            if cells.len() > at + 1 && cells[at + 1..].iter().all(|c| heading_of(c).is_none()) {
                let rest_at = raw.find(cells[at + 1]).unwrap_or(raw.len());
                sections.last_mut().unwrap().lines.push(Line {
                    text: &raw[rest_at..],
                    start: start + rest_at,
                    number,
                });
            }
            continue;
        }
        let current = sections.last().unwrap().kind;
        let next_is_content = lines
            .get(k)
            .is_some_and(|next| opening(&next.cells()).is_none());
        // A heading the dictionary does not know, read by meaning: a line
        // of its own, set like a heading, with content after it.
        if let Some(classifier) = classifier
            && cells.len() == 1
            && sections.len() > 1
            && !lists_items(current)
            && next_is_content
            && !is_bullet(raw)
            && sections::heading_shape(cells[0])
            && (!capitals || in_capitals(cells[0]))
            && let Some(kind) = classifier.classify(cells[0])
        {
            sections.push(Section {
                kind,
                heading: cells[0].to_owned(),
                role_title: None,
                lines: Vec::new(),
            });
            inferred.push((sections.len() - 1, line.clone()));
            continue;
        }
        if capitals
            && sections.len() > 1
            && cells.len() == 1
            && !lists_items(current)
            && unknown_heading_shape(cells[0])
            && lines.get(k).is_none_or(|next| !is_bullet(next.text))
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
    // lines go back to the section before it — unless it was read by
    // meaning as a kind of section that holds dated entries.
    let mut merged: Vec<Section<'_>> = Vec::with_capacity(sections.len());
    for (i, section) in sections.into_iter().enumerate() {
        let heading_line = inferred.iter().find(|(at, _)| *at == i).map(|(_, l)| l);
        let dated = |section: &Section<'_>| {
            section
                .lines
                .iter()
                .any(|l| !dates::find_ranges(l.text).is_empty())
        };
        match (heading_line, merged.last_mut()) {
            (Some(heading_line), Some(previous))
                if section.kind == SectionKind::Other && dated(&section) =>
            {
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
/// (PDF link annotations), reading unknown headings by meaning when the
/// sentence encoder is installed (see [`semantic::installed`]).
pub fn structure_with_links(text: &str, links: &[String], reference: NaiveDate) -> JsonResume {
    structure_with(text, links, reference, semantic::installed())
}

/// Structuring with an explicit heading classifier, or rules only.
pub fn structure_with(
    text: &str,
    links: &[String],
    reference: NaiveDate,
    classifier: Option<&dyn sections::HeadingClassifier>,
) -> JsonResume {
    memo::new_document();
    let sections = sections_with(text, classifier);
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
    // A sidebar's name and headline read into its skills list are not
    // skills.
    let own = [&resume.basics.name, &resume.basics.label];
    for group in &mut resume.skills {
        group
            .keywords
            .retain(|k| !own.iter().any(|o| o.as_deref() == Some(k.as_str())));
    }
    resume.skills.retain(|g| {
        !g.keywords.is_empty()
            || g.name
                .as_ref()
                .is_some_and(|n| !own.contains(&&Some(n.clone())))
    });
    other::read(&sections, &mut resume);
    ext.total_experience_months = experience::total_months_of(&resume.work, reference);
    provenance::fill(text, &resume, &mut ext);
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
/// Marks that open a list item: dots, circles, squares, diamonds,
/// triangles, arrows, ticks and dashes (moderncv's "○" and "—" among them).
const BULLETS: &[char] = &[
    '•', '◦', '·', '▪', '▫', '●', '○', '■', '□', '◆', '◇', '♦', '❖', '►', '▸', '▹', '▶', '‣', '⁃',
    '∙', '⦁', '➢', '➤', '→', '✓', '✔', '-', '*', '–', '—',
];

/// An icon font's glyph (a private-use character): no text.
pub(crate) fn is_icon(c: char) -> bool {
    matches!(c as u32, 0xE000..=0xF8FF | 0xF0000..=0xFFFFD)
}

pub fn clean(cell: &str) -> &str {
    cell.trim()
        .trim_start_matches(|c| BULLETS.contains(&c) || is_icon(c))
        .trim()
        .trim_end_matches([',', ';', ':', '|'])
        .trim()
}

pub fn is_bullet(text: &str) -> bool {
    text.trim_start().starts_with(BULLETS)
}

/// Every line of a text with its offset and number, for tests.
#[cfg(test)]
pub(crate) fn lines_for_test(text: &str) -> Vec<Line<'_>> {
    let mut start = 0;
    text.split('\n')
        .enumerate()
        .map(|(number, t)| {
            let line = Line {
                text: t,
                start,
                number,
            };
            start += t.len() + 1;
            line
        })
        .collect()
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
    fn a_label_column_gives_headings_over_several_lines() {
        let spaced = "Jane Roe\n\
            EDUCATION      Example University, Springfield\n\
            \x20               ■ Ph.D. in Physics        2009 – 2014\n\
            RESEARCH       Institute for Examples\n\
            EXPERIENCE      ■ Research Student        2004 – 2005\n\
            AWARDS &        ■ Dean's List        2002\n\
            SCHOLARSHIPS      For grades.\n\
            SKILLS         Rust, Go\n";
        let tabbed = "Jane Roe\nEDUCATION\tExample University, Springfield\n\
            ■ Ph.D. in Physics\t2009 – 2014\nRESEARCH\tInstitute for Examples\n\
            EXPERIENCE\t■ Research Student\t2004 – 2005\nAWARDS &\t■ Dean's List\t2002\n\
            SCHOLARSHIPS\tFor grades.\nSKILLS\tRust, Go\n";
        for text in [spaced, tabbed] {
            assert_eq!(
                kinds(text),
                [
                    (SectionKind::Education, "EDUCATION".into()),
                    (SectionKind::Experience, "RESEARCH EXPERIENCE".into()),
                    (SectionKind::Awards, "AWARDS & SCHOLARSHIPS".into()),
                    (SectionKind::Skills, "SKILLS".into()),
                ],
                "{text}"
            );
            let sections = sections_of(text);
            assert_eq!(sections[2].lines[0].text, "Institute for Examples");
            assert_eq!(sections[1].lines.len(), 2);
        }
    }

    #[test]
    fn interleaved_columns_are_read_apart() {
        let text = "Jane Roe\n\
            Education                          Volunteering\n\
            Example University                 Food Bank Helper\n\
            B.Sc. Physics                      2019 – 2021\n\
            2012 – 2016\n\
            Skills                             Interests\n\
            Rust, Go                           Chess\n";
        let sections = sections_of(text);
        let found: Vec<(SectionKind, Vec<&str>)> = sections
            .iter()
            .skip(1)
            .map(|s| (s.kind, s.lines.iter().map(|l| l.text.trim()).collect()))
            .collect();
        assert_eq!(
            found,
            [
                (
                    SectionKind::Education,
                    vec!["Example University", "B.Sc. Physics", "2012 – 2016"]
                ),
                (
                    SectionKind::Volunteer,
                    vec!["Food Bank Helper", "2019 – 2021"]
                ),
                (SectionKind::Skills, vec!["Rust, Go"]),
                (SectionKind::Interests, vec!["Chess"]),
            ]
        );
        // Spans stay spans of the original.
        let helper = &sections[2].lines[0];
        assert_eq!(&text[helper.start..helper.start + 16], "Food Bank Helper");
    }

    #[test]
    fn a_name_read_after_the_main_column_is_found_by_its_email() {
        let text = "Contact\nsoren.ostergaard@example.org\nLanguages\nGerman: B1\n\
                    Søren Østergaard\nExperience\nAnalyst\nAcme Corp.\n2020 – 2021\n";
        let resume = structure(text, NaiveDate::from_ymd_opt(2025, 1, 1).unwrap());
        assert_eq!(resume.basics.name.as_deref(), Some("Søren Østergaard"));
    }

    #[test]
    fn a_chinese_name_below_the_contacts_is_found_by_its_reading() {
        let text = "更新于 2025 年 6 月\n南京\twang.fang@example.org\n王芳\n\
                    工作经历\n软件工程师\n示例科技有限公司\n2020 – 2021\n";
        let resume = structure(text, NaiveDate::from_ymd_opt(2025, 1, 1).unwrap());
        assert_eq!(resume.basics.name.as_deref(), Some("王芳"));
    }

    #[test]
    fn a_grid_header_names_its_section() {
        let text = "氏名\n年    月    学歴・職歴(まとめて書く)\n学歴\n2010    04    例示大学・入学\n\
                    職歴\n2014    04    株式会社例・入社\n";
        assert_eq!(
            kinds(text),
            [
                (SectionKind::Education, "学歴・職歴(まとめて書く)".into()),
                (SectionKind::Education, "学歴".into()),
                (SectionKind::Experience, "職歴".into()),
            ]
        );
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
