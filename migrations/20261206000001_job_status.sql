-- A job is open (taking candidates and invitations) or closed; closing
-- keeps everything it has. Standard SQL.
ALTER TABLE job_descriptions ADD COLUMN status TEXT NOT NULL DEFAULT 'open';
ALTER TABLE job_descriptions ADD COLUMN closed_at TEXT;
