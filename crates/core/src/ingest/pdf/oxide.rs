//! Glyphs from pdf_oxide: every character (of its raw text spans, when the
//! file has replacement text) with its
//! baseline origin, size and advance, in page coordinates measured down from
//! the top of the page (rotated pages turned upright), page by page with the
//! deadline checked between pages. A span of replacement text (/ActualText,
//! which accessibility-minded producers put on icons and links) has no glyph
//! geometry and stays one piece, so its characters cannot interleave with
//! the visible text after it.

use super::layout::Glyph;
use super::{MAX_GLYPHS, MAX_PAGES};
use crate::error::ResumeError;
use pdf_oxide::PdfDocument;

/// Parsed fonts pdf_oxide keeps across documents.
const FONT_CACHE_ENTRIES: usize = 64;

enum Read {
    Spans(Vec<pdf_oxide::layout::TextSpan>),
    Chars(Vec<pdf_oxide::layout::TextChar>),
}

fn corrupt(e: impl std::fmt::Display) -> ResumeError {
    ResumeError::Corrupt(e.to_string())
}

/// `replacement_text`: whether the file uses /ActualText (the preflight
/// saw it in a content stream; `true` when it could not look). Only then
/// are the raw text spans read, which keep replacements whole but place
/// their glyphs from nominal widths; otherwise the characters, each at its
/// exact position.
pub(super) fn glyphs(
    bytes: &[u8],
    replacement_text: bool,
    warnings: &mut Vec<String>,
) -> Result<Vec<Vec<Glyph>>, ResumeError> {
    // pdf_oxide keeps parsed fonts across documents (1,024 by default): a
    // small cache keeps the common fonts of resume producers warm without
    // growing with every file a server imports.
    static FONT_CACHE: std::sync::Once = std::sync::Once::new();
    FONT_CACHE.call_once(|| pdf_oxide::set_global_font_cache_capacity(FONT_CACHE_ENTRIES));
    let doc = PdfDocument::from_bytes(bytes.to_vec()).map_err(corrupt)?;
    if doc.is_encrypted() && !doc.authenticate(b"").unwrap_or(false) {
        return Err(ResumeError::Encrypted);
    }
    let count = doc.page_count().map_err(corrupt)?;
    if count > MAX_PAGES {
        warnings.push(format!(
            "the PDF has {count} pages; the first {MAX_PAGES} were read"
        ));
    }
    let mut pages = Vec::new();
    let mut total = 0usize;
    for index in 0..count.min(MAX_PAGES) {
        lopdf::limits::check().map_err(super::limit_error)?;
        let read = if replacement_text {
            // The raw spans: pdf_oxide's post-processing (its own reading
            // order, running headers, per-glyph offsets read from a second
            // pass over the page) costs more than the spans themselves, and
            // `layout` does that work here.
            doc.extract_spans_with_config(index, Default::default())
                .map(Read::Spans)
        } else {
            doc.extract_chars(index).map(Read::Chars)
        };
        let read = match read {
            Ok(read) => read,
            Err(e) => {
                // One unreadable page does not lose the others.
                warnings.push(format!("page {} could not be read: {e}", index + 1));
                pages.push(Vec::new());
                continue;
            }
        };
        let (x0, y0, x1, y1) = doc
            .get_page_media_box(index)
            .unwrap_or((0.0, 0.0, 612.0, 792.0));
        let (width, height) = ((x1 - x0).abs() as f64, (y1 - y0).abs() as f64);
        let (left, top) = (x0.min(x1) as f64, y0.max(y1) as f64);
        let rotation = doc.get_page_rotation(index).unwrap_or(0).rem_euclid(360);
        // Upright coordinates (down from the top) of a point of the page.
        let place = |x: f32, y: f32| {
            let (ox, oy) = (f64::from(x) - left, top - f64::from(y));
            match rotation {
                90 => (height - oy, ox),
                180 => (width - ox, height - oy),
                270 => (oy, width - ox),
                _ => (ox, oy),
            }
        };
        let mut page: Vec<Glyph> = Vec::new();
        let spans = match read {
            Read::Spans(spans) => spans,
            Read::Chars(chars) => {
                for c in chars {
                    if c.char.is_whitespace() || c.char.is_control() {
                        continue;
                    }
                    let size = f64::from(c.font_size.max(0.0));
                    if !(size.is_finite() && size > 0.5) {
                        continue;
                    }
                    let (x, y) = place(c.origin_x, c.origin_y);
                    let advance = f64::from(c.rendered_advance.max(c.advance_width)).abs();
                    page.push(Glyph {
                        x,
                        y,
                        advance: if advance > 0.0 { advance } else { size * 0.5 },
                        size,
                        text: compact_str::CompactString::new(c.char.encode_utf8(&mut [0; 4])),
                    });
                }
                Vec::new()
            }
        };
        // The page as shown, for spans set outside it (which the raw spans
        // keep and the page never shows).
        let (shown_w, shown_h) = if matches!(rotation, 90 | 270) {
            (height, width)
        } else {
            (width, height)
        };
        for span in &spans {
            let size = f64::from(span.font_size.max(0.0));
            if !(size.is_finite() && size > 0.5) || span.text.trim().is_empty() {
                continue;
            }
            let (x, y) = place(span.bbox.x, span.bbox.y);
            if x > shown_w || y < 0.0 || y > shown_h + size || x + f64::from(span.bbox.width) < 0.0
            {
                continue;
            }
            let chars: Vec<char> = span.text.chars().collect();
            if span.bbox.width <= 0.01 {
                // Replacement text (/ActualText of an icon or a link) has no
                // glyph geometry of its own: keep it whole, where it starts,
                // as the page shows it (see `printed_form`).
                let Some(text) = printed_form(&span.text) else {
                    continue;
                };
                let (x, y) = place(span.bbox.x, span.bbox.y);
                page.push(Glyph {
                    x,
                    y,
                    advance: size * 0.5,
                    size,
                    text: text.into(),
                });
                continue;
            }
            let end = span.bbox.x + span.bbox.width;
            let starts = char_starts(span, &chars);
            for (i, c) in chars.iter().enumerate() {
                if c.is_whitespace() || c.is_control() {
                    continue;
                }
                let start = starts[i];
                let next = starts.get(i + 1).copied().unwrap_or(end);
                let (x, y) = place(start, span.bbox.y);
                page.push(Glyph {
                    x,
                    y,
                    advance: f64::from((next - start).abs()).max(size * 0.1),
                    size,
                    text: compact_str::CompactString::new(c.encode_utf8(&mut [0; 4])),
                });
            }
        }
        total += page.len();
        if total > MAX_GLYPHS {
            return Err(ResumeError::Inflated {
                limit: MAX_GLYPHS as u64,
            });
        }
        pages.push(page);
    }
    Ok(pages)
}

/// Where each character of a span starts. pdf_oxide's per-glyph offsets are
/// exact when they are consistent (increasing, inside the span); when they
/// are not (seen on kerned text, where one offset came from another span)
/// the nominal widths are summed from the span's start instead (the raw
/// spans have none), and with neither the span's width is shared out evenly.
fn char_starts(span: &pdf_oxide::layout::TextSpan, chars: &[char]) -> Vec<f32> {
    let n = chars.len();
    let (x0, x1) = (span.bbox.x, span.bbox.x + span.bbox.width);
    let offsets = &span.char_x_offsets;
    let consistent = offsets.len() == n
        && offsets.windows(2).all(|w| w[1] >= w[0] - 0.01)
        && offsets.iter().all(|&x| x >= x0 - 0.5 && x <= x1 + 0.5);
    if consistent {
        return offsets.clone();
    }
    let nominal: f32 = span.char_widths.iter().sum();
    if span.char_widths.len() == n && nominal > 0.0 {
        // Nominal widths leave out character spacing (letter-spaced
        // headings), word spacing and the kerning of TJ arrays. What the
        // span measures beyond them goes to its spaces of no width, where a
        // producer moved the pen instead of drawing a space and the
        // extractor put one in, or else to every glyph alike, as character
        // spacing does; a span narrower than its widths is scaled. Either
        // way every glyph stays inside its span and in its order.
        let blank = |c: &char, w: f32| c.is_whitespace() && w < 0.01;
        let blanks = chars
            .iter()
            .zip(&span.char_widths)
            .filter(|(c, w)| blank(c, **w))
            .count();
        let excess = span.bbox.width - nominal;
        let (scale, per_blank, per_glyph) = if excess > 0.0 && blanks > 0 {
            (1.0, excess / blanks as f32, 0.0)
        } else if excess > 0.0 {
            (1.0, 0.0, excess / n as f32)
        } else if span.bbox.width > 0.0 {
            (span.bbox.width / nominal, 0.0, 0.0)
        } else {
            (1.0, 0.0, 0.0)
        };
        let mut x = x0;
        return span
            .char_widths
            .iter()
            .zip(chars)
            .map(|(w, c)| {
                let start = x;
                x += w * scale + per_glyph + if blank(c, *w) { per_blank } else { 0.0 };
                start
            })
            .collect();
    }
    let step = span.bbox.width / n.max(1) as f32;
    (0..n).map(|i| x0 + step * i as f32).collect()
}

/// Replacement text as the page shows it. Producers that care for screen
/// readers put /ActualText on icons ("email: ", "Location:") and on links
/// (the URI, "mailto:…", "tel:…"): a spoken label of an icon is not printed
/// and is dropped; a link's scheme is taken off so the address or number
/// reads as printed; a web address stays whole (it says more than the
/// printed handle).
fn printed_form(actual: &str) -> Option<String> {
    let t = actual.trim();
    let label = t.ends_with(':') && t.split_whitespace().count() <= 3 && t.chars().count() <= 24;
    if t.is_empty() || label {
        return None;
    }
    for scheme in ["mailto:", "tel:", "sms:", "callto:"] {
        if let Some(rest) = crate::fold::strip_prefix_ignore_ascii_case(t, scheme) {
            return Some(rest.trim().to_owned());
        }
    }
    Some(t.to_owned())
}

#[cfg(test)]
mod tests {
    use super::{char_starts, printed_form};
    use pdf_oxide::geometry::Rect;
    use pdf_oxide::layout::TextSpan;

    fn span(text: &str, width: f32, widths: &[f32]) -> (TextSpan, Vec<char>) {
        let span = TextSpan {
            text: text.to_owned(),
            bbox: Rect::new(100.0, 0.0, width, 10.0),
            char_widths: widths.to_vec(),
            ..TextSpan::default()
        };
        (span, text.chars().collect())
    }

    #[test]
    fn raw_span_glyphs_are_fitted_to_the_span() {
        // A space the extractor put in where the pen moved takes the gap.
        let (s, c) = span("ab cd", 50.0, &[5.0, 5.0, 0.0, 5.0, 5.0]);
        assert_eq!(char_starts(&s, &c), vec![100.0, 105.0, 110.0, 140.0, 145.0]);
        // Letter spacing (no blank space) goes to every glyph alike.
        let (s, c) = span("ABC", 30.0, &[5.0, 5.0, 5.0]);
        assert_eq!(char_starts(&s, &c), vec![100.0, 110.0, 120.0]);
        // A span narrower than its widths is scaled into it.
        let (s, c) = span("ab", 5.0, &[5.0, 5.0]);
        assert_eq!(char_starts(&s, &c), vec![100.0, 102.5]);
    }

    #[test]
    fn replacement_text_reads_as_printed() {
        assert_eq!(printed_form("email: "), None);
        assert_eq!(printed_form("Location:"), None);
        assert_eq!(
            printed_form("mailto:jane@example.org").as_deref(),
            Some("jane@example.org")
        );
        assert_eq!(
            printed_form("TEL:+1 555 0100").as_deref(),
            Some("+1 555 0100")
        );
        assert_eq!(
            printed_form("https://example.org/in/jane").as_deref(),
            Some("https://example.org/in/jane")
        );
        assert_eq!(printed_form("fi").as_deref(), Some("fi"));
    }
}
