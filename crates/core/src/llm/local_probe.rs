//! The level probe's arithmetic: when the generated text reaches the
//! probe's key, and each option's probability from the next token's logits.

use llama_cpp_2::token::LlamaToken;

/// Whether `text` ends with `tail`, whitespace aside in both (a grammar
/// allows a space around a JSON key's colon).
pub(super) fn ends_with_ignoring_space(text: &str, tail: &str) -> bool {
    let want: Vec<char> = tail.chars().filter(|c| !c.is_whitespace()).collect();
    let mut have: Vec<char> = text
        .chars()
        .rev()
        .filter(|c| !c.is_whitespace())
        .take(want.len())
        .collect();
    have.reverse();
    have == want
}

/// The probability of each option among the options: the log-sum-exp of
/// its tokens' logits, then a softmax over the options.
pub(super) fn distribution(logits: &[f32], options: &[Vec<LlamaToken>]) -> Vec<f32> {
    let lse = |xs: &mut dyn Iterator<Item = f32>| -> f32 {
        let xs: Vec<f32> = xs.collect();
        let max = xs.iter().copied().fold(f32::NEG_INFINITY, f32::max);
        if max == f32::NEG_INFINITY {
            return max;
        }
        max + xs.iter().map(|x| (x - max).exp()).sum::<f32>().ln()
    };
    let scores: Vec<f32> = options
        .iter()
        .map(|ids| {
            lse(&mut ids
                .iter()
                .filter_map(|t| logits.get(usize::try_from(t.0).ok()?).copied()))
        })
        .collect();
    let total = lse(&mut scores.iter().copied());
    scores.iter().map(|s| (s - total).exp()).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_probe_normalises_over_the_options_and_sums_an_options_variants() {
        // Option A has two tokens (e^0 + e^0), option B one (e^0).
        let logits = [0.0, 0.0, 0.0, 5.0];
        let p = distribution(
            &logits,
            &[vec![LlamaToken(0), LlamaToken(1)], vec![LlamaToken(2)]],
        );
        assert!((p[0] - 2.0 / 3.0).abs() < 1e-6, "{p:?}");
        assert!((p[1] - 1.0 / 3.0).abs() < 1e-6, "{p:?}");
        // The token outside the options (logit 5) takes nothing away.
        assert!((p.iter().sum::<f32>() - 1.0).abs() < 1e-6);
    }

    #[test]
    fn a_probe_fires_after_its_key_whatever_the_spacing() {
        assert!(ends_with_ignoring_space(
            r#"{"rationale": "x", "level" : "#,
            r#""level":"#
        ));
        assert!(ends_with_ignoring_space(r#""level":"#, r#""level":"#));
        // A key quoted inside a string is escaped: no match.
        assert!(!ends_with_ignoring_space(
            r#""rationale": "\"level\":"#,
            r#""level":"#
        ));
        assert!(!ends_with_ignoring_space(r#""level": 3"#, r#""level":"#));
    }
}
