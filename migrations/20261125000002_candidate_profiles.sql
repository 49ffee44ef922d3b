-- What matching needs without re-reading resumes: each candidate's skills
-- (from the skill taxonomy, with years of use and one piece of evidence) and
-- the fit of a candidate to a job, stored on the application.

CREATE TABLE candidate_skills (
    candidate_id     TEXT NOT NULL REFERENCES candidates(id) ON DELETE CASCADE,
    skill            TEXT NOT NULL,
    years            REAL,
    evidence         TEXT NOT NULL,
    taxonomy_version TEXT NOT NULL,
    PRIMARY KEY (candidate_id, skill)
);
CREATE INDEX candidate_skills_skill ON candidate_skills(skill);

ALTER TABLE applications ADD COLUMN fit_score REAL;
ALTER TABLE applications ADD COLUMN fit_explanation TEXT;
