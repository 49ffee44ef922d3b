//! Scoring a finished interview against its rubric: every dimension
//! scored on its own anchored scale with verbatim evidence, k times with
//! the median kept and its spread shown, by the model through the LLM layer
//! or by the offline scorer; the weighted overall (a dimension left
//! unscored is left out, never counted as zero); a summary and a
//! recommendation a person decides on; a reproducibility record; human
//! overrides kept beside the original.
//!
//! What the scorer sees is screened and, in blind mode, redacted first
//! ([`screen`]). Evidence is checked in code ([`transcript::locate`]).

pub mod anchors;
pub mod card;
pub mod model;
#[cfg(feature = "embed")]
pub mod offline;
pub mod screen;
pub mod service;
pub mod transcript;

pub use card::{
    DimensionScore, DimensionStatus, Evidence, Override, Recommendation, Reproducibility, Scorecard,
};
pub use model::{ModelScorer, ScoringSettings};
pub use service::{ScoringError, ScoringService};
pub use transcript::{Speaker, Transcript, Turn};

use crate::rubric::Level;

/// A level's score on its scale as 0–100: the scale's lowest score is 0,
/// its highest 100, evenly between.
pub fn normalised(score: f32, scale: &[Level]) -> Option<f32> {
    let lo = scale.iter().map(|l| l.score).min()? as f32;
    let hi = scale.iter().map(|l| l.score).max()? as f32;
    if hi <= lo || !(lo..=hi).contains(&score) {
        return None;
    }
    Some((score - lo) / (hi - lo) * 100.0)
}

/// Σ wᵢ·sᵢ / Σ wᵢ over the scored dimensions (`(weight, score 0–100)`,
/// `None` for a dimension not scored), rounded to one decimal; `None` when
/// nothing was scored.
pub fn overall(dimensions: &[(f32, Option<f32>)]) -> Option<f32> {
    let scored: Vec<(f64, f64)> = dimensions
        .iter()
        .filter_map(|(w, s)| s.map(|s| (f64::from(*w), f64::from(s))))
        .filter(|(w, _)| *w > 0.0)
        .collect();
    let weights: f64 = scored.iter().map(|(w, _)| w).sum();
    if weights <= 0.0 {
        return None;
    }
    let mean = scored.iter().map(|(w, s)| w * s).sum::<f64>() / weights;
    Some(((mean * 10.0).round() / 10.0) as f32)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn scale(scores: &[u32]) -> Vec<Level> {
        scores
            .iter()
            .map(|&score| Level {
                score,
                label: score.to_string(),
                description: "-".into(),
            })
            .collect()
    }

    #[test]
    fn the_designs_example_is_exactly_76() {
        // 80 at weight 0.3 and 70 at weight 0.2.
        assert_eq!(overall(&[(0.3, Some(80.0)), (0.2, Some(70.0))]), Some(76.0));
    }

    #[test]
    fn unscored_dimensions_are_left_out_not_zero() {
        assert_eq!(
            overall(&[(0.3, Some(80.0)), (0.2, Some(70.0)), (0.5, None)]),
            Some(76.0)
        );
        assert_eq!(overall(&[(0.5, None)]), None);
        assert_eq!(overall(&[]), None);
    }

    #[test]
    fn levels_map_onto_0_to_100() {
        let five = scale(&[1, 2, 3, 4, 5]);
        assert_eq!(normalised(1.0, &five), Some(0.0));
        assert_eq!(normalised(4.0, &five), Some(75.0));
        assert_eq!(normalised(5.0, &five), Some(100.0));
        let three = scale(&[1, 2, 3]);
        assert_eq!(normalised(2.0, &three), Some(50.0));
        assert_eq!(
            normalised(2.5, &three),
            Some(75.0),
            "a median of several runs"
        );
        assert_eq!(normalised(4.0, &three), None, "off the scale");
        assert_eq!(normalised(1.0, &scale(&[1])), None, "no scale");
    }
}
