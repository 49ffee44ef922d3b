//! Personal data out of logged prompts and replies: e-mail addresses,
//! phone numbers, street addresses, and the names the caller knows
//! (the candidate's, the recruiter's). What is redacted is replaced by a
//! tag, so a log still shows the shape of the conversation.

use regex::Regex;
use std::sync::LazyLock;

static EMAIL: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+").expect("valid regex"));
static PHONE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?:\+|\b00)?\d[\d ()./-]{6,}\d\b").expect("valid regex"));
static DATES: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^(?:\d{1,2}[./])?(?:19|20)\d\d(?:\s*[-–/]\s*(?:\d{1,2}[./])?(?:19|20)\d\d)?$")
        .expect("valid regex")
});
static STREET: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?i)\b\d{1,5}[a-z]?\s+(?:[A-Za-zÀ-ÿ'.-]+\s){0,3}(?:street|st\.|avenue|ave\.?|road|rd\.|boulevard|blvd\.?|lane|ln\.|drive|dr\.|way|court|ct\.|place|square|terrace)\b|\b[A-ZÀ-Ý][a-zà-ÿ]+(?:straße|strasse|weg|gasse|platz|allee)\s+\d{1,4}[a-z]?\b",
    )
    .expect("valid regex")
});

/// Redact `text`; `names` are full names known to belong to people here.
pub fn redact(text: &str, names: &[String]) -> String {
    let mut out = EMAIL.replace_all(text, "[EMAIL]").into_owned();
    out = STREET.replace_all(&out, "[ADDRESS]").into_owned();
    out = PHONE
        .replace_all(&out, |c: &regex::Captures| {
            // Years and ranges ("2019 - 2021") are not phone numbers.
            let digits = c[0].chars().filter(char::is_ascii_digit).count();
            if digits >= 7 && !DATES.is_match(c[0].trim()) {
                "[PHONE]".to_owned()
            } else {
                c[0].to_owned()
            }
        })
        .into_owned();
    let mut parts: Vec<&str> = Vec::new();
    for n in names {
        parts.push(n.trim());
        parts.extend(n.split_whitespace().filter(|p| p.chars().count() >= 3));
    }
    // Longest first, so a full name goes before its parts.
    parts.sort_by_key(|p| std::cmp::Reverse(p.len()));
    for p in parts.into_iter().filter(|p| !p.is_empty()) {
        let re = Regex::new(&format!(r"(?i)\b{}\b", regex::escape(p))).expect("escaped");
        out = re.replace_all(&out, "[NAME]").into_owned();
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn personal_data_is_replaced() {
        let text = "Ada Lovelace (ada.lovelace@example.com, +44 20 7946 0958) lives at 12 St James's Square; \
                    Lovelace worked 2019 - 2021 at Acme, Hauptstraße 5.";
        let r = redact(text, &["Ada Lovelace".into()]);
        assert_eq!(
            r,
            "[NAME] ([EMAIL], [PHONE]) lives at [ADDRESS]; [NAME] worked 2019 - 2021 at Acme, [ADDRESS]."
        );
    }
}
