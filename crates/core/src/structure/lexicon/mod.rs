//! Word lists, one module per class of text, apart from the logic that
//! segments documents. Each list covers the languages the structuring
//! claims (English, German, French, Spanish; Japanese and Chinese where
//! the class has words there) and names the class it stands for; none
//! holds a word because one document used it.
//!
//! - `titles`: job-title vocabulary (role nouns, ranks, programme positions)
//! - `organisations`: organisation-name shapes (legal forms, institution
//!   nouns such as "… GmbH", "… National Park", "Parc national …")
//! - `education`: institution and degree words
//! - `headings`: the section-heading dictionary
//! - `dates`: month names, "until now" words, Japanese eras
//! - `languages`: names of spoken languages
//! - `letters`: the parts of an application letter (salutations,
//!   closings, addressees, document titles, date-line articles)

pub mod dates;
pub mod education;
pub mod headings;
pub mod languages;
pub mod letters;
pub mod organisations;
pub mod skill_groups;
pub mod titles;

/// Lower-cased word tokens of a cell: letters and digits, with inner
/// hyphens kept ("co-founder") and dots dropped ("e.V." → "ev",
/// "Inc." → "inc").
pub fn tokens(s: &str) -> Vec<String> {
    s.split(|c: char| !(c.is_alphanumeric() || c == '-' || c == '.'))
        .map(|w| {
            w.chars()
                .filter(|c| *c != '.')
                .flat_map(char::to_lowercase)
                .collect::<String>()
        })
        .map(|w| w.trim_matches('-').to_owned())
        .filter(|w| !w.is_empty())
        .collect()
}

/// Whether a character is Chinese, Japanese or Korean script (Han, kana,
/// Hangul): such text has no spaces between words.
pub fn is_cjk(c: char) -> bool {
    matches!(c as u32,
        0x3040..=0x30FF | 0x31F0..=0x31FF | 0x3400..=0x4DBF | 0x4E00..=0x9FFF
        | 0xF900..=0xFAFF | 0xAC00..=0xD7AF | 0xFF66..=0xFF9F)
}

pub fn has_cjk(s: &str) -> bool {
    s.chars().any(is_cjk)
}

/// German forms a compound by putting the head noun last
/// ("Projektleiter", "Kinderarzt", "Stadtverwaltung"): true when `word`
/// ends in one of `heads` after a modifier of at least three letters.
pub fn german_compound_of(word: &str, heads: &[&str]) -> bool {
    // A modifier of three letters and a head of four: seven bytes at least.
    word.len() >= 7
        && heads.iter().any(|head| {
            word.ends_with(head)
                && head.chars().count() >= 4
                && word[..word.len() - head.len()].chars().count() >= 3
        })
}

/// The masculine (listed) forms a feminine or inflected job title may come
/// from: German "-in"/"-innen" ("Entwicklerin"), French "-euse"/"-rice"
/// ("développeuse", "directrice" → "-eur"), "-ière"/"-ère" ("infirmière",
/// "conseillère"), "-ienne" ("technicienne") and a final "-e"
/// ("ingénieure", "consultante", "associée").
pub fn masculine_forms(word: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut swap = |suffix: &str, with: &str| {
        if let Some(stem) = word.strip_suffix(suffix)
            && stem.chars().count() >= 3
        {
            out.push(format!("{stem}{with}"));
        }
    };
    swap("innen", "");
    swap("in", "");
    swap("euse", "eur");
    swap("rice", "eur");
    swap("ière", "ier");
    swap("ère", "er");
    swap("ienne", "ien");
    swap("e", "");
    // Spanish: "ingeniera" → "ingeniero", "profesora" → "profesor".
    swap("a", "o");
    swap("a", "");
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokens_drop_dots_and_keep_inner_hyphens() {
        assert_eq!(
            tokens("Beispiel e.V., Co-Founder (Inc.)"),
            ["beispiel", "ev", "co-founder", "inc"]
        );
    }

    #[test]
    fn german_compounds_are_read_by_their_last_part() {
        assert!(german_compound_of("kinderarzt", &["arzt"]));
        assert!(!german_compound_of("arzt", &["arzt"]));
        // A head shorter than four letters never matches inside a word.
        assert!(!german_compound_of("beamt", &["amt"]));
    }

    #[test]
    fn feminine_titles_lead_back_to_their_listed_form() {
        for (word, base) in [
            ("entwicklerin", "entwickler"),
            ("directrice", "directeur"),
            ("vendeuse", "vendeur"),
            ("infirmière", "infirmier"),
            ("technicienne", "technicien"),
            ("consultante", "consultant"),
        ] {
            assert!(
                masculine_forms(word).iter().any(|f| f == base),
                "{word}: {:?}",
                masculine_forms(word)
            );
        }
    }
}
