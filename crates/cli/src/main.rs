//! `ats`: the command line shell over `ats-core`.

mod bench;
mod llm;
mod watch;

use anyhow::{Context, Result};
use ats_core::import::{ImportFailure, ImportResult, Importer, collect_files};
use ats_core::ingest::{IngestLimits, ResumeParser};
use ats_core::store::{Store, StoreOutcome, default_data_dir};
use chrono::NaiveDate;
use clap::{Parser, Subcommand};
use indicatif::{ProgressBar, ProgressStyle};
use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;

#[derive(Parser)]
#[command(
    name = "ats",
    version,
    about = "Offline AI interviewer and applicant tracking"
)]
struct Cli {
    /// Where the database and stored files live.
    #[arg(long, env = "ATS_DATA_DIR", global = true)]
    data_dir: Option<PathBuf>,
    /// Largest resume accepted, in MB.
    #[arg(long, default_value_t = 20, global = true)]
    max_size_mb: u64,
    /// Time limit for parsing one file, in seconds.
    #[arg(long, default_value_t = 30, global = true)]
    timeout_secs: u64,
    /// Date that "present" is anchored to (YYYY-MM-DD); default today.
    #[arg(long, global = true)]
    reference_date: Option<NaiveDate>,
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// The LLM layer: providers and keys, a round-trip test, chat, the call log.
    Llm {
        #[command(subcommand)]
        command: llm::LlmCommand,
    },
    /// Parse one resume and print it as JSON Resume (errors as JSON on stderr).
    Parse {
        file: PathBuf,
        /// Print the extracted text instead of the structure.
        #[arg(long)]
        text: bool,
    },
    /// Import resumes (files and folders, recursively).
    Import {
        #[arg(required = true)]
        paths: Vec<PathBuf>,
        /// Files parsed at once (default: all cores).
        #[arg(long)]
        jobs: Option<usize>,
        /// Print the reports as JSON lines instead of a table.
        #[arg(long)]
        json: bool,
    },
    /// Import every resume dropped into a folder, now and as it arrives.
    Watch {
        dir: PathBuf,
        /// Seconds a file must stop growing before it is imported.
        #[arg(long, default_value_t = 1.0)]
        settle_secs: f64,
        /// Import what is there now, then exit.
        #[arg(long)]
        once: bool,
    },
    /// Skills in a resume or job posting, with evidence and years of use.
    Skills {
        file: PathBuf,
        #[arg(long)]
        json: bool,
        /// A company's own skills, in the shape of the shipped taxonomy.
        #[arg(long)]
        taxonomy: Option<PathBuf>,
        /// Also match listed skills and requirement phrases the taxonomy
        /// does not know to ESCO skills by embedding similarity.
        #[arg(long)]
        semantic: bool,
        /// Cosine similarity an ESCO skill match needs (knowledge items
        /// need at least 0.70); tuned on public data, see tests/skillspan.rs.
        #[arg(long, default_value_t = ats_core::skills::esco::SKILL_AT)]
        threshold: f32,
    },
    /// Job postings.
    Job {
        #[command(subcommand)]
        command: JobCommand,
    },
    /// A job's interview rubric: show it, or store an edited version.
    Rubric {
        #[command(subcommand)]
        command: RubricCommand,
    },
    /// Rank every stored candidate against a stored job, with reasons.
    Rank {
        /// The job's id or a unique prefix (default: the job added last).
        job_id: Option<String>,
        #[arg(long)]
        json: bool,
        /// Rows shown (all are scored and stored).
        #[arg(long, default_value_t = 20)]
        limit: usize,
    },
    /// Stored candidates.
    Candidates {
        #[command(subcommand)]
        command: CandidatesCommand,
    },
    /// Benchmarks that print a table.
    Bench {
        #[command(subcommand)]
        command: bench::BenchCommand,
    },
}

#[derive(Subcommand)]
enum JobCommand {
    /// Print a posting's structured requirements without storing them.
    Analyze {
        file: PathBuf,
        #[arg(long)]
        json: bool,
    },
    /// Store a posting with its requirements.
    Add { file: PathBuf },
}

#[derive(Subcommand)]
enum RubricCommand {
    /// The newest version (`--json` prints the editable form).
    Show {
        job_id: String,
        #[arg(long)]
        json: bool,
    },
    /// Store FILE (JSON, as `show --json` prints it) as the next version.
    Edit { job_id: String, file: PathBuf },
}

#[derive(Subcommand)]
enum CandidatesCommand {
    List {
        #[arg(long)]
        json: bool,
    },
    Show {
        id: String,
        #[arg(long)]
        json: bool,
    },
}

impl Cli {
    fn parser(&self) -> ResumeParser {
        ResumeParser::new(
            IngestLimits {
                max_bytes: self.max_size_mb * 1024 * 1024,
                timeout: Duration::from_secs(self.timeout_secs),
            },
            self.reference_date
                .unwrap_or_else(|| chrono::Local::now().date_naive()),
        )
    }

    async fn store(&self) -> Result<Store> {
        let dir = self.data_dir.clone().unwrap_or_else(default_data_dir);
        Store::open(&dir)
            .await
            .with_context(|| format!("opening the store in {}", dir.display()))
    }
}

/// Run candle's kernels single-threaded: the sentence encoder then splits
/// batches across the cores itself, which is faster for small models. Must
/// run before any thread exists; a value the user set is kept.
#[allow(unsafe_code)]
fn single_threaded_kernels() {
    if std::env::var_os("RAYON_NUM_THREADS").is_none() {
        // SAFETY: first statement of `main`, before any other thread is
        // started, so nothing can read the environment concurrently.
        unsafe { std::env::set_var("RAYON_NUM_THREADS", "1") };
    }
}

/// Tensors of the sentence model are allocated and freed per layer; the
/// system allocator hands such blocks back to the kernel each time (page
/// faults were 6 % of embedding time), mimalloc keeps them.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> std::process::ExitCode {
    single_threaded_kernels();
    // Parser panics are caught and reported as `resume.corrupt`; keep the
    // default hook's backtrace noise off stderr, which carries JSON errors.
    std::panic::set_hook(Box::new(|info| {
        tracing::debug!("panic: {info}");
    }));
    tracing_subscriber::fmt()
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_from_env("ATS_LOG")
                .unwrap_or_else(|_| "warn,pdf_extract=error".into()),
        )
        .with_writer(std::io::stderr)
        .init();
    let cli = Cli::parse();
    let runtime = tokio::runtime::Runtime::new().expect("tokio runtime");
    match runtime.block_on(run(cli)) {
        Ok(code) => code,
        Err(e) => {
            eprintln!("error: {e:#}");
            std::process::ExitCode::from(1)
        }
    }
}

async fn run(cli: Cli) -> Result<std::process::ExitCode> {
    match &cli.command {
        Command::Parse { file, text } => {
            let parser = cli.parser();
            let file = file.clone();
            let result = tokio::task::spawn_blocking(move || parser.parse_file(&file)).await?;
            match result {
                Ok(parsed) => {
                    if *text {
                        println!("{}", parsed.text);
                    } else {
                        println!("{}", serde_json::to_string_pretty(&parsed.resume)?);
                    }
                    Ok(std::process::ExitCode::SUCCESS)
                }
                Err(e) => {
                    eprintln!("{}", serde_json::to_string(&e.to_payload())?);
                    Ok(std::process::ExitCode::from(2))
                }
            }
        }
        Command::Import { paths, jobs, json } => {
            let files = collect_files(paths).context("listing the files to import")?;
            let importer = Arc::new(Importer::new(cli.parser(), cli.store().await?));
            let jobs = jobs.unwrap_or_else(|| {
                std::thread::available_parallelism().map_or(2, std::num::NonZero::get)
            });
            let bar = ProgressBar::new(files.len() as u64);
            bar.set_style(
                ProgressStyle::with_template("{spinner} [{bar:40}] {pos}/{len} {wide_msg}")
                    .expect("template")
                    .progress_chars("=> "),
            );
            let semaphore = Arc::new(tokio::sync::Semaphore::new(jobs.max(1)));
            let mut tasks = tokio::task::JoinSet::new();
            for (i, path) in files.into_iter().enumerate() {
                let importer = importer.clone();
                let semaphore = semaphore.clone();
                tasks.spawn(async move {
                    let _permit = semaphore.acquire_owned().await.expect("semaphore open");
                    (i, importer.import_report(path).await)
                });
            }
            let mut reports = Vec::new();
            while let Some(done) = tasks.join_next().await {
                let (i, report) = done.context("import task failed")?;
                bar.set_message(report.path.display().to_string());
                bar.inc(1);
                reports.push((i, report));
            }
            bar.finish_and_clear();
            reports.sort_by_key(|(i, _)| *i);
            let reports: Vec<_> = reports.into_iter().map(|(_, r)| r).collect();
            if *json {
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
                std::process::ExitCode::from(3)
            } else {
                std::process::ExitCode::SUCCESS
            })
        }
        Command::Watch {
            dir,
            settle_secs,
            once,
        } => {
            let importer = Importer::new(cli.parser(), cli.store().await?);
            watch::run(importer, dir, Duration::from_secs_f64(*settle_secs), *once).await?;
            Ok(std::process::ExitCode::SUCCESS)
        }
        Command::Candidates { command } => {
            let store = cli.store().await?;
            match command {
                CandidatesCommand::List { json } => {
                    let list = store.list_candidates().await?;
                    if *json {
                        println!("{}", serde_json::to_string_pretty(&list)?);
                    } else {
                        let mut table = comfy_table::Table::new();
                        table.load_preset(comfy_table::presets::UTF8_FULL_CONDENSED);
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
                    }
                }
                CandidatesCommand::Show { id, json } => {
                    let detail = store.get_candidate(id).await?;
                    if *json {
                        println!("{}", serde_json::to_string_pretty(&detail)?);
                    } else {
                        print_candidate(&detail);
                    }
                }
            }
            store.close().await;
            Ok(std::process::ExitCode::SUCCESS)
        }
        Command::Job { command } => {
            let (JobCommand::Analyze { file, .. } | JobCommand::Add { file }) = command;
            let bytes =
                std::fs::read(file).with_context(|| format!("reading {}", file.display()))?;
            let text = ats_core::ingest::text::decode(&bytes)?;
            let analysis =
                ats_core::jobs::analyze(&text, ats_core::skills::SkillMatcher::builtin());
            match command {
                JobCommand::Analyze { json: true, .. } => {
                    println!("{}", serde_json::to_string_pretty(&analysis)?);
                }
                JobCommand::Analyze { .. } => print_job(&analysis),
                JobCommand::Add { .. } => {
                    let store = cli.store().await?;
                    let title = analysis
                        .title
                        .clone()
                        .unwrap_or_else(|| file.display().to_string());
                    let id = store
                        .add_job(&title, &text, &serde_json::to_value(&analysis)?)
                        .await?;
                    let rubric = ats_core::rubric::generate(&analysis, &text);
                    store.save_rubric(&id, &rubric).await?;
                    println!(
                        "added job {} ({title}) with a {}-dimension rubric",
                        &id[..8],
                        rubric.dimensions.len()
                    );
                    store.close().await;
                }
            }
            Ok(std::process::ExitCode::SUCCESS)
        }
        Command::Rubric { command } => {
            let store = cli.store().await?;
            let (RubricCommand::Show { job_id, .. } | RubricCommand::Edit { job_id, .. }) = command;
            let (jd_id, title, _) = store.get_job(Some(job_id)).await?;
            match command {
                RubricCommand::Show { json, .. } => {
                    let (_, version, rubric) = store.latest_rubric(&jd_id).await?;
                    if *json {
                        println!("{}", serde_json::to_string_pretty(&rubric)?);
                    } else {
                        println!("{title} — rubric v{version}");
                        for d in &rubric.dimensions {
                            println!(
                                "\n{:>3.0}%  {}\n      {}\n      strong: {}\n      weak:   {}",
                                d.weight * 100.0,
                                d.name,
                                d.description,
                                d.strong,
                                d.weak
                            );
                        }
                    }
                }
                RubricCommand::Edit { file, .. } => {
                    let rubric: ats_core::rubric::Rubric = serde_json::from_str(
                        &std::fs::read_to_string(file)
                            .with_context(|| format!("reading {}", file.display()))?,
                    )
                    .context("the rubric file is not rubric JSON")?;
                    if let Err(e) = rubric.validate() {
                        eprintln!(
                            "{}",
                            serde_json::json!({"code": e.code(), "message": e.to_string()})
                        );
                        return Ok(std::process::ExitCode::from(2));
                    }
                    let (_, version) = store.save_rubric(&jd_id, &rubric).await?;
                    println!("stored rubric v{version} for {title}");
                }
            }
            store.close().await;
            Ok(std::process::ExitCode::SUCCESS)
        }
        Command::Rank {
            job_id,
            json,
            limit,
        } => {
            let store = cli.store().await?;
            rank_command(&store, job_id.as_deref(), *json, *limit, cli.reference_date).await?;
            store.close().await;
            Ok(std::process::ExitCode::SUCCESS)
        }
        Command::Skills {
            file,
            json,
            taxonomy,
            semantic,
            threshold,
        } => {
            let semantic = semantic.then_some(*threshold);
            // Parsing and the sentence model run off the async workers.
            tokio::task::block_in_place(|| {
                skills_command(&cli, file, *json, taxonomy.as_deref(), semantic)
            })?;
            Ok(std::process::ExitCode::SUCCESS)
        }
        Command::Bench {
            command: bench::BenchCommand::Rank { candidates, job },
        } => {
            bench::bench_rank(*candidates, job).await?;
            Ok(std::process::ExitCode::SUCCESS)
        }
        Command::Bench { command } => {
            tokio::task::block_in_place(|| bench::run(command, &cli.parser()))?;
            Ok(std::process::ExitCode::SUCCESS)
        }
        Command::Llm { command } => {
            llm::init_keyring();
            let dir = cli.data_dir.clone().unwrap_or_else(default_data_dir);
            llm::run(command, &dir).await
        }
    }
}

fn print_import_summary(reports: &[ats_core::import::ImportReport]) {
    let count = |f: fn(&ImportResult) -> bool| reports.iter().filter(|r| f(&r.result)).count();
    let imported = count(|r| matches!(r, ImportResult::Stored(StoreOutcome::Imported { .. })));
    let duplicates = count(|r| matches!(r, ImportResult::Stored(StoreOutcome::Duplicate { .. })));
    let failed = count(|r| matches!(r, ImportResult::Failed(_)));
    let mut table = comfy_table::Table::new();
    table.load_preset(comfy_table::presets::UTF8_FULL_CONDENSED);
    table.set_header(["imported", "duplicates", "failed"]);
    table.add_row([imported, duplicates, failed]);
    println!("{table}");
    if failed > 0 {
        let mut table = comfy_table::Table::new();
        table.load_preset(comfy_table::presets::UTF8_FULL_CONDENSED);
        table.set_header(["file", "code", "reason"]);
        for r in reports {
            if let ImportResult::Failed(ImportFailure { code, message }) = &r.result {
                table.add_row([r.path.display().to_string(), code.clone(), message.clone()]);
            }
        }
        println!("{table}");
    }
}

fn print_candidate(d: &ats_core::store::CandidateDetail) {
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

fn skills_command(
    cli: &Cli,
    file: &std::path::Path,
    json: bool,
    taxonomy: Option<&std::path::Path>,
    semantic: Option<f32>,
) -> Result<()> {
    use ats_core::skills::{SkillMatcher, Taxonomy, skills_in_text, years_by_skill};
    let parser = cli.parser();
    let parsed = match parser.parse_file(file) {
        Ok(p) => p,
        Err(e) => {
            eprintln!("{}", serde_json::to_string(&e.to_payload())?);
            std::process::exit(2);
        }
    };
    let owned;
    let (matcher, version) = match taxonomy {
        Some(path) => {
            let text = std::fs::read_to_string(path)
                .with_context(|| format!("reading {}", path.display()))?;
            let extra = Taxonomy::from_toml(&text, &path.display().to_string())?;
            let merged = Taxonomy::builtin().extended(&extra);
            let version = merged.version.clone();
            owned = SkillMatcher::new(&merged);
            (&owned, version)
        }
        None => (SkillMatcher::builtin(), Taxonomy::builtin().version.clone()),
    };
    // A JSON Resume has no text of its own: read its words back.
    let text = ats_core::skills::document_text(&parsed.text, &parsed.resume);
    let mut found = skills_in_text(matcher, &text);
    let years = years_by_skill(matcher, &parsed.resume, parser.reference_date);
    for f in &mut found {
        f.years = years.get(&f.skill).copied();
    }
    let esco = match semantic {
        Some(threshold) => esco_matches(&parsed.resume, &text, matcher, threshold)?,
        None => Vec::new(),
    };
    if json {
        println!(
            "{}",
            serde_json::to_string_pretty(&serde_json::json!({
                "taxonomy_version": version,
                "skills": found,
                "esco": esco,
                "attribution": (!esco.is_empty()).then_some(ats_core::skills::esco::ATTRIBUTION),
            }))?
        );
    } else {
        let mut table = comfy_table::Table::new();
        table.load_preset(comfy_table::presets::UTF8_FULL_CONDENSED);
        table.set_header(["skill", "years", "mentions", "sections"]);
        for f in &found {
            let mut sections: Vec<&str> = f.mentions.iter().map(|m| m.section.as_str()).collect();
            sections.dedup();
            table.add_row([
                f.skill.clone(),
                f.years.map_or(String::new(), |y| format!("{y:.1}")),
                f.mentions.len().to_string(),
                sections.join(", "),
            ]);
        }
        println!("{table}");
        println!("{} skills (taxonomy {version})", found.len());
        for m in &esco {
            println!(
                "  ESCO {:<9} {:<40} ← “{}” ({:.2})",
                m["type"].as_str().unwrap_or_default(),
                m["label"].as_str().unwrap_or_default(),
                m["phrase"].as_str().unwrap_or_default(),
                m["score"].as_f64().unwrap_or_default()
            );
        }
        if !esco.is_empty() {
            println!("{}", ats_core::skills::esco::ATTRIBUTION);
        }
    }
    Ok(())
}

fn print_job(a: &ats_core::jobs::JobAnalysis) {
    println!("{}", a.title.as_deref().unwrap_or("(untitled)"));
    for (k, v) in [
        ("seniority", a.seniority.clone()),
        ("min years", a.min_years.map(|y| y.to_string())),
        ("location", a.location.clone()),
        ("remote", a.remote.map(|r| r.to_string())),
    ] {
        if let Some(v) = v {
            println!("  {k:<10} {v}");
        }
    }
    for (heading, list) in [
        ("Must have", &a.must_have),
        ("Nice to have", &a.nice_to_have),
    ] {
        if !list.is_empty() {
            println!("\n{heading}");
            for r in list {
                println!("  - {} ({})", r.skill, r.kind);
            }
        }
    }
    if !a.responsibilities.is_empty() {
        println!("\nResponsibilities");
        for r in &a.responsibilities {
            println!("  - {r}");
        }
    }
}

async fn rank_command(
    store: &Store,
    job_id: Option<&str>,
    json: bool,
    limit: usize,
    reference: Option<NaiveDate>,
) -> Result<()> {
    use ats_core::skills::{SkillMatcher, Taxonomy, document_text};
    let (jd_id, title, job) = store.get_job(job_id).await?;
    // Candidates imported before matching existed get their profile now.
    let reference = reference.unwrap_or_else(|| chrono::Local::now().date_naive());
    for (id, resume, text) in store.candidates_without_profile().await? {
        let profile = ats_core::matching::profile_of(
            &resume,
            &document_text(&text, &resume),
            SkillMatcher::builtin(),
            reference,
        );
        store
            .save_profile(&id, &profile, &Taxonomy::builtin().version)
            .await?;
    }
    let mut profiles = store.profiles().await?;
    let vectors = semantic_inputs(store, &job, &mut profiles).await?;
    let ranked = ats_core::matching::rank(&job, &vectors, &profiles);
    store.save_fits(&jd_id, &ranked).await?;
    if json {
        let rows: Vec<_> = ranked
            .iter()
            .take(limit)
            .map(|(id, fit)| serde_json::json!({ "candidate_id": id, "fit": fit }))
            .collect();
        println!("{}", serde_json::to_string_pretty(&rows)?);
        return Ok(());
    }
    let names: std::collections::HashMap<String, Option<String>> = store
        .list_candidates()
        .await?
        .into_iter()
        .map(|c| (c.id, c.name))
        .collect();
    let mut table = comfy_table::Table::new();
    table.load_preset(comfy_table::presets::UTF8_FULL_CONDENSED);
    table.set_header([
        "#",
        "candidate",
        "name",
        "fit",
        "must-have skills",
        "missing",
        "other requirements shown",
        "years",
    ]);
    for (i, (id, fit)) in ranked.iter().take(limit).enumerate() {
        let (skills, phrases): (Vec<_>, Vec<_>) =
            fit.must_have.iter().partition(|r| r.kind == "taxonomy");
        let met = skills.iter().filter(|r| r.met).count();
        let missing: Vec<&str> = skills
            .iter()
            .filter(|r| !r.met)
            .map(|r| r.skill.as_str())
            .collect();
        let shown = phrases.iter().filter(|r| r.met).count();
        table.add_row([
            (i + 1).to_string(),
            id[..8].to_owned(),
            names.get(id).cloned().flatten().unwrap_or_default(),
            format!("{:.0}", fit.score),
            format!("{met}/{}", skills.len()),
            missing.join(", "),
            format!("{shown}/{}", phrases.len()),
            fit.experience
                .candidate_years
                .map_or(String::new(), |y| format!("{y:.1}")),
        ]);
    }
    println!("{title}\n{table}");
    println!(
        "{} candidates scored; names are shown, never scored",
        ranked.len()
    );
    Ok(())
}

/// Embed what ranking compares by meaning (new candidates' phrases, the
/// job's requirement phrases) and attach the stored phrases to `profiles`.
/// Without an installed sentence model, phrase requirements are left out
/// and the taxonomy still ranks.
pub(crate) async fn semantic_inputs(
    store: &Store,
    job: &ats_core::jobs::JobAnalysis,
    profiles: &mut [(String, ats_core::matching::CandidateProfile)],
) -> Result<ats_core::matching::RequirementVectors> {
    use ats_core::embed::{SentenceEncoder, default_model_dir};
    let dir = default_model_dir();
    let encoder = match SentenceEncoder::shared(&dir) {
        Ok(e) => e,
        Err(e) => {
            eprintln!(
                "note: {e}; requirement phrases are not scored, taxonomy skills and years are"
            );
            return Ok(Default::default());
        }
    };
    let bar = indicatif::ProgressBar::new(0);
    bar.set_style(indicatif::ProgressStyle::with_template(
        "embedding resume phrases {bar:30} {pos}/{len} {eta}",
    )?);
    let shown = bar.clone();
    let (model, vectors) =
        ats_core::matching::semantic::prepare(store, encoder, job, move |done, all| {
            shown.set_length(all as u64);
            shown.set_position(done as u64);
        })
        .await?;
    bar.finish_and_clear();
    store.attach_phrases(&model, profiles).await?;
    Ok(vectors)
}

/// Listed skills and requirement phrases the taxonomy does not know, matched
/// to their nearest ESCO skill when similar enough.
fn esco_matches(
    resume: &ats_core::resume::JsonResume,
    text: &str,
    matcher: &ats_core::skills::SkillMatcher,
    threshold: f32,
) -> Result<Vec<serde_json::Value>> {
    use ats_core::embed::{SentenceEncoder, default_model_dir};
    use ats_core::skills::esco::{EscoIndex, default_cache_dir};
    let mut phrases: Vec<String> = ats_core::structure::skills::listed(resume);
    let job = ats_core::jobs::analyze(text, matcher);
    phrases.extend(
        job.must_have
            .iter()
            .chain(&job.nice_to_have)
            .filter(|r| r.kind == "phrase")
            .map(|r| r.skill.clone()),
    );
    let mut seen = std::collections::HashSet::new();
    phrases.retain(|p| matcher.find(p).is_empty() && seen.insert(p.to_lowercase()));
    if phrases.is_empty() {
        return Ok(Vec::new());
    }
    let model = default_model_dir();
    let encoder =
        SentenceEncoder::shared(&model).with_context(|| format!("loading {}", model.display()))?;
    let csv = model.parent().unwrap_or(&model).join("esco/skills.csv");
    eprintln!("loading ESCO skills (the first run embeds ~14,000 entries and caches them)…");
    let index = EscoIndex::load(&csv, &encoder, &default_cache_dir())?;
    let refs: Vec<&str> = phrases.iter().map(String::as_str).collect();
    let mut out = Vec::new();
    for (phrase, v) in phrases.iter().zip(encoder.encode(&refs)?) {
        if let Some((i, score)) = index.nearest(&v)
            && let Some(kind) = index.classify(phrase, i, score, threshold)
        {
            out.push(serde_json::json!({
                "phrase": phrase,
                "type": kind,
                "esco": index.skills[i].id,
                "label": index.skills[i].label,
                "score": (score * 1000.0).round() / 1000.0,
            }));
        }
    }
    Ok(out)
}
