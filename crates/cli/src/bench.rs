//! `ats bench ingest DIR`: resumes per second and peak memory, beside
//! pdfminer.six and pypdf extracting text from the same PDFs in the same run.

use anyhow::{Context, Result};
use ats_core::import::collect_files;
use ats_core::ingest::{FileKind, ResumeParser, detect::detect};
use clap::Subcommand;
use rayon::prelude::*;
use std::path::PathBuf;
use std::time::Instant;

const BASELINES: &str = include_str!("../../../bench/pdf_baselines.py");

#[derive(Subcommand)]
pub enum BenchCommand {
    /// Parse every resume under DIR (text + structure), single-threaded and
    /// on all cores, beside Python's PDF text extractors.
    Ingest {
        dir: PathBuf,
        /// Timed passes; the best is reported.
        #[arg(long, default_value_t = 3)]
        passes: usize,
        /// Repeat the file list until at least this many parses per pass.
        #[arg(long, default_value_t = 0)]
        min_files: usize,
        /// Skip the Python baselines.
        #[arg(long)]
        no_baselines: bool,
        /// Python interpreter with pdfminer.six and pypdf installed.
        #[arg(long, default_value = "python3")]
        python: String,
    },
}

fn peak_rss_mb() -> Option<f64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    let kb: f64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kb / 1024.0)
}

struct Row {
    engine: String,
    files: usize,
    seconds: f64,
}

pub fn run(command: &BenchCommand, parser: &ResumeParser) -> Result<()> {
    let BenchCommand::Ingest {
        dir,
        passes,
        min_files,
        no_baselines,
        python,
    } = command;
    let paths = collect_files(std::slice::from_ref(dir))?;
    let mut docs: Vec<(PathBuf, FileKind, Vec<u8>)> = Vec::new();
    for p in &paths {
        let bytes = std::fs::read(p).with_context(|| format!("reading {}", p.display()))?;
        if let Ok(kind) = detect(&bytes) {
            docs.push((p.clone(), kind, bytes));
        }
    }
    anyhow::ensure!(!docs.is_empty(), "no resumes under {}", dir.display());
    let pdfs: Vec<&(PathBuf, FileKind, Vec<u8>)> =
        docs.iter().filter(|d| d.1 == FileKind::Pdf).collect();
    let repeat = if *min_files > 0 {
        min_files.div_ceil(docs.len())
    } else {
        1
    };
    let work: Vec<&(PathBuf, FileKind, Vec<u8>)> = (0..repeat).flat_map(|_| docs.iter()).collect();
    let mut failures = 0;
    let time = |items: &[&(PathBuf, FileKind, Vec<u8>)], parallel: bool| -> (f64, usize) {
        let mut best = f64::INFINITY;
        let mut failed = 0;
        for _ in 0..(*passes).max(1) {
            let start = Instant::now();
            failed = if parallel {
                items
                    .par_iter()
                    .filter(|d| parser.parse_kind(d.1, &d.2).is_err())
                    .count()
            } else {
                items
                    .iter()
                    .filter(|d| parser.parse_kind(d.1, &d.2).is_err())
                    .count()
            };
            best = best.min(start.elapsed().as_secs_f64());
        }
        (best, failed)
    };
    let mut rows = Vec::new();
    if !pdfs.is_empty() {
        let (s, f) = time(&pdfs, false);
        failures += f;
        rows.push(Row {
            engine: "ats parse, PDFs only, 1 thread".into(),
            files: pdfs.len(),
            seconds: s,
        });
    }
    let (s, f) = time(&work, false);
    failures += f;
    rows.push(Row {
        engine: "ats parse, all files, 1 thread".into(),
        files: work.len(),
        seconds: s,
    });
    let peak_single = peak_rss_mb();
    let threads = rayon::current_num_threads();
    let (s, _) = time(&work, true);
    rows.push(Row {
        engine: format!("ats parse, all files, {threads} threads"),
        files: work.len(),
        seconds: s,
    });

    let mut anchor: Option<f64> = None;
    if !*no_baselines && !pdfs.is_empty() {
        let out = std::process::Command::new(python)
            .arg("-c")
            .arg(BASELINES)
            .arg(passes.to_string())
            .args(pdfs.iter().map(|d| &d.0))
            .output();
        match out {
            Ok(out) if out.status.success() => {
                let v: serde_json::Value = serde_json::from_slice(&out.stdout)?;
                for engine in ["pdfminer.six", "pypdf"] {
                    match (v[engine]["files"].as_u64(), v[engine]["seconds"].as_f64()) {
                        (Some(files), Some(seconds)) => {
                            if engine == "pdfminer.six" {
                                anchor = Some(files as f64 / seconds);
                            }
                            rows.push(Row {
                                engine: format!("{engine} text only, 1 thread"),
                                files: files as usize,
                                seconds,
                            });
                        }
                        _ => eprintln!("{engine}: {}", v[engine]["error"]),
                    }
                }
            }
            Ok(out) => eprintln!("baselines failed: {}", String::from_utf8_lossy(&out.stderr)),
            Err(e) => eprintln!("baselines not run ({python}: {e})"),
        }
    }

    let mut table = comfy_table::Table::new();
    table.load_preset(comfy_table::presets::UTF8_FULL_CONDENSED);
    table.set_header(["engine", "files", "files/s", "× pdfminer.six"]);
    for r in &rows {
        let rate = r.files as f64 / r.seconds;
        table.add_row([
            r.engine.clone(),
            r.files.to_string(),
            format!("{rate:.1}"),
            anchor.map_or("-".into(), |a| format!("{:.2}", rate / a)),
        ]);
    }
    println!("{table}");
    println!(
        "{} files in {} ({} PDFs); {} parse failures; best of {} passes",
        docs.len(),
        dir.display(),
        pdfs.len(),
        failures,
        passes
    );
    if let Some(mb) = peak_single {
        println!(
            "peak memory after {} single-threaded parses: {mb:.0} MB",
            work.len() * passes.max(&1)
        );
    }
    if let Some(mb) = peak_rss_mb() {
        println!("peak memory, whole run: {mb:.0} MB");
    }
    Ok(())
}
