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

-- A resume's bytes are unique within a company, not across companies: two
-- tenants may hold the same file, and neither learns the other has it.
-- `tenant` is the candidate's company id ('' before the first company), so
-- the constraint also decides a race between two imports of one file.
-- SQLite cannot drop a constraint, so the table is rebuilt (no table refers
-- to resumes); PostgreSQL would drop the constraint instead.
CREATE TABLE resumes_new (
    id               TEXT PRIMARY KEY NOT NULL,
    candidate_id     TEXT NOT NULL REFERENCES candidates(id) ON DELETE CASCADE,
    sha256           TEXT NOT NULL,
    original_name    TEXT NOT NULL,
    detected_type    TEXT NOT NULL,
    size_bytes       INTEGER NOT NULL,
    stored_path      TEXT NOT NULL,
    extracted_text   TEXT NOT NULL,
    parsed_json      TEXT NOT NULL,
    parser_version   TEXT NOT NULL,
    warnings         TEXT NOT NULL DEFAULT '[]',
    field_confidence TEXT NOT NULL DEFAULT '{}',
    created_at       TEXT NOT NULL,
    tenant           TEXT NOT NULL DEFAULT '',
    UNIQUE (tenant, sha256)
);
INSERT INTO resumes_new (id, candidate_id, sha256, original_name, detected_type, size_bytes,
    stored_path, extracted_text, parsed_json, parser_version, warnings, field_confidence, created_at)
SELECT id, candidate_id, sha256, original_name, detected_type, size_bytes,
    stored_path, extracted_text, parsed_json, parser_version, warnings, field_confidence, created_at
FROM resumes;
DROP TABLE resumes;
ALTER TABLE resumes_new RENAME TO resumes;
CREATE INDEX resumes_candidate ON resumes(candidate_id);
