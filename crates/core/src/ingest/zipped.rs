//! Parts of zip-based documents (DOCX, ODT), read with a bound on what is
//! inflated: declared sizes are checked first, and since they can lie, what
//! is actually inflated is capped too. A zip bomb is `resume.too_large`.
//! Both formats lay out a table's text alike, so the ends of a cell and of
//! a row are written here too.

use crate::error::ResumeError;
use std::io::{Cursor, Read};

/// Never inflate more than this from one archive (all parts together).
pub const MAX_INFLATED: u64 = 64 * 1024 * 1024;

/// One part of the archive, charged to `budget`.
pub fn read_part(
    archive: &mut zip::ZipArchive<Cursor<&[u8]>>,
    name: &str,
    budget: &mut u64,
) -> Result<Vec<u8>, ResumeError> {
    let file = archive
        .by_name(name)
        .map_err(|e| ResumeError::Corrupt(format!("{name}: {e}")))?;
    let declared = file.size();
    if declared > *budget {
        return Err(ResumeError::Inflated {
            limit: MAX_INFLATED,
        });
    }
    let mut buf = Vec::new();
    // Declared sizes can lie: cap what is actually inflated, too.
    file.take(*budget + 1)
        .read_to_end(&mut buf)
        .map_err(|e| ResumeError::Corrupt(format!("{name}: {e}")))?;
    if buf.len() as u64 > *budget {
        return Err(ResumeError::Inflated {
            limit: MAX_INFLATED,
        });
    }
    *budget -= buf.len() as u64;
    Ok(buf)
}

/// A cell of one line is joined to the next cell of its row by a tab (a
/// label and its value, a date and an entry); a cell of several lines (a
/// sidebar, a nested table, a list) keeps its lines and ends its own.
pub(super) fn end_cell(out: &mut String, start: usize) {
    while out.ends_with('\n') {
        out.pop();
    }
    let start = start.min(out.len());
    if out[start..].contains('\n') {
        out.push('\n');
    } else {
        out.push('\t');
    }
}

/// A table row ends its line (once).
pub(super) fn end_row(out: &mut String) {
    while out.ends_with('\t') {
        out.pop();
    }
    if !out.is_empty() && !out.ends_with('\n') {
        out.push('\n');
    }
}
