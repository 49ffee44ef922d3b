//! Candidate search by meaning: a query is embedded with the sentence model
//! and compared with every visible candidate's stored evidence phrases
//! (the vectors ranking uses; see `matching::semantic`). A candidate's
//! score is its best phrase's cosine similarity, and that phrase is shown
//! as the reason. Candidates not yet embedded with the model are embedded
//! first, once, and stored.
//!
//! The scan is exact (no approximate index): int8 dot products over the
//! tenant's stored phrases in keyset pages, so memory stays bounded by one
//! page and the top `limit` hits.

use crate::embed::{EmbedError, SentenceEncoder};
use crate::error::StoreError;
use crate::matching::semantic::{Query, embed_candidates};
use crate::store::{CandidateSummary, Store};
use crate::task;
use std::sync::Arc;

/// Candidates read per page of the scan.
const PAGE: u32 = 2_000;

/// One hit: the candidate, the cosine similarity of its best phrase to the
/// query (−1 … 1, higher is better), and that phrase.
#[derive(Debug, Clone)]
pub struct MeaningHit {
    pub candidate: CandidateSummary,
    pub score: f32,
    pub phrase: String,
}

#[derive(Debug, thiserror::Error)]
pub enum SearchError {
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error(transparent)]
    Embed(#[from] EmbedError),
    #[error(transparent)]
    Internal(#[from] crate::error::InternalError),
}

impl SearchError {
    pub fn code(&self) -> &'static str {
        match self {
            Self::Store(e) => e.code(),
            Self::Embed(e) => e.code(),
            Self::Internal(e) => e.code(),
        }
    }
}

/// Embed and store the evidence phrases of the visible candidates that have
/// none for this encoder yet; `progress` gets (done, total) unique phrases.
/// Returns the model identity the phrases are stored under.
pub async fn embed_missing(
    store: &Store,
    encoder: Arc<SentenceEncoder>,
    progress: impl Fn(usize, usize) + Send + 'static,
) -> Result<String, SearchError> {
    let model = encoder.identity();
    let missing = store.candidates_without_phrases(&model).await?;
    if !missing.is_empty() {
        let embedded = task::blocking("embedding phrases", move || {
            embed_candidates(&encoder, &missing, progress)
        })
        .await??;
        store.save_phrases(&model, &embedded).await?;
    }
    Ok(model)
}

/// The `limit` visible candidates whose evidence is closest in meaning to
/// `query`, best first.
pub async fn by_meaning(
    store: &Store,
    encoder: Arc<SentenceEncoder>,
    query: &str,
    limit: usize,
    progress: impl Fn(usize, usize) + Send + 'static,
) -> Result<Vec<MeaningHit>, SearchError> {
    let model = embed_missing(store, encoder.clone(), progress).await?;
    let text = query.to_owned();
    let vector = task::blocking("embedding a query", move || encoder.encode(&[&text])).await??;
    let Some(vector) = vector.first() else {
        return Ok(Vec::new());
    };
    let query = Query::new(vector);
    let mut best: Vec<MeaningHit> = Vec::with_capacity(limit + 1);
    let mut after = String::new();
    loop {
        let page = store.phrases_page(&model, &after, PAGE).await?;
        let Some((last, _)) = page.last() else { break };
        after = last.id.clone();
        let full = page.len() == PAGE as usize;
        for (candidate, phrases) in page {
            let Some((i, score)) = phrases.best(&query) else {
                continue;
            };
            if best.len() == limit && best.last().is_some_and(|h| h.score >= score) {
                continue;
            }
            let at = best.partition_point(|h| h.score >= score);
            best.insert(
                at,
                MeaningHit {
                    candidate,
                    score,
                    phrase: phrases.phrases[i].clone(),
                },
            );
            best.truncate(limit);
        }
        if !full {
            break;
        }
    }
    Ok(best)
}
