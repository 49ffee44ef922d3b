//! What skills-type sections list (skills, strengths, Kenntnisse), spoken
//! languages, interests and projects. Only what the document lists: no
//! inference from the rest of the text here (that is the skills issue's
//! taxonomy matcher).

use super::experience::{Row, rows_of};
use super::lexicon::is_cjk;
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
        .flat_map(|i| tags(i.trim()).unwrap_or_else(|| vec![i]))
        .map(|i| logo_letters(clean(&i).trim_end_matches('.').trim()))
        // An icon font's glyph alone (a private-use character) is no item.
        .filter(|i| i.chars().any(char::is_alphanumeric) && i.len() <= 60 && !i.ends_with('。'))
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

fn push(groups: &mut Vec<Skill>, group: Option<String>, items: Vec<String>) {
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
}

/// The rows of a skills list, `current` naming the group they open in.
fn read_skill_rows(rows: &[Row<'_>], mut current: Option<String>, groups: &mut Vec<Skill>) {
    // A line that only names a group ("Databases", "数据库") opens it for
    // the items below; a row of such names (a table's header) names no
    // skill.
    for row in rows {
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
            push(groups, Some(label.to_owned()), items);
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
                    if label.split_whitespace().count() <= 4 && !rest.trim().is_empty() =>
                {
                    push(groups, Some(label.trim().to_owned()), items_of(rest));
                }
                _ => match run_in_label(cell) {
                    Some((label, items)) => push(groups, Some(label), items),
                    None => push(groups, current.clone(), items_of(cell)),
                },
            }
        }
    }
}

/// A group's name run into its list with a word space ("Herramientas de
/// desarrollo SVN, Git, LaTeX", "Development tools Git, Jira"): the first
/// item opens with a group name, head first with a Romance link or head
/// last, and something follows it. Returns the name and the items.
fn run_in_label(cell: &str) -> Option<(String, Vec<String>)> {
    let items = items_of(cell);
    if items.len() < 2 {
        return None;
    }
    let words: Vec<&str> = items[0].split_whitespace().collect();
    let link =
        |w: &str| ["de", "del", "des", "du", "di", "da"].contains(&w.to_lowercase().as_str());
    let label_len = (1..words.len().min(4)).rev().find(|&k| {
        is_skill_group(&words[..k].join(" "))
            || k == 3 && is_skill_group(words[0]) && link(words[1])
            || k == 2 && is_skill_group(words[1])
    })?;
    let label = words[..label_len].join(" ");
    let mut out = vec![words[label_len..].join(" ")];
    out.extend(items.into_iter().skip(1));
    Some((label, out))
}

/// A "Languages" heading over programming languages ("Ruby | PHP | Rust")
/// inside a skills list: its first rows name no spoken language, and most
/// of their items are skills the taxonomy knows.
fn programming_languages(rows: &[Row<'_>]) -> bool {
    let items: Vec<String> = rows
        .iter()
        .filter(|r| !r.text().is_empty())
        .take(4)
        .flat_map(|r| r.cells.iter().flat_map(|c| items_of(c)))
        .collect();
    let known = items.iter().filter(|i| known_skill(i)).count();
    items.iter().all(|i| language_of(i).is_none()) && known >= 2 && known * 2 >= items.len()
}

pub fn read(sections: &[Section<'_>], resume: &mut JsonResume, ext: &mut AtsExtension) {
    let mut groups: Vec<Skill> = Vec::new();
    for section in sections {
        match section.kind {
            SectionKind::Skills => read_skill_rows(&rows_of(&section.lines), None, &mut groups),
            SectionKind::Header | SectionKind::Contact | SectionKind::Summary => {
                let own = own_values(resume);
                for range in unheaded_lists(section, &own) {
                    read_skill_rows(&rows_of(&section.lines[range]), None, &mut groups);
                }
            }
            SectionKind::Languages => {
                let rows = rows_of(&section.lines);
                if programming_languages(&rows) {
                    let heading = Some(clean(&section.heading).to_owned());
                    read_skill_rows(&rows, heading, &mut groups);
                    continue;
                }
                // A label table ("Kenntnisse": "Sprachen" | …, "IT" | …) may
                // go on after its languages row with another label: a row
                // whose label is not a language starts a skills group, and
                // the rows after it continue that group.
                let mut group: Option<String> = None;
                for row in rows {
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
                            &mut groups,
                            group.clone(),
                            row.cells[1..].iter().flat_map(|c| items_of(c)).collect(),
                        );
                        continue;
                    }
                    if group.is_some() && language_of(first).is_none() {
                        push(
                            &mut groups,
                            group.clone(),
                            row.cells.iter().flat_map(|c| items_of(c)).collect(),
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

/// The candidate's own name, headline, place and profiles: never skills.
fn own_values(resume: &JsonResume) -> Vec<String> {
    let b = &resume.basics;
    let mut own: Vec<String> = [&b.name, &b.label, &b.email, &b.phone, &b.url]
        .into_iter()
        .flatten()
        .cloned()
        .collect();
    if let Some(l) = &b.location {
        own.extend(
            [&l.city, &l.region, &l.address]
                .into_iter()
                .flatten()
                .cloned(),
        );
    }
    for p in &b.profiles {
        own.extend([&p.username, &p.url].into_iter().flatten().cloned());
    }
    own
}

/// A line short enough to be one listed item: a few words, no sentence,
/// no address or number.
fn short_item(text: &str) -> bool {
    let words = text.split_whitespace().count();
    (1..=4).contains(&words)
        && text.chars().count() <= 32
        && !text.contains(['@', ',', ';', ':', '：', '。', '/'])
        && !text.ends_with('.')
        && text.chars().filter(char::is_ascii_digit).count() <= 2
}

/// A line that is a skill the taxonomy knows, or a row of them set apart
/// by spaces only, and nothing more.
fn known_skill(text: &str) -> bool {
    let found = crate::skills::SkillMatcher::builtin().find(text);
    matches!(found.as_slice(), [one] if one.span.end - one.span.start >= text.len() * 4 / 5)
        || known_tags(text).is_some()
}

/// The items of a row of tags set apart by spaces only: skills the
/// taxonomy knows ([`known_tags`]), or Chinese or Japanese words, which
/// set no spaces between the words of one item ("机器学习 分布式系统").
fn tags(text: &str) -> Option<Vec<String>> {
    let words: Vec<&str> = text.split_whitespace().collect();
    if words.len() >= 2 && words.iter().all(|w| w.chars().all(is_cjk)) {
        return Some(words.into_iter().map(str::to_owned).collect());
    }
    known_tags(text)
}

/// A row of tags set apart by spaces only ("C++ JavaScript", "Django
/// Node.js .NET"): two or more skills the taxonomy knows that cover every
/// character of the row but the spaces.
fn known_tags(text: &str) -> Option<Vec<String>> {
    let found = crate::skills::SkillMatcher::builtin().find(text);
    if found.len() < 2 {
        return None;
    }
    let mut last = 0;
    for m in &found {
        let gap = text.get(last..m.span.start)?;
        if !gap.trim().is_empty() {
            return None;
        }
        last = m.span.end;
    }
    if !text.get(last..)?.trim().is_empty() {
        return None;
    }
    Some(found.into_iter().map(|m| m.text).collect())
}

/// Skills listed without a heading: three or more short lines in a row,
/// most of them skills the taxonomy knows (themes that set skill tags
/// below the contact block with no heading of their own), group names
/// ("Databases", "数据库") among them. The candidate's own details before
/// the list are not part of it. Returns the lines' ranges.
fn unheaded_lists(section: &Section<'_>, own: &[String]) -> Vec<std::ops::Range<usize>> {
    let texts: Vec<&str> = section.lines.iter().map(|l| clean(l.text)).collect();
    let mut out = Vec::new();
    let mut i = 0;
    while i < texts.len() {
        let mut end = i;
        while end < texts.len() && short_item(texts[end]) && !own.iter().any(|o| o == texts[end]) {
            end += 1;
        }
        if end == i {
            i += 1;
            continue;
        }
        let run = &texts[i..end];
        let known: Vec<Option<bool>> = run
            .iter()
            .map(|t| (!is_skill_group(t)).then(|| known_skill(t)))
            .collect();
        let first = known.iter().position(|k| k.is_some());
        let count = known.iter().filter(|k| **k == Some(true)).count();
        let items = known.iter().filter(|k| k.is_some()).count();
        // From the first group name or known skill.
        let start = known
            .iter()
            .position(|k| *k != Some(false))
            .unwrap_or(run.len());
        if first.is_some() && count >= 3 && count * 2 >= items {
            out.push(i + start..end);
        }
        i = end;
    }
    out
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

    #[test]
    fn language_names_and_tests_in_spanish_chinese_and_japanese() {
        let r = read_text("Idiomas\nFrancés\tInglés\nB1\tfluido\n");
        let levels: Vec<_> = r.languages.iter().map(|l| l.fluency.clone()).collect();
        assert_eq!(levels, [Some("B1".into()), Some("fluido".into())]);
        assert!(r.skills.is_empty(), "{:?}", r.skills);
        for level in ["CET-6", "TOEIC 860点", "HSK4級", "N2", "IELTS 7.5"] {
            assert!(is_language_level(level), "{level}");
        }
        assert!(!is_language_level("Kubernetes"));
        assert_eq!(
            language_of("日语 (N2)").map(|l| l.0).as_deref(),
            Some("日语")
        );
    }

    /// Themes that set skill tags below the contact block without a
    /// heading, group names among them, and tags parted by spaces only.
    #[test]
    fn skills_listed_without_a_heading_below_the_contact_block() {
        let r = read_text(
            "Ana Pérez\nAbout\nMadrid\nana@example.org\nanaperez\nDatabases\nPostgreSQL MySQL\n\
             Cloud\nAWS\nAzure\nKubernetes\nSummary\nEngineer with ten years of experience.\n",
        );
        let names: Vec<_> = r.skills.iter().map(|g| g.name.clone()).collect();
        assert_eq!(names, [Some("Databases".into()), Some("Cloud".into())]);
        assert_eq!(
            listed(&r),
            ["PostgreSQL", "MySQL", "AWS", "Azure", "Kubernetes"]
        );
        // Short lines that are no known skills are no list.
        let r = read_text("About\nMadrid\nanaperez\nFotografía\nEscalada\nCocina\n");
        assert!(r.skills.is_empty(), "{:?}", r.skills);
    }

    #[test]
    fn a_languages_heading_over_programming_languages_is_a_skills_group() {
        let r = read_text("Skills\nLanguages\nRuby\tPHP\tRust\nFrameworks\nDjango\tFlask\n");
        let names: Vec<_> = r.skills.iter().map(|g| g.name.clone()).collect();
        assert_eq!(names, [Some("Languages".into()), Some("Frameworks".into())]);
        assert!(r.languages.is_empty());
        assert_eq!(
            tags("机器学习 分布式系统"),
            Some(vec!["机器学习".into(), "分布式系统".into()])
        );
        assert_eq!(tags("Agile Methoden"), None);
        assert_eq!(
            run_in_label("Herramientas de desarrollo SVN, Git, LATEX"),
            Some((
                "Herramientas de desarrollo".into(),
                vec!["SVN".into(), "Git".into(), "LATEX".into()]
            ))
        );
        assert_eq!(run_in_label("Google Cloud, AWS"), None);
    }
}
