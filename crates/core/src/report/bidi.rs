//! Right-to-left text for reports. PDF draws glyphs left to right in the
//! order given, so a line of Hebrew or Arabic is put in visual order
//! (the Unicode bidirectional algorithm, `unicode-bidi`), and Arabic letters
//! take their joined forms first (initial, medial, final, isolated, and the
//! lam-alef ligatures, as Unicode presentation forms: `ar-reshaper`),
//! since the report embeds fonts without a shaping engine.

use std::borrow::Cow;
use unicode_bidi::{BidiInfo, Level};

/// Whether `c` is written right to left (Hebrew, Arabic, Syriac, Thaana,
/// N'Ko and their presentation forms).
pub(super) fn is_rtl(c: char) -> bool {
    matches!(
        unicode_bidi::bidi_class(c),
        unicode_bidi::BidiClass::R | unicode_bidi::BidiClass::AL
    )
}

/// Arabic-script letters in their joined forms; anything else unchanged.
pub(super) fn shape(text: &str) -> Cow<'_, str> {
    let arabic = |c: char| matches!(c, '\u{0600}'..='\u{06FF}' | '\u{0750}'..='\u{077F}');
    if text.chars().any(arabic) {
        Cow::Owned(ar_reshaper::reshape_line(text))
    } else {
        Cow::Borrowed(text)
    }
}

/// The paragraph's direction from its first strong character: right to
/// left when that is Hebrew or Arabic.
pub(super) fn paragraph_is_rtl(text: &str) -> bool {
    unicode_bidi::get_base_direction(text) == unicode_bidi::Direction::Rtl
}

/// The visual order of one line of `items` (each with its character):
/// indices into `items`, left to right. `rtl`: the paragraph's direction
/// (`None`: from the line's first strong character).
pub(super) fn visual_order<T>(
    items: &[T],
    ch: impl Fn(&T) -> char,
    rtl: Option<bool>,
) -> Vec<usize> {
    let text: String = items.iter().map(&ch).collect();
    if !text.chars().any(is_rtl) {
        return (0..items.len()).collect();
    }
    // Byte offset of each character → its index.
    let mut index = vec![0usize; text.len()];
    for (i, (at, c)) in text.char_indices().enumerate() {
        index[at..at + c.len_utf8()].fill(i);
    }
    let level = rtl.map(|r| if r { Level::rtl() } else { Level::ltr() });
    let info = BidiInfo::new(&text, level);
    let mut out = Vec::with_capacity(items.len());
    for para in &info.paragraphs {
        let (levels, runs) = info.visual_runs(para, para.range.clone());
        for run in runs {
            let mut chars: Vec<usize> = text[run.clone()]
                .char_indices()
                .map(|(at, _)| index[run.start + at])
                .collect();
            if levels[run.start].is_rtl() {
                chars.reverse();
            }
            out.extend(chars);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn visual(text: &str, rtl: Option<bool>) -> String {
        let chars: Vec<char> = text.chars().collect();
        visual_order(&chars, |c| *c, rtl)
            .into_iter()
            .map(|i| chars[i])
            .collect()
    }

    #[test]
    fn right_to_left_runs_are_reversed_and_left_to_right_ones_kept() {
        assert_eq!(visual("plain text", None), "plain text");
        assert_eq!(visual("שלום", None), "םולש");
        // A Hebrew paragraph with an English word and a number in it.
        assert_eq!(visual("שלום Rust 2024", None), "Rust 2024 םולש");
        // An English paragraph with a Hebrew word in it.
        assert_eq!(visual("I said שלום twice", None), "I said םולש twice");
        // The paragraph's direction decides where a leading word goes.
        assert_eq!(visual("Rust שלום", Some(true)), "םולש Rust");
    }

    #[test]
    fn arabic_letters_join() {
        // "salam": seen initial, lam-alef ligature (final), meem isolated.
        let shaped = shape("سلام");
        assert_eq!(shaped, "\u{FEB3}\u{FEFC}\u{FEE1}");
        assert!(paragraph_is_rtl(&shaped));
        assert_eq!(shape("Latin only"), "Latin only");
        assert!(!paragraph_is_rtl("Latin first, then سلام"));
    }
}
