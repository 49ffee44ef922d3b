//! The report on synthetic outcomes: rates, ratios, verdicts, warnings.

use super::*;

fn close(a: f64, b: f64) -> bool {
    (a - b).abs() <= 1e-9 * b.abs().max(1e-300)
}

#[test]
fn values_and_categories_are_normalised() {
    assert_eq!(
        value("  Black or   African American ").unwrap(),
        "Black or African American"
    );
    for v in [
        "",
        "   ",
        "Prefer not to say",
        "DECLINED",
        " decline to state ",
    ] {
        assert_eq!(value(v).unwrap(), DECLINED, "{v:?}");
    }
    assert!(value(&"x".repeat(201)).is_err());
    assert_eq!(category(" Race  Ethnicity ").unwrap(), "race_ethnicity");
    assert!(category("  ").is_err());
    assert!(category("sex+race").is_err());
    assert_eq!(category("").unwrap_err().code(), "fairness.invalid");
    assert!(SelectionRule::from_threshold(Some(101.0)).is_err());
    assert_eq!(
        SelectionRule::from_threshold(None).unwrap(),
        SelectionRule::Advance
    );
}

#[test]
fn intersections_join_values_and_need_every_answer() {
    let sex = vec![
        ("a".to_owned(), "Female".to_owned()),
        ("b".to_owned(), "Male".to_owned()),
        ("c".to_owned(), "Female".to_owned()),
    ];
    let race = vec![
        ("a".to_owned(), "Asian".to_owned()),
        ("b".to_owned(), DECLINED.to_owned()),
    ];
    assert_eq!(
        intersect(&[sex, race]),
        vec![
            ("a".to_owned(), "Female · Asian".to_owned()),
            ("b".to_owned(), DECLINED.to_owned()),
        ]
    );
}

fn outcome(id: &str, overall: f32) -> Outcome {
    let decision = if overall >= 70.0 {
        "advance"
    } else {
        "consider"
    };
    Outcome {
        candidate_id: id.into(),
        overall: Some(overall),
        decision: decision.into(),
    }
}

fn job() -> JobRef {
    JobRef {
        id: "j".into(),
        title: "Job".into(),
    }
}

/// `n` candidates of `group` named `prefix0…`, the first `selected`
/// scoring 80, the rest 40.
fn group(
    prefix: &str,
    value: &str,
    n: usize,
    selected: usize,
) -> (Vec<Outcome>, Vec<(String, String)>) {
    (0..n)
        .map(|i| {
            let id = format!("{prefix}{i}");
            let score = if i < selected { 80.0 } else { 40.0 };
            (outcome(&id, score), (id, value.to_owned()))
        })
        .unzip()
}

fn build(parts: &[(&str, &str, usize, usize)]) -> (Vec<Outcome>, Vec<(String, String)>) {
    let (mut outs, mut ids) = (Vec::new(), Vec::new());
    for (p, v, n, s) in parts {
        let (o, i) = group(p, v, *n, *s);
        outs.extend(o);
        ids.extend(i);
    }
    (outs, ids)
}

#[test]
fn rates_ratios_and_the_four_fifths_rule() {
    let (outs, ids) = build(&[("a", "A", 20, 10), ("b", "B", 20, 6)]);
    let r = report(&job(), "g", &outs, &ids, &ReportOptions::default());
    let [a, b] = r.groups.as_slice() else {
        panic!("{r:?}")
    };
    assert_eq!((a.group.as_str(), a.n, a.selected), ("A", 20, 10));
    assert_eq!(r.reference_group.as_deref(), Some("A"));
    assert!(close(b.rate, 0.3) && close(b.impact_ratio.unwrap(), 0.6));
    assert_eq!(
        (a.four_fifths_ok, b.four_fifths_ok),
        (Some(true), Some(false))
    );
    assert!(close(b.fisher_p.unwrap(), fisher_exact(6, 14, 10, 10)));
    // Scores 80 or 40, median 40: above it exactly the selected ones.
    assert_eq!(r.median_score, Some(40.0));
    assert!(close(b.ll144_impact_ratio.unwrap(), 0.6));
    assert_eq!(b.warning, None);
}

#[test]
fn a_verdict_that_one_candidate_turns_is_flagged() {
    // 0.35 / 0.5 = 0.7 fails; with one more selected 0.4 / 0.5 = 0.8 passes.
    let (outs, ids) = build(&[("a", "A", 20, 10), ("b", "B", 20, 7)]);
    let r = report(&job(), "g", &outs, &ids, &ReportOptions::default());
    let b = &r.groups[1];
    assert_eq!(b.four_fifths_ok, Some(false));
    assert!(
        b.warning
            .as_deref()
            .unwrap()
            .contains("turns on one candidate"),
        "{b:?}"
    );
}

#[test]
fn small_groups_get_a_warning_not_a_verdict_and_are_never_the_reference() {
    // C: 1 of 61 candidates (1.6 %), all selected; D: 4 candidates.
    let (outs, ids) = build(&[
        ("a", "A", 30, 12),
        ("b", "B", 26, 12),
        ("c", "C", 1, 1),
        ("d", "D", 4, 0),
    ]);
    let r = report(&job(), "g", &outs, &ids, &ReportOptions::default());
    assert_eq!(
        r.reference_group.as_deref(),
        Some("B"),
        "C's 100 % is one person"
    );
    let by = |name: &str| r.groups.iter().find(|g| g.group == name).unwrap();
    let (c, d) = (by("C"), by("D"));
    assert_eq!((c.four_fifths_ok, d.four_fifths_ok), (None, None));
    assert!(
        d.warning
            .as_deref()
            .unwrap()
            .starts_with("too small to judge: 4 candidates")
    );
    assert_eq!(c.ll144_impact_ratio, None, "under 2 %");
    assert!(d.ll144_impact_ratio.is_some(), "6.6 %: in LL144's ratio");
    assert!(
        r.notes
            .iter()
            .any(|n| n.starts_with("C is 1.6 % of the candidates, under 2 %")),
        "{:?}",
        r.notes
    );
    assert!(
        d.warning
            .as_deref()
            .unwrap()
            .ends_with("moves its rate by 25 %")
    );
}

#[test]
fn best_outcome_per_candidate_undisclosed_and_unscored_are_counted_apart() {
    let mut outs = vec![
        outcome("a1", 50.0),
        outcome("a1", 75.0),
        outcome("b1", 60.0),
    ];
    outs.push(Outcome {
        candidate_id: "c1".into(),
        overall: None,
        decision: "no recommendation".into(),
    });
    outs.push(outcome("d1", 90.0));
    outs.push(outcome("e1", 10.0));
    let ids = vec![
        ("a1".to_owned(), "female".to_owned()),
        ("b1".to_owned(), " Female".to_owned()),
        ("c1".to_owned(), "Female".to_owned()),
        ("d1".to_owned(), "Prefer not to say".to_owned()),
    ];
    let r = report(&job(), "gender", &outs, &ids, &ReportOptions::default());
    assert_eq!(
        (r.candidates, r.declined, r.not_recorded, r.unscored),
        (4, 1, 1, 1)
    );
    let [g] = r.groups.as_slice() else {
        panic!("{r:?}")
    };
    assert_eq!((g.group.as_str(), g.n, g.selected), ("Female", 2, 1));
    // Median of 75, 60, 90, 10 (the declined and unknown count).
    assert_eq!(r.median_score, Some(67.5));
    assert_eq!(g.fisher_p, None, "no other group");
}

#[test]
fn the_threshold_rule_reads_the_overall() {
    let (outs, ids) = build(&[("a", "A", 5, 5), ("b", "B", 5, 0)]);
    let options = ReportOptions {
        rule: SelectionRule::Threshold { at: 85.0 },
        min_group: 5,
    };
    let r = report(&job(), "g", &outs, &ids, &options);
    assert!(r.groups.iter().all(|g| g.selected == 0));
    assert!(
        r.groups
            .iter()
            .all(|g| g.impact_ratio.is_none() && g.four_fifths_ok.is_none())
    );
    assert!(r.notes.iter().any(|n| n.starts_with("nobody was selected")));
}
