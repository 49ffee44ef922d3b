//! CSV tables of a job's scorecards: every candidate one row
//! ([`job_csv`]), or chosen candidates side by side, one column each
//! ([`compare`]).
//!
//! RFC 4180: comma-separated, CRLF line ends, every text cell in double
//! quotes (quotes inside doubled), so names, quotes and line breaks from
//! candidates never shift a column. Text that a spreadsheet would take for
//! a formula (starting with `=`, `+`, `-`, `@`, a tab or a carriage return)
//! gets a leading apostrophe (OWASP's advice against CSV injection).
//! Numbers are written bare with a decimal point.

use super::score_text;
use crate::scoring::DimensionStatus;
use crate::scoring::card::DimensionScore;
use crate::store::StoredScorecard;

/// One row per candidate: candidate, interview id, overall (overrides
/// applied, and before them when one changed it), recommendation and its
/// confidence, then per dimension (the union of the cards' dimensions, in
/// order of first appearance) its level label (or why it is not scored),
/// the scorer's score and an override's level, then scorer, model and
/// when it was scored.
pub fn job_csv(cards: &[StoredScorecard]) -> String {
    let dims = dimension_names(cards);
    let mut out = String::new();
    let mut header: Vec<String> = [
        "candidate",
        "interview id",
        "overall",
        "overall before override",
        "recommendation",
        "confidence",
    ]
    .iter()
    .map(|h| text(h))
    .collect();
    for d in &dims {
        header.push(text(&format!("{d}: level")));
        header.push(text(&format!("{d}: score")));
        header.push(text(&format!("{d}: override level")));
    }
    for h in ["scorer", "model", "scored at"] {
        header.push(text(h));
    }
    row(&mut out, &header);
    for s in cards {
        let c = &s.card;
        let mut cells = vec![
            text(candidate(s)),
            text(&s.interview_id),
            number(c.overall),
            number(c.original_overall),
            text(&c.recommendation.decision),
            format!("{:.2}", c.recommendation.confidence),
        ];
        for name in &dims {
            match c.dimensions.iter().find(|d| &d.name == name) {
                Some(d) => {
                    cells.push(text(&level_cell(d)));
                    cells.push(number(d.score));
                    cells.push(
                        d.r#override
                            .as_ref()
                            .map(|o| o.level.to_string())
                            .unwrap_or_default(),
                    );
                }
                None => cells.extend([String::new(), String::new(), String::new()]),
            }
        }
        let r = &c.reproducibility;
        let model = if r.provider.is_empty() {
            r.model.clone()
        } else {
            format!("{}/{}", r.provider, r.model)
        };
        cells.push(text(&r.scorer));
        cells.push(text(&model));
        cells.push(text(&c.created_at));
        row(&mut out, &cells);
    }
    out
}

/// Candidates side by side, one column each (in the order given): rows
/// interview id, overall, recommendation, confidence, one per dimension
/// ("label · score · spread", an override noted), and the top quote (the
/// first evidence of the best-scored dimension that has evidence).
pub fn compare(cards: &[StoredScorecard]) -> String {
    let dims = dimension_names(cards);
    let mut out = String::new();
    let mut header = vec![text("")];
    header.extend(cards.iter().map(|s| text(candidate(s))));
    row(&mut out, &header);
    let mut line = |label: &str, cell: &dyn Fn(&StoredScorecard) -> String| {
        let mut cells = vec![text(label)];
        cells.extend(cards.iter().map(cell));
        row(&mut out, &cells);
    };
    line("interview id", &|s| text(&s.interview_id));
    line("overall", &|s| number(s.card.overall));
    line("recommendation", &|s| text(&s.card.recommendation.decision));
    line("confidence", &|s| {
        format!("{:.2}", s.card.recommendation.confidence)
    });
    for name in &dims {
        line(name, &|s| {
            s.card
                .dimensions
                .iter()
                .find(|d| &d.name == name)
                .map(|d| text(&dimension_summary(d)))
                .unwrap_or_default()
        });
    }
    line("top quote", &|s| text(&top_quote(&s.card.dimensions)));
    out
}

fn candidate(s: &StoredScorecard) -> &str {
    s.candidate_name.as_deref().unwrap_or("(no name)")
}

fn dimension_names(cards: &[StoredScorecard]) -> Vec<String> {
    let mut names: Vec<String> = Vec::new();
    for d in cards.iter().flat_map(|s| &s.card.dimensions) {
        if !names.contains(&d.name) {
            names.push(d.name.clone());
        }
    }
    names
}

fn level_cell(d: &DimensionScore) -> String {
    match (d.status, &d.label) {
        (DimensionStatus::Scored, Some(label)) => label.clone(),
        (status, _) => format!("not scored ({})", status.as_str()),
    }
}

fn dimension_summary(d: &DimensionScore) -> String {
    let mut parts = vec![level_cell(d)];
    if let Some(s) = d.score {
        parts.push(score_text(s));
    }
    if let Some(sp) = d.spread {
        parts.push(format!("spread {sp}"));
    }
    if let Some(o) = &d.r#override {
        parts.push(format!("overridden to level {} by {}", o.level, o.by));
    }
    parts.join(" · ")
}

fn top_quote(dims: &[DimensionScore]) -> String {
    dims.iter()
        .filter(|d| !d.evidence.is_empty())
        .max_by(|a, b| {
            a.score
                .unwrap_or(-1.0)
                .total_cmp(&b.score.unwrap_or(-1.0))
                .then(a.weight.total_cmp(&b.weight))
        })
        .map(|d| format!("\u{201c}{}\u{201d} ({})", d.evidence[0].quote, d.name))
        .unwrap_or_default()
}

fn number(v: Option<f32>) -> String {
    v.filter(|v| v.is_finite())
        .map(score_text)
        .unwrap_or_default()
}

/// A text cell: defused if a spreadsheet would read a formula, quoted.
pub fn text(s: &str) -> String {
    let guard = s.starts_with(['=', '+', '-', '@', '\t', '\r']);
    let mut out = String::with_capacity(s.len() + 3);
    out.push('"');
    if guard {
        out.push('\'');
    }
    for c in s.chars() {
        if c == '"' {
            out.push('"');
        }
        out.push(c);
    }
    out.push('"');
    out
}

fn row(out: &mut String, cells: &[String]) {
    out.push_str(&cells.join(","));
    out.push_str("\r\n");
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cells_are_quoted_and_formulas_defused() {
        assert_eq!(text("plain"), "\"plain\"");
        assert_eq!(text("say \"hi\", now"), "\"say \"\"hi\"\", now\"");
        assert_eq!(text("=HYPERLINK(\"x\")"), "\"'=HYPERLINK(\"\"x\"\")\"");
        assert_eq!(text("+1"), "\"'+1\"");
        assert_eq!(text("-2"), "\"'-2\"");
        assert_eq!(text("@SUM(A1)"), "\"'@SUM(A1)\"");
        assert_eq!(text("\tx"), "\"'\tx\"");
        assert_eq!(text("a\r\nb"), "\"a\r\nb\"");
        assert_eq!(text(""), "\"\"");
    }
}
