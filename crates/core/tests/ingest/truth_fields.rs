//! The fields of the real resumes' truth files that the accuracy table does
//! not score: headline, location, links, languages, interests and dates as
//! written. What one document must give back belongs here, read from its
//! truth file, not in the parser's unit tests. Prints a table
//! (`cargo test --workspace --test ingest -- truth_fields --nocapture`) and
//! asserts each field's measured mean as its floor.

use crate::accuracy::{f1, norm, same_text};
use crate::support;
use ats_core::resume::JsonResume;
use serde_json::Value;

/// Items matched one to one by normalised equality, as F1.
fn items_f1(got: &[String], want: &[String]) -> f64 {
    let mut used = vec![false; got.len()];
    let mut hits = 0;
    for w in want {
        if let Some(i) = (0..got.len()).find(|&i| !used[i] && norm(&got[i]) == norm(w)) {
            used[i] = true;
            hits += 1;
        }
    }
    f1(got.len(), want.len(), hits)
}

fn strings(v: &Value, key: &str) -> Vec<String> {
    v.as_array()
        .map(|a| {
            a.iter()
                .filter_map(|x| x.get(key).unwrap_or(x).as_str())
                .map(str::to_owned)
                .collect()
        })
        .unwrap_or_default()
}

/// A URL without scheme, "www." and trailing slash.
fn bare_url(url: &str) -> String {
    let url = url.split_once("://").map_or(url, |(_, rest)| rest);
    url.trim_start_matches("www.")
        .trim_end_matches('/')
        .to_lowercase()
}

/// One row of the table: each field's score, `None` where the truth file
/// does not say.
struct Row {
    id: String,
    fields: Vec<(&'static str, Option<f64>)>,
    misses: Vec<String>,
}

fn score(id: &str, r: &JsonResume, truth: &Value) -> Row {
    let mut misses = Vec::new();
    let mut fields = Vec::new();
    let mut text_field = |field: &'static str, got: Option<&str>, want: &Value| {
        let score = if want.is_null() && got.is_none() || same_text(got, want.as_str()) {
            1.0
        } else {
            misses.push(format!("{field}: {got:?} != {want}"));
            0.0
        };
        fields.push((field, Some(score)));
    };
    let basics = &r.basics;
    if let Some(want) = truth.get("headline") {
        text_field("headline", basics.label.as_deref(), want);
    }
    if let Some(want) = truth.get("location") {
        // The address as written, or (for structured sources) its parts in
        // postal order.
        let written = basics.location.as_ref().and_then(|l| {
            let parts = [
                &l.address,
                &l.city,
                &l.region,
                &l.postal_code,
                &l.country_code,
            ];
            let joined = parts
                .iter()
                .filter_map(|p| p.as_deref())
                .collect::<Vec<_>>()
                .join(", ");
            if same_text(Some(&joined), want.as_str()) {
                Some(joined)
            } else {
                l.address.clone()
            }
        });
        text_field("location", written.as_deref(), want);
    }

    // Links: a truth link is found when a profile's username or URL, or
    // the homepage, is the one written.
    if let Some(links) = truth.get("links").and_then(Value::as_array) {
        let mut got: Vec<String> = basics
            .profiles
            .iter()
            .flat_map(|p| [p.username.clone(), p.url.as_deref().map(bare_url)])
            .flatten()
            .collect();
        got.extend(basics.url.as_deref().map(bare_url));
        let found = links
            .iter()
            .filter(|l| {
                let written = l["as_written"].as_str().unwrap_or_default();
                let url = l["url"].as_str().map(bare_url);
                let hit = got.iter().any(|g| {
                    norm(g) == norm(written.trim_start_matches('@'))
                        || url.as_deref() == Some(g.as_str())
                        || bare_url(written) == *g
                });
                if !hit {
                    misses.push(format!("link {written}"));
                }
                hit
            })
            .count();
        let parsed = basics.profiles.len() + usize::from(basics.url.is_some());
        fields.push(("links", Some(f1(parsed, links.len(), found))));
    }

    if let Some(want) = truth.get("languages") {
        let want_names = strings(want, "language");
        let got: Vec<String> = r
            .languages
            .iter()
            .filter_map(|l| l.language.clone())
            .collect();
        let names = items_f1(&got, &want_names);
        if names < 1.0 {
            misses.push(format!("languages {got:?} vs {want_names:?}"));
        }
        fields.push(("languages", Some(names)));
        let want_levels = strings(want, "level");
        let got_levels: Vec<String> = r
            .languages
            .iter()
            .filter_map(|l| l.fluency.clone())
            .collect();
        let levels = items_f1(&got_levels, &want_levels);
        if levels < 1.0 {
            misses.push(format!("levels {got_levels:?} vs {want_levels:?}"));
        }
        fields.push(("levels", Some(levels)));
    }
    if let Some(want) = truth.get("interests") {
        let want = strings(want, "name");
        let got: Vec<String> = r.interests.iter().filter_map(|i| i.name.clone()).collect();
        let score = items_f1(&got, &want);
        if score < 1.0 {
            misses.push(format!("interests {got:?} vs {want:?}"));
        }
        fields.push(("interests", Some(score)));
    }

    // Dates as written, for the positions whose truth records them.
    let ext = r.x_ats.clone().unwrap_or_default();
    let wanted: Vec<&Value> = truth["positions"]
        .as_array()
        .map(|a| {
            a.iter()
                .filter(|p| p.get("dates_as_written").is_some())
                .collect()
        })
        .unwrap_or_default();
    if !wanted.is_empty() {
        let hits = wanted
            .iter()
            .filter(|p| {
                // A note in parentheses after the dates is the truth file's
                // annotation, not part of what the document writes.
                let written = p["dates_as_written"]
                    .as_str()
                    .map(|w| w.split_once(" (").map_or(w, |(dates, _)| dates));
                let hit = r.work.iter().zip(&ext.work).any(|(w, x)| {
                    same_text(w.name.as_deref(), p["company"].as_str())
                        && same_text(w.position.as_deref(), p["title"].as_str())
                        && same_text(x.dates_as_written.as_deref(), written)
                });
                if !hit {
                    misses.push(format!("dates as written {written:?} ({})", p["company"]));
                }
                hit
            })
            .count();
        fields.push(("as written", Some(hits as f64 / wanted.len() as f64)));
    }
    Row {
        id: id.to_owned(),
        fields,
        misses,
    }
}

/// Each field's mean over the real files whose truth has it, as measured
/// (rounded down). Known misses: a headline under a label-table row
/// ("Ausbildungsgrad") or run into a tagline ("Software Engineer. Lorem
/// …"), levels drawn as dots or as a number out of five, a level with its
/// verb ("Abschluss mit …"), a second link read from a text the PDF layer
/// runs together, dates the PDF layer still garbles (CJK).
const FLOORS: [(&str, f64); 7] = [
    ("headline", 0.6),
    ("location", 1.0),
    ("links", 0.962),
    ("languages", 1.0),
    ("levels", 0.733),
    ("interests", 1.0),
    ("as written", 0.916),
];

/// The same over the poppler texts of the real PDFs (measured): the text
/// has no link annotations (a profile shown by its owner's name), and its
/// dashes are the typeset ones ("July 2012 – Ongoing" for "--").
const TEXT_FLOORS: [(&str, f64); 7] = [
    ("headline", 0.333),
    ("location", 1.0),
    ("links", 0.928),
    ("languages", 1.0),
    ("levels", 0.555),
    ("interests", 1.0),
    ("as written", 0.8),
];

fn table(rows: &[Row], floors: &[(&str, f64)]) -> Vec<String> {
    let names: Vec<&str> = floors.iter().map(|f| f.0).collect();
    print!("\n{:<24}", "resume");
    for n in &names {
        print!(" {n:>10}");
    }
    println!();
    for row in rows {
        print!("{:<24}", row.id);
        for n in &names {
            match row.fields.iter().find(|f| f.0 == *n).and_then(|f| f.1) {
                Some(v) => print!(" {v:>10.2}"),
                None => print!(" {:>10}", "-"),
            }
        }
        println!();
    }
    for row in rows {
        for miss in &row.misses {
            println!("  {}: {miss}", row.id);
        }
    }
    let mut failed = Vec::new();
    for (field, floor) in floors {
        let v: Vec<f64> = rows
            .iter()
            .filter_map(|r| r.fields.iter().find(|f| f.0 == *field).and_then(|f| f.1))
            .collect();
        assert!(!v.is_empty(), "no truth file has {field}");
        let mean = v.iter().sum::<f64>() / v.len() as f64;
        println!("{field:<10} {mean:.3} over {} (floor {floor:.3})", v.len());
        if mean + 1e-9 < *floor {
            failed.push(format!("{field}: {mean:.3} < {floor:.3}"));
        }
    }
    failed
}

#[test]
fn real_resumes_give_back_their_other_truth_fields() {
    let rows: Vec<Row> = support::real_resumes()
        .iter()
        .map(|(truth, parsed)| score(truth["id"].as_str().unwrap(), &parsed.resume, truth))
        .collect();
    let failed = table(&rows, &FLOORS);
    assert!(failed.is_empty(), "below the measured floors: {failed:?}");
}

#[test]
fn poppler_texts_give_back_their_other_truth_fields() {
    let rows: Vec<Row> = crate::accuracy::poppler_texts()
        .iter()
        .map(|(truth, parsed)| score(truth["id"].as_str().unwrap(), &parsed.resume, truth))
        .collect();
    let failed = table(&rows, &TEXT_FLOORS);
    assert!(failed.is_empty(), "below the measured floors: {failed:?}");
}
