//! Field accuracy on rendered resumes whose truth we wrote
//! (`scripts/corpus`): per producer (Typst, pdfTeX, XeTeX, LuaTeX, Chrome,
//! Word, LibreOffice) and per language, beside the real resumes of
//! `accuracy.rs`. The committed sample (`tests/fixtures/corpus`, 51
//! documents) runs in CI with floors from its measured figures; the full
//! corpus is measured with
//! `ATS_CORPUS_DIR=/var/cache/ats/corpus cargo test --workspace --test ingest corpus -- --nocapture`.

use crate::accuracy::score;
use crate::support;
use ats_core::ingest::ResumeParser;
use serde_json::Value;
use std::collections::BTreeMap;
use std::path::Path;

struct Row {
    id: String,
    producer: String,
    language: String,
    fields: [(&'static str, f64); 7],
    /// The error code when the document could not be parsed.
    error: Option<String>,
}

impl Row {
    fn mean(&self) -> f64 {
        self.fields.iter().map(|f| f.1).sum::<f64>() / self.fields.len() as f64
    }
}

/// Every document of a corpus folder (rejected ones left out) with its score.
fn score_corpus(dir: &Path) -> Vec<Row> {
    let parser = ResumeParser::new(
        Default::default(),
        chrono::NaiveDate::from_ymd_opt(2025, 6, 30).unwrap(),
    );
    let mut truths: Vec<_> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.to_string_lossy().ends_with(".truth.json"))
        .collect();
    truths.sort();
    truths
        .iter()
        .map(|path| {
            let truth: Value =
                serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap();
            let text = |k: &str| truth[k].as_str().unwrap_or("?").to_owned();
            let (fields, error) = match parser.parse_file(&dir.join(text("file"))) {
                Ok(parsed) => (score(&parsed.resume, &truth).fields(), None),
                Err(e) => {
                    let zero = score(&Default::default(), &truth)
                        .fields()
                        .map(|f| (f.0, 0.0));
                    (zero, Some(e.code().to_owned()))
                }
            };
            Row {
                id: text("id"),
                producer: text("producer"),
                language: text("language"),
                fields,
                error,
            }
        })
        .collect()
}

/// Mean per field and overall of the rows grouped by `key`.
fn grouped<'a>(
    rows: &'a [Row],
    key: impl Fn(&'a Row) -> &'a str,
) -> BTreeMap<&'a str, (usize, Vec<f64>, f64)> {
    let mut groups: BTreeMap<&str, Vec<&Row>> = BTreeMap::new();
    for r in rows {
        groups.entry(key(r)).or_default().push(r);
    }
    groups
        .into_iter()
        .map(|(k, rs)| {
            let n = rs.len() as f64;
            let per_field = (0..7)
                .map(|i| rs.iter().map(|r| r.fields[i].1).sum::<f64>() / n)
                .collect();
            let mean = rs.iter().map(|r| r.mean()).sum::<f64>() / n;
            (k, (rs.len(), per_field, mean))
        })
        .collect()
}

fn print_groups(title: &str, rows: &[Row], groups: &BTreeMap<&str, (usize, Vec<f64>, f64)>) {
    print!("\n{title:<14} {:>4}", "n");
    for (name, _) in rows[0].fields {
        print!(" {name:>10}");
    }
    println!(" {:>7}", "mean");
    for (k, (n, per_field, mean)) in groups {
        print!("{k:<14} {n:>4}");
        for v in per_field {
            print!(" {v:>10.2}");
        }
        println!(" {mean:>7.3}");
    }
}

/// Prints the tables; returns the overall mean and the means per producer
/// and per language.
fn report(rows: &[Row]) -> (f64, Vec<(String, f64)>) {
    let producers = grouped(rows, |r| r.producer.as_str());
    let languages = grouped(rows, |r| r.language.as_str());
    print_groups("producer", rows, &producers);
    print_groups("language", rows, &languages);
    let overall = rows.iter().map(Row::mean).sum::<f64>() / rows.len() as f64;
    println!("\n{} documents, mean field score {overall:.3}", rows.len());
    let mut worst: Vec<&Row> = rows.iter().collect();
    worst.sort_by(|a, b| a.mean().total_cmp(&b.mean()));
    for r in worst.iter().take(8) {
        println!(
            "  low: {} {:.2}{}",
            r.id,
            r.mean(),
            r.error
                .as_deref()
                .map(|e| format!(" ({e})"))
                .unwrap_or_default()
        );
    }
    let groups = producers
        .iter()
        .map(|(k, v)| (format!("producer {k}"), v.2))
        .chain(
            languages
                .iter()
                .map(|(k, v)| (format!("language {k}"), v.2)),
        )
        .collect();
    (overall, groups)
}

/// Measured on the committed sample on 2026-11-30 (third session, final):
/// 0.984 overall, lowest group French at 0.960 (full corpus 0.981, every
/// producer and language at 0.96 or more, lowest XeTeX at 0.962). The
/// floors stop a regression; the weak fields left are XeTeX sidebars and
/// skills in LibreOffice tables.
const SAMPLE_FLOOR: f64 = 0.97;
const GROUP_FLOOR: f64 = 0.92;

#[test]
fn rendered_resumes_per_producer_and_language() {
    let sample = support::fixtures().join("corpus");
    let rows = score_corpus(&sample);
    assert!(
        rows.len() >= 40,
        "the committed sample has {} documents",
        rows.len()
    );
    let (overall, groups) = report(&rows);
    assert!(
        rows.iter().all(|r| r.error.is_none()),
        "every sample document parses"
    );
    assert!(
        overall >= SAMPLE_FLOOR,
        "mean {overall:.3} < {SAMPLE_FLOOR}"
    );
    for (group, mean) in groups {
        assert!(mean >= GROUP_FLOOR, "{group}: {mean:.3} < {GROUP_FLOOR}");
    }
    // The whole corpus, when it has been built.
    if let Some(dir) = std::env::var_os("ATS_CORPUS_DIR") {
        println!("\n== full corpus {}", Path::new(&dir).display());
        report(&score_corpus(Path::new(&dir)));
    }
}
