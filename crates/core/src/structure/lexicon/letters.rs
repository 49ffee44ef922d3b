//! The parts of an application letter and of an application's cover
//! pages, in English, German and French: salutations, closings, the words
//! of an addressee block, the titles of the documents themselves and the
//! articles of a "Place, date" line. Lower case.

/// Words that open a salutation ("Dear …", "Sehr geehrte …", "Madame, …").
pub const SALUTATIONS: &[&str] = &[
    // English
    "dear",
    "hello",
    "hi",
    "greetings", // German
    "sehr",
    "geehrte",
    "geehrter",
    "liebe",
    "lieber",
    "hallo", // French
    "madame",
    "monsieur",
    "mesdames",
    "messieurs",
    "cher",
    "chère",
    "bonjour",
];

/// Phrases that close a letter.
pub const CLOSINGS: &[&str] = &[
    // English
    "sincerely",
    "yours sincerely",
    "yours faithfully",
    "yours truly",
    "kind regards",
    "best regards",
    "warm regards",
    "regards",
    "respectfully",
    "best wishes",
    // German
    "mit freundlichen grüßen",
    "mit freundlichem gruß",
    "freundliche grüße",
    "viele grüße",
    "beste grüße",
    "hochachtungsvoll",
    // French
    "cordialement",
    "bien cordialement",
    "bien à vous",
    "salutations distinguées",
    "respectueusement",
];

/// Words of an addressee block besides honorifics: the people and
/// departments letters are sent to ("Hiring Manager", "Personalabteilung",
/// "Service des ressources humaines").
pub const ADDRESSEE: &[&str] = &[
    // English
    "sir",
    "madam",
    "hiring",
    "manager",
    "recruiting",
    "recruitment",
    "talent",
    "team",
    "department",
    "hr",
    "human",
    "resources", // German
    "personalabteilung",
    "personalwesen",
    "personal",
    "abteilung", // French
    "ressources",
    "humaines",
    "recrutement",
    "drh",
    "service",
];

/// Honorifics that open an addressee's name ("Frau Dr. …", "Mr. …").
pub const HONORIFICS: &[&str] = &[
    "mr", "mrs", "ms", "miss", "mx", "herr", "herrn", "frau", "m", "mme", "mlle", "madame",
    "monsieur",
];

/// Titles of the documents of an application.
pub const DOCUMENT_TITLES: &[&str] = &[
    // English
    "resume",
    "résumé",
    "cv",
    "curriculum",
    "vitae",
    "application",
    "cover",
    "letter",
    // German
    "lebenslauf",
    "bewerbung",
    "bewerbungsschreiben",
    "anschreiben",
    "motivationsschreiben",
    // French
    "candidature",
    "lettre",
    "motivation",
];

/// Words between the place and the date of a letter's date line
/// ("Berlin, den …", "Paris, le …", "London, the …").
pub const DATE_LINE_ARTICLES: &[&str] = &["den", "am", "le", "the"];

/// Whether a (lower-cased, trimmed) line is a letter's closing formula.
pub fn is_closing(line: &str) -> bool {
    let line = line.trim_end_matches([',', '.', '!']).trim();
    CLOSINGS.contains(&line)
}
