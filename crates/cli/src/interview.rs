//! `ats interview`: schedule an interview with its question plan, show and
//! edit the plan, conduct the interview in the terminal (a person typing,
//! or a scripted candidate reading answers from a file), show the
//! transcript. The conductor in the core does the work; this is a client
//! of its message protocol, like the WebSocket server will be.

use anyhow::{Context, Result};
use ats_core::interview::conductor::{Cursor, Phase};
use ats_core::interview::plan::Generator;
use ats_core::interview::protocol::{ClientMessage, Envelope, ServerEvent, Signals};
use ats_core::interview::{self, Conductor, Language, Question};
use ats_core::llm::{LlmConfig, LlmService};
use ats_core::store::Store;
use chrono::{DateTime, Utc};
use clap::Subcommand;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::Arc;
use std::time::Duration;

#[derive(Subcommand)]
pub enum InterviewCommand {
    /// Schedule an interview: generate its question plan (or read it from
    /// FILE) and print the new interview's id.
    Create {
        /// The job's id or a unique prefix (default: the job added last).
        #[arg(long)]
        job: Option<String>,
        /// The candidate's id or prefix, or `top` for the job's best-ranked.
        #[arg(long)]
        candidate: String,
        /// A JSON array of questions (as `questions --json` prints them).
        #[arg(long)]
        questions: Option<PathBuf>,
        /// en, de or fr.
        #[arg(long, default_value = "en")]
        language: String,
        /// This interview's settings (the job's, where not given).
        #[command(flatten)]
        knobs: crate::jobs::Knobs,
        /// Use the offline generator even when a model is configured.
        #[arg(long)]
        no_model: bool,
        #[arg(long)]
        json: bool,
    },
    /// Show the plan, or replace it with FILE (a new version; only before
    /// the interview starts): edit, reorder, add or remove questions.
    Questions {
        id: String,
        #[arg(long)]
        edit: Option<PathBuf>,
        #[arg(long)]
        json: bool,
    },
    /// Conduct the interview here: questions streamed, a timer, answers
    /// typed (`/repeat`, `/clarify`, `/leave`), or read from --answers.
    Run {
        id: String,
        /// A JSON array of answer strings, used in order (follow-ups take
        /// the next one); the candidate gives consent.
        #[arg(long)]
        answers: Option<PathBuf>,
        /// A scripted candidate's typing time before each answer, in ms.
        #[arg(long, default_value_t = 0)]
        answer_delay_ms: u64,
        /// Print the protocol's envelopes as JSON lines.
        #[arg(long)]
        json: bool,
        /// Judge with the offline judge even when a model is configured.
        #[arg(long)]
        no_model: bool,
    },
    /// The transcript, with what only recruiters see (judgements, signals).
    Show {
        id: String,
        #[arg(long)]
        json: bool,
    },
    /// Every interview.
    List {
        #[arg(long)]
        json: bool,
    },
}

/// The configured model chain, or none (with the reason on stderr).
pub(crate) async fn model(
    store: &Store,
    data_dir: &Path,
    no_model: bool,
) -> Option<Arc<LlmService>> {
    open_model(store, data_dir, no_model).await.map(Arc::new)
}

/// [`model`], not yet shared (a shell may still configure it).
pub(crate) async fn open_model(
    store: &Store,
    data_dir: &Path,
    no_model: bool,
) -> Option<LlmService> {
    if no_model {
        return None;
    }
    crate::llm::init_keyring();
    let config = match LlmConfig::load(data_dir) {
        Ok(c) => c,
        Err(e) => {
            eprintln!("LLM configuration unusable ({e}); using the offline generator and judge");
            return None;
        }
    };
    match LlmService::open(config, Some(store.clone()), None, None).await {
        Ok(s) => Some(s),
        Err(e) => {
            eprintln!(
                "no language model ({}: {e}); using the offline generator and judge",
                e.code()
            );
            None
        }
    }
}

pub async fn run(command: &InterviewCommand, store: &Store, data_dir: &Path) -> Result<ExitCode> {
    match command {
        InterviewCommand::Create {
            job,
            candidate,
            questions,
            language,
            knobs,
            no_model,
            json,
        } => {
            let language: Language = language.parse()?;
            let (jd_id, title, _) = store.get_job(job.as_deref()).await?;
            let candidate_id = if candidate == "top" {
                store.top_candidate(&jd_id).await?
            } else {
                candidate.clone()
            };
            let plan = match questions {
                Some(file) => Some(read_questions(file)?),
                None => None,
            };
            let llm = if plan.is_some() {
                None
            } else {
                model(store, data_dir, *no_model).await
            };
            let mut generator = Generator::new(store.clone(), llm);
            generator.encoder =
                ats_core::embed::SentenceEncoder::shared(&ats_core::embed::default_model_dir())
                    .ok();
            let mut settings = store.job_interview_settings(&jd_id).await?;
            knobs.apply(&mut settings)?;
            let (plan_settings, settings) = (settings.plan, settings.interview);
            eprintln!("generating the question plan for {title} …");
            let started = std::time::Instant::now();
            let (id, plan) = interview::create(
                &generator,
                &jd_id,
                &candidate_id,
                language,
                &plan_settings,
                &settings,
                plan,
            )
            .await?;
            eprintln!(
                "scheduled: {} questions by {} in {:.1} s{}",
                plan.questions.len(),
                plan.generator,
                started.elapsed().as_secs_f64(),
                if plan.job_cache_hit {
                    " (job questions from the cache)"
                } else {
                    ""
                }
            );
            for note in &plan.notes {
                eprintln!("note: {note}");
            }
            if *json {
                println!("{}", serde_json::json!({ "id": id }));
            } else {
                println!("{id}");
            }
            Ok(ExitCode::SUCCESS)
        }
        InterviewCommand::Questions { id, edit, json } => {
            if let Some(file) = edit {
                let version = interview::edit_plan(store, id, read_questions(file)?).await?;
                eprintln!("stored plan version {version}");
            }
            let (record, _) = store.get_interview(id).await?;
            if *json {
                println!("{}", serde_json::to_string_pretty(&record.plan.questions)?);
                return Ok(ExitCode::SUCCESS);
            }
            println!(
                "{} — {} — plan v{} ({}, {})",
                record.job_title,
                record.candidate_name.as_deref().unwrap_or("?"),
                record.plan_version,
                record.plan.generator,
                record.language.code()
            );
            for (i, q) in record.plan.questions.iter().enumerate() {
                println!(
                    "\n{}. [{} · {} · {} · {} s · {}] {}",
                    i + 1,
                    enum_name(&q.kind),
                    enum_name(&q.difficulty),
                    q.dimension,
                    q.time_limit_secs,
                    enum_name(&q.source),
                    q.text
                );
                if !q.requirements.is_empty() {
                    println!("   covers: {}", q.requirements.join(", "));
                }
                for p in &q.key_points {
                    println!("   • {p}");
                }
            }
            Ok(ExitCode::SUCCESS)
        }
        InterviewCommand::Run {
            id,
            answers,
            answer_delay_ms,
            json,
            no_model,
        } => {
            let llm = model(store, data_dir, *no_model).await;
            let conductor = Conductor::new(store.clone(), llm);
            let script = match answers {
                Some(f) => Some(read_answers(f)?),
                None => None,
            };
            conduct(
                &conductor,
                id,
                script,
                Duration::from_millis(*answer_delay_ms),
                *json,
            )
            .await
        }
        InterviewCommand::Show { id, json } => {
            show(store, id, *json).await.map(|()| ExitCode::SUCCESS)
        }
        InterviewCommand::List { json } => {
            let list = store.list_interviews().await?;
            if *json {
                println!("{}", serde_json::to_string_pretty(&list)?);
                return Ok(ExitCode::SUCCESS);
            }
            let mut table = crate::table();
            table.set_header(["id", "job", "candidate", "status", "lang", "created"]);
            for i in list {
                table.add_row([
                    i.id[..8].to_owned(),
                    i.job_title,
                    i.candidate_name.unwrap_or_default(),
                    i.status,
                    i.language,
                    i.created_at,
                ]);
            }
            println!("{table}");
            Ok(ExitCode::SUCCESS)
        }
    }
}

fn enum_name<T: serde::Serialize>(v: &T) -> String {
    serde_json::to_value(v)
        .ok()
        .and_then(|v| v.as_str().map(str::to_owned))
        .unwrap_or_default()
}

fn read_questions(file: &Path) -> Result<Vec<Question>> {
    let text =
        std::fs::read_to_string(file).with_context(|| format!("reading {}", file.display()))?;
    serde_json::from_str(&text).with_context(|| {
        format!("{}: expected a JSON array of questions (as `ats interview questions ID --json` prints)", file.display())
    })
}

fn read_answers(file: &Path) -> Result<Vec<String>> {
    let text =
        std::fs::read_to_string(file).with_context(|| format!("reading {}", file.display()))?;
    serde_json::from_str(&text).with_context(|| {
        format!(
            "{}: expected a JSON array of answer strings",
            file.display()
        )
    })
}

/// Prints envelopes as they come: JSON lines, or for a person.
fn printer(
    json: bool,
) -> (
    ats_core::interview::protocol::Outbox,
    tokio::task::JoinHandle<()>,
) {
    let (tx, mut rx) = tokio::sync::mpsc::unbounded_channel::<Envelope>();
    let task = tokio::spawn(async move {
        let mut streamed = String::new();
        while let Some(env) = rx.recv().await {
            if json {
                println!("{}", serde_json::to_string(&env).unwrap_or_default());
                continue;
            }
            match &env.event {
                ServerEvent::QuestionDelta { delta, .. } => {
                    if streamed.is_empty() {
                        print!("\n↪ ");
                    }
                    streamed.push_str(delta);
                    print!("{delta}");
                    let _ = std::io::stdout().flush();
                    continue;
                }
                ServerEvent::FollowUp {
                    text,
                    time_limit_secs,
                    ..
                } => {
                    if streamed.trim() == text.trim() {
                        println!("  ({})", clock(u64::from(*time_limit_secs)));
                    } else {
                        if !streamed.is_empty() {
                            println!();
                        }
                        println!("\n↪ {text}  ({})", clock(u64::from(*time_limit_secs)));
                    }
                }
                other => print_event(other),
            }
            streamed.clear();
        }
    });
    (tx, task)
}

fn clock(secs: u64) -> String {
    format!("{}:{:02}", secs / 60, secs % 60)
}

fn print_event(event: &ServerEvent) {
    match event {
        ServerEvent::Welcome {
            job_title, notice, ..
        } => println!("== {job_title} ==\n{notice}"),
        ServerEvent::Consent { given } => {
            println!(
                "{}",
                if *given {
                    "(consent given)"
                } else {
                    "(consent declined)"
                }
            );
        }
        ServerEvent::Question {
            number,
            of,
            text,
            kind,
            time_limit_secs,
            repeat,
            ..
        } => println!(
            "\n{}Q{number}/{of} [{}] {text}  ({})",
            if *repeat { "(again) " } else { "" },
            enum_name(kind),
            clock(u64::from(*time_limit_secs))
        ),
        ServerEvent::AnswerAck { .. } => println!("✓ saved"),
        ServerEvent::Clarification { text, .. } => println!("ℹ {text}"),
        ServerEvent::Timeout { .. } => println!("⏱ time is up for this question; moving on"),
        ServerEvent::Complete { message, .. } => println!("\n{message}"),
        ServerEvent::Error { code, message } => println!("! {message} ({code})"),
        _ => {}
    }
}

/// Conduct the interview until it ends (or the scripted answers run out).
async fn conduct(
    conductor: &Conductor,
    id: &str,
    script: Option<Vec<String>>,
    delay: Duration,
    json: bool,
) -> Result<ExitCode> {
    let (out, printing) = printer(json);
    let (record, _) = conductor.position(id).await?;
    let id = record.id.clone();
    // Everything so far, then whatever a restart has to do.
    let replay = conductor
        .handle(&id, ClientMessage::Hello { last_seq: None }, Some(&out))
        .await?;
    // A resumed script goes on with the first answer not acknowledged.
    let mut next_answer = replay
        .iter()
        .filter(|e| matches!(e.event, ServerEvent::AnswerAck { .. }))
        .count();
    let mut lines = if script.is_none() {
        Some(stdin_lines())
    } else {
        None
    };
    loop {
        let (_, cursor) = conductor.position(&id).await?;
        let msg = match cursor.phase {
            Phase::Ended => break,
            Phase::New | Phase::Judging => {
                conductor.tick(&id, Some(&out)).await?;
                continue;
            }
            Phase::Consent => match &script {
                Some(_) => ClientMessage::Consent {
                    client_msg_id: "script-consent".into(),
                    given: true,
                },
                None => {
                    println!("\nType yes to agree, or no to ask for another process.");
                    let Some(line) = next_line(lines.as_mut(), None).await else {
                        break;
                    };
                    let given = matches!(
                        line.trim().to_lowercase().as_str(),
                        "y" | "yes" | "ja" | "j" | "oui" | "o"
                    );
                    ClientMessage::Consent {
                        client_msg_id: uuid::Uuid::new_v4().to_string(),
                        given,
                    }
                }
            },
            Phase::Asking => match &script {
                Some(answers) => {
                    let Some(text) = answers.get(next_answer) else {
                        eprintln!(
                            "the scripted answers ran out at answer {}; the interview waits for the next one",
                            next_answer + 1
                        );
                        drop(out);
                        let _ = printing.await;
                        return Ok(ExitCode::from(4));
                    };
                    tokio::time::sleep(delay).await;
                    next_answer += 1;
                    ClientMessage::Answer {
                        client_msg_id: format!("script-{}", next_answer - 1),
                        question_id: None,
                        text: text.clone(),
                        signals: Signals::default(),
                    }
                }
                None => {
                    let Some(line) = next_line(lines.as_mut(), cursor.deadline).await else {
                        // The deadline passed (or input ended): let the clock decide.
                        if cursor.deadline.is_some_and(|d| Utc::now() > d) {
                            tokio::time::sleep(Duration::from_secs(
                                u64::try_from(ats_core::interview::conductor::GRACE_SECS)
                                    .unwrap_or(5)
                                    + 1,
                            ))
                            .await;
                            conductor.tick(&id, Some(&out)).await?;
                            continue;
                        }
                        break;
                    };
                    let client_msg_id = uuid::Uuid::new_v4().to_string();
                    match line.trim() {
                        "/repeat" => ClientMessage::Repeat { client_msg_id },
                        l if l.starts_with("/clarify") => ClientMessage::Clarify {
                            client_msg_id,
                            text: l.trim_start_matches("/clarify").trim().to_owned(),
                        },
                        "/leave" => ClientMessage::Leave { client_msg_id },
                        _ => ClientMessage::Answer {
                            client_msg_id,
                            question_id: cursor.asked.as_ref().and_then(|a| match a {
                                ServerEvent::Question { question_id, .. }
                                | ServerEvent::FollowUp { question_id, .. } => {
                                    Some(question_id.clone())
                                }
                                _ => None,
                            }),
                            text: line,
                            signals: Signals::default(),
                        },
                    }
                }
            },
        };
        conductor.handle(&id, msg, Some(&out)).await?;
    }
    drop(out);
    let _ = printing.await;
    Ok(ExitCode::SUCCESS)
}

/// Lines typed on stdin, read on their own thread.
fn stdin_lines() -> tokio::sync::mpsc::UnboundedReceiver<String> {
    let (tx, rx) = tokio::sync::mpsc::unbounded_channel();
    std::thread::spawn(move || {
        for line in std::io::stdin().lines() {
            let Ok(line) = line else { break };
            if tx.send(line).is_err() {
                break;
            }
        }
    });
    rx
}

/// The next line, showing the time left on stderr each second; `None`
/// when the deadline passes or input ends.
async fn next_line(
    lines: Option<&mut tokio::sync::mpsc::UnboundedReceiver<String>>,
    deadline: Option<DateTime<Utc>>,
) -> Option<String> {
    let lines = lines?;
    // The timer line is redrawn in place on a terminal only.
    let tty = std::io::IsTerminal::is_terminal(&std::io::stderr());
    let mut tick = tokio::time::interval(Duration::from_secs(1));
    loop {
        tokio::select! {
            line = lines.recv() => {
                if tty {
                    eprint!("\r\x1b[K");
                }
                return line;
            }
            _ = tick.tick() => {
                if let Some(d) = deadline {
                    let left = (d - Utc::now()).num_seconds();
                    if left < 0 {
                        if tty {
                            eprintln!();
                        }
                        return None;
                    }
                    if !tty {
                        continue;
                    }
                    eprint!("\r\x1b[K⏱ {} left > ", clock(u64::try_from(left).unwrap_or(0)));
                    let _ = std::io::stderr().flush();
                }
            }
        }
    }
}

async fn show(store: &Store, id: &str, json: bool) -> Result<()> {
    let (record, state) = store.get_interview(id).await?;
    let events = store.interview_events(&record.id, 0, true).await?;
    if json {
        println!(
            "{}",
            serde_json::to_string_pretty(&serde_json::json!({
                "interview": record, "position": state, "events": events,
            }))?
        );
        return Ok(());
    }
    let cursor: Cursor = serde_json::from_value(state).unwrap_or_default();
    println!(
        "{} — {} — {} ({}, plan v{}, {})",
        record.job_title,
        record.candidate_name.as_deref().unwrap_or("?"),
        record.status.as_str(),
        record.language.code(),
        record.plan_version,
        record.plan.generator
    );
    for e in &events {
        match &e.event {
            ServerEvent::Answer { text, signals, .. } => {
                println!("  A: {text}");
                if signals != &Signals::default() {
                    println!("     signals: {}", serde_json::to_string(signals)?);
                }
            }
            ServerEvent::Judgement {
                covered,
                missing,
                decided,
                judge,
                note,
                ..
            } => println!(
                "     judged by {judge}: covered {}/{}{}{}",
                covered.len(),
                covered.len() + missing.len(),
                if *decided {
                    ", level clear"
                } else {
                    ", level open"
                },
                note.as_ref().map(|n| format!(" ({n})")).unwrap_or_default()
            ),
            ServerEvent::FollowUp { text, .. } => println!("\n↪ {text}"),
            ServerEvent::AnswerAck { .. } => {}
            other => print_event(other),
        }
    }
    if cursor.phase == Phase::Asking {
        println!("\n(waiting for an answer to question {})", cursor.index + 1);
    }
    Ok(())
}
