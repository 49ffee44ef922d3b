//! Words around a posting's title: lines that are never one, and labels
//! that introduce one.

/// Lines that are never a posting's title: navigation and page furniture.
pub const NOT_A_TITLE: &[&str] = &[
    "job description",
    "job posting",
    "job details",
    "job summary",
    "position description",
    "about the job",
    "about the role",
    "overview",
    "apply",
    "share this job",
    "back to jobs",
    "careers",
    "we're hiring",
    "we’re hiring",
    "we are hiring",
    "now hiring",
    "is hiring",
    "join our team",
    "join us",
    "stellenbeschreibung",
    "stellenangebot",
    "stellenanzeige",
    "description du poste",
    "offre d'emploi",
    "offre d’emploi",
    "descripción del puesto",
    "oferta de empleo",
];

/// Labels of a title field ("Job title: …", "Poste : …").
pub const TITLE_LABELS: &[&str] = &[
    "job title",
    "position title",
    "title",
    "position",
    "role",
    "poste",
    "intitulé du poste",
    "titre du poste",
    "stelle",
    "stellenbezeichnung",
    "jobtitel",
    "puesto",
    "cargo",
];
