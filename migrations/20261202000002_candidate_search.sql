-- SQLite-only (FTS5): full-text search over candidates' names and resume
-- text. PostgreSQL would use a tsvector column with a GIN index instead;
-- the store's `search_candidates` is the one place that queries it.
CREATE VIRTUAL TABLE candidate_search USING fts5(
    candidate_id UNINDEXED,
    name,
    body,
    tokenize = 'unicode61 remove_diacritics 2'
);
INSERT INTO candidate_search (candidate_id, name, body)
SELECT c.id, COALESCE(c.name, ''), COALESCE(
    (SELECT group_concat(r.extracted_text, ' ') FROM resumes r WHERE r.candidate_id = c.id), '')
FROM candidates c;

-- Keyset pagination of the candidate list.
CREATE INDEX candidates_created ON candidates(created_at, id);
