//! `ats fairness`: a job's adverse-impact report (selection rates, the
//! four-fifths rule, Fisher's exact test, NYC Local Law 144's impact ratio)
//! by voluntarily self-identified group, and recording, showing or clearing
//! a candidate's self-identification. The core computes; this prints.

use anyhow::Result;
use ats_core::fairness::{FairnessError, FairnessReport, MIN_GROUP, ReportOptions, SelectionRule};
use ats_core::store::Store;
use clap::{Args, Subcommand};
use std::process::ExitCode;

/// `ats fairness [JOB]` reports; `ats fairness record|show|clear` manage
/// self-identification.
#[derive(Args)]
#[command(args_conflicts_with_subcommands = true)]
pub struct Fairness {
    #[command(subcommand)]
    command: Option<FairnessCommand>,
    #[command(flatten)]
    report: FairnessArgs,
}

#[derive(Args)]
pub struct FairnessArgs {
    /// The job's id or a unique prefix (default: the job added last).
    job: Option<String>,
    /// The self-identification category; join several with `+` for
    /// intersectional groups (`sex+race`).
    #[arg(long, default_value = "gender")]
    category: String,
    /// Count as selected an overall score (0–100) at or above this,
    /// instead of the scorecard's `advance` recommendation.
    #[arg(long)]
    threshold: Option<f32>,
    /// Fewest candidates a group needs for a verdict.
    #[arg(long, default_value_t = MIN_GROUP)]
    min_group: usize,
    /// Print the report as JSON.
    #[arg(long)]
    json: bool,
}

#[derive(Subcommand)]
pub enum FairnessCommand {
    /// Store what a candidate voluntarily stated for a category (replacing
    /// an earlier answer). "decline to state" or an empty value is kept as
    /// declined: counted, never compared.
    Record {
        /// The candidate's id or a unique prefix.
        candidate: String,
        #[arg(long)]
        category: String,
        #[arg(long)]
        value: String,
    },
    /// What a candidate stated, by category.
    Show {
        /// The candidate's id or a unique prefix.
        candidate: String,
        #[arg(long)]
        json: bool,
    },
    /// Forget everything a candidate stated (they withdrew it).
    Clear {
        /// The candidate's id or a unique prefix.
        candidate: String,
    },
}

/// A typed error as its `{code, message}` payload on stderr; exit code 2.
fn fail(e: &FairnessError) -> ExitCode {
    eprintln!(
        "{}",
        serde_json::json!({ "code": e.code(), "message": e.to_string() })
    );
    ExitCode::from(2)
}

pub async fn run(store: &Store, args: &Fairness) -> Result<ExitCode> {
    let candidate_id = |prefix: String| async move {
        store
            .get_candidate(&prefix)
            .await
            .map(|c| c.summary.id)
            .map_err(FairnessError::from)
    };
    match &args.command {
        None => report(store, &args.report).await,
        Some(FairnessCommand::Record {
            candidate,
            category,
            value,
        }) => {
            let stored = match candidate_id(candidate.clone()).await {
                Ok(id) => store.record_self_identification(&id, category, value).await,
                Err(e) => Err(e),
            };
            match stored {
                Ok(s) => {
                    println!(
                        "recorded {} = {:?} for candidate {}",
                        s.category,
                        s.value,
                        &s.candidate_id[..8.min(s.candidate_id.len())]
                    );
                    Ok(ExitCode::SUCCESS)
                }
                Err(e) => Ok(fail(&e)),
            }
        }
        Some(FairnessCommand::Show { candidate, json }) => {
            let id = match candidate_id(candidate.clone()).await {
                Ok(id) => id,
                Err(e) => return Ok(fail(&e)),
            };
            let stated = store.candidate_self_identification(&id).await?;
            if *json {
                println!("{}", serde_json::to_string_pretty(&stated)?);
            } else if stated.is_empty() {
                println!("candidate {} stated nothing", &id[..8.min(id.len())]);
            } else {
                let mut table = crate::table();
                table.set_header(["category", "value", "recorded"]);
                for s in stated {
                    table.add_row([s.category, s.value, s.recorded_at]);
                }
                println!("{table}");
            }
            Ok(ExitCode::SUCCESS)
        }
        Some(FairnessCommand::Clear { candidate }) => {
            let id = match candidate_id(candidate.clone()).await {
                Ok(id) => id,
                Err(e) => return Ok(fail(&e)),
            };
            let removed = store.clear_self_identification(&id).await?;
            println!(
                "removed {removed} self-identification{} of candidate {}",
                if removed == 1 { "" } else { "s" },
                &id[..8.min(id.len())]
            );
            Ok(ExitCode::SUCCESS)
        }
    }
}

async fn report(store: &Store, args: &FairnessArgs) -> Result<ExitCode> {
    let rule = match SelectionRule::from_threshold(args.threshold) {
        Ok(rule) => rule,
        Err(e) => return Ok(fail(&e)),
    };
    let options = ReportOptions {
        rule,
        min_group: args.min_group,
    };
    let report = match store
        .adverse_impact(args.job.as_deref(), &args.category, &options)
        .await
    {
        Ok(r) => r,
        Err(e) => return Ok(fail(&e)),
    };
    if args.json {
        println!("{}", serde_json::to_string_pretty(&report)?);
    } else {
        print_report(&report);
    }
    Ok(ExitCode::SUCCESS)
}

fn ratio(r: Option<f64>) -> String {
    r.map_or_else(|| "—".into(), |r| format!("{r:.2}"))
}

fn rate(r: f64) -> String {
    format!("{:.1} %", r * 100.0)
}

fn p_value(p: Option<f64>) -> String {
    match p {
        None => "—".into(),
        Some(p) if p < 0.001 => "< 0.001".into(),
        Some(p) => format!("{p:.3}"),
    }
}

fn print_report(r: &FairnessReport) {
    println!(
        "{} ({}) — adverse impact by {}: {} scored candidate{}, median overall {}",
        r.job_title,
        &r.job[..8.min(r.job.len())],
        r.category,
        r.candidates,
        if r.candidates == 1 { "" } else { "s" },
        r.median_score
            .map_or_else(|| "—".into(), |m| format!("{m:.1}"))
    );
    if r.groups.is_empty() {
        println!("nobody among them stated a group for {}", r.category);
    } else {
        let mut table = crate::table();
        table.set_header([
            "group",
            "n",
            "selected",
            "rate",
            "impact ratio",
            "4/5ths",
            "Fisher p",
            "above median",
            "LL144 ratio",
            "warning",
        ]);
        for g in &r.groups {
            let verdict = match g.four_fifths_ok {
                Some(true) => "pass",
                Some(false) => "FAIL",
                None => "—",
            };
            table.add_row([
                g.group.clone(),
                g.n.to_string(),
                g.selected.to_string(),
                rate(g.rate),
                ratio(g.impact_ratio),
                verdict.to_owned(),
                p_value(g.fisher_p),
                rate(g.above_median_rate),
                ratio(g.ll144_impact_ratio),
                g.warning.clone().unwrap_or_default(),
            ]);
        }
        println!("{table}");
    }
    for note in &r.notes {
        println!("note: {note}");
    }
}
