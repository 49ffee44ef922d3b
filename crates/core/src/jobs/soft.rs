//! Soft skills: traits a posting asks for ("communication", "team
//! player", "attention to detail") that an interview judges, not keywords a
//! resume must contain. Found by the word lists of
//! [`super::lexicon::SOFT_SKILLS`], each under the dimension it belongs to.

use super::Requirement;
use super::lexicon::{SOFT_FILLERS, SOFT_SKILLS};
use crate::resume::Span;

fn is_word_char(c: char) -> bool {
    c.is_alphanumeric()
}

/// Byte ranges (in `lower`) where `term` occurs as whole words.
fn occurrences(lower: &str, term: &str) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    let mut from = 0;
    while let Some(i) = lower[from..].find(term) {
        let s = from + i;
        let e = s + term.len();
        let before = lower[..s].chars().next_back();
        let after = lower[e..].chars().next();
        let starts = before.is_none_or(|c| !is_word_char(c));
        let ends = after.is_none_or(|c| !is_word_char(c));
        if starts && ends {
            out.push((s, e));
        }
        from = e;
    }
    out
}

/// Soft skills named in a line, with their spans in the posting
/// (`start` is the line's offset). Longer terms win over the shorter ones
/// inside them ("communication skills" over "communication").
pub(super) fn find(line: &str, start: usize) -> Vec<Requirement> {
    let lower = crate::fold::lower_in_place(line);
    let mut hits: Vec<(usize, usize, &'static str)> = Vec::new();
    for (dimension, terms) in SOFT_SKILLS {
        for term in *terms {
            for (s, e) in occurrences(&lower, term) {
                hits.push((s, e, dimension));
            }
        }
    }
    hits.sort_by_key(|&(s, e, _)| (s, std::cmp::Reverse(e)));
    let mut out: Vec<Requirement> = Vec::new();
    let mut covered_to = 0;
    for (s, e, dimension) in hits {
        if s < covered_to {
            continue;
        }
        covered_to = e;
        let evidence = line.get(s..e).unwrap_or_default().to_owned();
        out.push(Requirement {
            skill: dimension.to_owned(),
            kind: "soft".into(),
            evidence,
            span: Span {
                start: start + s,
                end: start + e,
            },
        });
    }
    out
}

/// Whether a found requirement is a soft skill: a taxonomy skill that is
/// one of the soft-skill dimensions ("Communication", "Leadership",
/// "Problem solving"), or a phrase that is only soft-skill words.
pub(super) fn is_soft_requirement(r: &Requirement) -> bool {
    (r.kind == "taxonomy" && dimension_named(&r.skill).is_some()) || is_soft(&r.evidence)
}

/// The soft-skill dimension a name stands for.
pub(super) fn dimension_named(name: &str) -> Option<&'static str> {
    SOFT_SKILLS
        .iter()
        .map(|(d, _)| *d)
        .find(|d| d.eq_ignore_ascii_case(name))
}

/// Words (letters, digits, inner hyphens) with their byte offsets.
fn word_tokens(s: &str) -> Vec<(usize, &str)> {
    let mut out = Vec::new();
    let mut start = None;
    for (i, c) in s.char_indices() {
        let word = c.is_alphanumeric() || c == '-';
        match (word, start) {
            (true, None) => start = Some(i),
            (false, Some(b)) => {
                out.push((b, &s[b..i]));
                start = None;
            }
            _ => {}
        }
    }
    if let Some(b) = start {
        out.push((b, &s[b..]));
    }
    out
}

/// Whether a requirement phrase is a soft skill and nothing more: most of
/// its words, fillers ("strong", "ability to", "skills") aside, are
/// soft-skill terms.
pub(super) fn is_soft(phrase: &str) -> bool {
    let lower = crate::fold::lower_in_place(phrase);
    let soft: Vec<(usize, usize)> = find(phrase, 0)
        .iter()
        .map(|r| (r.span.start, r.span.end))
        .collect();
    if soft.is_empty() {
        return false;
    }
    let (mut content, mut covered) = (0, 0);
    for (s, token) in word_tokens(&lower) {
        if SOFT_FILLERS.contains(&token) {
            continue;
        }
        content += 1;
        if soft.iter().any(|&(a, b)| s >= a && s < b) {
            covered += 1;
        }
    }
    content == 0 || covered * 2 > content
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn soft_skills_by_dimension_with_spans() {
        let line = "- Strong written communication skills and attention to detail";
        let found = find(line, 100);
        let got: Vec<(&str, &str)> = found
            .iter()
            .map(|r| (r.skill.as_str(), r.evidence.as_str()))
            .collect();
        assert_eq!(
            got,
            [
                ("Communication", "communication skills"),
                ("Attention to detail", "attention to detail")
            ]
        );
        assert_eq!(
            &line[found[0].span.start - 100..found[0].span.end - 100],
            "communication skills"
        );
        let de = find("Teamfähigkeit und Kommunikationsstärke", 0);
        assert_eq!(de.len(), 2);
        let fr = find("Esprit d’équipe et pensée critique", 0);
        assert_eq!(fr.len(), 2);
        // Not inside another word.
        assert!(find("Telecommunications networks", 0).is_empty());
    }

    #[test]
    fn a_phrase_is_soft_when_its_words_are() {
        for p in [
            "Excellent communication skills",
            "work independently and self-direct towards goals not tasks",
            "A team player with a positive attitude",
            "Problem solving",
            "Teamfähigkeit",
        ] {
            assert!(is_soft(p), "{p}");
        }
        for p in [
            "Python",
            "written communication of clinical findings in electronic health records",
            "experience providing project leadership and agile development methodologies",
            "Possède une approche centrée sur la clientèle doublée de qualités d’écoute",
        ] {
            assert!(!is_soft(p), "{p}");
        }
    }
}
