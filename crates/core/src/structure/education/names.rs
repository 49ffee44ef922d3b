//! Which words make a cell an institution or a degree: institution
//! words, names led by an acronym ("INSA Lyon"), a kind of school without
//! its name, the degree a phrase names.

use crate::structure::clean;
use crate::structure::experience::is_location;
use crate::structure::lexicon::education::{DEGREE_WORDS, INSTITUTION_WORDS};
use regex::Regex;
use std::sync::LazyLock;

pub(super) static INSTITUTION_PREFIX: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)^(?:.*?\b(?:an der|an dem|am|at the|at|à l'|à la|à)\s+)").unwrap()
});

pub(super) fn has_word(cell: &str, words: &[&str]) -> bool {
    let lower = format!("{} ", cell.to_lowercase());
    words.iter().any(|w| {
        lower
            .match_indices(w)
            .any(|(i, _)| i == 0 || !lower.as_bytes()[i - 1].is_ascii_alphabetic() || w.len() > 5)
    })
}

/// Capitals that name a field, a degree or a grade, not an institution.
pub(super) const NOT_INSTITUTION_ACRONYMS: &[&str] = &[
    "AI", "IT", "ML", "HR", "CS", "EE", "UX", "UI", "BWL", "VWL", "MINT", "STEM", "MBA", "DUT",
    "BTS", "BA", "MA", "BS", "MS", "BSC", "MSC", "PHD", "IB", "GPA", "ECTS", "GCSE",
];

/// "INSA Lyon", "ETH Zürich", "TU Dresden", "IMT Atlantique": a name led
/// by an acronym in capitals, then a place or a name, and no degree: an
/// institution without any institution word. (An acronym alone is as
/// often a place: "USA", "CDMX".)
pub(super) fn acronym_institution(cell: &str) -> bool {
    let words: Vec<&str> = cell.split_whitespace().collect();
    let Some(first) = words.first() else {
        return false;
    };
    let letters = first.chars().count();
    (2..=4).contains(&words.len())
        && (2..=5).contains(&letters)
        && first.chars().all(char::is_uppercase)
        && !is_location(cell)
        && !NOT_INSTITUTION_ACRONYMS.contains(first)
        && !has_word(cell, DEGREE_WORDS)
        && words[1..].iter().all(|w| w.starts_with(char::is_uppercase))
        && !cell.chars().any(|c| c.is_ascii_digit())
}

/// Whether a cell names an institution: by its words, or by its shape.
pub(super) fn names_institution(cell: &str) -> bool {
    has_word(cell, INSTITUTION_WORDS) || acronym_institution(cell)
}

/// The institution named in a cell, without "an der" / "at" and with a
/// German adjective after "der" back in its nominative form.
pub(super) fn institution_of(cell: &str) -> Option<String> {
    let cell = clean(cell);
    // Unicode hyphens (XeTeX's "Humboldt‐Universität") read as the ASCII one.
    let hyphens = cell.replace(['\u{2010}', '\u{2011}'], "-");
    let cell = hyphens.as_str();
    if acronym_institution(cell) {
        return Some(cell.to_owned());
    }
    if !has_word(cell, INSTITUTION_WORDS) {
        return None;
    }
    // "High School Diploma" names a degree: its last word is one.
    let last = cell
        .split_whitespace()
        .last()
        .unwrap_or_default()
        .trim_end_matches('.')
        .to_lowercase();
    if DEGREE_HEADS.contains(&last.as_str()) {
        return None;
    }
    if generic_school(cell) {
        return None;
    }
    // "Masterarbeit an der Technischen Universität" → the part after "an der";
    // but "University of Texas at Austin" keeps its "at". "高等学校卒業 at
    // 東京都立西高等学校": a kind of school, then the school's name.
    let prefix = INSTITUTION_PREFIX.find(cell).filter(|m| {
        let before = m.as_str().trim_end();
        let before = before.rsplit_once(' ').map_or(before, |(b, _)| b).trim();
        !has_word(m.as_str(), INSTITUTION_WORDS) || generic_school(before)
    });
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

/// "高等学校卒業": a kind of school, without its name, and the event.
pub(super) fn generic_school(cell: &str) -> bool {
    let bare = cell.trim_end_matches(['業', '了', '学']);
    [
        "高等学校卒業",
        "大学卒業",
        "高校卒業",
        "大学院修了",
        "中学校卒業",
    ]
    .contains(&cell)
        || INSTITUTION_WORDS.contains(&bare)
}

/// Last words that make a phrase a degree rather than an institution
/// ("High School Diploma", "Bachelor's Degree").
pub(super) const DEGREE_HEADS: &[&str] = &[
    "diploma",
    "degree",
    "certificate",
    "abitur",
    "diplom",
    "baccalauréat",
    "matura",
    "licence",
    "licenciatura",
];

pub(super) fn degree_class(degree: &str) -> &'static str {
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
