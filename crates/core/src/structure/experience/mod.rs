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
pub use rows::{Row, date_cell, header_like, rows_of, trailing_dates};
pub use total::total_months_of;

use super::Section;
use super::dates::{DateRange, End, YearMonth};
use super::sections::SectionKind;
use crate::resume::{AtsExtension, JsonResume, Volunteer, Work, WorkExtra};

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
