//! The web UI (`ui/dist`, built by Vite) at `/`: static files, and
//! `index.html` for any other path the client-side router owns
//! (`/app/jobs/…`, `/interview`). The pages get a content security policy
//! that lets them load their own scripts and talk to this server only.
//! `/assets/` holds content-hashed files: cached for good, and a missing
//! one is a 404 (never the page, which a stale tab would try to run).
//! Everything is compressed (gzip or brotli) when the browser accepts it.

use axum::Router;
use axum::http::{HeaderValue, header};
use std::path::Path;
use tower_http::compression::CompressionLayer;
use tower_http::services::{ServeDir, ServeFile};
use tower_http::set_header::SetResponseHeaderLayer;

/// Scripts, styles and connections from this origin only; no inline
/// script, no plugin, no framing, no foreign form target.
const POLICY: &str = "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; \
     img-src 'self' data: blob:; connect-src 'self'; font-src 'self'; object-src 'none'; \
     base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

/// Is `dir` a built UI?
pub fn is_built(dir: &Path) -> bool {
    dir.join("index.html").is_file()
}

/// `router` with the UI in `dir` behind every path it does not route.
pub fn serve<S: Clone + Send + Sync + 'static>(router: Router<S>, dir: &Path) -> Router<S> {
    let policy = SetResponseHeaderLayer::overriding(
        header::CONTENT_SECURITY_POLICY,
        HeaderValue::from_static(POLICY),
    );
    let assets = tower::ServiceBuilder::new()
        .layer(SetResponseHeaderLayer::overriding(
            header::CACHE_CONTROL,
            HeaderValue::from_static("public, max-age=31536000, immutable"),
        ))
        .layer(CompressionLayer::new())
        .service(ServeDir::new(dir.join("assets")));
    let pages = tower::ServiceBuilder::new()
        .layer(policy)
        // Revalidate (ETag, Last-Modified): a new build is seen at once.
        .layer(SetResponseHeaderLayer::overriding(
            header::CACHE_CONTROL,
            HeaderValue::from_static("no-cache"),
        ))
        .layer(CompressionLayer::new())
        .service(
            ServeDir::new(dir)
                .append_index_html_on_directories(true)
                .fallback(ServeFile::new(dir.join("index.html"))),
        );
    router
        .nest_service("/assets", assets)
        .fallback_service(pages)
}
