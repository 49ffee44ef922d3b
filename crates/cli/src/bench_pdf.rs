//! `ats bench pdf DIR`: the PDF text layers side by side. For every PDF
//! under DIR, the text of each of our glyph sources (pdf_oxide, pdf-extract;
//! both through our layout) is compared with the text of poppler
//! (`pdftotext`) and MuPDF (`mutool draw -F txt`), run on the same files in
//! the same run: word-level agreement in reading order (1 − word edit
//! distance / longer length), the share of the reference's characters found
//! at all (order ignored), and time per file.

use anyhow::{Context, Result};
use ats_core::ingest::{PdfBackend, pdf_text};
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Instant;

/// Words of a text, lower-cased, punctuation kept apart, CJK characters one
/// word each (they are not separated by spaces).
fn words(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut word = String::new();
    let flush = |word: &mut String, out: &mut Vec<String>| {
        if !word.is_empty() {
            out.push(std::mem::take(word));
        }
    };
    for c in text.chars().flat_map(char::to_lowercase) {
        if c.is_whitespace() {
            flush(&mut word, &mut out);
        } else if c.is_alphanumeric() && !is_cjk(c) {
            word.push(c);
        } else {
            flush(&mut word, &mut out);
            if !matches!(c, '•' | '●' | '■' | '◆' | '▪' | '·' | '|') {
                out.push(c.to_string());
            }
        }
    }
    flush(&mut word, &mut out);
    out
}

fn is_cjk(c: char) -> bool {
    matches!(c as u32, 0x3040..=0x30FF | 0x3400..=0x4DBF | 0x4E00..=0x9FFF | 0xF900..=0xFAFF | 0xFF00..=0xFFEF | 0xAC00..=0xD7AF)
}

/// 1 − (word edit distance / longer length): 1.0 for the same words in the
/// same order.
fn order_agreement<'a>(a: &'a [String], b: &'a [String]) -> f64 {
    if a.is_empty() && b.is_empty() {
        return 1.0;
    }
    // Intern the words, then the classic two-row dynamic programme.
    let mut ids: HashMap<&str, u32> = HashMap::new();
    let mut intern = |w: &'a str| -> u32 {
        let n = ids.len() as u32;
        *ids.entry(w).or_insert(n)
    };
    let a: Vec<u32> = a.iter().map(|w| intern(w)).collect();
    let b: Vec<u32> = b.iter().map(|w| intern(w)).collect();
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    let mut row = vec![0; b.len() + 1];
    for (i, x) in a.iter().enumerate() {
        row[0] = i + 1;
        for (j, y) in b.iter().enumerate() {
            row[j + 1] = (prev[j] + usize::from(x != y))
                .min(prev[j + 1] + 1)
                .min(row[j] + 1);
        }
        std::mem::swap(&mut prev, &mut row);
    }
    1.0 - prev[b.len()] as f64 / a.len().max(b.len()) as f64
}

/// Share of the reference's non-space characters that the text has (as a
/// multiset: order ignored).
fn content_recall(reference: &str, text: &str) -> f64 {
    let mut have: HashMap<char, usize> = HashMap::new();
    for c in text.chars().filter(|c| !c.is_whitespace()) {
        *have.entry(c).or_default() += 1;
    }
    let (mut found, mut total) = (0usize, 0usize);
    for c in reference.chars().filter(|c| !c.is_whitespace()) {
        total += 1;
        if let Some(n) = have.get_mut(&c)
            && *n > 0
        {
            *n -= 1;
            found += 1;
        }
    }
    if total == 0 {
        1.0
    } else {
        found as f64 / total as f64
    }
}

/// A reference tool's text of `path` and the seconds it took.
fn tool_text(program: &str, before: &[&str], path: &Path, after: &[&str]) -> Option<(String, f64)> {
    let start = Instant::now();
    let out = Command::new(program)
        .args(before)
        .arg(path)
        .args(after)
        .output()
        .ok()?;
    let took = start.elapsed().as_secs_f64();
    out.status
        .success()
        .then(|| (String::from_utf8_lossy(&out.stdout).into_owned(), took))
}

struct Row {
    file: String,
    /// Per source: (agreement with poppler, with MuPDF, content recall vs
    /// poppler, seconds) or the error code.
    sources: Vec<Result<(f64, f64, f64, f64), String>>,
}

pub fn bench_pdf(dir: &Path) -> Result<()> {
    let mut files: Vec<PathBuf> = ats_core::import::collect_files(&[dir.to_path_buf()])?
        .into_iter()
        .filter(|p| p.extension().is_some_and(|e| e.eq_ignore_ascii_case("pdf")))
        .collect();
    files.sort();
    anyhow::ensure!(!files.is_empty(), "no PDFs under {}", dir.display());
    anyhow::ensure!(
        Command::new("pdftotext").arg("-v").output().is_ok(),
        "poppler's pdftotext is needed as the reference (apt install poppler-utils mupdf-tools)"
    );
    let sources = [
        ("pdf_oxide + layout", Some(PdfBackend::Oxide)),
        ("pdf-extract + layout", Some(PdfBackend::PdfExtract)),
        ("MuPDF (mutool)", None),
    ];
    let mut rows = Vec::new();
    let mut reference_seconds = 0.0;
    for path in &files {
        let bytes = std::fs::read(path).with_context(|| format!("reading {}", path.display()))?;
        let Some((poppler, took)) = tool_text("pdftotext", &["-enc", "UTF-8"], path, &["-"]) else {
            continue;
        };
        reference_seconds += took;
        let mupdf = tool_text("mutool", &["draw", "-q", "-F", "txt", "-o", "-"], path, &[]);
        let pw = words(&poppler);
        let mw = mupdf.as_ref().map(|(t, _)| words(t));
        let mut row = Row {
            file: path.strip_prefix(dir).unwrap_or(path).display().to_string(),
            sources: Vec::new(),
        };
        for (_, backend) in &sources {
            let result = match backend {
                Some(b) => {
                    let start = Instant::now();
                    pdf_text(&bytes, *b)
                        .map(|t| (t, start.elapsed().as_secs_f64()))
                        .map_err(|e| e.code().to_owned())
                }
                None => mupdf.clone().ok_or_else(|| "mutool missing".to_owned()),
            };
            row.sources.push(result.map(|(text, seconds)| {
                let w = words(&text);
                (
                    order_agreement(&w, &pw),
                    mw.as_ref().map_or(f64::NAN, |m| order_agreement(&w, m)),
                    content_recall(&poppler, &text),
                    seconds,
                )
            }));
        }
        rows.push(row);
    }
    let mut table = crate::table();
    let mut header = vec!["file".to_owned()];
    for (name, _) in &sources {
        header.push(format!("{name}\nvs poppler / MuPDF / chars"));
    }
    table.set_header(header);
    for r in &rows {
        let mut cells = vec![r.file.clone()];
        for s in &r.sources {
            cells.push(match s {
                Ok((p, m, c, _)) => format!("{p:.3} / {m:.3} / {c:.3}"),
                Err(code) => code.clone(),
            });
        }
        table.add_row(cells);
    }
    let mut summary = vec!["mean (errors count 0)".to_owned()];
    let mut speed = vec!["ms per file".to_owned()];
    for i in 0..sources.len() {
        let n = rows.len() as f64;
        let mean = |f: fn(&(f64, f64, f64, f64)) -> f64| {
            rows.iter()
                .map(|r| r.sources[i].as_ref().map_or(0.0, f))
                .filter(|v| !v.is_nan())
                .sum::<f64>()
                / n
        };
        summary.push(format!(
            "{:.3} / {:.3} / {:.3}",
            mean(|s| s.0),
            mean(|s| s.1),
            mean(|s| s.2)
        ));
        speed.push(format!("{:.1}", mean(|s| s.3) * 1e3));
    }
    table.add_row(summary);
    table.add_row(speed);
    println!("{table}");
    println!(
        "{} PDFs; poppler (pdftotext) took {:.1} ms per file in the same run (a process per file)",
        rows.len(),
        reference_seconds * 1e3 / rows.len().max(1) as f64
    );
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn agreement_counts_order_and_content() {
        let a = words("Jane Doe, Engineer");
        assert_eq!(order_agreement(&a, &a), 1.0);
        let swapped = words("Engineer Jane Doe ,");
        assert!(order_agreement(&a, &swapped) < 1.0);
        assert_eq!(content_recall("Jane Doe", "Doe Jane"), 1.0);
        assert_eq!(words("履歴書 2024年"), ["履", "歴", "書", "2024", "年"]);
    }
}
