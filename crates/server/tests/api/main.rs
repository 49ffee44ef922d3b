//! The HTTP server, end to end: one test binary (fast links), the real
//! server on port 0 per test, a real HTTP client.

mod analytics;
mod http;
mod invitations;
mod rbac;
mod support;
mod tenancy;
mod ws;
