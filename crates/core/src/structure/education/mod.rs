//! Education: institution, degree, field, dates and grade.

mod names;

use super::dates::{End, YearMonth};
use super::experience::{Row, date_cell, is_location, rows_of};
use super::lexicon::education::{DEGREE_INTRODUCERS, DEGREE_WORDS, INSTITUTION_WORDS};
use super::sections::SectionKind;
use super::{Section, clean, forms};
use crate::resume::{AtsExtension, Education, JsonResume, Span};
use names::*;
use regex::Regex;
use std::sync::LazyLock;

static GRADE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r#"(?i)\b(?:c?gpa|grade|note|score|bewertung|mention|abschlussnote|moyenne|promedio|nota media|calificación)\b\s*(?:of|von|mit)?\s*[:\s]\s*[„"“]?([0-9][0-9.,/]*(?:\s*\([^)]*\))?|[\p{L} ]{3,20}?)[“"”]?(?:[;)]|$|\s*\))"#).unwrap()
});
#[derive(Debug, Default, Clone)]
struct Draft {
    institution: Option<String>,
    /// The institution was taken from the entry above: one institution
    /// header over several degrees.
    inherited: bool,
    degree: Option<String>,
    starts: Vec<YearMonth>,
    ends: Vec<YearMonth>,
    grade: Option<String>,
    span: Option<Span>,
}

impl Draft {
    fn cover(&mut self, span: Span) {
        self.span = Some(match self.span {
            Some(s) => Span {
                start: s.start.min(span.start),
                end: s.end.max(span.end),
            },
            None => span,
        });
    }

    /// Months covered, if dated.
    fn months(&self) -> Option<(i64, i64)> {
        let first = self
            .starts
            .iter()
            .chain(&self.ends)
            .map(|d| d.index(1))
            .min()?;
        let last = self
            .starts
            .iter()
            .chain(&self.ends)
            .map(|d| d.index(12))
            .max()?;
        Some((first, last))
    }
}

/// Whether every letter is a capital ("UNIVERSIDAD DE PURDUE").
fn in_capitals(cell: &str) -> bool {
    let mut letters = cell.chars().filter(|c| c.is_alphabetic()).peekable();
    letters.peek().is_some() && letters.all(char::is_uppercase)
}

/// An education entry of a dated grid (`forms`): the school, the degree,
/// and what else the row names as the field.
fn grid_education(entry: &forms::GridEntry<'_>) -> Option<Education> {
    let institution = entry.pieces.iter().find_map(|p| institution_of(p))?;
    let degree = entry
        .pieces
        .iter()
        .find(|p| has_word(p, DEGREE_WORDS))
        .cloned();
    let area: Vec<&str> = entry
        .pieces
        .iter()
        .filter(|p| institution_of(p).is_none() && !has_word(p, DEGREE_WORDS))
        .map(String::as_str)
        .collect();
    Some(Education {
        institution: Some(institution),
        study_type: degree,
        area: (!area.is_empty()).then(|| area.join(" ")),
        start_date: entry.start.map(YearMonth::iso),
        end_date: entry.end.map(YearMonth::iso),
        ..Education::default()
    })
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
        // "Master of Science Physik at Universität Hamburg": a degree, a
        // preposition, an institution (but "University of Texas at Austin"
        // stays whole).
        let joined_by_at = || {
            [" at ", " bei ", " à "].iter().find(|s| {
                cell[i..].starts_with(**s)
                    && has_word(&cell[start..i], DEGREE_WORDS)
                    && names_institution(&cell[i + s.len()..])
            })
        };
        let sep = [", ", " – ", " — ", " - "]
            .iter()
            .find(|s| cell[i..].starts_with(**s))
            .or_else(joined_by_at)
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

/// Words a name or a degree does not end with: a line that ends with one
/// was wrapped ("Universitat Politècnica de" / "Catalunya", "Máster
/// Universitario en" / "Ingeniería Informática"), as is a line before one
/// that opens with one in lower case ("Pontificia Universidad Católica" /
/// "de Chile").
const LINKS: &[&str] = &[
    "de", "del", "des", "du", "en", "la", "of", "for", "and", "für", "zu", "und", "y", "et", "e",
    "di", "da", "do",
];

/// Rows of a narrow column joined where a name or a degree was wrapped
/// onto the next line; dates in a column beside it stay cells of their own
/// ("2018 | Universitat Politècnica de" / "2021 | Catalunya").
fn wrapped_joined(rows: Vec<Row<'_>>) -> Vec<Row<'_>> {
    // The one cell of a row that is not a date, when it is the last.
    let text_at = |row: &Row<'_>| {
        let texts: Vec<usize> = (0..row.cells.len())
            .filter(|&i| date_cell(clean(&row.cells[i])).is_none())
            .collect();
        match texts.as_slice() {
            [i] if *i + 1 == row.cells.len() => Some(*i),
            _ => None,
        }
    };
    let mut out: Vec<Row<'_>> = Vec::new();
    for row in rows {
        if let Some(prev) = out.last_mut()
            && !row.bullet
            && let (Some(p), Some(r)) = (text_at(prev), text_at(&row))
        {
            let (before, after) = (&prev.cells[p], &row.cells[r]);
            let last = before.split_whitespace().last().unwrap_or_default();
            let first = after.split_whitespace().next().unwrap_or_default();
            if LINKS.contains(&last) || LINKS.contains(&first) {
                prev.cells[p] = format!("{} {}", before.trim_end(), after.trim_start());
                let dates: Vec<String> = row.cells[..r].to_vec();
                prev.cells.extend(dates);
                continue;
            }
        }
        out.push(row);
    }
    out
}

/// The cell names an institution in a sentence ("Graduated with College
/// Honors."), not as an entry's header.
fn in_a_sentence(cell: &str) -> bool {
    let lower = cell.to_lowercase();
    cell.trim_end().ends_with('.') && cell.split_whitespace().count() > 2
        || DEGREE_INTRODUCERS.iter().any(|p| lower.starts_with(p))
}

pub fn read(sections: &[Section<'_>], resume: &mut JsonResume, ext: &mut AtsExtension) {
    for section in sections.iter().filter(|s| s.kind == SectionKind::Education) {
        let (grid, rows) = forms::split_grid(rows_of(&section.lines));
        let rows = wrapped_joined(rows);
        for entry in forms::entries(&grid) {
            if let Some(education) = grid_education(&entry) {
                let i = resume.education.len();
                ext.confidence
                    .insert(format!("education[{i}].institution"), 0.7);
                if let (Some(first), Some(last)) = (entry.lines.first(), entry.lines.last()) {
                    ext.spans.insert(
                        format!("education[{i}]"),
                        Span {
                            start: first.start,
                            end: last.span().end,
                        },
                    );
                }
                resume.education.push(education);
            }
        }
        let mut drafts: Vec<Draft> = Vec::new();
        let mut current = Draft::default();
        // Whether the section sets its institutions in capitals; then a
        // mixed-case institution right under a degree is that degree's
        // faculty or institute, not a new entry.
        let mut capital_headers: Option<bool> = None;
        let mut last_row_degree = false;
        // Whether entries open with their institution (a header over its
        // degrees) or with their degree (the institution below it).
        let mut institution_first: Option<bool> = None;
        for row in rows {
            let full = row.cells.join(" ");
            let mut row_degree = false;
            // "B.S. Computer Science, University of Washington, 2014": the
            // parts of a one-line entry are read one by one.
            let parts: Vec<&str> = row
                .cells
                .iter()
                .flat_map(|c| {
                    let c = clean(c);
                    let acronym = c
                        .split([',', '–', '—'])
                        .chain(c.rsplit(" at "))
                        .any(|p| acronym_institution(p.trim()));
                    if (has_word(c, INSTITUTION_WORDS) || acronym)
                        && (c.contains(", ")
                            || c.contains(" – ")
                            || c.contains(" - ")
                            || has_word(c, DEGREE_WORDS)
                                && [" at ", " bei ", " à "].iter().any(|s| c.contains(s)))
                    {
                        split_parts(c)
                    } else {
                        vec![c]
                    }
                })
                .collect();
            for cell in parts {
                if let Some(ranges) = date_cell(cell) {
                    current.cover(row.line.span());
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
                if !in_a_sentence(cell)
                    && let Some(inst) = institution_of(cell)
                {
                    let capitals = in_capitals(cell);
                    if capital_headers == Some(true) && !capitals && last_row_degree {
                        continue; // the degree's faculty
                    }
                    capital_headers.get_or_insert(capitals);
                    institution_first.get_or_insert(true);
                    let below_its_degree = current.inherited && institution_first == Some(false);
                    if current.institution.is_some() && !below_its_degree {
                        drafts.push(std::mem::take(&mut current));
                    }
                    current.institution = Some(inst);
                    current.inherited = false;
                    current.cover(row.line.span());
                    continue;
                }
                if has_word(cell, DEGREE_WORDS) && cell.split_whitespace().count() <= 12 {
                    institution_first.get_or_insert(false);
                    if current.degree.is_some() && current.institution.is_some() {
                        let institution = current.institution.clone();
                        drafts.push(std::mem::take(&mut current));
                        current.institution = institution;
                        current.inherited = true;
                    }
                    if current.degree.is_none() {
                        current.degree = Some(degree_text(cell));
                        row_degree = true;
                        current.cover(row.line.span());
                    }
                }
            }
            // "IMT Atlantique | 2017 – 2019": the name beside an entry's
            // dates is its institution, whatever words it has.
            let dated = row.cells.iter().any(|c| date_cell(clean(c)).is_some());
            if dated && current.institution.is_none() && !row.bullet {
                let named = row.cells.iter().map(|c| clean(c)).find(|c| {
                    date_cell(c).is_none()
                        && !has_word(c, DEGREE_WORDS)
                        && !is_location(c)
                        && !in_a_sentence(c)
                        && !c.contains(':')
                        && c.starts_with(|ch: char| ch.is_uppercase())
                        && (1..=8).contains(&c.split_whitespace().count())
                });
                if let Some(name) = named {
                    institution_first.get_or_insert(true);
                    current.institution = Some(name.to_owned());
                    current.cover(row.line.span());
                }
            }
            last_row_degree = row_degree;
            if current.grade.is_none()
                && let Some(c) = GRADE.captures(&full)
            {
                current.grade = Some(c[1].trim().to_owned());
            }
        }
        drafts.push(current);
        // "Diplom" thesis and "Diplom" studies at the same place, at the
        // same time, are one degree.
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
                let same_time = match (prev.months(), d.months()) {
                    (Some(a), Some(b)) => a.0 <= b.1 && b.0 <= a.1,
                    _ => true,
                };
                if same_place && same_degree && same_time {
                    prev.starts.extend(d.starts);
                    prev.ends.extend(d.ends);
                    prev.grade = prev.grade.take().or(d.grade);
                    prev.degree = prev.degree.take().or(d.degree);
                    if let Some(span) = d.span {
                        prev.cover(span);
                    }
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
                match (&d.institution, d.inherited) {
                    (None, _) => 0.0,
                    (Some(_), true) => 0.6,
                    (Some(_), false) => 0.8,
                },
            );
            if let Some(span) = d.span {
                ext.spans.insert(format!("education[{i}]"), span);
            }
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

    fn institutions(found: &[Education]) -> Vec<Option<&str>> {
        found.iter().map(|e| e.institution.as_deref()).collect()
    }

    #[test]
    fn a_degree_at_an_institution_is_read_apart() {
        let found = read_text(
            "Education\nMaster of Science Physik at Universität Hamburg\tSept 2015 - Jun 2017\n\
             B.S. Geography, University of Texas at Austin\t2010 - 2014\n",
        );
        assert_eq!(found.len(), 2, "{found:?}");
        assert_eq!(
            found[0].study_type.as_deref(),
            Some("Master of Science Physik")
        );
        assert_eq!(found[0].institution.as_deref(), Some("Universität Hamburg"));
        assert_eq!(
            found[1].institution.as_deref(),
            Some("University of Texas at Austin")
        );
    }

    #[test]
    fn institutions_named_by_an_acronym_and_a_place() {
        let found = read_text(
            "Education\nLicence de mathématiques, INSA Lyon\n2015 – 2018\n\
             M.Sc. Informatik at TU Dresden\n2018 – 2020\n",
        );
        assert_eq!(
            institutions(&found),
            [Some("INSA Lyon"), Some("TU Dresden")]
        );
        assert_eq!(
            found[0].study_type.as_deref(),
            Some("Licence de mathématiques")
        );
        // A place in capitals is no institution.
        assert!(!acronym_institution("USA"));
        assert!(!acronym_institution("AI Engineering"));
    }

    #[test]
    fn names_wrapped_in_a_narrow_column_are_joined() {
        let found = read_text(
            "Educación\nMáster Universitario en\nIngeniería Informática\n\
             Pontificia Universidad Católica\nde Chile\nseptiembre 2012 a septiembre 2014\n\
             2018\tUniversitat Politècnica de\n2021\tCatalunya\nBachillerato\n",
        );
        assert_eq!(
            institutions(&found),
            [
                Some("Pontificia Universidad Católica de Chile"),
                Some("Universitat Politècnica de Catalunya")
            ]
        );
        assert_eq!(
            found[0].study_type.as_deref(),
            Some("Máster Universitario en Ingeniería Informática")
        );
        assert_eq!(
            institution_of("高等学校卒業 at 東京都立西高等学校").as_deref(),
            Some("東京都立西高等学校")
        );
    }

    #[test]
    fn one_institution_header_over_several_degrees() {
        let found = read_text(
            "Education\nExample University, Springfield, USA\n\
             ■ Ph.D. in Physics    Dec 2009 – Jul 2014\n   ● Thesis: On lasers\n\
             ■ M.S. in Physics    Aug 2006 – Aug 2008\n\
             Other College, Shelbyville, USA\n■ B.S. in Geography    May 2002 – May 2005\n\
             ● Graduated with College Honors.\n",
        );
        assert_eq!(
            institutions(&found),
            [
                Some("Example University"),
                Some("Example University"),
                Some("Other College")
            ]
        );
        assert_eq!(found[1].start_date.as_deref(), Some("2006-08"));
        assert_eq!(found[2].end_date.as_deref(), Some("2005-05"));
    }

    #[test]
    fn a_faculty_under_a_degree_is_not_a_new_institution() {
        let found = read_text(
            "Educación\nUNIVERSIDAD DE EJEMPLO    Ciudad\n\
             Doctorado en Tecnología    Agosto 2017\n\
             Instituto Politécnico de Ejemplo, Departamento de Física    Promedio: 3.79/4.0\n\
             UNIVERSIDAD NACIONAL DE MUESTRA    CDMX\n\
             Maestría en Ciencias    Septiembre 2011\n\
             Instituto de Investigación en Matemáticas\n\
             Licenciatura en Matemáticas    Mayo 2008\n\
             Facultad de Estudios Superiores\n",
        );
        assert_eq!(
            institutions(&found),
            [
                Some("UNIVERSIDAD DE EJEMPLO"),
                Some("UNIVERSIDAD NACIONAL DE MUESTRA"),
                Some("UNIVERSIDAD NACIONAL DE MUESTRA")
            ]
        );
        assert_eq!(found[0].end_date.as_deref(), Some("2017-08"));
        assert_eq!(found[0].start_date, None);
        assert_eq!(found[2].end_date.as_deref(), Some("2008-05"));
    }

    #[test]
    fn the_name_beside_an_entrys_dates_is_its_institution() {
        let found = read_text(
            "Diplômes\n\tIMT Atlantique\t2017 – 2019\nMaster Informatique\n\
             \tUniversité Exemple\t2017\nLicence de mathématiques\n",
        );
        assert_eq!(
            institutions(&found),
            [Some("IMT Atlantique"), Some("Université Exemple")],
            "{found:?}"
        );
        assert_eq!(found[0].study_type.as_deref(), Some("Master Informatique"));
    }

    #[test]
    fn a_degree_that_names_a_school_is_a_degree() {
        let found = read_text(
            "Education\nB.A. Economics\nExample University | 2015 - 2018\n\
             High School Diploma\nLincoln High School | 2012 - 2015\n",
        );
        assert_eq!(
            institutions(&found),
            [Some("Example University"), Some("Lincoln High School")]
        );
        let found = read_text(
            "学歴\n\t例示大学\t2011年〜2015年\n理学部 卒業\n\t例示高等学校\t2008年〜2011年\n高等学校卒業\n",
        );
        assert_eq!(
            institutions(&found),
            [Some("例示大学"), Some("例示高等学校")]
        );
    }

    #[test]
    fn a_japanese_form_gives_school_and_dates() {
        let found = read_text(
            "学歴\n2010    04    例示工業大学・情報工学・学士・入学\n\
             2014    03    例示工業大学・情報工学・学士・卒業\n",
        );
        assert_eq!(institutions(&found), [Some("例示工業大学")]);
        assert_eq!(found[0].start_date.as_deref(), Some("2010-04"));
        assert_eq!(found[0].end_date.as_deref(), Some("2014-03"));
        assert_eq!(found[0].study_type.as_deref(), Some("学士"));
    }
}
