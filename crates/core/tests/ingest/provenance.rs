//! Every field keeps a confidence and a source span: on the real resumes
//! (their files and their poppler texts), every field the parser sets has
//! a confidence in [0, 1], every span lies in the text on character
//! boundaries, and a field's span holds the field as written (case and
//! white space aside). Prints the share of fields with a span per document
//! (`cargo test --workspace --test ingest -- provenance --nocapture`).

use crate::accuracy::poppler_texts;
use crate::support;
use ats_core::ingest::ParsedResume;
use ats_core::structure::provenance::field_paths;

fn squeezed(s: &str) -> String {
    s.split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_lowercase()
}

/// (fields, fields with a span) of one parse; panics on a field without a
/// confidence or a span that does not hold its field.
fn check(id: &str, parsed: &ParsedResume) -> (usize, usize) {
    let ext = parsed.resume.x_ats.clone().unwrap_or_default();
    let text = &parsed.text;
    let fields = field_paths(&parsed.resume, &ext);
    let mut spanned = 0;
    for (path, value) in &fields {
        let c = ext.confidence.get(path);
        assert!(
            c.is_some_and(|c| (0.0..=1.0).contains(c)),
            "{id}: {path} has no confidence"
        );
        if let Some(span) = ext.spans.get(path) {
            let written = text
                .get(span.start..span.end)
                .unwrap_or_else(|| panic!("{id}: {path} span {span:?} outside the text"));
            assert_eq!(squeezed(written), squeezed(value), "{id}: {path}");
            spanned += 1;
        }
    }
    for (path, span) in &ext.spans {
        assert!(
            span.start <= span.end && text.get(span.start..span.end).is_some(),
            "{id}: {path} span {span:?}"
        );
    }
    (fields.len(), spanned)
}

#[test]
fn every_field_keeps_its_confidence_and_source_span() {
    let mut all = Vec::new();
    for (source, parses) in [
        ("poppler", poppler_texts()),
        ("file", support::real_resumes()),
    ] {
        for (truth, parsed) in &parses {
            if parsed.text.is_empty() {
                continue; // JSON Resume input: no text to point into
            }
            let id = format!("{} ({source})", truth["id"].as_str().unwrap());
            let (fields, spanned) = check(&id, parsed);
            println!("{id:<40} {spanned:>4} of {fields:>4} fields with a span");
            all.push((fields, spanned));
        }
    }
    let fields: usize = all.iter().map(|a| a.0).sum();
    let spanned: usize = all.iter().map(|a| a.1).sum();
    let share = spanned as f64 / fields as f64;
    println!("{spanned} of {fields} fields with a span ({share:.3})");
    // Measured: 0.956. Without a span: values the text does not hold as
    // written (profile URLs from link annotations, a skill read through a
    // logo's letters, a degree and field joined from two lines).
    assert!(share >= 0.95, "{share}");
}
