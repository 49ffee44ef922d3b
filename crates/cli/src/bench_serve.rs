//! `ats bench serve`: the server under load on loopback. 1,000 candidates
//! take their interviews at once over real WebSockets against the real
//! server (the fake cloud model, a real HTTP server on 127.0.0.1, judges
//! and writes follow-ups at once): turn latency (answer sent → next
//! question received), errors, answers lost or stored twice, and the
//! server's memory per connected session. Then the p95 of the list and
//! search methods over HTTP with many candidates stored.

use anyhow::{Context, Result, bail};
use ats_core::interview::plan::Generator;
use ats_core::interview::{self, InterviewSettings, Language, PlanSettings};
use ats_core::store::{Scope, Store};
use fakellm::{FakeConfig, FakeLlm};
use futures_util::{SinkExt, StreamExt};
use serde_json::{Value, json};
use std::sync::Arc;
use std::time::{Duration, Instant};
use tokio_tungstenite::tungstenite::Message;
use tokio_tungstenite::tungstenite::client::IntoClientRequest;

#[derive(clap::Args, Debug, Clone)]
pub struct ServeBench {
    /// Interviews taken at the same time.
    #[arg(long, default_value_t = 1000)]
    pub interviews: usize,
    /// Questions in each interview's plan.
    #[arg(long, default_value_t = 4)]
    pub questions: usize,
    /// Candidates stored for the list and search timings.
    #[arg(long, default_value_t = 100_000)]
    pub candidates: usize,
    /// Calls timed for each list or search method.
    #[arg(long, default_value_t = 300)]
    pub calls: usize,
    /// Each candidate thinks for 0 to twice this many milliseconds before
    /// each answer (0: every answer is sent the moment its question comes,
    /// which measures the server's capacity: latency is then the queue).
    #[arg(long, default_value_t = 0)]
    pub think_ms: u64,
}

/// A candidate's thinking times: 0 to `2 × mean`, from a seed (xorshift).
struct Thinking {
    state: u64,
    mean_ms: u64,
}

impl Thinking {
    fn next(&mut self) -> Duration {
        self.state ^= self.state << 13;
        self.state ^= self.state >> 7;
        self.state ^= self.state << 17;
        Duration::from_millis(self.state % (2 * self.mean_ms + 1))
    }
}

const ANSWER: &str = "I profiled the endpoint with tracing, found an N+1 query in the ORM, \
    batched it and added a covering index; p95 fell from 2 s to 180 ms for 40k daily users.";

fn quantiles(mut ms: Vec<f64>) -> [f64; 4] {
    if ms.is_empty() {
        return [f64::NAN; 4];
    }
    ms.sort_by(f64::total_cmp);
    let q = |p: f64| ms[((ms.len() as f64 - 1.0) * p).round() as usize];
    [q(0.5), q(0.95), q(0.99), ms[ms.len() - 1]]
}

/// Resident memory of this process, in bytes (Linux).
fn rss() -> Option<u64> {
    let statm = std::fs::read_to_string("/proc/self/statm").ok()?;
    let pages: u64 = statm.split_whitespace().nth(1)?.parse().ok()?;
    Some(pages * 4096)
}

struct Server {
    base: String,
    store: Store,
    _stop: tokio::sync::oneshot::Sender<()>,
}

async fn server(store: &Store, llm: Option<Arc<ats_core::llm::LlmService>>) -> Result<Server> {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await?;
    let base = format!("http://{}", listener.local_addr()?);
    let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
    let config = ats_server::ServerConfig {
        limits: ats_server::Limits {
            per_user: 1_000_000,
            per_company: 1_000_000,
            anonymous: 1_000_000,
        },
        llm,
        ..Default::default()
    };
    let api = ats_api::Api::new(store.clone());
    tokio::spawn(ats_server::serve(listener, api, config, async {
        let _ = stopped.await;
    }));
    Ok(Server {
        base,
        store: store.clone(),
        _stop: stop,
    })
}

#[derive(Default)]
struct Outcome {
    turns: Vec<f64>,
    errors: usize,
    answered: usize,
}

type Socket =
    tokio_tungstenite::WebSocketStream<tokio_tungstenite::MaybeTlsStream<tokio::net::TcpStream>>;

async fn next(socket: &mut Socket) -> Result<Value> {
    loop {
        let frame = tokio::time::timeout(Duration::from_secs(60), socket.next())
            .await
            .context("no envelope within 60 s")?
            .context("connection closed")??;
        if let Message::Text(text) = frame {
            return Ok(serde_json::from_str(&text)?);
        }
    }
}

/// One candidate's whole interview; returns after `complete`. `ready` is
/// told once consent is given (all sessions are then connected).
async fn candidate(
    base: String,
    token: String,
    ready: tokio::sync::mpsc::Sender<()>,
    go: tokio::sync::watch::Receiver<bool>,
    mut thinking: Thinking,
) -> Result<Outcome> {
    let mut request =
        format!("{}/ws/interview", base.replace("http://", "ws://")).into_client_request()?;
    request
        .headers_mut()
        .insert("authorization", format!("Invite {token}").parse()?);
    // Interview messages are small; the same read buffer as the server's (crates/server/src/ws.rs).
    let config =
        tokio_tungstenite::tungstenite::protocol::WebSocketConfig::default().read_buffer_size(8192);
    let (mut socket, _) =
        tokio_tungstenite::connect_async_with_config(request, Some(config), true).await?;
    let send = |v: Value| Message::Text(v.to_string().into());
    socket
        .send(send(json!({"type": "hello", "last_seq": null})))
        .await?;
    socket
        .send(send(
            json!({"type": "consent", "client_msg_id": "c", "given": true}),
        ))
        .await?;
    let mut out = Outcome::default();
    let mut open = loop {
        let e = next(&mut socket).await?;
        if e["type"] == "question" {
            break e;
        }
    };
    let _ = ready.send(()).await;
    let mut go = go;
    go.wait_for(|g| *g).await?;
    loop {
        if thinking.mean_ms > 0 {
            tokio::time::sleep(thinking.next()).await;
        }
        out.answered += 1;
        let t = Instant::now();
        socket
            .send(send(
                json!({"type": "answer", "client_msg_id": format!("a{}", out.answered),
                "question_id": open["question_id"], "text": ANSWER}),
            ))
            .await?;
        loop {
            let e = next(&mut socket).await?;
            match e["type"].as_str() {
                Some("question" | "follow_up") => {
                    out.turns.push(t.elapsed().as_secs_f64() * 1e3);
                    open = e;
                    break;
                }
                Some("complete") => {
                    out.turns.push(t.elapsed().as_secs_f64() * 1e3);
                    let _ = socket.close(None).await;
                    return Ok(out);
                }
                Some("error") => out.errors += 1,
                _ => {}
            }
        }
    }
}

pub async fn run(opts: &ServeBench) -> Result<()> {
    let dir = std::env::temp_dir().join(format!("ats-bench-serve-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    let store = Store::open(&dir).await?;
    let (company, _) = ats_core::accounts::set_up(
        &store,
        "Bench",
        "admin@bench.test",
        "Admin",
        "bench password 1",
    )
    .await?;
    let scoped = store.scoped(Scope::company(&company.id));
    let posting = include_str!("../../../tests/fixtures/jds/j01_compiler_senior_swe_2025.md");
    let job = ats_core::import::import_posting(&scoped, posting.to_owned(), "bench.md").await?;
    let importer =
        ats_core::import::Importer::new(ats_core::ingest::ResumeParser::default(), scoped.clone());
    let mut table = crate::table();
    table.set_header(["measure", "value", "goal"]);

    // 1. Interviews over WebSockets, all at once.
    let fake = FakeLlm::start(FakeConfig::default()).await?;
    let llm = crate::bench_interview::service(&store, &fake);
    let candidate_id = match importer
        .import_bytes(
            "c0.txt",
            crate::bench_data::synthetic_resume(0).into_bytes(),
        )
        .await?
    {
        ats_core::store::StoreOutcome::Imported { candidate_id, .. }
        | ats_core::store::StoreOutcome::Duplicate { candidate_id, .. } => candidate_id,
    };
    let generator = Generator::new(scoped.clone(), None);
    let plan = PlanSettings {
        technical: opts.questions.saturating_sub(1).max(1),
        behavioural: 1,
        situational: 0,
        resume_deep_dive: 0,
        ..PlanSettings::default()
    };
    let bar = indicatif::ProgressBar::new(opts.interviews as u64);
    bar.set_message("scheduling interviews");
    let mut tokens = Vec::with_capacity(opts.interviews);
    let mut ids = Vec::with_capacity(opts.interviews);
    for _ in 0..opts.interviews {
        let (id, _) = interview::create(
            &generator,
            &job.job_id,
            &candidate_id,
            Language::En,
            &plan,
            &InterviewSettings::default(),
            None,
        )
        .await?;
        let (token, _) =
            ats_core::accounts::invite(&scoped, &id, None, chrono::Duration::hours(2)).await?;
        tokens.push(token);
        ids.push(id);
        bar.inc(1);
    }
    bar.finish_and_clear();
    let server = server(&store, Some(llm)).await?;
    let before = rss();
    let (ready_tx, mut ready_rx) = tokio::sync::mpsc::channel(opts.interviews);
    let (go_tx, go_rx) = tokio::sync::watch::channel(false);
    let tasks: Vec<_> = tokens
        .into_iter()
        .enumerate()
        .map(|(i, token)| {
            tokio::spawn(candidate(
                server.base.clone(),
                token,
                ready_tx.clone(),
                go_rx.clone(),
                Thinking {
                    state: 0x9E37_79B9_7F4A_7C15 ^ (i as u64 + 1),
                    mean_ms: opts.think_ms,
                },
            ))
        })
        .collect();
    drop(ready_tx);
    let mut connected = 0;
    while connected < opts.interviews && ready_rx.recv().await.is_some() {
        connected += 1;
    }
    let during = rss();
    let started = Instant::now();
    go_tx.send(true)?;
    let mut all = Outcome::default();
    let mut failed = 0;
    for task in tasks {
        match task.await? {
            Ok(o) => {
                all.turns.extend(o.turns);
                all.errors += o.errors;
                all.answered += o.answered;
            }
            Err(e) => {
                failed += 1;
                tracing::warn!("a candidate failed: {e:#}");
            }
        }
    }
    let wall = started.elapsed().as_secs_f64();
    // What was stored against what the candidates had acknowledged.
    let mut stored = 0usize;
    let mut duplicated = 0usize;
    for id in &ids {
        let events = server.store.interview_events(id, 0, true).await?;
        let mut seen = std::collections::HashSet::new();
        for e in &events {
            let v = serde_json::to_value(&e.event)?;
            if v["type"] == "answer_ack" {
                stored += 1;
                if !seen.insert(v["client_msg_id"].to_string()) {
                    duplicated += 1;
                }
            }
        }
    }
    let [p50, p95, p99, max] = quantiles(all.turns.clone());
    table.add_row([
        format!(
            "turn latency over WebSocket, {} interviews at once, {} turns, {} (p50/p95/p99/max)",
            opts.interviews,
            all.turns.len(),
            if opts.think_ms == 0 {
                "every answer sent as its question comes".to_owned()
            } else {
                format!("answers after 0–{} ms of thought", 2 * opts.think_ms)
            }
        ),
        format!("{p50:.1} / {p95:.1} / {p99:.1} / {max:.1} ms"),
        "p95 < 50 ms (design: < 1 s)".into(),
    ]);
    table.add_row([
        "turns per second".into(),
        format!("{:.0}", all.turns.len() as f64 / wall),
        String::new(),
    ]);
    table.add_row([
        "candidates failed / error envelopes".into(),
        format!("{failed} / {}", all.errors),
        "0 / 0".into(),
    ]);
    table.add_row([
        "answers lost / stored twice".into(),
        format!(
            "{} / {duplicated}",
            all.answered.saturating_sub(stored - duplicated)
        ),
        "0 / 0".into(),
    ]);
    if let (Some(b), Some(d)) = (before, during) {
        table.add_row([
            "server + clients memory per connected session".into(),
            format!(
                "{:.1} KiB",
                d.saturating_sub(b) as f64 / 1024.0 / opts.interviews as f64
            ),
            "(one process holds both ends)".into(),
        ]);
    }

    // The interviews' figures now, in case the rest is stopped.
    println!("{table}");
    let mut table = crate::table();
    table.set_header(["measure", "value", "goal"]);

    // 2. List and search with many candidates stored.
    seed(&scoped, opts.candidates, &mut table).await?;
    let wal =
        || std::fs::metadata(dir.join("ats.db-wal")).map_or(0.0, |m| m.len() as f64 / 1048576.0);
    eprintln!("write-ahead log after seeding: {:.1} MiB", wal());
    store.checkpoint().await?;
    eprintln!("write-ahead log after a checkpoint: {:.1} MiB", wal());
    let token = ats_core::accounts::sign_in(&store, "admin@bench.test", "bench password 1")
        .await?
        .0;
    let client = reqwest::Client::new();
    let words = [
        "rust",
        "kubernetes",
        "payments",
        "mentored engineers",
        "candidate 4217",
    ];
    for (method, label) in [
        ("candidates.list", "candidates.list (first page of 50)"),
        ("jobs.list", "jobs.list"),
        ("candidates.search", "candidates.search (20 best)"),
    ] {
        let mut ms = Vec::with_capacity(opts.calls);
        let mut after: Option<String> = None;
        for i in 0..opts.calls {
            let input = match method {
                "candidates.search" => json!({"query": words[i % words.len()]}),
                // Walk pages: later pages cost the same with a keyset cursor.
                "candidates.list" => json!({"after": after}),
                _ => json!({}),
            };
            let t = Instant::now();
            let response = client
                .post(format!("{}/api/{method}", server.base))
                .bearer_auth(&token)
                .json(&input)
                .send()
                .await?;
            if !response.status().is_success() {
                bail!("{method}: {}", response.text().await?);
            }
            let body: Value = response.json().await?;
            ms.push(t.elapsed().as_secs_f64() * 1e3);
            if ms.last().is_some_and(|m| *m > 1000.0) {
                eprintln!(
                    "slow call {i} of {method} ({input}): {:.0} ms",
                    ms[ms.len() - 1]
                );
            }
            if method == "candidates.list" {
                after = body["next"].as_str().map(str::to_owned);
            }
        }
        let [p50, p95, p99, _] = quantiles(ms);
        table.add_row([
            format!(
                "{label}, {} candidates stored (p50/p95/p99)",
                opts.candidates
            ),
            format!("{p50:.2} / {p95:.2} / {p99:.2} ms"),
            "p95 < 20 ms (design: < 200 ms)".into(),
        ]);
    }
    eprintln!("write-ahead log after the timed calls: {:.1} MiB", wal());
    println!("{table}");
    // The server's scoring worker may still be at work: the store is left
    // open (closing it under the worker only logs errors) and the process
    // ends.
    drop(server);
    let _ = std::fs::remove_dir_all(&dir);
    Ok(())
}

/// Store `n` candidates with synthetic resume text (besides the one
/// imported), 10,000 to a transaction, straight into the store: importing
/// them one by one would time the disk's fsyncs, not the queries.
async fn seed(store: &Store, n: usize, table: &mut comfy_table::Table) -> Result<()> {
    let t = Instant::now();
    let bar = indicatif::ProgressBar::new(n as u64);
    let mut i = 1;
    while i < n {
        let end = (i + 10_000).min(n);
        let rows: Vec<(String, String, String)> = (i..end)
            .map(|k| {
                (
                    format!("Candidate {k}"),
                    format!("candidate{k}@example.com"),
                    crate::bench_data::synthetic_resume(k),
                )
            })
            .collect();
        store.seed_candidates_for_bench(&rows).await?;
        bar.inc((end - i) as u64);
        i = end;
    }
    bar.finish_and_clear();
    table.add_row([
        format!("storing {n} candidates (bench seeding, not import)"),
        format!("{:.1} s", t.elapsed().as_secs_f64()),
        String::new(),
    ]);
    Ok(())
}
