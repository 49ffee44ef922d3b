-- Initial schema: the design's domain tables plus what resume ingestion needs.
-- Ids are UUID text; timestamps are RFC 3339 text in UTC; JSON columns hold
-- JSON text. Foreign keys are enforced (the store enables them per connection).

CREATE TABLE companies (
    id                TEXT PRIMARY KEY NOT NULL,
    name              TEXT NOT NULL,
    settings          TEXT NOT NULL DEFAULT '{}',
    subscription_tier TEXT NOT NULL DEFAULT 'local',
    created_at        TEXT NOT NULL
);

CREATE TABLE users (
    id         TEXT PRIMARY KEY NOT NULL,
    company_id TEXT REFERENCES companies(id) ON DELETE CASCADE,
    email      TEXT NOT NULL UNIQUE,
    name       TEXT,
    role       TEXT NOT NULL CHECK (role IN
                 ('super_admin', 'company_admin', 'recruiter', 'hiring_manager', 'candidate')),
    created_at TEXT NOT NULL
);

CREATE TABLE job_descriptions (
    id              TEXT PRIMARY KEY NOT NULL,
    company_id      TEXT REFERENCES companies(id) ON DELETE CASCADE,
    title           TEXT NOT NULL,
    description     TEXT NOT NULL DEFAULT '',
    structured_data TEXT NOT NULL DEFAULT '{}',
    created_at      TEXT NOT NULL
);

CREATE TABLE candidates (
    id                      TEXT PRIMARY KEY NOT NULL,
    name                    TEXT,
    email                   TEXT,
    phone                   TEXT,
    location                TEXT,
    total_experience_months INTEGER,
    parsed_data             TEXT NOT NULL,
    created_at              TEXT NOT NULL,
    updated_at              TEXT NOT NULL
);
CREATE INDEX candidates_email ON candidates(email);

-- One row per distinct file (by content). The original is kept under the data
-- directory at stored_path, named by its sha256.
CREATE TABLE resumes (
    id               TEXT PRIMARY KEY NOT NULL,
    candidate_id     TEXT NOT NULL REFERENCES candidates(id) ON DELETE CASCADE,
    sha256           TEXT NOT NULL UNIQUE,
    original_name    TEXT NOT NULL,
    detected_type    TEXT NOT NULL,
    size_bytes       INTEGER NOT NULL,
    stored_path      TEXT NOT NULL,
    extracted_text   TEXT NOT NULL,
    parsed_json      TEXT NOT NULL,
    parser_version   TEXT NOT NULL,
    warnings         TEXT NOT NULL DEFAULT '[]',
    field_confidence TEXT NOT NULL DEFAULT '{}',
    created_at       TEXT NOT NULL
);
CREATE INDEX resumes_candidate ON resumes(candidate_id);

CREATE TABLE applications (
    id           TEXT PRIMARY KEY NOT NULL,
    candidate_id TEXT NOT NULL REFERENCES candidates(id) ON DELETE CASCADE,
    jd_id        TEXT NOT NULL REFERENCES job_descriptions(id) ON DELETE CASCADE,
    status       TEXT NOT NULL DEFAULT 'applied',
    created_at   TEXT NOT NULL,
    UNIQUE (candidate_id, jd_id)
);

CREATE TABLE interviews (
    id               TEXT PRIMARY KEY NOT NULL,
    application_id   TEXT NOT NULL REFERENCES applications(id) ON DELETE CASCADE,
    scheduled_at     TEXT,
    status           TEXT NOT NULL DEFAULT 'scheduled',
    duration_seconds INTEGER,
    created_at       TEXT NOT NULL
);

CREATE TABLE questions (
    id            TEXT PRIMARY KEY NOT NULL,
    interview_id  TEXT NOT NULL REFERENCES interviews(id) ON DELETE CASCADE,
    position      INTEGER NOT NULL,
    question_text TEXT NOT NULL,
    question_type TEXT NOT NULL,
    difficulty    TEXT
);

CREATE TABLE rubrics (
    id         TEXT PRIMARY KEY NOT NULL,
    jd_id      TEXT NOT NULL REFERENCES job_descriptions(id) ON DELETE CASCADE,
    version    INTEGER NOT NULL DEFAULT 1,
    dimensions TEXT NOT NULL,
    created_at TEXT NOT NULL,
    UNIQUE (jd_id, version)
);

CREATE TABLE scorecards (
    id            TEXT PRIMARY KEY NOT NULL,
    interview_id  TEXT NOT NULL REFERENCES interviews(id) ON DELETE CASCADE,
    rubric_id     TEXT NOT NULL REFERENCES rubrics(id),
    scores        TEXT NOT NULL,
    overall_score REAL,
    created_at    TEXT NOT NULL
);

-- Outbox: every domain event, in the design's envelope. Consumers mark
-- published_at once they have handled a row.
CREATE TABLE events (
    event_id     TEXT PRIMARY KEY NOT NULL,
    event_type   TEXT NOT NULL,
    timestamp    TEXT NOT NULL,
    version      TEXT NOT NULL DEFAULT '1.0',
    data         TEXT NOT NULL,
    published_at TEXT
);
CREATE INDEX events_unpublished ON events(timestamp) WHERE published_at IS NULL;

-- Files seen by `ats watch`, so a restart does not re-import them.
CREATE TABLE watched_files (
    path        TEXT PRIMARY KEY NOT NULL,
    size_bytes  INTEGER NOT NULL,
    modified_ns INTEGER NOT NULL,
    sha256      TEXT,
    outcome     TEXT NOT NULL,
    seen_at     TEXT NOT NULL
);
