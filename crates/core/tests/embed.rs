//! Parity with sentence-transformers on the reference sentences: identical
//! token ids, max |diff| <= 1e-5 and cosine >= 0.99999 for every sentence,
//! one at a time and in one batch (padding must not change a vector).

use ats_core::embed::{SentenceEncoder, cosine};
use serde_json::Value;
use std::path::PathBuf;

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../..")
}

fn encoder() -> std::sync::Arc<SentenceEncoder> {
    let dir = root().join("models/all-MiniLM-L6-v2");
    SentenceEncoder::shared(&dir).unwrap_or_else(|e| panic!("{e} — run models/fetch.sh"))
}

fn reference() -> Vec<Value> {
    let text =
        std::fs::read_to_string(root().join("tests/fixtures/embeddings/minilm_reference.json"))
            .unwrap();
    let v: Value = serde_json::from_str(&text).unwrap();
    v["sentences"].as_array().unwrap().clone()
}

fn check(got: &[f32], want: &[f32], what: &str) {
    assert_eq!(got.len(), want.len(), "{what}");
    let max = got
        .iter()
        .zip(want)
        .map(|(a, b)| (a - b).abs())
        .fold(0.0f32, f32::max);
    let cos = cosine(got, want);
    assert!(max <= 1e-5, "{what}: max |diff| {max}");
    assert!(cos >= 0.99999, "{what}: cosine {cos}");
}

#[test]
fn matches_sentence_transformers_one_by_one_and_batched() {
    let enc = encoder();
    assert_eq!(enc.dim(), 384);
    let sentences = reference();
    assert_eq!(sentences.len(), 20);
    let texts: Vec<&str> = sentences
        .iter()
        .map(|s| s["text"].as_str().unwrap())
        .collect();
    let batched = enc.encode(&texts).unwrap();
    for (i, s) in sentences.iter().enumerate() {
        let text = texts[i];
        let ids: Vec<u32> = s["input_ids"]
            .as_array()
            .unwrap()
            .iter()
            .map(|v| v.as_u64().unwrap() as u32)
            .collect();
        assert_eq!(enc.token_ids(text).unwrap(), ids, "token ids of {text:?}");
        let want: Vec<f32> = s["embedding"]
            .as_array()
            .unwrap()
            .iter()
            .map(|v| v.as_f64().unwrap() as f32)
            .collect();
        let single = enc.encode(&[text]).unwrap().remove(0);
        check(&single, &want, &format!("sentence {i} alone"));
        check(
            &batched[i],
            &want,
            &format!("sentence {i} in a batch of 20"),
        );
    }
}

#[test]
fn the_encoder_is_loaded_once_per_process() {
    assert!(std::sync::Arc::ptr_eq(&encoder(), &encoder()));
    let missing = SentenceEncoder::load(&root().join("models/not-there")).unwrap_err();
    assert_eq!(missing.code(), "embed.model_missing");
}
