//! `ats parse`, `ats import`, `ats candidates`: resumes in, candidates out.

use anyhow::{Context, Result};
use ats_core::import::{ImportFailure, ImportReport, ImportResult, Importer, collect_files};
use ats_core::ingest::ResumeParser;
use ats_core::store::{CandidateDetail, Store, StoreOutcome};
use indicatif::{ProgressBar, ProgressStyle};
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::Arc;

pub async fn parse(parser: ResumeParser, file: &Path, text: bool) -> Result<ExitCode> {
    let file = file.to_path_buf();
    let result = tokio::task::spawn_blocking(move || parser.parse_file(&file)).await?;
    match result {
        Ok(parsed) => {
            if text {
                println!("{}", parsed.text);
            } else {
                println!("{}", serde_json::to_string_pretty(&parsed.resume)?);
            }
            Ok(ExitCode::SUCCESS)
        }
        Err(e) => {
            eprintln!("{}", serde_json::to_string(&e.to_payload())?);
            Ok(ExitCode::from(2))
        }
    }
}

/// Import files and folders in parallel. Every file gets a report, whatever
/// happens to the others; exit 3 when any failed.
pub async fn import(
    importer: Importer,
    paths: &[PathBuf],
    jobs: Option<usize>,
    json: bool,
) -> Result<ExitCode> {
    let files = collect_files(paths).context("listing the files to import")?;
    let importer = Arc::new(importer);
    let jobs = jobs
        .unwrap_or_else(|| std::thread::available_parallelism().map_or(2, std::num::NonZero::get));
    let bar = ProgressBar::new(files.len() as u64);
    bar.set_style(
        ProgressStyle::with_template("{spinner} [{bar:40}] {pos}/{len} {wide_msg}")
            .expect("template")
            .progress_chars("=> "),
    );
    let semaphore = Arc::new(tokio::sync::Semaphore::new(jobs.max(1)));
    let mut tasks = tokio::task::JoinSet::new();
    let mut task_files = std::collections::HashMap::new();
    for (i, path) in files.into_iter().enumerate() {
        let importer = importer.clone();
        let semaphore = semaphore.clone();
        let task = tasks.spawn({
            let path = path.clone();
            async move {
                let _permit = semaphore.acquire_owned().await.expect("semaphore open");
                importer.import_report(path).await
            }
        });
        task_files.insert(task.id(), (i, path));
    }
    let mut reports = Vec::new();
    while let Some(done) = tasks.join_next_with_id().await {
        // A task that died (a bug the importer did not catch) is that
        // file's failure, not the batch's.
        let (id, report) = match done {
            Ok((id, report)) => (id, report),
            Err(e) => {
                let path = task_files[&e.id()].1.clone();
                let failure = ImportFailure {
                    code: "internal".into(),
                    message: format!("the import of this file stopped: {e}"),
                };
                (
                    e.id(),
                    ImportReport {
                        path,
                        result: ImportResult::Failed(failure),
                    },
                )
            }
        };
        bar.set_message(report.path.display().to_string());
        bar.inc(1);
        reports.push((task_files[&id].0, report));
    }
    bar.finish_and_clear();
    reports.sort_by_key(|(i, _)| *i);
    let reports: Vec<_> = reports.into_iter().map(|(_, r)| r).collect();
    if json {
        for r in &reports {
            println!("{}", serde_json::to_string(r)?);
        }
    } else {
        print_import_summary(&reports);
    }
    importer.store.close().await;
    let failed = reports
        .iter()
        .any(|r| matches!(r.result, ImportResult::Failed(_)));
    Ok(if failed {
        ExitCode::from(3)
    } else {
        ExitCode::SUCCESS
    })
}

fn print_import_summary(reports: &[ImportReport]) {
    let count = |f: fn(&ImportResult) -> bool| reports.iter().filter(|r| f(&r.result)).count();
    let imported = count(|r| matches!(r, ImportResult::Stored(StoreOutcome::Imported { .. })));
    let duplicates = count(|r| matches!(r, ImportResult::Stored(StoreOutcome::Duplicate { .. })));
    let failed = count(|r| matches!(r, ImportResult::Failed(_)));
    let mut table = crate::table();
    table.set_header(["imported", "duplicates", "failed"]);
    table.add_row([imported, duplicates, failed]);
    println!("{table}");
    if failed > 0 {
        let mut table = crate::table();
        table.set_header(["file", "code", "reason"]);
        for r in reports {
            if let ImportResult::Failed(ImportFailure { code, message }) = &r.result {
                table.add_row([r.path.display().to_string(), code.clone(), message.clone()]);
            }
        }
        println!("{table}");
    }
}

pub async fn list(store: &Store, json: bool) -> Result<()> {
    let list = store.list_candidates().await?;
    if json {
        println!("{}", serde_json::to_string_pretty(&list)?);
        return Ok(());
    }
    let mut table = crate::table();
    table.set_header(["id", "name", "email", "phone", "experience"]);
    for c in &list {
        table.add_row([
            c.id[..8].to_owned(),
            c.name.clone().unwrap_or_default(),
            c.email.clone().unwrap_or_default(),
            c.phone.clone().unwrap_or_default(),
            c.total_experience_months
                .map(|m| format!("{}y {}m", m / 12, m % 12))
                .unwrap_or_default(),
        ]);
    }
    println!("{table}");
    println!("{} candidate(s)", list.len());
    Ok(())
}

pub async fn show(store: &Store, id: &str, json: bool) -> Result<()> {
    let detail = store.get_candidate(id).await?;
    if json {
        println!("{}", serde_json::to_string_pretty(&detail)?);
    } else {
        print_candidate(&detail);
    }
    Ok(())
}

fn print_candidate(d: &CandidateDetail) {
    let r = &d.resume;
    println!("{}", d.summary.name.as_deref().unwrap_or("(no name found)"));
    if let Some(label) = &r.basics.label {
        println!("  {label}");
    }
    for (k, v) in [
        ("id", Some(d.summary.id.clone())),
        ("email", r.basics.email.clone()),
        ("phone", r.basics.phone.clone()),
        ("url", r.basics.url.clone()),
        (
            "location",
            r.basics.location.as_ref().and_then(|l| l.address.clone()),
        ),
        (
            "experience",
            d.summary
                .total_experience_months
                .map(|m| format!("{} years {} months", m / 12, m % 12)),
        ),
    ] {
        if let Some(v) = v {
            println!("  {k:<10} {v}");
        }
    }
    if !r.work.is_empty() {
        println!("\nExperience");
        for w in &r.work {
            println!(
                "  {} — {} ({} – {})",
                w.position.as_deref().unwrap_or("?"),
                w.name.as_deref().unwrap_or("?"),
                w.start_date.as_deref().unwrap_or("?"),
                w.end_date.as_deref().unwrap_or("present")
            );
        }
    }
    if !r.education.is_empty() {
        println!("\nEducation");
        for e in &r.education {
            println!(
                "  {} — {} ({})",
                e.study_type.as_deref().unwrap_or("?"),
                e.institution.as_deref().unwrap_or("?"),
                e.end_date.as_deref().unwrap_or("?")
            );
        }
    }
    let skills = ats_core::structure::skills::listed(r);
    if !skills.is_empty() {
        println!("\nSkills\n  {}", skills.join(", "));
    }
    for f in &d.files {
        println!(
            "\nFile {} ({}, {} bytes, sha256 {})",
            f.original_name,
            f.detected_type,
            f.size_bytes,
            &f.sha256[..12]
        );
    }
}
