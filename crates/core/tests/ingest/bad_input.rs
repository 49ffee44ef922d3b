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
