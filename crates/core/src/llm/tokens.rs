//! Token counts for budgets and cost: OpenAI's own encodings (tiktoken-rs)
//! for OpenAI models, the model's own tokenizer for local GGUF models (see
//! `local.rs`), and cl100k as an estimate where the tokenizer is not public.

use tiktoken_rs::tokenizer::{Tokenizer, get_tokenizer};

/// Tokens of `text` for an OpenAI model (o200k for unknown names).
pub fn openai(model: &str, text: &str) -> usize {
    let bpe = match get_tokenizer(model) {
        Some(Tokenizer::Cl100kBase) => tiktoken_rs::cl100k_base_singleton(),
        Some(Tokenizer::P50kBase | Tokenizer::P50kEdit) => tiktoken_rs::p50k_base_singleton(),
        Some(Tokenizer::R50kBase | Tokenizer::Gpt2) => tiktoken_rs::r50k_base_singleton(),
        _ => tiktoken_rs::o200k_base_singleton(),
    };
    bpe.encode_with_special_tokens(text).len()
}

/// An estimate for models whose tokenizer is not public.
pub fn estimate(text: &str) -> usize {
    tiktoken_rs::cl100k_base_singleton()
        .encode_with_special_tokens(text)
        .len()
}

/// Price of a call in US dollars from per-million-token prices.
pub fn cost(prompt: u32, completion: u32, price: &super::config::Price) -> f64 {
    (f64::from(prompt) * price.input_per_mtok + f64::from(completion) * price.output_per_mtok) / 1e6
}

#[cfg(test)]
mod tests {
    #[test]
    fn openai_models_use_their_encoding() {
        assert_eq!(super::openai("gpt-4o", "hello world"), 2);
        assert_eq!(super::openai("gpt-4", "hello world"), 2);
        assert!(super::estimate("The quick brown fox jumps over the lazy dog.") >= 9);
    }
}
