//! Parts of a posting by meaning: sentence embeddings of a heading, a list
//! or a paragraph compared with small prototype sets for each part, and of
//! a requirement item with prototypes of traits and of skills. The
//! prototypes (`prototypes`) are written for the class of text they stand
//! for, not taken from any posting; thresholds are chosen on the
//! development sets in `tests/fixtures/jds/dev/` (see the test below for
//! the figures).

mod prototypes;

use super::{Judge, Part};
use crate::embed::{EmbedError, SentenceEncoder, cosine};
use std::collections::HashMap;
use std::sync::{Arc, Mutex, OnceLock};

/// A heading reads as a part when its nearest prototype is at least this
/// similar and that much nearer than any other part's.
const HEADING_AT: f32 = 0.40;
const HEADING_MARGIN: f32 = 0.03;
/// A requirement heading reads as preferred when this much nearer the
/// preferred prototypes than the required ones.
const PREFERRED_MARGIN: f32 = 0.08;
/// A list reads as a part by the mean over its items of each part's
/// nearest-prototype similarity.
const LIST_AT: f32 = 0.35;
const LIST_MARGIN: f32 = 0.05;
/// A paragraph reads as boilerplate when it is this much nearer the
/// boilerplate prototypes than the requirement ones.
const BOILERPLATE_AT: f32 = 0.35;
const BOILERPLATE_MARGIN: f32 = 0.05;
/// A requirement item reads as a trait when it is this much nearer a
/// trait prototype than any skill prototype.
const TRAIT_MARGIN: f32 = 0.08;

/// Prototype vectors grouped by what they stand for.
type Groups<K> = Vec<(K, Vec<Vec<f32>>)>;

struct Prototypes {
    headings: Groups<Part>,
    items: Groups<Part>,
    traits: Groups<&'static str>,
    skills: Vec<Vec<f32>>,
}

fn embed_groups<K: Copy>(
    e: &SentenceEncoder,
    groups: &[(K, &[&str])],
) -> Result<Groups<K>, EmbedError> {
    let all: Vec<&str> = groups.iter().flat_map(|(_, t)| t.iter().copied()).collect();
    let mut vectors = e.encode(&all)?.into_iter();
    Ok(groups
        .iter()
        .map(|(k, t)| (*k, vectors.by_ref().take(t.len()).collect()))
        .collect())
}

impl Prototypes {
    fn embed(e: &SentenceEncoder) -> Result<Self, EmbedError> {
        Ok(Self {
            headings: embed_groups(e, prototypes::HEADINGS)?,
            items: embed_groups(e, prototypes::ITEMS)?,
            traits: embed_groups(e, prototypes::TRAITS)?,
            skills: e.encode(prototypes::SKILLS)?,
        })
    }
}

/// The nearest prototype's similarity.
fn nearest(v: &[f32], protos: &[Vec<f32>]) -> f32 {
    protos
        .iter()
        .map(|p| cosine(v, p))
        .fold(f32::NEG_INFINITY, f32::max)
}

/// Each group's nearest similarity, best first.
fn ranked<K: Copy>(v: &[f32], groups: &Groups<K>) -> Vec<(K, f32)> {
    let mut out: Vec<(K, f32)> = groups.iter().map(|(k, p)| (*k, nearest(v, p))).collect();
    out.sort_by(|a, b| b.1.total_cmp(&a.1));
    out
}

fn decide<K: Copy>(scores: &[(K, f32)], at: f32, margin: f32) -> Option<K> {
    let best = scores.first()?;
    let second = scores.get(1).map_or(f32::NEG_INFINITY, |s| s.1);
    (best.1 >= at && best.1 - second >= margin).then_some(best.0)
}

/// A heading's part from its scores. Required and preferred read alike
/// (both name skills), so they compete as one against the other parts; a
/// requirement heading is preferred only when clearly nearer the
/// preferred prototypes (the dictionary catches "preferred", "bonus", "nice
/// to have" before the model is asked).
fn decide_heading(scores: &[(Part, f32)], at: f32, margin: f32) -> Option<Part> {
    let of = |p| scores.iter().find(|s| s.0 == p).map_or(0.0, |s| s.1);
    let (required, preferred) = (of(Part::Required), of(Part::Preferred));
    let mut groups: Vec<(Part, f32)> = scores
        .iter()
        .filter(|s| s.0 != Part::Preferred)
        .map(|&(p, s)| {
            if p == Part::Required {
                (p, s.max(preferred))
            } else {
                (p, s)
            }
        })
        .collect();
    groups.sort_by(|a, b| b.1.total_cmp(&a.1));
    match decide(&groups, at, margin)? {
        Part::Required if preferred - required >= PREFERRED_MARGIN => Some(Part::Preferred),
        p => Some(p),
    }
}

/// English function words, and those of the other languages postings are
/// read in: the model (all-MiniLM-L6-v2) was trained on English, so only
/// English text is judged by it; the word lists read the rest.
const ENGLISH: &[&str] = &[
    "the", "a", "an", "and", "or", "of", "to", "in", "with", "for", "you", "your", "we", "our",
    "is", "are", "be", "have", "has", "on", "at", "by", "who", "what", "will", "if", "this",
    "that", "about", "from", "how", "why", "do", "can", "it", "as", "into", "their",
];
const OTHER: &[&str] = &[
    "le", "la", "les", "des", "du", "de", "et", "ou", "un", "une", "vous", "votre", "vos", "nous",
    "est", "avec", "pour", "dans", "sur", "qui", "que", "der", "die", "das", "und", "oder", "mit",
    "für", "du", "sie", "ihr", "wir", "ist", "ein", "eine", "el", "los", "las", "y", "con", "para",
    "por", "en", "tu", "su", "es",
];

pub(super) fn is_english(text: &str) -> bool {
    let lower = text.to_lowercase();
    let words: Vec<&str> = lower
        .split(|c: char| !c.is_alphanumeric() && c != '\'')
        .filter(|w| !w.is_empty())
        .collect();
    let en = words.iter().filter(|w| ENGLISH.contains(w)).count();
    let other = words.iter().filter(|w| OTHER.contains(w)).count();
    let non_ascii = lower.chars().any(|c| "éèêàçùâîôûëïüöäßñ".contains(c));
    if en == 0 && other == 0 {
        // A heading of one or two words ("Perks"): English unless it is
        // written with another language's letters.
        !non_ascii
    } else {
        en > other
    }
}

/// The sentence model and its prototypes, embedded once per model.
pub(super) struct Meaning<'e> {
    encoder: &'e SentenceEncoder,
    prototypes: Arc<Prototypes>,
}

impl<'e> Meaning<'e> {
    pub fn new(encoder: &'e SentenceEncoder) -> Result<Self, EmbedError> {
        static CACHE: OnceLock<Mutex<HashMap<String, Arc<Prototypes>>>> = OnceLock::new();
        let key = encoder.identity();
        let cached = CACHE
            .get_or_init(Default::default)
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
            .get(&key)
            .cloned();
        let prototypes = match cached {
            Some(p) => p,
            None => {
                let p = Arc::new(Prototypes::embed(encoder)?);
                CACHE
                    .get_or_init(Default::default)
                    .lock()
                    .unwrap_or_else(std::sync::PoisonError::into_inner)
                    .insert(key, p.clone());
                p
            }
        };
        Ok(Self {
            encoder,
            prototypes,
        })
    }

    /// Embeddings of `texts`, or none (and the rules decide) if the model
    /// fails.
    fn encode(&self, texts: &[&str]) -> Option<Vec<Vec<f32>>> {
        if texts.is_empty() {
            return Some(Vec::new());
        }
        match self.encoder.encode(texts) {
            Ok(v) => Some(v),
            Err(e) => {
                tracing::warn!("job analysis: sentence model failed: {e}");
                None
            }
        }
    }

    pub fn heading_scores(&self, v: &[f32]) -> Vec<(Part, f32)> {
        ranked(v, &self.prototypes.headings)
    }

    pub fn item_scores(&self, v: &[f32]) -> Vec<(Part, f32)> {
        ranked(v, &self.prototypes.items)
    }

    /// The nearest trait dimension with its similarity, and the nearest
    /// skill's similarity.
    pub fn trait_scores(&self, v: &[f32]) -> ((&'static str, f32), f32) {
        let best = ranked(v, &self.prototypes.traits)[0];
        (best, nearest(v, &self.prototypes.skills))
    }
}

/// `judge` on the English texts only; `None` for the others.
fn english_only<T: Clone>(
    texts: &[&str],
    judge: impl FnOnce(&[&str]) -> Vec<Option<T>>,
) -> Vec<Option<T>> {
    let english: Vec<usize> = (0..texts.len()).filter(|&i| is_english(texts[i])).collect();
    let asked: Vec<&str> = english.iter().map(|&i| texts[i]).collect();
    let mut out = vec![None; texts.len()];
    if !asked.is_empty() {
        for (&i, answer) in english.iter().zip(judge(&asked)) {
            out[i] = answer;
        }
    }
    out
}

impl Meaning<'_> {
    fn reads_as_boilerplate(&self, v: &[f32]) -> bool {
        let scores = self.item_scores(v);
        let of = |part| scores.iter().find(|s| s.0 == part).map_or(0.0, |s| s.1);
        let boiler = of(Part::Boilerplate);
        boiler >= BOILERPLATE_AT && boiler - of(Part::Required) >= BOILERPLATE_MARGIN
    }

    fn reads_as_trait(&self, v: &[f32]) -> Option<&'static str> {
        let ((dimension, t), s) = self.trait_scores(v);
        (t - s >= TRAIT_MARGIN).then_some(dimension)
    }
}

impl Judge for Meaning<'_> {
    fn headings(&self, headings: &[&str], items: &[Vec<&str>]) -> Vec<Option<Part>> {
        let by_heading = english_only(headings, |texts| {
            let Some(vectors) = self.encode(texts) else {
                return vec![None; texts.len()];
            };
            vectors
                .iter()
                .map(|v| decide_heading(&self.heading_scores(v), HEADING_AT, HEADING_MARGIN))
                .collect()
        });
        // The items under a heading speak too: a list of perks is
        // boilerplate whatever its heading; where heading and items read as
        // different parts, neither is trusted; an unclear heading takes its
        // items' part.
        let by_items = self.lists(items);
        (0..headings.len())
            .map(|i| {
                let perks = items[i]
                    .iter()
                    .filter(|t| super::lower_has(t, super::lexicon::BENEFIT_CUES))
                    .count();
                if perks * 2 > items[i].len() {
                    return Some(Part::Boilerplate);
                }
                match (by_heading[i], by_items[i]) {
                    (Some(Part::Preferred), Some(Part::Required)) => Some(Part::Preferred),
                    (Some(h), Some(l)) if h != l => None,
                    (Some(h), _) => Some(h),
                    (None, l) => l,
                }
            })
            .collect()
    }

    fn lists(&self, lists: &[Vec<&str>]) -> Vec<Option<Part>> {
        let english: Vec<bool> = lists.iter().map(|l| is_english(&l.join(" "))).collect();
        let lists: Vec<Vec<&str>> = lists
            .iter()
            .zip(&english)
            .map(|(l, e)| if *e { l.clone() } else { Vec::new() })
            .collect();
        let all: Vec<&str> = lists.iter().flatten().copied().collect();
        let Some(vectors) = self.encode(&all) else {
            return vec![None; lists.len()];
        };
        let mut vectors = vectors.into_iter();
        lists
            .iter()
            .map(|items| {
                if items.is_empty() {
                    return None;
                }
                let mut sums: Vec<(Part, f32)> = self
                    .prototypes
                    .items
                    .iter()
                    .map(|(p, _)| (*p, 0.0))
                    .collect();
                for v in vectors.by_ref().take(items.len()) {
                    for (part, s) in self.item_scores(&v) {
                        if let Some(sum) = sums.iter_mut().find(|x| x.0 == part) {
                            sum.1 += s / items.len() as f32;
                        }
                    }
                }
                sums.sort_by(|a, b| b.1.total_cmp(&a.1));
                decide(&sums, LIST_AT, LIST_MARGIN)
            })
            .collect()
    }

    fn boilerplate(&self, paragraphs: &[&str]) -> Vec<bool> {
        english_only(paragraphs, |texts| {
            let Some(vectors) = self.encode(texts) else {
                return vec![None; texts.len()];
            };
            vectors
                .iter()
                .map(|v| Some(self.reads_as_boilerplate(v)))
                .collect()
        })
        .into_iter()
        .map(|b| b == Some(true))
        .collect()
    }

    fn traits(&self, items: &[&str]) -> Vec<Option<&'static str>> {
        english_only(items, |texts| {
            let Some(vectors) = self.encode(texts) else {
                return vec![None; texts.len()];
            };
            vectors.iter().map(|v| self.reads_as_trait(v)).collect()
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::PathBuf;

    fn root() -> PathBuf {
        PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../..")
    }

    fn part(name: &str) -> Part {
        match name {
            "required" => Part::Required,
            "preferred" => Part::Preferred,
            "responsibilities" => Part::Responsibilities,
            "boilerplate" => Part::Boilerplate,
            _ => Part::Other,
        }
    }

    #[derive(serde::Deserialize)]
    struct Entry {
        text: String,
        part: String,
    }

    fn dev(file: &str, key: &str) -> Vec<Entry> {
        let text =
            std::fs::read_to_string(root().join("tests/fixtures/jds/dev").join(file)).unwrap();
        let mut t: HashMap<String, Vec<Entry>> = toml::from_str(&text).unwrap();
        t.remove(key).unwrap()
    }

    #[test]
    fn english_is_told_from_the_other_languages() {
        for t in ["Perks", "What you bring", "You take ownership of your work"] {
            assert!(is_english(t), "{t}");
        }
        for t in [
            "Vous êtes bilingue",
            "Das bringst du mit",
            "Lo que buscamos en ti",
            "Possède une approche centrée sur la clientèle",
        ] {
            assert!(!is_english(t), "{t}");
        }
    }

    /// Figures on the development sets (written apart from the postings
    /// with truth): headings read by the model alone, by the dictionary
    /// alone and by both as `analyze_with` does; requirement items told
    /// from traits; boilerplate lines. The thresholds above are the ones
    /// this test prints as best; floors from the measured values.
    #[test]
    fn prototypes_read_the_development_sets() {
        let e = SentenceEncoder::shared(&root().join("models/all-MiniLM-L6-v2"))
            .unwrap_or_else(|e| panic!("{e} — run models/fetch.sh"));
        let m = Meaning::new(&e).unwrap();

        let headings = dev("headings.toml", "heading");
        let texts: Vec<&str> = headings.iter().map(|h| h.text.as_str()).collect();
        let scores: Vec<Vec<(Part, f32)>> = e
            .encode(&texts)
            .unwrap()
            .iter()
            .map(|v| m.heading_scores(v))
            .collect();
        // (right, wrong) over the set for thresholds (at, margin); an
        // undecided heading counts as `Other`.
        let count = |at: f32, margin: f32, with_dictionary: bool| {
            let mut right = 0;
            for (h, s) in headings.iter().zip(&scores) {
                let by_words = if with_dictionary {
                    crate::jobs::part_of_heading(&h.text)
                } else {
                    None
                };
                let got = by_words
                    .or_else(|| decide_heading(s, at, margin))
                    .unwrap_or(Part::Other);
                if got == part(&h.part) {
                    right += 1;
                }
            }
            right
        };
        for with_dictionary in [false, true] {
            for at in [0.35, 0.40, 0.45, 0.50] {
                let row: Vec<String> = [0.0, 0.03, 0.05, 0.08, 0.10]
                    .iter()
                    .map(|&mg| format!("{mg:.2}:{:>2}", count(at, mg, with_dictionary)))
                    .collect();
                println!(
                    "headings right, {} at {at:.2}, by margin: {}",
                    if with_dictionary {
                        "dictionary then model"
                    } else {
                        "model alone"
                    },
                    row.join(" ")
                );
            }
        }
        let dictionary = headings
            .iter()
            .filter(|h| {
                crate::jobs::part_of_heading(&h.text).unwrap_or(Part::Other) == part(&h.part)
            })
            .count();
        let model = count(HEADING_AT, HEADING_MARGIN, false);
        let both = count(HEADING_AT, HEADING_MARGIN, true);
        let n = headings.len();
        println!(
            "headings right of {n}: dictionary {dictionary}, model {model}, dictionary then model {both}"
        );
        for (h, s) in headings.iter().zip(&scores) {
            let got = crate::jobs::part_of_heading(&h.text)
                .or_else(|| decide_heading(s, HEADING_AT, HEADING_MARGIN))
                .unwrap_or(Part::Other);
            if got != part(&h.part) {
                println!("  heading {:?}: {:?}, want {}", h.text, got, h.part);
            }
        }

        let items = dev("items.toml", "item");
        let texts: Vec<&str> = items.iter().map(|h| h.text.as_str()).collect();
        let vectors = e.encode(&texts).unwrap();
        let trait_items: Vec<(bool, f32)> = items
            .iter()
            .zip(&vectors)
            .filter(|(it, _)| it.part == "trait" || it.part == "required")
            .map(|(it, v)| {
                let ((_, t), s) = m.trait_scores(v);
                // As `analyze_with` asks: items naming experience,
                // knowledge or a qualification are not asked.
                // As `analyze_with` decides: the word lists first, then
                // the model for items that name no requirement and no
                // taxonomy skill.
                let cued =
                    super::super::lower_has(&it.text, super::super::lexicon::REQUIREMENT_CUES)
                        || crate::skills::SkillMatcher::builtin()
                            .find(&it.text)
                            .iter()
                            .any(|m| super::super::soft::dimension_named(&m.skill).is_none());
                let d = if super::super::soft::is_soft(&it.text) {
                    f32::INFINITY
                } else if cued {
                    f32::NEG_INFINITY
                } else {
                    t - s
                };
                (it.part == "trait", d)
            })
            .collect();
        for margin in [0.0, 0.03, 0.05, 0.08, 0.10, 0.15] {
            let right = trait_items
                .iter()
                .filter(|(is_trait, d)| (*d >= margin) == *is_trait)
                .count();
            println!(
                "traits right at margin {margin:.2}: {right} of {}",
                trait_items.len()
            );
        }
        let traits_right = trait_items
            .iter()
            .filter(|(is_trait, d)| (*d >= TRAIT_MARGIN) == *is_trait)
            .count();
        let boiler_right = items
            .iter()
            .zip(&vectors)
            .filter(|(it, v)| m.reads_as_boilerplate(v) == (it.part == "boilerplate"))
            .count();
        println!(
            "traits right {traits_right} of {}; boilerplate lines right {boiler_right} of {}",
            trait_items.len(),
            items.len()
        );
        assert!(both >= model && both >= dictionary);
        assert!(both * 100 >= n * 75, "{both} of {n}");
        assert!(traits_right * 100 >= trait_items.len() * 85);
        assert!(boiler_right * 100 >= items.len() * 85);
    }
}
