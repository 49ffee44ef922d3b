//! A watched drop folder: what is dropped into it is imported.
//!
//! Files are imported once they have stopped growing for the settle time.
//! Every handled file is recorded with its size and modification time, so a
//! restart skips what it has seen (and identical bytes are duplicates
//! anyway). The terminal (`ats watch`) and the desktop app run the same
//! loop and hear the same [`Watched`] events.

use crate::import::{ImportFailure, ImportResult, Importer, collect_files};
use crate::store::{StoreOutcome, WatchedFile};
use notify::{EventKind, RecursiveMode, Watcher};
use serde::Serialize;
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant, UNIX_EPOCH};
use tokio_util::sync::CancellationToken;

/// What became of one file.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "outcome", rename_all = "snake_case")]
pub enum Watched {
    Imported {
        path: PathBuf,
        candidate_id: String,
    },
    Duplicate {
        path: PathBuf,
        candidate_id: String,
    },
    /// The file was read and refused (a typed import error).
    Failed {
        path: PathBuf,
        code: String,
        message: String,
    },
    /// The file could not be handled (the store failed); retried after a
    /// restart.
    Error {
        path: PathBuf,
        message: String,
    },
}

impl Watched {
    pub fn path(&self) -> &Path {
        match self {
            Self::Imported { path, .. }
            | Self::Duplicate { path, .. }
            | Self::Failed { path, .. }
            | Self::Error { path, .. } => path,
        }
    }
}

/// Why a folder cannot be watched.
#[derive(Debug, thiserror::Error)]
#[error("{0}")]
pub struct WatchError(pub String);

impl WatchError {
    pub fn code(&self) -> &'static str {
        "watch.folder"
    }
}

/// Names of files still being written or not meant to be read: hidden
/// files, editor backups, browsers' partial downloads.
fn ignored(path: &Path) -> bool {
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().to_lowercase())
        .unwrap_or_default();
    name.starts_with('.')
        || name.ends_with('~')
        || [".part", ".crdownload", ".tmp", ".download", ".swp"]
            .iter()
            .any(|s| name.ends_with(s))
}

fn stat(path: &Path) -> Option<WatchedFile> {
    let meta = std::fs::metadata(path)
        .ok()
        .filter(std::fs::Metadata::is_file)?;
    let modified_ns = meta
        .modified()
        .ok()
        .and_then(|t| t.duration_since(UNIX_EPOCH).ok())
        .map_or(0, |d| d.as_nanos() as i64);
    Some(WatchedFile {
        size_bytes: meta.len() as i64,
        modified_ns,
    })
}

/// Watch `dir` (created if missing) until `stop` is cancelled, or with
/// `once` until what is there has been handled; `on` hears every file.
pub async fn watch_folder(
    importer: Importer,
    dir: &Path,
    settle: Duration,
    stop: CancellationToken,
    once: bool,
    mut on: impl FnMut(Watched) + Send,
) -> Result<(), WatchError> {
    let fail = |what: &str, e: &dyn std::fmt::Display| {
        WatchError(format!("{what} {}: {e}", dir.display()))
    };
    std::fs::create_dir_all(dir).map_err(|e| fail("creating", &e))?;
    let dir = dir.canonicalize().map_err(|e| fail("reading", &e))?;
    let (tx, mut rx) = tokio::sync::mpsc::unbounded_channel::<PathBuf>();
    let mut watcher = notify::recommended_watcher(move |res: notify::Result<notify::Event>| {
        if let Ok(event) = res
            && matches!(event.kind, EventKind::Create(_) | EventKind::Modify(_))
        {
            for p in event.paths {
                let _ = tx.send(p);
            }
        }
    })
    .map_err(|e| fail("starting the file watcher for", &e))?;
    watcher
        .watch(&dir, RecursiveMode::Recursive)
        .map_err(|e| fail("watching", &e))?;

    // Files that arrived while nobody was watching.
    let mut pending: HashMap<PathBuf, (Instant, Option<WatchedFile>)> = HashMap::new();
    let start = Instant::now()
        .checked_sub(settle)
        .unwrap_or_else(Instant::now);
    for path in collect_files(std::slice::from_ref(&dir)).map_err(|e| fail("listing", &e))? {
        if !ignored(&path) {
            pending.insert(path, (start, None));
        }
    }
    let tick = (settle / 4).max(Duration::from_millis(50));
    loop {
        tokio::select! {
            Some(path) = rx.recv() => {
                if !ignored(&path) {
                    pending.insert(path, (Instant::now(), None));
                }
                continue;
            }
            _ = tokio::time::sleep(tick) => {}
            _ = stop.cancelled() => break,
        }
        let mut ready = Vec::new();
        for (path, (since, last)) in pending.iter_mut() {
            let now = stat(path);
            if now != *last {
                // Still growing (or first look): wait for it to settle.
                *last = now;
                if last.is_some() && since.elapsed() < settle {
                    *since = Instant::now();
                }
                if since.elapsed() < settle || last.is_none() {
                    continue;
                }
            }
            if since.elapsed() >= settle {
                ready.push(path.clone());
            }
        }
        for path in ready {
            let Some((_, Some(file))) = pending.remove(&path) else {
                continue;
            };
            // A store that fails (disk full, locked) fails this file, and
            // the watcher keeps watching; it is retried after a restart.
            match handle(&importer, &path, file).await {
                Ok(Some(event)) => on(event),
                Ok(None) => {}
                Err(message) => on(Watched::Error { path, message }),
            }
        }
        if once && pending.is_empty() {
            break;
        }
    }
    Ok(())
}

/// Import one settled file; `None` when it was handled before.
async fn handle(
    importer: &Importer,
    path: &Path,
    file: WatchedFile,
) -> Result<Option<Watched>, String> {
    let key = path.to_string_lossy().into_owned();
    if importer
        .store
        .watched_file(&key)
        .await
        .map_err(|e| e.to_string())?
        == Some(file.clone())
    {
        return Ok(None); // seen before this restart
    }
    // Read the file once: its bytes give both the import and the hash that
    // is recorded (the size limit is checked before reading).
    let (result, sha): (ImportResult, Option<String>) =
        match importer.parser.check_size(file.size_bytes.max(0) as u64) {
            Err(e) => (Err(e.into()).into(), None),
            Ok(()) => match tokio::fs::read(path).await {
                Ok(bytes) => {
                    let name = path
                        .file_name()
                        .map(|n| n.to_string_lossy().into_owned())
                        .unwrap_or_default();
                    match crate::import::hash(bytes).await {
                        Ok((sha, bytes)) => (
                            importer
                                .import_hashed(&name, sha.clone(), bytes)
                                .await
                                .into(),
                            Some(sha),
                        ),
                        Err(e) => (Err(e).into(), None),
                    }
                }
                Err(e) => (
                    Err(crate::ResumeError::Io(format!("{}: {e}", path.display())).into()).into(),
                    None,
                ),
            },
        };
    let path = path.to_path_buf();
    let (event, outcome) = match result {
        ImportResult::Stored(StoreOutcome::Imported { candidate_id, .. }) => (
            Watched::Imported { path, candidate_id },
            "imported".to_owned(),
        ),
        ImportResult::Stored(StoreOutcome::Duplicate { candidate_id, .. }) => (
            Watched::Duplicate { path, candidate_id },
            "duplicate".to_owned(),
        ),
        ImportResult::Failed(ImportFailure { code, message }) => (
            Watched::Failed {
                path,
                code: code.clone(),
                message,
            },
            code,
        ),
    };
    importer
        .store
        .record_watched_file(&key, &file, sha.as_deref(), &outcome)
        .await
        .map_err(|e| e.to_string())?;
    Ok(Some(event))
}
