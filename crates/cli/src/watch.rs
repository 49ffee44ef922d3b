//! `ats watch DIR`: import what is dropped into a folder (the loop is the
//! core's, [`ats_core::watch`]; this prints what it hears).

use anyhow::Result;
use ats_core::import::Importer;
use ats_core::watch::{Watched, watch_folder};
use std::path::Path;
use std::time::Duration;
use tokio_util::sync::CancellationToken;

pub async fn run(importer: Importer, dir: &Path, settle: Duration, once: bool) -> Result<()> {
    let stop = CancellationToken::new();
    let ctrl_c = stop.clone();
    tokio::spawn(async move {
        let _ = tokio::signal::ctrl_c().await;
        ctrl_c.cancel();
    });
    let store = importer.store.clone();
    eprintln!("watching {} (Ctrl-C to stop)", dir.display());
    let result = watch_folder(importer, dir, settle, stop, once, |event| match event {
        Watched::Imported { path, candidate_id } => {
            println!(
                "imported  {}  → candidate {}",
                path.display(),
                &candidate_id[..8]
            );
        }
        Watched::Duplicate { path, candidate_id } => {
            println!(
                "duplicate {}  = candidate {}",
                path.display(),
                &candidate_id[..8]
            );
        }
        Watched::Failed {
            path,
            code,
            message,
        } => println!("failed    {}  {code}: {message}", path.display()),
        Watched::Error { path, message } => eprintln!("failed    {}  {message}", path.display()),
    })
    .await;
    store.close().await;
    Ok(result?)
}
