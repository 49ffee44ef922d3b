//! Section classification: which lines are headings, and what kind of
//! section each starts. The dictionary itself (English, German, French)
//! is `lexicon::headings`.

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SectionKind {
    /// Everything before the first heading (name and contact usually).
    Header,
    Contact,
    Summary,
    Experience,
    Volunteer,
    Education,
    Skills,
    Projects,
    Certifications,
    Languages,
    Publications,
    References,
    Awards,
    Interests,
    /// A heading we recognise as not resume content (cover letter parts,
    /// attachments, quotes): its lines are ignored.
    Other,
}

impl SectionKind {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Header => "header",
            Self::Contact => "contact",
            Self::Summary => "summary",
            Self::Experience => "experience",
            Self::Volunteer => "volunteer",
            Self::Education => "education",
            Self::Skills => "skills",
            Self::Projects => "projects",
            Self::Certifications => "certifications",
            Self::Languages => "languages",
            Self::Publications => "publications",
            Self::References => "references",
            Self::Awards => "awards",
            Self::Interests => "interests",
            Self::Other => "other",
        }
    }
}

use super::lexicon::headings::{
    CONJUNCTIONS, ENGLISH, FRENCH, GENERIC, GERMAN, LETTER_PARTS, POSSESSIVES,
};
use SectionKind::*;
use std::collections::HashMap;
use std::sync::LazyLock;

/// The words of a heading, lower case; "&" and "/" are words of their own,
/// other punctuation separates.
fn heading_words(cell: &str) -> Vec<String> {
    let mut out = String::with_capacity(cell.len());
    for c in cell.chars() {
        if c.is_alphabetic() {
            out.extend(c.to_lowercase());
        } else if matches!(c, '&' | '/') {
            out.push(' ');
            out.push(c);
            out.push(' ');
        } else if c.is_whitespace() || matches!(c, '-' | '\'' | '’' | '.' | ',') {
            out.push(' ');
        }
    }
    out.split_whitespace().map(str::to_owned).collect()
}

/// Lookup key: the words without conjunctions and possessives.
fn key(words: &[String]) -> String {
    words
        .iter()
        .filter(|w| !CONJUNCTIONS.contains(&w.as_str()) && !POSSESSIVES.contains(&w.as_str()))
        .map(String::as_str)
        .collect::<Vec<_>>()
        .join(" ")
}

/// Normal form of a heading as the dictionary is keyed.
pub fn normalise(cell: &str) -> String {
    key(&heading_words(cell))
}

/// What a dictionary entry says about a heading: its kind (`None` for a
/// generic "Lebenslauf"), and whether it names the role.
type Meaning = (Option<SectionKind>, bool);

/// The heading dictionary keyed by its normal form, built once: the three
/// languages' tables, the parts of an application that are not the CV
/// (kind `Other`) and the generic "this is a CV" titles.
static HEADING_INDEX: LazyLock<HashMap<String, Meaning>> = LazyLock::new(|| {
    let mut index = HashMap::new();
    for (h, kind, names_role) in ENGLISH.iter().chain(GERMAN).chain(FRENCH) {
        index.insert(normalise(h), (Some(*kind), *names_role));
    }
    for h in LETTER_PARTS {
        index.insert(normalise(h), (Some(Other), false));
    }
    for h in GENERIC {
        index.insert(normalise(h), (None, false));
    }
    index
});

/// A heading made of known headings joined by a conjunction ("Über mich
/// und meine Motivation", "Compétences et langues"): every part must be
/// known. A part that names a letter makes the whole a letter's section;
/// otherwise the first part gives the kind.
fn coordinated(words: &[String]) -> Option<Meaning> {
    let parts: Vec<&[String]> = words
        .split(|w| CONJUNCTIONS.contains(&w.as_str()))
        .filter(|p| !p.is_empty())
        .collect();
    if parts.len() < 2 {
        return None;
    }
    let meanings: Vec<Meaning> = parts
        .iter()
        .map(|p| HEADING_INDEX.get(&key(p)).copied())
        .collect::<Option<_>>()?;
    if meanings.iter().any(|m| m.0.is_none()) {
        return None;
    }
    if meanings.iter().any(|m| m.0 == Some(Other)) {
        return Some((Some(Other), false));
    }
    Some(meanings[0])
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Heading {
    pub kind: Option<SectionKind>,
    /// Set when the heading names the role ("Praktikum").
    pub role_title: Option<String>,
}

/// Classify a cell as a heading, if it is one.
pub fn heading_of(cell: &str) -> Option<Heading> {
    let cell = cell.trim().trim_end_matches(':').trim();
    if cell.is_empty() || cell.len() > 60 || cell.split_whitespace().count() > 6 {
        return None;
    }
    if cell.chars().any(|c| c.is_ascii_digit()) || cell.starts_with(['•', '-', '*', '◦', '·'])
    {
        return None;
    }
    let words = heading_words(cell);
    let (kind, names_role) = HEADING_INDEX
        .get(&key(&words))
        .copied()
        .or_else(|| coordinated(&words))?;
    Some(Heading {
        kind,
        role_title: names_role.then(|| cell.to_owned()),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kind(text: &str) -> Option<SectionKind> {
        heading_of(text).and_then(|h| h.kind)
    }

    #[test]
    fn recognises_headings_in_three_languages() {
        for (text, expected) in [
            ("EXPERIENCE", Experience),
            ("Work Experience:", Experience),
            ("Berufserfahrung", Experience),
            ("Expérience professionnelle", Experience),
            ("Skills & Expertise", Skills),
            ("Interessen", Interests),
            ("REFERENCES", References),
            ("Formation", Education),
            ("Centres d'intérêt", Interests),
        ] {
            assert_eq!(kind(text), Some(expected), "{text}");
        }
        assert_eq!(heading_of("Software Engineer"), None);
        assert_eq!(heading_of("• Skills"), None);
        assert_eq!(heading_of("Curriculum Vitae").map(|h| h.kind), Some(None));
    }

    #[test]
    fn possessives_and_conjunctions_join_known_headings() {
        assert_eq!(kind("My Projects"), Some(Projects));
        assert_eq!(kind("Meine Kenntnisse"), Some(Skills));
        assert_eq!(kind("Mes compétences"), Some(Skills));
        // Each part must be a heading; the first gives the kind.
        assert_eq!(kind("Languages & Interests"), Some(Languages));
        assert_eq!(kind("Compétences et langues"), Some(Skills));
        assert_eq!(kind("Sprachen und Zertifikate"), Some(Languages));
        assert_eq!(kind("Skills and Ambitions"), None);
        assert_eq!(kind("Research and Development"), None);
    }

    #[test]
    fn letter_parts_are_not_read_as_resume_sections() {
        for text in [
            "Cover Letter",
            "My Motivation",
            "Profile and motivation",
            "Anschreiben",
            "Zur Person und Motivation",
            "Anlagen",
            "Lettre de motivation",
            "Pièces jointes",
        ] {
            assert_eq!(kind(text), Some(Other), "{text}");
        }
    }

    #[test]
    fn service_programmes_name_the_role() {
        for (text, expected) in [
            ("Zivildienst", Volunteer),
            ("Freiwilliges Ökologisches Jahr", Volunteer),
            ("Service civique", Volunteer),
            ("Military Service", Experience),
        ] {
            let h = heading_of(text).unwrap();
            assert_eq!(h.kind, Some(expected), "{text}");
            assert_eq!(h.role_title.as_deref(), Some(text));
        }
    }
}
