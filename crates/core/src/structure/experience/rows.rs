//! Rows of a section: cells of one visual line, with a date range broken
//! over two lines joined; which cells are dates, and which rows can head an
//! entry.

use crate::structure::dates::{DateRange, find_ranges, is_present};
use crate::structure::{Line, clean, is_bullet};

/// Words that continue a date range on the next line ("2003 – 2004 and" /
/// "2006 – 2012", "Jan 2020 to" / "Present"): English, German, French.
const CONTINUATIONS: &[&str] = &["and", "und", "et", "to", "bis", "au", "à"];

/// Labels and joining words a date cell may carry besides its dates
/// ("Date: 2019 – 2021", "2003 – 2005 und 2007", "seit 2019").
const DATE_LABELS: &[&str] = &["date", "dates", "zeitraum", "période", "periode", "period"];
const DATE_JOINERS: &[&str] = &["and", "und", "et", "since", "seit", "depuis"];

/// One visual row of a section: its cells, already cleaned.
#[derive(Debug, Clone)]
pub struct Row<'a> {
    pub cells: Vec<String>,
    pub bullet: bool,
    pub line: Line<'a>,
}

impl Row<'_> {
    /// The row's cells, cleaned and joined by spaces.
    pub fn text(&self) -> String {
        self.cells
            .iter()
            .map(|c| clean(c))
            .filter(|c| !c.is_empty())
            .collect::<Vec<_>>()
            .join(" ")
    }
}

/// Rows of a section, with a date range broken over two lines joined
/// ("2003 – 2004 und" + "2006 – 2012", "Jan 2020 –" + "Present").
pub fn rows_of<'a>(lines: &[Line<'a>]) -> Vec<Row<'a>> {
    let mut rows: Vec<Row<'a>> = Vec::new();
    for line in lines {
        let cells: Vec<String> = line.cells().iter().map(|c| c.to_string()).collect();
        if let Some(prev) = rows.last_mut() {
            let joins = prev.cells.iter().position(|c| {
                let c = c.trim_end();
                c.ends_with(['–', '-', '—', '&'])
                    || c.rsplit_once(' ').is_some_and(|(_, last)| {
                        CONTINUATIONS.contains(&last.to_lowercase().as_str())
                    })
            });
            if let (Some(i), [only]) = (joins, cells.as_slice())
                && (date_cell(only).is_some() || is_present(only))
            {
                prev.cells[i] = format!("{} {}", prev.cells[i].trim_end(), only);
                continue;
            }
        }
        rows.push(Row {
            bullet: is_bullet(line.text),
            cells,
            line: line.clone(),
        });
    }
    rows
}

/// The date ranges of a cell that is essentially a date (labels such as
/// "Date:" and joining words aside). Seasons ("Summer 2012") make the dates
/// unknown rather than invented: they return an empty list.
pub fn date_cell(cell: &str) -> Option<Vec<DateRange>> {
    let ranges = find_ranges(cell);
    if ranges.is_empty() {
        return None;
    }
    let mut rest = String::new();
    let mut last = 0;
    for r in &ranges {
        rest.push_str(&cell[last..r.span.0]);
        last = r.span.1;
    }
    rest.push_str(&cell[last..]);
    let rest = rest.to_lowercase();
    let rest = match rest.trim_start().split_once(':') {
        Some((label, after)) if DATE_LABELS.contains(&label.trim()) => after,
        _ => &rest,
    };
    let leftover: String = rest.chars().filter(|c| c.is_alphabetic()).collect();
    if !(leftover.is_empty() || DATE_JOINERS.contains(&leftover.as_str())) {
        return None;
    }
    if ranges.iter().any(|r| r.start.is_none()) {
        return Some(Vec::new());
    }
    Some(ranges)
}

/// A date range at the end of a heading cell: "Engineer, June 2018 –
/// Present", "Microsoft — Engineer II (2014 - 2018)". Returns the text before
/// it and the ranges.
pub fn trailing_dates(cell: &str) -> Option<(String, Vec<DateRange>)> {
    let ranges = find_ranges(cell);
    let last = ranges.last()?;
    let after = cell[last.span.1..].trim();
    if !(after.is_empty() || after == ")") {
        return None;
    }
    let head = cell[..last.span.0].trim_end();
    let before = head
        .trim_end_matches(['(', ',', '–', '—', '-', '|', ':', ';'])
        .trim();
    // The dates must be set off ("Engineer, 2019 – 2021", "(2014 - 2018)"),
    // not run on in a sentence ("revenue in 2015").
    let set_off = before.len() < head.len();
    let words = before.split_whitespace().count();
    if !set_off
        || words == 0
        || words > 12
        || before.ends_with('.')
        || !before.starts_with(|c: char| c.is_uppercase())
    {
        return None;
    }
    let ranges = date_cell(&cell[last.span.0..last.span.1])?;
    Some((before.to_owned(), ranges))
}

/// A row that can name a position: short, not a sentence.
pub fn header_like(row: &Row<'_>) -> bool {
    if row.bullet && row.cells.len() < 2 {
        // "• Acme | Springfield, IL" heads an entry; "• Wrote reports" does not.
        return false;
    }
    if row
        .cells
        .last()
        .is_some_and(|c| c.trim_end().ends_with([':', '.', ',']))
    {
        return false;
    }
    let text: Vec<&str> = row.cells.iter().map(|c| clean(c)).collect();
    let words: usize = text.iter().map(|c| c.split_whitespace().count()).sum();
    let first = text.first().and_then(|c| c.chars().next());
    !text.is_empty()
        && text.iter().all(|c| c.len() <= 80)
        && words <= if row.bullet { 6 } else { 12 }
        && !text.last().is_some_and(|c| c.ends_with(['.', ':', ',']))
        && first.is_some_and(|c| c.is_uppercase() || c.is_ascii_digit() || c == '„' || c == '"')
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lines(text: &str) -> Vec<Line<'_>> {
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

    #[test]
    fn a_range_broken_after_a_joining_word_is_one_cell() {
        for text in [
            "2010 – 2012 and\t2014 – 2016",
            "2010 – 2012 und\t2014 – 2016",
            "2010 – 2012 et\t2014 – 2016",
            "janvier 2019 à\taujourd'hui",
        ] {
            let text = text.replace('\t', "\n");
            let rows = rows_of(&lines(&text));
            assert_eq!(rows.len(), 1, "{text}: {rows:?}");
        }
    }

    #[test]
    fn date_cells_may_carry_a_label_or_a_joining_word() {
        for cell in [
            "Dates: 2019 – 2021",
            "Zeitraum: 2019 – 2021",
            "Période : 2019 – 2021",
            "2010 – 2012 et 2014 – 2016",
            "depuis 2019",
        ] {
            assert!(date_cell(cell).is_some_and(|r| !r.is_empty()), "{cell}");
        }
        assert!(date_cell("Revenue grew in 2019").is_none());
    }
}
