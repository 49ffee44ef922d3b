//! The statistics of the report, in exact arithmetic where it decides
//! something: Fisher's exact test, the median, the four-fifths comparison.

/// The median; `None` for no values.
pub fn median(values: &[f64]) -> Option<f64> {
    let mut v: Vec<f64> = values.to_vec();
    v.sort_by(f64::total_cmp);
    let n = v.len();
    match n {
        0 => None,
        _ if n % 2 == 1 => Some(v[n / 2]),
        _ => Some((v[n / 2 - 1] + v[n / 2]) / 2.0),
    }
}

/// ln(k!) for k = 0..=n, by summing logarithms (exact enough: the error
/// grows like n·ε, far below the 1e-7 tolerance at any realistic n).
fn log_factorials(n: usize) -> Vec<f64> {
    let mut lf = Vec::with_capacity(n + 1);
    lf.push(0.0);
    for k in 1..=n {
        lf.push(lf[k - 1] + (k as f64).ln());
    }
    lf
}

/// Fisher's exact test of the 2×2 table `[[a, b], [c, d]]`, two-sided: the
/// sum of the hypergeometric probabilities (margins fixed) of every table
/// no more likely than the observed one, with R's relative tolerance of
/// 1e-7 so tables as likely as the observed one up to rounding count.
pub fn fisher_exact(a: usize, b: usize, c: usize, d: usize) -> f64 {
    let (r1, r2, c1) = (a + b, c + d, a + c);
    let n = r1 + r2;
    if n == 0 {
        return 1.0;
    }
    let lf = log_factorials(n);
    let c2 = n - c1;
    let fixed = lf[r1] + lf[r2] + lf[c1] + lf[c2] - lf[n];
    // The table with `x` in the top-left cell.
    let ln_p = |x: usize| fixed - lf[x] - lf[r1 - x] - lf[c1 - x] - lf[r2 + x - c1];
    let observed = ln_p(a) + 1e-7_f64.ln_1p();
    let p: f64 = (c1.saturating_sub(r2)..=r1.min(c1))
        .map(ln_p)
        .filter(|l| *l <= observed)
        .map(f64::exp)
        .sum();
    p.min(1.0)
}

/// An f32 score as the f64 of its shortest decimal form (`21.2`, not
/// `21.200000762939453`): scores are kept to one decimal.
pub(super) fn widen(x: f32) -> f64 {
    x.to_string().parse().unwrap_or(f64::from(x))
}

/// Whether `selected / n` is at least four fifths of `ref_selected / ref_n`:
/// 5·selected·ref_n ≥ 4·ref_selected·n, exactly.
pub(super) fn four_fifths(selected: usize, n: usize, ref_selected: usize, ref_n: usize) -> bool {
    let wide = |x: usize| x as u128;
    5 * wide(selected) * wide(ref_n) >= 4 * wide(ref_selected) * wide(n)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn close(a: f64, b: f64) -> bool {
        (a - b).abs() <= 1e-9 * b.abs().max(1e-300)
    }

    #[test]
    fn fisher_matches_exact_rational_values() {
        // Exact values from the hypergeometric distribution in rational
        // arithmetic (Python's fractions), as R's fisher.test gives them.
        let cases = [
            ((3, 1, 1, 3), 17.0 / 35.0), // the tea-tasting table: 0.4857
            ((10, 2, 3, 15), 3571.0 / 6_653_325.0),
            ((6, 4, 3, 10), 40.0 / 391.0),
            ((2, 8, 7, 6), 86.0 / 437.0),
            ((0, 5, 5, 0), 1.0 / 126.0),
            ((7, 12, 0, 5), 413.0 / 1518.0),
            (
                (40, 10, 20, 30),
                896_656_705_108.0 / 10_791_834_600_627_909.0,
            ),
            ((4, 6, 1, 9), 98.0 / 323.0),
        ];
        for ((a, b, c, d), want) in cases {
            let got = fisher_exact(a, b, c, d);
            assert!(close(got, want), "[[{a},{b}],[{c},{d}]]: {got} vs {want}");
        }
    }

    #[test]
    fn fisher_is_symmetric_and_one_where_nothing_differs() {
        assert!(close(fisher_exact(1, 9, 4, 6), fisher_exact(4, 6, 1, 9)));
        assert!(close(fisher_exact(6, 4, 3, 10), fisher_exact(3, 10, 6, 4)));
        assert_eq!(fisher_exact(1, 2, 8, 12), 1.0);
        assert_eq!(fisher_exact(1, 0, 0, 1), 1.0);
        assert_eq!(fisher_exact(0, 0, 0, 0), 1.0);
        assert_eq!(fisher_exact(0, 5, 0, 7), 1.0, "nobody selected");
    }

    #[test]
    fn four_fifths_exactly_passes() {
        // 0.4 / 0.5 is 0.8 only up to rounding in floating point.
        assert!(four_fifths(4, 10, 5, 10));
        assert!(four_fifths(8, 20, 1, 2));
        assert!(!four_fifths(39, 100, 1, 2));
        assert!(four_fifths(0, 10, 0, 10), "nobody selected anywhere");
    }

    #[test]
    fn scores_widen_to_their_decimal() {
        assert_eq!(widen(21.2), 21.2);
        assert_eq!(widen(63.0), 63.0);
    }

    #[test]
    fn median_of_odd_and_even_counts() {
        assert_eq!(median(&[]), None);
        assert_eq!(median(&[3.0, 1.0, 2.0]), Some(2.0));
        assert_eq!(median(&[4.0, 1.0, 3.0, 2.0]), Some(2.5));
    }
}
