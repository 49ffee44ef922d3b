//! Contexts a local model keeps between calls, with the tokens each one's
//! KV cache holds, so that a prompt starting like an earlier one decodes
//! only its new tokens; and the lock that runs one call at a time per
//! model (two calls on the same cores only slow each other down).

use super::{CancellationToken, LlmError};
use llama_cpp_2::token::LlamaToken;
use std::sync::{Mutex, MutexGuard, PoisonError, TryLockError};

/// Contexts kept per model at most (each holds a KV cache of `context`
/// tokens).
const KEPT: usize = 3;

/// A context kept between calls and the tokens its KV cache holds.
pub(super) struct Slot {
    pub ctx: llama_cpp_2::context::LlamaContext<'static>,
    pub tokens: Vec<LlamaToken>,
}

#[derive(Default)]
pub(super) struct Contexts {
    slots: Mutex<Vec<Slot>>,
    running: Mutex<()>,
}

pub(super) fn common_prefix(a: &[LlamaToken], b: &[LlamaToken]) -> usize {
    a.iter().zip(b).take_while(|(x, y)| x == y).count()
}

impl Contexts {
    /// Wait for the model to be free; stop waiting when cancelled.
    pub fn run_alone(&self, cancel: &CancellationToken) -> Result<MutexGuard<'_, ()>, LlmError> {
        loop {
            match self.running.try_lock() {
                Ok(g) => return Ok(g),
                Err(TryLockError::Poisoned(p)) => return Ok(p.into_inner()),
                Err(TryLockError::WouldBlock) => {
                    if cancel.is_cancelled() {
                        return Err(LlmError::Cancelled);
                    }
                    std::thread::sleep(std::time::Duration::from_millis(5));
                }
            }
        }
    }

    /// The kept context, large enough for `wanted` tokens, that has read
    /// the longest start of `tokens`.
    pub fn take(&self, wanted: u32, tokens: &[LlamaToken]) -> Option<Slot> {
        let mut slots = self.slots.lock().unwrap_or_else(PoisonError::into_inner);
        let best = slots
            .iter()
            .enumerate()
            .filter(|(_, s)| s.ctx.n_ctx() >= wanted)
            .max_by_key(|(_, s)| common_prefix(&s.tokens, tokens))
            .map(|(i, _)| i);
        best.map(|i| slots.remove(i))
    }

    /// Keep a context for the next call; the oldest goes beyond the limit.
    pub fn keep(&self, slot: Slot) {
        let mut slots = self.slots.lock().unwrap_or_else(PoisonError::into_inner);
        slots.push(slot);
        if slots.len() > KEPT {
            slots.remove(0);
        }
    }
}
