-- How a job's interviews are held by default: the plan's mix and time
-- limits, follow-ups, overall limit, invitation validity (JSON; missing
-- keys take the product's defaults).
ALTER TABLE job_descriptions ADD COLUMN interview_settings TEXT NOT NULL DEFAULT '{}';
