-- The audit log (crates/core/src/audit.rs): who did what, when. Only ever
-- added to; what a call was about is an id, never its content.
CREATE TABLE audit_log (
    id TEXT PRIMARY KEY,
    at TEXT NOT NULL,
    company_id TEXT,
    actor_id TEXT,
    actor TEXT NOT NULL,
    role TEXT,
    action TEXT NOT NULL,
    subject TEXT,
    outcome TEXT NOT NULL
);
CREATE INDEX audit_log_company_at ON audit_log (company_id, at, id);

-- SQLite-specific trigger syntax (PostgreSQL: a BEFORE UPDATE trigger
-- function, or UPDATE revoked from the application's role): a row once
-- written is never changed.
CREATE TRIGGER audit_log_append_only BEFORE UPDATE ON audit_log
BEGIN
    SELECT RAISE(ABORT, 'the audit log is append-only');
END;
