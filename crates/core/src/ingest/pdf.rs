//! PDF text in reading order.
//!
//! pdf-extract interprets the content streams and hands us every glyph with
//! its text matrix; we rebuild lines and columns ourselves (pdf-extract's
//! own plain-text output follows content-stream order, which interleaves the
//! columns of two-column resumes). Layout is a recursive XY-cut: a vertical
//! gutter that runs the whole height of a region splits it into columns,
//! otherwise the region is cut into horizontal bands and the bands that share
//! a gutter are grouped and cut again.

use super::Deadline;
use crate::error::ResumeError;
use lopdf::limits::Exceeded;
use pdf_extract::{MediaBox, OutputDev, OutputError, Transform};

/// Largest decoded size of one PDF stream (a resume page's content stream
/// is kilobytes; embedded fonts a few megabytes).
pub const MAX_STREAM_BYTES: usize = 32 * 1024 * 1024;
/// Largest decoded size of all streams of one PDF together (streams that
/// are decoded again, such as a form drawn on every page, count each time).
pub const MAX_DOCUMENT_BYTES: usize = 256 * 1024 * 1024;
/// Most glyphs read from one PDF (a dense page has about 5,000).
pub const MAX_GLYPHS: usize = 4_000_000;

#[derive(Debug, Clone)]
struct Glyph {
    x: f64,
    /// Baseline, measured down from the top of the page.
    y: f64,
    advance: f64,
    size: f64,
    text: String,
}

/// Glyphs on one baseline with no wide gap between them.
#[derive(Debug, Clone)]
struct Run {
    x0: f64,
    x1: f64,
    y: f64,
    size: f64,
    text: String,
}

impl Run {
    fn top(&self) -> f64 {
        self.y - self.size * 0.8
    }
    fn bottom(&self) -> f64 {
        self.y + self.size * 0.25
    }
}

#[derive(Default)]
struct Collector {
    pages: Vec<Vec<Glyph>>,
    page_top: f64,
    glyphs: usize,
    too_many_glyphs: bool,
}

impl OutputDev for Collector {
    fn begin_page(
        &mut self,
        _page_num: u32,
        media_box: &MediaBox,
        _art_box: Option<(f64, f64, f64, f64)>,
    ) -> Result<(), OutputError> {
        self.page_top = media_box.ury;
        self.pages.push(Vec::new());
        Ok(())
    }
    fn end_page(&mut self) -> Result<(), OutputError> {
        Ok(())
    }
    fn output_character(
        &mut self,
        trm: &Transform,
        width: f64,
        _spacing: f64,
        font_size: f64,
        text: &str,
    ) -> Result<(), OutputError> {
        let scale = (trm.m11 * trm.m22 - trm.m12 * trm.m21).abs().sqrt();
        let size = font_size * scale;
        if !(size.is_finite() && size > 0.5) || text.trim().is_empty() {
            return Ok(());
        }
        self.glyphs += 1;
        if self.glyphs > MAX_GLYPHS {
            self.too_many_glyphs = true;
            return Err(OutputError::PdfError(lopdf::Error::Unimplemented(
                "more glyphs than a resume has",
            )));
        }
        if self.glyphs.is_multiple_of(4096) {
            lopdf::limits::check().map_err(|e| OutputError::PdfError(lopdf::Error::Limit(e)))?;
        }
        let glyph = Glyph {
            x: trm.m31,
            y: self.page_top - trm.m32,
            advance: width * size,
            size,
            text: text.to_owned(),
        };
        if let Some(page) = self.pages.last_mut() {
            page.push(glyph);
        }
        Ok(())
    }
    fn begin_word(&mut self) -> Result<(), OutputError> {
        Ok(())
    }
    fn end_word(&mut self) -> Result<(), OutputError> {
        Ok(())
    }
    fn end_line(&mut self) -> Result<(), OutputError> {
        Ok(())
    }
}

/// Extract the text of a PDF, one line per visual line, columns in reading
/// order, runs separated by wide gaps joined with a tab; and the targets of
/// its link annotations (profiles behind icons, `mailto:` and `tel:`).
///
/// Decoding is bounded: no stream may inflate past [`MAX_STREAM_BYTES`], all
/// of them together past [`MAX_DOCUMENT_BYTES`], and no more than
/// [`MAX_GLYPHS`] glyphs are collected; at `deadline` the work stops (the
/// vendored lopdf and pdf-extract check it in their decoding and operator
/// loops), so a parse that timed out does not run on in the background.
pub fn extract(
    bytes: &[u8],
    deadline: Option<Deadline>,
) -> Result<(String, Vec<String>), ResumeError> {
    let limits = lopdf::limits::Limits {
        per_stream: MAX_STREAM_BYTES,
        per_document: MAX_DOCUMENT_BYTES,
        deadline: deadline.map(|d| d.at),
    };
    let (result, exceeded) = lopdf::limits::with_limits(limits, || extract_within_limits(bytes));
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

fn extract_within_limits(bytes: &[u8]) -> Result<(String, Vec<String>), ResumeError> {
    let mut doc = lopdf::Document::load_mem(bytes).map_err(map_load_error)?;
    if doc.is_encrypted() && doc.decrypt("").is_err() {
        return Err(ResumeError::Encrypted);
    }
    let mut collector = Collector::default();
    let output = pdf_extract::output_doc(&doc, &mut collector);
    if collector.too_many_glyphs {
        return Err(ResumeError::Inflated {
            limit: MAX_GLYPHS as u64,
        });
    }
    output.map_err(|e| match e {
        OutputError::PdfError(e) => map_load_error(e),
        other => ResumeError::Corrupt(other.to_string()),
    })?;
    let glyphs: usize = collector.pages.iter().map(Vec::len).sum();
    if glyphs == 0 {
        return Err(if has_images(&doc) {
            ResumeError::NeedsOcr
        } else {
            ResumeError::Empty
        });
    }
    let pages: Vec<Vec<String>> = collector
        .pages
        .into_iter()
        .map(|page| layout(runs_of(page)))
        .collect();
    let running = running_lines(&pages);
    let mut out = String::new();
    for page in &pages {
        for line in page.iter().filter(|l| !running.contains(&page_key(l))) {
            out.push_str(line);
            out.push('\n');
        }
        out.push('\n');
    }
    Ok((super::text::normalise(&out), link_targets(&doc)))
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

/// Running headers and footers: the same line (page numbers aside) at the
/// top or bottom of two or more pages.
fn running_lines(pages: &[Vec<String>]) -> std::collections::HashSet<String> {
    let mut seen: std::collections::HashMap<String, usize> = std::collections::HashMap::new();
    for page in pages {
        let n = page.len();
        let mut edge: Vec<String> = page
            .iter()
            .enumerate()
            .filter(|(i, _)| *i < 2 || *i + 2 >= n)
            .map(|(_, l)| page_key(l))
            .collect();
        edge.sort();
        edge.dedup();
        for key in edge {
            *seen.entry(key).or_default() += 1;
        }
    }
    seen.into_iter()
        .filter(|(k, count)| *count >= 2 && (k.len() >= 20 || k.contains('#')))
        .map(|(k, _)| k)
        .collect()
}

fn page_key(line: &str) -> String {
    line.chars()
        .map(|c| if c.is_ascii_digit() { '#' } else { c })
        .collect()
}

fn map_load_error(e: lopdf::Error) -> ResumeError {
    match e {
        lopdf::Error::Decryption(_) | lopdf::Error::AlreadyEncrypted => ResumeError::Encrypted,
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

fn runs_of(mut glyphs: Vec<Glyph>) -> Vec<Run> {
    glyphs.sort_by(|a, b| a.y.total_cmp(&b.y));
    // Cluster glyphs into lines by baseline.
    let mut lines: Vec<Vec<Glyph>> = Vec::new();
    for g in glyphs {
        match lines.last_mut() {
            Some(line) if (g.y - line[0].y).abs() < line[0].size.min(g.size) * 0.4 => line.push(g),
            _ => lines.push(vec![g]),
        }
    }
    let mut runs = Vec::new();
    for mut line in lines {
        line.sort_by(|a, b| a.x.total_cmp(&b.x));
        let mut current: Option<Run> = None;
        for g in line {
            if let Some(run) = current.as_mut() {
                let gap = g.x - run.x1;
                let size = run.size.max(g.size);
                if gap > size * 1.2 {
                    runs.push(current.take().unwrap());
                } else {
                    if gap > size * 0.15 && !run.text.ends_with(' ') {
                        run.text.push(' ');
                    }
                    run.text.push_str(&g.text);
                    run.x1 = run.x1.max(g.x + g.advance);
                    continue;
                }
            }
            current = Some(Run {
                x0: g.x,
                x1: g.x + g.advance,
                y: g.y,
                size: g.size,
                text: g.text,
            });
        }
        runs.extend(current);
    }
    runs
}

fn layout(runs: Vec<Run>) -> Vec<String> {
    if runs.is_empty() {
        return Vec::new();
    }
    if let Some(x) = gutter(&runs) {
        let (left, right): (Vec<Run>, Vec<Run>) = runs.into_iter().partition(|r| r.x1 <= x);
        let mut lines = layout(left);
        lines.extend(layout(right));
        return lines;
    }
    let bands = bands_of(runs);
    if bands.len() == 1 {
        return lines_of(bands.into_iter().next().unwrap());
    }
    let mut lines = Vec::new();
    let mut i = 0;
    while i < bands.len() {
        // The longest run of bands starting at i that shares one gutter.
        let mut end = i;
        let mut union: Vec<Run> = bands[i].clone();
        for (j, band) in bands.iter().enumerate().skip(i + 1) {
            let mut candidate = union.clone();
            candidate.extend(band.iter().cloned());
            if gutter(&candidate).is_some() {
                union = candidate;
                end = j;
            } else {
                break;
            }
        }
        if end == i {
            lines.extend(lines_of(bands[i].clone()));
        } else {
            lines.extend(layout(union));
        }
        i = end + 1;
    }
    lines
}

/// Horizontal bands separated by vertical white space.
fn bands_of(mut runs: Vec<Run>) -> Vec<Vec<Run>> {
    runs.sort_by(|a, b| a.top().total_cmp(&b.top()));
    let mut bands: Vec<Vec<Run>> = Vec::new();
    let mut bottom = f64::NEG_INFINITY;
    for r in runs {
        let gap_needed = r.size * 0.6;
        if bands.is_empty() || r.top() > bottom + gap_needed {
            bottom = r.bottom();
            bands.push(vec![r]);
        } else {
            bottom = bottom.max(r.bottom());
            bands.last_mut().unwrap().push(r);
        }
    }
    bands
}

/// The x of a vertical gutter that splits these runs into two real columns.
fn gutter(runs: &[Run]) -> Option<f64> {
    if runs.len() < 4 {
        return None;
    }
    let mut spans: Vec<(f64, f64)> = runs.iter().map(|r| (r.x0, r.x1)).collect();
    spans.sort_by(|a, b| a.0.total_cmp(&b.0));
    let mut median_size: Vec<f64> = runs.iter().map(|r| r.size).collect();
    median_size.sort_by(f64::total_cmp);
    let min_gap = median_size[median_size.len() / 2] * 1.2;

    let mut best: Option<(f64, f64)> = None; // (width, x)
    let mut reach = spans[0].1;
    for &(x0, x1) in &spans[1..] {
        if x0 - reach >= min_gap && best.is_none_or(|(w, _)| x0 - reach > w) {
            best = Some((x0 - reach, (reach + x0) / 2.0));
        }
        reach = reach.max(x1);
    }
    let (_, x) = best?;
    let (left, right): (Vec<&Run>, Vec<&Run>) = runs.iter().partition(|r| r.x1 <= x);
    if left.len() < 2 || right.len() < 2 {
        return None;
    }
    // A real column has its own baselines; a right-aligned date next to
    // each title shares them, and must stay on the title's line.
    // Likewise a label column ("2019 – 2021 | Acme", "Sprachen | Englisch")
    // is a table whose every label sits on a content line.
    let share_baseline = |a: &Run, b: &Run| (a.y - b.y).abs() < a.size.min(b.size) * 0.3;
    let right_aligned = right
        .iter()
        .filter(|r| left.iter().any(|l| share_baseline(l, r)))
        .count();
    let left_aligned = left
        .iter()
        .filter(|l| right.iter().any(|r| share_baseline(l, r)))
        .count();
    if right_aligned * 20 >= right.len() * 17 || left_aligned * 20 >= left.len() * 17 {
        return None;
    }
    // A narrow label column where most labels sit on a content line is a
    // table too (headings in the label column lower the share).
    let width = |side: &[&Run]| {
        let x0 = side.iter().map(|r| r.x0).fold(f64::INFINITY, f64::min);
        let x1 = side.iter().map(|r| r.x1).fold(f64::NEG_INFINITY, f64::max);
        x1 - x0
    };
    if width(&left) < width(&right) * 0.5 && left_aligned * 2 >= left.len() {
        return None;
    }
    Some(x)
}

fn lines_of(mut runs: Vec<Run>) -> Vec<String> {
    runs.sort_by(|a, b| a.y.total_cmp(&b.y));
    let mut lines: Vec<Vec<Run>> = Vec::new();
    for r in runs {
        match lines.last_mut() {
            Some(line) if (r.y - line[0].y).abs() < line[0].size.min(r.size) * 0.4 => line.push(r),
            _ => lines.push(vec![r]),
        }
    }
    lines
        .into_iter()
        .map(|mut line| {
            line.sort_by(|a, b| a.x0.total_cmp(&b.x0));
            line.iter()
                .map(|r| r.text.trim())
                .collect::<Vec<_>>()
                .join("\t")
        })
        .collect()
}
