//! Section classification: which lines are headings, and what kind of
//! section each starts. The dictionary itself (English, German, French,
//! Spanish, Chinese, Japanese) is `lexicon::headings`; a heading it does
//! not list is read by its head noun ("Industry Experience", "Experiencia
//! en la industria", "主な職務経歴") and, when a [`HeadingClassifier`] is
//! given, by meaning.

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

use super::lexicon::education::{DEGREE_WORDS, INSTITUTION_WORDS};
use super::lexicon::headings::{
    CHINESE, CONJUNCTIONS, ENGLISH, FRENCH, GENERIC, GERMAN, JAPANESE, LETTER_PARTS,
    NOT_HEAD_NOUNS, POSSESSIVES, ROMANCE_LINKS, SPANISH,
};
use super::lexicon::{is_cjk, organisations, titles, tokens};
use SectionKind::*;
use std::collections::HashMap;
use std::sync::LazyLock;

/// The words of a heading, lower case; "&" and "/" are words of their own
/// (the Japanese and Chinese list marks "・" and "、" read as "/"), other
/// punctuation separates, decoration (【】, ◆) is dropped, full-width
/// letters are read as ASCII, and Chinese or Japanese characters set apart
/// by spaces ("履 歴 書") are one word.
fn heading_words(cell: &str) -> Vec<String> {
    let (cell, _) = super::dates::normalise_width(cell);
    let mut out = String::with_capacity(cell.len());
    for c in cell.chars() {
        if c.is_alphabetic() {
            out.extend(c.to_lowercase());
        } else if matches!(c, '&' | '/' | '・' | '、' | '･') {
            out.push_str(if c == '&' { " & " } else { " / " });
        } else if c.is_whitespace() || matches!(c, '-' | '\'' | '’' | '.' | ',') {
            out.push(' ');
        }
    }
    let mut words: Vec<String> = Vec::new();
    for w in out.split_whitespace() {
        let single_cjk = |s: &str| s.chars().count() == 1 && s.chars().all(is_cjk);
        match words.last_mut() {
            Some(last)
                if single_cjk(w) && last.chars().all(is_cjk) && last.chars().count() <= 2 =>
            {
                last.push_str(w);
            }
            _ => words.push(w.to_owned()),
        }
    }
    words
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
    for (h, kind, names_role) in ENGLISH
        .iter()
        .chain(GERMAN)
        .chain(FRENCH)
        .chain(SPANISH)
        .chain(CHINESE)
        .chain(JAPANESE)
    {
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
/// und meine Motivation", "Compétences et langues", "免許・資格"): every
/// part must be known, unless one names a letter part ("志望の動機、特技、
/// アピールポイントなど"), which makes the whole a letter's section;
/// otherwise the first part gives the kind.
fn coordinated(words: &[String]) -> Option<Meaning> {
    let parts: Vec<&[String]> = words
        .split(|w| CONJUNCTIONS.contains(&w.as_str()))
        .filter(|p| !p.is_empty())
        .collect();
    if parts.len() < 2 {
        return None;
    }
    let found: Vec<Option<Meaning>> = parts
        .iter()
        .map(|p| HEADING_INDEX.get(&key(p)).copied())
        .collect();
    if found.iter().flatten().any(|m| m.0 == Some(Other)) {
        return Some((Some(Other), false));
    }
    let meanings: Vec<Meaning> = found.into_iter().collect::<Option<_>>()?;
    if meanings.iter().any(|m| m.0.is_none()) {
        return None;
    }
    Some(meanings[0])
}

/// A heading read by its head noun, which the dictionary knows: the last
/// words in English and German ("Industry Experience", "Other Work
/// Experience"), the first word before a preposition in the Romance
/// languages ("Experiencia en la industria", "Expérience dans
/// l'enseignement"), the end of a Chinese or Japanese compound ("主な職務経歴",
/// "职业技能"). The modifiers must not be job-title or organisation words
/// ("Head of Customer Experience" is a title).
fn by_head_noun(words: &[String]) -> Option<SectionKind> {
    let words: Vec<&String> = words
        .iter()
        .filter(|w| !POSSESSIVES.contains(&w.as_str()))
        .collect();
    let known = |ws: &[&String]| {
        let k = ws.iter().map(|w| w.as_str()).collect::<Vec<_>>().join(" ");
        if NOT_HEAD_NOUNS.contains(&k.as_str()) {
            return None;
        }
        HEADING_INDEX.get(&k).and_then(|m| m.0)
    };
    let plain = |ws: &[&String]| {
        ws.iter().all(|w| {
            !CONJUNCTIONS.contains(&w.as_str())
                && !titles::is_title_word(w)
                && !organisations::is_organisation_word(w)
                && !DEGREE_WORDS.contains(&w.as_str())
                && !INSTITUTION_WORDS.contains(&w.as_str())
                && !w.chars().all(is_cjk)
        })
    };
    match words.as_slice() {
        [one] if one.chars().all(is_cjk) && one.chars().count() >= 3 => {
            let chars: Vec<char> = one.chars().collect();
            (1..chars.len() - 1).find_map(|i| {
                let suffix: String = chars[i..].iter().collect();
                HEADING_INDEX.get(&suffix).and_then(|m| m.0)
            })
        }
        // A German compound read by its last part ("Praxiserfahrung",
        // "Programmierkenntnisse").
        [one] => GERMAN
            .iter()
            .filter(|(h, kind, _)| {
                *kind != Other
                    && !h.contains(' ')
                    && h.chars().count() >= 7
                    && super::lexicon::german_compound_of(one, &[h])
            })
            .max_by_key(|(h, _, _)| h.len())
            .map(|(_, kind, _)| *kind),
        ws if (2..=5).contains(&ws.len()) => {
            // Not across a Romance link: "Gestión de proyectos" is headed by
            // "gestión" (project management), not "proyectos".
            if let Some(kind) = (1..ws.len())
                .filter(|&i| !ROMANCE_LINKS.contains(&ws[i - 1].as_str()))
                .find_map(|i| known(&ws[i..]))
                && plain(&ws[..ws.len() - 1])
            {
                return Some(kind);
            }
            let first = known(&ws[..1])?;
            (ROMANCE_LINKS.contains(&ws[1].as_str()) && plain(&ws[1..])).then_some(first)
        }
        _ => None,
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Heading {
    pub kind: Option<SectionKind>,
    /// Set when the heading names the role ("Praktikum").
    pub role_title: Option<String>,
    /// Read by its head noun rather than found in the dictionary: taken as
    /// a heading only where the layout sets it apart (a line of its own, a
    /// label column).
    pub inferred: bool,
}

/// The cell without a trailing colon and without an explanation in
/// parentheses ("学歴・職歴(名別にまとめて書く)", "Publications (selected)").
fn heading_text(cell: &str) -> &str {
    let cell = cell.trim().trim_end_matches([':', '：']).trim();
    let cut = cell
        .find(['(', '（'])
        .filter(|&at| at > 0 && cell.ends_with([')', '）']))
        .unwrap_or(cell.len());
    cell[..cut].trim()
}

/// Classify a cell as a heading, if it is one.
pub fn heading_of(cell: &str) -> Option<Heading> {
    thread_local! {
        static KNOWN: super::memo::Memo<Option<Heading>> = Default::default();
    }
    KNOWN.with(|known| known.get_or(cell, read_heading))
}

fn read_heading(cell: &str) -> Option<Heading> {
    let cell = heading_text(cell);
    if cell.is_empty() || cell.chars().count() > 40 || cell.split_whitespace().count() > 6 {
        return None;
    }
    if cell.chars().any(|c| c.is_ascii_digit()) || super::is_bullet(cell) {
        return None;
    }
    let words = heading_words(cell);
    if let Some((kind, names_role)) = HEADING_INDEX
        .get(&key(&words))
        .copied()
        .or_else(|| coordinated(&words))
    {
        return Some(Heading {
            kind,
            role_title: names_role.then(|| cell.to_owned()),
            inferred: false,
        });
    }
    by_head_noun(&words).map(|kind| Heading {
        kind: Some(kind),
        role_title: None,
        inferred: true,
    })
}

/// Reads a heading the dictionary does not know by its meaning (sentence
/// embeddings against per-section prototypes, `semantic`). Structuring
/// works without one: rules only.
pub trait HeadingClassifier: Send + Sync {
    /// The kind of section a heading names, if it names one clearly.
    fn classify(&self, heading: &str) -> Option<SectionKind>;
}

/// Whether a cell is set like a heading a classifier may read: one to five
/// words of Latin script in capitals or title case, no digits, no
/// sentence or address punctuation, no job-title or organisation word.
pub fn heading_shape(cell: &str) -> bool {
    let cell = heading_text(cell);
    let words: Vec<&str> = cell.split_whitespace().collect();
    let letters = cell.chars().filter(|c| c.is_alphabetic()).count();
    let small = |w: &str| {
        w.chars().all(|c| !c.is_alphabetic() || c.is_lowercase())
            && (w.len() <= 4 || CONJUNCTIONS.contains(&w) || ROMANCE_LINKS.contains(&w))
    };
    (1..=5).contains(&words.len())
        && (4..=40).contains(&letters)
        && !super::is_bullet(cell)
        && !cell.chars().any(|c| {
            c.is_ascii_digit()
                || is_cjk(c)
                || matches!(c, '@' | '.' | ',' | ';' | '|' | '!' | '?' | '"' | '“' | '(')
        })
        && words
            .iter()
            .all(|w| w.starts_with(|c: char| c.is_uppercase() || c == '&') || small(w))
        && tokens(cell)
            .iter()
            .all(|t| !titles::is_title_word(t) && !organisations::is_organisation_word(t))
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
    fn recognises_headings_in_spanish_chinese_and_japanese() {
        for (text, expected) in [
            ("Experiencia", Experience),
            ("EXPERIENCIA PROFESIONAL", Experience),
            ("Formación", Education),
            ("Formación académica", Education),
            ("Habilidades", Skills),
            ("Idiomas", Languages),
            ("PUBLICACIONES", Publications),
            ("Formación y experiencia", Education),
            ("工作经历", Experience),
            ("教育背景", Education),
            ("技能", Skills),
            ("经历", Experience),
            ("【職務経歴】", Experience),
            ("職歴", Experience),
            ("学歴", Education),
            ("免許・資格", Certifications),
            ("【資格・特技】", Certifications),
            ("スキル", Skills),
            ("【自己ＰＲ】", Summary),
            ("学歴・職歴(名別にまとめて書く)", Education),
            ("志望の動機、特技、好きな学科、アピールポイントなど", Other),
        ] {
            assert_eq!(kind(text), Some(expected), "{text}");
        }
        assert_eq!(heading_of("履 歴 書").map(|h| h.kind), Some(None));
        assert_eq!(heading_of("【職務経歴】").map(|h| h.inferred), Some(false));
    }

    #[test]
    fn unknown_headings_are_read_by_their_head_noun() {
        for (text, expected) in [
            ("EXPERIENCIA EN LA INDUSTRIA", Experience),
            ("Experiencia en ámbito académico", Experience),
            ("Conocimientos en computación", Skills),
            ("Expérience dans l'enseignement", Experience),
            ("Startup Experience", Experience),
            ("OTHER WORK EXPERIENCE", Experience),
            ("Campus Activities", Volunteer),
            ("Side Projects", Projects),
            ("主な職務経歴", Experience),
            ("职业技能", Skills),
            ("Praxiserfahrung", Experience),
            ("Programmierkenntnisse", Skills),
        ] {
            let h = heading_of(text).unwrap_or_else(|| panic!("{text}"));
            assert_eq!(h.kind, Some(expected), "{text}");
            assert!(h.inferred, "{text}");
        }
        for text in [
            "Master Informatique",
            "Mathematics Teaching",
            "Head of Customer Experience",
            "Gestión de proyectos",
            "Research and Development",
            "Skills and Ambitions",
            "Senior Software Engineer",
            "Universidad de Purdue",
        ] {
            assert_eq!(kind(text), None, "{text}");
        }
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
