use crate::support::{self, TRUTH};
use ats_core::ingest::ResumeParser;

fn code_of(bytes: &[u8]) -> String {
    match ResumeParser::default().parse(bytes) {
        Ok(p) => panic!("expected an error, parsed {:?}", p.resume.basics),
        Err(e) => e.code().to_owned(),
    }
}

#[test]
fn each_bad_input_gets_its_code() {
    let fixtures = support::fixtures().join("bad");
    let one = support::one_column_pdf(&TRUTH);
    let cases: Vec<(&str, Vec<u8>, &str)> = vec![
        ("empty", Vec::new(), "resume.empty"),
        ("whitespace", b"   \n\t\n".to_vec(), "resume.empty"),
        (
            "truncated pdf",
            one[..one.len() / 3].to_vec(),
            "resume.corrupt",
        ),
        (
            "encrypted pdf",
            std::fs::read(fixtures.join("encrypted_user_password.pdf")).unwrap(),
            "resume.encrypted",
        ),
        (
            "image-only pdf",
            support::image_only_pdf(),
            "resume.needs_ocr",
        ),
        (
            "zip bomb docx",
            support::zip_bomb_docx(),
            "resume.too_large",
        ),
        (
            "random bytes",
            (0..4096u32)
                .map(|i| (i.wrapping_mul(2654435761) >> 13) as u8)
                .collect(),
            "resume.unsupported_type",
        ),
        (
            "png",
            b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR".to_vec(),
            "resume.unsupported_type",
        ),
        (
            "zip, not docx",
            {
                let mut z = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
                z.start_file("a.txt", zip::write::SimpleFileOptions::default())
                    .unwrap();
                z.finish().unwrap().into_inner()
            },
            "resume.unsupported_type",
        ),
    ];
    for (what, bytes, code) in cases {
        assert_eq!(code_of(&bytes), code, "{what}");
    }
}

/// A PDF whose font widths made the earlier PDF layer (pdf-extract) panic,
/// found by fuzzing: the current layer reads it.
#[test]
fn a_font_that_broke_the_earlier_pdf_layer_is_read() {
    let bytes = std::fs::read(support::fixtures().join("bad/fuzz_font_widths_panic.pdf")).unwrap();
    let parsed = ResumeParser::default().parse(&bytes).unwrap();
    assert_eq!(parsed.resume.basics.name.as_deref(), Some("Marissa Mayer"));
}

#[test]
fn pdf_with_empty_user_password_is_read() {
    let bytes = std::fs::read(support::fixtures().join("bad/encrypted_owner_only.pdf")).unwrap();
    let parsed = ResumeParser::default().parse(&bytes).unwrap();
    assert_eq!(parsed.resume.basics.name.as_deref(), Some("Sourabh Bajaj"));
}

#[test]
fn size_limit_is_checked_before_reading() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("huge.pdf");
    let f = std::fs::File::create(&path).unwrap();
    f.set_len(50 * 1024 * 1024).unwrap(); // sparse: nothing is written
    let err = ResumeParser::default().parse_file(&path).unwrap_err();
    assert_eq!(err.code(), "resume.too_large");
    assert!(err.to_string().contains("52428800"), "{err}");
}

#[test]
fn errors_serialise_as_code_and_message() {
    let err = ResumeParser::default().parse(b"").unwrap_err();
    let json = serde_json::to_value(err.to_payload()).unwrap();
    assert_eq!(json["code"], "resume.empty");
    assert!(json["message"].as_str().unwrap().contains("no text"));
}

#[test]
fn deeply_nested_pdf_objects_do_not_take_the_process_down() {
    let depth = 100_000;
    let mut bytes = b"%PDF-1.4\n1 0 obj\n".to_vec();
    bytes.extend(std::iter::repeat_n(b'[', depth));
    bytes.extend(std::iter::repeat_n(b']', depth));
    bytes.extend(b"\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n");
    let err = ResumeParser::default().parse(&bytes).unwrap_err();
    eprintln!("{err}");
    assert_eq!(err.code(), "resume.corrupt", "{err}");
}

#[test]
fn a_zip_part_whose_declared_size_lies_is_not_inflated_past_it() {
    // word/document.xml inflates to 80 MB, but both headers say 1,000 bytes.
    let mut bytes = support::zip_bomb_docx();
    let lie = 1000u32.to_le_bytes();
    // Local file header: uncompressed size at offset 22.
    assert_eq!(&bytes[..4], b"PK\x03\x04");
    bytes[22..26].copy_from_slice(&lie);
    // Central directory header: uncompressed size at offset 24.
    let cd = bytes
        .windows(4)
        .rposition(|w| w == b"PK\x01\x02")
        .expect("central directory");
    bytes[cd + 24..cd + 28].copy_from_slice(&lie);
    let start = std::time::Instant::now();
    let err = ResumeParser::default().parse(&bytes).unwrap_err();
    // Reading stops at the declared size; the checksum of what was read
    // then does not match, and the file is reported as damaged.
    assert_eq!(err.code(), "resume.corrupt", "{err}");
    assert!(start.elapsed() < std::time::Duration::from_secs(5));
}

/// A PDF whose cross-reference table points nowhere (every offset zero, as
/// files cut and re-joined by mail gateways have): poppler and MuPDF rebuild
/// it from the objects, and so do we.
#[test]
fn a_pdf_with_a_broken_cross_reference_table_is_repaired() {
    let mut bytes = support::one_column_pdf(&TRUTH);
    let xref = bytes
        .windows(5)
        .rposition(|w| w == b"xref\n")
        .expect("a classic xref table");
    let end = bytes[xref..]
        .windows(7)
        .position(|w| w == b"trailer")
        .map_or(bytes.len(), |p| xref + p);
    for b in &mut bytes[xref + 5..end] {
        if b.is_ascii_digit() {
            *b = b'0';
        }
    }
    let parsed = ResumeParser::default().parse(&bytes).unwrap();
    assert_eq!(parsed.resume.basics.name.as_deref(), Some("Jane Doe"));
    assert_eq!(parsed.resume.work.len(), 2);
    // Without any xref at all (and a startxref that points nowhere).
    let mut cut = support::one_column_pdf(&TRUTH);
    let xref = cut.windows(5).rposition(|w| w == b"xref\n").unwrap();
    cut.truncate(xref);
    cut.extend(b"startxref\n999999\n%%EOF\n");
    let parsed = ResumeParser::default().parse(&cut).unwrap();
    assert_eq!(parsed.resume.basics.name.as_deref(), Some("Jane Doe"));
}

/// 3,000 pages with a text layer are text, not a scan: the first pages are
/// read and the rest reported as skipped, within the time limit.
#[test]
fn a_pdf_of_thousands_of_pages_is_read_not_sent_to_ocr() {
    let pages = 3000;
    let mut objects: Vec<Vec<u8>> = vec![
        b"<< /Type /Catalog /Pages 2 0 R >>".to_vec(),
        format!(
            "<< /Type /Pages /Kids [{}] /Count {pages} /Resources << /Font << /F1 << /Type /Font \
             /Subtype /Type1 /BaseFont /Helvetica >> >> >> /MediaBox [0 0 612 792] >>",
            (0..pages)
                .map(|i| format!("{} 0 R", i + 3))
                .collect::<Vec<_>>()
                .join(" ")
        )
        .into_bytes(),
    ];
    for i in 0..pages {
        objects.push(
            format!(
                "<< /Type /Page /Parent 2 0 R /Contents {} 0 R >>",
                i + 3 + pages
            )
            .into_bytes(),
        );
    }
    for i in 0..pages {
        let text = if i == 0 {
            "BT /F1 20 Tf 72 720 Td (Jane Doe) Tj ET BT /F1 10 Tf 72 700 Td (jane.doe@example.org) Tj ET".to_owned()
        } else {
            format!("BT /F1 10 Tf 72 720 Td (Appendix page {}) Tj ET", i + 1)
        };
        objects
            .push(format!("<< /Length {} >>\nstream\n{text}\nendstream", text.len()).into_bytes());
    }
    let mut bytes = b"%PDF-1.4\n".to_vec();
    let mut offsets = Vec::new();
    for (i, body) in objects.iter().enumerate() {
        offsets.push(bytes.len());
        bytes.extend(format!("{} 0 obj\n", i + 1).as_bytes());
        bytes.extend(body);
        bytes.extend(b"\nendobj\n");
    }
    let xref = bytes.len();
    bytes.extend(format!("xref\n0 {}\n0000000000 65535 f \n", objects.len() + 1).as_bytes());
    for o in offsets {
        bytes.extend(format!("{o:010} 00000 n \n").as_bytes());
    }
    bytes.extend(
        format!(
            "trailer\n<< /Size {} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n",
            objects.len() + 1
        )
        .as_bytes(),
    );
    let parsed = ResumeParser::default().parse(&bytes).unwrap();
    assert_eq!(
        parsed.resume.basics.email.as_deref(),
        Some("jane.doe@example.org")
    );
    let warnings = &parsed.resume.x_ats.as_ref().unwrap().warnings;
    assert!(
        warnings
            .iter()
            .any(|w| w.contains("3000 pages") && w.contains("first 100")),
        "{warnings:?}"
    );
}

/// A scanned resume (an image per page, no text layer) is read by OCR when
/// the machine has Tesseract and pdftoppm (`scripts/setup.sh` installs them).
#[test]
fn a_scanned_resume_is_read_by_ocr() {
    let installed = ["tesseract", "pdftoppm"]
        .iter()
        .all(|p| std::process::Command::new(p).arg("-v").output().is_ok());
    assert!(
        installed,
        "OCR needs tesseract-ocr and poppler-utils: run scripts/setup.sh"
    );
    let bytes = std::fs::read(support::fixtures().join("bad/scanned_r02.pdf")).unwrap();
    let parsed = ResumeParser::default().parse(&bytes).unwrap();
    let r = &parsed.resume;
    assert_eq!(r.basics.name.as_deref(), Some("Sourabh Bajaj"));
    assert_eq!(r.basics.email.as_deref(), Some("sourabh@sourabhbajaj.com"));
    let companies: Vec<&str> = r.work.iter().filter_map(|w| w.name.as_deref()).collect();
    assert!(
        companies.starts_with(&["Google", "Coursera"]),
        "{companies:?}"
    );
    assert_eq!(r.work[1].start_date.as_deref(), Some("2014-01"));
    let warnings = &r.x_ats.as_ref().unwrap().warnings;
    assert!(warnings.iter().any(|w| w.contains("OCR")), "{warnings:?}");
}
