//! Span-level precision, recall and F1 on the SkillSpan test split for the
//! taxonomy matcher (no training on SkillSpan). Exact spans, as the paper
//! scores them, and overlapping spans for a looser view.
//! `cargo test -p ats-core --test skillspan -- --nocapture` prints the table.

use ats_core::skills::SkillMatcher;
use serde_json::Value;
use std::collections::HashSet;

type Spans = HashSet<(usize, usize, usize)>; // (sentence, first token, end token)

fn gold(tags: &[Value], sentence: usize) -> Vec<(usize, usize, usize)> {
    let mut out = Vec::new();
    let mut start = None;
    for (i, t) in tags
        .iter()
        .map(|t| t.as_str().unwrap())
        .chain(["O"])
        .enumerate()
    {
        if t != "I"
            && let Some(s) = start.take()
        {
            out.push((sentence, s, i));
        }
        if t == "B" {
            start = Some(i);
        }
    }
    out
}

struct Prf {
    p: f64,
    r: f64,
    f: f64,
}

fn prf(pred: &Spans, gold: &Spans, overlap: bool) -> Prf {
    let matches = |a: &(usize, usize, usize), b: &(usize, usize, usize)| {
        a.0 == b.0
            && if overlap {
                a.1 < b.2 && b.1 < a.2
            } else {
                a.1 == b.1 && a.2 == b.2
            }
    };
    let tp_p = pred
        .iter()
        .filter(|p| gold.iter().any(|g| matches(p, g)))
        .count();
    let tp_r = gold
        .iter()
        .filter(|g| pred.iter().any(|p| matches(p, g)))
        .count();
    let p = if pred.is_empty() {
        0.0
    } else {
        tp_p as f64 / pred.len() as f64
    };
    let r = if gold.is_empty() {
        0.0
    } else {
        tp_r as f64 / gold.len() as f64
    };
    let f = if p + r == 0.0 {
        0.0
    } else {
        2.0 * p * r / (p + r)
    };
    Prf { p, r, f }
}

#[test]
fn skillspan_span_scores() {
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../tests/fixtures/skillspan/test.json"
    );
    let matcher = SkillMatcher::builtin();
    let (mut pred, mut gold_k, mut gold_s) = (Spans::new(), Spans::new(), Spans::new());
    let mut sentences = 0;
    for (n, line) in std::fs::read_to_string(path).unwrap().lines().enumerate() {
        let v: Value = serde_json::from_str(line).unwrap();
        let tokens: Vec<&str> = v["tokens"]
            .as_array()
            .unwrap()
            .iter()
            .map(|t| t.as_str().unwrap())
            .collect();
        gold_k.extend(gold(v["tags_knowledge"].as_array().unwrap(), n));
        gold_s.extend(gold(v["tags_skill"].as_array().unwrap(), n));
        // Tokens joined by spaces; map character spans back to tokens.
        let mut starts = Vec::new();
        let mut text = String::new();
        for t in &tokens {
            if !text.is_empty() {
                text.push(' ');
            }
            starts.push(text.len());
            text.push_str(t);
        }
        for m in matcher.find(&text) {
            let first = starts.iter().rposition(|&s| s <= m.span.start).unwrap();
            let end = starts
                .iter()
                .position(|&s| s >= m.span.end)
                .unwrap_or(tokens.len());
            pred.insert((n, first, end));
        }
        sentences += 1;
    }
    assert_eq!(sentences, 3569);
    println!(
        "\nSkillSpan test ({sentences} sentences; {} knowledge, {} skill spans); taxonomy matcher, no training",
        gold_k.len(),
        gold_s.len()
    );
    println!("{:<28} {:>6} {:>6} {:>6}", "", "P", "R", "F1");
    let all: Spans = gold_k.union(&gold_s).copied().collect();
    for (name, g, overlap) in [
        ("knowledge, exact span", &gold_k, false),
        ("knowledge, overlapping span", &gold_k, true),
        ("skill, exact span", &gold_s, false),
        ("skill, overlapping span", &gold_s, true),
        ("either, exact span", &all, false),
    ] {
        let s = prf(&pred, g, overlap);
        println!("{name:<28} {:>6.3} {:>6.3} {:>6.3}", s.p, s.r, s.f);
    }
    // A floor, so a regression in the matcher shows: most of what the
    // taxonomy finds is annotated knowledge.
    let k = prf(&pred, &gold_k, true);
    assert!(k.p > 0.5, "knowledge precision {:.3}", k.p);
}
