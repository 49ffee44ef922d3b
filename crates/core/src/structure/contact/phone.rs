//! The phone number, in E.164 where the country is knowable.

use crate::resume::Basics;
use crate::structure::{Line, Section, clean};
use regex::Regex;
use std::sync::LazyLock;

pub(super) static PHONE: LazyLock<Regex> =
    // Unicode hyphens (XeTeX's "70‐0349‐7668") count as the ASCII one.
    LazyLock::new(|| Regex::new(r"(?:\+|\b00)?\(?\d[\d\s().\-/‐‑]{5,}\d\b").unwrap());
pub(super) static PHONE_LABEL: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?i)\b(?:tel|phone|mobile|mobil|handy|cell|telefon|téléphone|portable|fon)\b|☎|✆|電話|电话|手机|手機|携帯",
    )
    .unwrap()
});
pub(super) fn find_phone(lines: &[&Line<'_>]) -> Option<(String, crate::resume::Span, bool)> {
    let mut fallback = None;
    for (i, line) in lines.iter().enumerate() {
        // A form's label may sit on the line above the number ("電話" /
        // "090-1234-5678").
        let label_above = i > 0 && {
            let above = clean(lines[i - 1].text);
            PHONE_LABEL
                .find(above)
                .is_some_and(|m| m.start() == 0 && m.end() == above.len())
        };
        for m in PHONE.find_iter(line.text) {
            let raw = m.as_str().trim();
            let digits = raw.chars().filter(char::is_ascii_digit).count();
            // "〒150-0001": a Japanese postcode.
            let postcode = line.text[..m.start()].trim_end().ends_with('〒');
            if !(7..=15).contains(&digits) || looks_like_dates(raw) || postcode {
                continue;
            }
            let span = crate::resume::Span {
                start: line.start + m.start(),
                end: line.start + m.end(),
            };
            let labelled = PHONE_LABEL.is_match(line.text) || label_above || raw.starts_with('+');
            if labelled {
                return Some((raw.to_owned(), span, true));
            }
            fallback.get_or_insert((raw.to_owned(), span, false));
        }
    }
    fallback
}

pub(super) fn looks_like_dates(s: &str) -> bool {
    static RANGE: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"^(?:\d{1,2}[/.])?(?:19|20)\d{2}\s*[-/–]\s*(?:\d{1,2}[/.])?(?:19|20)\d{2}$")
            .unwrap()
    });
    RANGE.is_match(s.trim())
}

pub(super) fn country_hint(
    sections: &[Section<'_>],
    basics: &Basics,
) -> Option<phonenumber::country::Id> {
    use phonenumber::country::Id;
    if let Some(code) = basics
        .location
        .as_ref()
        .and_then(|l| l.country_code.as_deref())
    {
        return code.parse().ok();
    }
    let text: String = sections
        .iter()
        .flat_map(|s| std::iter::once(s.heading.as_str()).chain(s.lines.iter().map(|l| l.text)))
        .take(200)
        .collect::<Vec<_>>()
        .join(" ")
        .to_lowercase();
    let german = [
        "lebenslauf",
        " und ",
        "straße",
        "deutschland",
        "berufserfahrung",
        "kenntnisse",
    ]
    .iter()
    .filter(|w| text.contains(*w))
    .count();
    let french = [" et ", "expérience", "compétences", "formation", "langues"]
        .iter()
        .filter(|w| text.contains(*w))
        .count();
    if german >= 2 {
        Some(Id::DE)
    } else if french >= 3 {
        Some(Id::FR)
    } else {
        None
    }
}

/// E.164 when the number is valid for its (written or inferred) country;
/// otherwise the number exactly as written.
pub(super) fn normalise_phone(
    raw: &str,
    country: Option<phonenumber::country::Id>,
) -> (String, bool) {
    let raw = raw.trim();
    let international = raw.starts_with('+') || raw.starts_with("00");
    let hint = if international { None } else { country };
    let ascii = raw.replace(['\u{2010}', '\u{2011}'], "-");
    if (international || hint.is_some())
        && let Ok(number) = phonenumber::parse(hint, &ascii)
        && phonenumber::is_valid(&number)
    {
        return (
            number.format().mode(phonenumber::Mode::E164).to_string(),
            true,
        );
    }
    (raw.to_owned(), false)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lines(text: &str) -> Vec<Line<'_>> {
        crate::structure::lines_for_test(text)
    }

    #[test]
    fn a_form_labels_the_phone_above_it_and_a_postcode_is_no_phone() {
        let all = lines("現住所 〒150-0001\n東京都渋谷区神宮前1-1-1\n電話\n090-1234-5678\n");
        let refs: Vec<&Line<'_>> = all.iter().collect();
        let (raw, _, labelled) = find_phone(&refs).expect("phone");
        assert_eq!((raw.as_str(), labelled), ("090-1234-5678", true));
    }

    #[test]
    fn phones_with_unicode_hyphens() {
        let all = lines("電話：+81 70‐0349‐7668 メール：kenta.ito@example.com\n");
        let refs: Vec<&Line<'_>> = all.iter().collect();
        let (raw, _, _) = find_phone(&refs).expect("phone");
        assert_eq!(raw.trim(), "+81 70‐0349‐7668");
    }

    #[test]
    fn phones_normalise_only_when_the_country_is_known() {
        use phonenumber::country::Id;
        assert_eq!(
            normalise_phone("030 1234567", Some(Id::DE)).0,
            "+49301234567"
        );
        assert_eq!(
            normalise_phone("0151 23456789", Some(Id::DE)).0,
            "+4915123456789"
        );
        // Too short for a German mobile number: kept as written, not guessed.
        assert_eq!(
            normalise_phone("0151 234567", Some(Id::DE)),
            ("0151 234567".into(), false)
        );
        assert_eq!(normalise_phone("+1 (415) 555-2671", None).0, "+14155552671");
        assert_eq!(
            normalise_phone("000-000-0000", None),
            ("000-000-0000".into(), false)
        );
    }
}
