//! Peak memory on hostile files: every bomb, nesting and size attack of the
//! other tests, parsed one after another in this process, may raise the
//! process's peak resident memory (VmHWM) by less than 200 MB in all.
//! Its own test binary with one test, so nothing else moves the peak.

mod hostile_pdfs;

use ats_core::ingest::ResumeParser;
use hostile_pdfs::{deflate, deflated_zeros, one_page, pages, pdf, stream};
use std::io::Write;

/// Peak resident memory of this process so far, in bytes.
fn peak_bytes() -> u64 {
    let status = std::fs::read_to_string("/proc/self/status").expect("Linux /proc");
    status
        .lines()
        .find_map(|l| l.strip_prefix("VmHWM:"))
        .and_then(|v| v.trim().trim_end_matches("kB").trim().parse::<u64>().ok())
        .expect("VmHWM")
        * 1024
}

#[test]
fn hostile_files_stay_under_200_mb_of_peak_memory() {
    let parser = ResumeParser::default();
    // Warm up the parser (fonts, tables) on a harmless file first.
    let harmless = one_page(vec![stream("", b"BT /F1 12 Tf 72 720 Td (Jane Doe) Tj ET")]);
    parser.parse(&harmless).unwrap();

    let gigabyte = deflated_zeros(1 << 30);
    let thirty = deflated_zeros(30 << 20);
    let mut ops = String::new();
    for i in 0..700_000u32 {
        ops.push_str(&format!(
            "BT /F1 9 Tf {} {} Td (x) Tj ET\n",
            i % 500,
            i % 700
        ));
    }
    let mut nested = b"%PDF-1.4\n1 0 obj\n".to_vec();
    nested.extend(std::iter::repeat_n(b'[', 100_000));
    nested.extend(std::iter::repeat_n(b']', 100_000));
    nested.extend(b"\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n");
    let lying_zip = {
        let mut buf = std::io::Cursor::new(Vec::new());
        {
            let mut z = zip::ZipWriter::new(&mut buf);
            let opts = zip::write::SimpleFileOptions::default()
                .compression_method(zip::CompressionMethod::Deflated)
                .large_file(false);
            z.start_file("word/document.xml", opts).unwrap();
            let chunk = vec![b' '; 1 << 20];
            for _ in 0..500 {
                z.write_all(&chunk).unwrap();
            }
            z.finish().unwrap();
        }
        let mut bytes = buf.into_inner();
        bytes[22..26].copy_from_slice(&1000u32.to_le_bytes());
        let cd = bytes.windows(4).rposition(|w| w == b"PK\x01\x02").unwrap();
        bytes[cd + 24..cd + 28].copy_from_slice(&1000u32.to_le_bytes());
        bytes
    };
    let many_pages = pages(
        (0..3000)
            .map(|i| {
                stream(
                    "",
                    format!("BT /F1 10 Tf 72 720 Td (Page {i}) Tj ET").as_bytes(),
                )
            })
            .collect(),
    );
    let cases: Vec<(&str, Vec<u8>)> = vec![
        (
            "1 GB stream",
            one_page(vec![stream("/Filter /FlateDecode", &gigabyte)]),
        ),
        (
            "stacked filters",
            one_page(vec![stream(
                "/Filter [/FlateDecode /FlateDecode]",
                &deflate(&deflated_zeros(512 << 20)),
            )]),
        ),
        (
            "12 streams of 30 MB",
            one_page(
                (0..12)
                    .map(|_| stream("/Filter /FlateDecode", &thirty))
                    .collect(),
            ),
        ),
        (
            "1 GB object stream",
            pdf(&[
                b"<< /Type /Catalog /Pages 2 0 R >>".to_vec(),
                b"<< /Type /Pages /Kids [] /Count 0 >>".to_vec(),
                stream(
                    "/Type /ObjStm /N 1 /First 4 /Filter /FlateDecode",
                    &gigabyte,
                ),
            ]),
        ),
        (
            "700,000 text operations",
            one_page(vec![stream(
                "/Filter /FlateDecode",
                &deflate(ops.as_bytes()),
            )]),
        ),
        ("100,000 nested arrays", nested),
        ("zip part of 500 MB declared as 1 KB", lying_zip),
        ("3,000 pages", many_pages),
    ];
    // Inputs are built before the baseline is taken.
    let baseline = peak_bytes();
    let mut report = Vec::new();
    for (what, bytes) in &cases {
        let result = parser.parse(bytes).map(|_| "parsed".to_owned());
        let grown = peak_bytes().saturating_sub(baseline);
        report.push(format!(
            "{what}: {} (peak +{} MB)",
            result.unwrap_or_else(|e| e.code().to_owned()),
            grown >> 20
        ));
    }
    println!("{}", report.join("\n"));
    let grown = peak_bytes().saturating_sub(baseline);
    assert!(
        grown < 200 << 20,
        "peak memory grew by {} MB:\n{}",
        grown >> 20,
        report.join("\n")
    );
}
