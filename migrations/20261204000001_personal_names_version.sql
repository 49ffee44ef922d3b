-- SQLite-only (trigger syntax): a counter that moves whenever the names of
-- the people the store knows (candidates and users) may have changed. Every
-- LLM call redacts those names; it compares this one row with the version
-- it compiled them at instead of reading and comparing every name (100,000
-- candidates made each call read and sort them all). PostgreSQL will keep
-- the same counter with its own triggers.
CREATE TABLE personal_names_version (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    version INTEGER NOT NULL
);
INSERT INTO personal_names_version (id, version) VALUES (1, 0);

CREATE TRIGGER candidates_names_inserted AFTER INSERT ON candidates
BEGIN UPDATE personal_names_version SET version = version + 1 WHERE id = 1; END;
CREATE TRIGGER candidates_names_updated AFTER UPDATE OF name ON candidates
BEGIN UPDATE personal_names_version SET version = version + 1 WHERE id = 1; END;
CREATE TRIGGER candidates_names_deleted AFTER DELETE ON candidates
BEGIN UPDATE personal_names_version SET version = version + 1 WHERE id = 1; END;

CREATE TRIGGER users_names_inserted AFTER INSERT ON users
BEGIN UPDATE personal_names_version SET version = version + 1 WHERE id = 1; END;
CREATE TRIGGER users_names_updated AFTER UPDATE OF name ON users
BEGIN UPDATE personal_names_version SET version = version + 1 WHERE id = 1; END;
CREATE TRIGGER users_names_deleted AFTER DELETE ON users
BEGIN UPDATE personal_names_version SET version = version + 1 WHERE id = 1; END;
