//! ESCO skills (© European Union, CC BY 4.0) as a semantic layer: phrases
//! that the curated taxonomy does not know are matched to their nearest ESCO
//! skill by sentence-embedding similarity.
//!
//! The shipped `skills.csv` holds one field per skill that runs the preferred
//! label, the alternative labels (all lower case) and the description (which
//! starts with a capital) together. The label part is what we embed; the
//! display label is the preferred label where it can be told apart.
//! Embeddings of all ~14,000 entries are computed once and cached on disk,
//! keyed by the CSV's and the model's identity.

use crate::embed::{EmbedError, SentenceEncoder};
use serde::Serialize;
use std::collections::HashMap;
use std::path::{Path, PathBuf};

/// Cosine from which a phrase is taken as the ESCO skill or competence it
/// is nearest to, and from which as a knowledge item. Chosen on Green et
/// al.'s sample (exact-span F1) and checked once on SkillSpan's test split
/// (`tests/skillspan.rs`): knowledge below 0.70 adds more wrong spans than
/// right ones.
pub const SKILL_AT: f32 = 0.50;
pub const KNOWLEDGE_AT: f32 = 0.70;

/// The credit ESCO's licence asks for wherever its data is shown.
pub const ATTRIBUTION: &str = "ESCO skills © European Union, https://esco.ec.europa.eu, \
     licensed under CC BY 4.0; labels shortened and embedded by this application";

/// Words of each entry's label run that are embedded (part of the cache key).
const EMBEDDED_WORDS: usize = 24;

#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct EscoSkill {
    /// The ESCO concept URI.
    pub id: String,
    pub label: String,
}

#[derive(Debug)]
pub struct EscoIndex {
    pub skills: Vec<EscoSkill>,
    texts: Vec<String>,
    /// All entries' vectors as one `(entries, dim)` matrix.
    table: candle_core::Tensor,
    dim: usize,
    /// Words that begin many ESCO labels and are verbs ("manage", "use"):
    /// a label that starts with one names a skill or competence, any other
    /// label a knowledge item ("Haskell", "accounting").
    verbs: std::collections::HashSet<String>,
}

/// The verbs that begin the most ESCO skill labels, known even when a
/// company's own (smaller) skill list is loaded.
const COMMON_VERBS: &[&str] = &[
    "manage",
    "operate",
    "perform",
    "maintain",
    "use",
    "develop",
    "monitor",
    "provide",
    "apply",
    "prepare",
    "advise",
    "ensure",
    "design",
    "create",
    "understand",
    "tend",
    "conduct",
    "analyse",
    "assess",
    "install",
    "write",
    "handle",
    "inspect",
    "identify",
    "supervise",
    "work",
    "assist",
    "plan",
    "teach",
    "communicate",
    "coordinate",
    "lead",
    "negotiate",
    "build",
    "test",
    "train",
];

/// Words that begin many ESCO labels but are not verbs.
const NOT_VERBS: &[&str] = &[
    "animal",
    "blockchain",
    "business",
    "characteristics",
    "chemical",
    "clinical",
    "computer",
    "data",
    "digital",
    "electrical",
    "electronic",
    "energy",
    "environmental",
    "financial",
    "food",
    "footwear",
    "green",
    "health",
    "history",
    "human",
    "international",
    "leather",
    "legal",
    "mechanical",
    "medical",
    "metal",
    "natural",
    "pharmaceutical",
    "principles",
    "psychological",
    "public",
    "quality",
    "security",
    "social",
    "software",
    "sustainable",
    "textile",
    "types",
];

/// Split "manage musical staff manage staff of music … Assign and manage …"
/// into its label run and its description.
pub fn split_entry(field: &str) -> (&str, &str) {
    let mut at = 0;
    for (i, w) in field.split(' ').enumerate() {
        if i > 0
            && w.chars().next().is_some_and(char::is_uppercase)
            && !w.chars().all(|c| !c.is_lowercase())
        {
            return (field[..at].trim(), field[at..].trim());
        }
        at += w.len() + 1;
    }
    (field.trim(), "")
}

/// The preferred label: the label run up to where its first word comes
/// back ("manage musical staff | manage staff of music"), else its first
/// four words.
pub fn preferred_label(labels: &str) -> String {
    let words: Vec<&str> = labels.split_whitespace().collect();
    if let Some(first) = words.first()
        && let Some(again) = words.iter().skip(1).position(|w| w == first)
        && (1..=6).contains(&(again + 1))
    {
        return words[..=again].join(" ");
    }
    words.iter().take(4).copied().collect::<Vec<_>>().join(" ")
}

/// Take off what the label guess caught of the next label: a repeated last
/// word ("design process process" → "design process"), or the verb that
/// opens the next variant of a verb label ("lead drilling crews guide" →
/// "lead drilling crews", since "guide drilling crews" follows). A last
/// word that is a noun as well ("teach air traffic control") stays, because
/// what follows it does not repeat the label.
pub fn tidy_label(label: &str, run: &str, verbs: &std::collections::HashSet<String>) -> String {
    let words: Vec<&str> = label.split_whitespace().collect();
    let run: Vec<&str> = run.split_whitespace().collect();
    let n = words.len();
    if n >= 2 && words[n - 1] == words[n - 2] {
        return words[..n - 1].join(" ");
    }
    let next = run.get(n).copied().unwrap_or_default();
    if n >= 3
        && verbs.contains(words[0])
        && verbs.contains(words[n - 1])
        && words[1..n - 1].contains(&next)
    {
        return words[..n - 1].join(" ");
    }
    label.to_owned()
}

fn parse_csv(text: &str) -> Vec<(String, String)> {
    // Two columns, the second quoted when it holds commas; quotes doubled.
    let mut out = Vec::new();
    let mut chars = text.chars().peekable();
    let mut field = String::new();
    let mut row: Vec<String> = Vec::new();
    let mut quoted = false;
    while let Some(c) = chars.next() {
        match (c, quoted) {
            ('"', true) if chars.peek() == Some(&'"') => {
                field.push('"');
                chars.next();
            }
            ('"', _) => quoted = !quoted,
            (',', false) => row.push(std::mem::take(&mut field)),
            ('\n', false) => {
                row.push(std::mem::take(&mut field));
                if let [id, desc] = row.as_slice() {
                    out.push((id.clone(), desc.clone()));
                }
                row.clear();
            }
            ('\r', false) => {}
            (c, _) => field.push(c),
        }
    }
    out.into_iter().skip(1).collect() // header
}

impl EscoIndex {
    /// Load the CSV and the embeddings, computing and caching them if needed.
    pub fn load(
        csv: &Path,
        encoder: &SentenceEncoder,
        cache_dir: &Path,
    ) -> Result<Self, EmbedError> {
        let text = std::fs::read_to_string(csv)
            .map_err(|_| EmbedError::ModelMissing(csv.display().to_string()))?;
        let mut skills = Vec::new();
        let mut texts = Vec::new();
        for (id, field) in parse_csv(&text) {
            let (labels, _) = split_entry(&field);
            skills.push(EscoSkill {
                id,
                label: preferred_label(labels),
            });
            // The first labels carry the meaning; the long tail of variants
            // only makes embedding slower (ESCO's runs reach 150 words).
            let head: Vec<&str> = labels.split_whitespace().take(EMBEDDED_WORDS).collect();
            texts.push(head.join(" "));
        }
        let dim = encoder.dim();
        let key = crate::digest::sha256_hex(
            format!(
                "{}|{EMBEDDED_WORDS}|{}",
                crate::digest::sha256_hex(text.as_bytes()),
                encoder.identity()
            )
            .as_bytes(),
        );
        let cache = cache_dir.join(format!("esco-{}.f32", &key[..16]));
        let vectors = match std::fs::read(&cache) {
            Ok(bytes) if bytes.len() == texts.len() * dim * 4 => bytes
                .chunks_exact(4)
                .map(|b| f32::from_le_bytes([b[0], b[1], b[2], b[3]]))
                .collect(),
            _ => {
                let mut vectors = Vec::with_capacity(texts.len() * dim);
                for chunk in texts.chunks(64) {
                    let refs: Vec<&str> = chunk.iter().map(String::as_str).collect();
                    for v in encoder.encode(&refs)? {
                        vectors.extend(v);
                    }
                }
                let bytes: Vec<u8> = vectors.iter().flat_map(|v| v.to_le_bytes()).collect();
                let _ = std::fs::create_dir_all(cache_dir);
                let tmp = cache.with_extension("part");
                if std::fs::write(&tmp, bytes).is_ok() {
                    let _ = std::fs::rename(&tmp, &cache);
                }
                vectors
            }
        };
        let mut first_words: HashMap<&str, usize> = HashMap::new();
        for t in &texts {
            if let Some(w) = t.split(' ').next() {
                *first_words.entry(w).or_default() += 1;
            }
        }
        let verbs: std::collections::HashSet<String> = first_words
            .into_iter()
            .filter(|(w, n)| {
                *n >= 8
                    && w.chars().all(|c| c.is_ascii_lowercase())
                    && !w.ends_with("ing")
                    && !NOT_VERBS.contains(w)
            })
            .map(|(w, _)| w.to_owned())
            .chain(COMMON_VERBS.iter().map(|w| (*w).to_owned()))
            .collect();
        for (skill, run) in skills.iter_mut().zip(&texts) {
            skill.label = tidy_label(&skill.label, run, &verbs);
        }
        let table =
            candle_core::Tensor::from_vec(vectors, (texts.len(), dim), &candle_core::Device::Cpu)?;
        Ok(Self {
            skills,
            texts,
            table,
            dim,
            verbs,
        })
    }

    /// Whether entry `i` names a skill or competence (its label starts with
    /// a verb) rather than a knowledge item.
    pub fn is_competence(&self, i: usize) -> bool {
        self.texts[i]
            .split(' ')
            .next()
            .is_some_and(|w| self.verbs.contains(w))
    }

    /// Whether a word is one of the verbs that begin ESCO skill labels, in
    /// its base form or with -s, -ed or -ing ("managing" → "manage").
    pub fn is_verb(&self, word: &str) -> bool {
        let w = word.to_lowercase();
        let forms = [
            Some(w.clone()),
            w.strip_suffix("ing").map(str::to_owned),
            w.strip_suffix("ing").map(|s| format!("{s}e")),
            w.strip_suffix("ed").map(str::to_owned),
            w.strip_suffix('d').map(str::to_owned),
            w.strip_suffix('s').map(str::to_owned),
        ];
        forms.into_iter().flatten().any(|f| self.verbs.contains(&f))
    }

    /// What a phrase is, given its nearest entry and their cosine:
    /// `Some("skill")` when the phrase or the entry's label starts with a
    /// verb and `cos ≥ skill_at`, `Some("knowledge")` when
    /// `cos ≥ KNOWLEDGE_AT.max(skill_at)`, else `None`.
    pub fn classify(
        &self,
        phrase: &str,
        i: usize,
        cos: f32,
        skill_at: f32,
    ) -> Option<&'static str> {
        let verb = phrase
            .split_whitespace()
            .next()
            .is_some_and(|w| self.is_verb(w));
        if verb || self.is_competence(i) {
            (cos >= skill_at).then_some("skill")
        } else {
            (cos >= KNOWLEDGE_AT.max(skill_at)).then_some("knowledge")
        }
    }

    /// The nearest entry to each of many embedded phrases, as one matrix
    /// product.
    pub fn nearest_many(&self, vectors: &[Vec<f32>]) -> Result<Vec<(usize, f32)>, EmbedError> {
        use candle_core::{Device, Tensor};
        if vectors.is_empty() || self.is_empty() {
            return Ok(Vec::new());
        }
        let flat: Vec<f32> = vectors.iter().flatten().copied().collect();
        let queries = Tensor::from_vec(flat, (vectors.len(), self.dim), &Device::Cpu)?;
        let scores = queries.matmul(&self.table.t()?)?; // (n, skills)
        let best = scores.argmax(1)?.to_vec1::<u32>()?;
        let max = scores.max(1)?.to_vec1::<f32>()?;
        Ok(best.into_iter().map(|i| i as usize).zip(max).collect())
    }

    pub fn len(&self) -> usize {
        self.skills.len()
    }

    pub fn is_empty(&self) -> bool {
        self.skills.is_empty()
    }

    /// The label text an entry was embedded from.
    pub fn labels_of(&self, i: usize) -> &str {
        &self.texts[i]
    }

    /// The nearest ESCO skill to an embedded phrase, with its cosine.
    pub fn nearest(&self, vector: &[f32]) -> Option<(usize, f32)> {
        self.nearest_many(&[vector.to_vec()]).ok()?.pop()
    }
}

/// One phrase mapped to its nearest ESCO entry.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct EscoMatch {
    /// The phrase as the document wrote it.
    pub phrase: String,
    /// `skill` or `knowledge`.
    #[serde(rename = "type")]
    pub kind: &'static str,
    /// The ESCO concept's URI.
    pub esco: String,
    pub label: String,
    /// Cosine similarity, rounded to three decimals.
    pub score: f32,
}

/// The phrases of a document the taxonomy does not know — listed skills of
/// a resume and requirement phrases of a posting — each with its nearest
/// ESCO entry when similar enough (`threshold` for skills; knowledge needs
/// at least [`KNOWLEDGE_AT`]).
pub fn unknown_phrases(
    resume: &crate::resume::JsonResume,
    text: &str,
    matcher: &super::SkillMatcher,
) -> Vec<String> {
    let mut phrases: Vec<String> = crate::structure::skills::listed(resume);
    let job = crate::jobs::analyze(text, matcher);
    phrases.extend(
        job.must_have
            .iter()
            .chain(&job.nice_to_have)
            .filter(|r| r.kind == "phrase")
            .map(|r| r.skill.clone()),
    );
    let mut seen = std::collections::HashSet::new();
    phrases.retain(|p| matcher.find(p).is_empty() && seen.insert(p.to_lowercase()));
    phrases
}

impl EscoIndex {
    /// The nearest ESCO entries of `phrases` (see [`unknown_phrases`]) that
    /// pass the thresholds, in the phrases' order.
    pub fn matches(
        &self,
        encoder: &SentenceEncoder,
        phrases: &[String],
        threshold: f32,
    ) -> Result<Vec<EscoMatch>, EmbedError> {
        if phrases.is_empty() {
            return Ok(Vec::new());
        }
        let refs: Vec<&str> = phrases.iter().map(String::as_str).collect();
        let vectors = encoder.encode(&refs)?;
        let nearest = self.nearest_many(&vectors)?;
        Ok(phrases
            .iter()
            .zip(nearest)
            .filter_map(|(phrase, (i, score))| {
                let kind = self.classify(phrase, i, score, threshold)?;
                Some(EscoMatch {
                    phrase: phrase.clone(),
                    kind,
                    esco: self.skills[i].id.clone(),
                    label: self.skills[i].label.clone(),
                    score: (score * 1000.0).round() / 1000.0,
                })
            })
            .collect())
    }
}

/// The shipped ESCO CSV: `esco/skills.csv` in [`crate::paths::models_dir`].
pub fn default_csv() -> PathBuf {
    crate::paths::models_dir().join("esco/skills.csv")
}

/// Where computed ESCO embeddings are cached: [`crate::paths::cache_dir`].
pub fn default_cache_dir() -> PathBuf {
    crate::paths::cache_dir()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn labels_and_descriptions_are_told_apart() {
        let (labels, desc) = split_entry(
            "manage musical staff manage staff of music direct musical staff Assign and manage staff tasks.",
        );
        assert_eq!(
            labels,
            "manage musical staff manage staff of music direct musical staff"
        );
        assert_eq!(desc, "Assign and manage staff tasks.");
        assert_eq!(preferred_label(labels), "manage musical staff");
        assert_eq!(
            split_entry("Haskell Haskell techniques The techniques").0,
            "Haskell"
        );
        let verbs: std::collections::HashSet<String> =
            ["lead", "guide", "teach", "design", "prevent", "control"]
                .iter()
                .map(|w| (*w).to_owned())
                .collect();
        for (label, run, want) in [
            (
                "design process process",
                "design process process design",
                "design process",
            ),
            (
                "lead drilling crews guide",
                "lead drilling crews guide drilling crews",
                "lead drilling crews",
            ),
            (
                "teach air traffic control",
                "teach air traffic control teach air traffic practice",
                "teach air traffic control",
            ),
            (
                "prevent undesired changes to sound design",
                "prevent undesired changes to sound design prevent sound",
                "prevent undesired changes to sound design",
            ),
            ("Haskell", "Haskell", "Haskell"),
        ] {
            assert_eq!(tidy_label(label, run, &verbs), want);
        }
        let rows = parse_csv("id,description\nx,\"a, b \"\"c\"\" D\"\ny,plain\n");
        assert_eq!(
            rows,
            [
                ("x".into(), "a, b \"c\" D".into()),
                ("y".into(), "plain".into())
            ]
        );
    }
}
