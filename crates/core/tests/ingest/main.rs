//! Ingestion tests, compiled into one binary: generated fixtures with known
//! truth, the real resumes of the evaluation set, bad input, and storage.

mod accuracy;
mod bad_input;
mod columns;
mod corpus;
mod generated;
#[cfg(feature = "embed")]
mod headings;
mod provenance;
mod store;
mod support;
mod truth_fields;
