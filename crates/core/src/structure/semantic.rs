//! Section headings by meaning: a heading the dictionary does not know
//! ("Where I've Worked", "Tech Stack", "Giving Back") is embedded with the
//! sentence encoder and compared with a few prototype headings per kind of
//! section. The encoder (MiniLM) is English-centric, so the multilingual
//! dictionary stays the first signal and only Latin-script headings set
//! apart by the layout reach the classifier (`sections_with`).
//!
//! [`installed`] is the classifier the parser uses: present when the crate
//! is built with `embed` and the default model is installed, loaded on the
//! first heading it is asked about, once per process.

use super::sections::{HeadingClassifier, SectionKind};
#[cfg(feature = "embed")]
use std::sync::Arc;

/// Prototype headings per kind of section: ways people name it, not the
/// dictionary's entries again (those never reach the classifier).
pub const PROTOTYPES: &[(SectionKind, &[&str])] = &[
    (
        SectionKind::Experience,
        &[
            "Work Experience",
            "Employment History",
            "Career History",
            "Positions Held",
            "Jobs",
            "Where I Have Worked",
            "Professional Background",
            "Previous Employers",
            "Roles",
        ],
    ),
    (
        SectionKind::Education,
        &[
            "Education",
            "Academic Background",
            "Degrees",
            "University Studies",
            "Schooling",
            "Academic Qualifications",
            "Where I Studied",
        ],
    ),
    (
        SectionKind::Skills,
        &[
            "Skills",
            "Technical Skills",
            "Core Competencies",
            "Tech Stack",
            "Tools and Technologies",
            "Abilities",
            "Toolbox",
            "What I Know",
        ],
    ),
    (
        SectionKind::Projects,
        &[
            "Projects",
            "Side Projects",
            "Open Source Contributions",
            "Portfolio",
            "Things I Have Built",
            "Selected Work",
        ],
    ),
    (
        SectionKind::Volunteer,
        &[
            "Volunteer Experience",
            "Volunteering",
            "Community Involvement",
            "Extracurricular Activities",
            "Giving Back",
            "Charity Work",
        ],
    ),
    (
        SectionKind::Certifications,
        &[
            "Certifications",
            "Licenses",
            "Certificates",
            "Certified Courses",
            "Courses Completed",
        ],
    ),
    (
        SectionKind::Languages,
        &[
            "Languages",
            "Language Skills",
            "Spoken Languages",
            "Foreign Languages",
        ],
    ),
    (
        SectionKind::Publications,
        &[
            "Publications",
            "Papers",
            "Journal Articles",
            "Conference Papers",
            "Talks and Presentations",
            "Books Written",
        ],
    ),
    (
        SectionKind::Awards,
        &[
            "Awards",
            "Honors",
            "Achievements",
            "Prizes",
            "Recognition",
            "Scholarships and Fellowships",
        ],
    ),
    (
        SectionKind::Interests,
        &[
            "Interests",
            "Hobbies",
            "Passions",
            "Things I Enjoy",
            "Outside of Work",
            "Free Time",
        ],
    ),
    (
        SectionKind::Summary,
        &[
            "Summary",
            "Profile",
            "About Me",
            "Career Objective",
            "Introduction",
            "Who I Am",
            "Personal Summary",
            "Overview",
        ],
    ),
    (
        SectionKind::References,
        &["References", "Referees", "Recommendations"],
    ),
    (
        SectionKind::Contact,
        &["Contact Information", "Personal Details", "Get in Touch"],
    ),
];

/// How close a heading must be to its best kind's nearest prototype, and
/// how far ahead of the next kind's, to be read as that kind. Chosen on
/// `crates/core/tests/ingest/headings.rs`'s development headings (none of
/// them a prototype or a dictionary entry): 30 of 40 right, 2 of 13
/// non-headings taken for headings (both list items, which the layout
/// rules keep from the classifier); 0.55 reads two more headings but
/// takes twice as many lines for headings.
pub const MIN_SIMILARITY: f32 = 0.62;
pub const MIN_MARGIN: f32 = 0.04;

/// Picks the kind from each kind's best similarity, under the thresholds.
pub fn decide(scores: &[(SectionKind, f32)]) -> Option<SectionKind> {
    let mut sorted: Vec<(SectionKind, f32)> = scores.to_vec();
    sorted.sort_by(|a, b| b.1.total_cmp(&a.1));
    let (kind, best) = *sorted.first()?;
    let second = sorted.get(1).map_or(0.0, |s| s.1);
    (best >= MIN_SIMILARITY && best - second >= MIN_MARGIN).then_some(kind)
}

/// Headings by meaning with a sentence encoder.
#[cfg(feature = "embed")]
pub struct SemanticHeadings {
    encoder: Arc<crate::embed::SentenceEncoder>,
    prototypes: Vec<(SectionKind, Vec<f32>)>,
}

#[cfg(feature = "embed")]
impl SemanticHeadings {
    /// Embeds the prototypes once.
    pub fn new(
        encoder: Arc<crate::embed::SentenceEncoder>,
    ) -> Result<Self, crate::embed::EmbedError> {
        let texts: Vec<&str> = PROTOTYPES
            .iter()
            .flat_map(|(_, p)| p.iter().copied())
            .collect();
        let vectors = encoder.encode(&texts)?;
        let kinds = PROTOTYPES
            .iter()
            .flat_map(|(kind, p)| std::iter::repeat_n(*kind, p.len()));
        Ok(Self {
            encoder,
            prototypes: kinds.zip(vectors).collect(),
        })
    }

    /// Each kind's best cosine similarity with the heading.
    pub fn scores(&self, heading: &str) -> Vec<(SectionKind, f32)> {
        let Ok(vectors) = self.encoder.encode(&[heading]) else {
            return Vec::new();
        };
        let Some(v) = vectors.first() else {
            return Vec::new();
        };
        let mut best: Vec<(SectionKind, f32)> = Vec::new();
        for (kind, p) in &self.prototypes {
            let s = crate::embed::cosine(v, p);
            match best.iter_mut().find(|b| b.0 == *kind) {
                Some(b) => b.1 = b.1.max(s),
                None => best.push((*kind, s)),
            }
        }
        best
    }
}

#[cfg(feature = "embed")]
impl HeadingClassifier for SemanticHeadings {
    fn classify(&self, heading: &str) -> Option<SectionKind> {
        decide(&self.scores(heading))
    }
}

/// The classifier over the default model, loaded on first use; headings
/// already seen are answered from a cache.
#[cfg(feature = "embed")]
struct Installed {
    dir: std::path::PathBuf,
    loaded: std::sync::OnceLock<Option<SemanticHeadings>>,
    seen: std::sync::Mutex<std::collections::HashMap<String, Option<SectionKind>>>,
}

#[cfg(feature = "embed")]
impl HeadingClassifier for Installed {
    fn classify(&self, heading: &str) -> Option<SectionKind> {
        let cached = self
            .seen
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
            .get(heading)
            .copied();
        if let Some(kind) = cached {
            return kind;
        }
        let model = self.loaded.get_or_init(|| {
            let encoder = crate::embed::SentenceEncoder::shared(&self.dir)
                .inspect_err(|e| tracing::warn!("headings by meaning off: {e}"))
                .ok()?;
            SemanticHeadings::new(encoder).ok()
        });
        let kind = model.as_ref().and_then(|m| m.classify(heading));
        let mut seen = self
            .seen
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        if seen.len() < 4096 {
            seen.insert(heading.to_owned(), kind);
        }
        kind
    }
}

/// The classifier the parser uses: `Some` when built with `embed` and the
/// default sentence model is installed (`embed::default_model_dir`); the
/// model is loaded when the first unknown heading is met. `None` otherwise:
/// rules only.
pub fn installed() -> Option<&'static dyn HeadingClassifier> {
    #[cfg(feature = "embed")]
    {
        static INSTALLED: std::sync::OnceLock<Option<Installed>> = std::sync::OnceLock::new();
        let installed: &'static Option<Installed> = INSTALLED.get_or_init(|| {
            let dir = crate::embed::default_model_dir();
            dir.join("model.safetensors").is_file().then(|| Installed {
                dir,
                loaded: std::sync::OnceLock::new(),
                seen: std::sync::Mutex::default(),
            })
        });
        installed.as_ref().map(|i| {
            let classifier: &'static dyn HeadingClassifier = i;
            classifier
        })
    }
    #[cfg(not(feature = "embed"))]
    {
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_kind_needs_similarity_and_a_margin() {
        use SectionKind::*;
        assert_eq!(decide(&[(Skills, 0.7), (Projects, 0.5)]), Some(Skills));
        assert_eq!(decide(&[(Skills, 0.7), (Projects, 0.69)]), None);
        assert_eq!(decide(&[(Skills, 0.4), (Projects, 0.2)]), None);
        assert_eq!(decide(&[]), None);
    }
}
