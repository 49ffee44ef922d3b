//! Bounds on what one hostile file may cost: PDF streams that inflate to
//! gigabytes (alone, stacked, in object streams, or many that are each just
//! under the limit), and a parse that runs past its time limit, which must
//! stop rather than go on in the background. (Zip parts whose declared
//! sizes lie: `tests/ingest/bad_input.rs`.)
//!
//! Its own test binary: the timeout test counts the process's parser
//! threads, which other tests would disturb.

mod hostile_pdfs;

use ats_core::ingest::{IngestLimits, ResumeParser, parser_threads_running};
use hostile_pdfs::{deflate, deflated_zeros, one_page, pages, pdf, stream};
use std::sync::Mutex;
use std::time::{Duration, Instant};

/// One test at a time: each parses big documents, and the timeout test
/// counts the parser threads of the whole process.
static ONE_AT_A_TIME: Mutex<()> = Mutex::new(());

fn parse_code(bytes: &[u8]) -> (String, Duration) {
    let start = Instant::now();
    let code = match ResumeParser::default().parse(bytes) {
        Ok(p) => format!("parsed: {:?}", p.resume.basics.name),
        Err(e) => e.code().to_owned(),
    };
    (code, start.elapsed())
}

#[test]
fn inflation_is_bounded_per_stream_per_document_and_through_stacked_filters() {
    let _one = ONE_AT_A_TIME
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner);
    // One content stream that inflates to 1 GB.
    let gigabyte = deflated_zeros(1 << 30);
    assert!(gigabyte.len() < 2 << 20, "{} bytes", gigabyte.len());
    let single = one_page(vec![stream("/Filter /FlateDecode", &gigabyte)]);
    // The same bomb deflated twice: each filter stage is bounded.
    let twice = deflate(&deflated_zeros(512 << 20));
    let stacked = one_page(vec![stream("/Filter [/FlateDecode /FlateDecode]", &twice)]);
    // Twelve streams of 30 MB each: under the per-stream limit, over the
    // per-document one.
    let thirty = deflated_zeros(30 << 20);
    let many = one_page(
        (0..12)
            .map(|_| stream("/Filter /FlateDecode", &thirty))
            .collect(),
    );
    // An object stream (decoded while the file is loaded) that inflates
    // to 1 GB.
    let objstm = pdf(&[
        b"<< /Type /Catalog /Pages 2 0 R >>".to_vec(),
        b"<< /Type /Pages /Kids [] /Count 0 >>".to_vec(),
        stream(
            "/Type /ObjStm /N 1 /First 4 /Filter /FlateDecode",
            &gigabyte,
        ),
    ]);
    // Font programs, which the check may leave undecoded when one cannot
    // inflate past the per-stream limit: one that can, and twelve that
    // cannot alone but could together.
    let font = one_page(vec![stream("/Length1 0 /Filter /FlateDecode", &gigabyte)]);
    let fonts = one_page(
        (0..12)
            .map(|_| stream("/Subtype /Type1C /Filter /FlateDecode", &thirty))
            .collect(),
    );
    for (what, bytes) in [
        ("font program", font),
        ("many font programs", fonts),
        ("one stream", single),
        ("stacked filters", stacked),
        ("many streams", many),
        ("object stream", objstm),
    ] {
        let (code, took) = parse_code(&bytes);
        assert_eq!(code, "resume.too_large", "{what}");
        assert!(took < Duration::from_secs(20), "{what}: {took:?}");
    }
    let err = ResumeParser::default()
        .parse(&one_page(vec![stream("/Filter /FlateDecode", &gigabyte)]))
        .unwrap_err();
    assert!(err.to_string().contains("inflates"), "{err}");
}

/// One page cannot be interrupted by the glyph source: its work is bounded
/// by the number of text operations a document may have.
#[test]
fn a_page_with_more_text_operations_than_a_resume_is_refused() {
    let _one = ONE_AT_A_TIME
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner);
    let mut ops = String::new();
    for i in 0..700_000u32 {
        ops.push_str(&format!(
            "BT /F1 9 Tf {} {} Td (x) Tj ET\n",
            i % 500,
            i % 700
        ));
    }
    let bytes = one_page(vec![stream(
        "/Filter /FlateDecode",
        &deflate(ops.as_bytes()),
    )]);
    let (code, took) = parse_code(&bytes);
    assert_eq!(code, "resume.too_large");
    assert!(took < Duration::from_secs(5), "{took:?}");
}

#[test]
fn a_parse_past_its_time_limit_stops_instead_of_running_on() {
    let _one = ONE_AT_A_TIME
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner);
    // 100 pages of 2,900 twelve-glyph text operations each (3.5 million
    // glyphs, under the caps on pages, operations and glyphs): seconds of
    // work in all, a fraction of a second per page.
    let page = |n: u32| {
        let mut ops = String::new();
        for i in 0..2_900u32 {
            ops.push_str(&format!(
                "BT /F1 9 Tf {} {} Td (xxxxxxxxxxxx) Tj ET\n",
                (i + n) % 500,
                i % 700
            ));
        }
        stream("/Filter /FlateDecode", &deflate(ops.as_bytes()))
    };
    let bytes = pages((0..100).map(page).collect());
    let parser = ResumeParser {
        limits: IngestLimits {
            timeout: Duration::from_millis(300),
            ..IngestLimits::default()
        },
        ..ResumeParser::default()
    };
    assert_eq!(parser_threads_running(), 0);
    let start = Instant::now();
    let err = parser.parse(&bytes).unwrap_err();
    assert_eq!(err.code(), "resume.timeout");
    assert!(err.to_string().contains("300 ms"), "{err}");
    // The worker notices its deadline at the next page, not after the
    // seconds the whole document would take.
    while parser_threads_running() > 0 && start.elapsed() < Duration::from_secs(3) {
        std::thread::sleep(Duration::from_millis(20));
    }
    assert_eq!(
        parser_threads_running(),
        0,
        "the timed-out parse is still running after {:?}",
        start.elapsed()
    );
    // The same document with time to spare is read (so the limit, not a
    // failure, stopped it above).
    let relaxed = ResumeParser {
        limits: IngestLimits {
            timeout: Duration::from_secs(120),
            ..IngestLimits::default()
        },
        ..ResumeParser::default()
    };
    let started = Instant::now();
    let parsed = relaxed.parse(&bytes);
    let full = started.elapsed();
    assert!(parsed.is_ok(), "{:?}", parsed.err());
    assert!(
        full > Duration::from_secs(1),
        "the document took only {full:?}"
    );
}
