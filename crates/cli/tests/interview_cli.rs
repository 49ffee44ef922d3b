//! `ats interview` and `ats job list` as scripts call them, and the crash
//! test: a child `ats interview run` killed with SIGKILL at random moments,
//! restarted each time, must lose no acknowledged answer, record none
//! twice, and resume at the same question with the same deadline.

use serde_json::Value;
use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::Duration;

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

fn ok(cmd: &mut Command) -> String {
    let out = run(cmd);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).into_owned()
}

fn json(cmd: &mut Command) -> Value {
    serde_json::from_str(&ok(cmd)).expect("JSON on stdout")
}

/// A data directory with two candidates and a ranked job; the job's id.
fn setup(data: &Path) -> String {
    ok(ats(data)
        .arg("import")
        .arg(fixtures().join("resumes/r02_sb2nov.pdf"))
        .arg(fixtures().join("resumes/r09_jsonresume_sample.json")));
    let added = json(
        ats(data)
            .args(["job", "add", "--json"])
            .arg(fixtures().join("jds/j01_compiler_senior_swe_2025.md")),
    );
    let job = added["id"].as_str().unwrap().to_owned();
    ok(ats(data).args(["rank", &job]));
    job
}

fn create(data: &Path, job: &str, extra: &[&str]) -> String {
    let v = json(
        ats(data)
            .args(["interview", "create", "--job", job, "--candidate", "top"])
            .args(["--no-model", "--json"])
            .args(extra),
    );
    v["id"].as_str().unwrap().to_owned()
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

fn events(data: &Path, id: &str) -> (Value, Vec<Value>) {
    let v = json(ats(data).args(["interview", "show", id, "--json"]));
    let events = v["events"].as_array().unwrap().clone();
    (v, events)
}

fn of_type<'a>(events: &'a [Value], t: &str) -> Vec<&'a Value> {
    events.iter().filter(|e| e["type"] == t).collect()
}

#[test]
fn create_edit_run_and_show_an_interview() {
    let data = tempfile::tempdir().unwrap();
    let job = setup(data.path());
    let jobs = json(ats(data.path()).args(["job", "list", "--json"]));
    assert_eq!(jobs[0]["id"], job.as_str());
    assert_eq!(jobs[0]["candidates_ranked"], 2);
    assert!(ok(ats(data.path()).args(["job", "list"])).contains("Senior Software Engineer"));

    let id = create(data.path(), &job, &[]);
    let plan = json(ats(data.path()).args(["interview", "questions", &id, "--json"]));
    let questions = plan.as_array().unwrap();
    assert!(questions.len() >= 5, "{plan}");
    assert!(questions.iter().all(|q| q["source"] == "offline"));
    // A recruiter removes the first question, reverses the rest, adds one.
    let mut edited: Vec<Value> = questions[1..].iter().rev().cloned().collect();
    edited.push(serde_json::json!({
        "kind": "technical",
        "dimension": questions[1]["dimension"],
        "text": "How would you review a pull request that changes a public API?",
        "key_points": ["Backwards compatibility", "Versioning"],
    }));
    let file = data.path().join("plan.json");
    std::fs::write(&file, serde_json::to_string(&edited).unwrap()).unwrap();
    let out = run(ats(data.path())
        .args(["interview", "questions", &id, "--json", "--edit"])
        .arg(&file));
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(String::from_utf8_lossy(&out.stderr).contains("plan version 2"));
    let v2: Vec<Value> = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v2.len(), questions.len());
    assert_eq!(v2[0]["id"], questions.last().unwrap()["id"]);
    assert_eq!(v2.last().unwrap()["source"], "recruiter");
    assert_eq!(v2.last().unwrap()["time_limit_secs"], 300);

    let answers = answers_file(data.path(), 40);
    let out = ok(ats(data.path())
        .args(["interview", "run", &id, "--no-model", "--json", "--answers"])
        .arg(&answers));
    let stream: Vec<Value> = out
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(stream[0]["type"], "welcome");
    assert_eq!(stream.last().unwrap()["type"], "complete");
    assert_eq!(stream.last().unwrap()["reason"], "finished");
    let seqs: Vec<u64> = stream.iter().map(|e| e["seq"].as_u64().unwrap()).collect();
    assert!(seqs.windows(2).all(|w| w[0] < w[1]), "{seqs:?}");
    let asked: Vec<&Value> = of_type(&stream, "question");
    assert_eq!(asked.len(), v2.len());
    assert_eq!(asked[0]["text"], v2[0]["text"]);

    let (shown, events) = events(data.path(), &id);
    assert_eq!(shown["interview"]["status"], "completed");
    let answered = of_type(&events, "answer");
    assert_eq!(answered.len(), of_type(&stream, "answer_ack").len());
    assert_eq!(of_type(&events, "judgement").len(), answered.len());
    assert!(
        ok(ats(data.path()).args(["interview", "show", &id])).contains("judged by offline judge")
    );
    // The plan can no longer change.
    let out = run(ats(data.path())
        .args(["interview", "questions", &id, "--edit"])
        .arg(&file));
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("before the interview starts"));

    // A job's defaults apply to its next interviews; flags override them.
    let settings = json(ats(data.path()).args([
        "job",
        "settings",
        &job,
        "--mix",
        "2,0,1,1",
        "--time-limit",
        "120",
        "--follow-ups",
        "0",
        "--json",
    ]));
    assert_eq!(settings["plan"]["time_limit_secs"], 120);
    assert_eq!(settings["interview"]["max_follow_ups"], 0);
    let shown = json(ats(data.path()).args(["job", "settings", &job, "--json"]));
    assert_eq!(shown, settings, "stored");
    // Values out of range are refused with the reason, and nothing stored.
    for bad in [
        &["--time-limit", "0"][..],
        &["--mix", "0,0,0,0"],
        &["--follow-ups", "99"],
    ] {
        let out = run(ats(data.path()).args(["job", "settings", &job]).args(bad));
        assert!(!out.status.success(), "{bad:?}");
        assert!(
            String::from_utf8_lossy(&out.stderr).contains("must be between"),
            "{bad:?}"
        );
    }
    let shown = json(ats(data.path()).args(["job", "settings", &job, "--json"]));
    assert_eq!(shown, settings, "nothing refused was stored");
    let quick = create(data.path(), &job, &[]);
    let plan = json(ats(data.path()).args(["interview", "questions", &quick, "--json"]));
    let plan = plan.as_array().unwrap();
    assert!(plan.iter().all(|q| q["time_limit_secs"] == 120));
    assert_eq!(
        plan.iter().filter(|q| q["kind"] == "behavioural").count(),
        0
    );
    assert_eq!(
        plan.iter().filter(|q| q["kind"] == "situational").count(),
        1
    );
    let longer = create(data.path(), &job, &["--time-limit", "600"]);
    let plan = json(ats(data.path()).args(["interview", "questions", &longer, "--json"]));
    assert!(
        plan.as_array()
            .unwrap()
            .iter()
            .all(|q| q["time_limit_secs"] == 600)
    );

    // German, and the list.
    let de = create(data.path(), &job, &["--language", "de"]);
    let plan = json(ats(data.path()).args(["interview", "questions", &de, "--json"]));
    assert!(plan[0]["text"].as_str().unwrap().contains("Sie"), "{plan}");
    let list = json(ats(data.path()).args(["interview", "list", "--json"]));
    assert_eq!(list.as_array().unwrap().len(), 4);
}

/// A small deterministic generator for kill times.
struct Lcg(u64);
impl Lcg {
    fn next(&mut self, below: u64) -> u64 {
        self.0 = self
            .0
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        (self.0 >> 33) % below
    }
}

#[test]
fn sigkill_at_random_points_loses_no_acknowledged_answer() {
    let data = tempfile::tempdir().unwrap();
    let job = setup(data.path());
    let answers = answers_file(data.path(), 60);
    let mut rng = Lcg(20261130);
    let (mut kills, mut interviews) = (0, 0);
    while kills < 50 {
        interviews += 1;
        assert!(interviews < 40, "too few kills landed: {kills}");
        let id = create(data.path(), &job, &[]);
        let mut acked: Vec<String> = Vec::new();
        loop {
            let mut child = ats(data.path())
                .args([
                    "interview",
                    "run",
                    &id,
                    "--no-model",
                    "--json",
                    "--answer-delay-ms",
                    "8",
                ])
                .arg("--answers")
                .arg(&answers)
                .stdout(Stdio::piped())
                .stderr(Stdio::null())
                .spawn()
                .unwrap();
            let stdout = child.stdout.take().unwrap();
            let reader = std::thread::spawn(move || {
                BufReader::new(stdout)
                    .lines()
                    .map_while(Result::ok)
                    .filter_map(|l| serde_json::from_str::<Value>(&l).ok())
                    .collect::<Vec<Value>>()
            });
            std::thread::sleep(Duration::from_millis(20 + rng.next(150)));
            let killed = matches!(child.try_wait(), Ok(None));
            if killed {
                child.kill().unwrap(); // SIGKILL
            }
            let status = child.wait().unwrap();
            let seen = reader.join().unwrap();
            for e in of_type(&seen, "answer_ack") {
                let cid = e["client_msg_id"].as_str().unwrap().to_owned();
                if !acked.contains(&cid) {
                    acked.push(cid);
                }
            }
            let (shown, events) = events(data.path(), &id);
            let answered: Vec<String> = of_type(&events, "answer")
                .iter()
                .map(|e| e["client_msg_id"].as_str().unwrap().to_owned())
                .collect();
            // Every acknowledged answer is stored, exactly once, in order.
            for (i, cid) in answered.iter().enumerate() {
                assert_eq!(cid, &format!("script-{i}"), "{answered:?}");
            }
            for cid in &acked {
                assert_eq!(answered.iter().filter(|a| *a == cid).count(), 1, "{cid}");
            }
            // Each question asked once (repeats aside): a restart neither
            // re-asks nor resets a deadline.
            let mut ids: Vec<&str> = of_type(&events, "question")
                .iter()
                .filter(|e| e.get("repeat").is_none())
                .map(|e| e["question_id"].as_str().unwrap())
                .collect();
            let n = ids.len();
            ids.sort_unstable();
            ids.dedup();
            assert_eq!(ids.len(), n, "a question was asked twice");
            let position = &shown["position"];
            if position["phase"] == "asking" {
                let last_ask = events
                    .iter()
                    .rev()
                    .find(|e| e["type"] == "question" || e["type"] == "follow_up")
                    .unwrap();
                let stored: chrono::DateTime<chrono::Utc> =
                    position["deadline"].as_str().unwrap().parse().unwrap();
                let sent: chrono::DateTime<chrono::Utc> =
                    last_ask["deadline"].as_str().unwrap().parse().unwrap();
                assert_eq!(stored, sent, "the open question's deadline moved");
            }
            if killed {
                kills += 1;
            } else {
                assert!(status.success(), "{status:?}");
                assert_eq!(shown["interview"]["status"], "completed");
                assert_eq!(of_type(&events, "complete").len(), 1);
                break;
            }
        }
    }
}
