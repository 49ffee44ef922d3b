//! Education: institution, degree, field, dates and grade.

use super::dates::{End, YearMonth};
use super::experience::{date_cell, rows_of};
use super::lexicon::education::{DEGREE_INTRODUCERS, DEGREE_WORDS, INSTITUTION_WORDS};
use super::sections::SectionKind;
use super::{Section, clean};
use crate::resume::{AtsExtension, Education, JsonResume};
use regex::Regex;
use std::sync::LazyLock;

static GRADE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r#"(?i)\b(?:c?gpa|grade|note|score|bewertung|mention|abschlussnote)\b\s*(?:of|von|mit)?\s*[:\s]\s*[„"“]?([0-9][0-9.,/]*(?:\s*\([^)]*\))?|[\p{L} ]{3,20}?)[“"”]?(?:[;)]|$|\s*\))"#).unwrap()
});
static INSTITUTION_PREFIX: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)^(?:.*?\b(?:an der|an dem|am|at the|at|à l'|à la|à)\s+)").unwrap()
});

fn has_word(cell: &str, words: &[&str]) -> bool {
    let lower = format!("{} ", cell.to_lowercase());
    words.iter().any(|w| {
        lower
            .match_indices(w)
            .any(|(i, _)| i == 0 || !lower.as_bytes()[i - 1].is_ascii_alphabetic() || w.len() > 5)
    })
}

/// The institution named in a cell, without "an der" / "at" and with a
/// German adjective after "der" back in its nominative form.
fn institution_of(cell: &str) -> Option<String> {
    let cell = clean(cell);
    if !has_word(cell, INSTITUTION_WORDS) {
        return None;
    }
    // "Masterarbeit an der Technischen Universität" → the part after "an der";
    // but "University of Texas at Austin" keeps its "at".
    let prefix = INSTITUTION_PREFIX
        .find(cell)
        .filter(|m| !has_word(m.as_str(), INSTITUTION_WORDS));
    let stripped = prefix.map_or(cell, |m| &cell[m.end()..]);
    let declined = prefix.is_some_and(|m| {
        m.as_str().to_lowercase().contains(" der ")
            || m.as_str().to_lowercase().starts_with("an der")
    });
    let mut name = stripped.trim().trim_end_matches([':', ',']).to_owned();
    if declined {
        name = name
            .split(' ')
            .map(|w| {
                if w.ends_with("en")
                    && w.chars().next().is_some_and(char::is_uppercase)
                    && !has_word(w, INSTITUTION_WORDS)
                {
                    w[..w.len() - 1].to_owned()
                } else {
                    w.to_owned()
                }
            })
            .collect::<Vec<_>>()
            .join(" ");
    }
    (name.len() >= 4).then_some(name)
}

fn degree_class(degree: &str) -> &'static str {
    let d = degree.to_lowercase();
    if d.contains("doktor") || d.contains("ph") && d.contains('d') || d.contains("doctor") {
        "doctorate"
    } else if d.contains("master")
        || d.contains("m.s")
        || d.contains("msc")
        || d.contains("m.a")
        || d.contains("mba")
    {
        "master"
    } else if d.contains("bachelor")
        || d.contains("b.s")
        || d.contains("bsc")
        || d.contains("b.a")
        || d.contains("b.eng")
    {
        "bachelor"
    } else if d.contains("diplom") {
        "diplom"
    } else if d.contains("abitur") || d.contains("high school") || d.contains("matura") {
        "school"
    } else {
        "other"
    }
}

#[derive(Debug, Default, Clone)]
struct Draft {
    institution: Option<String>,
    degree: Option<String>,
    starts: Vec<YearMonth>,
    ends: Vec<YearMonth>,
    grade: Option<String>,
}

fn degree_text(cell: &str) -> String {
    let cell = clean(cell);
    let cut = cell.find([';', '(']).unwrap_or(cell.len());
    let cut = GRADE.find(cell).map_or(cut, |m| cut.min(m.start()));
    let degree = cell[..cut].trim().trim_end_matches([',', ';', ':']);
    // "Abschluss als Diplom-Ingenieurin", "Degree: MSc …": the introducer
    // is not part of the degree.
    let lower = degree.to_lowercase();
    let skip = DEGREE_INTRODUCERS
        .iter()
        .find(|p| lower.starts_with(*p) && degree.is_char_boundary(p.len()))
        .map_or(0, |p| p.len());
    degree[skip..].trim().to_owned()
}

/// Split a one-line education entry at commas and dashes, keeping a place
/// ("University of Texas, Austin") with the institution before it.
fn split_parts(cell: &str) -> Vec<&str> {
    let mut parts: Vec<&str> = Vec::new();
    let mut start = 0;
    let mut i = 0;
    while i < cell.len() {
        let sep = [", ", " – ", " — ", " - "]
            .iter()
            .find(|s| cell[i..].starts_with(**s))
            .map(|s| s.len());
        if let Some(len) = sep {
            parts.push(cell[start..i].trim());
            start = i + len;
            i += len;
        } else {
            i += 1;
            while i < cell.len() && !cell.is_char_boundary(i) {
                i += 1;
            }
        }
    }
    parts.push(cell[start..].trim());
    // Re-attach a date range that the dash split ("2012 - 2014").
    let mut merged: Vec<&str> = Vec::new();
    for p in parts.into_iter().filter(|p| !p.is_empty()) {
        if let Some(prev) = merged.last_mut() {
            let is_year = |s: &str| s.len() == 4 && s.chars().all(|c| c.is_ascii_digit());
            if is_year(prev) && (is_year(p) || p.eq_ignore_ascii_case("present")) {
                let from = prev.as_ptr() as usize - cell.as_ptr() as usize;
                let to = p.as_ptr() as usize - cell.as_ptr() as usize + p.len();
                *prev = &cell[from..to];
                continue;
            }
        }
        merged.push(p);
    }
    merged
}

pub fn read(sections: &[Section<'_>], resume: &mut JsonResume, ext: &mut AtsExtension) {
    for section in sections.iter().filter(|s| s.kind == SectionKind::Education) {
        let mut drafts: Vec<Draft> = Vec::new();
        let mut current = Draft::default();
        for row in rows_of(&section.lines) {
            let full = row.cells.join(" ");
            // "B.S. Computer Science, University of Washington, 2014": the
            // parts of a one-line entry are read one by one.
            let parts: Vec<&str> = row
                .cells
                .iter()
                .flat_map(|c| {
                    let c = clean(c);
                    if has_word(c, INSTITUTION_WORDS)
                        && (c.contains(", ") || c.contains(" – ") || c.contains(" - "))
                    {
                        split_parts(c)
                    } else {
                        vec![c]
                    }
                })
                .collect();
            for cell in parts {
                if let Some(ranges) = date_cell(cell) {
                    for r in ranges {
                        match (r.start, r.end) {
                            (Some(s), Some(End::Date(e))) => {
                                current.starts.push(s);
                                current.ends.push(e);
                            }
                            (Some(s), None) => current.ends.push(s),
                            (Some(s), Some(End::Present)) => current.starts.push(s),
                            _ => {}
                        }
                    }
                    continue;
                }
                if let Some(inst) = institution_of(cell) {
                    if current.institution.is_some() {
                        drafts.push(std::mem::take(&mut current));
                    }
                    current.institution = Some(inst);
                    continue;
                }
                if has_word(cell, DEGREE_WORDS) && cell.split_whitespace().count() <= 12 {
                    if current.degree.is_some() && current.institution.is_some() {
                        drafts.push(std::mem::take(&mut current));
                    }
                    if current.degree.is_none() {
                        current.degree = Some(degree_text(cell));
                    }
                }
            }
            if current.grade.is_none()
                && let Some(c) = GRADE.captures(&full)
            {
                current.grade = Some(c[1].trim().to_owned());
            }
        }
        drafts.push(current);
        // "Diplom" thesis and "Diplom" studies at the same place are one degree.
        let mut merged: Vec<Draft> = Vec::new();
        for d in drafts
            .into_iter()
            .filter(|d| d.institution.is_some() || d.degree.is_some())
        {
            if let Some(prev) = merged.last_mut() {
                let same_place = prev.institution.is_some() && prev.institution == d.institution;
                let same_degree = match (&prev.degree, &d.degree) {
                    (Some(a), Some(b)) => {
                        degree_class(a) == degree_class(b) && degree_class(a) != "other"
                    }
                    _ => true,
                };
                if same_place && same_degree {
                    prev.starts.extend(d.starts);
                    prev.ends.extend(d.ends);
                    prev.grade = prev.grade.take().or(d.grade);
                    prev.degree = prev.degree.take().or(d.degree);
                    continue;
                }
            }
            merged.push(d);
        }
        for d in merged {
            let i = resume.education.len();
            let (study_type, area) = match d.degree.as_deref().map(|deg| deg.split_once(" in ")) {
                Some(Some((t, a))) => (Some(t.trim().to_owned()), Some(a.trim().to_owned())),
                _ => (d.degree.clone(), None),
            };
            ext.confidence.insert(
                format!("education[{i}].institution"),
                if d.institution.is_some() { 0.8 } else { 0.0 },
            );
            // The latest month-precise end wins over a bare year of the same year.
            let end = d.ends.iter().copied().max_by_key(|e| e.index(0));
            resume.education.push(Education {
                institution: d.institution,
                study_type,
                area,
                start_date: d.starts.iter().min().map(|s| s.iso()),
                end_date: end.map(YearMonth::iso),
                score: d.grade,
                ..Education::default()
            });
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::structure::sections_of;

    fn read_text(text: &str) -> Vec<Education> {
        let mut resume = JsonResume::default();
        read(
            &sections_of(text),
            &mut resume,
            &mut AtsExtension::default(),
        );
        resume.education
    }

    #[test]
    fn degree_introducers_and_declined_institutions() {
        let found = read_text(
            "Ausbildung\n2014 – 2019\tAbschluss als Diplom-Ingenieurin (Note 1,7)\n\
             Diplomarbeit an der Technischen Universität Musterstadt\n",
        );
        assert_eq!(found.len(), 1, "{found:?}");
        assert_eq!(found[0].study_type.as_deref(), Some("Diplom-Ingenieurin"));
        assert_eq!(
            found[0].institution.as_deref(),
            Some("Technische Universität Musterstadt")
        );
        assert_eq!(found[0].score.as_deref(), Some("1,7"));
        let found = read_text("Education\nDegree: MSc in Physics\nExample University\n2018\n");
        assert_eq!(found[0].study_type.as_deref(), Some("MSc"));
        assert_eq!(found[0].area.as_deref(), Some("Physics"));
    }
}
