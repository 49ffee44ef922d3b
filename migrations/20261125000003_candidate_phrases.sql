-- Embedded evidence phrases per candidate (highlights, titles, listed
-- skills), so ranking compares them with a posting's requirement phrases
-- without re-running the sentence model. Vectors are int8 with one f32
-- scale per phrase (see crates/core/src/matching/semantic.rs); `model`
-- identifies the sentence model they were computed with.

CREATE TABLE candidate_phrases (
    candidate_id TEXT PRIMARY KEY REFERENCES candidates(id) ON DELETE CASCADE,
    model        TEXT NOT NULL,
    dim          INTEGER NOT NULL,
    phrases      TEXT NOT NULL,
    vectors      BLOB NOT NULL
);
