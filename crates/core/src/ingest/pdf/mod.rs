//! PDF text in reading order.
//!
//! Glyphs come from pdf_oxide (`oxide.rs`): it reads the fonts resume
//! producers use (Type 1, TrueType, CID-keyed CJK fonts with their CMaps,
//! Typst's and browsers' subsets), repairs broken cross-reference tables and
//! reports every glyph with its position, size and weight. Our own layout
//! (`layout.rs`) then rebuilds lines and columns with a recursive XY-cut.
//! The earlier glyph source, pdf-extract (`legacy.rs`), stays for side-by-
//! side comparison (`ats bench pdf`); ARCHITECTURE.md has the figures that
//! chose between them.
//!
//! Every PDF is bounded before its text is read. A preflight decodes each
//! stream once through the vendored lopdf with its limits installed (no
//! stream past [`MAX_STREAM_BYTES`], all together past
//! [`MAX_DOCUMENT_BYTES`], stacked filters and object streams included, and
//! the deadline); a file lopdf cannot load (a broken cross-reference table)
//! is scanned for its compressed streams instead. Only a file that passes
//! is handed to the glyph source, page by page, with the deadline checked
//! between pages and at most [`MAX_PAGES`] pages read.

mod layout;
mod legacy;
mod ocr;
mod oxide;

use super::Deadline;
use crate::error::ResumeError;
use lopdf::limits::Exceeded;

/// Largest decoded size of one PDF stream (a resume page's content stream
/// is kilobytes; embedded fonts a few megabytes).
pub const MAX_STREAM_BYTES: usize = 32 * 1024 * 1024;
/// Largest decoded size of all streams of one PDF together (streams that
/// are decoded again, such as a form drawn on every page, count each time).
pub const MAX_DOCUMENT_BYTES: usize = 256 * 1024 * 1024;
/// Most glyphs read from one PDF (a dense page has about 5,000).
pub const MAX_GLYPHS: usize = 4_000_000;
/// Pages read from one PDF; the rest are reported as skipped.
pub const MAX_PAGES: usize = 100;
/// Text-showing operations in one PDF (a dense resume page has a few
/// thousand). The glyph source cannot be interrupted within a page, so this
/// bounds the work of the longest page.
pub const MAX_TEXT_OPERATIONS: usize = 300_000;

/// Array and dictionary nesting a PDF may have (real files stay under 20;
/// parsers recurse on it, and a stack overflow cannot be caught).
pub const MAX_NESTING: usize = 256;

/// Whether arrays and dictionaries are nested deeper than `limit` anywhere
/// in the file: one pass over the bytes, skipping strings, comments and
/// stream data.
fn nesting_exceeds(bytes: &[u8], limit: usize) -> bool {
    let mut depth = 0usize;
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'%' => {
                while i < bytes.len() && !matches!(bytes[i], b'\n' | b'\r') {
                    i += 1;
                }
            }
            b'(' => {
                // A literal string: balanced parentheses, backslash escapes.
                let mut open = 0usize;
                while i < bytes.len() {
                    match bytes[i] {
                        b'\\' => i += 1,
                        b'(' => open += 1,
                        b')' => {
                            open -= 1;
                            if open == 0 {
                                break;
                            }
                        }
                        _ => {}
                    }
                    i += 1;
                }
            }
            b'[' => depth += 1,
            b'<' if bytes.get(i + 1) == Some(&b'<') => {
                depth += 1;
                i += 1;
            }
            b'<' => {
                // A hex string.
                while i < bytes.len() && bytes[i] != b'>' {
                    i += 1;
                }
            }
            b']' => depth = depth.saturating_sub(1),
            b'>' if bytes.get(i + 1) == Some(&b'>') => {
                depth = depth.saturating_sub(1);
                i += 1;
            }
            b's' if bytes[i..].starts_with(b"stream") => {
                // Stream data is not syntax.
                match find(&bytes[i..], b"endstream") {
                    Some(end) => i += end + b"endstream".len() - 1,
                    None => return depth > limit,
                }
            }
            _ => {}
        }
        if depth > limit {
            return true;
        }
        i += 1;
    }
    false
}

/// Text-showing operators (`Tj`, `TJ`) in decoded content; an estimate
/// (binary data can contain the bytes by chance), which is all a bound needs.
fn text_operations(content: &[u8]) -> usize {
    memchr::memmem::find_iter(content, b"Tj").count()
        + memchr::memmem::find_iter(content, b"TJ").count()
}

fn too_many_operations(count: usize) -> Result<(), ResumeError> {
    if count > MAX_TEXT_OPERATIONS {
        return Err(ResumeError::TooComplex(format!(
            "over {MAX_TEXT_OPERATIONS} text operations"
        )));
    }
    Ok(())
}

/// Where glyphs come from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PdfBackend {
    /// pdf_oxide (the default).
    Oxide,
    /// pdf-extract, the earlier source (for comparison).
    PdfExtract,
}

/// The text of a PDF and what came with it.
#[derive(Debug, Clone, Default)]
pub struct PdfText {
    /// One line per visual line, columns in reading order, runs separated
    /// by wide gaps joined with a tab; pages end with a blank line.
    pub text: String,
    /// Targets of link annotations (profiles behind icons, `mailto:`).
    pub links: Vec<String>,
    /// What the reader should know (pages skipped, repairs made).
    pub warnings: Vec<String>,
}

/// Extract the text of a PDF under the decoding limits and `deadline`.
pub fn extract(bytes: &[u8], deadline: Option<Deadline>) -> Result<PdfText, ResumeError> {
    extract_with(bytes, deadline, PdfBackend::Oxide)
}

/// [`extract`] with a chosen glyph source.
pub fn extract_with(
    bytes: &[u8],
    deadline: Option<Deadline>,
    backend: PdfBackend,
) -> Result<PdfText, ResumeError> {
    let limits = lopdf::limits::Limits {
        per_stream: MAX_STREAM_BYTES,
        per_document: MAX_DOCUMENT_BYTES,
        deadline: deadline.map(|d| d.at),
    };
    let (result, exceeded) =
        lopdf::limits::with_limits(limits, || extract_within_limits(bytes, backend));
    // A scan: read it with OCR when the machine has it (child processes,
    // outside the decoding limits but under the same deadline).
    let result = match (result, exceeded) {
        (Err(ResumeError::NeedsOcr), None) => match ocr::OcrEngine::installed() {
            Some(engine) => read_scan(engine, bytes, deadline),
            None => Err(ResumeError::NeedsOcr),
        },
        (result, _) => result,
    };
    // A reached limit wins over whatever error it caused on the way out
    // (some are swallowed or turned into panics by the PDF stack).
    match exceeded {
        Some(Exceeded::Deadline) => Err(ResumeError::Timeout(
            deadline.map_or(0, |d| d.limit.as_millis() as u64),
        )),
        Some(Exceeded::Stream(limit) | Exceeded::Document(limit)) => Err(ResumeError::Inflated {
            limit: limit as u64,
        }),
        None => result,
    }
}

fn read_scan(
    engine: &ocr::OcrEngine,
    bytes: &[u8],
    deadline: Option<Deadline>,
) -> Result<PdfText, ResumeError> {
    let mut warnings = Vec::new();
    let pages =
        ocr::glyphs(engine, bytes, deadline.map(|d| d.at), &mut warnings).map_err(|e| match e {
            ResumeError::Timeout(_) => {
                ResumeError::Timeout(deadline.map_or(0, |d| d.limit.as_millis() as u64))
            }
            other => other,
        })?;
    if pages.iter().all(Vec::is_empty) {
        return Err(ResumeError::NeedsOcr);
    }
    Ok(PdfText {
        text: text_of_pages(pages),
        links: Vec::new(),
        warnings,
    })
}

/// Lines of every page in reading order; running headers and footers are
/// kept once (a footer may be the only place a contact line is written).
fn text_of_pages(pages: Vec<Vec<layout::Glyph>>) -> String {
    let pages: Vec<Vec<String>> = pages
        .into_iter()
        .map(|page| layout::layout(layout::runs_of(page)))
        .collect();
    let running = layout::running_lines(&pages);
    let mut kept = std::collections::HashSet::new();
    let mut out = String::new();
    for page in &pages {
        for line in page.iter().filter(|l| {
            let key = layout::page_key(l);
            !running.contains(&key) || kept.insert(key)
        }) {
            out.push_str(line);
            out.push('\n');
        }
        out.push('\n');
    }
    super::text::normalise(&out)
}

fn extract_within_limits(bytes: &[u8], backend: PdfBackend) -> Result<PdfText, ResumeError> {
    if nesting_exceeds(bytes, MAX_NESTING) {
        return Err(ResumeError::Corrupt(format!(
            "objects nested deeper than {MAX_NESTING} levels"
        )));
    }
    let Preflight {
        doc: checked,
        replacement_text,
    } = preflight(bytes)?;
    let mut warnings = Vec::new();
    let pages = match (backend, &checked) {
        (PdfBackend::Oxide, _) => oxide::glyphs(bytes, replacement_text, &mut warnings)?,
        (PdfBackend::PdfExtract, Some(doc)) => legacy::glyphs(doc)?,
        (PdfBackend::PdfExtract, None) => {
            return Err(ResumeError::Corrupt(
                "the cross-reference table is broken".into(),
            ));
        }
    };
    let glyphs: usize = pages.iter().map(Vec::len).sum();
    if glyphs == 0 {
        return Err(match &checked {
            // Damaged beyond what the glyph source could repair.
            None => ResumeError::Corrupt("no text could be read from the damaged file".into()),
            Some(doc) if has_images(doc) => ResumeError::NeedsOcr,
            Some(_) => ResumeError::Empty,
        });
    }
    lopdf::limits::check().map_err(|_| ResumeError::Timeout(0))?;
    Ok(PdfText {
        text: text_of_pages(pages),
        links: checked.as_ref().map(link_targets).unwrap_or_default(),
        warnings,
    })
}

/// What the preflight learnt of a file.
struct Preflight {
    /// The loaded document, or `None` when lopdf could not load the file.
    doc: Option<lopdf::Document>,
    /// Whether content uses /ActualText (assumed when it could not look).
    replacement_text: bool,
}

/// Decode every stream once under the installed limits, so no later reader
/// can be made to inflate a bomb. Returns the loaded document, or `None`
/// when lopdf cannot load the file (its compressed streams were then
/// scanned in the raw bytes instead).
fn preflight(bytes: &[u8]) -> Result<Preflight, ResumeError> {
    let mut doc = match lopdf::Document::load_mem(bytes) {
        Ok(doc) => doc,
        Err(lopdf::Error::Limit(e)) => return Err(limit_error(e)),
        Err(lopdf::Error::Decryption(_) | lopdf::Error::AlreadyEncrypted) => {
            return Err(ResumeError::Encrypted);
        }
        Err(_) => {
            scan_raw_streams(bytes)?;
            return Ok(Preflight {
                doc: None,
                replacement_text: true,
            });
        }
    };
    if doc.is_encrypted() && doc.decrypt("").is_err() {
        return Err(ResumeError::Encrypted);
    }
    // A limit reached while loading (an object stream) was swallowed by the
    // loader; it still ends the parse.
    lopdf::limits::check().map_err(limit_error)?;
    let mut operations = 0;
    let mut replacement_text = false;
    // What the skipped streams could inflate to at most, and what the
    // decoded ones did.
    let (mut skipped, mut skipped_bound, mut decoded) = (Vec::new(), 0usize, 0usize);
    for object in doc.objects.values() {
        let Ok(stream) = object.as_stream() else {
            continue;
        };
        if let Some(bound) = bounded_non_content(stream) {
            skipped.push(stream);
            skipped_bound += bound;
            continue;
        }
        // Filters lopdf does not decode (images) are left alone; a reached
        // limit is recorded by `with_limits` and ends the parse.
        match stream.decompressed_content() {
            Err(lopdf::Error::Limit(e)) => return Err(limit_error(e)),
            Ok(content) => {
                decoded += content.len();
                operations += text_operations(&content);
                too_many_operations(operations)?;
                replacement_text |= memchr::memmem::find(&content, b"/ActualText").is_some();
            }
            Err(_) => {}
        }
    }
    // Where the bounds could reach the document's limit together, the
    // skipped streams are decoded after all, under the limits.
    if skipped_bound + decoded > MAX_DOCUMENT_BYTES {
        for stream in skipped {
            if let Err(lopdf::Error::Limit(e)) = stream.decompressed_content() {
                return Err(limit_error(e));
            }
        }
    }
    Ok(Preflight {
        doc: Some(doc),
        replacement_text,
    })
}

/// The most DEFLATE expands: 1,032 bytes out for each byte in.
const MAX_FLATE_RATIO: usize = 1032;

/// For a stream that holds no page content (a font program, an image,
/// metadata) and is deflated once, the most it can inflate to, when that is
/// within the per-stream limit: such a stream need not be decoded to be
/// known safe. Content streams (pages, forms, CMaps) are always decoded:
/// their operations are counted.
fn bounded_non_content(stream: &lopdf::Stream) -> Option<usize> {
    let dict = &stream.dict;
    let name = |key: &[u8]| dict.get(key).and_then(|o| o.as_name()).ok();
    let font_program = dict.has(b"Length1")
        || dict.has(b"Length2")
        || matches!(
            name(b"Subtype"),
            Some(b"Type1C" | b"CIDFontType0C" | b"OpenType" | b"Image")
        )
        || matches!(name(b"Type"), Some(b"Metadata"));
    let flate_once = matches!(stream.filters().as_deref(), Ok([b"FlateDecode"]));
    let bound = stream.content.len().saturating_mul(MAX_FLATE_RATIO);
    (font_program && flate_once && bound <= MAX_STREAM_BYTES).then_some(bound)
}

fn limit_error(e: Exceeded) -> ResumeError {
    match e {
        Exceeded::Deadline => ResumeError::Timeout(0),
        Exceeded::Stream(limit) | Exceeded::Document(limit) => ResumeError::Inflated {
            limit: limit as u64,
        },
    }
}

/// For a file whose cross-reference table lopdf cannot read: inflate every
/// `stream … endstream` that holds zlib data (and zlib data inside it, for
/// stacked filters) under the same limits.
fn scan_raw_streams(bytes: &[u8]) -> Result<(), ResumeError> {
    use std::io::Write;
    /// Counts what is inflated and charges the installed limits.
    struct Budget {
        written: usize,
    }
    impl Write for Budget {
        fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
            self.written += buf.len();
            if self.written > MAX_STREAM_BYTES {
                return Err(std::io::Error::other("stream limit"));
            }
            Ok(buf.len())
        }
        fn flush(&mut self) -> std::io::Result<()> {
            Ok(())
        }
    }
    let mut total = 0usize;
    let mut operations = 0usize;
    let mut at = 0;
    while let Some(start) = find(&bytes[at..], b"stream") {
        let mut data = at + start + b"stream".len();
        at = data;
        // `endstream` contains `stream`: only a keyword followed by an EOL
        // opens a stream.
        match bytes.get(data..data + 2) {
            Some([b'\r', b'\n']) => data += 2,
            Some([b'\n' | b'\r', _]) => data += 1,
            _ => continue,
        }
        let end = find(&bytes[data..], b"endstream").map_or(bytes.len(), |e| data + e);
        let mut input = bytes[data..end].to_vec();
        // Stacked filters: inflate while the output is zlib data again.
        for _ in 0..4 {
            if !(input.len() > 2
                && input[0] & 0x0f == 8
                && u16::from_be_bytes([input[0], input[1]]).is_multiple_of(31))
            {
                break;
            }
            let mut budget = Budget { written: 0 };
            let mut decoder = flate2::write::ZlibDecoder::new(Vec::new());
            let mut inflated = Vec::new();
            let mut failed = false;
            for chunk in input.chunks(16 * 1024) {
                if decoder.write_all(chunk).is_err() {
                    failed = true;
                    break;
                }
                let out = std::mem::take(decoder.get_mut());
                if budget.write_all(&out).is_err() {
                    return Err(ResumeError::Inflated {
                        limit: MAX_STREAM_BYTES as u64,
                    });
                }
                inflated.extend(out);
                lopdf::limits::check().map_err(limit_error)?;
            }
            if !failed && decoder.try_finish().is_ok() {
                let out = std::mem::take(decoder.get_mut());
                budget.write_all(&out).map_err(|_| ResumeError::Inflated {
                    limit: MAX_STREAM_BYTES as u64,
                })?;
                inflated.extend(out);
            }
            total += budget.written;
            operations += text_operations(&inflated);
            too_many_operations(operations)?;
            if total > MAX_DOCUMENT_BYTES {
                return Err(ResumeError::Inflated {
                    limit: MAX_DOCUMENT_BYTES as u64,
                });
            }
            input = inflated;
        }
        at = end;
    }
    Ok(())
}

fn find(hay: &[u8], needle: &[u8]) -> Option<usize> {
    memchr::memmem::find(hay, needle)
}

fn link_targets(doc: &lopdf::Document) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    let resolve = |o: &lopdf::Object| -> Option<lopdf::Object> {
        match o {
            lopdf::Object::Reference(id) => doc.get_object(*id).ok().cloned(),
            other => Some(other.clone()),
        }
    };
    for page_id in doc.get_pages().values() {
        let Ok(page) = doc.get_dictionary(*page_id) else {
            continue;
        };
        let Some(annots) = page.get(b"Annots").ok().and_then(resolve) else {
            continue;
        };
        let Ok(annots) = annots.as_array() else {
            continue;
        };
        for annot in annots.iter().filter_map(resolve) {
            let uri = annot
                .as_dict()
                .ok()
                .and_then(|d| d.get(b"A").ok().and_then(resolve))
                .and_then(|a| a.as_dict().ok().and_then(|a| a.get(b"URI").ok().cloned()))
                .and_then(|u| {
                    u.as_str()
                        .ok()
                        .map(|b| String::from_utf8_lossy(b).into_owned())
                });
            if let Some(uri) = uri {
                let uri = uri.trim().to_owned();
                if !uri.is_empty() && !out.contains(&uri) {
                    out.push(uri);
                }
            }
        }
    }
    out
}

fn map_load_error(e: lopdf::Error) -> ResumeError {
    match e {
        lopdf::Error::Decryption(_) | lopdf::Error::AlreadyEncrypted => ResumeError::Encrypted,
        lopdf::Error::Limit(e) => limit_error(e),
        other => ResumeError::Corrupt(other.to_string()),
    }
}

fn has_images(doc: &lopdf::Document) -> bool {
    doc.objects.values().any(|obj| {
        obj.as_stream().is_ok_and(|s| {
            s.dict
                .get(b"Subtype")
                .and_then(|o| o.as_name())
                .is_ok_and(|n| n == b"Image")
        })
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nesting_is_measured_outside_strings_and_streams() {
        assert!(!nesting_exceeds(b"<< /A [1 [2 [3]]] >>", 4));
        assert!(nesting_exceeds(b"<< /A [1 [2 [3 [4]]]] >>", 4));
        // Brackets in strings, comments, hex strings and stream data do
        // not count.
        let quiet = b"(([[[[[[) % [[[[[[[\n<5b5b5b> stream\n[[[[[[[[[[ endstream";
        assert!(!nesting_exceeds(quiet, 1));
        let deep = [b'['; 1000];
        assert!(nesting_exceeds(&deep, MAX_NESTING));
    }
}
