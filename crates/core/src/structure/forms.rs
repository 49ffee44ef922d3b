//! Resume forms that list events in a dated grid rather than entries with
//! ranges: the Japanese 履歴書, whose 学歴・職歴 rows are a year, a month
//! and what happened ("2010 | 04 | 東京工業大学・工学部・入学", "2018 | 03 |
//! 株式会社例・退社"). An entry starts with an entering event (入学, 入社)
//! and ends with a leaving one (卒業, 退社) of the same school or employer;
//! "現在に至る" keeps it running; a row with neither is a dated entry whose
//! end the form does not state.

use super::Line;
use super::dates::{YearMonth, parse_date};
use super::experience::Row;
use super::lexicon::tokens;
use super::{clean, lexicon};

/// What a grid row says happened.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Event {
    /// Entered a school or an employer.
    Start,
    /// Left it.
    End,
    /// A dated entry with no entering or leaving word.
    Dated,
}

/// Words of entering (入学, 入社), leaving (卒業, 退社) and "to this day",
/// Japanese and Chinese.
const STARTS: &[&str] = &[
    "編入学",
    "入学",
    "入社",
    "入職",
    "就職",
    "入所",
    "入庁",
    "着任",
    "就任",
    "入团",
    "入职",
];
const ENDS: &[&str] = &[
    "卒業見込み",
    "卒業",
    "修了",
    "中途退学",
    "退学",
    "退社",
    "退職",
    "退所",
    "離任",
    "退任",
    "満了",
    "毕业",
    "離職",
    "离职",
];
const ONGOING: &[&str] = &["現在に至る", "在職中", "在学中", "至今", "現在"];

/// One row of a dated grid.
#[derive(Debug, Clone)]
pub struct GridRow<'a> {
    pub when: YearMonth,
    pub event: Event,
    /// Still so today ("入社・現在に至る").
    pub ongoing: bool,
    /// What the row names, without the event words: place, employer or
    /// school, title or faculty, degree.
    pub pieces: Vec<String>,
    pub line: Line<'a>,
}

/// The year and month at the start of a row: "2010" | "04", "2010" |
/// "4月", "平成22" | "4", or one cell "2010年4月".
fn when_of(cells: &[String]) -> Option<(YearMonth, usize)> {
    let first = clean(cells.first()?);
    let year = |s: &str| {
        parse_date(s)
            .or_else(|| parse_date(&format!("{s}年")))
            .filter(|d| d.month.is_none())
    };
    if let Some(y) = year(first) {
        let month = cells.get(1).map(|c| {
            let (normal, _) = super::dates::normalise_width(clean(c));
            normal.trim_end_matches('月').trim().to_owned()
        })?;
        let month: u32 = month.parse().ok().filter(|m| (1..=12).contains(m))?;
        return Some((
            YearMonth {
                year: y.year,
                month: Some(month),
            },
            2,
        ));
    }
    let d = parse_date(first).filter(|_| lexicon::has_cjk(first))?;
    d.month.map(|_| (d, 1))
}

/// The pieces of a row's text: parts joined by "・" (or spaces), the
/// event words taken off.
fn pieces_of(text: &str) -> (Vec<String>, Option<Event>, bool) {
    let mut parts: Vec<String> = if text.contains(['・', '･']) {
        text.split(['・', '･']).map(str::to_owned).collect()
    } else {
        text.split_whitespace().map(str::to_owned).collect()
    };
    let mut event = None;
    let mut ongoing = false;
    let mut kept = Vec::new();
    for part in parts.drain(..) {
        let mut part = part.trim().to_owned();
        if let Some(w) = ONGOING.iter().find(|w| part.ends_with(*w)) {
            ongoing = true;
            part.truncate(part.len() - w.len());
        }
        if let Some(w) = STARTS.iter().find(|w| part.ends_with(*w)) {
            event = Some(Event::Start);
            part.truncate(part.len() - w.len());
        } else if let Some(w) = ENDS.iter().find(|w| part.ends_with(*w)) {
            event = Some(Event::End);
            part.truncate(part.len() - w.len());
        }
        let part = part.trim().trim_end_matches(['・', '、']).trim();
        if !part.is_empty() {
            kept.push(part.to_owned());
        }
    }
    (kept, event, ongoing)
}

/// A row of a dated grid, if it is one.
pub fn grid_row<'a>(row: &Row<'a>) -> Option<GridRow<'a>> {
    let (when, used) = when_of(&row.cells)?;
    let text = row.cells[used..]
        .iter()
        .map(|c| clean(c))
        .collect::<Vec<_>>()
        .join(" ");
    if text.is_empty() {
        return None;
    }
    let (pieces, event, ongoing) = pieces_of(&text);
    if pieces.is_empty() {
        return None;
    }
    Some(GridRow {
        when,
        event: event.unwrap_or(Event::Dated),
        ongoing,
        pieces,
        line: row.line.clone(),
    })
}

/// The grid rows of a section, and its other rows.
pub fn split_grid<'a>(rows: Vec<Row<'a>>) -> (Vec<GridRow<'a>>, Vec<Row<'a>>) {
    let mut grid = Vec::new();
    let mut rest = Vec::new();
    for row in rows {
        match grid_row(&row) {
            Some(g) => grid.push(g),
            None => rest.push(row),
        }
    }
    (grid, rest)
}

/// An entry of a grid: its pieces, from when to when, and the lines it was
/// read from.
#[derive(Debug, Clone)]
pub struct GridEntry<'a> {
    pub pieces: Vec<String>,
    pub start: Option<YearMonth>,
    pub end: Option<YearMonth>,
    pub ongoing: bool,
    pub lines: Vec<Line<'a>>,
}

/// What identifies a school or employer across its rows: the piece with an
/// organisation's shape, else all pieces.
fn identity(pieces: &[String]) -> String {
    pieces
        .iter()
        .find(|p| {
            tokens(p)
                .iter()
                .any(|t| lexicon::organisations::is_organisation_word(t))
        })
        .cloned()
        .unwrap_or_else(|| pieces.join("・"))
}

/// Pairs entering and leaving rows of the same school or employer.
pub fn entries<'a>(rows: &[GridRow<'a>]) -> Vec<GridEntry<'a>> {
    let mut out: Vec<GridEntry<'a>> = Vec::new();
    for row in rows {
        let id = identity(&row.pieces);
        let open = out
            .iter_mut()
            .rev()
            .find(|e| e.end.is_none() && !e.ongoing && identity(&e.pieces) == id);
        match (row.event, open) {
            (Event::End, Some(entry)) if entry.start.is_some() => {
                entry.end = Some(row.when);
                entry.lines.push(row.line.clone());
            }
            (Event::End, _) => out.push(GridEntry {
                pieces: row.pieces.clone(),
                start: None,
                end: Some(row.when),
                ongoing: false,
                lines: vec![row.line.clone()],
            }),
            (Event::Start | Event::Dated, _) => out.push(GridEntry {
                pieces: row.pieces.clone(),
                start: Some(row.when),
                end: None,
                ongoing: row.ongoing,
                lines: vec![row.line.clone()],
            }),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::structure::experience::rows_of;

    fn grid(text: &str) -> Vec<GridEntry<'_>> {
        let lines = crate::structure::lines_for_test(text);
        let (rows, _) = split_grid(rows_of(&lines));
        entries(&rows)
    }

    fn ym(year: i32, month: u32) -> Option<YearMonth> {
        Some(YearMonth {
            year,
            month: Some(month),
        })
    }

    #[test]
    fn entering_and_leaving_rows_make_one_entry() {
        let found = grid(
            "2010    04    例示大学・工学部・入学\n\
             2014    03    例示大学・工学部・卒業\n\
             2014    04    大阪府大阪市・株式会社サンプル・エンジニア・入社\n\
             2018    03    大阪府大阪市・株式会社サンプル・エンジニア・退社\n\
             平成30    ４    サンプル商事株式会社・営業・入社・現在に至る\n\
             2019    01    例示の会・ボランティア講師・週末に活動",
        );
        assert_eq!(found.len(), 4, "{found:?}");
        assert_eq!((found[0].start, found[0].end), (ym(2010, 4), ym(2014, 3)));
        assert_eq!(found[0].pieces, ["例示大学", "工学部"]);
        assert_eq!((found[1].start, found[1].end), (ym(2014, 4), ym(2018, 3)));
        assert_eq!((found[2].start, found[2].ongoing), (ym(2018, 4), true));
        // A dated row states no end: none is set.
        assert_eq!(
            (found[3].start, found[3].end, found[3].ongoing),
            (ym(2019, 1), None, false)
        );
    }
}
