//! The installation's model settings: providers, their order, models,
//! offline mode, and API keys (to the OS keyring; never read back). They
//! take effect for work started afterwards; a running server's interview
//! conductor keeps the model it started with until it restarts.

use crate::dto::*;
use crate::{ApiError, Ctx};
use ats_core::llm::LlmConfig;
use ats_core::llm::secrets;

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
        if path.extension().and_then(|e| e.to_str()) != Some("gguf") || !path.is_file() {
            return Err(ApiError::Invalid(format!(
                "local_model: no GGUF file at {m}"
            )));
        }
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
