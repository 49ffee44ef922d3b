//! Section classification: which lines are headings, and what kind of
//! section each starts. English, German and French headings.

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

use SectionKind::*;

/// Headings, normalised (lower case, letters and spaces). The bool marks a
/// heading that names the role itself ("Freiwilliges Soziales Jahr").
const HEADINGS: &[(&str, SectionKind, bool)] = &[
    // contact
    ("contact", Contact, false),
    ("contact information", Contact, false),
    ("contact details", Contact, false),
    ("personal information", Contact, false),
    ("personal details", Contact, false),
    ("personal data", Contact, false),
    ("kontakt", Contact, false),
    ("kontaktdaten", Contact, false),
    ("persönliche daten", Contact, false),
    ("persönliche angaben", Contact, false),
    ("zu meiner person", Contact, false),
    ("zur person", Contact, false),
    ("coordonnées", Contact, false),
    ("informations personnelles", Contact, false),
    ("état civil", Contact, false),
    // summary
    ("summary", Summary, false),
    ("professional summary", Summary, false),
    ("career summary", Summary, false),
    ("executive summary", Summary, false),
    ("profile", Summary, false),
    ("professional profile", Summary, false),
    ("about", Summary, false),
    ("about me", Summary, false),
    ("objective", Summary, false),
    ("career objective", Summary, false),
    ("profil", Summary, false),
    ("kurzprofil", Summary, false),
    ("über mich", Summary, false),
    ("à propos", Summary, false),
    ("à propos de moi", Summary, false),
    ("résumé", Summary, false),
    // experience
    ("experience", Experience, false),
    ("work experience", Experience, false),
    ("professional experience", Experience, false),
    ("relevant experience", Experience, false),
    ("industry experience", Experience, false),
    ("employment", Experience, false),
    ("employment history", Experience, false),
    ("work history", Experience, false),
    ("career history", Experience, false),
    ("professional background", Experience, false),
    ("experience and employment", Experience, false),
    ("research experience", Experience, false),
    ("teaching experience", Experience, false),
    ("internships", Experience, true),
    ("internship", Experience, true),
    ("berufserfahrung", Experience, false),
    ("berufliche erfahrung", Experience, false),
    ("beruflicher werdegang", Experience, false),
    ("berufspraxis", Experience, false),
    ("praktische tätigkeiten", Experience, false),
    ("praktische erfahrung", Experience, false),
    ("praktika", Experience, true),
    ("praktikum", Experience, true),
    ("werdegang", Experience, false),
    ("expérience", Experience, false),
    ("expériences", Experience, false),
    ("expérience professionnelle", Experience, false),
    ("expériences professionnelles", Experience, false),
    ("parcours professionnel", Experience, false),
    ("stages", Experience, true),
    // volunteer
    ("volunteer", Volunteer, false),
    ("volunteering", Volunteer, false),
    ("volunteer experience", Volunteer, false),
    ("volunteer work", Volunteer, false),
    ("ehrenamt", Volunteer, false),
    ("ehrenamtliches engagement", Volunteer, false),
    ("freiwilliges soziales jahr", Volunteer, true),
    ("bénévolat", Volunteer, false),
    // education
    ("education", Education, false),
    ("education and training", Education, false),
    ("academic background", Education, false),
    ("academic qualifications", Education, false),
    ("educational background", Education, false),
    ("ausbildung", Education, false),
    ("bildung", Education, false),
    ("bildungsweg", Education, false),
    ("schulbildung", Education, false),
    ("schulausbildung", Education, false),
    ("studium", Education, false),
    ("hochschulbildung", Education, false),
    ("promotion", Education, false),
    ("formation", Education, false),
    ("formations", Education, false),
    ("études", Education, false),
    ("diplômes", Education, false),
    // skills
    ("skills", Skills, false),
    ("technical skills", Skills, false),
    ("key skills", Skills, false),
    ("core skills", Skills, false),
    ("skills and expertise", Skills, false),
    ("skills and abilities", Skills, false),
    ("core competencies", Skills, false),
    ("competencies", Skills, false),
    ("expertise", Skills, false),
    ("strengths", Skills, false),
    ("technologies", Skills, false),
    ("tools and technologies", Skills, false),
    ("programming languages", Skills, false),
    ("kenntnisse", Skills, false),
    ("besondere kenntnisse", Skills, false),
    ("fähigkeiten", Skills, false),
    ("kompetenzen", Skills, false),
    ("fachkenntnisse", Skills, false),
    ("edv kenntnisse", Skills, false),
    ("it kenntnisse", Skills, false),
    ("compétences", Skills, false),
    ("compétences techniques", Skills, false),
    // projects
    ("projects", Projects, false),
    ("personal projects", Projects, false),
    ("selected projects", Projects, false),
    ("open source", Projects, false),
    ("projekte", Projects, false),
    ("projets", Projects, false),
    // certifications
    ("certifications", Certifications, false),
    ("certificates", Certifications, false),
    ("licenses and certifications", Certifications, false),
    ("licenses", Certifications, false),
    ("zertifikate", Certifications, false),
    ("zertifizierungen", Certifications, false),
    ("weiterbildung", Certifications, false),
    ("fortbildungen", Certifications, false),
    // languages
    ("languages", Languages, false),
    ("language skills", Languages, false),
    ("sprachen", Languages, false),
    ("sprachkenntnisse", Languages, false),
    ("langues", Languages, false),
    // publications
    ("publications", Publications, false),
    ("selected publications", Publications, false),
    ("veröffentlichungen", Publications, false),
    ("publikationen", Publications, false),
    // references
    ("references", References, false),
    ("referees", References, false),
    ("referenzen", References, false),
    ("références", References, false),
    // awards
    ("awards", Awards, false),
    ("honors", Awards, false),
    ("honours", Awards, false),
    ("honors and awards", Awards, false),
    ("awards and honors", Awards, false),
    ("achievements", Awards, false),
    ("auszeichnungen", Awards, false),
    ("distinctions", Awards, false),
    // interests
    ("interests", Interests, false),
    ("hobbies", Interests, false),
    ("hobbies and interests", Interests, false),
    ("interessen", Interests, false),
    ("hobbys", Interests, false),
    ("hobbys und interessen", Interests, false),
    ("freizeit", Interests, false),
    ("centres d intérêt", Interests, false),
    ("loisirs", Interests, false),
    // not resume content
    ("life philosophy", Other, false),
    ("most proud of", Other, false),
    ("a day of my life", Other, false),
    ("anlagenverzeichnis", Other, false),
    ("anlagen", Other, false),
    ("über mich und meine motivation", Other, false),
    ("motivation", Other, false),
    ("cover letter", Other, false),
    ("anschreiben", Other, false),
];

/// Headings that only say "this is a CV": they end the previous section
/// without starting a typed one.
const GENERIC: &[&str] = &[
    "lebenslauf",
    "curriculum vitae",
    "resume",
    "cv",
    "tabellarischer lebenslauf",
];

pub fn normalise(cell: &str) -> String {
    let mut out = String::with_capacity(cell.len());
    for c in cell.chars() {
        if c.is_alphabetic() {
            out.extend(c.to_lowercase());
        } else if c.is_whitespace() || matches!(c, '&' | '-' | '/' | '\'' | '’') {
            out.push(' ');
        }
    }
    let words: Vec<&str> = out
        .split_whitespace()
        .filter(|w| *w != "and" && *w != "und")
        .collect();
    words.join(" ")
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
    let norm = normalise(cell);
    if GENERIC.contains(&norm.as_str()) {
        return Some(Heading {
            kind: None,
            role_title: None,
        });
    }
    HEADING_INDEX.get(&norm).map(|&(kind, names_role)| Heading {
        kind: Some(kind),
        role_title: names_role.then(|| cell.to_owned()),
    })
}

/// The heading table keyed by its normalised form, built once.
static HEADING_INDEX: std::sync::LazyLock<std::collections::HashMap<String, (SectionKind, bool)>> =
    std::sync::LazyLock::new(|| {
        HEADINGS
            .iter()
            .map(|(h, kind, names_role)| (normalise(h), (*kind, *names_role)))
            .collect()
    });

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn recognises_headings_in_three_languages() {
        for (text, kind) in [
            ("EXPERIENCE", Experience),
            ("Work Experience:", Experience),
            ("Berufserfahrung", Experience),
            ("Expérience professionnelle", Experience),
            ("Skills & Expertise", Skills),
            ("Hobbys und Interessen", Interests),
            ("REFEREES", References),
            ("Formation", Education),
        ] {
            assert_eq!(heading_of(text).and_then(|h| h.kind), Some(kind), "{text}");
        }
        assert_eq!(heading_of("Software Engineer"), None);
        assert_eq!(heading_of("• Skills"), None);
        assert_eq!(heading_of("Lebenslauf").map(|h| h.kind), Some(None));
    }
}
