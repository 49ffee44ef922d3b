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
    /// Mark cookies Secure (implied by --tls-cert; use it behind a TLS proxy).
    #[arg(long)]
    pub secure_cookies: bool,
    /// Serve HTTPS with this PEM certificate chain (and --tls-key).
    #[arg(long, requires = "tls_key")]
    pub tls_cert: Option<std::path::PathBuf>,
    /// The PEM private key of --tls-cert.
    #[arg(long, requires = "tls_cert")]
    pub tls_key: Option<std::path::PathBuf>,
    /// Log one JSON object per line.
    #[arg(long)]
    pub json_logs: bool,
    /// Judge answers and write follow-ups offline, without the configured
    /// model.
    #[arg(long)]
    pub no_model: bool,
    /// Calls a minute per user (or invitation), per company, and per
    /// address without a session (the design's 100, 1,000 and 10).
    #[arg(long, default_value_t = 100)]
    pub user_rate: u32,
    #[arg(long, default_value_t = 1000)]
    pub company_rate: u32,
    #[arg(long, default_value_t = 10)]
    pub anonymous_rate: u32,
    /// Model calls a minute, for the whole server (the design's 50); calls
    /// over it wait their turn.
    #[arg(long, default_value_t = 50)]
    pub llm_calls_per_minute: u32,
    /// The built web UI to serve at `/` (default: `ATS_UI_DIR`, else
    /// `ui/dist` here, else `ui/` beside the executable).
    #[arg(long)]
    pub ui: Option<std::path::PathBuf>,
}

/// Where the built web UI is, if anywhere.
fn ui_dir(args: &ServeArgs) -> Option<std::path::PathBuf> {
    let beside_exe = std::env::current_exe()
        .ok()
        .and_then(|exe| exe.parent().map(|d| d.join("ui")));
    args.ui
        .clone()
        .or_else(|| std::env::var_os("ATS_UI_DIR").map(Into::into))
        .or_else(|| Some(std::path::PathBuf::from("ui/dist")).filter(|d| d.is_dir()))
        .or(beside_exe)
        .filter(|d| d.join("index.html").is_file())
}

pub async fn run(args: &ServeArgs, store: Store, data_dir: &std::path::Path) -> Result<()> {
    let listener = tokio::net::TcpListener::bind(args.bind)
        .await
        .with_context(|| format!("listening on {}", args.bind))?;
    let address = listener.local_addr()?;
    let set_up = store.has_accounts().await?;
    let mut config = ats_server::ServerConfig {
        secure_cookies: args.secure_cookies || args.tls_cert.is_some(),
        limits: ats_server::Limits {
            per_user: args.user_rate,
            per_company: args.company_rate,
            anonymous: args.anonymous_rate,
        },
        llm: crate::interview::open_model(&store, data_dir, args.no_model)
            .await
            .map(|m| std::sync::Arc::new(m.with_rate_limit(args.llm_calls_per_minute))),
        ui: ui_dir(args),
        ..Default::default()
    };
    config.origins.extend(args.origins.iter().cloned());
    let scheme = if args.tls_cert.is_some() {
        "https"
    } else {
        "http"
    };
    if !address.ip().is_loopback() && scheme == "http" {
        eprintln!(
            "warning: the API is reachable from the network on {address} without TLS \
             (--tls-cert/--tls-key, or a TLS proxy in front)"
        );
    }
    eprintln!("serving the API on {scheme}://{address} (OpenAPI: /api/openapi.json); Ctrl-C stops");
    match &config.ui {
        Some(dir) => eprintln!("the web UI ({}) at {scheme}://{address}/", dir.display()),
        None => eprintln!(
            "no built web UI (npm --prefix ui ci && npm --prefix ui run build, or --ui DIR): API only"
        ),
    }
    if !set_up {
        eprintln!(
            "first run: no accounts yet. Create the company and its administrator in the web UI, \
             or with POST /api/auth.setup {{company, email, name, password}} (there are no default credentials)"
        );
    }
    let public = args
        .public_url
        .clone()
        .unwrap_or_else(|| format!("{scheme}://{address}"));
    let api = ats_api::Api::with_public_url(store.clone(), &public);
    let stop = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    match (&args.tls_cert, &args.tls_key) {
        (Some(cert), Some(key)) => {
            ats_server::serve_tls(listener.into_std()?, api, config, cert, key, stop)
                .await
                .with_context(|| format!("serving TLS with {}", cert.display()))?;
        }
        _ => ats_server::serve(listener, api, config, stop)
            .await
            .context("serving")?,
    }
    store.close().await;
    Ok(())
}

/// `ats user add`: an account made on the machine (the only way to make a
/// super admin, who manages the installation's settings and companies).
#[derive(clap::Args, Debug, Clone)]
pub struct UserAdd {
    pub email: String,
    /// super_admin, company_admin, recruiter or hiring_manager.
    #[arg(long)]
    pub role: String,
    #[arg(long, default_value = "")]
    pub name: String,
    /// The company (id) of a role other than super_admin.
    #[arg(long)]
    pub company: Option<String>,
}

pub async fn user_add(args: &UserAdd, store: &Store) -> Result<()> {
    use ats_core::accounts::Role;
    let role = Role::parse(&args.role)
        .filter(|r| *r != Role::Candidate)
        .with_context(|| format!("no role {}", args.role))?;
    let scoped = match (&args.company, role) {
        (None, Role::SuperAdmin) => store.clone(),
        (Some(company), _) if role != Role::SuperAdmin => {
            store.scoped(ats_core::store::Scope::company(company))
        }
        _ => anyhow::bail!("--company is needed for every role but super_admin, and only then"),
    };
    eprintln!("password (first line of stdin):");
    let mut password = String::new();
    std::io::stdin().read_line(&mut password)?;
    let account = ats_core::accounts::add_user(
        &scoped,
        &args.email,
        &args.name,
        role,
        password.trim_end_matches(['\n', '\r']),
    )
    .await
    .map_err(|e| anyhow::anyhow!("{} ({})", e, e.code()))?;
    println!("{}", account.id);
    Ok(())
}
