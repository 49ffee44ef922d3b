//! DOCX: the text of `word/document.xml` and its headers, read straight from
//! the zip's XML: paragraphs, tables (cells joined by tabs), text boxes,
//! tabs and breaks. Decompression is bounded, so a zip bomb is refused.

use crate::error::ResumeError;
use quick_xml::events::Event;
use std::io::Cursor;

pub fn extract(bytes: &[u8]) -> Result<String, ResumeError> {
    let mut archive = zip::ZipArchive::new(Cursor::new(bytes))
        .map_err(|e| ResumeError::Corrupt(format!("not a readable zip: {e}")))?;
    let mut parts: Vec<String> = archive
        .file_names()
        .filter_map(Result::ok)
        .filter(|n| n.starts_with("word/header") && n.ends_with(".xml"))
        .map(|n| n.into_owned())
        .collect();
    parts.sort();
    parts.push("word/document.xml".to_owned());

    let mut budget = super::zipped::MAX_INFLATED;
    let mut out = String::new();
    for name in parts {
        let xml = super::zipped::read_part(&mut archive, &name, &mut budget)?;
        let text = xml_to_text(&xml)?;
        if !text.trim().is_empty() {
            out.push_str(&text);
            out.push('\n');
        }
    }
    Ok(super::text::normalise(&out))
}

fn xml_to_text(xml: &[u8]) -> Result<String, ResumeError> {
    let mut reader = quick_xml::Reader::from_reader(xml);
    let mut out = String::new();
    let mut in_text = false;
    // Inside mc:Fallback, Word repeats a text box's content: skip it.
    let mut fallback_depth = 0usize;
    // Where each open table cell's text starts.
    let mut cells: Vec<usize> = Vec::new();
    let mut buf = Vec::new();
    loop {
        let event = reader
            .read_event_into(&mut buf)
            .map_err(|e| ResumeError::Corrupt(format!("document XML: {e}")))?;
        match event {
            Event::Start(e) => match e.local_name().as_ref() {
                "t" if fallback_depth == 0 => in_text = true,
                "Fallback" => fallback_depth += 1,
                "tc" => cells.push(out.len()),
                _ => {}
            },
            Event::Empty(e) if fallback_depth == 0 => match e.local_name().as_ref() {
                "tab" => out.push('\t'),
                "br" | "cr" => out.push('\n'),
                _ => {}
            },
            Event::End(e) => match e.local_name().as_ref() {
                "t" => in_text = false,
                "Fallback" => fallback_depth = fallback_depth.saturating_sub(1),
                "p" if fallback_depth == 0 => {
                    // A paragraph inside a table cell ends the cell's line only
                    // at the cell end; elsewhere it ends a line.
                    out.push('\n');
                }
                "tc" => {
                    let start = cells.pop().unwrap_or(0);
                    if fallback_depth == 0 {
                        super::zipped::end_cell(&mut out, start);
                    }
                }
                "tr" if fallback_depth == 0 => super::zipped::end_row(&mut out),
                _ => {}
            },
            Event::Text(t) if in_text && fallback_depth == 0 => {
                out.push_str(&t.xml10_content());
            }
            Event::GeneralRef(r) if in_text && fallback_depth == 0 => {
                if let Ok(Some(c)) = r.resolve_char_ref() {
                    out.push(c);
                } else {
                    let name = r.xml10_content();
                    if let Some(s) = quick_xml::escape::resolve_predefined_entity(&name) {
                        out.push_str(s);
                    }
                }
            }
            Event::Eof => break,
            _ => {}
        }
        buf.clear();
    }
    Ok(out)
}
