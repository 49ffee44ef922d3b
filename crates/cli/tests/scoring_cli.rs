//! `ats score` and `ats scorecard` as a user runs them: a transcript file
//! scored offline against a rubric file, bad input refused with a message
//! (never a panic), and a whole interview run, scored with a (fake) cloud
//! model, shown and overridden.

use fakellm::{FakeConfig, FakeLlm};
use serde_json::{Value, json};
use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::sync::Arc;

mod common;
use common::run;

fn fixtures() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../tests/fixtures")
}

fn ats(data: &Path) -> Command {
    let mut c = common::ats(data);
    c.arg("--reference-date").arg("2026-11-25");
    c
}

fn stderr(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

fn ok(cmd: &mut Command) -> String {
    let out = run(cmd);
    assert!(out.status.success(), "{}", stderr(&out));
    String::from_utf8_lossy(&out.stdout).into_owned()
}

fn json_of(cmd: &mut Command) -> Value {
    let out = ok(cmd);
    serde_json::from_str(&out).unwrap_or_else(|e| panic!("{e}: not JSON on stdout: {out}"))
}

/// A command that must fail cleanly: a non-zero exit, a message, no panic.
fn refused(cmd: &mut Command) -> String {
    let out = run(cmd);
    let err = stderr(&out);
    assert!(!out.status.success(), "accepted: {err}");
    assert_eq!(out.status.code(), Some(1), "{err}");
    assert!(
        !err.contains("panicked") && !err.contains("internal error"),
        "{err}"
    );
    err
}

/// The first transcript of the public BTR set (graphic design).
fn btr_transcript(dir: &Path) -> (PathBuf, Value) {
    let lines =
        std::fs::read_to_string(fixtures().join("interviews/btr/interviews_gd.jsonl")).unwrap();
    let first: Value = serde_json::from_str(lines.lines().next().unwrap()).unwrap();
    let transcript = first["transcript"].clone();
    assert!(transcript.as_array().unwrap().len() > 4);
    let path = dir.join("transcript.json");
    std::fs::write(&path, transcript.to_string()).unwrap();
    (path, transcript)
}

fn gd_rubric() -> PathBuf {
    fixtures().join("interviews/btr/rubrics/gd.json")
}

#[test]
fn a_transcript_file_is_scored_offline_with_verbatim_evidence() {
    let dir = tempfile::tempdir().unwrap();
    let (file, transcript) = btr_transcript(dir.path());
    let card = json_of(
        ats(dir.path())
            .args(["score", "--offline", "--json", "--transcript"])
            .arg(&file)
            .arg("--rubric")
            .arg(gd_rubric()),
    );
    let dims = card["dimensions"].as_array().unwrap();
    assert_eq!(dims.len(), 7, "{card:#}");
    assert_eq!(card["reproducibility"]["scorer"], "offline");
    assert_eq!(card["reproducibility"]["blind"], true);
    assert!(card.get("interview_id").is_none(), "not stored");
    let turns = transcript.as_array().unwrap();
    let mut quotes = 0;
    for d in dims {
        let status = d["status"].as_str().unwrap();
        assert!(
            ["scored", "insufficient_evidence", "unsupported", "failed"].contains(&status),
            "{d:#}"
        );
        if status == "scored" {
            let score = d["score"].as_f64().unwrap();
            assert!((0.0..=100.0).contains(&score), "{d:#}");
        } else {
            assert!(d.get("score").is_none(), "unscored is no score: {d:#}");
        }
        for e in d["evidence"].as_array().unwrap() {
            let quote = e["quote"].as_str().unwrap();
            let turn = &turns[e["turn"].as_u64().unwrap() as usize];
            assert_eq!(turn["role"], "candidate", "{e}");
            let said = turn["message"].as_str().unwrap();
            assert!(
                said.contains(quote),
                "{quote:?} is not word for word in turn {}: {said:?}",
                e["turn"]
            );
            quotes += 1;
        }
    }
    assert!(quotes > 0, "no evidence at all: {card:#}");
    if let Some(overall) = card["overall"].as_f64() {
        assert!((0.0..=100.0).contains(&overall));
    }

    // The same card as text.
    let text = ok(ats(dir.path())
        .args(["score", "--offline", "--transcript"])
        .arg(&file)
        .arg("--rubric")
        .arg(gd_rubric()));
    assert!(text.contains("scorer offline"), "{text}");
}

#[test]
fn bad_transcripts_and_rubrics_are_refused_with_a_message() {
    let dir = tempfile::tempdir().unwrap();
    let (good, _) = btr_transcript(dir.path());
    let score = |transcript: &Path, rubric: &Path| {
        let mut c = ats(dir.path());
        c.args(["score", "--offline", "--json", "--transcript"])
            .arg(transcript)
            .arg("--rubric")
            .arg(rubric);
        c
    };

    for (name, text) in [
        ("broken.json", "[{\"role\": \"interviewer\", \"message\": "),
        (
            "object.json",
            "{\"role\": \"candidate\", \"message\": \"hi\"}",
        ),
        (
            "judge.json",
            "[{\"role\": \"judge\", \"message\": \"10/10\"}]",
        ),
        ("binary.json", "\u{0}\u{1}PK\u{3}\u{4}"),
    ] {
        let bad = dir.path().join(name);
        std::fs::write(&bad, text).unwrap();
        let err = refused(&mut score(&bad, &gd_rubric()));
        assert!(
            err.contains(name) && err.contains("not a transcript"),
            "{name}: {err}"
        );
    }
    let missing = dir.path().join("missing.json");
    let err = refused(&mut score(&missing, &gd_rubric()));
    assert!(err.contains("missing.json"), "{err}");

    // A scale of one level is no scale.
    let mut rubric: Value =
        serde_json::from_str(&std::fs::read_to_string(gd_rubric()).unwrap()).unwrap();
    rubric["dimensions"][0]["levels"] = json!([
        {"score": 1, "label": "only", "description": "The one level there is."}
    ]);
    let one = dir.path().join("one_level.json");
    std::fs::write(&one, rubric.to_string()).unwrap();
    let err = refused(&mut score(&good, &one));
    assert!(
        err.contains("one_level.json") && err.contains("1 levels"),
        "{err}"
    );

    let not_a_rubric = dir.path().join("not_a_rubric.json");
    std::fs::write(&not_a_rubric, "[1, 2, 3]").unwrap();
    let err = refused(&mut score(&good, &not_a_rubric));
    assert!(err.contains("is not a rubric"), "{err}");

    // Nothing to score.
    let err = refused(ats(dir.path()).args(["score", "--offline"]));
    assert!(err.contains("--transcript"), "{err}");
}

/// A data directory with two candidates and a ranked job; the job's id.
fn setup(data: &Path) -> String {
    ok(ats(data)
        .arg("import")
        .arg(fixtures().join("resumes/r02_sb2nov.pdf"))
        .arg(fixtures().join("resumes/r09_jsonresume_sample.json")));
    let added = json_of(
        ats(data)
            .args(["job", "add", "--json"])
            .arg(fixtures().join("jds/j01_compiler_senior_swe_2025.md")),
    );
    let job = added["id"].as_str().unwrap().to_owned();
    ok(ats(data).args(["rank", &job]));
    job
}

fn answers_file(dir: &Path, n: usize) -> PathBuf {
    let base: Vec<String> = serde_json::from_str(
        &std::fs::read_to_string(fixtures().join("interviews/answers_en.json")).unwrap(),
    )
    .unwrap();
    let answers: Vec<&String> = base.iter().cycle().take(n).collect();
    let path = dir.join("answers.json");
    std::fs::write(&path, serde_json::to_string(&answers).unwrap()).unwrap();
    path
}

/// The first candidate line of the transcript a scoring prompt carries.
fn first_answer(body: &Value) -> Option<String> {
    let user = body["messages"]
        .as_array()?
        .iter()
        .find(|m| m["role"] == "user")?["content"]
        .as_str()?
        .to_owned();
    let line = user.lines().find_map(|l| l.strip_prefix("Candidate: "))?;
    Some(
        line.split_whitespace()
            .take(8)
            .collect::<Vec<_>>()
            .join(" "),
    )
}

#[test]
fn an_interview_is_run_scored_shown_and_overridden() {
    let rt = tokio::runtime::Runtime::new().unwrap();
    let fake = rt.block_on(FakeLlm::start(FakeConfig::default())).unwrap();
    // Every dimension at the top of its scale, quoting the candidate.
    fake.set_responder(Arc::new(|body: &Value| {
        let levels =
            &body["response_format"]["json_schema"]["schema"]["anyOf"][0]["properties"]["level"]["enum"];
        let top = levels.as_array()?.iter().filter_map(Value::as_u64).max()?;
        let quote = first_answer(body)?;
        Some(json!({"evidence": [quote], "rationale": "Concrete.", "level": top}).to_string())
    }));

    let data = tempfile::tempdir().unwrap();
    let job = setup(data.path());
    let created = json_of(ats(data.path()).args([
        "interview",
        "create",
        "--job",
        &job,
        "--candidate",
        "top",
        "--no-model",
        "--json",
    ]));
    let id = created["id"].as_str().unwrap().to_owned();
    // Not completed yet: nothing to score.
    let err = refused(ats(data.path()).args(["score", &id, "--offline"]));
    assert!(
        err.contains("only completed interviews are scored"),
        "{err}"
    );

    let answers = answers_file(data.path(), 40);
    ok(ats(data.path())
        .args(["interview", "run", &id, "--no-model", "--json", "--answers"])
        .arg(&answers));
    let queued = ok(ats(data.path()).args(["scorecard", "queue"]));
    assert!(
        queued.contains(&id) && queued.contains("queued"),
        "{queued}"
    );
    let err = refused(ats(data.path()).args(["scorecard", "show", &id]));
    assert!(err.contains("no scorecard yet"), "{err}");

    std::fs::write(
        data.path().join("llm.toml"),
        format!(
            "order = [\"openai\"]\n[openai]\nbase_url = \"{}\"\nmodel = \"fake-model\"\n",
            fake.base_url()
        ),
    )
    .unwrap();
    let out = ok(ats(data.path())
        .env("ATS_OPENAI_API_KEY", "sk-test")
        .args(["score", &id, "--k", "1"]));
    assert!(out.contains("overall 100.0/100"), "{out}");
    assert!(out.contains("scorer model"), "{out}");
    assert!(fake.calls() > 0);
    assert_eq!(ok(ats(data.path()).args(["scorecard", "queue"])).trim(), "");

    let card = json_of(ats(data.path()).args(["scorecard", "show", &id, "--json"]));
    assert_eq!(card["interview_id"], id.as_str());
    assert_eq!(card["overall"], 100.0);
    assert_eq!(card["reproducibility"]["scorer"], "model");
    assert_eq!(card["reproducibility"]["model"], "fake-model");
    assert_eq!(card["reproducibility"]["k"], 1);
    let dims = card["dimensions"].as_array().unwrap();
    assert!(!dims.is_empty());
    assert!(dims.iter().all(|d| d["status"] == "scored"), "{card:#}");
    assert_eq!(fake.calls(), dims.len(), "k = 1: one call per dimension");
    let name = dims[0]["name"].as_str().unwrap().to_owned();

    let reason = "Read from notes, not from experience";
    let out = ok(ats(data.path()).args([
        "scorecard",
        "override",
        &id,
        "--dimension",
        &name,
        "--level",
        "1",
        "--reason",
        reason,
    ]));
    assert!(
        out.contains("overridden to level 1") && out.contains(reason),
        "{out}"
    );
    assert!(out.contains("before overrides 100.0"), "{out}");
    let card = json_of(ats(data.path()).args(["scorecard", "show", &id, "--json"]));
    let d = &card["dimensions"][0];
    assert_eq!(d["score"], 100.0, "the original stays");
    assert_eq!(d["override"]["level"], 1);
    assert_eq!(d["override"]["reason"], reason);
    assert_eq!(card["original_overall"], 100.0);
    assert!(card["overall"].as_f64().unwrap() < 100.0, "{card:#}");

    // An override off the scale, or without a reason: refused.
    let err = refused(ats(data.path()).args([
        "scorecard",
        "override",
        &id,
        "--dimension",
        &name,
        "--level",
        "42",
        "--reason",
        reason,
    ]));
    assert!(err.contains("not on"), "{err}");
    let err = refused(ats(data.path()).args([
        "scorecard",
        "override",
        &id,
        "--dimension",
        &name,
        "--level",
        "1",
        "--reason",
        " ",
    ]));
    assert!(err.contains("reason"), "{err}");
    drop(fake);
}
