//! A BERT encoder for sentence embeddings, inference only, built from
//! candle's tensors and fused CPU ops. Compared with candle-transformers'
//! general BERT it projects query, key and value with one matrix product
//! per layer and evaluates the exact (erf) GELU with a vectorisable
//! rational approximation instead of a scalar libm call per element —
//! the two largest costs after the matrix products themselves on MiniLM.

use candle_core::{CpuStorage, CustomOp1, DType, Layout, Module, Shape, Tensor};
use candle_nn::{Embedding, LayerNorm, VarBuilder};
use serde::Deserialize;

#[derive(Debug, Clone, Deserialize)]
pub struct Config {
    pub vocab_size: usize,
    pub hidden_size: usize,
    pub num_hidden_layers: usize,
    pub num_attention_heads: usize,
    pub intermediate_size: usize,
    pub max_position_embeddings: usize,
    #[serde(default = "two")]
    pub type_vocab_size: usize,
    #[serde(default = "eps")]
    pub layer_norm_eps: f64,
    #[serde(default = "gelu")]
    pub hidden_act: String,
}

fn two() -> usize {
    2
}
fn eps() -> f64 {
    1e-12
}
fn gelu() -> String {
    "gelu".into()
}

#[derive(Debug, Clone, Copy)]
enum Act {
    /// The exact GELU, x·Φ(x), as BERT and MiniLM were trained with.
    GeluErf,
    /// The tanh approximation ("gelu_new", "gelu_pytorch_tanh").
    GeluTanh,
    Relu,
}

/// GELU with erf from a rational approximation on [-4, 4] (beyond it erf
/// is ±1 in f32): an odd degree-13 numerator over an even degree-8
/// denominator in x, absolute error about 1e-7 — no branches and no libm
/// calls, so the loop vectorises.
struct FastGeluErf;

#[inline]
#[allow(clippy::excessive_precision)] // the coefficients as published
fn erf_f32(x: f32) -> f32 {
    const A: [f32; 7] = [
        -1.609_603_3e-2,
        -2.954_599_8e-3,
        -7.349_906_3e-4,
        -5.692_506_4e-5,
        -2.101_024e-6,
        2.770_681_4e-8,
        -2.726_142_3e-10,
    ];
    const B: [f32; 5] = [
        -1.426_473_9e-2,
        -7.373_329e-3,
        -1.682_827e-3,
        -2.133_740_6e-4,
        -1.456_607_2e-5,
    ];
    let x = x.clamp(-4.0, 4.0);
    let x2 = x * x;
    let mut p = A[6];
    for a in A[..6].iter().rev() {
        p = p * x2 + *a;
    }
    let mut q = B[4];
    for b in B[..4].iter().rev() {
        q = q * x2 + *b;
    }
    x * p / q
}

fn gelu_erf_slice(src: &[f32]) -> Vec<f32> {
    src.iter()
        .map(|&v| 0.5 * v * (1.0 + erf_f32(v * std::f32::consts::FRAC_1_SQRT_2)))
        .collect()
}

impl CustomOp1 for FastGeluErf {
    fn name(&self) -> &'static str {
        "fast-gelu-erf"
    }

    fn cpu_fwd(
        &self,
        storage: &CpuStorage,
        layout: &Layout,
    ) -> candle_core::Result<(CpuStorage, Shape)> {
        let CpuStorage::F32(data) = storage else {
            candle_core::bail!("fast-gelu-erf: f32 only")
        };
        let Some((start, end)) = layout.contiguous_offsets() else {
            candle_core::bail!("fast-gelu-erf: contiguous input only")
        };
        Ok((
            CpuStorage::F32(gelu_erf_slice(&data[start..end])),
            layout.shape().clone(),
        ))
    }
}

/// A dense layer over every token of every sentence as one matrix product:
/// the weight is stored transposed and contiguous, `(in, out)`, so it is
/// neither transposed nor split per sentence at run time. A short input
/// (one sentence) is multiplied in column blocks on all cores instead —
/// views into the same weight, not copies — since candle's kernels run on
/// one thread each when the encoder splits batches itself.
struct Dense {
    weight_t: Tensor,
    bias: Tensor,
    /// Column ranges, one per core (empty on one core).
    blocks: Vec<(usize, usize)>,
}

/// Inputs up to this many tokens are multiplied in column blocks.
const SMALL_INPUT: usize = 96;

impl Dense {
    fn new(weight: &Tensor, bias: Tensor) -> candle_core::Result<Self> {
        let weight_t = weight.t()?.contiguous()?;
        let n = weight_t.dim(1)?;
        let cores = std::thread::available_parallelism().map_or(1, std::num::NonZero::get);
        let per = n.div_ceil(cores);
        let blocks = if cores > 1 {
            (0..n)
                .step_by(per)
                .map(|at| (at, per.min(n - at)))
                .collect()
        } else {
            Vec::new()
        };
        Ok(Self {
            weight_t,
            bias,
            blocks,
        })
    }

    fn forward(&self, x: &Tensor) -> candle_core::Result<Tensor> {
        let (b, l, k) = x.dims3()?;
        let n = self.weight_t.dim(1)?;
        let x = x.reshape((b * l, k))?;
        let y = if b * l <= SMALL_INPUT && self.blocks.len() > 1 && rayon::current_num_threads() > 1
        {
            use rayon::prelude::*;
            let parts = self
                .blocks
                .par_iter()
                .map(|&(at, width)| {
                    x.matmul(&self.weight_t.narrow(1, at, width)?)?
                        .broadcast_add(&self.bias.narrow(0, at, width)?)
                })
                .collect::<candle_core::Result<Vec<_>>>()?;
            Tensor::cat(&parts, 1)?
        } else {
            x.matmul(&self.weight_t)?.broadcast_add(&self.bias)?
        };
        y.reshape((b, l, n))
    }
}

struct Layer {
    qkv: Dense,
    out: Dense,
    out_norm: LayerNorm,
    up: Dense,
    down: Dense,
    down_norm: LayerNorm,
}

pub struct BertEncoder {
    words: Embedding,
    positions: Embedding,
    types: Embedding,
    norm: LayerNorm,
    layers: Vec<Layer>,
    heads: usize,
    act: Act,
}

fn weights(
    vb: &VarBuilder,
    name: &str,
    inp: usize,
    out: usize,
) -> candle_core::Result<(Tensor, Tensor)> {
    let vb = vb.pp(name);
    Ok((vb.get((out, inp), "weight")?, vb.get(out, "bias")?))
}

fn dense(vb: &VarBuilder, name: &str, inp: usize, out: usize) -> candle_core::Result<Dense> {
    let (w, b) = weights(vb, name, inp, out)?;
    Dense::new(&w, b)
}

fn layer_norm(
    vb: &VarBuilder,
    name: &str,
    size: usize,
    eps: f64,
) -> candle_core::Result<LayerNorm> {
    let vb = vb.pp(name);
    Ok(LayerNorm::new(
        vb.get(size, "weight")?,
        vb.get(size, "bias")?,
        eps,
    ))
}

impl BertEncoder {
    /// Load from sentence-transformers / Hugging Face BERT weights (with or
    /// without a `bert.` prefix).
    pub fn load(vb: VarBuilder, c: &Config) -> candle_core::Result<Self> {
        let vb = if vb.contains_tensor("bert.embeddings.word_embeddings.weight") {
            vb.pp("bert")
        } else {
            vb
        };
        let act = match c.hidden_act.as_str() {
            "gelu" => Act::GeluErf,
            "gelu_new" | "gelu_pytorch_tanh" | "gelu_approximate" => Act::GeluTanh,
            "relu" => Act::Relu,
            other => candle_core::bail!("unsupported hidden_act {other}"),
        };
        let h = c.hidden_size;
        let e = vb.pp("embeddings");
        let emb = |name: &str, n: usize| -> candle_core::Result<Embedding> {
            Ok(Embedding::new(e.pp(name).get((n, h), "weight")?, h))
        };
        let mut layers = Vec::with_capacity(c.num_hidden_layers);
        for i in 0..c.num_hidden_layers {
            let l = vb.pp(format!("encoder.layer.{i}"));
            let a = l.pp("attention.self");
            let (qw, qb) = weights(&a, "query", h, h)?;
            let (kw, kb) = weights(&a, "key", h, h)?;
            let (vw, vb) = weights(&a, "value", h, h)?;
            let qkv = Dense::new(
                &Tensor::cat(&[&qw, &kw, &vw], 0)?,
                Tensor::cat(&[&qb, &kb, &vb], 0)?,
            )?;
            layers.push(Layer {
                qkv,
                out: dense(&l, "attention.output.dense", h, h)?,
                out_norm: layer_norm(&l, "attention.output.LayerNorm", h, c.layer_norm_eps)?,
                up: dense(&l, "intermediate.dense", h, c.intermediate_size)?,
                down: dense(&l, "output.dense", c.intermediate_size, h)?,
                down_norm: layer_norm(&l, "output.LayerNorm", h, c.layer_norm_eps)?,
            });
        }
        Ok(Self {
            words: emb("word_embeddings", c.vocab_size)?,
            positions: emb("position_embeddings", c.max_position_embeddings)?,
            types: emb("token_type_embeddings", c.type_vocab_size)?,
            norm: layer_norm(&e, "LayerNorm", h, c.layer_norm_eps)?,
            layers,
            heads: c.num_attention_heads,
            act,
        })
    }

    /// Hidden states `(batch, len, hidden)` for token ids `(batch, len)`
    /// with attention mask `(batch, len)` (1 for tokens, 0 for padding).
    pub fn forward(&self, ids: &Tensor, mask: &Tensor) -> candle_core::Result<Tensor> {
        let (b, len) = ids.dims2()?;
        let device = ids.device();
        let pos = Tensor::arange(0u32, len as u32, device)?;
        let x = self
            .words
            .forward(ids)?
            .broadcast_add(&self.positions.forward(&pos)?)?
            .broadcast_add(&self.types.forward(&Tensor::zeros(1, DType::U32, device)?)?)?;
        let mut x = self.norm.forward(&x)?;
        // Padding gets a large negative score before the softmax.
        let bias = ((mask.to_dtype(DType::F32)? - 1.0)? * 1e9)?.reshape((b, 1, 1, len))?;
        let h = x.dim(2)?;
        let d = h / self.heads;
        let scale = 1.0 / (d as f64).sqrt();
        for l in &self.layers {
            let qkv = l.qkv.forward(&x)?; // (b, len, 3h)
            let split = |i: usize| -> candle_core::Result<Tensor> {
                qkv.narrow(2, i * h, h)?
                    .reshape((b, len, self.heads, d))?
                    .transpose(1, 2)?
                    .contiguous()
            };
            let (q, k, v) = (split(0)?, split(1)?, split(2)?);
            let scores = (q.matmul(&k.t()?)? * scale)?.broadcast_add(&bias)?;
            let probs = candle_nn::ops::softmax_last_dim(&scores)?;
            let ctx = probs.matmul(&v)?.transpose(1, 2)?.reshape((b, len, h))?;
            x = l.out_norm.forward(&(l.out.forward(&ctx)? + &x)?)?;
            let up = l.up.forward(&x)?;
            let up = match self.act {
                Act::GeluErf => up.apply_op1_no_bwd(&FastGeluErf)?,
                Act::GeluTanh => up.gelu()?,
                Act::Relu => up.relu()?,
            };
            x = l.down_norm.forward(&(l.down.forward(&up)? + &x)?)?;
        }
        Ok(x)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn erf_matches_libm() {
        let mut worst = 0f32;
        for i in -6000..=6000 {
            let x = i as f32 / 1000.0;
            worst = worst.max((erf_f32(x) - libm_erf(x)).abs());
        }
        assert!(worst < 5e-7, "max |erf error| {worst}");
    }

    fn libm_erf(x: f32) -> f32 {
        // Reference: candle's scalar erf, in f64.
        Tensor::new(&[f64::from(x)], &candle_core::Device::Cpu)
            .and_then(|t| t.erf())
            .and_then(|t| t.to_vec1::<f64>())
            .expect("cpu tensor")[0] as f32
    }
}
