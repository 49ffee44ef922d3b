//! Importing resumes: read, dedupe by content, parse off the async runtime,
//! store. One bad file is one failed report; it never stops a batch.

use crate::error::{ImportError, ResumeError};
use crate::ingest::ResumeParser;
use crate::store::{Store, StoreOutcome, sha256_hex};
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

    pub async fn import_bytes(
        &self,
        name: &str,
        bytes: Vec<u8>,
    ) -> Result<StoreOutcome, ImportError> {
        let sha256 = sha256_hex(&bytes);
        if let Some((resume_id, candidate_id)) = self.store.find_resume_by_sha256(&sha256).await? {
            return Ok(StoreOutcome::Duplicate {
                candidate_id,
                resume_id,
            });
        }
        let parser = self.parser.clone();
        let (parsed, bytes) = tokio::task::spawn_blocking(move || (parser.parse(&bytes), bytes))
            .await
            .map_err(|e| ResumeError::Corrupt(format!("parser task failed: {e}")))?;
        let parsed = parsed?;
        let outcome = self.store.store_resume(name, &bytes, &parsed).await?;
        if let StoreOutcome::Imported { candidate_id, .. } = &outcome {
            let profile = crate::matching::profile_of(
                &parsed.resume,
                &crate::skills::document_text(&parsed.text, &parsed.resume),
                crate::skills::SkillMatcher::builtin(),
                self.parser.reference_date,
            );
            let version = &crate::skills::Taxonomy::builtin().version;
            self.store
                .save_profile(candidate_id, &profile, version)
                .await?;
        }
        Ok(outcome)
    }

    pub async fn import_report(&self, path: PathBuf) -> ImportReport {
        let result = self.import_file(&path).await.into();
        ImportReport { path, result }
    }
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
