//! Personal data out of logged and cached prompts and replies: e-mail
//! addresses, phone numbers, street addresses, API keys pasted into a
//! prompt, and the names the caller knows (the people a call is about, and
//! every person the store knows). What is redacted is replaced by a tag,
//! so a log still shows the shape of the conversation.
//!
//! Two forms:
//! - [`Redactor::redact`]: every value becomes its bare tag (`[EMAIL]`).
//! - [`Redactor::pseudonymise`]: every value of a prompt becomes an indexed
//!   placeholder (`[EMAIL_1]`, `[NAME_2]`) recorded in [`Pseudonyms`]; a
//!   reply redacted with the same table ([`Redactor::redact_with`]) uses the
//!   same placeholders for the prompt's values and bare tags for any other.
//!   The table is a function of the prompt alone, so a cached reply is made
//!   whole again ([`Pseudonyms::restore`]) from the prompt of the call that
//!   hits the cache, without the cache holding a single personal value.

use regex::{Regex, RegexBuilder};
use std::sync::{Arc, LazyLock};

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
/// API keys in the shapes the common providers issue.
static SECRET: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"\b(?:sk|pk|rk)-[A-Za-z0-9_-]{16,}|\bAKIA[0-9A-Z]{16}\b|\bgh[pousr]_[A-Za-z0-9]{30,}\b|\bxox[abpr]-[A-Za-z0-9-]{10,}",
    )
    .expect("valid regex")
});
static PLACEHOLDER: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"\[(EMAIL|SECRET|ADDRESS|PHONE|NAME)_(\d{1,6})\]").expect("valid regex")
});

/// What a redacted value was.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Email,
    Secret,
    Address,
    Phone,
    Name,
}

impl Kind {
    pub fn tag(self) -> &'static str {
        match self {
            Self::Email => "EMAIL",
            Self::Secret => "SECRET",
            Self::Address => "ADDRESS",
            Self::Phone => "PHONE",
            Self::Name => "NAME",
        }
    }

    fn from_tag(tag: &str) -> Option<Self> {
        [
            Self::Email,
            Self::Secret,
            Self::Address,
            Self::Phone,
            Self::Name,
        ]
        .into_iter()
        .find(|k| k.tag() == tag)
    }
}

/// The values of one prompt and their placeholders: the `n`-th value of a
/// kind (in order of first appearance) is `[KIND_n]`.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Pseudonyms {
    values: Vec<(Kind, String)>,
}

impl Pseudonyms {
    fn find(&self, kind: Kind, value: &str) -> Option<String> {
        let mut n = 0;
        for (k, v) in &self.values {
            if *k == kind {
                n += 1;
                if v == value {
                    return Some(format!("[{}_{n}]", kind.tag()));
                }
            }
        }
        None
    }

    fn add(&mut self, kind: Kind, value: &str) -> String {
        if let Some(p) = self.find(kind, value) {
            return p;
        }
        self.values.push((kind, value.to_owned()));
        let n = self.values.iter().filter(|(k, _)| *k == kind).count();
        format!("[{}_{n}]", kind.tag())
    }

    fn get(&self, kind: Kind, n: usize) -> Option<&str> {
        self.values
            .iter()
            .filter(|(k, _)| *k == kind)
            .nth(n.checked_sub(1)?)
            .map(|(_, v)| v.as_str())
    }

    pub fn is_empty(&self) -> bool {
        self.values.is_empty()
    }

    /// Placeholders back to this table's values; a placeholder it has no
    /// value for becomes the bare tag.
    pub fn restore(&self, text: &str) -> String {
        PLACEHOLDER
            .replace_all(text, |c: &regex::Captures| {
                let kind = Kind::from_tag(&c[1]).expect("the pattern lists the tags");
                let n: usize = c[2].parse().unwrap_or(0);
                match self.get(kind, n) {
                    Some(v) => v.to_owned(),
                    None => format!("[{}]", kind.tag()),
                }
            })
            .into_owned()
    }
}

/// How many names one compiled pattern holds (a few thousand names make
/// several patterns rather than one too large to compile).
const NAMES_PER_PATTERN: usize = 500;

/// Patterns for a list of names, longest first (so a full name goes before
/// its parts), case-insensitive, on word boundaries, any whitespace
/// between the words of a name.
fn name_patterns(mut names: Vec<String>) -> Vec<Regex> {
    names.sort_by_key(|n| std::cmp::Reverse(n.len()));
    names.dedup();
    names
        .chunks(NAMES_PER_PATTERN)
        .filter_map(|chunk| {
            let alts: Vec<String> = chunk
                .iter()
                .map(|n| {
                    n.split_whitespace()
                        .map(regex::escape)
                        .collect::<Vec<_>>()
                        .join(r"\s+")
                })
                .collect();
            let pattern = format!(r"(?i)\b(?:{})\b", alts.join("|"));
            match RegexBuilder::new(&pattern).size_limit(64 << 20).build() {
                Ok(re) => Some(re),
                Err(e) => {
                    tracing::error!("name redaction pattern: {e}");
                    None
                }
            }
        })
        .collect()
}

/// The exact strings (case-sensitive, on word boundaries), longest first.
fn literal_pattern(mut values: Vec<String>) -> Option<Regex> {
    if values.is_empty() {
        return None;
    }
    values.sort_by_key(|v| std::cmp::Reverse(v.len()));
    let alts: Vec<String> = values.iter().map(|v| regex::escape(v)).collect();
    RegexBuilder::new(&format!(r"\b(?:{})\b", alts.join("|")))
        .size_limit(64 << 20)
        .build()
        .ok()
}

/// Names every call redacts (everyone a store knows): full names only,
/// since a single first name of some person (Will, May, Grant) is too
/// often an ordinary word. Compiled once, shared between calls.
#[derive(Debug, Default)]
pub struct KnownNames {
    names: Vec<String>,
    patterns: Vec<Regex>,
}

impl KnownNames {
    pub fn new(names: &[String]) -> Self {
        let names = Self::normalise(names);
        Self {
            patterns: name_patterns(names.clone()),
            names,
        }
    }

    fn normalise(names: &[String]) -> Vec<String> {
        names
            .iter()
            .map(|n| n.split_whitespace().collect::<Vec<_>>().join(" "))
            .filter(|n| n.chars().count() >= 3)
            .collect()
    }

    /// Whether it was built from these names (cheap: nothing compiled).
    pub fn is_for(&self, names: &[String]) -> bool {
        self.names == Self::normalise(names)
    }

    /// The (normalised) names it was built from.
    pub fn names(&self) -> &[String] {
        &self.names
    }
}

/// Finds personal data in text.
#[derive(Debug, Clone, Default)]
pub struct Redactor {
    known: Option<Arc<KnownNames>>,
    /// The names of the people a call is about: full names and their parts.
    people: Vec<Regex>,
}

impl Redactor {
    /// `people`: full names of the people the text is about; their parts
    /// (of three letters or more) are redacted too.
    pub fn new(people: &[String]) -> Self {
        let mut parts: Vec<String> = Vec::new();
        for n in people {
            let n = n.split_whitespace().collect::<Vec<_>>().join(" ");
            parts.extend(
                n.split(' ')
                    .filter(|p| p.chars().count() >= 3)
                    .map(str::to_owned),
            );
            if !n.is_empty() {
                parts.push(n);
            }
        }
        Self {
            known: None,
            people: name_patterns(parts),
        }
    }

    /// Also redact these names (full names only).
    pub fn with_known(mut self, known: Arc<KnownNames>) -> Self {
        self.known = Some(known);
        self
    }

    /// Every value to its bare tag.
    pub fn redact(&self, text: &str) -> String {
        self.run(text, &mut Pseudonyms::default(), false)
    }

    /// Every value to an indexed placeholder, recorded in `table`.
    pub fn pseudonymise(&self, text: &str, table: &mut Pseudonyms) -> String {
        self.run(text, table, true)
    }

    /// The values of `table` to their placeholders, any other to its bare
    /// tag (what a reply's values not taken from the prompt become).
    pub fn redact_with(&self, text: &str, table: &Pseudonyms) -> String {
        self.run(text, &mut table.clone(), false)
    }

    fn run(&self, text: &str, table: &mut Pseudonyms, add: bool) -> String {
        let mut tag = |kind: Kind, value: &str| -> String {
            if add {
                table.add(kind, value)
            } else {
                table
                    .find(kind, value)
                    .unwrap_or_else(|| format!("[{}]", kind.tag()))
            }
        };
        let mut out = EMAIL
            .replace_all(text, |c: &regex::Captures| tag(Kind::Email, &c[0]))
            .into_owned();
        out = SECRET
            .replace_all(&out, |c: &regex::Captures| tag(Kind::Secret, &c[0]))
            .into_owned();
        out = STREET
            .replace_all(&out, |c: &regex::Captures| tag(Kind::Address, &c[0]))
            .into_owned();
        out = PHONE
            .replace_all(&out, |c: &regex::Captures| {
                // Years and ranges ("2019 - 2021") are not phone numbers.
                let digits = c[0].chars().filter(char::is_ascii_digit).count();
                if digits >= 7 && !DATES.is_match(c[0].trim()) {
                    tag(Kind::Phone, &c[0])
                } else {
                    c[0].to_owned()
                }
            })
            .into_owned();
        let known = self.known.iter().flat_map(|k| k.patterns.iter());
        let mut parts_seen: Vec<String> = Vec::new();
        for re in known.chain(self.people.iter()) {
            out = re
                .replace_all(&out, |c: &regex::Captures| {
                    let value = &c[0];
                    let placeholder = tag(Kind::Name, value);
                    if add {
                        // The words of a full name, as written here, so a
                        // reply that says only "Ada" is restored too.
                        parts_seen.extend(
                            value
                                .split_whitespace()
                                .filter(|w| {
                                    // "Ada", "O'Neil"; not "van", "de".
                                    *w != value
                                        && w.chars().count() >= 2
                                        && w.chars().next().is_some_and(char::is_uppercase)
                                })
                                .map(str::to_owned),
                        );
                    }
                    placeholder
                })
                .into_owned();
        }
        if add {
            for p in parts_seen {
                table.add(Kind::Name, &p);
            }
        }
        // A name of the table wherever it occurs as written (a surname
        // alone, in a reply, of someone the prompt named in full).
        let written: Vec<String> = table
            .values
            .iter()
            .filter(|(k, _)| *k == Kind::Name)
            .map(|(_, v)| v.clone())
            .collect();
        if let Some(re) = literal_pattern(written) {
            out = re
                .replace_all(&out, |c: &regex::Captures| {
                    table
                        .find(Kind::Name, &c[0])
                        .unwrap_or_else(|| format!("[{}]", Kind::Name.tag()))
                })
                .into_owned();
        }
        out
    }
}

/// Redact `text`; `names` are full names known to belong to people here.
pub fn redact(text: &str, names: &[String]) -> String {
    Redactor::new(names).redact(text)
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

    #[test]
    fn pseudonyms_are_consistent_and_restore_from_the_prompt_alone() {
        let r = Redactor::new(&["Ada Lovelace".into()]).with_known(Arc::new(KnownNames::new(&[
            "Charles  Babbage".into(),
            "Will Smith".into(),
        ])));
        let prompt = "Ada Lovelace <ada@example.com> and Charles\nBabbage (bob@example.org); \
                      key sk-abcdefghijklmnop0123; call +44 20 7946 0958 or ada@example.com.";
        let mut table = Pseudonyms::default();
        let p = r.pseudonymise(prompt, &mut table);
        assert_eq!(
            p,
            "[NAME_2] <[EMAIL_1]> and [NAME_1] ([EMAIL_2]); key [SECRET_1]; call [PHONE_1] or [EMAIL_1]."
        );
        // A reply: the prompt's values (also a part of a full name, in
        // another case only when written so in the prompt) get the prompt's
        // placeholders; values only in the reply are redacted for good.
        let reply = "Ada and Babbage: write to ada@example.com, not eve@example.net; \
                     Will Smith will help; Lovelace agrees.";
        let redacted = r.redact_with(reply, &table);
        assert_eq!(
            redacted,
            "[NAME_5] and [NAME_4]: write to [EMAIL_1], not [EMAIL]; [NAME] will help; [NAME_6] agrees."
        );
        // The same prompt builds the same table: the reply comes back.
        let mut again = Pseudonyms::default();
        assert_eq!(r.pseudonymise(prompt, &mut again), p);
        assert_eq!(again, table);
        assert_eq!(
            again.restore(&redacted),
            "Ada and Babbage: write to ada@example.com, not [EMAIL]; [NAME] will help; Lovelace agrees."
        );
        // A placeholder the table has no value for is only a tag.
        assert_eq!(
            again.restore("[NAME_99] [PHONE_1]"),
            "[NAME] +44 20 7946 0958"
        );
        // Nothing personal is left in either form.
        for text in [&p, &redacted] {
            for v in [
                "Ada", "Lovelace", "Babbage", "example", "7946", "sk-", "Smith",
            ] {
                assert!(!text.contains(v), "{v} in {text}");
            }
        }
    }

    #[test]
    fn thousands_of_known_names_compile_and_match() {
        let names: Vec<String> = (0..5000)
            .map(|i| format!("Person{i} Surname{}", i * 7))
            .collect();
        let known = Arc::new(KnownNames::new(&names));
        let r = Redactor::default().with_known(known);
        assert_eq!(
            r.redact("Met person4999 surname34993 and Person12 Surname84 today"),
            "Met [NAME] and [NAME] today"
        );
    }
}
