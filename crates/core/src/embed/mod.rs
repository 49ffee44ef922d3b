//! Sentence embeddings on the CPU with candle's BERT: any BERT-family
//! sentence model in the sentence-transformers layout (`config.json`,
//! `model.safetensors`, `tokenizer.json`), all-MiniLM-L6-v2 by default.
//!
//! Tokens are padded only to the longest sentence of a batch (the shipped
//! tokenizer pads every input to 128, which we switch off), pooled by the mean
//! over the attention mask and L2-normalised — exactly what
//! sentence-transformers computes. Load a model once per process with
//! [`SentenceEncoder::shared`]; encoding is CPU-bound, so async callers run it
//! on the blocking pool.

use candle_core::{DType, Device, Tensor};
use candle_nn::VarBuilder;
mod bert;

use bert::{BertEncoder, Config};
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, OnceLock};
use tokenizers::{PaddingParams, PaddingStrategy, Tokenizer, TruncationParams};

/// all-MiniLM-L6-v2 was trained on sequences of up to 256 word pieces.
pub const DEFAULT_MAX_TOKENS: usize = 256;

#[derive(Debug, thiserror::Error)]
pub enum EmbedError {
    #[error("embedding model not found at {0} (run models/fetch.sh)")]
    ModelMissing(String),
    #[error("embedding model at {path} is unusable: {why}")]
    ModelInvalid { path: String, why: String },
    #[error("embedding failed: {0}")]
    Inference(String),
}

impl EmbedError {
    pub fn code(&self) -> &'static str {
        match self {
            Self::ModelMissing(_) => "embed.model_missing",
            Self::ModelInvalid { .. } => "embed.model_invalid",
            Self::Inference(_) => "embed.inference",
        }
    }
}

impl From<candle_core::Error> for EmbedError {
    fn from(e: candle_core::Error) -> Self {
        Self::Inference(e.to_string())
    }
}

pub struct SentenceEncoder {
    model: BertEncoder,
    tokenizer: Tokenizer,
    device: Device,
    dim: usize,
    path: PathBuf,
    /// One thread per core: a single sentence runs here, its dense layers
    /// split by output columns over the cores (see `bert::Dense`).
    wide: rayon::ThreadPool,
    /// One single-thread pool per core: a batch is split into sub-batches
    /// of similar length, one per core, each with its kernels on one
    /// thread (for MiniLM-sized matrices that beats every operation fanned
    /// out over all cores). Long-lived, since fresh threads per call cost
    /// stacks and allocator arenas every time.
    narrow: Vec<rayon::ThreadPool>,
}

impl std::fmt::Debug for SentenceEncoder {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SentenceEncoder")
            .field("path", &self.path)
            .field("dim", &self.dim)
            .finish()
    }
}

/// The default model: `all-MiniLM-L6-v2` in [`crate::paths::models_dir`].
/// The sentence model's directory name under the models directory.
pub const MODEL_NAME: &str = "all-MiniLM-L6-v2";

pub fn default_model_dir() -> PathBuf {
    crate::paths::models_dir().join(MODEL_NAME)
}

impl SentenceEncoder {
    /// Load a model directory. Reads the weights into memory (no mmap: the
    /// core forbids `unsafe`), about 90 MB for MiniLM.
    pub fn load(dir: &Path) -> Result<Self, EmbedError> {
        let invalid = |why: String| EmbedError::ModelInvalid {
            path: dir.display().to_string(),
            why,
        };
        let file = |name: &str| {
            let p = dir.join(name);
            if p.is_file() {
                Ok(p)
            } else {
                Err(EmbedError::ModelMissing(p.display().to_string()))
            }
        };
        let config: Config = serde_json::from_slice(
            &std::fs::read(file("config.json")?).map_err(|e| invalid(e.to_string()))?,
        )
        .map_err(|e| invalid(format!("config.json: {e}")))?;
        let mut tokenizer =
            Tokenizer::from_file(file("tokenizer.json")?).map_err(|e| invalid(e.to_string()))?;
        tokenizer.with_padding(Some(PaddingParams {
            strategy: PaddingStrategy::BatchLongest,
            ..PaddingParams::default()
        }));
        tokenizer
            .with_truncation(Some(TruncationParams {
                max_length: DEFAULT_MAX_TOKENS,
                ..TruncationParams::default()
            }))
            .map_err(|e| invalid(e.to_string()))?;
        let device = Device::Cpu;
        let weights =
            std::fs::read(file("model.safetensors")?).map_err(|e| invalid(e.to_string()))?;
        let vb = VarBuilder::from_buffered_safetensors(weights, DType::F32, &device)
            .map_err(|e| invalid(e.to_string()))?;
        let model = BertEncoder::load(vb, &config).map_err(|e| invalid(e.to_string()))?;
        let cores = std::thread::available_parallelism().map_or(1, std::num::NonZero::get);
        let pool = |threads: usize, name: String| {
            rayon::ThreadPoolBuilder::new()
                .num_threads(threads)
                .thread_name(move |i| format!("{name}-{i}"))
                .build()
                .map_err(|e| invalid(e.to_string()))
        };
        let wide = pool(cores, "ats-embed".into())?;
        let narrow = (0..cores)
            .map(|i| pool(1, format!("ats-embed-sub{i}")))
            .collect::<Result<_, _>>()?;
        Ok(Self {
            model,
            tokenizer,
            device,
            dim: config.hidden_size,
            path: dir.to_path_buf(),
            wide,
            narrow,
        })
    }

    /// One encoder per model directory per process.
    pub fn shared(dir: &Path) -> Result<Arc<Self>, EmbedError> {
        static LOADED: OnceLock<Mutex<HashMap<PathBuf, Arc<SentenceEncoder>>>> = OnceLock::new();
        let key = dir.canonicalize().unwrap_or_else(|_| dir.to_path_buf());
        let mut loaded = LOADED
            .get_or_init(Default::default)
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        if let Some(e) = loaded.get(&key) {
            return Ok(e.clone());
        }
        let encoder = Arc::new(Self::load(dir)?);
        loaded.insert(key, encoder.clone());
        Ok(encoder)
    }

    /// What identifies the model for caches, wherever it is installed: its
    /// config and the size of its weights.
    pub fn identity(&self) -> String {
        let size = std::fs::metadata(self.path.join("model.safetensors")).map_or(0, |m| m.len());
        let config = std::fs::read(self.path.join("config.json")).unwrap_or_default();
        format!("{}:{size}", crate::digest::sha256_hex(&config))
    }

    pub fn dim(&self) -> usize {
        self.dim
    }

    /// Token ids as the model sees them (with [CLS] and [SEP], truncated).
    pub fn token_ids(&self, text: &str) -> Result<Vec<u32>, EmbedError> {
        let enc = self
            .tokenizer
            .encode(text, true)
            .map_err(|e| EmbedError::Inference(e.to_string()))?;
        Ok(enc.get_ids().to_vec())
    }

    /// L2-normalised embeddings, one per text, in order.
    pub fn encode(&self, texts: &[&str]) -> Result<Vec<Vec<f32>>, EmbedError> {
        // With candle's kernels multi-threaded (RAYON_NUM_THREADS unset or
        // above 1) a batch is not split: that would oversubscribe the cores.
        let workers = if candle_core::utils::get_num_threads() == 1 {
            self.narrow.len().min(texts.len())
        } else {
            1
        };
        if workers <= 1 {
            return self.wide.install(|| self.encode_batch(texts));
        }
        // Sentences of similar length share a sub-batch, so little of it
        // is padding (sentence-transformers sorts the same way).
        let mut order: Vec<usize> = (0..texts.len()).collect();
        order.sort_by_key(|&i| texts[i].len());
        let sorted: Vec<&str> = order.iter().map(|&i| texts[i]).collect();
        let per = sorted.len().div_ceil(workers);
        let parts: Vec<Result<Vec<Vec<f32>>, EmbedError>> = self.wide.install(|| {
            use rayon::prelude::*;
            sorted
                .par_chunks(per)
                .zip(&self.narrow)
                .map(|(chunk, pool)| pool.install(|| self.encode_batch(chunk)))
                .collect()
        });
        let mut out = vec![Vec::new(); texts.len()];
        let mut at = order.into_iter();
        for part in parts {
            for v in part? {
                if let Some(i) = at.next() {
                    out[i] = v;
                }
            }
        }
        Ok(out)
    }

    fn encode_batch(&self, texts: &[&str]) -> Result<Vec<Vec<f32>>, EmbedError> {
        if texts.is_empty() {
            return Ok(Vec::new());
        }
        let encodings = self
            .tokenizer
            .encode_batch(texts.to_vec(), true)
            .map_err(|e| EmbedError::Inference(e.to_string()))?;
        let len = encodings[0].get_ids().len();
        let batch = encodings.len();
        let mut ids = Vec::with_capacity(batch * len);
        let mut mask = Vec::with_capacity(batch * len);
        for e in &encodings {
            ids.extend_from_slice(e.get_ids());
            mask.extend_from_slice(e.get_attention_mask());
        }
        let ids = Tensor::from_vec(ids, (batch, len), &self.device)?;
        let mask = Tensor::from_vec(mask, (batch, len), &self.device)?;
        let hidden = self.model.forward(&ids, &mask)?; // (b, l, h)
        let mask = mask.to_dtype(DType::F32)?.unsqueeze(2)?; // (b, l, 1)
        let summed = hidden.broadcast_mul(&mask)?.sum(1)?; // (b, h)
        let counts = mask.sum(1)?.clamp(1e-9, f64::MAX)?; // (b, 1)
        let mean = summed.broadcast_div(&counts)?;
        let norm = mean.sqr()?.sum_keepdim(1)?.sqrt()?.clamp(1e-12, f64::MAX)?;
        let normalised = mean.broadcast_div(&norm)?;
        Ok(normalised.to_vec2::<f32>()?)
    }
}

/// Cosine similarity of two L2-normalised vectors.
pub fn cosine(a: &[f32], b: &[f32]) -> f32 {
    a.iter().zip(b).map(|(x, y)| x * y).sum()
}
