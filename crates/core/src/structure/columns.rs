//! Layouts that set text side by side: a label column (headings in a
//! narrow left column, the entries beside them) and two columns
//! interleaved line by line in plain text, read apart.

use super::sections::heading_of;
use super::{Line, in_capitals, is_bullet, lexicon};

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
pub(super) fn label_column(lines: &[Line<'_>]) -> Vec<Option<usize>> {
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
pub(super) fn label_groups(lines: &[Line<'_>], labels: &[Option<usize>]) -> Vec<(usize, usize)> {
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
pub(super) fn columns_apart(lines: Vec<Line<'_>>) -> Vec<Line<'_>> {
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
