//! Segmentation of a section's rows into entries: each entry is anchored
//! on its date cell (or a heading cell that ends in dates), takes up to two
//! header rows above it and the header rows it still needs below, and
//! keeps the rows up to the next entry as highlights.

use super::roles::{assign, is_location, place_like};
use super::rows::{Row, date_cell, header_like, labelled, trailing_dates};
use crate::structure::dates::DateRange;
use crate::structure::{clean, column_label};

/// One entry as read from the rows, before it becomes JSON Resume.
#[derive(Debug, Clone)]
pub struct Entry {
    pub pieces: Vec<String>,
    pub ranges: Vec<DateRange>,
    pub dates_as_written: String,
    pub highlights: Vec<String>,
    pub first_row: usize,
    /// From the first header row to the end of the date row.
    pub span: crate::resume::Span,
}

/// A row that is only a place ("Springfield, IL"): a place of three parts
/// on a row of its own may as well be "Employer, City, Region".
fn lone_place(cell: &str) -> bool {
    let cell = clean(cell);
    is_location(cell) && cell.matches(", ").count() <= 1
}

/// Split a section's rows into dated entries.
pub fn entries_of(rows: &[Row<'_>]) -> Vec<Entry> {
    // A date cell anchors an entry; failing that, a heading cell that ends
    // in dates does (its text before the dates stays a piece).
    let mut inline: std::collections::HashMap<usize, String> = std::collections::HashMap::new();
    let anchors: Vec<(usize, usize, Vec<DateRange>)> = rows
        .iter()
        .enumerate()
        .filter_map(|(i, r)| {
            r.cells
                .iter()
                .enumerate()
                .find_map(|(c, cell)| date_cell(clean(cell)).map(|ranges| (i, c, ranges)))
                .or_else(|| {
                    if r.bullet && r.cells.len() < 2 {
                        return None;
                    }
                    r.cells.iter().enumerate().find_map(|(c, cell)| {
                        trailing_dates(clean(cell)).map(|(before, ranges)| {
                            inline.insert(i, before);
                            (i, c, ranges)
                        })
                    })
                })
        })
        .collect();
    let mut entries: Vec<Entry> = Vec::new();
    let mut consumed_until = 0; // rows before this belong to earlier entries
    // Entries of one section share their layout: where the first entry
    // has nothing above its dates and takes its header from the rows below
    // ("Acme | 2019 – 2021" / "Engineer"), the rows above a later entry's
    // dates are the previous entry's lines, whatever they look like.
    let mut headers_below = false;
    for (k, (row_at, cell_at, ranges)) in anchors.iter().enumerate() {
        let row = &rows[*row_at];
        let mut pieces: Vec<String> = row
            .cells
            .iter()
            .enumerate()
            .map(|(c, cell)| match inline.get(row_at) {
                Some(before) if c == *cell_at => before.clone(),
                _ if c == *cell_at => String::new(),
                _ => clean(cell).to_owned(),
            })
            // A bullet's sentence beside the dates (a date column next to
            // the first highlight) names nothing.
            .filter(|c| !(c.is_empty() || row.bullet && c.split_whitespace().count() > 6))
            .collect();
        let mut first_row = *row_at;
        // A date alone in a column beside the entry's bullets ("2018年04月〜
        // 現在" left of "• …"): its header is above those bullets, past
        // a table's column labels and descriptive "label: value" rows.
        let beside_bullets = row.cells.len() == 1
            && *row_at > consumed_until
            && rows[*row_at - 1].bullet
            && rows.get(*row_at + 1).is_some_and(|r| r.bullet);
        // Up to two header rows right above the date row.
        let mut before: Vec<String> = Vec::new();
        let mut i = *row_at;
        while i > consumed_until && before.len() < 2 && !headers_below {
            let prev = &rows[i - 1];
            let skipped =
                prev.bullet || labelled(prev) || prev.cells.iter().all(|c| column_label(c));
            if beside_bullets && skipped {
                i -= 1;
                continue;
            }
            let place_only = prev.cells.len() == 1 && lone_place(&prev.cells[0]);
            if !header_like(prev) || place_only || anchors.iter().any(|a| a.0 == i - 1) {
                break;
            }
            before.splice(0..0, prev.cells.iter().map(|c| clean(c).to_owned()));
            first_row = i - 1;
            i -= 1;
            // A header row that names both the role and an organisation
            // ("Consultant SI, Garonne Numérique SAS") is the whole header:
            // the line above it belongs to the previous entry.
            let (title, company, _) = assign(&before);
            if title.is_some() && company.is_some_and(|c| !place_like(&c)) {
                break;
            }
        }
        // The highlights of the previous entry end where this entry's header starts.
        if let Some(prev) = entries.last_mut() {
            prev.highlights = highlights_of(&rows[consumed_until..first_row]);
        }
        let mut after_at = row_at + 1;
        let next_anchor = anchors.get(k + 1).map_or(rows.len(), |a| a.0);
        // Title and company below the dates ("2019 – 2021" / "Engineer" /
        // "Acme"), or the company below a "title | dates" row; a place
        // alone on the next row belongs to this entry too.
        let (title, company, _) = assign(&[before.clone(), pieces.clone()].concat());
        // A place beside the dates ("02.2021 – 03.2025 | Leipzig") with
        // nothing above: title and employer are both still below.
        let only_places = !pieces.is_empty() && pieces.iter().all(|p| place_like(p));
        let mut wanted = if before.is_empty() && (pieces.is_empty() || only_places) {
            2
        } else {
            usize::from(title.is_none() || company.is_none())
        };
        while after_at < next_anchor && !rows[after_at].bullet && header_like(&rows[after_at]) {
            let row = &rows[after_at];
            let place_only = row.cells.len() == 1 && lone_place(&row.cells[0]);
            if wanted == 0 && !place_only {
                break;
            }
            pieces.extend(row.cells.iter().map(|c| clean(c).to_owned()));
            wanted = wanted.saturating_sub(1);
            after_at += 1;
            if place_only {
                break;
            }
        }
        if k == 0 {
            headers_below = before.is_empty() && after_at > row_at + 1;
        }
        before.extend(pieces);
        let date_text = clean(&row.cells[*cell_at]);
        let dates_as_written = match inline.get(row_at) {
            Some(before) => date_text[before.len()..]
                .trim_start_matches([',', ' ', '(', '–', '—', '-', '|', ':', ';'])
                .trim_end_matches(')')
                .trim()
                .to_owned(),
            None => date_text.to_owned(),
        };
        entries.push(Entry {
            pieces: before,
            ranges: ranges.clone(),
            dates_as_written,
            highlights: Vec::new(),
            first_row,
            span: crate::resume::Span {
                start: rows[first_row].line.start,
                end: row.line.span().end,
            },
        });
        consumed_until = after_at;
    }
    if let Some(last) = entries.last_mut() {
        last.highlights = highlights_of(&rows[consumed_until.min(rows.len())..]);
    }
    entries
}

fn highlights_of(rows: &[Row<'_>]) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for row in rows {
        let text = row.text();
        if text.is_empty() {
            continue;
        }
        match out.last_mut() {
            Some(last) if !row.bullet && !last.ends_with(':') => {
                last.push(' ');
                last.push_str(&text);
            }
            _ => out.push(text),
        }
    }
    out
}
