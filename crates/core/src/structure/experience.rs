//! Work history: positions anchored on their date lines, with title,
//! company, location, dates and highlights; total experience in months.

use super::dates::{DateRange, End, YearMonth, find_ranges};
use super::sections::SectionKind;
use super::{Line, Section, clean, is_bullet};
use crate::resume::{AtsExtension, JsonResume, Volunteer, Work, WorkExtra};
use chrono::{Datelike, NaiveDate};
use regex::Regex;
use std::sync::LazyLock;

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
                    || c.ends_with(" und")
                    || c.ends_with(" and")
                    || c.ends_with(" to")
                    || c.ends_with(" bis")
            });
            if let (Some(i), [only]) = (joins, cells.as_slice())
                && (date_cell(only).is_some() || is_present_word(only))
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

fn is_present_word(s: &str) -> bool {
    matches!(
        s.trim().to_lowercase().as_str(),
        "present" | "current" | "now" | "today" | "ongoing" | "heute" | "aktuell" | "aujourd'hui"
    )
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
    let leftover: String = rest
        .to_lowercase()
        .replace("date:", "")
        .replace("dates:", "")
        .replace("zeitraum:", "")
        .chars()
        .filter(|c| c.is_alphabetic())
        .collect();
    if !matches!(
        leftover.as_str(),
        "" | "and" | "und" | "et" | "since" | "seit"
    ) {
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
        // "• Google | Mountain View, CA" heads an entry; "• Wasser besorgen" does not.
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

const TITLE_WORDS: &[&str] = &[
    "engineer",
    "developer",
    "programmer",
    "manager",
    "president",
    "ceo",
    "cto",
    "cfo",
    "coo",
    "founder",
    "co-founder",
    "director",
    "scientist",
    "assistant",
    "analyst",
    "consultant",
    "lead",
    "intern",
    "designer",
    "architect",
    "officer",
    "head",
    "vp",
    "specialist",
    "coordinator",
    "administrator",
    "teacher",
    "tutor",
    "researcher",
    "professor",
    "lecturer",
    "fellow",
    "associate",
    "technician",
    "nurse",
    "accountant",
    "editor",
    "writer",
    "owner",
    "partner",
    "volunteer",
    "volontariat",
    "praktikum",
    "praktikant",
    "praktikantin",
    "werkstudent",
    "werkstudentin",
    "trainee",
    "apprentice",
    "ingenieur",
    "ingenieurin",
    "entwickler",
    "entwicklerin",
    "leiter",
    "leiterin",
    "berater",
    "beraterin",
    "mitarbeiter",
    "mitarbeiterin",
    "referent",
    "referentin",
    "geschäftsführer",
    "geschäftsführerin",
    "ingénieur",
    "développeur",
    "chef",
    "stagiaire",
    "representative",
    "clerk",
    "agent",
    "supervisor",
    "executive",
    "sde",
    "swe",
    "staff",
    "principal",
    "senior",
    "junior",
    "mentor",
    "instructor",
    "coach",
    "tierärztin",
    "tierarzt",
    "arzt",
    "ärztin",
    "physician",
    "veterinarian",
    "chemist",
];
const COMPANY_WORDS: &[&str] = &[
    "inc",
    "llc",
    "ltd",
    "gmbh",
    "ag",
    "corp",
    "corporation",
    "company",
    "co",
    "university",
    "universität",
    "université",
    "institute",
    "institut",
    "college",
    "school",
    "hospital",
    "krankenhaus",
    "klinik",
    "clinic",
    "praxis",
    "bank",
    "group",
    "labs",
    "lab",
    "technologies",
    "solutions",
    "systems",
    "foundation",
    "agency",
    "nationalpark",
    "se",
    "plc",
    "gbr",
    "kg",
    "sa",
    "sarl",
    "sas",
    "bv",
    "studio",
    "studios",
    "media",
    "consulting",
    "partners",
];

fn words_of(s: &str) -> Vec<String> {
    s.split(|c: char| !(c.is_alphanumeric() || c == '-'))
        .filter(|w| !w.is_empty())
        .map(|w| w.to_lowercase())
        .collect()
}

fn title_score(s: &str) -> i32 {
    let words = words_of(s);
    // A compound's last part is its head: "Co-Founder" is a founder,
    // "Tierarzt-Praxis" a practice.
    let head = |w: &String| w.rsplit('-').next().unwrap_or(w).to_owned();
    // German compounds without a hyphen: "Softwareentwicklerin".
    // … and inflected forms: "Ingénieure", "Consultante", "Managerin".
    let compound = |w: &String| {
        TITLE_WORDS.iter().any(|t| {
            t.len() >= 6
                && w.len() > t.len()
                && (w.ends_with(t) || (w.starts_with(t) && w.len() <= t.len() + 3))
        })
    };
    let title = words
        .iter()
        .filter(|w| {
            TITLE_WORDS.contains(&w.as_str())
                || TITLE_WORDS.contains(&head(w).as_str())
                || compound(w)
        })
        .count() as i32;
    let company = words
        .iter()
        .filter(|w| {
            COMPANY_WORDS.contains(&w.as_str()) || COMPANY_WORDS.contains(&head(w).as_str())
        })
        .count() as i32;
    title * 2 - company * 2
}

static LOCATION: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^\p{Lu}[\p{L} .'-]{1,30},\s*\p{Lu}[\p{L} .'-]{0,30}$|^(?:remote|hybrid|on-site)$")
        .unwrap()
});

fn is_location(s: &str) -> bool {
    LOCATION.is_match(s) && s.split_whitespace().count() <= 4 && title_score(s) == 0
}

/// "Acme Corp, Austin, TX" → ("Acme Corp", "Austin, TX"); a single trailing
/// word ("Praxis Dr. Hauser, Berlin") stays part of the name.
fn split_place(piece: &str) -> Option<(String, String)> {
    let parts: Vec<&str> = piece.split(", ").collect();
    if parts.len() < 3 {
        return None;
    }
    let place = parts[parts.len() - 2..].join(", ");
    let name = parts[..parts.len() - 2].join(", ");
    (is_location(&place) && !name.is_empty()).then_some((name, place))
}

/// Title, company and location from the header pieces of one entry.
fn assign(pieces: &[String]) -> (Option<String>, Option<String>, Option<String>) {
    let mut location = None;
    let mut rest: Vec<String> = Vec::new();
    let mut split: Vec<String> = Vec::new();
    for p in pieces {
        match split_place(p) {
            Some((name, place)) => {
                split.push(name);
                split.push(place);
            }
            None => split.push(p.clone()),
        }
    }
    let pieces = &split;
    for (i, p) in pieces.iter().enumerate() {
        if i > 0 && location.is_none() && is_location(p) && pieces.len() > 1 {
            location = Some(p.clone());
        } else {
            rest.push(p.clone());
        }
    }
    // "Engineer at Acme", "Engineer @ Acme", "Ingenieurin bei Acme"
    if let [one] = rest.as_slice() {
        for sep in [" at ", " @ ", " bei ", " chez "] {
            if let Some((t, c)) = one.split_once(sep) {
                return (
                    Some(t.trim().to_owned()),
                    Some(c.trim().to_owned()),
                    location,
                );
            }
        }
        for sep in [" | ", " – ", " — ", " - ", ", "] {
            if let Some((a, b)) = one.split_once(sep) {
                let (sa, sb) = (title_score(a), title_score(b));
                if (sa > 0) != (sb > 0) {
                    let (t, c) = if sa > sb { (a, b) } else { (b, a) };
                    return (
                        Some(t.trim().to_owned()),
                        Some(c.trim().to_owned()),
                        location,
                    );
                }
            }
        }
        // "Volontariat Udawalawe-Nationalpark, Sri Lanka"
        let words: Vec<&str> = one.split_whitespace().collect();
        if words.len() > 1
            && title_score(words[0]) > 0
            && title_score(&words[1..].join(" ")) <= 0
            && words[1].chars().next().is_some_and(char::is_uppercase)
        {
            return (
                Some(words[0].to_owned()),
                Some(words[1..].join(" ")),
                location,
            );
        }
        return if title_score(one) > 0 {
            (Some(one.clone()), None, location)
        } else {
            (None, Some(one.clone()), location)
        };
    }
    if rest.is_empty() {
        return (None, None, location);
    }
    // Two or more pieces: the most title-like is the title, the next the company.
    let title_at = (0..rest.len())
        .max_by_key(|&i| (title_score(&rest[i]), std::cmp::Reverse(i)))
        .unwrap();
    let company_at = (0..rest.len()).find(|&i| i != title_at).unwrap();
    let title = (title_score(&rest[title_at]) >= 0).then(|| rest[title_at].clone());
    (title, Some(rest[company_at].clone()), location)
}

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
            .filter(|c| !c.is_empty())
            .collect();
        let mut first_row = *row_at;
        // Up to two header rows right above the date row.
        let mut before: Vec<String> = Vec::new();
        let mut i = *row_at;
        while i > consumed_until && before.len() < 2 {
            let prev = &rows[i - 1];
            let place_only = prev.cells.len() == 1 && is_location(clean(&prev.cells[0]));
            if !header_like(prev) || place_only || anchors.iter().any(|a| a.0 == i - 1) {
                break;
            }
            before.splice(0..0, prev.cells.iter().map(|c| clean(c).to_owned()));
            first_row = i - 1;
            i -= 1;
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
        let mut wanted = if before.is_empty() && pieces.is_empty() {
            2
        } else {
            usize::from(title.is_none() || company.is_none())
        };
        while after_at < next_anchor && !rows[after_at].bullet && header_like(&rows[after_at]) {
            let row = &rows[after_at];
            let place_only = row.cells.len() == 1 && is_location(clean(&row.cells[0]));
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

fn iso_end(range: &DateRange) -> (Option<String>, bool) {
    match range.end {
        Some(End::Present) => (None, true),
        Some(End::Date(d)) => (Some(d.iso()), false),
        // A lone date: the position began and ended then.
        None => (range.start.map(YearMonth::iso), false),
    }
}

pub fn read(sections: &[Section<'_>], resume: &mut JsonResume, ext: &mut AtsExtension) {
    for section in sections {
        if !matches!(
            section.kind,
            SectionKind::Experience | SectionKind::Volunteer
        ) {
            continue;
        }
        let rows = rows_of(&section.lines);
        for entry in entries_of(&rows) {
            let (mut title, company, location) = assign(&entry.pieces);
            if title.is_none() {
                title.clone_from(&section.role_title);
            }
            if title.is_none() && company.is_none() {
                continue;
            }
            let ranges: Vec<Option<&DateRange>> = if entry.ranges.is_empty() {
                vec![None]
            } else {
                entry.ranges.iter().map(Some).collect()
            };
            for range in ranges {
                let start_date = range.and_then(|r| r.start).map(YearMonth::iso);
                let (end_date, current) = range.map(iso_end).unwrap_or((None, false));
                if section.kind == SectionKind::Volunteer {
                    resume.volunteer.push(Volunteer {
                        organization: company.clone(),
                        position: title.clone(),
                        start_date,
                        end_date,
                        highlights: entry.highlights.clone(),
                        ..Volunteer::default()
                    });
                    continue;
                }
                let i = resume.work.len();
                ext.spans.insert(format!("work[{i}]"), entry.span);
                ext.confidence.insert(
                    format!("work[{i}].position"),
                    if title.is_some() && company.is_some() {
                        0.8
                    } else {
                        0.5
                    },
                );
                if range.is_none() {
                    ext.confidence.insert(format!("work[{i}].startDate"), 0.0);
                }
                resume.work.push(Work {
                    name: company.clone(),
                    position: title.clone(),
                    location: location.clone(),
                    start_date,
                    end_date,
                    highlights: entry.highlights.clone(),
                    ..Work::default()
                });
                ext.work.push(WorkExtra {
                    current,
                    dates_as_written: Some(entry.dates_as_written.clone()),
                    section: Some(section.heading.clone()),
                });
            }
        }
    }
}

/// A date written as a bare year ("2005 – 2010") is taken as mid-year at
/// both ends: the unbiased guess, neither a year too long nor too short.
const MID_YEAR: u32 = 7;

/// Months of work with overlaps merged. An absent end date means the
/// position is current and runs to `reference`.
pub fn total_months_of(work: &[Work], reference: NaiveDate) -> Option<u32> {
    let now = i64::from(reference.year()) * 12 + i64::from(reference.month()) - 1;
    let mut intervals: Vec<(i64, i64)> = work
        .iter()
        .filter_map(|w| {
            let start = YearMonth::parse_iso(w.start_date.as_deref()?)?.index(MID_YEAR);
            let end = match w.end_date.as_deref() {
                None => now,
                Some(e) => YearMonth::parse_iso(e)?.index(MID_YEAR).min(now),
            };
            (end >= start).then_some((start, end + 1))
        })
        .collect();
    if intervals.is_empty() {
        return None;
    }
    intervals.sort_unstable();
    let mut total = 0;
    let (mut cur_start, mut cur_end) = intervals[0];
    for &(s, e) in &intervals[1..] {
        if s <= cur_end {
            cur_end = cur_end.max(e);
        } else {
            total += cur_end - cur_start;
            (cur_start, cur_end) = (s, e);
        }
    }
    total += cur_end - cur_start;
    u32::try_from(total).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn work(start: &str, end: Option<&str>) -> Work {
        Work {
            start_date: Some(start.into()),
            end_date: end.map(Into::into),
            ..Work::default()
        }
    }

    #[test]
    fn overlapping_positions_are_counted_once() {
        let reference = NaiveDate::from_ymd_opt(2024, 6, 15).unwrap();
        let jobs = [
            work("2020-01", Some("2020-12")),
            work("2020-06", Some("2021-05")),
            work("2023-01", None),
        ];
        // 2020-01..2021-05 = 17 months, 2023-01..2024-06 = 18 months
        assert_eq!(total_months_of(&jobs, reference), Some(35));
        // Bare years are mid-year at both ends: 2005-07..2010-07.
        assert_eq!(
            total_months_of(&[work("2005", Some("2010"))], reference),
            Some(61)
        );
    }

    #[test]
    fn titles_and_companies_are_told_apart() {
        let (t, c, l) = assign(&[
            "Google".into(),
            "Mountain View, CA".into(),
            "Software Engineer".into(),
        ]);
        assert_eq!(t.as_deref(), Some("Software Engineer"));
        assert_eq!(c.as_deref(), Some("Google"));
        assert_eq!(l.as_deref(), Some("Mountain View, CA"));
        let (t, c, _) = assign(&["Senior Engineer at Acme Corp".into()]);
        assert_eq!(
            (t.as_deref(), c.as_deref()),
            (Some("Senior Engineer"), Some("Acme Corp"))
        );
    }
}
