//! Importing resumes: read, dedupe by content, parse off the async runtime,
//! store. One bad file is one failed report; it never stops a batch.

use crate::digest::sha256_hex;
use crate::error::{ImportError, ResumeError};
use crate::ingest::{ParsedResume, ResumeParser};
use crate::matching::CandidateProfile;
use crate::store::{Original, Store, StoreOutcome};
use crate::task;
use serde::Serialize;
use std::path::{Path, PathBuf};

#[derive(Debug, Clone)]
pub struct Importer {
    pub parser: ResumeParser,
    pub store: Store,
}

/// What happened to one file of a batch.
#[derive(Debug, Clone, Serialize)]
pub struct ImportReport {
    pub path: PathBuf,
    #[serde(flatten)]
    pub result: ImportResult,
}

/// A stored outcome (`"status": "imported" | "duplicate"`) or a failure
/// (`"status": "failed"` with the error's code and message).
#[derive(Debug, Clone, Serialize)]
#[serde(untagged)]
pub enum ImportResult {
    Stored(StoreOutcome),
    Failed(ImportFailure),
}

#[derive(Debug, Clone, Serialize)]
#[serde(tag = "status", rename = "failed")]
pub struct ImportFailure {
    pub code: String,
    pub message: String,
}

impl From<Result<StoreOutcome, ImportError>> for ImportResult {
    fn from(r: Result<StoreOutcome, ImportError>) -> Self {
        match r {
            Ok(outcome) => Self::Stored(outcome),
            Err(e) => Self::Failed(ImportFailure {
                code: e.code().to_owned(),
                message: e.to_string(),
            }),
        }
    }
}

impl Importer {
    pub fn new(parser: ResumeParser, store: Store) -> Self {
        Self { parser, store }
    }

    /// Import one file. Bytes already imported are a `Duplicate` and are not
    /// parsed again.
    pub async fn import_file(&self, path: &Path) -> Result<StoreOutcome, ImportError> {
        let io = |e: std::io::Error| ResumeError::Io(format!("{}: {e}", path.display()));
        let size = tokio::fs::metadata(path).await.map_err(io)?.len();
        self.parser.check_size(size)?;
        let bytes = tokio::fs::read(path).await.map_err(io)?;
        let name = path
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        self.import_bytes(&name, bytes).await
    }

    /// Hash, parse and profile off the async workers, then store the
    /// candidate with its profile in one transaction. Whatever goes wrong —
    /// a bad file, a full disk, a bug that panics on this file's text — is
    /// this file's error; the caller's batch goes on.
    pub async fn import_bytes(
        &self,
        name: &str,
        bytes: Vec<u8>,
    ) -> Result<StoreOutcome, ImportError> {
        let (sha256, bytes) = hash(bytes).await?;
        self.import_hashed(name, sha256, bytes).await
    }

    /// [`Self::import_bytes`] for bytes whose sha256 the caller has.
    pub async fn import_hashed(
        &self,
        name: &str,
        sha256: String,
        bytes: Vec<u8>,
    ) -> Result<StoreOutcome, ImportError> {
        if let Some((resume_id, candidate_id)) = self.store.find_resume_by_sha256(&sha256).await? {
            return Ok(StoreOutcome::Duplicate {
                candidate_id,
                resume_id,
            });
        }
        let parser = self.parser.clone();
        let (prepared, bytes) = task::blocking("parsing and profiling the resume", move || {
            (prepare(&parser, &bytes), bytes)
        })
        .await?;
        let (parsed, profile) = prepared?;
        let original = Original {
            name: name.to_owned(),
            sha256,
            bytes,
        };
        let version = &crate::skills::Taxonomy::builtin().version;
        Ok(self
            .store
            .store_resume(original, &parsed, &profile, version)
            .await?)
    }

    pub async fn import_report(&self, path: PathBuf) -> ImportReport {
        let result = self.import_file(&path).await.into();
        ImportReport { path, result }
    }
}

/// The sha256 of `bytes`, computed on the blocking pool; the bytes are
/// handed back.
pub async fn hash(bytes: Vec<u8>) -> Result<(String, Vec<u8>), ImportError> {
    Ok(task::blocking("hashing the file", move || (sha256_hex(&bytes), bytes)).await?)
}

/// Parse (on the parser's own thread, under its limits) and build the
/// matching profile; a panic while profiling is this file's `internal` error.
fn prepare(
    parser: &ResumeParser,
    bytes: &[u8],
) -> Result<(ParsedResume, CandidateProfile), ImportError> {
    let parsed = parser.parse(bytes)?;
    let profile = task::guarded("building the matching profile", || {
        crate::matching::profile_of(
            &parsed.resume,
            &crate::skills::document_text(&parsed.text, &parsed.resume),
            crate::skills::SkillMatcher::builtin(),
            parser.reference_date,
        )
    })?;
    Ok((parsed, profile))
}

/// In a folder walk, files whose extension says they are something else
/// (notes, spreadsheets, images) are left alone; files named on the command
/// line are always tried, and the content decides what a file is.
fn may_be_resume(path: &Path) -> bool {
    match path.extension().and_then(|e| e.to_str()) {
        None => true,
        Some(ext) => matches!(
            ext.to_ascii_lowercase().as_str(),
            "pdf" | "docx" | "doc" | "odt" | "rtf" | "txt" | "text" | "json"
        ),
    }
}

/// Files under the given paths (folders recursively, hidden entries and
/// files of other kinds skipped), sorted for a stable order.
pub fn collect_files(paths: &[PathBuf]) -> std::io::Result<Vec<PathBuf>> {
    fn walk(dir: &Path, out: &mut Vec<PathBuf>) -> std::io::Result<()> {
        for entry in std::fs::read_dir(dir)? {
            let entry = entry?;
            if entry.file_name().to_string_lossy().starts_with('.') {
                continue;
            }
            let kind = entry.file_type()?;
            if kind.is_dir() {
                walk(&entry.path(), out)?;
            } else if kind.is_file() && may_be_resume(&entry.path()) {
                out.push(entry.path());
            }
        }
        Ok(())
    }
    let mut out = Vec::new();
    for p in paths {
        if p.is_dir() {
            walk(p, &mut out)?;
        } else {
            out.push(p.clone());
        }
    }
    out.sort();
    out.dedup();
    Ok(out)
}

/// A job posting as stored: its id, analysis and the first rubric version.
#[derive(Debug, Clone, Serialize)]
pub struct ImportedPosting {
    pub job_id: String,
    pub title: String,
    pub analysis: crate::jobs::JobAnalysis,
    pub rubric: crate::rubric::Rubric,
    pub rubric_version: i64,
}

/// Analyse a posting (off the async workers; with the sentence model when
/// it is installed), store it and its generated rubric. `fallback_title`
/// names a posting whose title was not found.
pub async fn import_posting(
    store: &Store,
    text: String,
    fallback_title: &str,
) -> Result<ImportedPosting, ImportError> {
    let (text, analysis, rubric) = task::blocking("analysing the posting", move || {
        // By meaning as well as by words when the sentence model is installed.
        let analysis = crate::jobs::analyze_posting(&text);
        let rubric = crate::rubric::generate(&analysis, &text);
        (text, analysis, rubric)
    })
    .await?;
    let title = analysis
        .title
        .clone()
        .unwrap_or_else(|| fallback_title.to_owned());
    let structured = serde_json::to_value(&analysis)
        .map_err(|e| crate::error::StoreError::Malformed(e.to_string()))?;
    let job_id = store.add_job(&title, &text, &structured).await?;
    let (_, rubric_version) = store.save_rubric(&job_id, &rubric).await?;
    Ok(ImportedPosting {
        job_id,
        title,
        analysis,
        rubric,
        rubric_version,
    })
}
