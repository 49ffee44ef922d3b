-- Accounts, sessions and tenants for `ats serve`.
-- Candidates now belong to a company like jobs do; rows written before the
-- first company existed (NULL) are adopted by it at first-run setup.
ALTER TABLE candidates ADD COLUMN company_id TEXT REFERENCES companies(id) ON DELETE CASCADE;
CREATE INDEX candidates_company ON candidates(company_id);
CREATE INDEX job_descriptions_company ON job_descriptions(company_id);

-- Passwords as argon2id PHC strings; repeated failures lock the account.
ALTER TABLE users ADD COLUMN password_hash TEXT;
ALTER TABLE users ADD COLUMN failed_logins INTEGER NOT NULL DEFAULT 0;
ALTER TABLE users ADD COLUMN locked_until TEXT;
ALTER TABLE users ADD COLUMN totp_secret TEXT;
ALTER TABLE users ADD COLUMN disabled_at TEXT;

-- A signed-in session; the cookie holds the token, the row its sha256 only.
CREATE TABLE sessions (
    token_sha256 TEXT PRIMARY KEY NOT NULL,
    user_id      TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    created_at   TEXT NOT NULL,
    expires_at   TEXT NOT NULL
);
CREATE INDEX sessions_user ON sessions(user_id);

-- Hiring managers see the candidates of the jobs they are assigned to.
CREATE TABLE job_assignments (
    jd_id   TEXT NOT NULL REFERENCES job_descriptions(id) ON DELETE CASCADE,
    user_id TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    PRIMARY KEY (jd_id, user_id)
);

-- A candidate's single-interview link: the token's sha256 only.
CREATE TABLE interview_invitations (
    id           TEXT PRIMARY KEY NOT NULL,
    interview_id TEXT NOT NULL REFERENCES interviews(id) ON DELETE CASCADE,
    token_sha256 TEXT NOT NULL UNIQUE,
    created_by   TEXT REFERENCES users(id) ON DELETE SET NULL,
    created_at   TEXT NOT NULL,
    expires_at   TEXT NOT NULL,
    revoked_at   TEXT
);
CREATE INDEX interview_invitations_interview ON interview_invitations(interview_id);
