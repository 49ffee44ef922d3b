//! The app: the web UI (`ui/dist`) in a webview with the core embedded in
//! process. Its commands are one-line wrappers over `ats_api` with no
//! logic of their own: `call` runs a method of the table as the device's
//! owner (like the terminal), `app_info` says where the data and models
//! are. Beside them the app forwards the API's progress events to the
//! window (`progress`), imports what is saved into the watched drop folder
//! of the settings, scores completed interviews in the background and says
//! so with a desktop notification.
//!
//! On a phone the same entry point runs the candidate screens, which talk
//! to a company's server over HTTP (the UI's transport for it).

use ats_api::{Api, Principal};
use std::path::PathBuf;
use tauri::{Emitter, Manager};

include!("command_names.rs");

/// Run a method of the table (`crates/api/src/table.rs`).
#[tauri::command]
async fn call(
    api: tauri::State<'_, Api>,
    method: String,
    input: serde_json::Value,
) -> Result<serde_json::Value, ats_api::ErrorBody> {
    api.call(Principal::owner(), &method, input)
        .await
        .map_err(|e| e.body())
}

/// Where this app keeps its data and finds its models.
#[derive(Debug, serde::Serialize)]
pub struct AppInfo {
    pub version: &'static str,
    pub data_dir: PathBuf,
    pub models_dir: PathBuf,
}

#[tauri::command]
fn app_info(api: tauri::State<'_, Api>) -> AppInfo {
    AppInfo {
        version: env!("CARGO_PKG_VERSION"),
        data_dir: api.data_dir().to_path_buf(),
        models_dir: api.models_dir().to_path_buf(),
    }
}

/// The commands, for [`run`] and the tests.
pub fn handler<R: tauri::Runtime>() -> impl Fn(tauri::ipc::Invoke<R>) -> bool + Send + Sync + 'static
{
    tauri::generate_handler![call, app_info]
}

/// The data directory: `ATS_DATA_DIR`, else the app's own.
fn data_dir<R: tauri::Runtime>(app: &tauri::App<R>) -> tauri::Result<PathBuf> {
    match std::env::var_os("ATS_DATA_DIR") {
        Some(dir) => Ok(PathBuf::from(dir)),
        None => app.path().app_data_dir(),
    }
}

/// The models: `ATS_MODELS_DIR`, else `models/` in the app's resources,
/// else the core's default (`models/` here, or the data directory's).
fn models_dir<R: tauri::Runtime>(app: &tauri::App<R>) -> PathBuf {
    if let Some(dir) = std::env::var_os("ATS_MODELS_DIR") {
        return PathBuf::from(dir);
    }
    app.path()
        .resource_dir()
        .map(|d| d.join("models"))
        .ok()
        .filter(|d| d.is_dir())
        .unwrap_or_else(ats_core::paths::models_dir)
}

/// Open the store and the API for this app, and manage them.
pub fn open<R: tauri::Runtime>(app: &tauri::App<R>) -> Result<Api, Box<dyn std::error::Error>> {
    let dir = data_dir(app)?;
    std::fs::create_dir_all(&dir)?;
    let store = tauri::async_runtime::block_on(ats_core::store::Store::open(&dir))?;
    let api = Api::new(store).with_models(models_dir(app));
    app.manage(api.clone());
    Ok(api)
}

/// The configured model (a local GGUF in process, or a cloud provider
/// with its key in the OS keyring), or none: offline scoring.
async fn open_model(api: &Api) -> Option<std::sync::Arc<ats_core::llm::LlmService>> {
    // Keys live in the platform's keyring when it has one.
    let _ = keyring::Entry::store_status();
    let config = ats_core::llm::LlmConfig::load(api.data_dir()).ok()?;
    match ats_core::llm::LlmService::open(config, Some(api.store().clone()), None, None).await {
        Ok(service) => Some(std::sync::Arc::new(service)),
        Err(e) => {
            tracing::info!(code = e.code(), "no language model: offline scoring ({e})");
            None
        }
    }
}

/// Forward progress to the window, watch the drop folder from the settings
/// and score queued interviews, with a notification for each scorecard.
fn start_workers<R: tauri::Runtime>(handle: tauri::AppHandle<R>, api: Api) {
    let watcher = api.clone();
    // In the runtime: the watcher's task is spawned from there.
    tauri::async_runtime::spawn(async move { watcher.start_watching() });
    let mut progress = api.progress();
    let events = handle.clone();
    tauri::async_runtime::spawn(async move {
        while let Ok(p) = progress.recv().await {
            let _ = events.emit("progress", &p);
        }
    });
    tauri::async_runtime::spawn(async move {
        let llm = open_model(&api).await;
        let service = api.scoring_service(llm);
        service
            .run_worker(
                std::time::Duration::from_secs(2),
                std::future::pending(),
                |result| {
                    if let Ok(card) = result {
                        notify_scored(&handle, card);
                    }
                },
            )
            .await;
    });
}

fn notify_scored<R: tauri::Runtime>(
    handle: &tauri::AppHandle<R>,
    card: &ats_core::store::StoredScorecard,
) {
    use tauri_plugin_notification::NotificationExt;
    let who = card.candidate_name.as_deref().unwrap_or("A candidate");
    let overall = card.card.overall.map_or_else(
        || "not scored overall".to_owned(),
        |o| format!("{o:.0} / 100"),
    );
    let _ = handle.emit("scored", &card.interview_id);
    let _ = handle
        .notification()
        .builder()
        .title("Interview scored")
        .body(format!("{who}: {overall}"))
        .show();
}

#[cfg_attr(mobile, tauri::mobile_entry_point)]
pub fn run() {
    tauri::Builder::default()
        .plugin(tauri_plugin_notification::init())
        .setup(|app| {
            let api = open(app)?;
            start_workers(app.handle().clone(), api);
            Ok(())
        })
        .invoke_handler(handler())
        .run(tauri::generate_context!())
        .expect("running the app");
}
