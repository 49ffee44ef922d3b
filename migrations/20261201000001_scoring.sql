-- Scoring: the durable queue of scoring jobs (the design's scoring worker,
-- in process), scorecards in full with their version per interview,
-- recruiters' overrides, and voluntary self-identification kept apart from
-- the candidate record. Portable SQL: the partial unique index and
-- ALTER TABLE … ADD COLUMN read the same in PostgreSQL.

-- One job per scoring of an interview. A worker claims a job by setting
-- it running with a lease it renews; a job whose lease ran out (its worker
-- died) is claimed again, so a crash mid-scoring resumes.
CREATE TABLE scoring_jobs (
    id           TEXT PRIMARY KEY NOT NULL,
    interview_id TEXT NOT NULL REFERENCES interviews(id) ON DELETE CASCADE,
    status       TEXT NOT NULL DEFAULT 'queued',
    attempts     INTEGER NOT NULL DEFAULT 0,
    not_before   TEXT,
    lease_until  TEXT,
    worker       TEXT,
    last_error   TEXT,
    created_at   TEXT NOT NULL,
    updated_at   TEXT NOT NULL
);
-- At most one open job per interview.
CREATE UNIQUE INDEX scoring_jobs_open ON scoring_jobs(interview_id)
    WHERE status IN ('queued', 'running');
CREATE INDEX scoring_jobs_status ON scoring_jobs(status, created_at);

-- The design's scorecards row, with the whole card (dimensions, evidence,
-- spread, recommendation, reproducibility record) as JSON and a version
-- per interview: re-scoring adds a version, never overwrites one.
ALTER TABLE scorecards ADD COLUMN version INTEGER NOT NULL DEFAULT 1;
ALTER TABLE scorecards ADD COLUMN card TEXT NOT NULL DEFAULT '{}';
ALTER TABLE scorecards ADD COLUMN scorer TEXT NOT NULL DEFAULT 'model';
ALTER TABLE scorecards ADD COLUMN recommendation TEXT;
CREATE UNIQUE INDEX scorecards_version ON scorecards(interview_id, version);

-- A recruiter's override of one dimension, with the reason; the card keeps
-- the original beside it.
CREATE TABLE score_overrides (
    id           TEXT PRIMARY KEY NOT NULL,
    scorecard_id TEXT NOT NULL REFERENCES scorecards(id) ON DELETE CASCADE,
    dimension    TEXT NOT NULL,
    level        INTEGER NOT NULL,
    reason       TEXT NOT NULL,
    by_user      TEXT NOT NULL,
    created_at   TEXT NOT NULL
);

-- Voluntary self-identification for adverse-impact reports only: never
-- joined into anything a scorer reads.
CREATE TABLE self_identification (
    candidate_id TEXT NOT NULL REFERENCES candidates(id) ON DELETE CASCADE,
    category     TEXT NOT NULL,
    value        TEXT NOT NULL,
    recorded_at  TEXT NOT NULL,
    PRIMARY KEY (candidate_id, category)
);
