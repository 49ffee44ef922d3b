-- SQLite-only (FTS5): the tenant becomes an indexed column of the search
-- index, so a company's search is one FTS query (`tenant : "t…" AND …`)
-- that never joins or scores another company's resumes. The token is 't'
-- and the company id without hyphens ('t' alone for rows of no company);
-- `store::candidate_search::tenant_token` writes the same.
DROP TABLE candidate_search;
CREATE VIRTUAL TABLE candidate_search USING fts5(
    candidate_id UNINDEXED,
    tenant,
    name,
    body,
    tokenize = 'unicode61 remove_diacritics 2'
);
INSERT INTO candidate_search (candidate_id, tenant, name, body)
SELECT c.id, 't' || replace(COALESCE(c.company_id, ''), '-', ''), COALESCE(c.name, ''), COALESCE(
    (SELECT group_concat(r.extracted_text, ' ') FROM resumes r WHERE r.candidate_id = c.id), '')
FROM candidates c;
