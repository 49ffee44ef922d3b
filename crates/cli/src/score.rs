//! `ats score` and `ats scorecard`: score a completed interview (or every
//! queued one), or a transcript held elsewhere against a rubric file; show
//! a stored scorecard; override a dimension with a reason.

use anyhow::{Context, Result, bail};
use ats_core::llm::{LlmConfig, LlmService};
use ats_core::rubric::Rubric;
use ats_core::scoring::{DimensionStatus, Scorecard, ScoringService, ScoringSettings, Transcript};
use ats_core::store::Store;
use clap::{Args, Subcommand};
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::Arc;

#[derive(Args)]
pub struct ScoreArgs {
    /// The interview (id or unique prefix): scored now and stored as its
    /// next scorecard version, with every other queued interview.
    #[arg(conflicts_with_all = ["transcript", "pending"])]
    pub interview: Option<String>,
    /// Score a transcript file instead (JSON: [{"role": "interviewer" |
    /// "candidate", "message": "…"}]); printed, not stored.
    #[arg(long, requires = "rubric")]
    pub transcript: Option<PathBuf>,
    /// The rubric for --transcript, in the form `ats rubric show --json`
    /// prints ({dimensions: [{name, weight, description, levels}]}).
    #[arg(long)]
    pub rubric: Option<PathBuf>,
    /// Score every completed interview waiting in the queue.
    #[arg(long)]
    pub pending: bool,
    /// Names of the people in --transcript (redacted in blind mode).
    #[arg(long = "name")]
    pub names: Vec<String>,
    #[command(flatten)]
    pub scorer: ScorerArgs,
    #[arg(long)]
    pub json: bool,
}

#[derive(Args, Clone)]
pub struct ScorerArgs {
    /// Score with the embedding model only (no LLM).
    #[arg(long)]
    pub offline: bool,
    /// Runs per dimension (the median is kept and its spread shown).
    #[arg(long, default_value_t = 3)]
    pub k: u32,
    #[arg(long, default_value_t = 7)]
    pub seed: u64,
    #[arg(long, default_value_t = 0.6)]
    pub temperature: f32,
    /// One greedy run per dimension, its level the one expected from the
    /// local model's probability of each level (instead of k runs).
    #[arg(long)]
    pub expected: bool,
    /// Let the scorer see names, gender, age and origin (blind mode is on
    /// by default).
    #[arg(long)]
    pub no_blind: bool,
    /// The provider to use (openai, anthropic, local).
    #[arg(long)]
    pub provider: Option<String>,
    /// The model (a name, or a GGUF path for local).
    #[arg(long)]
    pub model: Option<String>,
}

#[derive(Subcommand)]
pub enum ScorecardCommand {
    /// The newest scorecard of an interview.
    Show {
        interview: String,
        #[arg(long)]
        json: bool,
    },
    /// Override one dimension's level, with a reason; the original stays.
    Override {
        interview: String,
        #[arg(long)]
        dimension: String,
        #[arg(long)]
        level: u32,
        #[arg(long)]
        reason: String,
        #[arg(long, default_value = "recruiter")]
        by: String,
    },
    /// The scoring queue: jobs not done, with attempts and last error.
    Queue,
}

/// The scoring service these arguments ask for.
pub async fn service(store: &Store, data_dir: &Path, a: &ScorerArgs) -> Result<ScoringService> {
    let llm = if a.offline {
        None
    } else {
        crate::llm::init_keyring();
        let config = LlmConfig::load(data_dir).context("reading the LLM configuration")?;
        match LlmService::open(
            config,
            Some(store.clone()),
            a.provider.clone(),
            a.model.clone(),
        )
        .await
        {
            Ok(s) => Some(Arc::new(s)),
            Err(e) => {
                eprintln!(
                    "no language model ({}: {e}); scoring offline (embedding model)",
                    e.code()
                );
                None
            }
        }
    };
    let mut service = ScoringService::new(store.clone(), llm);
    service.settings = ScoringSettings {
        k: a.k.max(1),
        seed: a.seed,
        temperature: a.temperature,
        blind: !a.no_blind,
        expected: a.expected,
        ..ScoringSettings::default()
    };
    if service.llm.is_none() {
        service.encoder = Some(
            ats_core::embed::SentenceEncoder::shared(&ats_core::embed::default_model_dir())
                .context("loading the embedding model for the offline scorer (models/fetch.sh)")?,
        );
    }
    Ok(service)
}

pub fn read_rubric(path: &Path) -> Result<Rubric> {
    let text =
        std::fs::read_to_string(path).with_context(|| format!("reading {}", path.display()))?;
    let rubric: Rubric = serde_json::from_str(&text)
        .with_context(|| format!("{} is not a rubric", path.display()))?;
    let rubric = rubric.anchored();
    rubric
        .validate()
        .with_context(|| format!("the rubric in {}", path.display()))?;
    Ok(rubric)
}

pub fn read_transcript(path: &Path) -> Result<Transcript> {
    let text =
        std::fs::read_to_string(path).with_context(|| format!("reading {}", path.display()))?;
    Transcript::from_json(&text).map_err(|e| anyhow::anyhow!("{}: {e}", path.display()))
}

pub async fn run(a: &ScoreArgs, store: &Store, data_dir: &Path) -> Result<ExitCode> {
    let service = service(store, data_dir, &a.scorer).await?;
    if let Some(path) = &a.transcript {
        let rubric = read_rubric(a.rubric.as_deref().expect("clap requires it"))?;
        let transcript = read_transcript(path)?;
        eprintln!(
            "scoring {} dimensions{} …",
            rubric.dimensions.len(),
            scorer_note(&service)
        );
        let card = service
            .score_transcript(&transcript, &rubric, &a.names, &|_| None, None, None)
            .await?;
        print(&card, a.json)?;
        return Ok(ExitCode::SUCCESS);
    }
    if let Some(id) = &a.interview {
        let (record, _) = store.get_interview(id).await?;
        if record.status != ats_core::interview::Status::Completed {
            bail!(
                "interview {} is {}: only completed interviews are scored",
                record.id,
                record.status.as_str()
            );
        }
        store.enqueue_scoring(&record.id).await?;
    } else if !a.pending {
        bail!("name an interview, --pending, or --transcript FILE --rubric FILE");
    }
    let note = scorer_note(&service);
    let results = service
        .drain(&|interview| eprintln!("scoring interview {interview}{note} …"))
        .await?;
    let mut failed = false;
    for r in results {
        match r {
            Ok(stored) => {
                if a.interview.is_none()
                    || a.interview
                        .as_deref()
                        .is_some_and(|i| stored.interview_id.starts_with(i))
                {
                    if !a.json {
                        println!(
                            "{} — {} (scorecard v{})",
                            stored.job_title,
                            stored.candidate_name.as_deref().unwrap_or("?"),
                            stored.version
                        );
                    }
                    print(&stored.card, a.json)?;
                }
            }
            Err((interview, e)) => {
                failed = true;
                eprintln!(
                    "interview {interview}: {} ({}); it stays queued for a retry",
                    e,
                    e.code()
                );
            }
        }
    }
    Ok(if failed {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}

fn scorer_note(s: &ScoringService) -> String {
    match &s.llm {
        Some(llm) => format!(
            " with {} ({}), k = {}",
            llm.provider().model(),
            llm.provider().name(),
            s.settings.k
        ),
        None => " offline (embedding model)".into(),
    }
}

pub async fn scorecard(
    command: &ScorecardCommand,
    store: &Store,
    data_dir: &Path,
) -> Result<ExitCode> {
    match command {
        ScorecardCommand::Show { interview, json } => {
            let (record, _) = store.get_interview(interview).await?;
            let stored = store.latest_scorecard(&record.id).await?.with_context(|| {
                format!(
                    "interview {} has no scorecard yet (ats score {})",
                    record.id, record.id
                )
            })?;
            if !json {
                println!(
                    "{} — {} (scorecard v{})",
                    stored.job_title,
                    stored.candidate_name.as_deref().unwrap_or("?"),
                    stored.version
                );
            }
            print(&stored.card, *json)?;
        }
        ScorecardCommand::Override {
            interview,
            dimension,
            level,
            reason,
            by,
        } => {
            let service = ScoringService::new(store.clone(), None);
            let _ = data_dir;
            let stored = service
                .override_dimension(interview, dimension, *level, reason, by)
                .await?;
            print(&stored.card, false)?;
        }
        ScorecardCommand::Queue => {
            for (interview, status, attempts, error) in store.scoring_queue().await? {
                println!(
                    "{interview}  {status}  attempts {attempts}{}",
                    error
                        .map(|e| format!("  last error: {e}"))
                        .unwrap_or_default()
                );
            }
        }
    }
    Ok(ExitCode::SUCCESS)
}

/// A scorecard as text (or JSON).
pub fn print(card: &Scorecard, json: bool) -> Result<()> {
    if json {
        println!("{}", serde_json::to_string_pretty(card)?);
        return Ok(());
    }
    match card.overall {
        Some(o) => println!(
            "overall {o:.1}/100{} · {} (confidence {:.2}; {})",
            card.original_overall
                .map(|b| format!(" (before overrides {b:.1})"))
                .unwrap_or_default(),
            card.recommendation.decision,
            card.recommendation.confidence,
            card.recommendation.note
        ),
        None => println!("no overall score: {}", card.summary),
    }
    for d in &card.dimensions {
        let runs: Vec<String> = d
            .runs
            .iter()
            .map(|r| r.map_or("–".into(), |l| l.to_string()))
            .collect();
        match d.status {
            DimensionStatus::Scored => println!(
                "  {:<28} {:<10} {:>5.1}  runs [{}] spread {}  (weight {:.2})",
                d.name,
                d.label.as_deref().unwrap_or("?"),
                d.score.unwrap_or(0.0),
                runs.join(", "),
                d.spread.unwrap_or(0),
                d.weight
            ),
            other => println!(
                "  {:<28} {}  runs [{}]{}",
                d.name,
                other.as_str(),
                runs.join(", "),
                d.note
                    .as_ref()
                    .map(|n| format!(": {n}"))
                    .unwrap_or_default()
            ),
        }
        if let Some(o) = &d.r#override {
            println!(
                "      overridden to level {} by {} at {}: {}",
                o.level, o.by, o.at, o.reason
            );
        }
        if !d.rationale.is_empty() {
            println!("      {}", d.rationale);
        }
        for e in &d.evidence {
            println!("      \u{201c}{}\u{201d} (turn {})", e.quote, e.turn + 1);
        }
    }
    for s in &card.strengths {
        println!("  + {s}");
    }
    for c in &card.concerns {
        println!("  - {c}");
    }
    for f in &card.flags {
        println!("  ! {f}");
    }
    let r = &card.reproducibility;
    println!(
        "  scorer {} · {} {}{} · prompts {} · temperature {} · seed {} · k {} · rubric v{} · taxonomy {} · blind {}",
        r.scorer,
        r.provider,
        r.model,
        r.model_sha256
            .as_ref()
            .map(|s| format!(" (sha256 {})", &s[..12.min(s.len())]))
            .unwrap_or_default(),
        if r.prompts.is_empty() {
            "none".into()
        } else {
            r.prompts.join(", ")
        },
        r.temperature,
        r.seed,
        r.k,
        r.rubric_version.map_or("–".into(), |v| v.to_string()),
        r.taxonomy_version,
        if r.blind { "on" } else { "off" }
    );
    Ok(())
}
