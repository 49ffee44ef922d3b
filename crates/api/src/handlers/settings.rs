//! The installation's model settings: providers, their order, models,
//! offline mode, and API keys (to the OS keyring; never read back). They
//! take effect for work started afterwards; a running server's interview
//! conductor keeps the model it started with until it restarts.

use crate::dto::*;
use crate::{ApiError, Ctx};
use ats_core::llm::secrets;
use ats_core::llm::{LlmConfig, catalog};

const PROVIDERS: [&str; 3] = ["openai", "anthropic", "local"];

fn key_source(provider: &str) -> Option<String> {
    match secrets::api_key(provider) {
        Ok((_, secrets::KeySource::Keyring)) => Some("keyring".into()),
        Ok((_, secrets::KeySource::Env(var))) => Some(format!("env:{var}")),
        Err(_) => None,
    }
}

fn settings(c: &LlmConfig) -> LlmSettings {
    LlmSettings {
        order: c.order.clone(),
        offline: c.offline,
        timeout_secs: c.timeout_secs,
        openai: CloudSettings {
            base_url: c.openai.base_url.clone(),
            model: c.openai.model.clone(),
            key_source: key_source("openai"),
        },
        anthropic: CloudSettings {
            base_url: c.anthropic.base_url.clone(),
            model: c.anthropic.model.clone(),
            key_source: key_source("anthropic"),
        },
        local: LocalSettings {
            model: c.local.model.display().to_string(),
            threads: c.local.threads,
            context: c.local.context,
        },
    }
}

pub async fn llm_get(ctx: Ctx, _: Empty) -> Result<LlmSettings, ApiError> {
    let config = LlmConfig::load(ctx.api.data_dir()).map_err(ApiError::invalid)?;
    Ok(settings(&config))
}

fn url(u: &str) -> Result<String, ApiError> {
    let u = u.trim();
    if u.starts_with("https://")
        || u.starts_with("http://127.0.0.1")
        || u.starts_with("http://localhost")
    {
        Ok(u.to_owned())
    } else {
        Err(ApiError::Invalid(format!(
            "base URL {u}: https, or http on this machine only"
        )))
    }
}

pub async fn llm_set(ctx: Ctx, input: LlmSettingsInput) -> Result<LlmSettings, ApiError> {
    let dir = ctx.api.data_dir();
    let mut c = LlmConfig::load(dir).map_err(ApiError::invalid)?;
    if let Some(order) = input.order {
        if order.is_empty() || order.iter().any(|p| !PROVIDERS.contains(&p.as_str())) {
            return Err(ApiError::Invalid(format!(
                "order: one or more of {}",
                PROVIDERS.join(", ")
            )));
        }
        c.order = order;
    }
    if let Some(offline) = input.offline {
        c.offline = offline;
    }
    if let Some(t) = input.timeout_secs {
        if !(1..=3600).contains(&t) {
            return Err(ApiError::Invalid("timeout_secs: 1 to 3600".into()));
        }
        c.timeout_secs = t;
    }
    if let Some(m) = input.openai_model {
        c.openai.model = m;
    }
    if let Some(u) = input.openai_base_url {
        c.openai.base_url = url(&u)?;
    }
    if let Some(m) = input.anthropic_model {
        c.anthropic.model = m;
    }
    if let Some(u) = input.anthropic_base_url {
        c.anthropic.base_url = url(&u)?;
    }
    if let Some(m) = input.local_model {
        let path = std::path::PathBuf::from(&m);
        if !path
            .extension()
            .is_some_and(|e| e.eq_ignore_ascii_case("gguf"))
            || !path.is_file()
        {
            return Err(ApiError::Invalid(format!(
                "local_model: no GGUF file at {m}"
            )));
        }
        catalog::gguf_version(&path)
            .and_then(|_| catalog::check_memory(&path, catalog::available_memory()))
            .map_err(|e| ApiError::Invalid(format!("local_model: {e}")))?;
        c.local.model = path;
    }
    for k in input.keys.unwrap_or_default() {
        if !["openai", "anthropic"].contains(&k.provider.as_str()) {
            return Err(ApiError::Invalid(format!("a key for {}", k.provider)));
        }
        let stored = if k.key.trim().is_empty() {
            secrets::delete_key(&k.provider)
        } else {
            secrets::store_key(&k.provider, k.key.trim())
        };
        stored.map_err(|e| ApiError::Core {
            code: "llm.config",
            message: e.to_string(),
        })?;
    }
    c.save(dir).map_err(|e| ApiError::Core {
        code: "llm.config",
        message: e.to_string(),
    })?;
    Ok(settings(&c))
}

const MB: u64 = 1_048_576;

pub async fn models(ctx: Ctx, _: Empty) -> Result<LocalModels, ApiError> {
    let config = LlmConfig::load(ctx.api.data_dir()).map_err(ApiError::invalid)?;
    let folder = ctx.api.models_dir().to_path_buf();
    let configured = config.local.model;
    let available = catalog::available_memory();
    let (folder_shown, configured_shown) = (folder.clone(), configured.clone());
    let list =
        tokio::task::spawn_blocking(move || catalog::local_models(&folder, &configured, available))
            .await
            .map_err(|e| ApiError::Internal(e.to_string()))?;
    Ok(LocalModels {
        engine: catalog::LOCAL_ENGINE,
        folder: folder_shown.display().to_string(),
        available_mb: available.map(|b| b / MB),
        configured_present: configured_shown.is_file(),
        configured: configured_shown.display().to_string(),
        models: list
            .into_iter()
            .map(|m| LocalModelInfo {
                path: m.path.display().to_string(),
                name: m.name,
                licence: m.licence,
                size_mb: m.size.div_ceil(MB),
                needed_mb: m.needed.div_ceil(MB),
                fits: m.fits,
                problem: m.problem,
                configured: m.configured,
            })
            .collect(),
    })
}

fn watch_settings(ctx: &Ctx) -> Result<WatchSettings, ApiError> {
    use ats_core::watch::Watched;
    let config = ctx.api.watch_config()?;
    let status = ctx.api.watch_status();
    let text = |p: &std::path::Path| p.display().to_string();
    Ok(WatchSettings {
        folder: config.folder.as_deref().map(text),
        settle_secs: config.settle_secs,
        runs_here: status.enabled,
        watching: status.watching.as_deref().map(text),
        problem: status.problem,
        recent: status
            .recent
            .into_iter()
            .map(|r| {
                let path = text(r.event.path());
                let (outcome, candidate_id, code, message) = match r.event {
                    Watched::Imported { candidate_id, .. } => {
                        ("imported", Some(candidate_id), None, None)
                    }
                    Watched::Duplicate { candidate_id, .. } => {
                        ("duplicate", Some(candidate_id), None, None)
                    }
                    Watched::Failed { code, message, .. } => {
                        ("failed", None, Some(code), Some(message))
                    }
                    Watched::Error { message, .. } => ("error", None, None, Some(message)),
                };
                WatchedFileDto {
                    at: r.at,
                    path,
                    outcome: outcome.into(),
                    candidate_id,
                    code,
                    message,
                }
            })
            .collect(),
    })
}

pub async fn watch_get(ctx: Ctx, _: Empty) -> Result<WatchSettings, ApiError> {
    watch_settings(&ctx)
}

pub async fn watch_set(ctx: Ctx, input: WatchSettingsInput) -> Result<WatchSettings, ApiError> {
    let dir = ctx.api.data_dir();
    let mut config = crate::watch::WatchConfig::load(dir)?;
    config.folder = match input.folder.as_deref().map(str::trim) {
        None | Some("") => None,
        Some(f) => {
            let path = std::path::PathBuf::from(f);
            if !path.is_absolute() {
                return Err(ApiError::Invalid(format!(
                    "folder: {f} is not an absolute path"
                )));
            }
            if path.exists() && !path.is_dir() {
                return Err(ApiError::Invalid(format!("folder: {f} is a file")));
            }
            if path.starts_with(dir) {
                return Err(ApiError::Invalid(
                    "folder: not inside the data directory".into(),
                ));
            }
            std::fs::create_dir_all(&path)
                .map_err(|e| ApiError::Invalid(format!("folder: {f}: {e}")))?;
            Some(path)
        }
    };
    if let Some(s) = input.settle_secs {
        if !(0.05..=600.0).contains(&s) {
            return Err(ApiError::Invalid("settle_secs: 0.05 to 600".into()));
        }
        config.settle_secs = s;
    }
    config.save(dir)?;
    ctx.api.restart_watcher();
    watch_settings(&ctx)
}
