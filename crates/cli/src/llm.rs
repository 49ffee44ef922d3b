//! `ats llm …`: configure providers (keys go to the OS keyring), check a
//! round trip, chat (streaming), and read the call log.

use anyhow::{Context, Result};
use ats_core::llm::prompt::PromptTemplate;
use ats_core::llm::secrets::{self, KeySource};
use ats_core::llm::service::{Call, LlmService};
use ats_core::llm::{CancellationToken, LlmConfig, LlmError, Message};
use clap::Subcommand;
use std::io::{BufRead, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

#[derive(Subcommand)]
pub enum LlmCommand {
    /// Set providers, their order, models and keys (keys go to the OS
    /// keyring, never to files); prints the configuration.
    Configure {
        /// The provider to configure: openai, anthropic or local.
        #[arg(long)]
        provider: Option<String>,
        /// Base URL of an OpenAI-compatible or Anthropic API.
        #[arg(long)]
        base_url: Option<String>,
        /// Model name, or the GGUF file for `local`.
        #[arg(long)]
        model: Option<String>,
        /// Read the provider's API key from the first line of stdin.
        #[arg(long)]
        key_stdin: bool,
        /// Remove the provider's key from the keyring.
        #[arg(long)]
        forget_key: bool,
        /// Providers to try, in order, e.g. `openai,local`.
        #[arg(long, value_delimiter = ',')]
        order: Option<Vec<String>>,
        /// Forbid every network provider.
        #[arg(long)]
        offline: Option<bool>,
        /// Threads for the local model.
        #[arg(long)]
        threads: Option<u32>,
    },
    /// One round trip with timing.
    Test {
        #[arg(long)]
        provider: Option<String>,
        #[arg(long)]
        model: Option<String>,
        #[arg(long)]
        json: bool,
    },
    /// Chat: with --prompt answer once and exit, otherwise interactively
    /// (tokens are streamed; Ctrl-C stops an answer).
    Chat {
        #[arg(long)]
        prompt: Option<String>,
        /// openai, anthropic or local (default: the configured order).
        #[arg(long)]
        provider: Option<String>,
        /// A model name, or a GGUF path for `local`.
        #[arg(long)]
        model: Option<String>,
        /// A JSON Schema file: print exactly one JSON document satisfying it.
        #[arg(long)]
        schema: Option<PathBuf>,
        #[arg(long, default_value_t = 512)]
        max_tokens: u32,
        #[arg(long, default_value_t = 0.2)]
        temperature: f32,
        #[arg(long)]
        seed: Option<u64>,
        /// Ask the model even when the same call is cached.
        #[arg(long)]
        no_cache: bool,
        /// The full name of a person the conversation is about (may be
        /// repeated): it and its parts are redacted from the call log and
        /// the cache. Everyone the store knows is redacted anyway.
        #[arg(long = "about", value_name = "NAME")]
        about: Vec<String>,
    },
    /// The most recent calls (redacted), newest first.
    Calls {
        #[arg(long, default_value_t = 20)]
        limit: u32,
        #[arg(long)]
        json: bool,
    },
}

/// Use the platform keyring when there is one; say so when there is not.
pub fn init_keyring() -> bool {
    keyring::Entry::store_status().is_ok()
}

fn fail(e: &LlmError) -> ExitCode {
    eprintln!(
        "{}",
        serde_json::json!({ "code": e.code(), "message": e.to_string() })
    );
    ExitCode::from(2)
}

/// The store and the configured service, or the exit code of a typed error.
async fn service(
    data_dir: &Path,
    provider: &Option<String>,
    model: &Option<String>,
) -> Result<Result<(ats_core::store::Store, LlmService), ExitCode>> {
    let store = ats_core::store::Store::open(data_dir).await?;
    let config = LlmConfig::load(data_dir)?;
    Ok(
        match LlmService::open(config, Some(store.clone()), provider.clone(), model.clone()).await {
            Ok(s) => Ok((store, s)),
            Err(e) => Err(fail(&e)),
        },
    )
}

pub async fn run(command: &LlmCommand, data_dir: &Path) -> Result<ExitCode> {
    match command {
        LlmCommand::Configure {
            provider,
            base_url,
            model,
            key_stdin,
            forget_key,
            order,
            offline,
            threads,
        } => {
            let mut config = LlmConfig::load(data_dir)?;
            if let Some(p) = provider.as_deref() {
                match p {
                    "openai" | "anthropic" => {
                        let c = if p == "openai" {
                            &mut config.openai
                        } else {
                            &mut config.anthropic
                        };
                        if let Some(u) = base_url {
                            c.base_url.clone_from(u);
                        }
                        if let Some(m) = model {
                            c.model.clone_from(m);
                        }
                    }
                    "local" => {
                        if let Some(m) = model {
                            config.local.model = PathBuf::from(m);
                        }
                        if threads.is_some() {
                            config.local.threads = *threads;
                        }
                    }
                    other => {
                        anyhow::bail!("unknown provider {other:?} (openai, anthropic or local)")
                    }
                }
                if !config.order.iter().any(|o| o == p) && order.is_none() {
                    config.order.insert(0, p.to_owned());
                }
                if *key_stdin {
                    let mut key = String::new();
                    std::io::stdin().lock().read_line(&mut key)?;
                    let key = key.trim();
                    anyhow::ensure!(!key.is_empty(), "no key on stdin");
                    if !init_keyring() {
                        return Ok(fail(&LlmError::Config(format!(
                            "no OS keyring (secret service) is available here; set {} in the environment instead",
                            secrets::env_vars(p)[0]
                        ))));
                    }
                    if let Err(e) = secrets::store_key(p, key) {
                        return Ok(fail(&e));
                    }
                    eprintln!("stored the {p} key in the OS keyring");
                }
                if *forget_key {
                    secrets::delete_key(p)?;
                }
            }
            if let Some(o) = order {
                config.order.clone_from(o);
            }
            if let Some(off) = offline {
                config.offline = *off;
            }
            config.save(data_dir)?;
            println!(
                "# {} (no keys are kept there)\n{}",
                LlmConfig::path(data_dir).display(),
                serde_json::to_string_pretty(&config)?
            );
            for p in ["openai", "anthropic"] {
                let source = match secrets::api_key(p) {
                    Ok((_, KeySource::Keyring)) => "in the OS keyring".to_owned(),
                    Ok((_, KeySource::Env(v))) => format!("from ${v} (no OS keyring used)"),
                    Err(_) => "not set".to_owned(),
                };
                println!("# {p} key: {source}");
            }
            Ok(ExitCode::SUCCESS)
        }
        LlmCommand::Test {
            provider,
            model,
            json,
        } => {
            let (store, mut service) = match service(data_dir, provider, model).await? {
                Ok(s) => s,
                Err(code) => return Ok(code),
            };
            let order = match provider {
                Some(p) => vec![p.clone()],
                None => LlmConfig::load(data_dir)?.order,
            };
            for p in order.iter().filter(|p| *p != "local") {
                match secrets::api_key(p) {
                    Ok((_, KeySource::Env(var))) => {
                        eprintln!("note: the {p} key comes from ${var}, not the OS keyring");
                    }
                    Err(e) => eprintln!("note: {e}"),
                    Ok(_) => {}
                }
            }
            let mut call = Call::new(PromptTemplate::builtin("llm.test")?, serde_json::json!({}));
            call.temperature = 0.0;
            call.max_tokens = 16;
            service.cache = false;
            let reply = service.run(&call, None, &CancellationToken::new()).await;
            store.close().await;
            let reply = match reply {
                Ok(r) => r,
                Err(e) => return Ok(fail(&e)),
            };
            let r = &reply.response;
            if *json {
                println!(
                    "{}",
                    serde_json::json!({
                        "provider": r.provider, "model": r.model, "latency_ms": reply.latency_ms,
                        "prompt_tokens": r.usage.prompt_tokens, "completion_tokens": r.usage.completion_tokens,
                        "reply": r.text,
                    })
                );
            } else {
                println!(
                    "{} {} answered in {} ms ({} prompt + {} completion tokens): {}",
                    r.provider,
                    r.model,
                    reply.latency_ms,
                    r.usage.prompt_tokens,
                    r.usage.completion_tokens,
                    r.text.trim()
                );
            }
            Ok(ExitCode::SUCCESS)
        }
        LlmCommand::Chat {
            prompt,
            provider,
            model,
            schema,
            max_tokens,
            temperature,
            seed,
            no_cache,
            about,
        } => {
            let (store, mut service) = match service(data_dir, provider, model).await? {
                Ok(s) => s,
                Err(code) => return Ok(code),
            };
            service.cache = !no_cache;
            let schema = match schema {
                Some(f) => Some(
                    serde_json::from_str::<serde_json::Value>(
                        &std::fs::read_to_string(f)
                            .with_context(|| format!("reading {}", f.display()))?,
                    )
                    .with_context(|| format!("{} is not JSON", f.display()))?,
                ),
                None => None,
            };
            let template = PromptTemplate::builtin("chat")?;
            let mut history: Vec<Message> = Vec::new();
            let interactive = prompt.is_none();
            let stdin = std::io::stdin();
            let mut lines = stdin.lock().lines();
            let code = loop {
                let text = match prompt {
                    Some(p) => p.clone(),
                    None => {
                        eprint!("> ");
                        std::io::stderr().flush()?;
                        match lines.next() {
                            Some(l) => l?,
                            None => break ExitCode::SUCCESS,
                        }
                    }
                };
                if text.trim().is_empty() {
                    continue;
                }
                let mut call = Call::new(template.clone(), serde_json::json!({ "message": text }));
                call.max_tokens = *max_tokens;
                call.temperature = *temperature;
                call.seed = *seed;
                call.schema.clone_from(&schema);
                call.history.clone_from(&history);
                call.personal.clone_from(about);
                let cancel = CancellationToken::new();
                let stop = cancel.clone();
                let ctrl_c = tokio::spawn(async move {
                    if tokio::signal::ctrl_c().await.is_ok() {
                        stop.cancel();
                    }
                });
                let (tx, mut rx) = tokio::sync::mpsc::unbounded_channel::<String>();
                let printer = tokio::spawn(async move {
                    let mut out = std::io::stdout();
                    while let Some(t) = rx.recv().await {
                        let _ = out.write_all(t.as_bytes());
                        let _ = out.flush();
                    }
                });
                let sink = schema.is_none().then_some(&tx);
                let result = service.run(&call, sink, &cancel).await;
                drop(tx);
                let _ = printer.await;
                ctrl_c.abort();
                match result {
                    Ok(reply) => {
                        match &reply.json {
                            Some(v) => println!("{v}"),
                            None => println!(),
                        }
                        if interactive {
                            history.push(Message::user(text));
                            history.push(Message::assistant(reply.response.text));
                        }
                    }
                    Err(LlmError::Cancelled) if interactive => {
                        println!("\n(stopped)");
                    }
                    Err(e) => break fail(&e),
                }
                if !interactive {
                    break ExitCode::SUCCESS;
                }
            };
            store.close().await;
            Ok(code)
        }
        LlmCommand::Calls { limit, json } => {
            let store = ats_core::store::Store::open(data_dir).await?;
            let calls = store.llm_calls(*limit).await?;
            store.close().await;
            if *json {
                println!("{}", serde_json::to_string_pretty(&calls)?);
                return Ok(ExitCode::SUCCESS);
            }
            let mut table = comfy_table::Table::new();
            table.load_preset(comfy_table::presets::UTF8_FULL_CONDENSED);
            table.set_header([
                "when", "prompt", "provider", "model", "ms", "tokens", "$", "outcome",
            ]);
            for c in &calls {
                table.add_row([
                    c["created_at"].as_str().unwrap_or_default().to_owned(),
                    format!(
                        "{} v{}",
                        c["prompt_id"].as_str().unwrap_or_default(),
                        c["prompt_version"]
                    ),
                    c["provider"].as_str().unwrap_or_default().to_owned(),
                    c["model"].as_str().unwrap_or_default().to_owned(),
                    c["latency_ms"].to_string(),
                    format!("{}+{}", c["prompt_tokens"], c["completion_tokens"]),
                    c["cost_usd"]
                        .as_f64()
                        .map_or(String::new(), |v| format!("{v:.5}")),
                    match (c["error_code"].as_str(), c["cached"].as_bool()) {
                        (Some(code), _) => code.to_owned(),
                        (None, Some(true)) => "cached".into(),
                        _ => "ok".into(),
                    },
                ]);
            }
            println!("{table}");
            Ok(ExitCode::SUCCESS)
        }
    }
}
