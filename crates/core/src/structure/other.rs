//! The smaller sections: summary, certifications, publications, awards and
//! references. Each item is a bullet or a line; dates are taken only when a
//! line carries one.

use super::Section;
use super::dates::find_ranges;
use super::experience::rows_of;
use super::sections::SectionKind;
use crate::resume::{Award, Certificate, JsonResume, Publication, Reference};

/// Items of a section: a bullet starts an item, other lines continue it.
fn items(section: &Section<'_>) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for row in rows_of(&section.lines) {
        let text = row.text();
        if text.is_empty() {
            continue;
        }
        match out.last_mut() {
            Some(last)
                if !row.bullet
                    && !last.ends_with(['.', ':'])
                    && text.starts_with(char::is_lowercase) =>
            {
                last.push(' ');
                last.push_str(&text);
            }
            _ => out.push(text),
        }
    }
    out
}

fn date_of(text: &str) -> Option<String> {
    find_ranges(text)
        .into_iter()
        .filter_map(|r| r.start)
        .next_back()
        .map(|d| d.iso())
}

pub fn read(sections: &[Section<'_>], resume: &mut JsonResume) {
    for section in sections {
        match section.kind {
            SectionKind::Summary => {
                // Skills listed without a heading are not the summary.
                let listed = super::skills::listed(resume);
                let text = rows_of(&section.lines)
                    .iter()
                    .map(|r| r.text())
                    .filter(|t| !t.is_empty() && !listed.contains(t))
                    .collect::<Vec<_>>()
                    .join(" ");
                if !text.is_empty() && resume.basics.summary.is_none() {
                    resume.basics.summary = Some(text);
                }
            }
            SectionKind::Certifications => {
                for item in items(section) {
                    resume.certificates.push(Certificate {
                        date: date_of(&item),
                        name: Some(item),
                        ..Certificate::default()
                    });
                }
            }
            SectionKind::Publications => {
                for item in items(section) {
                    resume.publications.push(Publication {
                        release_date: date_of(&item),
                        name: Some(item),
                        ..Publication::default()
                    });
                }
            }
            SectionKind::Awards => {
                for item in items(section) {
                    resume.awards.push(Award {
                        date: date_of(&item),
                        title: Some(item),
                        ..Award::default()
                    });
                }
            }
            SectionKind::References => {
                for item in items(section) {
                    resume.references.push(Reference {
                        name: None,
                        reference: Some(item),
                    });
                }
            }
            _ => {}
        }
    }
}
