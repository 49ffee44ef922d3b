-- Interviews: question plans (versioned), the conducted session and its
-- event log, and the job-level question cache. Portable SQL: the partial
-- unique index and ALTER TABLE … ADD COLUMN read the same in PostgreSQL.

-- The design's interviews row, with what conducting one needs: who and for
-- which job, the language, the settings, the conductor's state (JSON, the
-- last committed position), the invitation's expiry and the consent given.
ALTER TABLE interviews ADD COLUMN candidate_id TEXT REFERENCES candidates(id) ON DELETE CASCADE;
ALTER TABLE interviews ADD COLUMN jd_id TEXT REFERENCES job_descriptions(id) ON DELETE CASCADE;
ALTER TABLE interviews ADD COLUMN language TEXT NOT NULL DEFAULT 'en';
ALTER TABLE interviews ADD COLUMN settings TEXT NOT NULL DEFAULT '{}';
ALTER TABLE interviews ADD COLUMN state TEXT NOT NULL DEFAULT '{}';
ALTER TABLE interviews ADD COLUMN last_seq INTEGER NOT NULL DEFAULT 0;
ALTER TABLE interviews ADD COLUMN expires_at TEXT;
ALTER TABLE interviews ADD COLUMN started_at TEXT;
ALTER TABLE interviews ADD COLUMN ended_at TEXT;
ALTER TABLE interviews ADD COLUMN consent TEXT;
CREATE INDEX interviews_application ON interviews(application_id);

-- The design's questions table holds the plan in force (the latest
-- version); every version is kept whole in question_plans.
ALTER TABLE questions ADD COLUMN dimension TEXT;
ALTER TABLE questions ADD COLUMN key_points TEXT NOT NULL DEFAULT '[]';
ALTER TABLE questions ADD COLUMN time_limit_secs INTEGER NOT NULL DEFAULT 300;
ALTER TABLE questions ADD COLUMN source TEXT NOT NULL DEFAULT 'offline';
CREATE INDEX questions_interview ON questions(interview_id, position);

CREATE TABLE question_plans (
    id           TEXT PRIMARY KEY NOT NULL,
    interview_id TEXT NOT NULL REFERENCES interviews(id) ON DELETE CASCADE,
    version      INTEGER NOT NULL,
    plan         TEXT NOT NULL,
    edited_by    TEXT NOT NULL DEFAULT 'generator',
    created_at   TEXT NOT NULL,
    UNIQUE (interview_id, version)
);

-- Everything that happened in an interview, in order: the stream a client
-- sees (seq strictly increasing per interview) plus recruiter-only entries
-- (judgements). A client message id is stored once per interview, which is
-- what makes a retried answer a no-op.
CREATE TABLE interview_events (
    interview_id  TEXT NOT NULL REFERENCES interviews(id) ON DELETE CASCADE,
    seq           INTEGER NOT NULL,
    kind          TEXT NOT NULL,
    payload       TEXT NOT NULL,
    client_msg_id TEXT,
    created_at    TEXT NOT NULL,
    PRIMARY KEY (interview_id, seq)
);
CREATE UNIQUE INDEX interview_events_client_msg
    ON interview_events(interview_id, client_msg_id) WHERE client_msg_id IS NOT NULL;

-- Job-level questions (the design's jd:{id}:questions), reused for the next
-- candidate of the same job while the inputs they came from are unchanged.
CREATE TABLE job_question_cache (
    jd_id      TEXT NOT NULL REFERENCES job_descriptions(id) ON DELETE CASCADE,
    cache_key  TEXT NOT NULL,
    questions  TEXT NOT NULL,
    created_at TEXT NOT NULL,
    PRIMARY KEY (jd_id, cache_key)
);
