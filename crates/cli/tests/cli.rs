//! The `ats` command line as users and scripts call it: a real binary, a
//! real SQLite file in a temporary data directory, real files.

use serde_json::Value;
use std::io::{BufRead, BufReader, Write};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

fn fixtures() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../tests/fixtures")
}

mod common;
use common::run;

fn ats(data: &Path) -> Command {
    let mut c = common::ats(data);
    c.arg("--reference-date").arg("2026-11-25");
    c
}

#[test]
fn parse_prints_json_resume_or_a_json_error() {
    let data = tempfile::tempdir().unwrap();
    let out = run(ats(data.path())
        .arg("parse")
        .arg(fixtures().join("resumes/r02_sb2nov.pdf")));
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["basics"]["name"], "Sourabh Bajaj");
    assert_eq!(v["work"][0]["name"], "Google");
    assert_eq!(v["x-ats"]["referenceDate"], "2026-11-25");
    assert!(
        out.stderr.is_empty(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );

    let bad = data.path().join("random.pdf");
    std::fs::write(&bad, [0u8, 159, 146, 150, 7, 0, 0, 1, 2, 3, 4, 5]).unwrap();
    let out = run(ats(data.path()).arg("parse").arg(&bad));
    assert_eq!(out.status.code(), Some(2));
    assert!(out.stdout.is_empty());
    let err: Value = serde_json::from_slice(&out.stderr).unwrap();
    assert_eq!(err["code"], "resume.unsupported_type");
    assert!(err["message"].as_str().unwrap().len() > 5);

    let out = run(ats(data.path())
        .arg("parse")
        .arg(data.path().join("missing.pdf")));
    assert_eq!(out.status.code(), Some(2));
    let err: Value = serde_json::from_slice(&out.stderr).unwrap();
    assert_eq!(err["code"], "resume.io");
}

#[test]
fn import_twice_then_list_and_show() {
    let data = tempfile::tempdir().unwrap();
    let input = tempfile::tempdir().unwrap();
    for f in [
        "r02_sb2nov.pdf",
        "r04_altacv_mmayer.pdf",
        "r09_jsonresume_sample.json",
    ] {
        std::fs::copy(fixtures().join("resumes").join(f), input.path().join(f)).unwrap();
    }
    std::fs::write(input.path().join("broken.pdf"), b"%PDF-1.7\n1 0 obj\n<<").unwrap();

    let out = run(ats(data.path())
        .arg("import")
        .arg("--json")
        .arg(input.path()));
    assert_eq!(
        out.status.code(),
        Some(3),
        "a failed file makes the exit non-zero"
    );
    let reports: Vec<Value> = String::from_utf8_lossy(&out.stdout)
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    let status = |s: &str| reports.iter().filter(|r| r["status"] == s).count();
    assert_eq!(
        (status("imported"), status("failed")),
        (3, 1),
        "{reports:?}"
    );
    let failed = reports.iter().find(|r| r["status"] == "failed").unwrap();
    assert_eq!(failed["code"], "resume.corrupt");

    // The same folder again: nothing new, every good file a duplicate.
    let out = run(ats(data.path()).arg("import").arg(input.path()));
    let table = String::from_utf8_lossy(&out.stdout);
    assert!(table.contains("duplicates"), "{table}");
    assert!(table.contains("resume.corrupt"), "{table}");

    let out = run(ats(data.path()).args(["candidates", "list", "--json"]));
    let list: Vec<Value> = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(list.len(), 3);
    let mayer = list.iter().find(|c| c["name"] == "Marissa Mayer").unwrap();
    let id = mayer["id"].as_str().unwrap();

    let out = run(ats(data.path()).args(["candidates", "show", &id[..8], "--json"]));
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let detail: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(detail["resume"]["work"].as_array().unwrap().len(), 4);
    assert_eq!(detail["files"][0]["original_name"], "r04_altacv_mmayer.pdf");

    let out = run(ats(data.path()).args(["candidates", "show", &id[..8]]));
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        text.contains("Marissa Mayer") && text.contains("Stanford University"),
        "{text}"
    );
}

#[test]
fn watch_once_survives_restarts_without_reimporting() {
    let data = tempfile::tempdir().unwrap();
    let drop = tempfile::tempdir().unwrap();
    std::fs::copy(
        fixtures().join("resumes/r02_sb2nov.pdf"),
        drop.path().join("a.pdf"),
    )
    .unwrap();
    let watch = |settle: &str| {
        run(ats(data.path())
            .args(["watch", "--once", "--settle-secs", settle])
            .arg(drop.path()))
    };
    let first = String::from_utf8_lossy(&watch("0.1").stdout).into_owned();
    assert_eq!(first.matches("imported").count(), 1, "{first}");

    let again = String::from_utf8_lossy(&watch("0.1").stdout).into_owned();
    assert!(again.trim().is_empty(), "a restart re-imported: {again}");

    std::fs::copy(
        fixtures().join("resumes/r04_altacv_mmayer.pdf"),
        drop.path().join("b.pdf"),
    )
    .unwrap();
    let third = String::from_utf8_lossy(&watch("0.1").stdout).into_owned();
    assert_eq!(third.matches("imported").count(), 1, "{third}");
    assert!(third.contains("b.pdf"), "{third}");
}

#[test]
fn watch_imports_a_file_once_it_stops_growing() {
    let data = tempfile::tempdir().unwrap();
    let drop = tempfile::tempdir().unwrap();
    let mut child = ats(data.path())
        .args(["watch", "--settle-secs", "0.5"])
        .arg(drop.path())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let stdout = child.stdout.take().unwrap();
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        for line in BufReader::new(stdout).lines().map_while(Result::ok) {
            let _ = tx.send(line);
        }
    });
    std::thread::sleep(Duration::from_millis(300));
    // Write the file in slow pieces, as a copy over a network share would.
    let bytes = std::fs::read(fixtures().join("resumes/r07_bewerbung_de.pdf")).unwrap();
    let path = drop.path().join("slow.pdf");
    let mut f = std::fs::File::create(&path).unwrap();
    for chunk in bytes.chunks(bytes.len() / 4 + 1) {
        f.write_all(chunk).unwrap();
        f.flush().unwrap();
        std::thread::sleep(Duration::from_millis(150));
    }
    drop_file(f);
    let start = Instant::now();
    let mut lines = Vec::new();
    while start.elapsed() < Duration::from_secs(20) {
        if let Ok(line) = rx.recv_timeout(Duration::from_millis(200)) {
            lines.push(line);
            if lines.iter().any(|l| l.contains("imported")) {
                break;
            }
        }
    }
    child.kill().unwrap();
    child.wait().unwrap();
    assert_eq!(
        lines.iter().filter(|l| l.contains("imported")).count(),
        1,
        "{lines:?}"
    );
    assert!(
        !lines.iter().any(|l| l.contains("failed")),
        "imported before it was complete: {lines:?}"
    );

    let out = run(ats(data.path()).args(["candidates", "list", "--json"]));
    let list: Vec<Value> = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(list.len(), 1);
    assert_eq!(list[0]["name"], "Eva Mustermann");
}

fn drop_file(f: std::fs::File) {
    f.sync_all().unwrap();
}

#[test]
fn analyze_add_and_rank_a_job() {
    let data = tempfile::tempdir().unwrap();
    let job = fixtures().join("jds/j01_compiler_senior_swe_2025.md");
    let out = run(ats(data.path())
        .args(["job", "analyze", "--json"])
        .arg(&job));
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let analysis: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(analysis["title"], "Senior Software Engineer");
    assert_eq!(analysis["min_years"], 4);
    assert!(
        analysis["must_have"]
            .as_array()
            .unwrap()
            .iter()
            .any(|r| r["skill"] == "Python")
    );

    for f in [
        "resumes/r02_sb2nov.pdf",
        "resumes/r07_bewerbung_de.pdf",
        "us_style.txt",
    ] {
        let out = run(ats(data.path()).arg("import").arg(fixtures().join(f)));
        assert!(out.status.success());
    }
    let out = run(ats(data.path()).args(["job", "add"]).arg(&job));
    let added = String::from_utf8_lossy(&out.stdout).into_owned();
    let id = added.trim().to_owned();
    assert_eq!(id.len(), 36, "job add prints the new id: {added}");
    let out = run(ats(data.path()).args(["rank", &id, "--json"]));
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let ranked: Vec<Value> = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(ranked.len(), 3);
    // Without a job id, the job added last is ranked.
    let latest = run(ats(data.path()).args(["rank", "--json"]));
    assert_eq!(
        serde_json::from_slice::<Vec<Value>>(&latest.stdout).unwrap(),
        ranked
    );
    let scores: Vec<f64> = ranked
        .iter()
        .map(|r| r["fit"]["score"].as_f64().unwrap())
        .collect();
    assert!(scores.windows(2).all(|w| w[0] >= w[1]), "{scores:?}");
    // The vet has none of the web skills: last, with every must-have missing.
    let last = &ranked[2]["fit"];
    assert!(
        last["must_have"]
            .as_array()
            .unwrap()
            .iter()
            .all(|r| r["met"] == false)
    );
    let top = &ranked[0]["fit"];
    let met: Vec<&Value> = top["must_have"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|r| r["met"] == true)
        .collect();
    assert!(met.iter().all(|r| r["evidence"].is_string()), "{top}");
    // Requirement phrases are compared by meaning with stored resume phrases.
    let phrase_reqs: Vec<&Value> = ranked
        .iter()
        .flat_map(|r| {
            let f = &r["fit"];
            f["must_have"]
                .as_array()
                .unwrap()
                .iter()
                .chain(f["nice_to_have"].as_array().unwrap())
        })
        .filter(|r| r["kind"] == "phrase")
        .collect();
    assert!(!phrase_reqs.is_empty());
    assert!(phrase_reqs.iter().all(|r| r["similarity"].is_number()));
    assert!(
        phrase_reqs
            .iter()
            .any(|r| r["met"] == true && r["evidence"].as_str().unwrap().contains("Docker")),
        "{phrase_reqs:?}"
    );

    // The job came with a rubric; edits are validated and versioned.
    let out = run(ats(data.path()).args(["rubric", "show", &id, "--json"]));
    let mut rubric: Value = serde_json::from_slice(&out.stdout).unwrap();
    let dims = rubric["dimensions"].as_array().unwrap();
    let sum: f64 = dims.iter().map(|d| d["weight"].as_f64().unwrap()).sum();
    assert!((sum - 1.0).abs() < 1e-3, "{sum}");
    rubric["dimensions"][0]["weight"] = Value::from(5.0);
    let edited = data.path().join("rubric.json");
    std::fs::write(&edited, rubric.to_string()).unwrap();
    let out = run(ats(data.path()).args(["rubric", "edit", &id]).arg(&edited));
    assert_eq!(out.status.code(), Some(2));
    let err: Value = serde_json::from_slice(&out.stderr).unwrap();
    assert_eq!(err["code"], "rubric.invalid");
    let n = rubric["dimensions"].as_array().unwrap().len();
    for d in rubric["dimensions"].as_array_mut().unwrap() {
        d["weight"] = Value::from(1.0 / n as f64);
    }
    std::fs::write(&edited, rubric.to_string()).unwrap();
    let out = run(ats(data.path()).args(["rubric", "edit", &id]).arg(&edited));
    assert!(
        String::from_utf8_lossy(&out.stdout).contains("rubric v2"),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

/// A resume whose text once panicked after parsing (case mapping that moves
/// byte offsets) beside a good one: `ats import` imports both and `ats rank`
/// still works afterwards, instead of exiting with status 101.
#[test]
fn hostile_text_in_a_batch_loses_nothing_and_rank_still_works() {
    let data = tempfile::tempdir().unwrap();
    let input = tempfile::tempdir().unwrap();
    std::fs::write(
        input.path().join("hostile.txt"),
        "Ada Quill\nada@example.org\n\nSkills\nİ Python– \u{212B}, Rust\n",
    )
    .unwrap();
    std::fs::copy(
        fixtures().join("resumes/r02_sb2nov.pdf"),
        input.path().join("good.pdf"),
    )
    .unwrap();
    let out = run(ats(data.path())
        .arg("import")
        .arg("--json")
        .arg(input.path()));
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let reports: Vec<Value> = String::from_utf8_lossy(&out.stdout)
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(reports.len(), 2);
    assert!(
        reports.iter().all(|r| r["status"] == "imported"),
        "{reports:?}"
    );
    let posting = input.path().join("posting.md");
    std::fs::write(
        &posting,
        "# Backend Engineer\n\nLocation: \u{212A}iel\n\n## Requirements\n- Python\n- Rust\n",
    )
    .unwrap();
    let out = run(ats(data.path()).args(["job", "add"]).arg(&posting));
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let out = run(ats(data.path()).args(["rank", "--json"]));
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let ranked: Vec<Value> = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(ranked.len(), 2);
}
