//! `ats report`: an interview's scorecard as a PDF, a job's scorecards as
//! CSV (and chosen candidates side by side). The core makes the documents;
//! this finds what to report on and writes the files.

use anyhow::{Context, Result, bail};
use ats_core::report::{ReportInput, csv, pdf};
use ats_core::store::{Store, StoredScorecard};
use std::path::{Path, PathBuf};

/// `ats report INTERVIEW --pdf FILE` or `ats report JOB --csv FILE
/// [--compare ID,ID…]`.
#[derive(Debug, Clone, clap::Args)]
pub struct ReportArgs {
    /// An interview id (or unique prefix) with --pdf; a job id (or unique
    /// prefix) with --csv.
    pub target: String,
    /// Write the interview's newest scorecard, with its transcript, as a
    /// PDF to FILE.
    #[arg(
        long,
        value_name = "FILE",
        required_unless_present = "csv",
        conflicts_with = "csv"
    )]
    pub pdf: Option<PathBuf>,
    /// Write the newest scorecard of every interview of the job to FILE as
    /// CSV, one row per candidate (UTF-8 with a byte-order mark, so
    /// spreadsheets read every script).
    #[arg(long, value_name = "FILE")]
    pub csv: Option<PathBuf>,
    /// With --csv: candidates to compare side by side, by interview or
    /// candidate id (or unique prefix), comma-separated; written next to
    /// FILE as STEM.compare.csv, one column per candidate.
    #[arg(long, value_name = "ID,ID", value_delimiter = ',', requires = "csv")]
    pub compare: Vec<String>,
}

/// Byte-order mark: Excel reads a CSV without one in the local code page.
const BOM: &str = "\u{feff}";

pub async fn run_args(store: &Store, args: ReportArgs) -> Result<()> {
    run(store, &args.target, args.pdf, args.csv, args.compare).await
}

pub async fn run(
    store: &Store,
    target: &str,
    pdf: Option<PathBuf>,
    csv: Option<PathBuf>,
    compare: Vec<String>,
) -> Result<()> {
    match (pdf, csv) {
        (Some(file), None) => pdf_report(store, target, &file).await,
        (None, Some(file)) => csv_report(store, target, &file, &compare).await,
        (Some(_), Some(_)) => {
            bail!("--pdf takes an interview and --csv a job: run them one at a time")
        }
        (None, None) => bail!("say what to write: --pdf FILE (an interview) or --csv FILE (a job)"),
    }
}

async fn pdf_report(store: &Store, interview: &str, file: &Path) -> Result<()> {
    let input = ReportInput::load(store, interview)
        .await
        .with_context(|| format!("loading the scorecard of interview {interview}"))?;
    let name = input.candidate_name.clone();
    let bytes = tokio::task::spawn_blocking(move || pdf::render(&input))
        .await
        .context("the PDF renderer stopped")?
        .context("rendering the PDF")?;
    std::fs::write(file, &bytes).with_context(|| format!("writing {}", file.display()))?;
    eprintln!(
        "wrote the scorecard of {name} to {} ({} KiB)",
        file.display(),
        bytes.len().div_ceil(1024)
    );
    Ok(())
}

async fn csv_report(store: &Store, job: &str, file: &Path, compare: &[String]) -> Result<()> {
    let (jd_id, title, _) = store
        .get_job(Some(job))
        .await
        .with_context(|| format!("finding job {job}"))?;
    let cards = store
        .job_scorecards(&jd_id)
        .await
        .with_context(|| format!("reading the scorecards of {title}"))?;
    // Every chosen candidate is found before anything is written.
    let chosen = compare
        .iter()
        .map(|id| select(&cards, id.trim()))
        .collect::<Result<Vec<_>>>()?;
    if cards.is_empty() {
        eprintln!("{title} has no scorecards yet: the CSV has its header only");
    }
    write_csv(file, &csv::job_csv(&cards))?;
    eprintln!(
        "wrote {} scorecard{} of {title} to {}",
        cards.len(),
        if cards.len() == 1 { "" } else { "s" },
        file.display()
    );
    if chosen.is_empty() {
        return Ok(());
    }
    let side = compare_path(file);
    write_csv(&side, &csv::compare(&chosen))?;
    eprintln!(
        "wrote {} candidates side by side to {}",
        chosen.len(),
        side.display()
    );
    Ok(())
}

/// The one scorecard whose interview or candidate id starts with `id`.
fn select(cards: &[StoredScorecard], id: &str) -> Result<StoredScorecard> {
    if id.is_empty() {
        bail!("--compare: an empty id");
    }
    let found: Vec<&StoredScorecard> = cards
        .iter()
        .filter(|c| c.interview_id.starts_with(id) || c.candidate_id.starts_with(id))
        .collect();
    match found.as_slice() {
        [one] => Ok((*one).clone()),
        [] => bail!("--compare: no scorecard of this job has interview or candidate {id}"),
        many => bail!(
            "--compare: {id} matches {} scorecards (interviews {}): give the interview id",
            many.len(),
            many.iter()
                .map(|c| c.interview_id.as_str())
                .collect::<Vec<_>>()
                .join(", ")
        ),
    }
}

/// `out/job.csv` → `out/job.compare.csv`.
fn compare_path(file: &Path) -> PathBuf {
    let stem = file
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_else(|| "report".into());
    file.with_file_name(format!("{stem}.compare.csv"))
}

fn write_csv(file: &Path, text: &str) -> Result<()> {
    std::fs::write(file, format!("{BOM}{text}"))
        .with_context(|| format!("writing {}", file.display()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_comparison_goes_next_to_the_csv() {
        assert_eq!(
            compare_path(Path::new("out/job.csv")),
            PathBuf::from("out/job.compare.csv")
        );
        assert_eq!(
            compare_path(Path::new("scores")),
            PathBuf::from("scores.compare.csv")
        );
    }
}
