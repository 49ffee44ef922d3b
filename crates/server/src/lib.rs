//! `ats serve`: the API's method table over HTTP. Every method is
//! `POST /api/<name>` with a JSON body; this crate only turns requests into
//! [`ats_api::Api::call`]s: who is calling (session cookie, bearer token or
//! a candidate's invitation), rate limits, body limits, CORS, security
//! headers, metrics and logs. It holds no handler logic.
//!
//! Routes: `POST /api/{method}`, `GET /api/openapi.json`, `GET /health`,
//! `GET /ready`, `GET /metrics` (Prometheus), `GET /i/{token}` (a
//! candidate's invitation link: sets the invitation cookie) and
//! `GET /ws/interview` (the interview protocol over a WebSocket).

mod auth;
mod limits;
mod metrics;
mod ui;
mod upload;
mod ws;

pub use limits::Limits;

use ats_api::{Api, ApiError, Principal};
use axum::Router;
use axum::extract::{ConnectInfo, Path, State};
use axum::http::{HeaderMap, HeaderValue, Method, StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::serve::ListenerExt;
use std::net::SocketAddr;
use std::sync::Arc;
use tower_http::request_id::{MakeRequestUuid, PropagateRequestIdLayer, SetRequestIdLayer};
use tower_http::set_header::SetResponseHeaderLayer;

/// The largest request body: a 20 MB resume, base64-encoded, in JSON.
pub const MAX_BODY: usize = 28 * 1024 * 1024;

#[derive(Clone)]
pub struct ServerConfig {
    /// Origins (besides the server's own) whose pages may call the API:
    /// the desktop app's, a development UI's.
    pub origins: Vec<String>,
    pub limits: Limits,
    /// Cookies marked Secure (behind TLS).
    pub secure_cookies: bool,
    /// The model that judges answers and writes follow-ups in interviews
    /// (offline judging without one).
    pub llm: Option<Arc<ats_core::llm::LlmService>>,
    /// The built web UI (`ui/dist`) to serve at `/`, if any.
    pub ui: Option<std::path::PathBuf>,
}

impl std::fmt::Debug for ServerConfig {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ServerConfig")
            .field("origins", &self.origins)
            .field("limits", &self.limits)
            .field("secure_cookies", &self.secure_cookies)
            .field("llm", &self.llm.is_some())
            .field("ui", &self.ui)
            .finish()
    }
}

impl Default for ServerConfig {
    fn default() -> Self {
        Self {
            origins: vec!["tauri://localhost".into(), "http://tauri.localhost".into()],
            limits: Limits::default(),
            secure_cookies: false,
            llm: None,
            ui: None,
        }
    }
}

struct AppState {
    api: Api,
    /// One conductor for every connection: it serialises the steps of an
    /// interview in this process.
    conductor: Arc<ats_core::interview::Conductor>,
    config: ServerConfig,
    limiter: limits::Limiter,
    metrics: metrics::Metrics,
}

type Shared = Arc<AppState>;

/// The router for `api` (serve it with connect info: see [`serve`]).
pub fn router(api: Api, config: ServerConfig) -> Router {
    let state = Arc::new(AppState {
        limiter: limits::Limiter::new(&config.limits),
        metrics: metrics::Metrics::default(),
        conductor: Arc::new(ats_core::interview::Conductor::new(
            api.store().clone(),
            config.llm.clone(),
        )),
        api,
        config: config.clone(),
    });
    let origins: Vec<HeaderValue> = config
        .origins
        .iter()
        .filter_map(|o| HeaderValue::from_str(o).ok())
        .collect();
    let cors = tower_http::cors::CorsLayer::new()
        .allow_origin(origins)
        .allow_methods([Method::GET, Method::POST])
        .allow_headers([header::CONTENT_TYPE, header::AUTHORIZATION])
        .allow_credentials(true);
    let x_request_id = header::HeaderName::from_static("x-request-id");
    let routes = Router::new()
        .route("/api/openapi.json", get(openapi))
        .route("/api/{method}", post(call))
        .route("/upload", post(upload::resume))
        .route("/health", get(health))
        .route("/ready", get(ready))
        .route("/metrics", get(metrics))
        .route("/i/{token}", get(invitation))
        .route("/ws/interview", get(ws::interview))
        .route("/ws/events", get(ws::events));
    let routes = match config.ui.as_deref().filter(|d| ui::is_built(d)) {
        Some(dir) => ui::serve(routes, dir),
        None => routes,
    };
    routes
        .layer(axum::extract::DefaultBodyLimit::max(MAX_BODY))
        .layer(cors)
        .layer(SetResponseHeaderLayer::overriding(
            header::X_CONTENT_TYPE_OPTIONS,
            HeaderValue::from_static("nosniff"),
        ))
        .layer(SetResponseHeaderLayer::overriding(
            header::X_FRAME_OPTIONS,
            HeaderValue::from_static("DENY"),
        ))
        .layer(SetResponseHeaderLayer::overriding(
            header::REFERRER_POLICY,
            HeaderValue::from_static("no-referrer"),
        ))
        .layer(SetResponseHeaderLayer::if_not_present(
            header::CONTENT_SECURITY_POLICY,
            HeaderValue::from_static("default-src 'none'; frame-ancestors 'none'"),
        ))
        .layer(SetResponseHeaderLayer::if_not_present(
            header::CACHE_CONTROL,
            HeaderValue::from_static("no-store"),
        ))
        .layer(PropagateRequestIdLayer::new(x_request_id.clone()))
        .layer(
            tower_http::trace::TraceLayer::new_for_http().make_span_with(
                |r: &axum::http::Request<axum::body::Body>| {
                    let id = r
                        .headers()
                        .get("x-request-id")
                        .and_then(|v| v.to_str().ok())
                        .unwrap_or("-");
                    // The path only: never a query string, a body or a header.
                    tracing::info_span!("request", id, method = %r.method(), path = %r.uri().path())
                },
            ),
        )
        .layer(SetRequestIdLayer::new(x_request_id, MakeRequestUuid))
        .with_state(state)
}

/// Serve on `listener` until `shutdown` resolves; meanwhile deliver the
/// mail outbox (`ats_core::mail::run_worker`, every 5 s).
pub async fn serve(
    listener: tokio::net::TcpListener,
    api: Api,
    config: ServerConfig,
    shutdown: impl std::future::Future<Output = ()> + Send + 'static,
) -> std::io::Result<()> {
    let served = api.clone();
    let llm = config.llm.clone();
    with_workers(&api, llm, async move {
        let app = router(served, config).into_make_service_with_connect_info::<SocketAddr>();
        axum::serve(listener.tap_io(no_delay), app)
            .with_graceful_shutdown(shutdown)
            .await
    })
    .await
}

/// Replies are sent as they are written: without TCP_NODELAY, a small
/// write waits for the peer's delayed acknowledgement (40 ms on Linux),
/// which was every interview turn's latency.
fn no_delay(stream: &mut tokio::net::TcpStream) {
    if let Err(e) = stream.set_nodelay(true) {
        tracing::debug!("TCP_NODELAY not set: {e}");
    }
}

/// Serve over TLS (rustls) with a PEM certificate chain and private key.
pub async fn serve_tls(
    listener: std::net::TcpListener,
    api: Api,
    config: ServerConfig,
    cert: &std::path::Path,
    key: &std::path::Path,
    shutdown: impl std::future::Future<Output = ()> + Send + 'static,
) -> std::io::Result<()> {
    let tls = axum_server::tls_rustls::RustlsConfig::from_pem_file(cert, key).await?;
    let handle = axum_server::Handle::new();
    let stopping = handle.clone();
    tokio::spawn(async move {
        shutdown.await;
        stopping.graceful_shutdown(Some(std::time::Duration::from_secs(10)));
    });
    listener.set_nonblocking(true)?;
    let served = api.clone();
    let llm = config.llm.clone();
    with_workers(&api, llm, async move {
        let app = router(served, config).into_make_service_with_connect_info::<SocketAddr>();
        axum_server::from_tcp(listener)?
            .acceptor(
                axum_server::tls_rustls::RustlsAcceptor::new(tls)
                    .acceptor(axum_server::accept::NoDelayAcceptor),
            )
            .handle(handle)
            .serve(app)
            .await
    })
    .await
}

/// Run `serving` with the background workers beside it: the mail
/// outbox's (invitation e-mail) and the scoring queue's, until it ends; a
/// delivery or scoring under way is finished first, for up to 30 s.
async fn with_workers(
    api: &Api,
    llm: Option<Arc<ats_core::llm::LlmService>>,
    serving: impl std::future::Future<Output = std::io::Result<()>>,
) -> std::io::Result<()> {
    let (stop_mail, mail_stopped) = tokio::sync::oneshot::channel::<()>();
    let mailer = tokio::spawn(ats_core::mail::run_worker(
        api.store().clone(),
        std::time::Duration::from_secs(5),
        async {
            let _ = mail_stopped.await;
        },
    ));
    let (stop_scoring, scoring_stopped) = tokio::sync::oneshot::channel::<()>();
    let scorer = tokio::spawn(score_queued(api.clone(), llm, async {
        let _ = scoring_stopped.await;
    }));
    let served = serving.await;
    let _ = stop_mail.send(());
    let _ = stop_scoring.send(());
    let _ = tokio::time::timeout(std::time::Duration::from_secs(30), async {
        let _ = mailer.await;
        let _ = scorer.await;
    })
    .await;
    served
}

/// Score completed interviews as they are queued (every 2 s), with the
/// server's model or, without one, the offline scorer; a failed job is
/// retried by the queue's own rules.
async fn score_queued(
    api: Api,
    llm: Option<Arc<ats_core::llm::LlmService>>,
    stop: impl std::future::Future<Output = ()>,
) {
    api.scoring_service(llm)
        .run_worker(
            std::time::Duration::from_secs(2),
            stop,
            |result| match result {
                Ok(card) => tracing::info!(scorecard = %card.id, "scored"),
                Err((interview, e)) => {
                    tracing::warn!(interview, code = e.code(), "scoring failed: {e}");
                }
            },
        )
        .await;
}

/// An error as `{code, message}` with its status (and Retry-After).
fn error_response(e: &ApiError) -> Response {
    let status = StatusCode::from_u16(e.status()).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
    let mut response = (status, axum::Json(e.body())).into_response();
    if let ApiError::RateLimited(secs) = e {
        response
            .headers_mut()
            .insert(header::RETRY_AFTER, HeaderValue::from(*secs));
    }
    response
}

async fn call(
    State(state): State<Shared>,
    Path(method): Path<String>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    headers: HeaderMap,
    body: axum::body::Bytes,
) -> Response {
    let started = std::time::Instant::now();
    let result = handle(&state, &method, peer, &headers, &body).await;
    let code = match &result {
        Ok(_) => "ok",
        Err(e) => e.code(),
    };
    let known = ats_api::method(&method).map_or("unknown", |m| m.name);
    state.metrics.observe(known, code, started.elapsed());
    if let Err(e) = &result {
        if e.status() >= 500 {
            tracing::error!(method = known, code, "{e}");
        } else {
            tracing::info!(method = known, code, "refused");
        }
    }
    match result {
        Ok(response) => response,
        Err(e) => error_response(&e),
    }
}

async fn handle(
    state: &AppState,
    method: &str,
    peer: SocketAddr,
    headers: &HeaderMap,
    body: &[u8],
) -> Result<Response, ApiError> {
    // JSON only: a cross-site form cannot send it without CORS's consent.
    let json = headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("application/json"));
    if !json {
        return Err(ApiError::Invalid(
            "send Content-Type: application/json".into(),
        ));
    }
    let (who, session) = auth::principal(&state.api, headers).await?;
    state.limiter.check(&who, peer)?;
    let input: serde_json::Value = if body.is_empty() {
        serde_json::Value::Null
    } else {
        serde_json::from_slice(body).map_err(|e| ApiError::Invalid(format!("JSON body: {e}")))?
    };
    let output = state
        .api
        .call_in_session(who, session.clone(), method, input)
        .await?;
    let mut response = axum::Json(&output).into_response();
    match method {
        "auth.sign_in" | "auth.setup" => {
            if let Some(token) = output.get("token").and_then(|t| t.as_str()) {
                auth::set_session_cookie(&mut response, token, state.config.secure_cookies);
            }
        }
        "auth.sign_out" => auth::clear_session_cookie(&mut response, state.config.secure_cookies),
        _ => {}
    }
    Ok(response)
}

async fn openapi() -> impl IntoResponse {
    axum::Json(ats_api::openapi::document())
}

async fn health() -> impl IntoResponse {
    axum::Json(serde_json::json!({ "status": "ok", "version": env!("CARGO_PKG_VERSION") }))
}

async fn ready(State(state): State<Shared>) -> Response {
    match state.api.store().has_accounts().await {
        Ok(set_up) => {
            axum::Json(serde_json::json!({ "status": "ready", "set_up": set_up })).into_response()
        }
        Err(e) => error_response(&ApiError::from(e)),
    }
}

async fn metrics(State(state): State<Shared>) -> Response {
    let depth = state
        .api
        .store()
        .scoring_queue()
        .await
        .map(|q| q.len() as i64)
        .unwrap_or(-1);
    if let Ok(totals) = state.api.store().llm_totals().await {
        state.metrics.set_llm(&totals);
    }
    let text = state.metrics.render(depth);
    (
        [(
            header::CONTENT_TYPE,
            "application/openmetrics-text; version=1.0.0; charset=utf-8",
        )],
        text,
    )
        .into_response()
}

/// A candidate opens their link: the token is checked and kept in an
/// HttpOnly cookie, and the page says where to go next. A browser (one
/// that accepts HTML) on a server with the UI is sent on to the candidate
/// screens at `/interview` (`/interview?error=CODE` when the link is bad).
async fn invitation(
    State(state): State<Shared>,
    Path(token): Path<String>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    headers: HeaderMap,
) -> Response {
    let browser = state.config.ui.as_deref().is_some_and(ui::is_built)
        && headers
            .get(header::ACCEPT)
            .and_then(|v| v.to_str().ok())
            .is_some_and(|v| v.contains("text/html"));
    let see_other = |to: String| {
        let mut response = StatusCode::SEE_OTHER.into_response();
        if let Ok(to) = HeaderValue::from_str(&to) {
            response.headers_mut().insert(header::LOCATION, to);
        }
        response
    };
    if let Err(e) = state.limiter.check(&Principal::Anonymous, peer) {
        return if browser {
            see_other(format!("/interview?error={}", e.code()))
        } else {
            error_response(&e)
        };
    }
    match ats_core::accounts::redeem(state.api.store(), &token).await {
        Ok((interview_id, _)) => {
            let mut response = if browser {
                see_other("/interview".into())
            } else {
                axum::Json(serde_json::json!({ "interview_id": interview_id })).into_response()
            };
            auth::set_invitation_cookie(&mut response, &token, state.config.secure_cookies);
            response
        }
        Err(e) => {
            let e = ApiError::from(e);
            if browser {
                see_other(format!("/interview?error={}", e.code()))
            } else {
                error_response(&e)
            }
        }
    }
}
