//! `ats bench ingest DIR`: resumes per second and peak memory, beside
//! pdfminer.six and pypdf extracting text from the same PDFs in the same run.

use anyhow::{Context, Result};
use ats_core::import::collect_files;
use ats_core::ingest::{FileKind, ResumeParser, detect::detect};
use clap::Subcommand;
use rayon::prelude::*;
use std::path::PathBuf;
use std::time::Instant;

const BASELINES: &str = include_str!("../../../bench/pdf_baselines.py");
const EMBED_BASELINES: &str = include_str!("../../../bench/embed_baselines.py");
#[cfg(feature = "local-llm")]
const LLM_BASELINE: &str = include_str!("../../../bench/llm_baseline.py");

#[derive(Subcommand)]
pub enum BenchCommand {
    /// The server under load on loopback: 1,000 interviews at once over
    /// WebSockets, then list and search with 100,000 candidates stored.
    Serve(crate::bench_serve::ServeBench),
    /// Parse every resume under DIR (text + structure), single-threaded and
    /// on all cores, beside Python's PDF text extractors.
    Ingest {
        dir: PathBuf,
        /// Timed passes; the best is reported.
        #[arg(long, default_value_t = 3)]
        passes: usize,
        /// Repeat the file list until at least this many parses per pass.
        #[arg(long, default_value_t = 0)]
        min_files: usize,
        /// Skip the Python baselines.
        #[arg(long)]
        no_baselines: bool,
        /// Python interpreter with pdfminer.six and pypdf installed.
        #[arg(long, default_value = "python3")]
        python: String,
    },
    /// The PDF text layers side by side: agreement of each glyph source's
    /// text with poppler's and MuPDF's on every PDF under DIR, and speed.
    Pdf { dir: PathBuf },
    /// Interview turn latency (one interview, and many in progress at
    /// once), plan generation time with a cloud model at a realistic
    /// latency, and with --local the bundled GGUF's plan time and
    /// time to the first streamed token.
    Interview {
        #[arg(long, default_value_t = 1000)]
        turns: usize,
        #[arg(long, default_value_t = 1000)]
        interviews: usize,
        /// The cloud model's latency per call, in ms, for the plan time.
        #[arg(long, default_value_t = 800)]
        call_ms: u64,
        /// Also measure the local model (default: the bundled SmolLM2).
        #[arg(long)]
        local: bool,
        /// The GGUF for --local.
        #[arg(long)]
        model: Option<PathBuf>,
    },
    /// Scoring accuracy against interviews with known levels (QWK, exact
    /// agreement) and the metamorphic judge tests; --fit chooses the
    /// offline scorer's knobs on the tuning half.
    Scoring(crate::bench_scoring::Options),
    /// Time to rank N stored candidates against a job posting.
    Rank {
        #[arg(long, default_value_t = 10_000)]
        candidates: usize,
        /// The posting (Markdown or text).
        job: PathBuf,
    },
    /// Prompt-processing and generation tokens per second of the local model
    /// through llama-cpp-2, beside llama.cpp itself (xllamacpp) on the same
    /// GGUF with the same threads.
    Llm {
        /// The GGUF (default: the bundled SmolLM2-135M-Instruct Q4_1).
        #[arg(long)]
        model: Option<PathBuf>,
        #[arg(long, default_value_t = 2)]
        threads: u32,
        #[arg(long, default_value_t = 512)]
        prompt_tokens: usize,
        #[arg(long, default_value_t = 128)]
        gen_tokens: usize,
        #[arg(long, default_value_t = 3)]
        passes: usize,
        #[arg(long)]
        no_baselines: bool,
        /// Python with xllamacpp installed.
        #[arg(long, default_value = "python3")]
        python: String,
    },
    /// Sentences per second of the sentence encoder at several batch sizes,
    /// beside sentence-transformers (PyTorch) and onnxruntime on the same
    /// model, sentences and thread count.
    Embed {
        /// Model directory (default: models/all-MiniLM-L6-v2).
        #[arg(long)]
        model: Option<PathBuf>,
        #[arg(long, default_value = "1,8,32")]
        batches: String,
        #[arg(long, default_value_t = 3)]
        passes: usize,
        #[arg(long)]
        no_baselines: bool,
        /// Python with sentence-transformers, torch, onnxruntime installed.
        #[arg(long, default_value = "python3")]
        python: String,
    },
}

pub async fn bench_rank(candidates: usize, job: &std::path::Path) -> Result<()> {
    use ats_core::import::Importer;
    use ats_core::store::Store;
    let dir = tempfile_dir()?;
    let store = Store::open(&dir).await?;
    let importer = Importer::new(ResumeParser::default(), store.clone());
    let bar = indicatif::ProgressBar::new(candidates as u64);
    bar.set_message("importing synthetic candidates");
    let start = Instant::now();
    for i in 0..candidates {
        importer
            .import_bytes(
                &format!("c{i}.txt"),
                crate::bench_data::synthetic_resume(i).into_bytes(),
            )
            .await?;
        bar.inc(1);
    }
    bar.finish_and_clear();
    let import_s = start.elapsed().as_secs_f64();
    let text =
        std::fs::read_to_string(job).with_context(|| format!("reading {}", job.display()))?;
    let analysis = ats_core::jobs::analyze(&text, ats_core::skills::SkillMatcher::builtin());
    let jd = store
        .add_job(
            analysis.title.as_deref().unwrap_or("job"),
            &text,
            &serde_json::to_value(&analysis)?,
        )
        .await?;
    // Embedding every candidate's phrases happens once, before the first
    // ranking (phrases shared by many resumes are embedded once).
    let encoder = ats_core::embed::SentenceEncoder::shared(&ats_core::embed::default_model_dir())?;
    let t = Instant::now();
    let (model, _) =
        ats_core::ranking::prepare(&store, encoder.clone(), &analysis, |_, _| {}).await?;
    let embed_s = t.elapsed().as_secs_f64();
    let mut best = (f64::INFINITY, f64::INFINITY, f64::INFINITY);
    let mut phrases = 0;
    for _ in 0..3 {
        let t0 = Instant::now();
        let mut profiles = store.profiles().await?;
        store.attach_phrases(&model, &mut profiles).await?;
        let t1 = Instant::now();
        let vectors = ats_core::matching::semantic::embed_requirements(&encoder, &analysis)?;
        let ranked = ats_core::matching::rank(&analysis, &vectors, &profiles);
        phrases = profiles
            .iter()
            .filter_map(|p| p.1.phrases.as_ref().map(|v| v.len()))
            .sum::<usize>();
        anyhow::ensure!(
            !vectors.is_empty(),
            "the job has no phrase requirements to compare"
        );
        let t2 = Instant::now();
        store.save_fits(&jd, &ranked).await?;
        let t3 = Instant::now();
        anyhow::ensure!(
            ranked.len() == candidates,
            "ranked {} of {candidates}",
            ranked.len()
        );
        best.0 = best.0.min((t1 - t0).as_secs_f64());
        best.1 = best.1.min((t2 - t1).as_secs_f64());
        best.2 = best.2.min((t3 - t2).as_secs_f64());
    }
    let mut table = comfy_table::Table::new();
    table.load_preset(comfy_table::presets::UTF8_FULL_CONDENSED);
    table.set_header(["step", "ms"]);
    table.add_row([
        "load profiles and phrase vectors from SQLite".to_owned(),
        format!("{:.1}", best.0 * 1e3),
    ]);
    table.add_row([
        "embed job phrases, score and sort".to_owned(),
        format!("{:.1}", best.1 * 1e3),
    ]);
    table.add_row([
        "rank (load + score + sort)".to_owned(),
        format!("{:.1}", (best.0 + best.1) * 1e3),
    ]);
    table.add_row([
        "store fits on applications".to_owned(),
        format!("{:.1}", best.2 * 1e3),
    ]);
    println!("{table}");
    println!(
        "{candidates} candidates (imported in {import_s:.1} s; their phrases embedded once in {embed_s:.1} s), \
         {phrases} stored phrase vectors, {} phrase requirements, job {:?}, best of 3",
        analysis
            .must_have
            .iter()
            .chain(&analysis.nice_to_have)
            .filter(|r| r.kind == "phrase")
            .count(),
        analysis.title.unwrap_or_default()
    );
    store.close().await;
    let _ = std::fs::remove_dir_all(&dir);
    Ok(())
}

fn tempfile_dir() -> Result<PathBuf> {
    let dir = std::env::temp_dir().join(format!("ats-bench-rank-{}", std::process::id()));
    std::fs::create_dir_all(&dir)?;
    Ok(dir)
}

/// Short resume-like sentences, the same for every engine.
fn embed_sentences() -> Vec<String> {
    let who = ["Built", "Designed", "Maintained", "Led a team that shipped"];
    let what = [
        "data pipelines in Python and Spark",
        "a billing service in Rust",
        "React dashboards for recruiters",
        "Kubernetes clusters on AWS",
        "search ranking models",
        "mobile apps in Kotlin and Swift",
        "an internal API gateway in Go",
        "PostgreSQL schemas and migrations",
    ];
    let how = [
        "for millions of users.",
        "with a small team.",
        "under strict deadlines.",
    ];
    let mut out = Vec::new();
    for w in who {
        for x in what {
            for h in how {
                out.push(format!("{w} {x} {h}"));
            }
        }
    }
    out // 96 sentences: whole batches of 1, 8 and 32
}

fn bench_embed(
    model: Option<&PathBuf>,
    batches: &str,
    passes: usize,
    no_baselines: bool,
    python: &str,
) -> Result<()> {
    let dir = model
        .cloned()
        .unwrap_or_else(ats_core::embed::default_model_dir);
    let encoder = ats_core::embed::SentenceEncoder::load(&dir)
        .with_context(|| format!("loading {}", dir.display()))?;
    let batches: Vec<usize> = batches
        .split(',')
        .map(|b| b.trim().parse())
        .collect::<Result<_, _>>()
        .context("--batches")?;
    let sentences = embed_sentences();
    let threads = std::thread::available_parallelism().map_or(1, std::num::NonZero::get);
    let mut ours = Vec::new();
    for &b in &batches {
        let refs: Vec<&str> = sentences.iter().map(String::as_str).collect();
        encoder.encode(&refs[..b.min(refs.len())])?; // warm-up
        let mut best = f64::INFINITY;
        for _ in 0..passes.max(1) {
            let start = Instant::now();
            for chunk in refs.chunks(b) {
                encoder.encode(chunk)?;
            }
            best = best.min(start.elapsed().as_secs_f64());
        }
        ours.push(sentences.len() as f64 / best);
    }
    let mut rows: Vec<(String, Vec<Option<f64>>)> = vec![(
        format!("ats (candle), {threads} threads"),
        ours.iter().copied().map(Some).collect(),
    )];
    if !no_baselines {
        let list = std::env::temp_dir().join("ats-bench-sentences.json");
        std::fs::write(&list, serde_json::to_vec(&sentences)?)?;
        let batch_arg = batches
            .iter()
            .map(ToString::to_string)
            .collect::<Vec<_>>()
            .join(",");
        let out = std::process::Command::new(python)
            .arg("-c")
            .arg(EMBED_BASELINES)
            .arg(&dir)
            .arg(&list)
            .arg(threads.to_string())
            .arg(passes.to_string())
            .arg(&batch_arg)
            .output();
        match out {
            Ok(out) if out.status.success() => {
                let v: serde_json::Value = serde_json::from_slice(&out.stdout)?;
                if let Some(d) = v["onnxruntime_max_abs_diff_vs_st"].as_f64() {
                    println!("onnxruntime export vs sentence-transformers: max |diff| {d:.1e}");
                }
                for engine in ["sentence-transformers", "onnxruntime"] {
                    if let Some(e) = v[engine].get("error") {
                        eprintln!("{engine}: {e}");
                        continue;
                    }
                    let rates = batches
                        .iter()
                        .map(|b| v[engine][b.to_string()].as_f64())
                        .collect();
                    rows.push((format!("{engine}, {threads} threads"), rates));
                }
            }
            Ok(out) => eprintln!("baselines failed: {}", String::from_utf8_lossy(&out.stderr)),
            Err(e) => eprintln!("baselines not run ({python}: {e})"),
        }
    }
    let mut table = comfy_table::Table::new();
    table.load_preset(comfy_table::presets::UTF8_FULL_CONDENSED);
    let mut header = vec!["engine".to_owned()];
    header.extend(batches.iter().map(|b| format!("batch {b} (sent/s)")));
    table.set_header(header);
    for (name, rates) in &rows {
        let mut row = vec![name.clone()];
        row.extend(
            rates
                .iter()
                .map(|r| r.map_or("-".into(), |r| format!("{r:.1}"))),
        );
        table.add_row(row);
    }
    println!("{table}");
    for (name, rates) in rows.iter().skip(1) {
        let ratios: Vec<String> = ours
            .iter()
            .zip(rates)
            .map(|(o, r)| r.map_or("-".into(), |r| format!("{:.2}", o / r)))
            .collect();
        println!("ats ÷ {name}: {}", ratios.join(" / "));
    }
    println!(
        "{} sentences, best of {passes} passes, model {}",
        sentences.len(),
        dir.display()
    );
    Ok(())
}

fn peak_rss_mb() -> Option<f64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    let kb: f64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kb / 1024.0)
}

struct Row {
    engine: String,
    files: usize,
    seconds: f64,
}

pub fn run(command: &BenchCommand, parser: &ResumeParser) -> Result<()> {
    let (dir, passes, min_files, no_baselines, python) = match command {
        BenchCommand::Ingest {
            dir,
            passes,
            min_files,
            no_baselines,
            python,
        } => (dir, passes, min_files, no_baselines, python),
        BenchCommand::Embed {
            model,
            batches,
            passes,
            no_baselines,
            python,
        } => return bench_embed(model.as_ref(), batches, *passes, *no_baselines, python),
        BenchCommand::Rank { .. }
        | BenchCommand::Interview { .. }
        | BenchCommand::Scoring(_)
        | BenchCommand::Serve(_) => {
            unreachable!("async: dispatched by main")
        }
        BenchCommand::Pdf { dir } => return crate::bench_pdf::bench_pdf(dir),
        BenchCommand::Llm {
            model,
            threads,
            prompt_tokens,
            gen_tokens,
            passes,
            no_baselines,
            python,
        } => {
            return bench_llm(
                model.clone(),
                *threads,
                (*prompt_tokens, *gen_tokens),
                *passes,
                *no_baselines,
                python,
            );
        }
    };
    let paths = collect_files(std::slice::from_ref(dir))?;
    let mut docs: Vec<(PathBuf, FileKind, Vec<u8>)> = Vec::new();
    for p in &paths {
        let bytes = std::fs::read(p).with_context(|| format!("reading {}", p.display()))?;
        if let Ok(kind) = detect(&bytes) {
            docs.push((p.clone(), kind, bytes));
        }
    }
    anyhow::ensure!(!docs.is_empty(), "no resumes under {}", dir.display());
    let pdfs: Vec<&(PathBuf, FileKind, Vec<u8>)> =
        docs.iter().filter(|d| d.1 == FileKind::Pdf).collect();
    let repeat = if *min_files > 0 {
        min_files.div_ceil(docs.len())
    } else {
        1
    };
    let work: Vec<&(PathBuf, FileKind, Vec<u8>)> = (0..repeat).flat_map(|_| docs.iter()).collect();
    // The PDFs alone, repeated the same way, for ats and the baselines.
    let pdf_work: Vec<&(PathBuf, FileKind, Vec<u8>)> = if pdfs.is_empty() {
        Vec::new()
    } else {
        let repeat = min_files.div_ceil(pdfs.len()).max(1);
        (0..repeat).flat_map(|_| pdfs.iter().copied()).collect()
    };
    let mut failures = 0;
    let time = |items: &[&(PathBuf, FileKind, Vec<u8>)], parallel: bool| -> (f64, usize) {
        let mut best = f64::INFINITY;
        let mut failed = 0;
        for _ in 0..(*passes).max(1) {
            let start = Instant::now();
            failed = if parallel {
                items
                    .par_iter()
                    .filter(|d| parser.parse_kind(d.1, &d.2).is_err())
                    .count()
            } else {
                items
                    .iter()
                    .filter(|d| parser.parse_kind(d.1, &d.2).is_err())
                    .count()
            };
            best = best.min(start.elapsed().as_secs_f64());
        }
        (best, failed)
    };
    let mut rows = Vec::new();
    if !pdf_work.is_empty() {
        let (s, f) = time(&pdf_work, false);
        failures += f;
        rows.push(Row {
            engine: "ats parse, PDFs only, 1 thread".into(),
            files: pdf_work.len(),
            seconds: s,
        });
        // The PDF text layer and layout alone, without structuring: what
        // the Python baselines do.
        let mut best = f64::INFINITY;
        for _ in 0..(*passes).max(1) {
            let start = Instant::now();
            for d in &pdf_work {
                let _ = ats_core::ingest::pdf_text(&d.2, ats_core::ingest::PdfBackend::Oxide);
            }
            best = best.min(start.elapsed().as_secs_f64());
        }
        rows.push(Row {
            engine: "ats PDF text only (layer + layout), 1 thread".into(),
            files: pdf_work.len(),
            seconds: best,
        });
    }
    let (s, f) = time(&work, false);
    failures += f;
    rows.push(Row {
        engine: "ats parse, all files, 1 thread".into(),
        files: work.len(),
        seconds: s,
    });
    let peak_single = peak_rss_mb();
    // A pool of its own: the process-wide rayon setting is for candle.
    let threads = std::thread::available_parallelism().map_or(1, std::num::NonZero::get);
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(threads)
        .build()?;
    let (s, _) = pool.install(|| time(&work, true));
    rows.push(Row {
        engine: format!("ats parse, all files, {threads} threads"),
        files: work.len(),
        seconds: s,
    });

    let mut anchor: Option<f64> = None;
    if !*no_baselines && !pdfs.is_empty() {
        let out = std::process::Command::new(python)
            .arg("-c")
            .arg(BASELINES)
            .arg(passes.to_string())
            .args(pdf_work.iter().map(|d| &d.0))
            .output();
        match out {
            Ok(out) if out.status.success() => {
                let v: serde_json::Value = serde_json::from_slice(&out.stdout)?;
                for engine in ["pdfminer.six", "pypdf", "PyMuPDF"] {
                    match (v[engine]["files"].as_u64(), v[engine]["seconds"].as_f64()) {
                        (Some(files), Some(seconds)) => {
                            if engine == "pdfminer.six" {
                                anchor = Some(files as f64 / seconds);
                            }
                            rows.push(Row {
                                engine: format!("{engine} text only, 1 thread"),
                                files: files as usize,
                                seconds,
                            });
                        }
                        _ => eprintln!("{engine}: {}", v[engine]["error"]),
                    }
                }
            }
            Ok(out) => eprintln!("baselines failed: {}", String::from_utf8_lossy(&out.stderr)),
            Err(e) => eprintln!("baselines not run ({python}: {e})"),
        }
    }

    let mut table = comfy_table::Table::new();
    table.load_preset(comfy_table::presets::UTF8_FULL_CONDENSED);
    table.set_header(["engine", "files", "files/s", "× pdfminer.six"]);
    for r in &rows {
        let rate = r.files as f64 / r.seconds;
        table.add_row([
            r.engine.clone(),
            r.files.to_string(),
            format!("{rate:.1}"),
            anchor.map_or("-".into(), |a| format!("{:.2}", rate / a)),
        ]);
    }
    println!("{table}");
    println!(
        "{} files in {} ({} PDFs); {} parse failures; best of {} passes",
        docs.len(),
        dir.display(),
        pdfs.len(),
        failures,
        passes
    );
    if let Some(mb) = peak_single {
        println!(
            "peak memory after {} single-threaded parses: {mb:.0} MB",
            work.len() * passes.max(&1)
        );
    }
    if let Some(mb) = peak_rss_mb() {
        println!("peak memory, whole run: {mb:.0} MB");
    }
    Ok(())
}

#[cfg(not(feature = "local-llm"))]
fn bench_llm(
    _: Option<PathBuf>,
    _: u32,
    _: (usize, usize),
    _: usize,
    _: bool,
    _: &str,
) -> Result<()> {
    anyhow::bail!("this build has no local model support (cargo feature local-llm)")
}

#[cfg(feature = "local-llm")]
fn bench_llm(
    model: Option<PathBuf>,
    threads: u32,
    (prompt, generate): (usize, usize),
    passes: usize,
    no_baselines: bool,
    python: &str,
) -> Result<()> {
    use ats_core::llm::config::{LocalConfig, default_local_model};
    let model = model.unwrap_or_else(default_local_model);
    let provider = ats_core::llm::local::LocalProvider::load(&LocalConfig {
        model: model.clone(),
        threads: Some(threads),
        context: (prompt + generate + 16) as u32,
    })?;
    provider.throughput(prompt.min(32), 4)?; // warm-up
    let (mut pp, mut tg) = (0f64, 0f64);
    for _ in 0..passes.max(1) {
        let (p, t) = provider.throughput(prompt, generate)?;
        pp = pp.max(p);
        tg = tg.max(t);
    }
    let mut rows = vec![(format!("ats (llama-cpp-2), {threads} threads"), pp, tg)];
    if !no_baselines {
        let out = std::process::Command::new(python)
            .arg("-c")
            .arg(LLM_BASELINE)
            .arg(&model)
            .arg(threads.to_string())
            .arg(prompt.to_string())
            .arg(generate.to_string())
            .arg(passes.max(1).to_string())
            .output();
        match out {
            Ok(out) if out.status.success() => {
                let text = String::from_utf8_lossy(&out.stdout);
                let line = text
                    .lines()
                    .rev()
                    .find(|l| l.starts_with('{'))
                    .unwrap_or("{}");
                let v: serde_json::Value = serde_json::from_str(line)?;
                rows.push((
                    format!(
                        "{}, {threads} threads",
                        v["engine"].as_str().unwrap_or("llama.cpp")
                    ),
                    v["pp"].as_f64().unwrap_or(0.0),
                    v["tg"].as_f64().unwrap_or(0.0),
                ));
            }
            Ok(out) => eprintln!(
                "baseline failed: {}",
                String::from_utf8_lossy(&out.stderr)
                    .lines()
                    .rev()
                    .take(5)
                    .collect::<Vec<_>>()
                    .join(" | ")
            ),
            Err(e) => eprintln!("baseline not run ({python}: {e})"),
        }
    }
    let mut table = comfy_table::Table::new();
    table.load_preset(comfy_table::presets::UTF8_FULL_CONDENSED);
    table.set_header([
        "engine".to_owned(),
        format!("prompt {prompt} (tok/s)"),
        format!("generate {generate} (tok/s)"),
    ]);
    for (name, p, t) in &rows {
        table.add_row([name.clone(), format!("{p:.1}"), format!("{t:.1}")]);
    }
    println!("{table}");
    if let Some((_, bp, bt)) = rows.get(1) {
        println!(
            "ats ÷ llama.cpp: prompt {:.2}, generation {:.2}",
            pp / bp,
            tg / bt
        );
    }
    println!("{}, best of {passes} passes", model.display());
    Ok(())
}
