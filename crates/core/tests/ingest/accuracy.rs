//! Field accuracy on the real resumes of the evaluation set, against their
//! truth files. Prints a table (`cargo test -p ats-core --test ingest
//! accuracy -- --nocapture`) and asserts per-field and mean thresholds.

use crate::support;
use ats_core::resume::JsonResume;
use serde_json::Value;

/// Folds the Latin diacritics of English, German and French text
/// ("Université" = "Universite", "Grüße" = "Grusse").
fn fold(c: char) -> &'static str {
    match c {
        'à' | 'á' | 'â' | 'ã' | 'ä' | 'å' => "a",
        'ç' => "c",
        'è' | 'é' | 'ê' | 'ë' => "e",
        'ì' | 'í' | 'î' | 'ï' => "i",
        'ñ' => "n",
        'ò' | 'ó' | 'ô' | 'õ' | 'ö' | 'ø' => "o",
        'ù' | 'ú' | 'û' | 'ü' => "u",
        'ý' | 'ÿ' => "y",
        'ß' => "ss",
        'æ' => "ae",
        'œ' => "oe",
        _ => "",
    }
}

/// Normal form for comparing a field with the truth: case, diacritics,
/// punctuation and spacing do not count; every word does.
pub fn norm(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars().flat_map(char::to_lowercase) {
        match fold(c) {
            "" if c.is_alphanumeric() => out.push(c),
            "" => out.push(' '),
            folded => out.push_str(folded),
        }
    }
    out.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Equal after normalisation. Not containment: "Engineer" is not
/// "Software Engineer", and "Google" is not "Google Maps".
pub fn same_text(a: Option<&str>, b: Option<&str>) -> bool {
    match (a, b) {
        (None, None) => true,
        (Some(a), Some(b)) => {
            let (a, b) = (norm(a), norm(b));
            !a.is_empty() && a == b
        }
        _ => false,
    }
}

fn digits(s: &str) -> String {
    s.chars().filter(char::is_ascii_digit).collect()
}

/// Phones match when their national digits agree (E.164 adds a country code
/// and drops the trunk 0).
fn same_phone(got: Option<&str>, want: Option<&str>) -> bool {
    match (got, want) {
        (None, None) => true,
        (Some(g), Some(w)) => {
            // "+44 (0)20 …": the trunk zero in parentheses is dialled only
            // from inside the country; E.164 leaves it out.
            let w = w
                .replace("(0)", "")
                .replace("( 0 )", "")
                .replace("(0 )", "");
            let (g, w) = (digits(g), digits(&w));
            let national = w.trim_start_matches('0');
            if national.is_empty() {
                return g == w; // a placeholder such as 000-00-0000
            }
            g.ends_with(national)
        }
        _ => false,
    }
}

pub fn f1(found: usize, expected: usize, matched: usize) -> f64 {
    if found == 0 && expected == 0 {
        return 1.0;
    }
    if found == 0 || expected == 0 {
        return 0.0;
    }
    let p = matched as f64 / found as f64;
    let r = matched as f64 / expected as f64;
    if p + r == 0.0 {
        0.0
    } else {
        2.0 * p * r / (p + r)
    }
}

/// (title, company, start, end) with end "present" for current positions.
type Position = (
    Option<String>,
    Option<String>,
    Option<String>,
    Option<String>,
);

fn positions(r: &JsonResume) -> Vec<Position> {
    let ext = r.x_ats.clone().unwrap_or_default();
    let mut out: Vec<_> = r
        .work
        .iter()
        .enumerate()
        .map(|(i, w)| {
            let current = ext.work.get(i).is_some_and(|x| x.current)
                || (ext.source_type == "json" && w.end_date.is_none() && w.start_date.is_some());
            let end = if current {
                Some("present".to_owned())
            } else {
                w.end_date.clone()
            };
            (
                w.position.clone(),
                w.name.clone(),
                w.start_date.clone(),
                end,
            )
        })
        .collect();
    out.extend(r.volunteer.iter().map(|v| {
        (
            v.position.clone(),
            v.organization.clone(),
            v.start_date.clone(),
            v.end_date.clone(),
        )
    }));
    out
}

fn same_date(got: Option<&str>, want: &Value) -> bool {
    let want = want.as_str();
    let trim = |s: &str| s.get(..7).unwrap_or(s).to_owned(); // JSON Resume days
    match (got, want) {
        (None, None) => true,
        (Some(g), Some(w)) => trim(g) == trim(w),
        _ => false,
    }
}

#[derive(Debug)]
pub(crate) struct Scores {
    /// What did not match, for the printed report.
    pub(crate) misses: Vec<String>,
    name: f64,
    email: f64,
    phone: f64,
    positions: f64,
    dates: f64,
    education: f64,
    skills: f64,
}

impl Scores {
    pub(crate) fn fields(&self) -> [(&'static str, f64); 7] {
        [
            ("name", self.name),
            ("email", self.email),
            ("phone", self.phone),
            ("positions", self.positions),
            ("dates", self.dates),
            ("education", self.education),
            ("skills", self.skills),
        ]
    }
}

pub(crate) fn score(r: &JsonResume, truth: &Value) -> Scores {
    let mut misses = Vec::new();
    let bool_score = |b: bool| if b { 1.0 } else { 0.0 };
    let s = |k: &str| truth[k].as_str();
    let name = bool_score(r.basics.name.as_deref().map(norm) == s("name").map(norm));
    let email = bool_score(
        r.basics.email.as_deref().map(str::to_lowercase) == s("email").map(str::to_lowercase),
    );
    let phone = bool_score(same_phone(r.basics.phone.as_deref(), s("phone")));

    let got = positions(r);
    let want = truth["positions"].as_array().cloned().unwrap_or_default();
    let mut used = vec![false; got.len()];
    let (mut matched, mut date_hits, mut date_total) = (0, 0, 0);
    for w in &want {
        let hit = got.iter().enumerate().find(|(i, g)| {
            !used[*i]
                && same_text(g.1.as_deref(), w["company"].as_str())
                && same_text(g.0.as_deref(), w["title"].as_str())
                && (same_date(g.2.as_deref(), &w["start"]) || w["start"].is_null())
        });
        date_total += 2;
        if hit.is_none() {
            misses.push(format!("position {} @ {}", w["title"], w["company"]));
        }
        if let Some((i, g)) = hit {
            used[i] = true;
            matched += 1;
            date_hits += usize::from(same_date(g.2.as_deref(), &w["start"]));
            date_hits += usize::from(same_date(g.3.as_deref(), &w["end"]));
        }
    }
    for (i, g) in got.iter().enumerate().filter(|(i, _)| !used[*i]) {
        misses.push(format!("extra position {i}: {g:?}"));
    }
    let positions = f1(got.len(), want.len(), matched);
    let dates = if date_total == 0 {
        1.0
    } else {
        date_hits as f64 / date_total as f64
    };

    let want_edu = truth["education"].as_array().cloned().unwrap_or_default();
    let mut used = vec![false; r.education.len()];
    let mut edu_hits = 0;
    for w in &want_edu {
        if let Some(i) = (0..r.education.len()).find(|&i| {
            !used[i]
                && same_text(
                    r.education[i].institution.as_deref(),
                    w["institution"].as_str(),
                )
        }) {
            used[i] = true;
            edu_hits += 1;
        } else {
            misses.push(format!("education {}", w["institution"]));
        }
    }
    for (_, e) in r.education.iter().enumerate().filter(|(i, _)| !used[*i]) {
        misses.push(format!("extra education: {:?}", e.institution));
    }
    let education = f1(r.education.len(), want_edu.len(), edu_hits);

    let got_skills: Vec<String> = ats_core::structure::skills::listed(r)
        .iter()
        .map(|s| norm(s))
        .collect();
    let want_skills: Vec<String> = truth["skills"]
        .as_array()
        .map(|a| a.iter().filter_map(|v| v.as_str()).map(norm).collect())
        .unwrap_or_default();
    let skill_hits = want_skills
        .iter()
        .filter(|s| got_skills.contains(s))
        .count();
    let skills = f1(got_skills.len(), want_skills.len(), skill_hits);
    if name == 0.0 {
        misses.push(format!("name {:?} != {:?}", r.basics.name, s("name")));
    }
    if email == 0.0 {
        misses.push(format!("email {:?} != {:?}", r.basics.email, s("email")));
    }
    if phone == 0.0 {
        misses.push(format!("phone {:?} != {:?}", r.basics.phone, s("phone")));
    }
    if skills < 1.0 {
        misses.push(format!("skills {got_skills:?} vs {want_skills:?}"));
    }
    Scores {
        misses,
        name,
        email,
        phone,
        positions,
        dates,
        education,
        skills,
    }
}

/// One document's scores with what identifies it in the tables.
struct Scored {
    id: String,
    language: String,
    scores: Scores,
}

impl Scored {
    fn mean(&self) -> f64 {
        let f = self.scores.fields();
        f.iter().map(|x| x.1).sum::<f64>() / f.len() as f64
    }
}

fn scored(resumes: &[(Value, ats_core::ingest::ParsedResume)]) -> Vec<Scored> {
    resumes
        .iter()
        .map(|(truth, parsed)| Scored {
            id: truth["id"].as_str().unwrap().to_owned(),
            language: truth["language"].as_str().unwrap_or("?").to_owned(),
            scores: score(&parsed.resume, truth),
        })
        .collect()
}

/// Prints the per-document table, the misses, each field's mean and the
/// mean per language; returns (field means, language means, overall mean).
#[allow(clippy::type_complexity)]
fn report(rows: &[Scored]) -> (Vec<(&'static str, f64)>, Vec<(String, f64)>, f64) {
    println!(
        "\n{:<24} {:>4} {:>6} {:>6} {:>6} {:>9} {:>6} {:>9} {:>6} {:>6}",
        "resume",
        "lang",
        "name",
        "email",
        "phone",
        "positions",
        "dates",
        "education",
        "skills",
        "mean"
    );
    for r in rows {
        let f = r.scores.fields();
        println!(
            "{:<24} {:>4} {:>6.2} {:>6.2} {:>6.2} {:>9.2} {:>6.2} {:>9.2} {:>6.2} {:>6.3}",
            r.id,
            r.language,
            f[0].1,
            f[1].1,
            f[2].1,
            f[3].1,
            f[4].1,
            f[5].1,
            f[6].1,
            r.mean()
        );
    }
    for r in rows {
        for miss in &r.scores.misses {
            println!("  {}: {miss}", r.id);
        }
    }
    let fields: Vec<(&'static str, f64)> = rows[0]
        .scores
        .fields()
        .iter()
        .map(|(field, _)| {
            let v: Vec<f64> = rows
                .iter()
                .map(|r| r.scores.fields().iter().find(|f| f.0 == *field).unwrap().1)
                .collect();
            (*field, v.iter().sum::<f64>() / v.len() as f64)
        })
        .collect();
    let mut languages: Vec<String> = rows.iter().map(|r| r.language.clone()).collect();
    languages.sort();
    languages.dedup();
    let languages: Vec<(String, f64)> = languages
        .into_iter()
        .map(|l| {
            let v: Vec<f64> = rows
                .iter()
                .filter(|r| r.language == l)
                .map(Scored::mean)
                .collect();
            let mean = v.iter().sum::<f64>() / v.len() as f64;
            println!("language {l:<4} {mean:.3} over {} resumes", v.len());
            (l, mean)
        })
        .collect();
    let mean = rows.iter().map(Scored::mean).sum::<f64>() / rows.len() as f64;
    println!("mean field score over {} resumes: {mean:.3}", rows.len());
    (fields, languages, mean)
}

/// Checks measured values against their floors, collecting failures.
fn check(failed: &mut Vec<String>, what: &str, value: f64, floor: f64) {
    println!("{what:<28} {value:.3} (floor {floor:.3})");
    if value + 1e-9 < floor {
        failed.push(format!("{what}: {value:.3} < {floor:.3}"));
    }
}

/// The resumes the rules were first tuned on: each stays at 1.0 through
/// its real file (regression floor).
const TUNED: [&str; 4] = [
    "r02_sb2nov",
    "r04_altacv_mmayer",
    "r07_bewerbung_de",
    "r09_jsonresume_sample",
];

/// Each document's mean through its real file as measured (rounded down):
/// where it is below 1.0 the PDF text layer still misreads the document
/// (CJK text broken by tabs, a skill label run into its list, TeX logos
/// in pieces), as the same documents' poppler texts score 1.0 (below);
/// raise these as it improves.
const REAL_FILE_FLOORS: [(&str, f64); 5] = [
    ("r17_rirekisho_html_ja", 1.0),
    ("r20_twentysec_odt", 1.0),
    ("r22_unam_es", 1.0),
    ("r24_simplecv_academic", 0.95),
    ("r25_alta_typst", 1.0),
];

#[test]
fn field_comparison_is_equality_not_containment() {
    assert!(!same_text(Some("Engineer"), Some("Software Engineer")));
    assert!(!same_text(Some("Software Engineer"), Some("Engineer")));
    assert!(!same_text(Some("Acme"), Some("Acme Robotics, Berlin")));
    assert!(!same_text(Some(""), Some("")));
    assert!(same_text(
        Some("Ecole  Polytechnique"),
        Some("École polytechnique")
    ));
    assert!(same_text(
        Some("Beispiel-Werk GmbH"),
        Some("beispiel werk gmbh")
    ));
    assert!(same_text(None, None));
    assert!(!same_text(Some("Acme"), None));
}

/// The real files through the whole pipeline (`cargo test --workspace
/// --test ingest -- accuracy::real --nocapture` prints the table).
#[test]
fn real_resumes_meet_field_thresholds() {
    let resumes = support::real_resumes();
    assert!(resumes.len() >= 4);
    let rows = scored(&resumes);
    report(&rows);
    let mut failed = Vec::new();
    for r in &rows {
        let floor = if TUNED.contains(&r.id.as_str()) {
            1.0
        } else {
            REAL_FILE_FLOORS
                .iter()
                .find(|f| f.0 == r.id)
                .map_or(0.0, |f| f.1)
        };
        check(&mut failed, &r.id, r.mean(), floor);
    }
    assert!(failed.is_empty(), "below the measured floors: {failed:?}");
}

/// Each real PDF's text as poppler reads it (`tests/fixtures/text`, see its
/// SOURCES.md), through the text path, with the truth of its document.
pub fn poppler_texts() -> Vec<(Value, ats_core::ingest::ParsedResume)> {
    let dir = support::fixtures().join("text");
    let parser = ats_core::ingest::ResumeParser::new(
        Default::default(),
        chrono::NaiveDate::from_ymd_opt(2026, 11, 25).unwrap(),
    );
    let mut texts: Vec<_> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.to_string_lossy().ends_with(".poppler.txt"))
        .collect();
    texts.sort();
    texts
        .iter()
        .map(|path| {
            let name = path.file_name().unwrap().to_string_lossy();
            let id = name.trim_end_matches(".poppler.txt");
            let truth_path = support::fixtures()
                .join("resumes")
                .join(format!("{id}.truth.json"));
            let truth: Value =
                serde_json::from_str(&std::fs::read_to_string(truth_path).unwrap()).unwrap();
            let parsed = parser
                .parse_kind(
                    ats_core::ingest::FileKind::Text,
                    &std::fs::read(path).unwrap(),
                )
                .unwrap();
            (truth, parsed)
        })
        .collect()
}

/// Per-field means over the poppler texts as measured.
const TEXT_FIELD_FLOORS: [(&str, f64); 7] = [
    ("name", 1.0),
    ("email", 1.0),
    ("phone", 1.0),
    ("positions", 1.0),
    ("dates", 1.0),
    ("education", 1.0),
    ("skills", 1.0),
];
/// The goal is a mean of 0.95 with no language below 0.85; the
/// measured values are the floors.
const TEXT_MEAN_FLOOR: f64 = 1.0;
const TEXT_LANGUAGE_FLOOR: f64 = 1.0;

/// Structure on the poppler texts of the real PDFs (`cargo test
/// --workspace --test ingest -- accuracy::poppler --nocapture`): what the
/// structuring gives when the text layer reads the document right.
#[test]
fn poppler_texts_meet_field_thresholds() {
    let texts = poppler_texts();
    assert!(texts.len() >= 7, "{} texts", texts.len());
    let rows = scored(&texts);
    let (fields, languages, mean) = report(&rows);
    let mut failed = Vec::new();
    for (field, floor) in TEXT_FIELD_FLOORS {
        let value = fields.iter().find(|f| f.0 == field).unwrap().1;
        check(&mut failed, field, value, floor);
    }
    for (language, value) in &languages {
        check(
            &mut failed,
            &format!("language {language}"),
            *value,
            TEXT_LANGUAGE_FLOOR,
        );
    }
    check(&mut failed, "mean", mean, TEXT_MEAN_FLOOR);
    assert!(failed.is_empty(), "below the measured floors: {failed:?}");
}
