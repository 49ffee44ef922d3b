//! `ats`: the command line shell over `ats-core`.

mod bench;
mod bench_data;
mod bench_interview;
mod bench_pdf;
mod bench_scoring;
mod bench_serve;
mod fairness;
mod interview;
mod jobs;
mod llm;
mod report;
mod resumes;
mod score;
mod serve;
mod watch;

use anyhow::{Context, Result};
use ats_core::import::Importer;
use ats_core::ingest::{IngestLimits, ResumeParser};
use ats_core::paths::default_data_dir;
use ats_core::store::Store;
use chrono::NaiveDate;
use clap::{Parser, Subcommand};
use std::path::PathBuf;
use std::process::ExitCode;
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
        /// With --text: the PDF glyph source to read with (oxide, the
        /// default, or pdf-extract, the earlier one), for comparing them.
        #[arg(long, requires = "text", value_parser = ["oxide", "pdf-extract"])]
        pdf_source: Option<String>,
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
    /// Interviews: schedule with a question plan, conduct, show.
    Interview {
        #[command(subcommand)]
        command: interview::InterviewCommand,
    },
    /// Score a completed interview (or every queued one, or a transcript
    /// file against a rubric file): each rubric dimension with verbatim
    /// evidence, k runs, the median and its spread.
    Score(score::ScoreArgs),
    /// Adverse impact of a job's interview outcomes by self-identified
    /// group; record, show or clear a candidate's self-identification.
    Fairness(fairness::Fairness),
    /// Reports: an interview's scorecard as a PDF, a job's scorecards as CSV.
    Report(report::ReportArgs),
    /// Stored scorecards: show, override a dimension, the scoring queue.
    Scorecard {
        #[command(subcommand)]
        command: score::ScorecardCommand,
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
    /// Serve the API over HTTP (accounts, roles, tenants; see docs/api.md).
    Serve(serve::ServeArgs),
    /// Accounts made on this machine (`ats user add`).
    User {
        #[command(subcommand)]
        command: UserCommand,
    },
    /// Benchmarks that print a table.
    Bench {
        #[command(subcommand)]
        command: bench::BenchCommand,
    },
}

#[derive(Subcommand)]
enum UserCommand {
    /// Add an account; the password is read from stdin's first line.
    Add(serve::UserAdd),
}

#[derive(Subcommand)]
enum JobCommand {
    /// Print a posting's structured requirements without storing them.
    Analyze {
        file: PathBuf,
        #[arg(long)]
        json: bool,
    },
    /// Store a posting with its requirements; prints the new job's id.
    Add {
        file: PathBuf,
        #[arg(long)]
        json: bool,
    },
    /// Stored jobs.
    List {
        #[arg(long)]
        json: bool,
    },
    /// How the job's interviews are held by default: show, or change
    /// (question mix, time limits, follow-ups, invitation validity).
    Settings {
        job: String,
        #[command(flatten)]
        knobs: jobs::Knobs,
        #[arg(long)]
        json: bool,
    },
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
    /// Have the configured model write each dimension's five anchored
    /// levels (template anchors stay where it fails); stored as the next
    /// version.
    Anchor {
        job_id: String,
        /// The provider to use (openai, anthropic, local).
        #[arg(long)]
        provider: Option<String>,
        /// The model (a name, or a GGUF path for local).
        #[arg(long)]
        model: Option<String>,
    },
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
            self.reference_date(),
        )
    }

    fn reference_date(&self) -> NaiveDate {
        self.reference_date
            .unwrap_or_else(|| chrono::Local::now().date_naive())
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

fn main() -> ExitCode {
    single_threaded_kernels();
    // Panics are caught where they happen and become the error of the one
    // file or candidate they hit (`resume.corrupt` from the PDF stack,
    // `internal` elsewhere). Print each as one line, not the default hook's
    // backtrace block: stderr also carries JSON error payloads.
    std::panic::set_hook(Box::new(|info| {
        let thread = std::thread::current();
        let location = info
            .location()
            .map(|l| format!(" at {}:{}", l.file(), l.line()))
            .unwrap_or_default();
        let message = ats_core::task::panic_message(info.payload());
        if message.contains("failed printing to std") && message.contains("Broken pipe") {
            // The reader went away (`ats … | head`): stop quietly, as a
            // program killed by SIGPIPE would.
            std::process::exit(141);
        }
        if thread.name() == Some("resume-parse") {
            // Third-party PDF code on the parser thread: the message is
            // printed as part of the file's `resume.corrupt` error.
            tracing::debug!("the parser panicked{location}: {message}");
        } else {
            tracing::error!(
                "internal error (a bug) in thread {}{location}: {message}",
                thread.name().unwrap_or("unnamed")
            );
        }
    }));
    let cli = Cli::parse();
    let serving = matches!(cli.command, Command::Serve(_));
    let filter = tracing_subscriber::EnvFilter::try_from_env("ATS_LOG").unwrap_or_else(|_| {
        if serving {
            "info,tower_http=info,pdf_extract=error,pdf_oxide=error,lopdf=error".into()
        } else {
            "warn,pdf_extract=error,pdf_oxide=error,lopdf=error".into()
        }
    });
    let logs = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(std::io::stderr);
    if matches!(&cli.command, Command::Serve(a) if a.json_logs) {
        logs.json().init();
    } else {
        logs.init();
    }
    let runtime = tokio::runtime::Runtime::new().expect("tokio runtime");
    match runtime.block_on(run(cli)) {
        Ok(code) => code,
        Err(e) => {
            eprintln!("error: {e:#}");
            ExitCode::from(1)
        }
    }
}

async fn run(cli: Cli) -> Result<ExitCode> {
    let ok = |()| ExitCode::SUCCESS;
    match &cli.command {
        Command::Parse {
            file,
            text: true,
            pdf_source: Some(source),
        } => {
            let backend = if source == "pdf-extract" {
                ats_core::ingest::PdfBackend::PdfExtract
            } else {
                ats_core::ingest::PdfBackend::Oxide
            };
            let bytes =
                std::fs::read(file).with_context(|| format!("reading {}", file.display()))?;
            match ats_core::ingest::pdf_text(&bytes, backend) {
                Ok(text) => {
                    println!("{text}");
                    Ok(ExitCode::SUCCESS)
                }
                Err(e) => {
                    eprintln!("{}", serde_json::to_string(&e.to_payload())?);
                    Ok(ExitCode::from(2))
                }
            }
        }
        Command::Parse { file, text, .. } => resumes::parse(cli.parser(), file, *text).await,
        Command::Import { paths, jobs, json } => {
            let importer = Importer::new(cli.parser(), cli.store().await?);
            resumes::import(importer, paths, *jobs, *json).await
        }
        Command::Watch {
            dir,
            settle_secs,
            once,
        } => {
            let importer = Importer::new(cli.parser(), cli.store().await?);
            watch::run(importer, dir, Duration::from_secs_f64(*settle_secs), *once).await?;
            Ok(ExitCode::SUCCESS)
        }
        Command::Candidates { command } => {
            let store = cli.store().await?;
            let done = match command {
                CandidatesCommand::List { json } => resumes::list(&store, *json).await,
                CandidatesCommand::Show { id, json } => resumes::show(&store, id, *json).await,
            };
            store.close().await;
            done.map(ok)
        }
        Command::Job {
            command: JobCommand::Analyze { file, json },
        } => jobs::analyze(file, *json).await.map(ok),
        Command::Job {
            command: JobCommand::Add { file, json },
        } => {
            let store = cli.store().await?;
            let done = jobs::add(&store, file, *json).await;
            store.close().await;
            done.map(ok)
        }
        Command::Job {
            command: JobCommand::List { json },
        } => {
            let store = cli.store().await?;
            let done = jobs::job_list(&store, *json).await;
            store.close().await;
            done.map(ok)
        }
        Command::Job {
            command: JobCommand::Settings { job, knobs, json },
        } => {
            let store = cli.store().await?;
            let done = jobs::job_settings(&store, job, knobs, *json).await;
            store.close().await;
            done.map(ok)
        }
        Command::Interview { command } => {
            let store = cli.store().await?;
            let dir = cli.data_dir.clone().unwrap_or_else(default_data_dir);
            let done = interview::run(command, &store, &dir).await;
            store.close().await;
            done
        }
        Command::Rubric { command } => {
            let store = cli.store().await?;
            let done = match command {
                RubricCommand::Show { job_id, json } => {
                    jobs::rubric_show(&store, job_id, *json).await.map(ok)
                }
                RubricCommand::Edit { job_id, file } => {
                    jobs::rubric_edit(&store, job_id, file).await
                }
                RubricCommand::Anchor {
                    job_id,
                    provider,
                    model,
                } => {
                    let dir = cli.data_dir.clone().unwrap_or_else(default_data_dir);
                    jobs::rubric_anchor(&store, &dir, job_id, provider, model).await
                }
            };
            store.close().await;
            done
        }
        Command::Score(args) => {
            let store = cli.store().await?;
            let data_dir = cli.data_dir.clone().unwrap_or_else(default_data_dir);
            let done = score::run(args, &store, &data_dir).await;
            store.close().await;
            done
        }
        Command::Fairness(args) => {
            let store = cli.store().await?;
            let done = fairness::run(&store, args).await;
            store.close().await;
            done
        }
        Command::User {
            command: UserCommand::Add(args),
        } => {
            let store = cli.store().await?;
            let done = serve::user_add(args, &store).await.map(ok);
            store.close().await;
            done
        }
        Command::Serve(args) => {
            let dir = cli.data_dir.clone().unwrap_or_else(default_data_dir);
            serve::run(args, cli.store().await?, &dir).await.map(ok)
        }
        Command::Report(args) => {
            let store = cli.store().await?;
            let done = report::run_args(&store, args.clone()).await.map(ok);
            store.close().await;
            done
        }
        Command::Scorecard { command } => {
            let store = cli.store().await?;
            let data_dir = cli.data_dir.clone().unwrap_or_else(default_data_dir);
            let done = score::scorecard(command, &store, &data_dir).await;
            store.close().await;
            done
        }
        Command::Rank {
            job_id,
            json,
            limit,
        } => {
            let store = cli.store().await?;
            let done = jobs::rank(
                &store,
                job_id.as_deref(),
                *json,
                *limit,
                cli.reference_date(),
            )
            .await;
            store.close().await;
            done.map(ok)
        }
        Command::Skills {
            file,
            json,
            taxonomy,
            semantic,
            threshold,
        } => {
            let semantic = semantic.then_some(*threshold);
            let parser = cli.parser();
            let (file, taxonomy, json) = (file.clone(), taxonomy.clone(), *json);
            // Parsing and the sentence model run off the async workers.
            tokio::task::spawn_blocking(move || {
                jobs::skills(&parser, &file, json, taxonomy.as_deref(), semantic)
            })
            .await?
        }
        Command::Bench {
            command: bench::BenchCommand::Rank { candidates, job },
        } => bench::bench_rank(*candidates, job).await.map(ok),
        Command::Bench {
            command:
                bench::BenchCommand::Interview {
                    turns,
                    interviews,
                    call_ms,
                    local,
                    model,
                },
        } => bench_interview::run(bench_interview::Options {
            turns: *turns,
            interviews: *interviews,
            call_ms: *call_ms,
            local: local.then(|| {
                model
                    .clone()
                    .unwrap_or_else(|| ats_core::llm::LlmConfig::default().local.model)
            }),
        })
        .await
        .map(ok),
        Command::Bench {
            command: bench::BenchCommand::Serve(options),
        } => bench_serve::run(options).await.map(ok),
        Command::Bench {
            command: bench::BenchCommand::Scoring(options),
        } => {
            let store = cli.store().await?;
            let dir = cli.data_dir.clone().unwrap_or_else(default_data_dir);
            let done = bench_scoring::run(options, &store, &dir).await.map(ok);
            store.close().await;
            done
        }
        Command::Bench { command } => {
            tokio::task::block_in_place(|| bench::run(command, &cli.parser())).map(ok)
        }
        Command::Llm { command } => {
            llm::init_keyring();
            let dir = cli.data_dir.clone().unwrap_or_else(default_data_dir);
            llm::run(command, &dir).await
        }
    }
}

/// A table in the one style every command prints.
pub(crate) fn table() -> comfy_table::Table {
    let mut table = comfy_table::Table::new();
    table.load_preset(comfy_table::presets::UTF8_FULL_CONDENSED);
    table
}
