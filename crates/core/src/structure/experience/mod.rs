//! Work history: positions anchored on their date lines, with title,
//! company, location, dates and highlights. The parts live apart:
//! `rows` (cells and date cells), `entries` (segmentation into entries),
//! `roles` (title, organisation and place of an entry, with the word lists
//! of `lexicon`) and `total` (months of experience).

mod entries;
mod roles;
mod rows;
mod total;

pub use entries::{Entry, entries_of};
pub use roles::{assign, is_location, title_score};
pub use rows::{Row, date_cell, header_like, labelled, rows_of, trailing_dates};
pub use total::total_months_of;

use super::dates::{DateRange, End, YearMonth};
use super::sections::SectionKind;
use super::{Section, forms};
use crate::resume::{AtsExtension, JsonResume, Span, Volunteer, Work, WorkExtra};

fn iso_end(range: &DateRange) -> (Option<String>, bool) {
    match range.end {
        Some(End::Present) => (None, true),
        Some(End::Date(d)) => (Some(d.iso()), false),
        // A lone date: the position began and ended then.
        None => (range.start.map(YearMonth::iso), false),
    }
}

/// One position as read, before it becomes JSON Resume.
#[derive(Debug, Clone)]
struct Position {
    volunteer: bool,
    title: Option<String>,
    company: Option<String>,
    location: Option<String>,
    start: Option<String>,
    end: Option<String>,
    current: bool,
    highlights: Vec<String>,
    dates_as_written: Option<String>,
    section: String,
    span: Span,
    confidence: f32,
    /// Read from a dated grid's event rows, whose dates are two events
    /// rather than a range as written.
    from_grid: bool,
}

/// Letters and digits only, lower case: what two mentions of the same
/// employer or title share however they are set.
fn bare(s: Option<&str>) -> Option<String> {
    s.map(|s| {
        s.chars()
            .filter(|c| c.is_alphanumeric())
            .flat_map(char::to_lowercase)
            .collect()
    })
}

/// The same position stated twice (a 履歴書's rows and its 職務経歴書's
/// table, a summary table and the detailed history): same employer and
/// title, and no start date that differs; or, where the second does not
/// state the employer, same title and the same start. The second fills
/// what the first left unstated.
fn same_position(a: &Position, b: &Position) -> bool {
    let employer = bare(a.company.as_deref()) == bare(b.company.as_deref())
        || b.company.is_none() && a.start.is_some() && a.start == b.start;
    a.volunteer == b.volunteer
        && a.company.is_some()
        && a.title.is_some()
        && employer
        && bare(a.title.as_deref()) == bare(b.title.as_deref())
        && match (&a.start, &b.start) {
            (Some(x), Some(y)) => x == y,
            _ => true,
        }
}

fn merge_into(kept: &mut Position, other: Position) {
    kept.location = kept.location.take().or(other.location);
    kept.start = kept.start.take().or(other.start);
    if kept.end.is_none() && !kept.current {
        kept.end = other.end;
        kept.current = other.current;
    }
    if kept.highlights.is_empty() {
        kept.highlights = other.highlights;
    }
    // A range as written says more than a grid's event dates.
    if kept.dates_as_written.is_none() || kept.from_grid && !other.from_grid {
        kept.dates_as_written = other.dates_as_written.or(kept.dates_as_written.take());
    }
}

/// Positions of a dated grid (`forms`): place pieces are the location, the
/// rest are title and employer.
fn grid_positions(section: &Section<'_>, rows: &[forms::GridRow<'_>]) -> Vec<Position> {
    forms::entries(rows)
        .into_iter()
        .map(|e| {
            let (places, rest): (Vec<String>, Vec<String>) =
                e.pieces.iter().cloned().partition(|p| is_location(p));
            let (title, company, _) = assign(&rest);
            let first = e.lines.first().map_or(0, |l| l.start);
            let last = e.lines.last().map_or(0, |l| l.span().end);
            // The year and month cells of each event row, as written.
            let written: Vec<String> = e
                .lines
                .iter()
                .map(|l| {
                    l.cells()
                        .iter()
                        .take(2)
                        .copied()
                        .collect::<Vec<_>>()
                        .join(" ")
                })
                .collect();
            Position {
                volunteer: section.kind == SectionKind::Volunteer,
                title: title.or_else(|| section.role_title.clone()),
                company,
                location: places.into_iter().next(),
                start: e.start.map(YearMonth::iso),
                end: e.end.map(YearMonth::iso),
                current: e.ongoing,
                highlights: Vec::new(),
                dates_as_written: Some(written.join(" … ")),
                section: section.heading.clone(),
                span: Span {
                    start: first,
                    end: last,
                },
                confidence: 0.7,
                from_grid: true,
            }
        })
        .filter(|p| p.title.is_some() || p.company.is_some())
        .collect()
}

pub fn read(sections: &[Section<'_>], resume: &mut JsonResume, ext: &mut AtsExtension) {
    let mut positions: Vec<Position> = Vec::new();
    for section in sections {
        if !matches!(
            section.kind,
            SectionKind::Experience | SectionKind::Volunteer
        ) {
            continue;
        }
        let (grid, rows) = forms::split_grid(rows_of(&section.lines));
        let mut found = grid_positions(section, &grid);
        for entry in entries_of(&rows) {
            let (title, company, mut location) = assign(&entry.pieces);
            let tidy = |s: Option<String>| {
                s.map(|s| s.trim_end_matches([',', ';', ':', '|']).trim().to_owned())
                    .filter(|s| !s.is_empty())
            };
            let (mut title, mut company) = (tidy(title), tidy(company));
            // Nothing else names the organisation: "Atlantique Numérique,
            // Bordeaux" read as a place is the organisation and its city.
            if company.is_none()
                && title.is_some()
                && let Some((name, place)) = location.as_deref().and_then(|l| l.rsplit_once(", "))
            {
                (company, location) = (Some(name.to_owned()), Some(place.to_owned()));
            }
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
                let (end, current) = range.map(iso_end).unwrap_or((None, false));
                found.push(Position {
                    volunteer: section.kind == SectionKind::Volunteer,
                    title: title.clone(),
                    company: company.clone(),
                    location: location.clone(),
                    start: range.and_then(|r| r.start).map(YearMonth::iso),
                    end,
                    current,
                    highlights: entry.highlights.clone(),
                    dates_as_written: Some(entry.dates_as_written.clone()),
                    section: section.heading.clone(),
                    span: entry.span,
                    confidence: if title.is_some() && company.is_some() {
                        0.8
                    } else {
                        0.5
                    },
                    from_grid: false,
                });
            }
        }
        for p in found {
            match positions.iter_mut().find(|q| same_position(q, &p)) {
                Some(kept) => merge_into(kept, p),
                None => positions.push(p),
            }
        }
    }
    for p in positions {
        if p.volunteer {
            let i = resume.volunteer.len();
            ext.spans.insert(format!("volunteer[{i}]"), p.span);
            ext.confidence
                .insert(format!("volunteer[{i}].position"), p.confidence);
            resume.volunteer.push(Volunteer {
                organization: p.company,
                position: p.title,
                start_date: p.start,
                end_date: p.end,
                highlights: p.highlights,
                ..Volunteer::default()
            });
            continue;
        }
        let i = resume.work.len();
        ext.spans.insert(format!("work[{i}]"), p.span);
        ext.confidence
            .insert(format!("work[{i}].position"), p.confidence);
        if p.start.is_none() {
            ext.confidence.insert(format!("work[{i}].startDate"), 0.0);
        }
        resume.work.push(Work {
            name: p.company,
            position: p.title,
            location: p.location,
            start_date: p.start,
            end_date: p.end,
            highlights: p.highlights,
            ..Work::default()
        });
        ext.work.push(WorkExtra {
            current: p.current,
            dates_as_written: p.dates_as_written,
            section: Some(p.section),
        });
    }
}
