//! File type detection by content, never by extension.

use std::io::Cursor;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FileKind {
    Pdf,
    Docx,
    Odt,
    Text,
    JsonResume,
}

impl FileKind {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Pdf => "pdf",
            Self::Docx => "docx",
            Self::Odt => "odt",
            Self::Text => "txt",
            Self::JsonResume => "json",
        }
    }

    /// The kind named by [`Self::as_str`] (as stored with a file), if any.
    pub fn parse(name: &str) -> Option<Self> {
        [
            Self::Pdf,
            Self::Docx,
            Self::Odt,
            Self::Text,
            Self::JsonResume,
        ]
        .into_iter()
        .find(|k| k.as_str() == name)
    }

    /// The IANA media type a browser or viewer opens the file with.
    pub fn media_type(self) -> &'static str {
        match self {
            Self::Pdf => "application/pdf",
            Self::Docx => "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
            Self::Odt => "application/vnd.oasis.opendocument.text",
            Self::Text => "text/plain; charset=utf-8",
            Self::JsonResume => "application/json",
        }
    }
}

/// What the bytes are, or a short description of what they are instead.
pub fn detect(bytes: &[u8]) -> Result<FileKind, String> {
    // PDF: the header may be preceded by up to 1 KiB of junk (spec allows it).
    let head = &bytes[..bytes.len().min(1024)];
    if find(head, b"%PDF-").is_some() {
        return Ok(FileKind::Pdf);
    }
    if bytes.starts_with(b"PK\x03\x04") {
        return match zip::ZipArchive::new(Cursor::new(bytes)) {
            Ok(mut archive) => {
                if archive.index_for_name("word/document.xml").is_some() {
                    Ok(FileKind::Docx)
                } else if archive.index_for_name("content.xml").is_some() {
                    odf_kind(&mut archive)
                } else {
                    Err("a zip archive that is not a Word document".into())
                }
            }
            Err(_) => Ok(FileKind::Docx), // looks like a zip but broken: let DOCX report corruption
        };
    }
    if bytes.starts_with(&[0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1]) {
        return Err("legacy Word .doc (save it as DOCX or PDF)".into());
    }
    for (magic, what) in [
        (&b"\x89PNG"[..], "a PNG image"),
        (&b"\xFF\xD8\xFF"[..], "a JPEG image"),
        (&b"GIF8"[..], "a GIF image"),
        (&b"{\\rtf"[..], "RTF (save it as DOCX or PDF)"),
        (&b"\x1F\x8B"[..], "gzip data"),
        (&b"\x7FELF"[..], "an executable"),
    ] {
        if bytes.starts_with(magic) {
            return Err(what.into());
        }
    }
    if looks_like_text(bytes) {
        return match json_kind(bytes) {
            Some(true) => Ok(FileKind::JsonResume),
            Some(false) => Err("JSON that is not a JSON Resume document".into()),
            None => Ok(FileKind::Text),
        };
    }
    Err("binary data".into())
}

/// An OpenDocument package is text when its `mimetype` says so (or, with
/// no mimetype, when it has a body); spreadsheets and slides are not resumes.
fn odf_kind(archive: &mut zip::ZipArchive<Cursor<&[u8]>>) -> Result<FileKind, String> {
    use std::io::Read;
    let mut mimetype = String::new();
    if let Ok(f) = archive.by_name("mimetype") {
        let _ = f.take(200).read_to_string(&mut mimetype);
    }
    match mimetype.trim() {
        "application/vnd.oasis.opendocument.text" | "" => Ok(FileKind::Odt),
        other => Err(format!(
            "an OpenDocument file that is not text ({other}); export it as ODT, DOCX or PDF"
        )),
    }
}

fn find(hay: &[u8], needle: &[u8]) -> Option<usize> {
    hay.windows(needle.len()).position(|w| w == needle)
}

/// Text if it has a UTF-8/UTF-16 byte-order mark, reads as UTF-16 without
/// one, or has almost no control bytes. A few stray NUL bytes (a padded or
/// badly exported file) do not make clear text binary.
fn looks_like_text(bytes: &[u8]) -> bool {
    if bytes.starts_with(&[0xFF, 0xFE]) || bytes.starts_with(&[0xFE, 0xFF]) {
        return true;
    }
    // An even-length prefix, so a sample cut mid-code-unit still reads.
    let sample = &bytes[..bytes.len().min(8192) & !1];
    if sample.is_empty() {
        return !bytes.is_empty() && !bytes[0].is_ascii_control();
    }
    if super::text::utf16_without_bom(sample).is_some() {
        return true;
    }
    let nul = sample.iter().filter(|&&b| b == 0).count();
    let control = sample
        .iter()
        .filter(|&&b| b != 0 && b < 0x20 && !matches!(b, b'\n' | b'\r' | b'\t' | 0x0C))
        .count();
    // Binary formats are full of NULs; text exported badly has a handful.
    if control * 100 > sample.len() || (nul > 16 && nul * 50 > sample.len()) {
        return false;
    }
    // Latin-1 text has isolated high bytes; random data has many invalid UTF-8 runs.
    match std::str::from_utf8(sample) {
        Ok(_) => true,
        Err(e) if sample.len() - e.valid_up_to() < 4 => true, // cut mid-character
        Err(_) => {
            let high = sample.iter().filter(|&&b| b >= 0x80).count();
            high * 10 < sample.len()
        }
    }
}

/// `None` when the text is not JSON; otherwise whether it is a JSON Resume
/// (a `basics` object, a `work` list or a JSON Resume `$schema`).
fn json_kind(bytes: &[u8]) -> Option<bool> {
    let text = String::from_utf8_lossy(&bytes[..bytes.len().min(1024)]);
    if !text
        .trim_start_matches('\u{feff}')
        .trim_start()
        .starts_with('{')
    {
        return None;
    }
    let bytes = bytes.strip_prefix("\u{feff}".as_bytes()).unwrap_or(bytes);
    match serde_json::from_slice::<serde_json::Value>(bytes) {
        Ok(serde_json::Value::Object(map)) => Some(
            map.get("basics").is_some_and(serde_json::Value::is_object)
                || map.get("work").is_some_and(serde_json::Value::is_array)
                || map
                    .get("$schema")
                    .and_then(serde_json::Value::as_str)
                    .is_some_and(|s| s.contains("resume")),
        ),
        Ok(_) => Some(false),
        Err(_) => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn detects_by_content_not_name() {
        assert_eq!(detect(b"%PDF-1.4\n...").unwrap(), FileKind::Pdf);
        assert_eq!(detect(b"Jane Doe\njane@x.org\n").unwrap(), FileKind::Text);
        assert_eq!(
            detect(br#"{"basics": {"name": "A"}}"#).unwrap(),
            FileKind::JsonResume
        );
        assert!(detect(b"\x89PNG\r\n\x1a\n").is_err());
        assert!(detect(br#"{"name": "x", "positions": []}"#).is_err());
        assert!(detect(&[0u8, 1, 2, 3, 0, 0, 0, 7, 8, 9, 0, 0]).is_err());
    }

    #[test]
    fn utf16_without_a_byte_order_mark_is_text() {
        let text = "Jane Doe\nSoftware Engineer\nZoë Müller, Köln\n";
        let le: Vec<u8> = text.encode_utf16().flat_map(u16::to_le_bytes).collect();
        let be: Vec<u8> = text.encode_utf16().flat_map(u16::to_be_bytes).collect();
        assert_eq!(detect(&le).unwrap(), FileKind::Text);
        assert_eq!(detect(&be).unwrap(), FileKind::Text);
        // Longer than the sample, with an odd total length.
        let mut long: Vec<u8> = text
            .repeat(400)
            .encode_utf16()
            .flat_map(u16::to_le_bytes)
            .collect();
        long.push(b'\n');
        assert_eq!(detect(&long).unwrap(), FileKind::Text);
    }

    #[test]
    fn a_few_nul_bytes_do_not_make_text_binary() {
        let mut bytes =
            b"Jane Doe\njane@example.org\nExperience\nEngineer at Acme, 2019 - 2023\n".to_vec();
        bytes.extend([0, 0, 0]);
        assert_eq!(detect(&bytes).unwrap(), FileKind::Text);
        // Mostly NULs is not text.
        let mut mostly = vec![0u8; 600];
        mostly.extend(b"a few words");
        assert!(detect(&mostly).is_err());
    }
}
