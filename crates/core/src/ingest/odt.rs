//! OpenDocument text (`.odt`, LibreOffice's own format): the text of
//! `content.xml` and of the page headers in `styles.xml`, read from the
//! zip's XML like DOCX: paragraphs and headings end lines, table cells are
//! joined by tabs (a sidebar cell's lines come before the main cell's),
//! spaces, tabs and line breaks as written; notes and annotations are left
//! out. Decompression is bounded (`zipped`).

use crate::error::ResumeError;
use quick_xml::events::{BytesStart, Event};
use std::io::Cursor;

pub fn extract(bytes: &[u8]) -> Result<String, ResumeError> {
    let mut archive = zip::ZipArchive::new(Cursor::new(bytes))
        .map_err(|e| ResumeError::Corrupt(format!("not a readable zip: {e}")))?;
    let mut budget = super::zipped::MAX_INFLATED;
    let mut out = String::new();
    // Page headers (a name or contact line set in the header) come first.
    if archive.index_for_name("styles.xml").is_some() {
        let styles = super::zipped::read_part(&mut archive, "styles.xml", &mut budget)?;
        out.push_str(&xml_to_text(&styles, Part::HeadersOnly)?);
    }
    let content = super::zipped::read_part(&mut archive, "content.xml", &mut budget)?;
    out.push_str(&xml_to_text(&content, Part::Body)?);
    Ok(super::text::normalise(&out))
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Part {
    /// `content.xml`: everything in `office:body`.
    Body,
    /// `styles.xml`: only `style:header` (footers are page furniture).
    HeadersOnly,
}

/// The number of spaces a `<text:s text:c="N"/>` stands for (at most a
/// line's worth: the count comes from the file).
fn spaces(e: &BytesStart) -> usize {
    e.attributes()
        .flatten()
        .find(|a| a.key.local_name().as_ref() == "c")
        .and_then(|a| a.value.parse::<usize>().ok())
        .unwrap_or(1)
        .min(200)
}

fn xml_to_text(xml: &[u8], part: Part) -> Result<String, ResumeError> {
    let mut reader = quick_xml::Reader::from_reader(xml);
    let mut out = String::new();
    // Depth inside elements whose text is read, and inside skipped ones.
    let mut reading = usize::from(part == Part::Body);
    let mut paragraph = 0usize;
    let mut skipped = 0usize;
    // Where each open table cell's text starts.
    let mut cells: Vec<usize> = Vec::new();
    let mut buf = Vec::new();
    loop {
        let event = reader
            .read_event_into(&mut buf)
            .map_err(|e| ResumeError::Corrupt(format!("document XML: {e}")))?;
        match event {
            Event::Start(e) => match e.local_name().as_ref() {
                // Notes, annotations and tracked deletions are not the text.
                "note" | "annotation" | "tracked-changes" => skipped += 1,
                "header" | "header-first" | "header-left" if part == Part::HeadersOnly => {
                    reading += 1;
                }
                "p" | "h" => paragraph += 1,
                "table-cell" => cells.push(out.len()),
                _ => {}
            },
            Event::Empty(e) if skipped == 0 && reading > 0 => match e.local_name().as_ref() {
                "s" => out.extend(std::iter::repeat_n(' ', spaces(&e))),
                "tab" => out.push('\t'),
                "line-break" => out.push('\n'),
                "p" | "h" => out.push('\n'),
                _ => {}
            },
            Event::End(e) => match e.local_name().as_ref() {
                "note" | "annotation" | "tracked-changes" => {
                    skipped = skipped.saturating_sub(1);
                }
                "header" | "header-first" | "header-left" if part == Part::HeadersOnly => {
                    reading = reading.saturating_sub(1);
                    out.push('\n');
                }
                "p" | "h" => {
                    paragraph = paragraph.saturating_sub(1);
                    if skipped == 0 && reading > 0 {
                        out.push('\n');
                    }
                }
                "table-cell" => {
                    let start = cells.pop().unwrap_or(0);
                    if skipped == 0 && reading > 0 {
                        super::zipped::end_cell(&mut out, start);
                    }
                }
                "table-row" if skipped == 0 && reading > 0 => super::zipped::end_row(&mut out),
                _ => {}
            },
            Event::Text(t) if skipped == 0 && reading > 0 && paragraph > 0 => {
                out.push_str(&t.xml10_content());
            }
            Event::GeneralRef(r) if skipped == 0 && reading > 0 && paragraph > 0 => {
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

#[cfg(test)]
mod tests {
    use super::*;

    fn content(body: &str) -> Vec<u8> {
        format!(
            "<?xml version=\"1.0\"?><office:document-content \
             xmlns:office=\"o\" xmlns:text=\"t\" xmlns:table=\"tb\"><office:body><office:text>\
             {body}</office:text></office:body></office:document-content>"
        )
        .into_bytes()
    }

    #[test]
    fn paragraphs_spaces_tabs_and_tables() {
        let xml = content(
            "<text:h>Jane<text:s/>Doe</text:h>\
             <text:p>a<text:s text:c=\"3\"/>b<text:tab/>c<text:line-break/>d</text:p>\
             <table:table><table:table-row>\
             <table:table-cell><text:p>Skills</text:p><text:p>Rust</text:p></table:table-cell>\
             <table:table-cell><text:p>Experience</text:p></table:table-cell>\
             </table:table-row></table:table>\
             <text:p>x<text:note><text:note-body><text:p>a note</text:p></text:note-body></text:note>y</text:p>",
        );
        let text = xml_to_text(&xml, Part::Body).unwrap();
        assert_eq!(
            text,
            "Jane Doe\na   b\tc\nd\nSkills\nRust\nExperience\nxy\n"
        );
        // One-line cells of a row stay on one line.
        let xml = content(
            "<table:table><table:table-row>\
             <table:table-cell><text:p>2019 - 2021</text:p></table:table-cell>\
             <table:table-cell><text:p>Engineer</text:p></table:table-cell>\
             </table:table-row></table:table>",
        );
        assert_eq!(
            xml_to_text(&xml, Part::Body).unwrap(),
            "2019 - 2021\tEngineer\n"
        );
    }

    #[test]
    fn a_sidebar_table_does_not_join_the_main_column() {
        let xml = content(
            "<table:table><table:table-row>\
             <table:table-cell>\
               <table:table><table:table-row>\
                 <table:table-cell><text:p>Italian</text:p></table:table-cell>\
                 <table:table-cell><text:p>Basic</text:p></table:table-cell>\
               </table:table-row></table:table>\
               <text:p>Languages end</text:p>\
             </table:table-cell>\
             <table:table-cell><text:p>Experience</text:p><text:p>2019 Engineer</text:p></table:table-cell>\
             </table:table-row></table:table>",
        );
        assert_eq!(
            xml_to_text(&xml, Part::Body).unwrap(),
            "Italian\tBasic\nLanguages end\nExperience\n2019 Engineer\n"
        );
    }

    #[test]
    fn space_counts_from_the_file_are_bounded() {
        let xml = content("<text:p>a<text:s text:c=\"99999999999\"/>b</text:p>");
        assert_eq!(xml_to_text(&xml, Part::Body).unwrap().len(), 203);
    }
}
