//! Scorecard reports read back by independent tools: the PDF through
//! poppler (`pdftotext` for its text, `pdftoppm` for its pixels, `pdfinfo`
//! for its pages, `pdffonts` for embedding), the CSV through a small
//! RFC 4180 reader here. poppler-utils, DejaVu Sans (fonts-dejavu-core:
//! Hebrew, Arabic) and a CJK font (fonts-droid-fallback or fonts-noto-cjk)
//! must be installed: these tests fail, never skip, without them.

use ats_core::import::{Importer, import_posting};
use ats_core::ingest::ResumeParser;
use ats_core::interview::{InterviewSettings, Language, Plan};
use ats_core::report::{ReportInput, csv, pdf};
use ats_core::rubric::{Rubric, RubricDimension};
use ats_core::scoring::{
    DimensionScore, DimensionStatus, Evidence, Override, Reproducibility, Scorecard, Speaker,
    Transcript, Turn,
};
use ats_core::store::{Store, StoreOutcome, StoredScorecard};
use std::path::{Path, PathBuf};
use std::process::Command;

const QUOTE: &str = "I rewrote the ingestion pipeline in Rust and cut p99 latency by half";
const CJK_QUOTE: &str = "我和王小明一起重写了数据管道";

fn rubric() -> Rubric {
    let dim = |name: &str, weight: f32| RubricDimension {
        name: name.into(),
        weight,
        description: String::new(),
        strong: String::new(),
        weak: String::new(),
        skills: Vec::new(),
        levels: Vec::new(),
    };
    Rubric {
        dimensions: vec![
            dim("Rust systems", 0.5),
            dim("Communication", 0.3),
            dim("Problem solving", 0.2),
        ],
    }
}

/// Three dimensions: one scored with evidence, one overridden by a
/// recruiter (3 → 5), one without evidence.
fn card(rubric: &Rubric) -> Scorecard {
    let dims = vec![
        DimensionScore {
            name: "Rust systems".into(),
            weight: 0.5,
            status: DimensionStatus::Scored,
            level: Some(4.0),
            label: Some("good".into()),
            score: Some(75.0),
            runs: vec![Some(4), Some(4), Some(3)],
            spread: Some(1),
            rationale: "Owned a migration end to end; measured the result.".into(),
            evidence: vec![Evidence {
                quote: QUOTE.into(),
                turn: 1,
            }],
            note: None,
            r#override: None,
        },
        DimensionScore {
            name: "Communication".into(),
            weight: 0.3,
            status: DimensionStatus::Scored,
            level: Some(3.0),
            label: Some("adequate".into()),
            score: Some(50.0),
            runs: vec![Some(3), Some(3), Some(3)],
            spread: Some(0),
            rationale: "Clear, if brief.".into(),
            evidence: vec![Evidence {
                quote: CJK_QUOTE.into(),
                turn: 3,
            }],
            note: None,
            r#override: Some(Override {
                level: 5,
                reason: "Presented to the whole team afterwards.".into(),
                by: "Jane Doe".into(),
                at: "2026-11-20T10:00:00Z".into(),
            }),
        },
        DimensionScore {
            name: "Problem solving".into(),
            weight: 0.2,
            status: DimensionStatus::InsufficientEvidence,
            level: None,
            label: None,
            score: None,
            runs: vec![None, None, None],
            spread: None,
            rationale: String::new(),
            evidence: Vec::new(),
            note: Some("No answer touched this dimension.".into()),
            r#override: None,
        },
    ];
    Scorecard::assemble(
        Some("iv-1".into()),
        rubric,
        dims,
        vec!["Text addressed to the assessor was removed from one answer.".into()],
        Reproducibility {
            scorer: "model".into(),
            provider: "local".into(),
            model: "smollm2-360m".into(),
            model_sha256: Some("ab".repeat(32)),
            prompts: vec!["scoring.dimension@3".into()],
            temperature: 0.0,
            seed: 42,
            k: 3,
            level_rule: "median of 3 runs".into(),
            rubric_version: Some(2),
            taxonomy_version: "2025.1".into(),
            blind: true,
            software: "ats 0.1.0".into(),
        },
    )
}

fn transcript(turns: &[(&str, &str)]) -> Transcript {
    Transcript {
        turns: turns
            .iter()
            .map(|(who, text)| Turn {
                role: if *who == "q" {
                    Speaker::Interviewer
                } else {
                    Speaker::Candidate
                },
                message: (*text).into(),
                question_id: None,
            })
            .collect(),
    }
}

fn input(name: &str) -> ReportInput {
    let rubric = rubric();
    ReportInput {
        candidate_name: name.into(),
        job_title: "Senior Rust Engineer".into(),
        interview_id: "iv-1".into(),
        card: card(&rubric),
        rubric,
        transcript: transcript(&[
            ("q", "Tell me about a system you rebuilt."),
            ("a", &format!("{QUOTE}, over two quarters.")),
            ("q", "How did you share it?"),
            ("a", &format!("{CJK_QUOTE}。然后向团队做了介绍。")),
        ]),
        generated_at: "2026-11-25T09:00:00Z".into(),
    }
}

/// Run a poppler tool; a missing tool fails the test with what to install.
fn poppler(tool: &str, args: &[&str]) -> Vec<u8> {
    let out = Command::new(tool).args(args).output().unwrap_or_else(|e| {
        panic!("cannot run {tool} ({e}): install poppler-utils (apt-get install poppler-utils)")
    });
    assert!(
        out.status.success(),
        "{tool} {args:?} failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    out.stdout
}

fn save(dir: &Path, name: &str, bytes: &[u8]) -> PathBuf {
    let path = dir.join(name);
    std::fs::write(&path, bytes).unwrap();
    path
}

/// The text of a PDF with every whitespace run as one space.
fn text_of(pdf: &Path) -> String {
    let raw = poppler("pdftotext", &["-enc", "UTF-8", pdf.to_str().unwrap(), "-"]);
    String::from_utf8(raw)
        .unwrap()
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

fn pages_of(pdf: &Path) -> usize {
    let info = String::from_utf8(poppler("pdfinfo", &[pdf.to_str().unwrap()])).unwrap();
    info.lines()
        .find_map(|l| l.strip_prefix("Pages:"))
        .and_then(|n| n.trim().parse().ok())
        .expect("pdfinfo prints the page count")
}

#[test]
fn the_pdf_holds_scores_names_and_quotes_in_three_scripts() {
    let dir = tempfile::tempdir().unwrap();
    for (i, name) in ["Jane O'Neil", "Ольга Смирнова", "王小明"]
        .iter()
        .enumerate()
    {
        let bytes = pdf::render(&input(name)).unwrap();
        assert!(bytes.starts_with(b"%PDF-"));
        // Subset fonts: a CJK face whole would be megabytes.
        assert!(bytes.len() < 400_000, "{name}: {} bytes", bytes.len());
        let path = save(dir.path(), &format!("r{i}.pdf"), &bytes);
        let text = text_of(&path);
        assert!(
            text.contains(CJK_QUOTE),
            "no CJK font drew {CJK_QUOTE:?}: install fonts-droid-fallback or fonts-noto-cjk \
             (or put a CJK font in ATS_FONT_DIR)"
        );
        for needle in [
            *name,
            "Senior Rust Engineer",
            // Overall with the override: (0.5·75 + 0.3·100) / 0.8; before it 65.6.
            "84.4 / 100",
            "65.6",
            "advance",
            QUOTE,
            CJK_QUOTE,
            "Jane Doe",
            "Presented to the whole team afterwards.",
            "not scored: insufficient evidence",
            "smollm2-360m",
            "scoring.dimension@3",
            "Appendix: transcript",
            "How did you share it?",
        ] {
            assert!(text.contains(needle), "{name}: {needle:?} not in {text}");
        }

        // Every font embedded (and subset).
        let fonts = String::from_utf8(poppler("pdffonts", &[path.to_str().unwrap()])).unwrap();
        let rows: Vec<&str> = fonts.lines().skip(2).collect();
        assert!(rows.len() >= 2, "Latin and CJK faces: {fonts}");
        for row in rows {
            let cols: Vec<&str> = row.split_whitespace().collect();
            assert_eq!(cols[cols.len() - 5], "yes", "not embedded: {row}");
            assert_eq!(cols[cols.len() - 4], "yes", "no subset tag: {row}");
            assert_eq!(cols[cols.len() - 3], "yes", "no ToUnicode: {row}");
            let tag = cols[0].split_once('+').map_or("", |(tag, _)| tag);
            assert!(
                tag.len() == 6 && tag.bytes().all(|b| b.is_ascii_uppercase()),
                "{row}"
            );
        }
    }
}

#[test]
fn the_first_page_is_drawn() {
    let dir = tempfile::tempdir().unwrap();
    let path = save(
        dir.path(),
        "r.pdf",
        &pdf::render(&input("Ольга Смирнова")).unwrap(),
    );
    let prefix = dir.path().join("page");
    poppler(
        "pdftoppm",
        &[
            "-png",
            "-r",
            "40",
            "-f",
            "1",
            "-l",
            "1",
            "-singlefile",
            path.to_str().unwrap(),
            prefix.to_str().unwrap(),
        ],
    );
    let png = image::open(dir.path().join("page.png")).unwrap().to_rgb8();
    let (w, h) = png.dimensions();
    assert!(w > 300 && h > 400, "{w}×{h}");
    let pixels = png.pixels().count();
    let ink = png
        .pixels()
        .filter(|p| p.0.iter().any(|&c| c < 160))
        .count();
    // The chart's bars: saturated colour, not grey.
    let colour = png
        .pixels()
        .filter(|p| {
            let (max, min) = (p.0.iter().max().unwrap(), p.0.iter().min().unwrap());
            max - min > 80
        })
        .count();
    assert!(ink * 100 > pixels, "{ink} of {pixels} pixels inked");
    assert!(colour > 50, "{colour} coloured pixels");
}

#[test]
fn a_long_transcript_flows_over_pages() {
    let mut report = input("Jane O'Neil");
    let long = "We measured every stage before changing anything, then moved the \
                hottest path to a worker pool and kept the old one behind a flag. "
        .repeat(8);
    report.transcript = Transcript {
        turns: (0..300)
            .map(|i| Turn {
                role: if i % 2 == 0 {
                    Speaker::Interviewer
                } else {
                    Speaker::Candidate
                },
                message: if i == 299 {
                    format!("{long} ENDMARKER299")
                } else {
                    long.clone()
                },
                question_id: None,
            })
            .collect(),
    };
    let dir = tempfile::tempdir().unwrap();
    let path = save(dir.path(), "long.pdf", &pdf::render(&report).unwrap());
    let pages = pages_of(&path);
    assert!(pages > 40, "{pages} pages");
    let text = text_of(&path);
    assert!(text.contains("ENDMARKER299"));
    assert!(text.contains(&format!("page {pages} of {pages}")));
}

#[test]
fn hostile_text_renders_without_panicking() {
    let unbroken = "x".repeat(20_000);
    let cases = [
        String::new(),
        " \n\r\t ".into(),
        unbroken.clone(),
        "مرحبا بالعالم שלום עולם".into(),
        "emoji 😀🚀👩‍💻 and flags 🇩🇪".into(),
        "nul \u{0} bell \u{7} esc \u{1b}[31m del \u{7f} c1 \u{85}".into(),
        "\u{202e}reversed\u{202c} \u{200b}zero\u{feff}width \u{fffd} \u{10ffff}".into(),
        "\u{301}\u{302} lone marks, e\u{301}".into(),
        "<b>not markup</b> %PDF-1.7 (parens) \\ BT ET Tj".into(),
        "山田 たろう と 김민준 ＡＢＣ１２３".into(),
    ];
    let dir = tempfile::tempdir().unwrap();
    for (i, text) in cases.iter().enumerate() {
        let mut report = input(text);
        report.job_title = text.clone();
        report.card.summary = text.clone();
        report.card.dimensions[0].name = text.clone();
        report.card.dimensions[0].rationale = text.clone();
        report.card.dimensions[0].evidence[0].quote = text.clone();
        report.card.dimensions[0].evidence[0].turn = usize::MAX;
        report.card.dimensions[1].score = Some(f32::NAN);
        report.transcript.turns[1].message = text.clone();
        let bytes = pdf::render(&report).unwrap_or_else(|e| panic!("case {i}: {e}"));
        let path = save(dir.path(), &format!("h{i}.pdf"), &bytes);
        assert!(pages_of(&path) >= 2, "case {i}");
    }
    let mut report = input(&unbroken);
    report.transcript.turns[1].message = unbroken;
    let path = save(dir.path(), "unbroken.pdf", &pdf::render(&report).unwrap());
    assert!(text_of(&path).contains(&"x".repeat(40)), "cut, not lost");
}

/// Rows of cells from RFC 4180 CSV.
fn read_csv(text: &str) -> Vec<Vec<String>> {
    let (mut rows, mut row, mut cell) = (Vec::new(), Vec::new(), String::new());
    let mut chars = text.chars().peekable();
    let mut quoted = false;
    while let Some(c) = chars.next() {
        match (quoted, c) {
            (true, '"') if chars.peek() == Some(&'"') => {
                chars.next();
                cell.push('"');
            }
            (true, '"') => quoted = false,
            (true, c) => cell.push(c),
            (false, '"') => quoted = true,
            (false, ',') => row.push(std::mem::take(&mut cell)),
            (false, '\r') => {}
            (false, '\n') => {
                row.push(std::mem::take(&mut cell));
                rows.push(std::mem::take(&mut row));
            }
            (false, c) => cell.push(c),
        }
    }
    assert!(!quoted && cell.is_empty() && row.is_empty(), "unterminated");
    rows
}

fn stored(name: &str, interview: &str, card: Scorecard) -> StoredScorecard {
    StoredScorecard {
        id: format!("sc-{interview}"),
        version: 1,
        interview_id: interview.into(),
        candidate_id: format!("c-{interview}"),
        candidate_name: Some(name.into()),
        jd_id: "jd-1".into(),
        job_title: "Senior Rust Engineer".into(),
        card,
    }
}

#[test]
fn csv_quotes_every_cell_and_defuses_formulas() {
    let rubric = rubric();
    let evil = "=HYPERLINK(\"http://x.invalid\",\"click\")";
    let mut second = card(&rubric);
    second.dimensions[0].evidence[0].quote = "-1+2 said, \"quoted\"\nover two lines".into();
    second.dimensions.pop();
    let cards = vec![
        stored("Ольга \"Olga\" Смирнова, PhD", "iv-1", card(&rubric)),
        stored(evil, "iv-2", second),
        stored("@admin", "iv-3", card(&rubric)),
    ];

    let rows = read_csv(&csv::job_csv(&cards));
    assert_eq!(rows.len(), 4);
    let header = &rows[0];
    assert!(rows.iter().all(|r| r.len() == header.len()), "{rows:?}");
    let col = |name: &str| header.iter().position(|h| h == name).unwrap();
    assert_eq!(rows[1][col("candidate")], "Ольга \"Olga\" Смирнова, PhD");
    assert_eq!(rows[2][col("candidate")], format!("'{evil}"));
    assert_eq!(rows[3][col("candidate")], "'@admin");
    assert_eq!(rows[1][col("overall")], "84.4");
    assert_eq!(rows[1][col("overall before override")], "65.6");
    assert_eq!(rows[1][col("recommendation")], "advance");
    assert_eq!(rows[1][col("Rust systems: level")], "good");
    assert_eq!(rows[1][col("Rust systems: score")], "75");
    assert_eq!(rows[1][col("Communication: override level")], "5");
    assert_eq!(
        rows[1][col("Problem solving: level")],
        "not scored (insufficient evidence)"
    );
    // The second card lacks the dimension: empty cells, columns kept.
    assert_eq!(rows[2][col("Problem solving: level")], "");
    assert_eq!(rows[1][col("model")], "local/smollm2-360m");

    let selected = [cards[1].clone(), cards[0].clone()];
    let rows = read_csv(&csv::compare(&selected));
    assert!(rows.iter().all(|r| r.len() == 3), "{rows:?}");
    assert_eq!(rows[0][1], format!("'{evil}"));
    assert_eq!(rows[0][2], "Ольга \"Olga\" Смирнова, PhD");
    let row = |label: &str| rows.iter().find(|r| r[0] == label).unwrap();
    assert_eq!(row("overall")[2], "84.4");
    assert_eq!(row("Rust systems")[2], "good · 75 · spread 1");
    assert!(row("Communication")[2].contains("overridden to level 5 by Jane Doe"));
    assert_eq!(
        row("top quote")[1],
        "\u{201c}-1+2 said, \"quoted\"\nover two lines\u{201d} (Rust systems)"
    );
    assert!(row("top quote")[2].contains(QUOTE), "the best-scored");
}

/// From the store as the command line does it: a posting, a candidate, a
/// scored interview, then the report and the job's CSV.
#[tokio::test]
async fn a_stored_interview_reports() {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(dir.path()).await.unwrap();
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../..");
    let posting =
        std::fs::read_to_string(root.join("tests/fixtures/jds/j01_compiler_senior_swe_2025.md"))
            .unwrap();
    let job = import_posting(&store, posting, "j01").await.unwrap();
    let importer = Importer::new(ResumeParser::default(), store.clone());
    let resume = "Ольга Смирнова\nolga@example.com\n\nExperience\nSoftware Engineer, Acme Ltd\n\
                  2019 - 2023\nBuilt compilers in Rust and C++.\n";
    let candidate = match importer
        .import_bytes("olga.txt", resume.as_bytes().to_vec())
        .await
        .unwrap()
    {
        StoreOutcome::Imported { candidate_id, .. } => candidate_id,
        other => panic!("{other:?}"),
    };
    let plan = Plan {
        language: Language::En,
        questions: Vec::new(),
        generator: "test".into(),
        prompts: Vec::new(),
        job_cache_hit: false,
        notes: Vec::new(),
    };
    let interview = store
        .create_interview(
            &candidate,
            &job.job_id,
            &InterviewSettings::default(),
            &plan,
        )
        .await
        .unwrap();
    store.enqueue_scoring(&interview).await.unwrap();
    let claimed = store.claim_scoring_job("test", 60).await.unwrap().unwrap();
    let mut card = card(&job.rubric);
    card.interview_id = Some(interview.clone());
    store
        .finish_scoring_job(&claimed, "test", &card)
        .await
        .unwrap();

    let report = ReportInput::load(&store, &interview[..8]).await.unwrap();
    assert_eq!(report.interview_id, interview);
    assert_eq!(report.job_title, job.title);
    let path = save(dir.path(), "stored.pdf", &pdf::render(&report).unwrap());
    let text = text_of(&path);
    assert!(text.contains(&report.candidate_name), "{text}");
    assert!(text.contains(QUOTE));

    let cards = store.job_scorecards(&job.job_id).await.unwrap();
    let rows = read_csv(&csv::job_csv(&cards));
    assert_eq!(rows.len(), 2);
    assert_eq!(rows[1][1], interview);
}

/// Hebrew and Arabic are drawn right to left (in visual order, Arabic
/// letters joined) and read back in their logical order.
#[test]
fn right_to_left_text_reads_back_in_order() {
    const HEBREW: &str = "בניתי מחדש את צינור הנתונים";
    const ARABIC: &str = "أعدت بناء خط البيانات";
    let dir = tempfile::tempdir().unwrap();
    let mut report = input("דנה כהן");
    report.transcript = transcript(&[
        ("q", "Tell me about a system you rebuilt."),
        ("a", HEBREW),
        ("q", "And in Arabic?"),
        ("a", ARABIC),
    ]);
    let path = save(dir.path(), "rtl.pdf", &pdf::render(&report).unwrap());
    // Arabic comes back as the presentation forms drawn: NFKC gives the
    // letters; the marks poppler puts around a right-to-left run go.
    use unicode_normalization::UnicodeNormalization;
    let text: String = text_of(&path)
        .nfkc()
        .filter(|c| !matches!(c, '\u{202A}'..='\u{202E}'))
        .collect();
    for needle in ["דנה כהן", HEBREW, ARABIC] {
        assert!(text.contains(needle), "{needle:?} not in {text}");
    }
}
