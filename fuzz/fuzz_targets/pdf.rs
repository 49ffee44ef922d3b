//! Fuzz the PDF path as production runs it: `ResumeParser::parse` catches
//! panics of the third-party PDF stack and turns them into
//! `resume.corrupt`. Such caught panics are expected; a panic whose location
//! is in our own crate, an abort (stack overflow, OOM) or a hang is a finding.
#![no_main]

use ats_core::ingest::{IngestLimits, ResumeParser};
use libfuzzer_sys::fuzz_target;
use std::sync::atomic::{AtomicBool, Ordering};

static OURS: AtomicBool = AtomicBool::new(false);

fuzz_target!(
    init: {
        // Replace libFuzzer's abort-on-panic hook so panics unwind into the
        // parser's catch_unwind, as they do in production.
        std::panic::set_hook(Box::new(|info| {
            let here = info.location().map(|l| l.file().to_owned()).unwrap_or_default();
            if here.contains("crates/core/") {
                OURS.store(true, Ordering::SeqCst);
            }
        }));
    },
    |data: &[u8]| {
        let parser = ResumeParser {
            limits: IngestLimits {
                timeout: std::time::Duration::from_secs(20),
                ..IngestLimits::default()
            },
            ..ResumeParser::default()
        };
        let _ = parser.parse(data);
        if OURS.load(Ordering::SeqCst) {
            std::process::abort();
        }
    }
);
