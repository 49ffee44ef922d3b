//! The local model's raw speed, for `ats bench llm`.

use super::{LlamaBatch, LlamaContextParams, LlmError, LocalProvider, NonZeroU32, backend};

impl LocalProvider {
    /// Prompt-processing and generation speed as llama.cpp's own bench
    /// measures them: `prompt` tokens decoded as one batch, then `generate`
    /// tokens decoded one at a time (no sampling). Tokens per second.
    pub fn throughput(&self, prompt: usize, generate: usize) -> Result<(f64, f64), LlmError> {
        let n_batch = prompt.max(512) as u32;
        let params = LlamaContextParams::default()
            .with_n_ctx(NonZeroU32::new((prompt + generate + 16) as u32))
            .with_n_batch(n_batch)
            .with_n_ubatch(n_batch)
            .with_n_threads(self.threads)
            .with_n_threads_batch(self.threads);
        let mut ctx = self
            .model
            .new_context(backend()?, params)
            .map_err(|e| LlmError::Unavailable(format!("context: {e}")))?;
        let err = |e: &dyn std::fmt::Display| LlmError::Unavailable(e.to_string());
        let tokens: Vec<_> = (0..prompt)
            .map(|k| llama_cpp_2::token::LlamaToken::new(200 + (k % 500) as i32))
            .collect();
        let mut batch = LlamaBatch::new(prompt.max(1), 1);
        for (i, t) in tokens.iter().enumerate() {
            batch
                .add(*t, i as i32, &[0], i + 1 == prompt)
                .map_err(|e| err(&e))?;
        }
        let t0 = std::time::Instant::now();
        ctx.decode(&mut batch).map_err(|e| err(&e))?;
        let pp = prompt as f64 / t0.elapsed().as_secs_f64();
        let t1 = std::time::Instant::now();
        for k in 0..generate {
            batch.clear();
            batch
                .add(tokens[k % tokens.len()], (prompt + k) as i32, &[0], true)
                .map_err(|e| err(&e))?;
            ctx.decode(&mut batch).map_err(|e| err(&e))?;
        }
        let tg = generate as f64 / t1.elapsed().as_secs_f64();
        Ok((pp, tg))
    }
}
