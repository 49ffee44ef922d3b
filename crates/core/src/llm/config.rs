//! Which providers to use, in which order, with what limits: `llm.toml` in
//! the data directory. It never holds API keys (see `secrets.rs`).
//!
//! ```toml
//! order = ["openai", "local"]      # cloud first, the local model when it fails
//! offline = false                  # true forbids every network provider
//! timeout_secs = 120
//! max_retries = 3
//! max_prompt_tokens = 16000        # a budget: longer prompts are refused before any call
//! [openai]
//! base_url = "https://api.openai.com/v1"   # or Ollama, vLLM, LM Studio, llama.cpp's server
//! model = "gpt-4o-mini"
//! [anthropic]
//! base_url = "https://api.anthropic.com"
//! model = "claude-sonnet-4-5"
//! [local]
//! model = "models/smollm2/SmolLM2-135M-Instruct.Q4_1.gguf"
//! threads = 2
//! context = 4096
//! [prices."gpt-4o-mini"]
//! input_per_mtok = 0.15
//! output_per_mtok = 0.60
//! ```

use super::LlmError;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct LlmConfig {
    pub order: Vec<String>,
    pub offline: bool,
    pub timeout_secs: u64,
    pub max_retries: u32,
    /// Refuse prompts longer than this many tokens before any call
    /// (a budget; `None` leaves it to the model's own limit).
    pub max_prompt_tokens: Option<u32>,
    pub openai: CloudConfig,
    pub anthropic: CloudConfig,
    pub local: LocalConfig,
    /// US dollars per million tokens, by model name.
    pub prices: BTreeMap<String, Price>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CloudConfig {
    pub base_url: String,
    pub model: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct LocalConfig {
    /// A GGUF file.
    pub model: PathBuf,
    pub threads: Option<u32>,
    pub context: u32,
}

#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct Price {
    pub input_per_mtok: f64,
    pub output_per_mtok: f64,
}

impl Default for LlmConfig {
    fn default() -> Self {
        Self {
            // Offline-first: the bundled local model until a cloud is configured.
            order: vec!["local".into()],
            offline: false,
            timeout_secs: 120,
            max_retries: 3,
            max_prompt_tokens: None,
            openai: CloudConfig {
                base_url: "https://api.openai.com/v1".into(),
                model: "gpt-4o-mini".into(),
            },
            anthropic: CloudConfig {
                base_url: "https://api.anthropic.com".into(),
                model: "claude-sonnet-4-5".into(),
            },
            local: LocalConfig::default(),
            prices: BTreeMap::new(),
        }
    }
}

impl Default for CloudConfig {
    fn default() -> Self {
        LlmConfig::default().openai
    }
}

impl Default for LocalConfig {
    fn default() -> Self {
        Self {
            model: default_local_model(),
            threads: None,
            context: 4096,
        }
    }
}

/// The bundled model, in [`crate::paths::models_dir`].
pub fn default_local_model() -> PathBuf {
    crate::paths::models_dir().join("smollm2/SmolLM2-135M-Instruct.Q4_1.gguf")
}

impl LlmConfig {
    pub fn path(data_dir: &Path) -> PathBuf {
        data_dir.join("llm.toml")
    }

    /// The saved configuration, or the defaults when there is none.
    pub fn load(data_dir: &Path) -> Result<Self, LlmError> {
        crate::paths::load_settings(&Self::path(data_dir)).map_err(LlmError::Config)
    }

    pub fn save(&self, data_dir: &Path) -> Result<(), LlmError> {
        crate::paths::save_settings(&Self::path(data_dir), self).map_err(LlmError::Config)
    }

    pub fn policy(&self) -> super::RetryPolicy {
        super::RetryPolicy {
            timeout: std::time::Duration::from_secs(self.timeout_secs.max(1)),
            max_retries: self.max_retries,
            ..super::RetryPolicy::default()
        }
    }
}
