//! The scorecard as a PDF (A4): candidate and job, the overall score and
//! recommendation, a bar chart of the dimension scores, each dimension's
//! level, rationale and evidence quotes, summary, strengths and concerns,
//! the reproducibility record, and the transcript as an appendix; a footer
//! with the candidate, the job and the page on every page.
//!
//! What goes where is here; wrapping, page flow, fonts and the PDF itself
//! are [`super::layout`]'s. Bars, not a radar: they stay readable with one
//! or two dimensions and long names in any script.

use super::fonts::{CjkStyle, FontSet};
use super::layout::{
    ACCENT, BODY, BODY_STYLE, CONTENT_W, GREY, INK, LABEL_STYLE, LABEL_W, Layout, MARGIN, Mark,
    NOTE_STYLE, PAGE_H, Rgb3, TRACK, style, truncate, write,
};
use super::{DimensionView, ReportError, ReportInput, level_text, scale_of, score_text};
use crate::scoring::card::{ADVANCE_AT, CONSIDER_AT};
use crate::scoring::{DimensionScore, DimensionStatus, Speaker};

/// Render the report. Never fails on text: characters no font has are
/// left out.
pub fn render(input: &ReportInput) -> Result<Vec<u8>, ReportError> {
    let all_text = [
        input.candidate_name.as_str(),
        &input.job_title,
        &input.card.summary,
    ]
    .into_iter()
    .chain(input.transcript.turns.iter().map(|t| t.message.as_str()))
    .chain(input.card.dimensions.iter().map(|d| d.rationale.as_str()))
    .collect::<Vec<_>>()
    .join(" ");
    let mut fonts = FontSet::new(CjkStyle::of(&all_text))?;
    let mut page = Layout::new(&mut fonts);
    page.scorecard(input);
    page.transcript(input);
    let footer = format!("{} \u{2014} {}", input.candidate_name, input.job_title);
    page.footers(&footer);
    let Layout { pages, used, .. } = page;
    write(&fonts, pages, &used)
}

impl Layout<'_> {
    fn scorecard(&mut self, input: &ReportInput) {
        let card = &input.card;
        self.para("Interview scorecard", style(9.0, false, GREY));
        self.gap(2.0);
        self.para(&input.candidate_name, style(20.0, true, INK));
        self.para(&input.job_title, style(12.0, false, INK));
        self.gap(6.0);
        self.field("Interview", &input.interview_id);
        self.field("Scored", &card.created_at);
        self.field("Report made", &input.generated_at);

        self.heading("Overall", 14.0);
        let overall_score = card.overall.filter(|o| o.is_finite());
        let overall = match overall_score {
            Some(o) => format!("{} / 100", score_text(o)),
            None => "not scored".to_owned(),
        };
        self.para(&overall, style(22.0, true, score_color(overall_score)));
        if let Some(before) = card.original_overall {
            self.para(
                &format!("{} / 100 before a recruiter's override", score_text(before)),
                NOTE_STYLE,
            );
        }
        self.gap(4.0);
        let rec = &card.recommendation;
        self.field("Recommendation", &rec.decision);
        self.field("Confidence", &format!("{:.2}", rec.confidence));
        if !rec.note.is_empty() {
            self.para(&rec.note, NOTE_STYLE);
        }

        self.heading("Dimension scores", 14.0);
        self.chart(input);

        self.heading("Dimensions", 14.0);
        for d in &card.dimensions {
            self.dimension(input, d);
        }

        self.heading("Summary", 14.0);
        self.para(&card.summary, BODY_STYLE);
        for (title, items) in [
            ("Strengths", &card.strengths),
            ("Concerns", &card.concerns),
            ("Integrity notes", &card.flags),
        ] {
            if items.is_empty() {
                continue;
            }
            self.gap(4.0);
            self.ensure(BODY * 1.38 * 3.0);
            self.para(title, LABEL_STYLE);
            for item in items {
                self.bullet(item, BODY_STYLE);
            }
        }

        self.heading("Reproducibility", 14.0);
        let r = &card.reproducibility;
        let fields = [
            ("Scorer", r.scorer.clone()),
            ("Provider", r.provider.clone()),
            ("Model", r.model.clone()),
            (
                "Model sha256",
                r.model_sha256.clone().unwrap_or_else(|| "\u{2014}".into()),
            ),
            ("Prompts", r.prompts.join(", ")),
            ("Temperature", format!("{}", r.temperature)),
            ("Seed", r.seed.to_string()),
            ("Runs (k)", r.k.to_string()),
            (
                "Level from",
                if r.level_rule.is_empty() {
                    "\u{2014}".into()
                } else {
                    r.level_rule.clone()
                },
            ),
            (
                "Rubric version",
                r.rubric_version
                    .map_or_else(|| "\u{2014}".into(), |v| v.to_string()),
            ),
            ("Taxonomy", r.taxonomy_version.clone()),
            ("Blind", if r.blind { "yes" } else { "no" }.into()),
            ("Software", r.software.clone()),
        ];
        for (label, value) in fields {
            self.field(label, &value);
        }
    }

    /// Horizontal bars, 0–100, one per dimension; an override's bar with a
    /// tick where the scorer's score was.
    fn chart(&mut self, input: &ReportInput) {
        let row = 20.0;
        let bar_x = MARGIN + LABEL_W + 10.0;
        let bar_w = CONTENT_W - LABEL_W - 10.0 - 70.0;
        let ellipsis = self.ellipsis();
        self.ensure(14.0 + row * input.card.dimensions.len().min(6) as f32);
        // The axis.
        for t in [0.0f32, 25.0, 50.0, 75.0, 100.0] {
            let label = self.glyphs(&score_text(t));
            let w = Self::width(&label, 7.0);
            self.draw(
                bar_x + bar_w * t / 100.0 - w / 2.0,
                self.y,
                &label,
                style(7.0, false, GREY),
            );
        }
        self.gap(12.0);
        if input.card.dimensions.is_empty() {
            self.para("The rubric has no dimensions.", NOTE_STYLE);
        }
        for d in &input.card.dimensions {
            self.ensure(row);
            let top = self.y;
            let mut view = DimensionView::of(d, &input.rubric);
            view.score = view.score.filter(|s| s.is_finite());
            view.scorer_score = view.scorer_score.filter(|s| s.is_finite());
            let name = self.glyphs(&d.name);
            let name = truncate(&name, 9.0, LABEL_W, ellipsis.clone());
            self.draw(MARGIN, top + 3.0, &name, style(9.0, false, INK));
            let bar_bottom = PAGE_H - top - 15.0;
            self.mark(Mark::Rect {
                x: bar_x,
                y: bar_bottom,
                w: bar_w,
                h: 12.0,
                color: TRACK,
            });
            for t in [25.0f32, 50.0, 75.0] {
                let x = bar_x + bar_w * t / 100.0;
                self.mark(Mark::Line {
                    from: (x, bar_bottom),
                    to: (x, bar_bottom + 12.0),
                    width: 0.4,
                    color: (1.0, 1.0, 1.0),
                });
            }
            let value = match view.score {
                Some(s) => {
                    let s = s.clamp(0.0, 100.0);
                    self.mark(Mark::Rect {
                        x: bar_x,
                        y: bar_bottom,
                        w: bar_w * s / 100.0,
                        h: 12.0,
                        color: score_color(Some(s)),
                    });
                    if let Some(was) = view.scorer_score {
                        let x = bar_x + bar_w * was.clamp(0.0, 100.0) / 100.0;
                        self.mark(Mark::Line {
                            from: (x, bar_bottom - 2.0),
                            to: (x, bar_bottom + 14.0),
                            width: 1.2,
                            color: INK,
                        });
                        format!("{} (was {})", score_text(s), score_text(was))
                    } else {
                        score_text(s)
                    }
                }
                None => format!("not scored ({})", d.status.as_str()),
            };
            let (value, st) = match view.score {
                Some(_) => (value, style(9.0, true, INK)),
                None => (value, style(8.0, false, GREY)),
            };
            let glyphs = self.glyphs(&value);
            let x = if view.score.is_some() {
                bar_x + bar_w + 6.0
            } else {
                bar_x + 4.0
            };
            self.draw(x, top + 3.0, &glyphs, st);
            self.y += row;
        }
        if input.card.dimensions.iter().any(|d| d.r#override.is_some()) {
            self.para(
                "A black tick marks the scorer's score where a recruiter overrode it.",
                NOTE_STYLE,
            );
        }
    }

    fn dimension(&mut self, input: &ReportInput, d: &DimensionScore) {
        let view = DimensionView::of(d, &input.rubric);
        let scale = scale_of(&input.rubric, &d.name);
        self.gap(6.0);
        self.ensure(11.0 * 1.38 + 3.0 * BODY * 1.38);
        self.para(
            &format!("{} \u{00b7} weight {:.0}%", d.name, d.weight * 100.0),
            style(11.0, true, INK),
        );
        let top = scale.iter().map(|l| l.score).max();
        let level = match (&view.level, d.status) {
            (Some(level), _) => {
                let mut s = format!("level {level}");
                if let Some(top) = top {
                    s.push_str(&format!(" of {top}"));
                }
                if let Some(label) = &view.label {
                    s.push_str(&format!(" \u{00b7} {label}"));
                }
                if let Some(score) = view.score {
                    s.push_str(&format!(" \u{00b7} {}/100", score_text(score)));
                }
                s
            }
            (None, status) => format!("not scored: {}", status.as_str()),
        };
        self.field("Level", &level);
        if !d.runs.is_empty() {
            let runs: Vec<String> = d
                .runs
                .iter()
                .map(|r| r.map_or_else(|| "\u{2014}".into(), |l| l.to_string()))
                .collect();
            let mut s = runs.join(", ");
            if let Some(sp) = d.spread {
                s.push_str(&format!(" \u{00b7} spread {sp}"));
            }
            self.field("Runs", &s);
        }
        if let Some(o) = &d.r#override {
            let scorer = match (d.level, &d.label, d.score) {
                (Some(l), label, score) => format!(
                    "level {}{}{}",
                    level_text(l),
                    label.as_ref().map(|x| format!(" {x}")).unwrap_or_default(),
                    score
                        .map(|s| format!(", {}/100", score_text(s)))
                        .unwrap_or_default()
                ),
                _ => d.status.as_str().to_owned(),
            };
            self.field(
                "Override",
                &format!(
                    "level {} by {} at {} (the scorer gave {scorer}): {}",
                    o.level, o.by, o.at, o.reason
                ),
            );
        }
        if let Some(note) = &d.note {
            self.field("Note", note);
        }
        if !d.rationale.is_empty() {
            self.field("Rationale", &d.rationale);
        }
        if d.evidence.is_empty() {
            if d.status == DimensionStatus::Scored {
                self.field("Evidence", "\u{2014}");
            }
        } else {
            self.ensure(BODY * 1.38 * 2.0);
            self.para("Evidence", LABEL_STYLE);
            for e in &d.evidence {
                self.bullet(
                    &format!(
                        "\u{201c}{}\u{201d} (turn {})",
                        e.quote,
                        e.turn.saturating_add(1)
                    ),
                    style(BODY, false, ACCENT),
                );
            }
        }
    }

    fn transcript(&mut self, input: &ReportInput) {
        self.new_page();
        self.heading("Appendix: transcript", 14.0);
        if input.transcript.turns.is_empty() {
            self.para("No transcript is stored for this interview.", NOTE_STYLE);
        }
        for (i, turn) in input.transcript.turns.iter().enumerate() {
            let (who, color) = match turn.role {
                Speaker::Interviewer => ("Interviewer", GREY),
                Speaker::Candidate => ("Candidate", ACCENT),
            };
            self.gap(4.0);
            self.ensure(9.0 * 1.38 + BODY * 1.38);
            self.para(
                &format!("{} \u{00b7} {who}", i + 1),
                style(9.0, true, color),
            );
            self.block(&turn.message, BODY_STYLE, MARGIN + 12.0, CONTENT_W - 12.0);
        }
    }
}

fn score_color(score: Option<f32>) -> Rgb3 {
    match score {
        Some(s) if s >= ADVANCE_AT => (0.18, 0.56, 0.33),
        Some(s) if s >= CONSIDER_AT => (0.88, 0.60, 0.13),
        Some(_) => (0.79, 0.26, 0.24),
        None => GREY,
    }
}
