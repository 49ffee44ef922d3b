//! The posting's title: from front matter, a labelled field, the first
//! heading, or the first line that reads as a job title — never a URL, an
//! e-mail address, a date, navigation ("Apply now") or a line about the
//! company.

use super::lexicon::{NOT_A_TITLE, TITLE_LABELS};
use super::lines::{Kind, Line};
use crate::structure::lexicon::{organisations::is_legal_form, titles::is_title_word, tokens};
use regex::Regex;
use std::sync::LazyLock;

static URL: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)(?:[a-z][a-z0-9+.-]*://|\bwww\.|^[\w-]+(?:\.[\w-]+)+/\S*$|^<?[\w.-]+\.(?:com|org|net|gov|io|de|fr|es|uk|ca|jobs|co)\b)").unwrap()
});
static EMAIL: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"[\w.+-]+@[\w-]+\.[\w.-]+").unwrap());
static DATE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)^(?:posted|opens?|closes?|updated|published|date|deadline|datum|publié|publicado)\b|\b\d{4}-\d{2}-\d{2}\b|\b\d{1,2}[./]\d{1,2}[./]\d{2,4}\b|\b(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?\s+\d{1,2}(?:st|nd|rd|th)?,?\s+\d{4}\b|\b\d{1,2}\s+(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec|janv|févr|mars|avr|mai|juin|juil|août|sept|déc|januar|februar|märz|juni|juli|oktober|dezember|enero|febrero|marzo|abril|mayo|junio|julio|agosto)[a-zé]*\.?\s+\d{4}\b").unwrap()
});
static MARKS: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"^[#*_>\s]+|[#*_\s]+$").unwrap());

/// A line's text without Markdown marks, links reduced to their text.
fn plain(line: &str) -> String {
    let t = MARKS.replace_all(line.trim(), "").into_owned();
    // "[Senior Engineer](https://…)" → "Senior Engineer"
    static LINK: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"\[([^\]]*)\]\([^)]*\)").unwrap());
    LINK.replace_all(&t, "$1").trim().to_owned()
}

/// Whether a line may be a title at all.
pub(super) fn could_be_title(line: &str) -> bool {
    let t = plain(line);
    if t.is_empty() || t.split_whitespace().count() > 14 || t.len() > 120 {
        return false;
    }
    if URL.is_match(&t) || EMAIL.is_match(&t) || DATE.is_match(&t) {
        return false;
    }
    if t.ends_with(['.', '!', '?', ';', ',']) {
        return false;
    }
    let lower = t.to_lowercase();
    let lower = lower.trim_end_matches(':').trim();
    if NOT_A_TITLE.iter().any(|n| {
        lower == *n || lower.starts_with(&format!("{n} ")) || lower.ends_with(&format!(" {n}"))
    }) {
        return false;
    }
    // A line about the employer: "About Acme", "Acme GmbH", "Company: Acme".
    let words = tokens(&t);
    if lower.starts_with("about ")
        || lower.starts_with("company")
        || lower.starts_with("à propos")
        || lower.starts_with("über ")
        || words.iter().any(|w| is_legal_form(w))
    {
        return false;
    }
    // A labelled field other than a title ("Location: Berlin").
    if let Some((label, _)) = t.split_once(':') {
        let label = label.trim().to_lowercase();
        if label.split_whitespace().count() <= 3 && !TITLE_LABELS.contains(&label.as_str()) {
            // "10x: Principal Engineer" keeps a short code before a colon.
            let code = label.chars().any(|c| c.is_ascii_digit()) && label.len() <= 6;
            if !code {
                return false;
            }
        }
    }
    super::part_of_heading(lower).is_none() || names_a_role(&t)
}

fn names_a_role(line: &str) -> bool {
    tokens(&plain(line)).iter().any(|w| is_title_word(w))
}

/// "Job title: Senior Engineer" → "Senior Engineer".
fn labelled(line: &str) -> Option<String> {
    let t = plain(line);
    let (label, value) = t.split_once(':')?;
    let label = label.trim().trim_matches(['*', '_']).trim().to_lowercase();
    let value = value.trim().trim_matches(['*', '_']).trim();
    (TITLE_LABELS.contains(&label.as_str()) && !value.is_empty() && could_be_title(value))
        .then(|| value.to_owned())
}

/// The title, from `front` (front matter) or the first lines. `first_section`
/// is the index of the first heading that opens a known part: lines after it
/// are the posting's body, not its head.
pub(super) fn title_of(
    front: Option<&str>,
    lines: &[Line<'_>],
    first_section: usize,
) -> Option<String> {
    if let Some(t) = front.filter(|t| !t.trim().is_empty()) {
        return Some(plain(t));
    }
    let head = &lines[..first_section.min(lines.len())];
    let nonblank = || head.iter().filter(|l| l.kind != Kind::Blank);
    // A first-level Markdown heading.
    if let Some(l) = nonblank()
        .take(12)
        .find(|l| l.trimmed().starts_with("# ") && could_be_title(l.trimmed()))
    {
        return Some(plain(l.trimmed()));
    }
    if let Some(t) = lines.iter().take(60).find_map(|l| labelled(l.raw)) {
        return Some(t);
    }
    let candidates: Vec<&Line<'_>> = nonblank()
        .take(12)
        .filter(|l| !matches!(l.kind, Kind::Bullet { .. }) && could_be_title(l.raw))
        .collect();
    candidates
        .iter()
        .find(|l| names_a_role(l.raw))
        .or(candidates.first())
        .map(|l| plain(l.raw))
}

#[cfg(test)]
mod tests {
    use super::super::lines::lines;
    use super::*;

    fn title(text: &str) -> Option<String> {
        let l = lines(text, 0);
        title_of(None, &l, l.len())
    }

    #[test]
    fn never_a_url_an_email_a_date_or_the_company() {
        let text = "https://jobs.example.com/postings/12345\njobs@example.com\nPosted March 3, 2024\nAcme Widgets Inc.\nSenior Data Analyst\nWe are looking for an analyst to join our team.\n";
        assert_eq!(title(text).as_deref(), Some("Senior Data Analyst"));
        let text = "www.example.org/careers\n2024-05-01\n\nRegistered Nurse – Medical/Surgical Unit\n\nAbout us\n";
        assert_eq!(
            title(text).as_deref(),
            Some("Registered Nurse – Medical/Surgical Unit")
        );
    }

    #[test]
    fn a_labelled_field_or_a_heading() {
        let text =
            "Careers at Acme\n\nJob Title: Sales Development Representative\nLocation: Remote\n";
        assert_eq!(
            title(text).as_deref(),
            Some("Sales Development Representative")
        );
        let text = "# [Product Designer](https://acme.example/jobs/7)\n\nBody text here.\n";
        assert_eq!(title(text).as_deref(), Some("Product Designer"));
        let text = "Location: Berlin\nStellenangebot\nPflegefachkraft (m/w/d)\n";
        assert_eq!(title(text).as_deref(), Some("Pflegefachkraft (m/w/d)"));
    }
}
