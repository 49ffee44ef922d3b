-- The pipeline: an application's status (applied, screening, interviewing,
-- offer, hired, rejected, withdrawn) and when it last changed, for the
-- funnel and the time to hire.
ALTER TABLE applications ADD COLUMN status_changed_at TEXT;
UPDATE applications SET status_changed_at = created_at;
CREATE INDEX applications_jd ON applications(jd_id, status);
