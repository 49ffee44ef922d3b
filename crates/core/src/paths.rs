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
