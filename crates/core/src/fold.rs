//! Case folding that keeps byte offsets.
//!
//! `str::to_lowercase` may change a string's byte length (`İ` → `i̇` grows,
//! the Kelvin sign `K` → `k` and the Ångström sign `Å` → `å` shrink), so an
//! offset found in the lowered copy is not an offset of the original, and
//! slicing the original with it panics or cuts the wrong text. Every search
//! that reports positions in the original lowers with [`lower_in_place`]
//! instead: a character whose lower case has a different UTF-8 length is
//! kept as written (it then only matches itself, which is what it would
//! have matched before folding in every pattern we use: they are ASCII).

/// The text in lower case, byte for byte aligned with the original: every
/// offset (and char boundary) of one is an offset of the other.
pub fn lower_in_place(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        let mut lower = c.to_lowercase();
        match (lower.next(), lower.next()) {
            (Some(l), None) if l.len_utf8() == c.len_utf8() => out.push(l),
            _ => out.push(c),
        }
    }
    debug_assert_eq!(out.len(), text.len());
    out
}

/// `text` without its `prefix`, compared ignoring ASCII case; `None` when
/// it does not start with it. Offsets in the rest are offsets of `text`.
pub fn strip_prefix_ignore_ascii_case<'a>(text: &'a str, prefix: &str) -> Option<&'a str> {
    let head = text.as_bytes().get(..prefix.len())?;
    if head.eq_ignore_ascii_case(prefix.as_bytes()) && text.is_char_boundary(prefix.len()) {
        Some(&text[prefix.len()..])
    } else {
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn offsets_survive_characters_whose_case_changes_length() {
        // İ (2 bytes) lowers to 3 bytes, K and Å (3 bytes) to 1 and 2:
        // to_lowercase keeps the total here but moves every offset.
        let text = "İ Python– \u{212B} \u{212A}otlin Straße ΣΑΣ";
        let lower = lower_in_place(text);
        assert_eq!(lower.len(), text.len());
        for (i, _) in text.char_indices() {
            assert!(lower.is_char_boundary(i), "offset {i}");
        }
        let at = lower.find("python").unwrap();
        assert_eq!(&text[at..at + 6], "Python");
        assert!(lower.contains("straße σασ") || lower.contains("straße σας"));
    }

    #[test]
    fn prefixes_are_stripped_on_the_original() {
        assert_eq!(
            strip_prefix_ignore_ascii_case("LOCATION: \u{212A}iel", "location:"),
            Some(" \u{212A}iel")
        );
        assert_eq!(strip_prefix_ignore_ascii_case("Loc", "location:"), None);
        // A multi-byte character where the prefix would end is no match.
        assert_eq!(strip_prefix_ignore_ascii_case("ab\u{e9}", "abc"), None);
    }
}
