//! The audit log, read by a company's administrators (what is written is
//! decided in `crate::audit`).

use super::file;
use crate::dto::*;
use crate::{ApiError, Ctx};
use ats_core::audit::{AuditEntry, AuditFilter};

const PAGE_DEFAULT: u32 = 100;
const PAGE_MAX: u32 = 500;
/// The most rows one CSV export holds.
const CSV_MAX: usize = 100_000;

fn dto(e: AuditEntry) -> AuditEntryDto {
    AuditEntryDto {
        id: e.id,
        at: e.at,
        actor: e.actor,
        actor_id: e.actor_id,
        role: e.role,
        action: e.action,
        subject: e.subject,
        outcome: e.outcome,
    }
}

/// The query as the store's filter; a cursor not from a page is refused.
fn filter(q: AuditQuery, limit: u32) -> Result<AuditFilter, ApiError> {
    let some = |v: Option<String>| v.map(|v| v.trim().to_owned()).filter(|v| !v.is_empty());
    if q.before
        .as_deref()
        .is_some_and(|b| !b.trim().is_empty() && !b.contains('|'))
    {
        return Err(ApiError::Invalid(
            "before: not a cursor of the audit log (take `next` from a page)".into(),
        ));
    }
    Ok(AuditFilter {
        actor: some(q.actor).map(|a| if a.contains('@') { a.to_lowercase() } else { a }),
        action: some(q.action),
        subject: some(q.subject),
        failures_only: q.failures_only.unwrap_or(false),
        before: some(q.before),
        limit,
    })
}

pub async fn list(ctx: Ctx, q: AuditQuery) -> Result<AuditPageDto, ApiError> {
    let limit = q.limit.unwrap_or(PAGE_DEFAULT).clamp(1, PAGE_MAX);
    let page = ctx.store.audit_page(&filter(q, limit)?).await?;
    Ok(AuditPageDto {
        entries: page.entries.into_iter().map(dto).collect(),
        next: page.next,
    })
}

pub async fn csv(ctx: Ctx, mut q: AuditQuery) -> Result<FileDto, ApiError> {
    let cell = ats_core::report::csv::text;
    let mut out = String::from("at,actor,role,action,subject,outcome\r\n");
    let mut rows = 0;
    loop {
        let page = ctx.store.audit_page(&filter(q.clone(), PAGE_MAX)?).await?;
        for e in &page.entries {
            let opt = |v: &Option<String>| cell(v.as_deref().unwrap_or(""));
            out.push_str(&format!(
                "{},{},{},{},{},{}\r\n",
                cell(&e.at),
                cell(&e.actor),
                opt(&e.role),
                cell(&e.action),
                opt(&e.subject),
                cell(&e.outcome)
            ));
        }
        rows += page.entries.len();
        match page.next {
            Some(next) if rows < CSV_MAX => q.before = Some(next),
            _ => break,
        }
    }
    Ok(file("audit-log.csv".into(), "text/csv", out.as_bytes()))
}
