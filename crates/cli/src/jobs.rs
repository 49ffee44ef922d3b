//! `ats job`, `ats rubric`, `ats rank`, `ats skills`: postings, their
//! rubrics, ranking candidates against them, and the skills of a document.
//! The work is done by the core; this prints it.

use anyhow::{Context, Result, bail};
use ats_core::ingest::ResumeParser;
use ats_core::interview::JobInterviewSettings;
use ats_core::jobs::JobAnalysis;
use ats_core::ranking::{RankOptions, RankProgress, Ranking};
use ats_core::skills::{SkillMatcher, Taxonomy};
use ats_core::store::Store;
use std::path::Path;
use std::process::ExitCode;

fn read_posting(file: &Path) -> Result<String> {
    let bytes = std::fs::read(file).with_context(|| format!("reading {}", file.display()))?;
    Ok(ats_core::ingest::text::decode(&bytes)?)
}

pub async fn analyze(file: &Path, json: bool) -> Result<()> {
    let text = read_posting(file)?;
    let analysis =
        tokio::task::spawn_blocking(move || ats_core::jobs::analyze_posting(&text)).await?;
    if json {
        println!("{}", serde_json::to_string_pretty(&analysis)?);
    } else {
        print_job(&analysis);
    }
    Ok(())
}

/// Store a posting: its id on stdout (`{"id": …}` with `json`), what was
/// read on stderr.
pub async fn add(store: &Store, file: &Path, json: bool) -> Result<()> {
    let text = read_posting(file)?;
    let added = ats_core::import::import_posting(store, text, &file.display().to_string()).await?;
    eprintln!(
        "added job {} ({}) with a {}-dimension rubric",
        &added.job_id[..8],
        added.title,
        added.rubric.dimensions.len()
    );
    if json {
        println!("{}", serde_json::json!({ "id": added.job_id }));
    } else {
        println!("{}", added.job_id);
    }
    Ok(())
}

pub async fn rubric_show(store: &Store, job_id: &str, json: bool) -> Result<()> {
    let (jd_id, title, _) = store.get_job(Some(job_id)).await?;
    let (_, version, rubric) = store.latest_rubric(&jd_id).await?;
    if json {
        println!("{}", serde_json::to_string_pretty(&rubric)?);
        return Ok(());
    }
    println!("{title} — rubric v{version}");
    for d in &rubric.dimensions {
        println!(
            "\n{:>3.0}%  {}\n      {}",
            d.weight * 100.0,
            d.name,
            d.description
        );
        for l in d.scale() {
            println!("      {} {:<9} {}", l.score, l.label, l.description);
        }
    }
    Ok(())
}

pub async fn rubric_edit(store: &Store, job_id: &str, file: &Path) -> Result<ExitCode> {
    let (jd_id, title, _) = store.get_job(Some(job_id)).await?;
    let rubric: ats_core::rubric::Rubric = serde_json::from_str(
        &std::fs::read_to_string(file).with_context(|| format!("reading {}", file.display()))?,
    )
    .context("the rubric file is not rubric JSON")?;
    if let Err(e) = rubric.validate() {
        eprintln!(
            "{}",
            serde_json::json!({"code": e.code(), "message": e.to_string()})
        );
        return Ok(ExitCode::from(2));
    }
    let (_, version) = store.save_rubric(&jd_id, &rubric).await?;
    println!("stored rubric v{version} for {title}");
    Ok(ExitCode::SUCCESS)
}

pub async fn rubric_anchor(
    store: &Store,
    data_dir: &Path,
    job_id: &str,
    provider: &Option<String>,
    model: &Option<String>,
) -> Result<ExitCode> {
    let (jd_id, title, _) = store.get_job(Some(job_id)).await?;
    let (_, version, rubric) = store.latest_rubric(&jd_id).await?;
    crate::llm::init_keyring();
    let config = ats_core::llm::LlmConfig::load(data_dir)?;
    let llm = ats_core::llm::LlmService::open(
        config,
        Some(store.clone()),
        provider.clone(),
        model.clone(),
    )
    .await
    .context("opening the language model")?;
    eprintln!(
        "writing anchored levels for {} dimensions of rubric v{version} with {} …",
        rubric.dimensions.len(),
        llm.provider().model()
    );
    let (anchored, notes) = ats_core::scoring::anchors::anchor(&llm, &rubric, &title).await?;
    for n in &notes {
        eprintln!("  {n}");
    }
    if let Err(e) = anchored.validate() {
        eprintln!(
            "{}",
            serde_json::json!({"code": e.code(), "message": e.to_string()})
        );
        return Ok(ExitCode::from(2));
    }
    let (_, version) = store.save_rubric(&jd_id, &anchored).await?;
    println!("stored rubric v{version} for {title}");
    rubric_show(store, &jd_id, false).await?;
    Ok(ExitCode::SUCCESS)
}

pub async fn rank(
    store: &Store,
    job_id: Option<&str>,
    json: bool,
    limit: usize,
    reference_date: chrono::NaiveDate,
) -> Result<()> {
    let bar = indicatif::ProgressBar::new(0);
    bar.set_style(indicatif::ProgressStyle::with_template(
        "{msg} {bar:30} {pos}/{len} {eta}",
    )?);
    let shown = bar.clone();
    let options = RankOptions {
        reference_date,
        semantic: true,
        model_dir: None,
    };
    let ranking = ats_core::ranking::rank_job(store, job_id, &options, move |p| {
        let (msg, done, total) = match p {
            RankProgress::Profiling { done, total } => ("profiling resumes", done, total),
            RankProgress::Embedding { done, total } => ("embedding resume phrases", done, total),
        };
        shown.set_message(msg);
        shown.set_length(total as u64);
        shown.set_position(done as u64);
    })
    .await?;
    bar.finish_and_clear();
    if let Some(note) = &ranking.semantic_note {
        eprintln!("note: {note}");
    }
    for s in &ranking.skipped {
        eprintln!(
            "skipped candidate {}: {} ({})",
            &s.candidate_id[..8.min(s.candidate_id.len())],
            s.message,
            s.code
        );
    }
    if json {
        let rows: Vec<_> = ranking
            .candidates
            .iter()
            .take(limit)
            .map(|c| serde_json::json!({ "candidate_id": c.candidate_id, "fit": c.fit }))
            .collect();
        println!("{}", serde_json::to_string_pretty(&rows)?);
        return Ok(());
    }
    print_ranking(&ranking, limit);
    Ok(())
}

fn print_ranking(ranking: &Ranking, limit: usize) {
    let mut table = crate::table();
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
    for (i, c) in ranking.candidates.iter().take(limit).enumerate() {
        let fit = &c.fit;
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
            c.candidate_id[..8].to_owned(),
            c.name.clone().unwrap_or_default(),
            format!("{:.0}", fit.score),
            format!("{met}/{}", skills.len()),
            missing.join(", "),
            format!("{shown}/{}", phrases.len()),
            fit.experience
                .candidate_years
                .map_or(String::new(), |y| format!("{y:.1}")),
        ]);
    }
    println!("{}\n{table}", ranking.title);
    println!(
        "{} candidates scored; names are shown, never scored",
        ranking.candidates.len()
    );
}

/// `ats skills FILE`: runs on a blocking thread (parsing, the model).
pub fn skills(
    parser: &ResumeParser,
    file: &Path,
    json: bool,
    taxonomy: Option<&Path>,
    semantic: Option<f32>,
) -> Result<ExitCode> {
    let parsed = match parser.parse_file(file) {
        Ok(p) => p,
        Err(e) => {
            eprintln!("{}", serde_json::to_string(&e.to_payload())?);
            return Ok(ExitCode::from(2));
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
    let found = ats_core::skills::skills_of_parsed(matcher, &parsed, parser.reference_date);
    let esco = match semantic {
        Some(threshold) => esco_matches(&parsed, matcher, threshold)?,
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
        return Ok(ExitCode::SUCCESS);
    }
    let mut table = crate::table();
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
            m.kind, m.label, m.phrase, m.score
        );
    }
    if !esco.is_empty() {
        println!("{}", ats_core::skills::esco::ATTRIBUTION);
    }
    Ok(ExitCode::SUCCESS)
}

fn esco_matches(
    parsed: &ats_core::ingest::ParsedResume,
    matcher: &SkillMatcher,
    threshold: f32,
) -> Result<Vec<ats_core::skills::esco::EscoMatch>> {
    use ats_core::embed::{SentenceEncoder, default_model_dir};
    use ats_core::skills::esco::{EscoIndex, default_cache_dir, default_csv, unknown_phrases};
    let text = ats_core::skills::document_text(&parsed.text, &parsed.resume);
    let phrases = unknown_phrases(&parsed.resume, &text, matcher);
    if phrases.is_empty() {
        return Ok(Vec::new());
    }
    let model = default_model_dir();
    let encoder =
        SentenceEncoder::shared(&model).with_context(|| format!("loading {}", model.display()))?;
    eprintln!("loading ESCO skills (the first run embeds ~14,000 entries and caches them)…");
    let index = EscoIndex::load(&default_csv(), &encoder, &default_cache_dir())?;
    Ok(index.matches(&encoder, &phrases, threshold)?)
}

fn print_job(a: &JobAnalysis) {
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
    if !a.soft_skills.is_empty() {
        println!("\nFor the interview (not matched against resumes)");
        for r in &a.soft_skills {
            println!("  - {} ({})", r.evidence, r.skill);
        }
    }
    if !a.responsibilities.is_empty() {
        println!("\nResponsibilities");
        for r in &a.responsibilities {
            println!("  - {r}");
        }
    }
}

/// How interviews are held: a job's defaults (`ats job settings`), or one
/// interview's (`ats interview create`).
#[derive(clap::Args, Debug, Default)]
pub struct Knobs {
    /// Questions of each kind: technical,behavioural,situational,resume
    /// (e.g. 4,2,1,1).
    #[arg(long, value_parser = parse_mix)]
    mix: Option<[usize; 4]>,
    /// Seconds per question.
    #[arg(long)]
    time_limit: Option<u32>,
    /// Follow-ups per question at most.
    #[arg(long)]
    follow_ups: Option<u32>,
    /// The whole interview, in minutes.
    #[arg(long)]
    overall_minutes: Option<u64>,
    /// Days the invitation is valid before the interview starts.
    #[arg(long)]
    invitation_days: Option<u64>,
}

fn parse_mix(text: &str) -> Result<[usize; 4], String> {
    let n: Vec<usize> = text
        .split(',')
        .map(|p| p.trim().parse::<usize>().map_err(|e| format!("{p:?}: {e}")))
        .collect::<Result<_, _>>()?;
    <[usize; 4]>::try_from(n).map_err(|n| {
        format!(
            "four counts (technical,behavioural,situational,resume), not {}",
            n.len()
        )
    })
}

impl Knobs {
    /// Apply the flags; settings out of range are refused with the reason.
    pub fn apply(&self, s: &mut JobInterviewSettings) -> Result<()> {
        if let Some([t, b, si, r]) = self.mix {
            (s.plan.technical, s.plan.behavioural) = (t, b);
            (s.plan.situational, s.plan.resume_deep_dive) = (si, r);
        }
        if let Some(t) = self.time_limit {
            s.plan.time_limit_secs = t;
            s.interview.follow_up_limit_secs = t;
        }
        if let Some(n) = self.follow_ups {
            s.interview.max_follow_ups = n;
        }
        if let Some(d) = self.invitation_days {
            s.interview.invitation_valid_secs = d.saturating_mul(24 * 3600);
        }
        if let Some(m) = self.overall_minutes {
            s.interview.overall_limit_secs = m.saturating_mul(60);
        }
        s.validate().map_err(anyhow::Error::msg)
    }
}

/// `ats job settings`: show a job's interview defaults, or change them.
pub async fn job_settings(store: &Store, job: &str, knobs: &Knobs, json: bool) -> Result<()> {
    let (jd_id, title, _) = store.get_job(Some(job)).await?;
    let mut settings = store.job_interview_settings(&jd_id).await?;
    let before = settings.clone();
    knobs.apply(&mut settings)?;
    if settings != before {
        store.set_job_interview_settings(&jd_id, &settings).await?;
        eprintln!("stored the interview settings of {title}");
    }
    if json {
        println!("{}", serde_json::to_string_pretty(&settings)?);
    } else {
        let (p, i) = (&settings.plan, &settings.interview);
        println!(
            "{title}: {} technical, {} behavioural, {} situational, {} resume questions; \
             {} s each; {} follow-up(s) at most; {} min in all; invitations valid {} days",
            p.technical,
            p.behavioural,
            p.situational,
            p.resume_deep_dive,
            p.time_limit_secs,
            i.max_follow_ups,
            i.overall_limit_secs / 60,
            i.invitation_valid_secs / 86_400
        );
    }
    Ok(())
}

/// `ats job list`.
pub async fn job_list(store: &Store, json: bool) -> Result<()> {
    let jobs = store.list_jobs().await?;
    if json {
        println!("{}", serde_json::to_string_pretty(&jobs)?);
        return Ok(());
    }
    if jobs.is_empty() {
        bail!("no jobs yet (add one with `ats job add FILE`)");
    }
    let mut table = crate::table();
    table.set_header(["id", "title", "must-haves", "ranked", "interviews", "added"]);
    for j in jobs {
        table.add_row([
            j.id[..8].to_owned(),
            j.title,
            j.must_have.to_string(),
            j.candidates_ranked.to_string(),
            j.interviews.to_string(),
            j.created_at,
        ]);
    }
    println!("{table}");
    Ok(())
}
