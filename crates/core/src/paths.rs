//! Where the product keeps things on disk. Below every other module: the
//! store, the models and the caches all ask here, none asks another.

use std::path::PathBuf;

/// Where the product keeps its data unless told otherwise: `ATS_DATA_DIR`,
/// else the platform data directory (`~/.local/share/ats` on Linux).
pub fn default_data_dir() -> PathBuf {
    if let Some(dir) = std::env::var_os("ATS_DATA_DIR") {
        return PathBuf::from(dir);
    }
    directories::ProjectDirs::from("", "", "ats")
        .map(|d| d.data_dir().to_path_buf())
        .unwrap_or_else(|| PathBuf::from(".ats"))
}

/// Where bundled models live: `ATS_MODELS_DIR`, else `models/` beside the
/// working directory, else the data directory's `models/`.
pub fn models_dir() -> PathBuf {
    std::env::var_os("ATS_MODELS_DIR")
        .map(PathBuf::from)
        .or_else(|| {
            let here = PathBuf::from("models");
            here.is_dir().then_some(here)
        })
        .unwrap_or_else(|| default_data_dir().join("models"))
}

/// Derived data that can be rebuilt (embedded ESCO labels): `ATS_MODEL_CACHE`,
/// else the data directory's `cache/`.
pub fn cache_dir() -> PathBuf {
    std::env::var_os("ATS_MODEL_CACHE")
        .map(PathBuf::from)
        .unwrap_or_else(|| default_data_dir().join("cache"))
}

/// A settings file of the data directory (`llm.toml`, `watch.toml`): its
/// value, or the defaults when there is none yet. The error names the file.
pub fn load_settings<T: serde::de::DeserializeOwned + Default>(
    path: &std::path::Path,
) -> Result<T, String> {
    match std::fs::read_to_string(path) {
        Ok(text) => toml::from_str(&text).map_err(|e| format!("{}: {e}", path.display())),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(T::default()),
        Err(e) => Err(format!("{}: {e}", path.display())),
    }
}

/// Save a settings file whole: written beside it and renamed over it, so a
/// crash leaves the old file or the new one, never half of one.
pub fn save_settings<T: serde::Serialize>(path: &std::path::Path, value: &T) -> Result<(), String> {
    let text = toml::to_string_pretty(value).map_err(|e| e.to_string())?;
    if let Some(dir) = path.parent() {
        std::fs::create_dir_all(dir).map_err(|e| format!("{}: {e}", dir.display()))?;
    }
    let tmp = path.with_extension("toml.tmp");
    std::fs::write(&tmp, text).map_err(|e| format!("{}: {e}", tmp.display()))?;
    std::fs::rename(&tmp, path).map_err(|e| format!("{}: {e}", path.display()))
}
