//! Fuzz the text parser: extraction and structuring must never panic or hang
//! on any input (third-party panics are caught in production, so this target
//! reports them too, as findings to guard against).
#![no_main]

use ats_core::ingest::{FileKind, ResumeParser};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let parser = ResumeParser::new(
        Default::default(),
        chrono::NaiveDate::from_ymd_opt(2026, 1, 1).unwrap(),
    );
    let _ = parser.parse_kind(FileKind::Text, data);
});
