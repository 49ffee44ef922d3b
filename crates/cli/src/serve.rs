//! `ats serve`: the API over HTTP on this machine (127.0.0.1 unless told
//! otherwise), until Ctrl-C.

use anyhow::{Context, Result};
use ats_core::store::Store;
use std::net::SocketAddr;

#[derive(clap::Args, Debug, Clone)]
pub struct ServeArgs {
    /// Address to listen on; anything but loopback exposes the API to the
    /// network (put TLS in front of it).
    #[arg(long, default_value = "127.0.0.1:8080")]
    pub bind: SocketAddr,
    /// Another origin whose pages may call the API (repeatable), e.g. the
    /// UI's development server.
    #[arg(long = "origin")]
    pub origins: Vec<String>,
    /// Where candidates' phones reach the server (for invitation links and
    /// their QR codes); default: http://<bind>.
    #[arg(long)]
    pub public_url: Option<String>,
    /// Mark cookies Secure (when a TLS proxy fronts the server).
    #[arg(long)]
    pub secure_cookies: bool,
    /// Log one JSON object per line.
    #[arg(long)]
    pub json_logs: bool,
    /// Judge answers and write follow-ups offline, without the configured
    /// model.
    #[arg(long)]
    pub no_model: bool,
}

pub async fn run(args: &ServeArgs, store: Store, data_dir: &std::path::Path) -> Result<()> {
    let listener = tokio::net::TcpListener::bind(args.bind)
        .await
        .with_context(|| format!("listening on {}", args.bind))?;
    let address = listener.local_addr()?;
    let set_up = store.has_accounts().await?;
    let mut config = ats_server::ServerConfig {
        secure_cookies: args.secure_cookies,
        llm: crate::interview::model(&store, data_dir, args.no_model).await,
        ..Default::default()
    };
    config.origins.extend(args.origins.iter().cloned());
    if !address.ip().is_loopback() {
        eprintln!("warning: the API is reachable from the network on {address}");
    }
    eprintln!("serving the API on http://{address} (OpenAPI: /api/openapi.json); Ctrl-C stops");
    if !set_up {
        eprintln!(
            "first run: no accounts yet. Create the company and its administrator with \
             POST /api/auth.setup {{company, email, name, password}} (there are no default credentials)"
        );
    }
    let public = args
        .public_url
        .clone()
        .unwrap_or_else(|| format!("http://{address}"));
    let api = ats_api::Api::with_public_url(store.clone(), &public);
    ats_server::serve(listener, api, config, async {
        let _ = tokio::signal::ctrl_c().await;
    })
    .await
    .context("serving")?;
    store.close().await;
    Ok(())
}
