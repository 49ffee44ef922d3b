//! The watched drop folder of a single-user shell (the desktop app): the
//! folder is a setting of the installation (`watch.toml` in the data
//! directory), the shell that runs the watcher says so at start-up
//! ([`Api::start_watching`]), and a change of the setting restarts it.
//! What it imports goes to the installation's store, as `ats watch` does,
//! and each file is announced on the progress channel (`watch`). A server
//! keeps the setting but runs no watcher: its users are in companies, and a
//! folder on the server's disk belongs to none of them.

use crate::{Api, ApiError, Progress};
use ats_core::watch::{Watched, watch_folder};
use serde::{Deserialize, Serialize};
use std::collections::VecDeque;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};
use std::time::Duration;
use tokio_util::sync::CancellationToken;

/// The most recent files remembered for the settings screen.
const RECENT: usize = 50;

/// The setting, as saved.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct WatchConfig {
    /// The folder; none: nothing is watched.
    pub folder: Option<PathBuf>,
    /// How long a file must stop growing before it is read (seconds).
    #[serde(default = "default_settle")]
    pub settle_secs: f64,
}

fn default_settle() -> f64 {
    2.0
}

impl Default for WatchConfig {
    fn default() -> Self {
        Self {
            folder: None,
            settle_secs: default_settle(),
        }
    }
}

impl WatchConfig {
    fn path(data_dir: &Path) -> PathBuf {
        data_dir.join("watch.toml")
    }

    pub fn load(data_dir: &Path) -> Result<Self, ApiError> {
        ats_core::paths::load_settings(&Self::path(data_dir)).map_err(ApiError::Invalid)
    }

    pub fn save(&self, data_dir: &Path) -> Result<(), ApiError> {
        ats_core::paths::save_settings(&Self::path(data_dir), self).map_err(ApiError::Internal)
    }
}

/// One file the watcher handled, with when.
#[derive(Debug, Clone)]
pub struct Recent {
    pub at: String,
    pub event: Watched,
}

/// The running watcher, if this shell runs one.
#[derive(Debug, Default)]
pub(crate) struct WatchState {
    /// Set by a shell that runs the watcher.
    enabled: bool,
    running: Option<Running>,
    recent: Arc<Mutex<VecDeque<Recent>>>,
    /// Why the last start failed, if it did.
    problem: Arc<Mutex<Option<String>>>,
    /// The setting as last read (the settings screen polls it).
    config: Option<WatchConfig>,
}

#[derive(Debug)]
struct Running {
    folder: PathBuf,
    stop: CancellationToken,
}

/// What the settings screen shows.
pub struct WatchStatus {
    pub enabled: bool,
    pub watching: Option<PathBuf>,
    pub problem: Option<String>,
    pub recent: Vec<Recent>,
}

fn lock<T>(m: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    m.lock().unwrap_or_else(std::sync::PoisonError::into_inner)
}

impl Api {
    /// Run the watcher in this process, now and after every change of the
    /// setting (the desktop app calls this once at start-up).
    pub fn start_watching(&self) {
        lock(&self.inner.watch).enabled = true;
        self.restart_watcher();
    }

    /// The saved setting, read once and again after each change.
    pub(crate) fn watch_config(&self) -> Result<WatchConfig, ApiError> {
        let mut state = lock(&self.inner.watch);
        if let Some(c) = &state.config {
            return Ok(c.clone());
        }
        let config = WatchConfig::load(self.data_dir())?;
        state.config = Some(config.clone());
        Ok(config)
    }

    /// Stop the running watcher and start one on the saved folder, if this
    /// shell runs one and a folder is set.
    pub(crate) fn restart_watcher(&self) {
        let mut state = lock(&self.inner.watch);
        if let Some(old) = state.running.take() {
            old.stop.cancel();
        }
        *lock(&state.problem) = None;
        state.config = None;
        if !state.enabled {
            return;
        }
        let config = match WatchConfig::load(self.data_dir()) {
            Ok(c) => c,
            Err(e) => {
                *lock(&state.problem) = Some(e.to_string());
                return;
            }
        };
        state.config = Some(config.clone());
        let Some(folder) = config.folder else { return };
        let stop = CancellationToken::new();
        state.running = Some(Running {
            folder: folder.clone(),
            stop: stop.clone(),
        });
        let (recent, problem) = (state.recent.clone(), state.problem.clone());
        let api = self.clone();
        let settle = Duration::from_secs_f64(config.settle_secs.clamp(0.05, 600.0));
        let stopped = stop.clone();
        tokio::spawn(async move {
            let importer = ats_core::import::Importer::new(
                ats_core::ingest::ResumeParser::default(),
                api.store().clone(),
            );
            let announce = api.clone();
            let result = watch_folder(importer, &folder, settle, stop, false, move |event| {
                announce.report(Progress {
                    company_id: None,
                    method: "watch",
                    done: 1,
                    total: 1,
                    note: note(&event),
                });
                let mut recent = lock(&recent);
                if recent.len() == RECENT {
                    recent.pop_back();
                }
                recent.push_front(Recent {
                    at: chrono::Utc::now().to_rfc3339_opts(chrono::SecondsFormat::Millis, true),
                    event,
                });
            })
            .await;
            // A watcher stopped for a new setting says nothing: the problem
            // slot belongs to its successor by then.
            if let Err(e) = result {
                if stopped.is_cancelled() {
                    return;
                }
                tracing::warn!(code = e.code(), "the drop folder is not watched: {e}");
                *lock(&problem) = Some(e.to_string());
            }
        });
    }

    pub(crate) fn watch_status(&self) -> WatchStatus {
        let state = lock(&self.inner.watch);
        let problem = lock(&state.problem).clone();
        WatchStatus {
            enabled: state.enabled,
            watching: state
                .running
                .as_ref()
                .filter(|_| problem.is_none())
                .map(|r| r.folder.clone()),
            problem,
            recent: lock(&state.recent).iter().cloned().collect(),
        }
    }
}

/// A line for the progress channel: the file's name and what became of it.
fn note(event: &Watched) -> String {
    let name = event
        .path()
        .file_name()
        .map_or_else(String::new, |n| n.to_string_lossy().into_owned());
    match event {
        Watched::Imported { .. } => format!("imported {name}"),
        Watched::Duplicate { .. } => format!("duplicate {name}"),
        Watched::Failed { code, .. } => format!("failed {name}: {code}"),
        Watched::Error { .. } => format!("failed {name}"),
    }
}
