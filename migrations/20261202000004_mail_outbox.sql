-- E-mail waiting to go out (invitations), sent by the server's worker
-- through the company's SMTP settings (`companies.settings` → `smtp`).
-- A row is `queued` until the SMTP server accepted it (`sent`) or five
-- attempts failed (`failed`). A worker claims a due row by moving its
-- `next_attempt_at` past a lease, so a crashed worker's row is due again;
-- delivery is at least once, never marked sent before it was accepted.
-- `body_text` holds the invitation link's token: it is erased ('') once the
-- mail is sent or failed. Times are RFC 3339 UTC text with milliseconds,
-- compared as text.
CREATE TABLE mail_outbox (
    id              TEXT PRIMARY KEY NOT NULL,
    company_id      TEXT REFERENCES companies(id) ON DELETE CASCADE,
    -- The invitation whose link the mail carries.
    invitation_id   TEXT REFERENCES interview_invitations(id) ON DELETE SET NULL,
    to_address      TEXT NOT NULL,
    subject         TEXT NOT NULL,
    body_text       TEXT NOT NULL,
    status          TEXT NOT NULL DEFAULT 'queued' CHECK (status IN ('queued', 'sent', 'failed')),
    attempts        INTEGER NOT NULL DEFAULT 0,
    next_attempt_at TEXT NOT NULL,
    last_error      TEXT,
    created_at      TEXT NOT NULL,
    sent_at         TEXT
);
CREATE INDEX mail_outbox_due ON mail_outbox(status, next_attempt_at);
CREATE INDEX mail_outbox_company ON mail_outbox(company_id, created_at);
