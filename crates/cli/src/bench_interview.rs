//! `ats bench interview`: the conductor's own latency per turn (answer in →
//! next question out) with a model answering at once, one interview at a
//! time and with 1,000 in progress in one process; the wall time of a
//! 10-question plan with a cloud model at a realistic 800 ms per call; and,
//! with `--local`, the plan time and the time to the first streamed token
//! of a follow-up at turn 1 and turn 10 with the bundled GGUF.
//!
//! The cloud model is `fakellm`: a real HTTP server on 127.0.0.1 speaking
//! OpenAI's wire format, so every model call is a real request.

use anyhow::{Context, Result};
use ats_core::import::Importer;
use ats_core::ingest::ResumeParser;
use ats_core::interview::plan::Generator;
use ats_core::interview::protocol::{ClientMessage, ServerEvent, Signals};
use ats_core::interview::{self, Conductor, InterviewSettings, Language, PlanSettings};
use ats_core::llm::openai::OpenAi;
use ats_core::llm::{LlmService, Provider, Reliable, RetryPolicy};
use ats_core::store::Store;
use fakellm::{FakeConfig, FakeLlm};
use std::path::Path;
use std::sync::Arc;
use std::time::{Duration, Instant};

pub struct Options {
    pub turns: usize,
    pub interviews: usize,
    pub call_ms: u64,
    pub local: Option<std::path::PathBuf>,
}

const ANSWER: &str = "I designed the service's API and its PostgreSQL schema, wrote the \
    migrations and load tests, and cut p95 latency from 180 ms to 40 ms by adding an index \
    chosen from the query plan; I learned to measure before optimising.";

fn quantiles(mut ms: Vec<f64>) -> (f64, f64, f64, f64) {
    ms.sort_by(f64::total_cmp);
    let q = |p: f64| ms[((ms.len() as f64 - 1.0) * p).round() as usize];
    (q(0.5), q(0.95), q(0.99), ms[ms.len() - 1])
}

pub fn service(store: &Store, fake: &FakeLlm) -> Arc<LlmService> {
    let p: Arc<dyn Provider> = Arc::new(OpenAi::new(
        "openai",
        &fake.base_url(),
        "fake-model",
        Some("sk-bench".into()),
    ));
    let policy = RetryPolicy {
        timeout: Duration::from_secs(30),
        max_retries: 1,
        base_delay: Duration::from_millis(10),
        max_delay: Duration::from_millis(100),
        breaker_threshold: 1_000_000,
        breaker_cooldown: Duration::from_secs(1),
    };
    let mut s = LlmService::new(Arc::new(Reliable::new(p, policy)), Some(store.clone()));
    // Every call goes to the model: nothing answered from the cache.
    s.cache = false;
    Arc::new(s)
}

/// A store with one job (and its rubric) and `n` candidates.
async fn seeded(dir: &Path, candidates: usize) -> Result<(Store, String, Vec<String>)> {
    let store = Store::open(dir).await?;
    let posting = include_str!("../../../tests/fixtures/jds/j01_compiler_senior_swe_2025.md");
    let job = ats_core::import::import_posting(&store, posting.to_owned(), "bench.md").await?;
    let importer = Importer::new(ResumeParser::default(), store.clone());
    for i in 0..candidates {
        importer
            .import_bytes(
                &format!("c{i}.txt"),
                crate::bench_data::synthetic_resume(i).into_bytes(),
            )
            .await?;
    }
    let ids = store
        .list_candidates()
        .await?
        .into_iter()
        .map(|c| c.id)
        .collect();
    Ok((store, job.job_id, ids))
}

fn settings(questions: usize) -> PlanSettings {
    PlanSettings {
        technical: questions.saturating_sub(3),
        behavioural: 1,
        situational: 1,
        resume_deep_dive: 1,
        ..PlanSettings::default()
    }
}

/// Consent given; returns the interview's id.
async fn started(
    conductor: &Conductor,
    generator: &Generator,
    job: &str,
    candidate: &str,
) -> Result<String> {
    let (id, _) = ten_question_plan(generator, job, candidate).await?;
    conductor
        .handle(&id, ClientMessage::Hello { last_seq: None }, None)
        .await?;
    conductor
        .handle(
            &id,
            ClientMessage::Consent {
                client_msg_id: "c".into(),
                given: true,
            },
            None,
        )
        .await?;
    Ok(id)
}

/// One answer; the time until the conductor has sent what comes next.
async fn turn(conductor: &Conductor, id: &str, n: usize) -> Result<(f64, bool)> {
    let t = Instant::now();
    let sent = conductor
        .handle(
            id,
            ClientMessage::Answer {
                client_msg_id: format!("a{n}"),
                question_id: None,
                text: ANSWER.into(),
                signals: Signals::default(),
            },
            None,
        )
        .await?;
    let ms = t.elapsed().as_secs_f64() * 1e3;
    let done = sent
        .iter()
        .any(|e| matches!(e.event, ServerEvent::Complete { .. }));
    Ok((ms, done))
}

/// `n` turns' latencies, over as many interviews as they take.
async fn turns(
    conductor: &Conductor,
    generator: &Generator,
    job: &str,
    candidate: &str,
    n: usize,
) -> Result<Vec<f64>> {
    let mut lat = Vec::with_capacity(n);
    let bar = indicatif::ProgressBar::new(n as u64);
    while lat.len() < n {
        let id = started(conductor, generator, job, candidate).await?;
        for k in 0.. {
            let (ms, done) = turn(conductor, &id, k).await?;
            lat.push(ms);
            bar.inc(1);
            if done || lat.len() >= n {
                break;
            }
        }
    }
    bar.finish_and_clear();
    Ok(lat)
}

/// A 10-question English plan for one candidate, with the defaults.
async fn ten_question_plan(
    generator: &Generator,
    job: &str,
    candidate: &str,
) -> Result<(String, ats_core::interview::Plan)> {
    Ok(interview::create(
        generator,
        job,
        candidate,
        Language::En,
        &settings(10),
        &InterviewSettings::default(),
        None,
    )
    .await?)
}

pub async fn run(opts: Options) -> Result<()> {
    let dir = std::env::temp_dir().join(format!("ats-bench-interview-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    let (store, job, candidates) = seeded(&dir, 3).await?;
    let mut table = crate::table();
    table.set_header(["measure", "value", "goal"]);

    // 1. Turns one interview at a time, model answering at once.
    let fake = FakeLlm::start(FakeConfig::default()).await?;
    let llm = service(&store, &fake);
    let conductor = Conductor::new(store.clone(), Some(llm.clone()));
    let generator = Generator::new(store.clone(), Some(llm.clone()));
    let offline = Conductor::new(store.clone(), None);
    let offline_gen = Generator::new(store.clone(), None);
    // The same without a model (offline judge and template follow-ups).
    for (label, c, g, candidate) in [
        (
            "fake cloud model at 0 ms",
            &conductor,
            &generator,
            &candidates[0],
        ),
        ("no model", &offline, &offline_gen, &candidates[1]),
    ] {
        let (p50, p95, p99, max) = quantiles(turns(c, g, &job, candidate, opts.turns).await?);
        table.add_row([
            format!(
                "turn latency, {} turns, {label} (p50/p95/p99/max)",
                opts.turns
            ),
            format!("{p50:.1} / {p95:.1} / {p99:.1} / {max:.1} ms"),
            "p95 < 50 ms".into(),
        ]);
    }

    // 2. Many interviews in progress in one process, answering at once.
    let conductor = Arc::new(conductor);
    let bar = indicatif::ProgressBar::new(opts.interviews as u64);
    bar.set_message("starting interviews");
    let mut ids = Vec::with_capacity(opts.interviews);
    for i in 0..opts.interviews {
        ids.push(
            started(
                &conductor,
                &generator,
                &job,
                &candidates[i % candidates.len()],
            )
            .await?,
        );
        bar.inc(1);
    }
    bar.finish_and_clear();
    // A candidate answers about once a minute: 1,000 interviews make ~17
    // answers a second. Also 12× that, and everyone at the same instant.
    for (label, think_ms) in [
        ("answers spread over 60 s", 60_000u64),
        ("answers spread over 5 s", 5_000),
        ("all answering at once", 0),
    ] {
        let t = Instant::now();
        let tasks: Vec<_> = ids
            .iter()
            .enumerate()
            .map(|(i, id)| {
                let (c, id) = (conductor.clone(), id.clone());
                let wait = if think_ms == 0 {
                    0
                } else {
                    (i as u64 * 7919) % think_ms
                };
                tokio::spawn(async move {
                    tokio::time::sleep(Duration::from_millis(wait)).await;
                    turn(&c, &id, 1_000_000 + think_ms as usize)
                        .await
                        .map(|r| r.0)
                })
            })
            .collect();
        let mut lat = Vec::with_capacity(tasks.len());
        for t in tasks {
            lat.push(t.await??);
        }
        let wall = t.elapsed().as_secs_f64();
        let n = lat.len();
        let (p50, p95, p99, max) = quantiles(lat);
        table.add_row([
            format!(
                "turn latency, {} interviews in progress, {label} (p50/p95/p99/max)",
                opts.interviews
            ),
            format!(
                "{p50:.1} / {p95:.1} / {p99:.1} / {max:.1} ms ({:.0} turns/s)",
                n as f64 / wall
            ),
            "p95 < 50 ms".into(),
        ]);
    }
    drop(fake);

    // 3. A 10-question plan with a cloud model at a realistic latency.
    let slow = FakeLlm::start(FakeConfig {
        latency: Duration::from_millis(opts.call_ms),
        token_delay: Duration::ZERO,
    })
    .await?;
    let generator = Generator::new(store.clone(), Some(service(&store, &slow)));
    for (label, candidate) in [
        ("first candidate", &candidates[1]),
        ("next candidate, job questions cached", &candidates[2]),
    ] {
        let t = Instant::now();
        let (_, plan) = ten_question_plan(&generator, &job, candidate).await?;
        table.add_row([
            format!(
                "10-question plan, cloud model at {} ms per call, {label}",
                opts.call_ms
            ),
            format!(
                "{:.2} s ({} questions, {})",
                t.elapsed().as_secs_f64(),
                plan.questions.len(),
                plan.generator
            ),
            "< 5 s".into(),
        ]);
    }
    drop(slow);

    if let Some(model) = &opts.local {
        local(&store, &job, &candidates, model, &mut table).await?;
    }
    println!("{table}");
    store.close().await;
    let _ = std::fs::remove_dir_all(&dir);
    Ok(())
}

#[cfg(feature = "local-llm")]
async fn local(
    store: &Store,
    job: &str,
    candidates: &[String],
    model: &Path,
    table: &mut comfy_table::Table,
) -> Result<()> {
    let config = ats_core::llm::config::LocalConfig {
        model: model.to_path_buf(),
        ..Default::default()
    };
    let provider =
        tokio::task::spawn_blocking(move || ats_core::llm::local::LocalProvider::load(&config))
            .await?
            .with_context(|| format!("loading {}", model.display()))?;
    let name = model
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let mut s = LlmService::new(Arc::new(provider), Some(store.clone()));
    s.cache = false;
    let llm = Arc::new(s);
    let generator = Generator::new(store.clone(), Some(llm.clone()));
    let t = Instant::now();
    let (_, plan) = ten_question_plan(&generator, job, &candidates[0]).await?;
    table.add_row([
        format!("10-question plan, local {name}"),
        format!(
            "{:.1} s ({} questions, {}{})",
            t.elapsed().as_secs_f64(),
            plan.questions.len(),
            plan.generator,
            plan.notes
                .first()
                .map(|n| format!("; {n}"))
                .unwrap_or_default()
        ),
        "report".into(),
    ]);
    // The conductor's reply at turn 1 and turn 10 of one interview: the
    // follow-up to each question's answer, streamed, timed to its first
    // token. A turn's prompt holds that turn only (the question, its key
    // points, the answer), so it does not grow with the interview; the
    // kept context has already read the template's system prompt.
    let template = ats_core::llm::prompt::PromptTemplate::builtin("interview.follow_up")?;
    let mut rows = Vec::new();
    for (turn, q) in plan.questions.iter().cycle().take(10).enumerate() {
        let mut call = ats_core::llm::service::Call::new(
            template.clone(),
            serde_json::json!({
                "language": "English",
                "question": q.text,
                "missing": q.key_points.join("; "),
                "answer": format!("{} (turn {})", SHORT_ANSWERS[turn % SHORT_ANSWERS.len()], turn + 1),
            }),
        );
        call.max_tokens = 40;
        call.temperature = 0.0;
        let (tx, mut rx) = tokio::sync::mpsc::unbounded_channel::<String>();
        let t = Instant::now();
        let first = tokio::spawn(async move { rx.recv().await.map(|_| t.elapsed()) });
        let reply = llm
            .run(&call, Some(&tx), &ats_core::llm::CancellationToken::new())
            .await?;
        drop(tx);
        let ttft = first.await?.unwrap_or_else(|| t.elapsed());
        rows.push((ttft.as_secs_f64(), reply.response.usage));
    }
    let (t1, u1) = rows[0];
    let (t10, u10) = rows[9];
    table.add_row([
        format!("conductor's follow-up, time to first token, local {name}: turn 1 / turn 10"),
        format!(
            "{t1:.2} s / {t10:.2} s (prompt {} / {} tokens, {} / {} already in the kept context)",
            u1.prompt_tokens, u10.prompt_tokens, u1.cached_tokens, u10.cached_tokens
        ),
        "turn 10 ≤ turn 1".into(),
    ]);
    Ok(())
}

const SHORT_ANSWERS: &[&str] = &[
    "I used it at work on a billing service.",
    "We had some problems but solved them.",
    "I wrote most of the code myself.",
];

#[cfg(not(feature = "local-llm"))]
async fn local(
    _: &Store,
    _: &str,
    _: &[String],
    _: &Path,
    _: &mut comfy_table::Table,
) -> Result<()> {
    anyhow::bail!("this build has no local model support (cargo feature local-llm)")
}
