//! `ats watch DIR`: import what is dropped into a folder.
//!
//! Files are imported once they have stopped growing for the settle time.
//! Every handled file is recorded with its size and modification time, so a
//! restart skips what it has seen (and identical bytes are duplicates anyway).

use anyhow::{Context, Result};
use ats_core::import::{ImportFailure, ImportResult, Importer, collect_files};
use ats_core::store::{StoreOutcome, WatchedFile};
use notify::{EventKind, RecursiveMode, Watcher};
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant, UNIX_EPOCH};

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

pub async fn run(importer: Importer, dir: &Path, settle: Duration, once: bool) -> Result<()> {
    std::fs::create_dir_all(dir).with_context(|| format!("creating {}", dir.display()))?;
    let dir = dir.canonicalize()?;
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
    .context("starting the file watcher")?;
    watcher
        .watch(&dir, RecursiveMode::Recursive)
        .with_context(|| format!("watching {}", dir.display()))?;

    // Files that arrived while we were not running.
    let mut pending: HashMap<PathBuf, (Instant, Option<WatchedFile>)> = HashMap::new();
    let start = Instant::now()
        .checked_sub(settle)
        .unwrap_or_else(Instant::now);
    for path in collect_files(std::slice::from_ref(&dir))? {
        pending.insert(path, (start, None));
    }
    eprintln!("watching {} (Ctrl-C to stop)", dir.display());
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
            _ = tokio::signal::ctrl_c() => break,
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
            if let Err(e) = handle(&importer, &path, file).await {
                eprintln!("failed    {}  {e:#}", path.display());
            }
        }
        if once && pending.is_empty() {
            break;
        }
    }
    importer.store.close().await;
    Ok(())
}

async fn handle(importer: &Importer, path: &Path, file: WatchedFile) -> Result<()> {
    let key = path.to_string_lossy().into_owned();
    if importer.store.watched_file(&key).await? == Some(file.clone()) {
        return Ok(()); // seen before this restart
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
                    match ats_core::import::hash(bytes).await {
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
                    Err(ats_core::ResumeError::Io(format!("{}: {e}", path.display())).into())
                        .into(),
                    None,
                ),
            },
        };
    let outcome = match &result {
        ImportResult::Stored(StoreOutcome::Imported { candidate_id, .. }) => {
            println!(
                "imported  {}  → candidate {}",
                path.display(),
                &candidate_id[..8]
            );
            "imported".to_owned()
        }
        ImportResult::Stored(StoreOutcome::Duplicate { candidate_id, .. }) => {
            println!(
                "duplicate {}  = candidate {}",
                path.display(),
                &candidate_id[..8]
            );
            "duplicate".to_owned()
        }
        ImportResult::Failed(ImportFailure { code, message }) => {
            println!("failed    {}  {code}: {message}", path.display());
            code.clone()
        }
    };
    importer
        .store
        .record_watched_file(&key, &file, sha.as_deref(), &outcome)
        .await?;
    Ok(())
}
