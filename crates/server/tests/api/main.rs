//! The HTTP server, end to end: one test binary (fast links), the real
//! server on port 0 per test, a real HTTP client.

mod analytics;
mod audit;
mod auth;
mod events;
mod http;
mod invitations;
mod jobs;
mod mail;
mod pipeline;
mod rbac;
mod review;
mod search;
mod settings;
mod support;
mod tenancy;
mod tls;
mod ui;
mod watch;
mod ws;
