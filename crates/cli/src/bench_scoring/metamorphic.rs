//! The metamorphic judge tests of *Beyond the Resumé*: an exchange appended
//! to a base interview (irrelevant, flattering, repeated, or evidence at a
//! level, or withdrawing that evidence) must leave every score alone or move
//! one the right way. Scores are the levels the scorecard shows.

use super::{Options, truth_index};
use anyhow::{Context, Result};
use ats_core::rubric::Rubric;
use ats_core::scoring::{Speaker, Transcript, Turn};
use serde::Deserialize;
use std::collections::{BTreeMap, HashMap};

/// The predicted level (its score) per dimension; `None`: not scored.
pub type Levels = BTreeMap<String, Option<f32>>;

#[derive(Deserialize)]
struct TestFile {
    tests: BTreeMap<String, Exchange>,
}

#[derive(Deserialize, Clone)]
struct Exchange {
    interviewer_turn: String,
    applicant_turn: String,
    #[serde(default)]
    belief_update: Option<Update>,
}

#[derive(Deserialize, Clone)]
pub struct Update {
    dimension: String,
    level: String,
    direction: String,
}

/// One test: the transcript before and after the exchange under test.
pub struct Case {
    /// The test file's name (`irrelevance`, `low-evidence-debase`, …).
    pub set: String,
    /// The base interview (`gd_3`); its prefix is the rubric's domain.
    pub base: String,
    pub before: Transcript,
    pub after: Transcript,
    pub update: Option<Update>,
}

impl Case {
    pub fn domain(&self) -> &str {
        self.base.split('_').next().unwrap_or("")
    }
}

fn with(base: &Transcript, exchanges: &[&Exchange]) -> Transcript {
    let mut t = base.clone();
    for e in exchanges {
        t.turns.push(Turn {
            role: Speaker::Interviewer,
            message: e.interviewer_turn.clone(),
            question_id: None,
        });
        t.turns.push(Turn {
            role: Speaker::Candidate,
            message: e.applicant_turn.clone(),
            question_id: None,
        });
    }
    t
}

/// Every test of `DIR/judge-tests` whose base interview has a rubric (and
/// is of `--domains`, when given), at most `--metamorphic-limit` bases per
/// domain. `uniform-prior` is left out: it needs the upstream resumes.
pub fn cases(o: &Options, rubrics: &HashMap<String, Rubric>) -> Result<Vec<Case>> {
    let dir = o.dir.join("judge-tests");
    let mut bases: BTreeMap<String, Transcript> = BTreeMap::new();
    for entry in std::fs::read_dir(dir.join("base-interviews"))? {
        let path = entry?.path();
        let id = path
            .file_stem()
            .and_then(|s| s.to_str())
            .unwrap_or("")
            .to_owned();
        let domain = id.split('_').next().unwrap_or("");
        if !rubrics.contains_key(domain)
            || (!o.domains.is_empty() && !o.domains.iter().any(|d| d == domain))
        {
            continue;
        }
        bases.insert(id, crate::score::read_transcript(&path)?);
    }
    let mut per_domain: HashMap<String, usize> = HashMap::new();
    bases.retain(|id, _| {
        let n = per_domain
            .entry(id.split('_').next().unwrap_or("").to_owned())
            .or_default();
        *n += 1;
        *n <= o.metamorphic_limit.unwrap_or(usize::MAX)
    });
    let mut files: BTreeMap<String, TestFile> = BTreeMap::new();
    for entry in std::fs::read_dir(&dir)? {
        let path = entry?.path();
        let name = path
            .file_stem()
            .and_then(|s| s.to_str())
            .unwrap_or("")
            .to_owned();
        if path.extension().is_some_and(|e| e == "json") && name != "uniform-prior" {
            let text = std::fs::read_to_string(&path)?;
            files.insert(
                name,
                serde_json::from_str(&text).with_context(|| format!("{}", path.display()))?,
            );
        }
    }
    let mut out = Vec::new();
    for (name, file) in &files {
        let first = name.strip_suffix("-debase").and_then(|n| files.get(n));
        for (id, base) in &bases {
            let Some(test) = file.tests.get(id) else {
                continue;
            };
            let before = match first.and_then(|f| f.tests.get(id)) {
                Some(e) => with(base, &[e]),
                None => base.clone(),
            };
            let after = with(&before, &[test]);
            out.push(Case {
                set: name.clone(),
                base: id.clone(),
                before,
                after,
                update: test.belief_update.clone(),
            });
        }
    }
    Ok(out)
}

/// Whether the scores moved as the test expects: none at all for a test
/// without an update; else the dimension reaches the level or comes closer
/// to it ("up"), or ends off it and no closer ("down").
pub fn judged(before: &Levels, after: &Levels, update: Option<&Update>, rubric: &Rubric) -> bool {
    let Some(u) = update else {
        return before == after;
    };
    let Some(target) = truth_index(rubric, &u.dimension, &u.level) else {
        return false;
    };
    let at = |m: &Levels| -> Option<f32> {
        let s = m.get(&u.dimension).copied().flatten()?;
        let d = rubric.dimensions.iter().find(|d| d.name == u.dimension)?;
        let scale = d.scale();
        let lo = scale.first()?.score as f32;
        let step = (scale.last()?.score as f32 - lo) / (scale.len() as f32 - 1.0).max(1.0);
        Some((s - lo) / step)
    };
    let t = target as f32;
    match (at(before), at(after), u.direction.as_str()) {
        (b, Some(a), "up") => a == t || b.is_none_or(|b| (a - t).abs() < (b - t).abs()),
        (Some(b), Some(a), _) => a != t && (a - t).abs() >= (b - t).abs(),
        (None, Some(a), _) => a != t,
        (Some(_), None, _) => true,
        (None, None, dir) => dir != "up",
    }
}

/// Pass counts per set and domain group: `(set, [(tests, passed)] per
/// group)`, groups in the order of `groups`.
pub type Table = Vec<(String, Vec<(usize, usize)>)>;

/// Tally the cases with a verdict each into rows per set, columns per group
/// of domains.
pub fn tally<'a>(results: impl Iterator<Item = (&'a Case, bool)>, groups: &[&[&str]]) -> Table {
    let mut rows: BTreeMap<String, Vec<(usize, usize)>> = BTreeMap::new();
    for (case, ok) in results {
        let row = rows
            .entry(case.set.clone())
            .or_insert_with(|| vec![(0, 0); groups.len()]);
        if let Some(g) = groups.iter().position(|g| g.contains(&case.domain())) {
            row[g].0 += 1;
            row[g].1 += usize::from(ok);
        }
    }
    rows.into_iter().collect()
}

/// Mean pass rate over the sets of one group (sets without tests left out).
pub fn mean_rate(table: &Table, group: usize) -> f64 {
    let rates: Vec<f64> = table
        .iter()
        .filter_map(|(_, cols)| {
            let (n, p) = cols[group];
            (n > 0).then(|| p as f64 / n as f64)
        })
        .collect();
    rates.iter().sum::<f64>() / rates.len().max(1) as f64
}

pub fn print(title: &str, table: &Table, headers: &[&str]) {
    println!("\n{title}");
    println!("| set | {} |", headers.join(" | "));
    println!("|---|{}", "---:|".repeat(headers.len()));
    let cell = |(n, p): (usize, usize)| {
        if n == 0 {
            "–".to_owned()
        } else {
            format!("{p}/{n} ({:.0} %)", p as f64 * 100.0 / n as f64)
        }
    };
    for (set, cols) in table {
        let cells: Vec<String> = cols.iter().map(|c| cell(*c)).collect();
        println!("| {set} | {} |", cells.join(" | "));
    }
    let means: Vec<String> = (0..headers.len())
        .map(|g| format!("{:.0} %", mean_rate(table, g) * 100.0))
        .collect();
    println!("| mean of sets | {} |", means.join(" | "));
}

/// The domain groups the table reports apart: the offline scorer's knobs
/// are fitted on graphic design only, so ml and sales are unseen.
pub const GROUPS: [&[&str]; 2] = [&["gd"], &["ml", "sales"]];
pub const HEADERS: [&str; 2] = ["gd (tuning domain)", "ml + sales (held out)"];

/// Score every case's transcripts (each distinct one once) and print the
/// pass rates.
pub async fn run(
    o: &Options,
    service: &ats_core::scoring::ScoringService,
    rubrics: &HashMap<String, Rubric>,
) -> Result<()> {
    let cases = cases(o, rubrics)?;
    let started = std::time::Instant::now();
    let mut cache: HashMap<String, Levels> = HashMap::new();
    let mut verdicts = Vec::new();
    for (i, case) in cases.iter().enumerate() {
        let rubric = &rubrics[case.domain()];
        let mut scores = Vec::new();
        for t in [&case.before, &case.after] {
            let key = serde_json::to_string(t)?;
            if !cache.contains_key(&key) {
                let card = service
                    .score_transcript(t, rubric, &[], &|_| None, None, None)
                    .await?;
                cache.insert(key.clone(), super::medians(&card));
            }
            scores.push(cache[&key].clone());
        }
        verdicts.push(judged(&scores[0], &scores[1], case.update.as_ref(), rubric));
        if (i + 1) % 30 == 0 {
            eprintln!(
                "metamorphic: {}/{} tests ({:.0} s)",
                i + 1,
                cases.len(),
                started.elapsed().as_secs_f64()
            );
        }
    }
    let bases: std::collections::BTreeSet<&str> = cases.iter().map(|c| c.base.as_str()).collect();
    print(
        &format!(
            "metamorphic judge tests on {} base interviews ({} scorecards, {:.0} s)",
            bases.len(),
            cache.len(),
            started.elapsed().as_secs_f64()
        ),
        &tally(cases.iter().zip(verdicts), &GROUPS),
        &HEADERS,
    );
    Ok(())
}
