//! Resume ingestion: bytes in, structured candidate out.
//!
//! `ResumeParser::parse` runs detect → extract → structure under a size limit
//! and a time limit. Extraction runs on its own thread so a pathological file
//! cannot hang the caller, and a panic inside a third-party parser becomes
//! `resume.corrupt` instead of taking the process down.

pub mod detect;
mod docx;
mod jsonresume;
mod odt;
mod pdf;
pub use pdf::PdfBackend;
pub mod text;
mod zipped;

use crate::error::ResumeError;
use crate::resume::{AtsExtension, JsonResume};
use crate::structure;
use chrono::NaiveDate;
pub use detect::FileKind;
use std::path::Path;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::mpsc;
use std::time::{Duration, Instant};

/// Version of the parsing rules; stored with every parse so old rows can be
/// re-parsed when the rules improve.
pub const PARSER_VERSION: &str = "ats-resume/0.1.0";

const PARSER_STACK_BYTES: usize = 64 * 1024 * 1024;

/// Parser threads alive now, timed-out ones included (see [`Deadline`]).
static PARSER_THREADS: AtomicUsize = AtomicUsize::new(0);

/// How many parser threads are running, including ones whose caller has
/// already been told `resume.timeout`: they stop at their deadline, so this
/// falls back to zero shortly after every parse has returned.
pub fn parser_threads_running() -> usize {
    PARSER_THREADS.load(Ordering::SeqCst)
}

/// When a parse must stop, and the limit it was given (for the message).
#[derive(Debug, Clone, Copy)]
pub struct Deadline {
    pub at: Instant,
    pub limit: Duration,
}

impl Deadline {
    pub fn after(limit: Duration) -> Self {
        Self {
            at: Instant::now() + limit,
            limit,
        }
    }

    fn check(deadline: Option<Self>) -> Result<(), ResumeError> {
        match deadline {
            Some(d) if Instant::now() >= d.at => {
                Err(ResumeError::Timeout(d.limit.as_millis() as u64))
            }
            _ => Ok(()),
        }
    }
}

#[derive(Debug, Clone)]
pub struct IngestLimits {
    pub max_bytes: u64,
    pub timeout: Duration,
}

impl Default for IngestLimits {
    fn default() -> Self {
        Self {
            max_bytes: 20 * 1024 * 1024,
            timeout: Duration::from_secs(30),
        }
    }
}

/// One successfully parsed resume.
#[derive(Debug, Clone)]
pub struct ParsedResume {
    pub kind: FileKind,
    /// The text the structure was read from (empty for JSON Resume input).
    pub text: String,
    pub resume: JsonResume,
}

#[derive(Debug, Clone)]
pub struct ResumeParser {
    pub limits: IngestLimits,
    /// "Present" is anchored to this date when totalling experience.
    pub reference_date: NaiveDate,
}

impl Default for ResumeParser {
    fn default() -> Self {
        Self {
            limits: IngestLimits::default(),
            reference_date: chrono::Local::now().date_naive(),
        }
    }
}

impl ResumeParser {
    pub fn new(limits: IngestLimits, reference_date: NaiveDate) -> Self {
        Self {
            limits,
            reference_date,
        }
    }

    /// Read and parse one file. The size is checked before the file is read.
    pub fn parse_file(&self, path: &Path) -> Result<ParsedResume, ResumeError> {
        let size = std::fs::metadata(path)
            .map_err(|e| ResumeError::Io(format!("{}: {e}", path.display())))?
            .len();
        self.check_size(size)?;
        let bytes =
            std::fs::read(path).map_err(|e| ResumeError::Io(format!("{}: {e}", path.display())))?;
        self.parse(&bytes)
    }

    pub fn check_size(&self, size: u64) -> Result<(), ResumeError> {
        if size > self.limits.max_bytes {
            return Err(ResumeError::TooLarge {
                size,
                limit: self.limits.max_bytes,
            });
        }
        Ok(())
    }

    /// Parse bytes under the configured limits.
    pub fn parse(&self, bytes: &[u8]) -> Result<ParsedResume, ResumeError> {
        self.check_size(bytes.len() as u64)?;
        if bytes.iter().all(u8::is_ascii_whitespace) {
            return Err(ResumeError::Empty);
        }
        let kind = detect::detect(bytes).map_err(ResumeError::UnsupportedType)?;
        let bytes = bytes.to_vec();
        let (tx, rx) = mpsc::sync_channel(1);
        let parser = self.clone();
        let deadline = Deadline::after(self.limits.timeout);
        PARSER_THREADS.fetch_add(1, Ordering::SeqCst);
        struct Running;
        impl Drop for Running {
            fn drop(&mut self) {
                PARSER_THREADS.fetch_sub(1, Ordering::SeqCst);
            }
        }
        let running = Running;
        std::thread::Builder::new()
            .name("resume-parse".into())
            // Deeply nested PDF objects recurse in the parser: a roomy stack
            // turns a would-be stack overflow (an abort) into a slow parse
            // that the time limit then stops.
            .stack_size(PARSER_STACK_BYTES)
            .spawn(move || {
                let _running = running;
                let result = std::panic::catch_unwind(|| {
                    parser.parse_kind_until(kind, &bytes, Some(deadline))
                })
                .unwrap_or_else(|panic| {
                    let why = crate::task::panic_message(panic.as_ref());
                    Err(ResumeError::Corrupt(format!("the parser failed: {why}")))
                });
                let _ = tx.send(result);
            })
            .map_err(|e| ResumeError::Io(format!("could not start parser thread: {e}")))?;
        match rx.recv_timeout(self.limits.timeout) {
            Ok(result) => result,
            // Threads cannot be killed safely: the worker stops itself at the
            // deadline (checked in the PDF decoders and between steps), and
            // its result is dropped.
            Err(mpsc::RecvTimeoutError::Timeout) => {
                Err(ResumeError::Timeout(self.limits.timeout.as_millis() as u64))
            }
            Err(mpsc::RecvTimeoutError::Disconnected) => Err(ResumeError::Corrupt(
                "parser stopped without a result".into(),
            )),
        }
    }

    /// Parse without a worker thread or time limit (for fuzzing and benches).
    pub fn parse_kind(&self, kind: FileKind, bytes: &[u8]) -> Result<ParsedResume, ResumeError> {
        self.parse_kind_until(kind, bytes, None)
    }

    /// Parse on this thread, stopping with `resume.timeout` at `deadline`.
    pub fn parse_kind_until(
        &self,
        kind: FileKind,
        bytes: &[u8],
        deadline: Option<Deadline>,
    ) -> Result<ParsedResume, ResumeError> {
        let extension = |warnings: Vec<String>| AtsExtension {
            parser_version: PARSER_VERSION.to_owned(),
            source_type: kind.as_str().to_owned(),
            reference_date: self.reference_date.format("%Y-%m-%d").to_string(),
            warnings,
            ..AtsExtension::default()
        };
        if kind == FileKind::JsonResume {
            let mut resume = jsonresume::import(bytes)?;
            let mut ext = extension(Vec::new());
            ext.total_experience_months =
                structure::experience::total_months_of(&resume.work, self.reference_date);
            resume.x_ats = Some(ext);
            return Ok(ParsedResume {
                kind,
                text: String::new(),
                resume,
            });
        }
        let plain = |text| pdf::PdfText {
            text,
            ..pdf::PdfText::default()
        };
        let pdf::PdfText {
            text,
            links,
            warnings: extraction_warnings,
        } = match kind {
            FileKind::Pdf => pdf::extract(bytes, deadline)?,
            FileKind::Docx => plain(docx::extract(bytes)?),
            FileKind::Odt => plain(odt::extract(bytes)?),
            FileKind::Text => plain(text::decode(bytes)?),
            FileKind::JsonResume => unreachable!("handled above"),
        };
        if text.trim().is_empty() {
            return Err(if kind == FileKind::Pdf {
                ResumeError::NeedsOcr
            } else {
                ResumeError::Empty
            });
        }
        Deadline::check(deadline)?;
        let mut resume = structure::structure_with_links(&text, &links, self.reference_date);
        let mut ext = resume.x_ats.take().unwrap_or_default();
        let base = extension(std::mem::take(&mut ext.warnings));
        ext.parser_version = base.parser_version;
        ext.source_type = base.source_type;
        ext.reference_date = base.reference_date;
        ext.warnings = extraction_warnings;
        ext.warnings.extend(base.warnings);
        resume.x_ats = Some(ext);
        Ok(ParsedResume { kind, text, resume })
    }
}

/// The text of a PDF from a chosen glyph source, under the default limits
/// and no deadline (for comparing sources: `ats bench pdf`).
pub fn pdf_text(bytes: &[u8], backend: PdfBackend) -> Result<String, ResumeError> {
    pdf::extract_with(bytes, None, backend).map(|t| t.text)
}
