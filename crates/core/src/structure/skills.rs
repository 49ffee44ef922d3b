//! What skills-type sections list (skills, strengths, Kenntnisse), spoken
//! languages, interests and projects. Only what the document lists: no
//! inference from the rest of the text here (that is the skills issue's
//! taxonomy matcher).

use super::experience::rows_of;
use super::lexicon::languages::{is_language_level, is_language_name};
use super::lexicon::skill_groups::is_skill_group;
use super::sections::SectionKind;
use super::{Section, clean};
use crate::resume::{AtsExtension, Interest, JsonResume, Language, Project, Skill};
use regex::Regex;
use std::sync::LazyLock;

fn language_of(cell: &str) -> Option<(String, Option<String>)> {
    let cell = clean(cell);
    let (name, level) = match cell.split_once([':', '(', '–', '-']) {
        Some((n, l)) => {
            let l = l.trim();
            // "(fluent)" loses its closing parenthesis; "Fluent (speaking,
            // writing)" keeps it.
            let l = if l.contains('(') {
                l
            } else {
                l.trim_end_matches(')')
            };
            (n.trim(), Some(l.trim().to_owned()))
        }
        None => (cell, None),
    };
    let first = name.split_whitespace().next()?.to_lowercase();
    is_language_name(&first).then(|| {
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
            ',' | ';' | '|' | '•' | '·' | '、' | '，' | '；' if depth <= 0 => {
                items.push(std::mem::take(&mut current));
            }
            _ => current.push(c),
        }
    }
    items.push(current);
    items
        .into_iter()
        .map(|i| logo_letters(clean(&i).trim_end_matches('.').trim()))
        .filter(|i| !i.is_empty() && i.len() <= 60 && !i.ends_with('。'))
        .collect()
}

/// The XeTeX logo sets its E reversed ("XƎLATEX"): read as the letter;
/// Unicode hyphens (XeTeX's "scikit‐learn") as the ASCII one.
fn logo_letters(item: &str) -> String {
    item.replace("XƎ", "XE")
        .replace("Xǝ", "Xe")
        .replace(['\u{2010}', '\u{2011}'], "-")
}

/// A cell that names a group rather than a skill: opened by a sub-heading
/// mark ("◎バックエンド開発", "▼ Frontend").
fn group_mark(cell: &str) -> bool {
    cell.trim_start()
        .starts_with(['◎', '◆', '◇', '▼', '▽', '【', '＜', '<'])
}

/// "Avan: C/C++, GLSL. Med: Matlab. Prin: Python": groups (here levels)
/// written one after another in a cell, each "label: items", split where a
/// sentence ends and the next label begins (or at semicolons).
fn labelled_groups(cell: &str) -> Vec<&str> {
    static NEXT_LABEL: LazyLock<Regex> =
        LazyLock::new(|| Regex::new(r"[.;]\s+\p{Lu}[\p{L} ]{0,20}:\s").unwrap());
    if cell.matches(':').count() < 2 {
        return vec![cell];
    }
    let mut out = Vec::new();
    let mut from = 0;
    for m in NEXT_LABEL.find_iter(cell) {
        out.push(&cell[from..m.start()]);
        from = m.start() + 1;
    }
    out.push(&cell[from..]);
    out
}

/// A label table's row: a short label cell, then its list ("APIs /
/// Frameworks | OpenGL, Qt, CUDA").
fn label_and_list(cells: &[String]) -> Option<(&str, &str)> {
    let [label, list] = cells else { return None };
    let label = clean(label);
    (label.split_whitespace().count() <= 4
        && !label.contains([',', ';', ':'])
        && (list.contains([',', ';', '、', '，']) || is_skill_group(label)))
    .then_some((label, list.as_str()))
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
                // A line that only names a group ("Databases", "数据库")
                // opens it for the items below; a row of such names (a
                // table's header) names no skill.
                let mut current: Option<String> = None;
                for row in rows_of(&section.lines) {
                    let names: Vec<&str> = row.cells.iter().map(|c| clean(c)).collect();
                    if names.iter().all(|c| is_skill_group(c)) {
                        current = match names.as_slice() {
                            [one] => Some((*one).trim_end_matches([':', '：']).to_owned()),
                            _ => None,
                        };
                        continue;
                    }
                    if let Some((label, list)) = label_and_list(&row.cells) {
                        let items: Vec<String> = labelled_groups(list)
                            .into_iter()
                            .flat_map(|g| items_of(g.split_once(':').map_or(g, |(_, i)| i)))
                            .collect();
                        push(Some(label.to_owned()), items, &mut groups);
                        continue;
                    }
                    // "Languages: Java, Go; Tools: Docker" holds two groups.
                    let groups_in_row: Vec<&str> = row
                        .cells
                        .iter()
                        .filter(|c| !group_mark(c))
                        .flat_map(|c| labelled_groups(c))
                        .collect();
                    for cell in groups_in_row {
                        let cell = cell.replace('：', ":");
                        let cell = clean(&cell);
                        // "Languages: Python, Go" → group "Languages"
                        match cell.split_once(':') {
                            Some((label, rest))
                                if label.split_whitespace().count() <= 4
                                    && !rest.trim().is_empty() =>
                            {
                                push(Some(label.trim().to_owned()), items_of(rest), &mut groups);
                            }
                            _ => push(current.clone(), items_of(cell), &mut groups),
                        }
                    }
                }
            }
            SectionKind::Languages => {
                // A label table ("Kenntnisse": "Sprachen" | …, "IT" | …) may
                // go on after its languages row with another label: a row
                // whose label is not a language starts a skills group, and
                // the rows after it continue that group.
                let mut group: Option<String> = None;
                for row in rows_of(&section.lines) {
                    // A table's row of levels under its row of languages
                    // ("Allemand | Français" / "A2 | langue maternelle").
                    if !resume.languages.is_empty()
                        && row.cells.len() > 1
                        && row.cells.iter().all(|c| is_language_level(clean(c)))
                    {
                        let from = resume.languages.len().saturating_sub(row.cells.len());
                        for (language, level) in resume.languages[from..].iter_mut().zip(&row.cells)
                        {
                            language
                                .fluency
                                .get_or_insert_with(|| clean(level).to_owned());
                        }
                        continue;
                    }
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
                    // "English | Native speaker": a language, its level in the
                    // next cell.
                    if let [name, level] = row.cells.as_slice()
                        && let Some((language, None)) = language_of(name)
                        && language_of(level).is_none()
                    {
                        resume.languages.push(Language {
                            language: Some(language),
                            fluency: Some(clean(level).trim_end_matches('.').to_owned()),
                        });
                        continue;
                    }
                    let mut continues = false;
                    for cell in &row.cells {
                        for item in items_of(cell) {
                            if let Some((language, fluency)) = language_of(&item) {
                                resume.languages.push(Language {
                                    language: Some(language),
                                    fluency,
                                });
                                continues = true;
                            } else if continues
                                && item.starts_with(char::is_lowercase)
                                && let Some(fluency) =
                                    resume.languages.last_mut().and_then(|l| l.fluency.as_mut())
                            {
                                // "Intermediate (reading); basic (speaking)":
                                // the level goes on after a semicolon.
                                fluency.push_str("; ");
                                fluency.push_str(&item);
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::structure::sections_of;

    fn read_text(text: &str) -> JsonResume {
        let mut resume = JsonResume::default();
        read(
            &sections_of(text),
            &mut resume,
            &mut AtsExtension::default(),
        );
        resume
    }

    #[test]
    fn a_row_of_levels_rates_the_languages_above_it() {
        let r = read_text("Languages\nAllemand\tFrançais\nA2\tlangue maternelle\n");
        let levels: Vec<Option<&str>> = r.languages.iter().map(|l| l.fluency.as_deref()).collect();
        assert_eq!(levels, [Some("A2"), Some("langue maternelle")]);
        assert!(r.skills.is_empty(), "{:?}", r.skills);
    }

    #[test]
    fn a_label_table_goes_on_after_its_languages_row() {
        let r = read_text(
            "Kenntnisse\nSprachen\tSpanisch: fließend\nItalienisch: Grundkenntnisse\n\
             Software\tTabellenkalkulation\nTextverarbeitung\n",
        );
        let languages: Vec<_> = r.languages.iter().map(|l| l.language.clone()).collect();
        assert_eq!(
            languages,
            [Some("Spanisch".into()), Some("Italienisch".into())]
        );
        assert_eq!(r.skills.len(), 1);
        assert_eq!(r.skills[0].name.as_deref(), Some("Software"));
        assert_eq!(
            r.skills[0].keywords,
            ["Tabellenkalkulation", "Textverarbeitung"]
        );
    }

    fn listed_of(text: &str) -> Vec<String> {
        listed(&read_text(text))
    }

    #[test]
    fn label_tables_levels_and_group_marks() {
        assert_eq!(
            listed_of(
                "Conocimientos\nLenguajes de programación    Avan: C/C++, GLSL. Med: Matlab, JavaScript. Prin: Python, R\n\
                 APIs / Frameworks    OpenGL, Qt, ASP.NET MVC\n"
            ),
            [
                "C/C++",
                "GLSL",
                "Matlab",
                "JavaScript",
                "Python",
                "R",
                "OpenGL",
                "Qt",
                "ASP.NET MVC"
            ]
        );
        assert_eq!(
            listed_of(
                "スキル\n◎バックエンド開発    ◎インフラ\n • Ruby on Rails    • AWS\n • Python    • Docker\n"
            ),
            ["Ruby on Rails", "AWS", "Python", "Docker"]
        );
        assert_eq!(
            listed_of("Skills\nTEX, LATEX, XƎLATEX, Microsoft Word.\n"),
            ["TEX", "LATEX", "XELATEX", "Microsoft Word"]
        );
    }

    #[test]
    fn language_names_in_three_languages() {
        for (cell, name) in [
            ("Portuguese (fluent)", "Portuguese"),
            ("Niederländisch: gut", "Niederländisch"),
            ("Suédois – courant", "Suédois"),
        ] {
            assert_eq!(language_of(cell).map(|l| l.0).as_deref(), Some(name));
        }
        assert_eq!(language_of("Tabellenkalkulation"), None);
    }
}
