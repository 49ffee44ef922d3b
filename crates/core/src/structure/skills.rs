//! What skills-type sections list (skills, strengths, Kenntnisse), spoken
//! languages, interests and projects. Only what the document lists: no
//! inference from the rest of the text here (that is the skills issue's
//! taxonomy matcher).

use super::experience::rows_of;
use super::sections::SectionKind;
use super::{Section, clean};
use crate::resume::{AtsExtension, Interest, JsonResume, Language, Project, Skill};

const LANGUAGES: &[&str] = &[
    "english",
    "englisch",
    "anglais",
    "german",
    "deutsch",
    "allemand",
    "french",
    "französisch",
    "français",
    "francais",
    "spanish",
    "spanisch",
    "espagnol",
    "español",
    "italian",
    "italienisch",
    "italien",
    "portuguese",
    "portugiesisch",
    "portugais",
    "dutch",
    "niederländisch",
    "néerlandais",
    "russian",
    "russisch",
    "russe",
    "chinese",
    "chinesisch",
    "chinois",
    "mandarin",
    "cantonese",
    "japanese",
    "japanisch",
    "japonais",
    "korean",
    "koreanisch",
    "arabic",
    "arabisch",
    "arabe",
    "hindi",
    "turkish",
    "türkisch",
    "turc",
    "polish",
    "polnisch",
    "polonais",
    "swedish",
    "schwedisch",
    "latin",
    "latein",
    "greek",
    "griechisch",
    "hebrew",
    "hebräisch",
    "danish",
    "dänisch",
    "norwegian",
    "norwegisch",
    "finnish",
    "finnisch",
    "czech",
    "tschechisch",
    "hungarian",
    "ungarisch",
    "romanian",
    "rumänisch",
    "ukrainian",
    "ukrainisch",
    "vietnamese",
    "thai",
    "indonesian",
    "bengali",
    "urdu",
    "persian",
    "farsi",
    "swahili",
    "tamil",
    "telugu",
    "marathi",
    "punjabi",
    "gujarati",
    "catalan",
    "katalanisch",
    "croatian",
    "kroatisch",
    "serbian",
    "serbisch",
    "bulgarian",
    "slovak",
    "slovenian",
    "malay",
    "tagalog",
    "filipino",
];

fn language_of(cell: &str) -> Option<(String, Option<String>)> {
    let cell = clean(cell);
    let (name, level) = match cell.split_once([':', '(', '–', '-']) {
        Some((n, l)) => (
            n.trim(),
            Some(l.trim().trim_end_matches(')').trim().to_owned()),
        ),
        None => (cell, None),
    };
    let first = name.split_whitespace().next()?.to_lowercase();
    LANGUAGES.contains(&first.as_str()).then(|| {
        (
            name.to_owned(),
            level.filter(|l| l.chars().any(char::is_alphanumeric)),
        )
    })
}

/// Split a cell into items at commas, semicolons, bullets and pipes outside
/// parentheses.
fn items_of(cell: &str) -> Vec<String> {
    let mut items = Vec::new();
    let mut depth = 0i32;
    let mut current = String::new();
    for c in cell.chars() {
        match c {
            '(' | '[' => {
                depth += 1;
                current.push(c);
            }
            ')' | ']' => {
                depth -= 1;
                current.push(c);
            }
            ',' | ';' | '|' | '•' | '·' if depth <= 0 => {
                items.push(std::mem::take(&mut current));
            }
            _ => current.push(c),
        }
    }
    items.push(current);
    items
        .into_iter()
        .map(|i| clean(&i).to_owned())
        .filter(|i| !i.is_empty() && i.len() <= 60)
        .collect()
}

pub fn read(sections: &[Section<'_>], resume: &mut JsonResume, ext: &mut AtsExtension) {
    let mut groups: Vec<Skill> = Vec::new();
    let push = |group: Option<String>, items: Vec<String>, groups: &mut Vec<Skill>| {
        if items.is_empty() {
            return;
        }
        match groups.iter_mut().find(|g| g.name == group) {
            Some(g) => g.keywords.extend(items),
            None => groups.push(Skill {
                name: group,
                level: None,
                keywords: items,
            }),
        }
    };
    for section in sections {
        match section.kind {
            SectionKind::Skills => {
                for row in rows_of(&section.lines) {
                    // "Languages: Java, Go; Tools: Docker" holds two groups.
                    let groups_in_row: Vec<&str> = row
                        .cells
                        .iter()
                        .flat_map(|c| {
                            if c.matches(':').count() > 1 {
                                c.split(';').collect::<Vec<_>>()
                            } else {
                                vec![c.as_str()]
                            }
                        })
                        .collect();
                    for cell in groups_in_row {
                        let cell = clean(cell);
                        // "Languages: Python, Go" → group "Languages"
                        match cell.split_once(':') {
                            Some((label, rest))
                                if label.split_whitespace().count() <= 4
                                    && !rest.trim().is_empty() =>
                            {
                                push(Some(label.trim().to_owned()), items_of(rest), &mut groups);
                            }
                            _ => push(None, items_of(cell), &mut groups),
                        }
                    }
                }
            }
            SectionKind::Languages => {
                // A label table may continue with another group ("Medizin")
                // after the languages: those rows are skills.
                let mut group: Option<String> = None;
                for row in rows_of(&section.lines) {
                    let first = row.cells.first().map(|c| clean(c)).unwrap_or_default();
                    if language_of(first).is_none() && row.cells.len() >= 2 && group.is_none() {
                        group = Some(first.to_owned());
                        push(
                            group.clone(),
                            row.cells[1..].iter().flat_map(|c| items_of(c)).collect(),
                            &mut groups,
                        );
                        continue;
                    }
                    if group.is_some() && language_of(first).is_none() {
                        push(
                            group.clone(),
                            row.cells.iter().flat_map(|c| items_of(c)).collect(),
                            &mut groups,
                        );
                        continue;
                    }
                    for cell in &row.cells {
                        for item in items_of(cell) {
                            if let Some((language, fluency)) = language_of(&item) {
                                resume.languages.push(Language {
                                    language: Some(language),
                                    fluency,
                                });
                            }
                        }
                    }
                }
            }
            SectionKind::Interests => {
                for row in rows_of(&section.lines) {
                    for cell in &row.cells {
                        for item in items_of(cell) {
                            resume.interests.push(Interest {
                                name: Some(item),
                                keywords: Vec::new(),
                            });
                        }
                    }
                }
            }
            SectionKind::Projects => {
                for row in rows_of(&section.lines) {
                    let text = row.text();
                    if row.bullet || resume.projects.is_empty() {
                        let (name, description) = match text.split_once(": ") {
                            Some((n, d)) if n.split_whitespace().count() <= 6 => {
                                (n.to_owned(), Some(d.to_owned()))
                            }
                            _ => (text.clone(), None),
                        };
                        resume.projects.push(Project {
                            name: Some(name),
                            description,
                            ..Project::default()
                        });
                    } else if let Some(p) = resume.projects.last_mut() {
                        let d = p.description.get_or_insert_with(String::new);
                        if !d.is_empty() {
                            d.push(' ');
                        }
                        d.push_str(&text);
                    }
                }
            }
            _ => {}
        }
    }
    if !groups.is_empty() {
        ext.confidence.insert("skills".into(), 0.8);
    }
    resume.skills = groups;
}

/// Every listed skill, flattened, in document order.
pub fn listed(resume: &JsonResume) -> Vec<String> {
    resume
        .skills
        .iter()
        .flat_map(|s| {
            if s.keywords.is_empty() {
                s.name.clone().into_iter().collect()
            } else {
                s.keywords.clone()
            }
        })
        .collect()
}
