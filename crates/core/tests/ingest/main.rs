//! Ingestion tests, compiled into one binary: generated fixtures with known
//! truth, the real resumes of the evaluation set, bad input, and storage.

mod accuracy;
mod bad_input;
mod generated;
mod store;
mod support;
mod truth_fields;
