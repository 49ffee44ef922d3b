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
pub mod forms;
pub mod letter;
pub mod lexicon;
pub mod other;
pub mod provenance;
pub mod sections;
pub mod semantic;
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
            // Indentation is not a separator.
            let mut rest = part.trim_start_matches(' ');
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

/// The column where a line's text starts, in characters.
fn indent(text: &str) -> usize {
    text.chars().take_while(|c| *c == ' ').count()
}

/// Whether a cell can be a label-column heading: a known heading, or up
/// to three words in capitals with no digits, bullets or abbreviations.
fn label_shaped(label: &str) -> bool {
    let label = label.trim();
    !label.is_empty()
        && label.split_whitespace().count() <= 3
        && !is_bullet(label)
        && !label.chars().any(|c| c.is_ascii_digit() || c == '.')
        && (heading_of(label).is_some()
            || in_capitals(label) && label.chars().filter(|c| c.is_alphabetic()).count() >= 4)
}

/// A label column: headings in a narrow left column with the entries
/// beside them, a heading of two lines set on two lines ("RESEARCH" /
/// "EXPERIENCE"). Returns, for each line that holds a label, the label's
/// end in bytes. Found when at least three lines open with a known heading
/// followed on the same line by content: after a tab (text from the PDF
/// layer), or after spaces at about the same column with the rest of the
/// document indented to it (plain-text layouts).
fn label_column(lines: &[Line<'_>]) -> Vec<Option<usize>> {
    let mut labels = vec![None; lines.len()];
    let known = |label: &str| heading_of(label).is_some_and(|h| h.kind.is_some());
    // Tab-separated: "EDUCATION\tFirst American University".
    let tabbed = lines
        .iter()
        .filter(|l| {
            l.text
                .split_once('\t')
                .is_some_and(|(label, rest)| !rest.trim().is_empty() && known(label))
        })
        .count();
    if tabbed >= 3 {
        for (i, line) in lines.iter().enumerate() {
            match line.text.split_once('\t') {
                Some((label, _)) if label_shaped(label) => labels[i] = Some(label.len()),
                _ => {}
            }
        }
        // A label line of its own next to one ("SECTION" under "THIS IS A").
        for i in 0..lines.len() {
            let alone = !lines[i].text.contains('\t') && label_shaped(lines[i].text);
            let beside = |j: Option<usize>| {
                j.and_then(|j| lines.get(j).map(|l| (j, l)))
                    .is_some_and(|(j, l)| {
                        labels[j].is_some() && l.number.abs_diff(lines[i].number) == 1
                    })
            };
            if alone && (beside(i.checked_sub(1)) || beside(Some(i + 1))) {
                labels[i] = Some(lines[i].text.len());
            }
        }
        return labels;
    }
    // Spaces: "EDUCATION      First American University", the body indented.
    let labelled: Vec<(usize, usize, usize)> = lines
        .iter()
        .enumerate()
        .filter_map(|(i, l)| {
            if indent(l.text) > 0 || l.text.contains('\t') {
                return None;
            }
            let gap = l.text.find("  ")?;
            let label = &l.text[..gap];
            let rest = l.text[gap..].trim_start();
            if rest.is_empty() || label.split_whitespace().count() > 3 {
                return None;
            }
            let column = l.text[..l.text.len() - rest.len()].chars().count();
            Some((i, gap, column))
        })
        .collect();
    let columns: Vec<usize> = labelled
        .iter()
        .filter(|(i, end, _)| known(&lines[*i].text[..*end]))
        .map(|x| x.2)
        .collect();
    if columns.len() < 3 {
        return labels;
    }
    let mut sorted = columns.clone();
    sorted.sort_unstable();
    let column = sorted[sorted.len() / 2];
    if columns.iter().filter(|c| c.abs_diff(column) <= 3).count() < 3 || column < 8 {
        return labels;
    }
    // The body must sit in the content column: most lines indented to it
    // or beside a label.
    let indented = lines
        .iter()
        .filter(|l| indent(l.text) + 3 >= column)
        .count()
        + labelled.len();
    if indented * 2 < lines.len() {
        return labels;
    }
    for (i, line) in lines.iter().enumerate() {
        if indent(line.text) > 0 {
            continue;
        }
        let end = match line.text.find("  ") {
            Some(gap) => {
                let rest = line.text[gap..].trim_start();
                let content_at = line.text[..line.text.len() - rest.len()].chars().count();
                if content_at + 4 < column {
                    continue;
                }
                gap
            }
            None if line.text.trim_end().chars().count() < column => line.text.trim_end().len(),
            None => continue,
        };
        if label_shaped(&line.text[..end]) {
            labels[i] = Some(end);
        }
    }
    labels
}

/// Labels of consecutive lines that make one heading: a label that is not
/// a heading by itself, or one that ends or is followed by a conjunction
/// ("AWARDS &" / "SCHOLARSHIPS", "PROFESSIONAL" / "AFFILIATIONS" /
/// "& ACTIVITIES"), takes the next line's label.
fn label_groups(lines: &[Line<'_>], labels: &[Option<usize>]) -> Vec<(usize, usize)> {
    let conjunction =
        |w: &str| lexicon::headings::CONJUNCTIONS.contains(&w.to_lowercase().as_str());
    let mut groups = Vec::new();
    let mut i = 0;
    while i < lines.len() {
        let Some(end) = labels[i] else {
            i += 1;
            continue;
        };
        let mut text = lines[i].text[..end].trim().to_owned();
        let mut last = i;
        while let Some(Some(next_end)) = labels.get(last + 1) {
            let next = lines[last + 1].text[..*next_end].trim();
            if lines[last + 1].number != lines[last].number + 1 {
                break;
            }
            // A heading known only by its head noun ("OTHER WORK") may go
            // on ("OTHER WORK" / "EXPERIENCE") where the two read as one.
            let joined = format!("{text} {next}");
            // Both must read as the same kind: "Gestión de proyectos" /
            // "Languages" is an item, then a heading.
            let open = heading_of(&text).is_none_or(|h| {
                h.kind.is_none()
                    || h.inferred
                        && heading_of(&joined).is_some_and(|j| j.kind.is_some() && j.kind == h.kind)
            }) || text.split_whitespace().last().is_some_and(conjunction)
                || next.split_whitespace().next().is_some_and(conjunction);
            if !open {
                break;
            }
            text = joined;
            last += 1;
        }
        groups.push((i, last));
        i = last + 1;
    }
    groups
}

/// Where a line of plain text sets two headings side by side ("Experience
/// ·········· Projects"), the column the second one starts at.
fn column_headings(line: &Line<'_>) -> Option<usize> {
    let cells = line.cells();
    let [first, second] = cells.as_slice() else {
        return None;
    };
    let known = |c: &str| heading_of(c).is_some_and(|h| h.kind.is_some() && !h.inferred);
    // The second may be a heading the dictionary does not know, set in
    // capitals like the first ("EXPERIENCE ······ LIFE PHILOSOPHY").
    let alike = |c: &str| {
        in_capitals(first)
            && in_capitals(c)
            && c.split_whitespace().count() <= 4
            && !c.chars().any(|ch| ch.is_ascii_digit())
    };
    if !(known(first) && (known(second) || alike(second))) || line.text.contains('\t') {
        return None;
    }
    let at = line.text.find(second)?;
    // A label column's content starts much nearer ("PUBLICATIONS ··
    // JOURNALS"): the left column of a page is wider.
    let column = line.text[..at].chars().count();
    (column >= 30).then_some(column)
}

/// The byte index where a line's right column starts, when the line
/// reaches it: after a gap of two or more spaces across the boundary. `Some(0)` when the line is only right column,
/// `None` when it is only left column; `Err` when text runs across the
/// boundary (a line of the full width).
fn column_split(text: &str, column: usize) -> Result<Option<usize>, ()> {
    let chars: Vec<(usize, char)> = text.char_indices().collect();
    if chars.len() <= column.saturating_sub(2) {
        return Ok(None);
    }
    let first = chars.iter().position(|(_, c)| *c != ' ').unwrap_or(0);
    if first + 3 >= column {
        return Ok(Some(0));
    }
    let mut k = first;
    while k < chars.len() {
        if chars[k].1 == ' ' {
            let gap_start = k;
            while k < chars.len() && chars[k].1 == ' ' {
                k += 1;
            }
            // A gap across the boundary: the right column's text may be
            // indented within it.
            if k - gap_start >= 2 && k < chars.len() && gap_start <= column + 2 && k + 3 >= column {
                return Ok(Some(chars[k].0));
            }
        } else {
            k += 1;
        }
    }
    if text.trim_end().chars().count() <= column + 2 {
        Ok(None)
    } else {
        Err(())
    }
}

/// Plain text whose two columns are interleaved line by line (a sidebar
/// beside the main column, as `pdftotext -layout` or a copy from a PDF
/// viewer writes them) read column by column: from a line that sets two
/// headings side by side, each line's right part goes to the right column,
/// until a line runs across both or two new column headings come. A value
/// of one column is never read into an entry of the other.
fn columns_apart(lines: Vec<Line<'_>>) -> Vec<Line<'_>> {
    let mut out = Vec::with_capacity(lines.len());
    let mut right: Vec<Line<'_>> = Vec::new();
    let mut column: Option<usize> = None;
    for line in lines {
        if let Some(c) = column_headings(&line) {
            out.append(&mut right);
            column = Some(c);
        }
        let Some(c) = column else {
            out.push(line);
            continue;
        };
        match column_split(line.text, c) {
            Ok(None) => out.push(line),
            Ok(Some(0)) => right.push(line),
            Ok(Some(at)) => {
                let left = line.text[..at].trim_end();
                out.push(Line {
                    text: left,
                    start: line.start,
                    number: line.number,
                });
                right.push(Line {
                    text: &line.text[at..],
                    start: line.start + at,
                    number: line.number,
                });
            }
            Err(()) => {
                out.append(&mut right);
                column = None;
                out.push(line);
            }
        }
    }
    out.append(&mut right);
    out
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
        let dated = section
            .lines
            .iter()
            .any(|l| !dates::find_ranges(l.text).is_empty());
        match (heading_line, merged.last_mut()) {
            (Some(heading_line), Some(previous)) if dated && section.kind == SectionKind::Other => {
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
    dates::forget_seen_lines();
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
