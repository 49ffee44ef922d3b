//! Plain text in UTF-8, UTF-16 (with a BOM) or Latin-1/Windows-1252.

use crate::error::ResumeError;

pub fn decode(bytes: &[u8]) -> Result<String, ResumeError> {
    let text = if let Some((enc, bom_len)) = encoding_rs::Encoding::for_bom(bytes) {
        let (cow, had_errors) = enc.decode_without_bom_handling(&bytes[bom_len..]);
        if had_errors {
            return Err(ResumeError::Corrupt(format!(
                "invalid {} sequences",
                enc.name()
            )));
        }
        cow.into_owned()
    } else if let Some(s) = utf16_without_bom(bytes) {
        // Before UTF-8: UTF-16 of ASCII text is also valid UTF-8 (with NULs).
        s
    } else if let Ok(s) = std::str::from_utf8(bytes) {
        s.to_owned()
    } else {
        // Windows-1252 is the superset of Latin-1 that real files use.
        encoding_rs::WINDOWS_1252
            .decode_without_bom_handling(bytes)
            .0
            .into_owned()
    };
    Ok(normalise(&text))
}

/// UTF-16 text without a BOM shows as every other byte being NUL (text in
/// Latin script; other scripts are read when they come with a BOM).
pub(crate) fn utf16_without_bom(bytes: &[u8]) -> Option<String> {
    if bytes.len() < 4 || !bytes.len().is_multiple_of(2) {
        return None;
    }
    let even_nul = bytes.iter().step_by(2).filter(|&&b| b == 0).count();
    let odd_nul = bytes.iter().skip(1).step_by(2).filter(|&&b| b == 0).count();
    let half = bytes.len() / 2;
    // One half of the bytes mostly NUL, the other (the characters) mostly not.
    let enc = if odd_nul * 10 > half * 8 && even_nul * 10 < half * 2 {
        encoding_rs::UTF_16LE
    } else if even_nul * 10 > half * 8 && odd_nul * 10 < half * 2 {
        encoding_rs::UTF_16BE
    } else {
        return None;
    };
    let (cow, had_errors) = enc.decode_without_bom_handling(bytes);
    (!had_errors).then(|| cow.into_owned())
}

/// Line endings to `\n`, ligatures and odd spaces to their plain forms,
/// control characters dropped.
pub fn normalise(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\r' => {
                if chars.peek() != Some(&'\n') {
                    out.push('\n');
                }
            }
            '\u{feff}' | '\u{00ad}' | '\u{200b}' => {}
            '\u{00a0}' | '\u{2009}' | '\u{202f}' | '\u{2002}' | '\u{2003}' => out.push(' '),
            '\u{fb00}' => out.push_str("ff"),
            '\u{fb01}' => out.push_str("fi"),
            '\u{fb02}' => out.push_str("fl"),
            '\u{fb03}' => out.push_str("ffi"),
            '\u{fb04}' => out.push_str("ffl"),
            '\u{2028}' | '\u{2029}' | '\u{0b}' | '\u{0c}' => out.push('\n'),
            c if c.is_control() && c != '\n' && c != '\t' => {}
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decodes_the_encodings_real_files_use() {
        assert_eq!(decode("Zoë\r\n".as_bytes()).unwrap(), "Zoë\n");
        let mut le = vec![0xFF, 0xFE];
        le.extend("Zoë".encode_utf16().flat_map(u16::to_le_bytes));
        assert_eq!(decode(&le).unwrap(), "Zoë");
        assert_eq!(decode(b"Zo\xEB M\xFCller").unwrap(), "Zoë Müller");
        assert_eq!(decode("ﬁle".as_bytes()).unwrap(), "file");
        let be: Vec<u8> = "Zoë Müller"
            .encode_utf16()
            .flat_map(u16::to_be_bytes)
            .collect();
        assert_eq!(decode(&be).unwrap(), "Zoë Müller");
        let le: Vec<u8> = "Jane\nDoe"
            .encode_utf16()
            .flat_map(u16::to_le_bytes)
            .collect();
        assert_eq!(decode(&le).unwrap(), "Jane\nDoe");
        // Stray NULs in UTF-8 text are dropped.
        assert_eq!(decode(b"Jane\0 Doe\0\0").unwrap(), "Jane Doe");
    }
}
