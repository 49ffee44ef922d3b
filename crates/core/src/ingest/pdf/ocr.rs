//! Scanned resumes: PDFs whose pages are images. When the machine has
//! Tesseract (Apache-2.0, Debian's `tesseract-ocr` with its language data)
//! and poppler's `pdftoppm` (to render pages), each page is rendered at
//! 300 dpi and read by Tesseract; its words, with their boxes, become glyphs
//! for the same layout as any other PDF. Both run as child processes under
//! the parse's deadline (a child, unlike a thread, can be killed), in a
//! private temporary folder that is removed afterwards. Without them the
//! file stays `resume.needs_ocr`.

use super::layout::{Glyph, is_cjk};
use crate::error::ResumeError;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

/// Pages of a scan that are read (a resume is one to three pages).
pub const MAX_OCR_PAGES: usize = 4;
/// Resolution pages are rendered at: Tesseract's accuracy falls off below
/// 300 dpi.
const DPI: u32 = 300;
/// The languages read when their data is installed (the product's six).
const LANGUAGES: &[&str] = &["eng", "deu", "fra", "spa", "chi_sim", "jpn"];

/// The OCR tools of this machine, if it has them.
#[derive(Debug, Clone)]
pub struct OcrEngine {
    tesseract: PathBuf,
    pdftoppm: PathBuf,
    /// `eng+deu+…`: the installed ones of [`LANGUAGES`].
    languages: String,
}

fn on_path(program: &str) -> Option<PathBuf> {
    std::env::var_os("PATH").and_then(|paths| {
        std::env::split_paths(&paths)
            .map(|dir| dir.join(program))
            .find(|p| p.is_file())
    })
}

impl OcrEngine {
    /// Tesseract and pdftoppm from PATH (`ATS_OCR=off` turns OCR off),
    /// looked up once per process.
    pub fn installed() -> Option<&'static OcrEngine> {
        static ENGINE: std::sync::OnceLock<Option<OcrEngine>> = std::sync::OnceLock::new();
        ENGINE
            .get_or_init(|| {
                if std::env::var("ATS_OCR").is_ok_and(|v| v == "off") {
                    return None;
                }
                let tesseract = on_path("tesseract")?;
                let pdftoppm = on_path("pdftoppm")?;
                let listed = Command::new(&tesseract)
                    .arg("--list-langs")
                    .stderr(Stdio::null())
                    .output()
                    .ok()?;
                let listed = String::from_utf8_lossy(&listed.stdout);
                let installed: Vec<&str> = LANGUAGES
                    .iter()
                    .copied()
                    .filter(|l| listed.lines().any(|line| line.trim() == *l))
                    .collect();
                (!installed.is_empty()).then(|| OcrEngine {
                    tesseract,
                    pdftoppm,
                    languages: installed.join("+"),
                })
            })
            .as_ref()
    }
}

/// Run a child to completion, or kill it at the deadline. Returns whether
/// it succeeded and what it wrote to stdout.
fn run(command: &mut Command, deadline: Option<Instant>) -> Result<(bool, Vec<u8>), ResumeError> {
    use std::io::Read;
    let mut child = command
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .map_err(|e| ResumeError::Io(format!("could not start OCR: {e}")))?;
    // Drain stdout on a helper thread so the child never blocks on a full
    // pipe while this one watches the clock.
    let mut stdout = child.stdout.take().expect("stdout is piped");
    let reader = std::thread::spawn(move || {
        let mut out = Vec::new();
        let _ = stdout.read_to_end(&mut out);
        out
    });
    loop {
        match child.try_wait() {
            Ok(Some(status)) => {
                let out = reader.join().unwrap_or_default();
                return Ok((status.success(), out));
            }
            Ok(None) => {}
            Err(e) => return Err(ResumeError::Io(format!("OCR failed: {e}"))),
        }
        if deadline.is_some_and(|d| Instant::now() >= d) {
            let _ = child.kill();
            let _ = child.wait();
            return Err(ResumeError::Timeout(0));
        }
        std::thread::sleep(Duration::from_millis(20));
    }
}

/// A private temporary folder, removed when dropped.
struct Scratch(PathBuf);

impl Scratch {
    fn new() -> Result<Self, ResumeError> {
        let dir = std::env::temp_dir().join(format!("ats-ocr-{}", uuid::Uuid::new_v4()));
        std::fs::create_dir(&dir).map_err(|e| ResumeError::Io(format!("OCR scratch: {e}")))?;
        Ok(Self(dir))
    }
}

impl Drop for Scratch {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

/// Words of Tesseract's TSV output as glyphs in points (72 per inch),
/// measured down from the top of the page. A word takes its line's
/// baseline and size (a dash's own box is a sliver that would put it on a
/// line of its own).
fn words_of_tsv(tsv: &str) -> Vec<Glyph> {
    let scale = 72.0 / f64::from(DPI);
    let rows: Vec<Vec<&str>> = tsv
        .lines()
        .skip(1)
        .map(|l| l.split('\t').collect::<Vec<_>>())
        .filter(|f| f.len() >= 12)
        .collect();
    let num = |f: &[&str], i: usize| f[i].trim().parse::<f64>().ok();
    // (block, paragraph, line) → (top, height) of the line.
    let mut lines = std::collections::HashMap::new();
    for f in rows.iter().filter(|f| f[0] == "4") {
        if let (Some(top), Some(height)) = (num(f, 7), num(f, 9)) {
            lines.insert((f[2], f[3], f[4]), (top, height));
        }
    }
    let words: Vec<Glyph> = rows
        .iter()
        .filter(|f| f[0] == "5")
        .filter_map(|f| {
            let (left, top, width, height, conf) =
                (num(f, 6)?, num(f, 7)?, num(f, 8)?, num(f, 9)?, num(f, 10)?);
            let text = f[11].trim();
            if text.is_empty() || conf < 0.0 {
                return None;
            }
            let (line_top, line_height) = lines
                .get(&(f[2], f[3], f[4]))
                .copied()
                .unwrap_or((top, height));
            // A list bullet is read as a letter ("e", "o", "«"): a line's
            // first word of one character with a box well under the line's
            // height is a bullet.
            let bullet = f[5].trim() == "1"
                && text.chars().count() == 1
                && height < line_height * 0.55
                && matches!(
                    text,
                    "e" | "o" | "«" | "»" | "*" | "+" | "©" | "®" | "°" | "¢" | "." | "-"
                );
            Some(Glyph {
                x: left * scale,
                y: (line_top + line_height * 0.8) * scale,
                advance: width * scale,
                size: (line_height / 1.2 * scale).max(1.0),
                text: if bullet { "•".into() } else { text.into() },
            })
        })
        .collect();
    // Chinese and Japanese are written without spaces, but Tesseract boxes
    // each of their words apart: words of one line that meet CJK to CJK
    // with less than an em between them are one run of text.
    let mut merged: Vec<Glyph> = Vec::with_capacity(words.len());
    for g in words {
        if let Some(prev) = merged.last_mut()
            && prev.y == g.y
            && prev.text.chars().last().is_some_and(is_cjk)
            && g.text.chars().next().is_some_and(is_cjk)
            && g.x - (prev.x + prev.advance) < prev.size.max(g.size)
            && g.x >= prev.x
        {
            prev.text.push_str(&g.text);
            prev.advance = g.x + g.advance - prev.x;
            continue;
        }
        merged.push(g);
    }
    merged
}

/// The words of each scanned page.
pub(super) fn glyphs(
    engine: &OcrEngine,
    bytes: &[u8],
    deadline: Option<Instant>,
    warnings: &mut Vec<String>,
) -> Result<Vec<Vec<Glyph>>, ResumeError> {
    let scratch = Scratch::new()?;
    let input = scratch.0.join("scan.pdf");
    std::fs::write(&input, bytes).map_err(|e| ResumeError::Io(format!("OCR scratch: {e}")))?;
    let prefix = scratch.0.join("page");
    let rendered = run(
        Command::new(&engine.pdftoppm)
            .args(["-r", &DPI.to_string(), "-gray", "-png", "-l"])
            .arg(MAX_OCR_PAGES.to_string())
            .arg(&input)
            .arg(&prefix),
        deadline,
    )?;
    if !rendered.0 {
        return Err(ResumeError::Corrupt(
            "the scanned pages could not be rendered".into(),
        ));
    }
    let mut images: Vec<PathBuf> = std::fs::read_dir(&scratch.0)
        .map_err(|e| ResumeError::Io(format!("OCR scratch: {e}")))?
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|e| e == "png"))
        .collect();
    // page-1.png … page-10.png: by number, not by name.
    images.sort_by_key(|p| page_number(p));
    // One Tesseract per core, each single-threaded: its own OpenMP threads
    // fight over the cores and make a page four times slower.
    let cores = std::thread::available_parallelism().map_or(1, std::num::NonZero::get);
    let mut pages = Vec::new();
    for batch in images.chunks(cores) {
        let read: Vec<Result<(bool, Vec<u8>), ResumeError>> = std::thread::scope(|scope| {
            let running: Vec<_> = batch
                .iter()
                .map(|image| {
                    scope.spawn(move || {
                        run(
                            Command::new(&engine.tesseract)
                                .env("OMP_THREAD_LIMIT", "1")
                                .arg(image)
                                .arg("stdout")
                                .args(["-l", &engine.languages, "--psm", "3", "tsv"]),
                            deadline,
                        )
                    })
                })
                .collect();
            running
                .into_iter()
                .map(|h| {
                    h.join()
                        .unwrap_or(Err(ResumeError::Corrupt("OCR failed".into())))
                })
                .collect()
        });
        for out in read {
            pages.push(words_of_tsv(&String::from_utf8_lossy(&out?.1)));
        }
    }
    warnings.push(format!(
        "the text was read from scanned pages by OCR (Tesseract, {}); check names and numbers",
        engine.languages
    ));
    Ok(pages)
}

fn page_number(path: &Path) -> usize {
    path.file_stem()
        .and_then(|s| s.to_str())
        .and_then(|s| s.rsplit('-').next())
        .and_then(|n| n.parse().ok())
        .unwrap_or(0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tesseract_words_become_glyphs_in_points() {
        let tsv = "level\tpage_num\tblock_num\tpar_num\tline_num\tword_num\tleft\ttop\twidth\theight\tconf\ttext\n\
                   1\t1\t0\t0\t0\t0\t0\t0\t2550\t3300\t-1\t\n\
                   4\t1\t1\t1\t1\t0\t300\t290\t900\t60\t-1\t\n\
                   5\t1\t1\t1\t1\t1\t300\t300\t400\t50\t95.1\tJane\n\
                   5\t1\t1\t1\t1\t2\t750\t300\t380\t50\t96.0\tDoe\n";
        let words = words_of_tsv(tsv);
        assert_eq!(words.len(), 2);
        assert_eq!(words[0].text, "Jane");
        assert!((words[0].x - 72.0).abs() < 1e-9);
        assert!((words[1].x - 180.0).abs() < 1e-9);
        // Both on their line's baseline.
        assert!((words[0].y - words[1].y).abs() < 1e-9);
        assert!((words[0].y - (290.0 + 48.0) * 72.0 / 300.0).abs() < 1e-9);
        assert_eq!(page_number(Path::new("/tmp/x/page-10.png")), 10);
    }

    #[test]
    fn chinese_and_japanese_words_of_a_line_are_one_run() {
        let tsv = "level\tpage_num\tblock_num\tpar_num\tline_num\tword_num\tleft\ttop\twidth\theight\tconf\ttext\n\
                   4\t1\t1\t1\t1\t0\t300\t290\t900\t60\t-1\t\n\
                   5\t1\t1\t1\t1\t1\t300\t300\t100\t50\t95.1\t基本\n\
                   5\t1\t1\t1\t1\t2\t410\t300\t100\t50\t96.0\t設計\n\
                   5\t1\t1\t1\t1\t3\t530\t300\t200\t50\t96.0\tMongoDB\n";
        let words = words_of_tsv(tsv);
        let texts: Vec<&str> = words.iter().map(|w| w.text.as_str()).collect();
        assert_eq!(texts, ["基本設計", "MongoDB"]);
        assert!((words[0].advance - 210.0 * 72.0 / 300.0).abs() < 1e-9);
    }
}
