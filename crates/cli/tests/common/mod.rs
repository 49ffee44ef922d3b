//! What the command-line tests share: `ats` with a temporary data
//! directory, the repository's models, and no API keys from the caller's
//! environment.

use std::path::Path;
use std::process::{Command, Output};

pub fn ats(data: &Path) -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_ats"));
    c.env("ATS_DATA_DIR", data)
        .env(
            "ATS_MODELS_DIR",
            concat!(env!("CARGO_MANIFEST_DIR"), "/../../models"),
        )
        .env_remove("OPENAI_API_KEY")
        .env_remove("ANTHROPIC_API_KEY")
        .env_remove("ATS_OPENAI_API_KEY")
        .env_remove("ATS_ANTHROPIC_API_KEY");
    c
}

pub fn run(cmd: &mut Command) -> Output {
    cmd.output().expect("ats runs")
}
