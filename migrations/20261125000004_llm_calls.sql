-- Every LLM call, for audit, cost and debugging: which prompt template and
-- version, which provider and model (with the GGUF's sha256 for local
-- models), the parameters, latency, tokens, estimated cost, the outcome,
-- and the prompt and reply with personal data redacted. No API keys.

CREATE TABLE llm_calls (
    id                TEXT PRIMARY KEY,
    created_at        TEXT NOT NULL,
    prompt_id         TEXT NOT NULL,
    prompt_version    INTEGER NOT NULL,
    provider          TEXT NOT NULL,
    model             TEXT NOT NULL,
    model_sha256      TEXT,
    params            TEXT NOT NULL,
    latency_ms        INTEGER NOT NULL,
    prompt_tokens     INTEGER,
    completion_tokens INTEGER,
    cost_usd          REAL,
    cached            INTEGER NOT NULL DEFAULT 0,
    error_code        TEXT,
    prompt_redacted   TEXT NOT NULL,
    reply_redacted    TEXT
);
CREATE INDEX llm_calls_created ON llm_calls(created_at);

-- Exact cache: the reply to the same provider, model, messages and
-- parameters. `prompt_id` and the optional embedding serve the semantic
-- cache (similar prompts of the same template).
CREATE TABLE llm_cache (
    key        TEXT PRIMARY KEY,
    created_at TEXT NOT NULL,
    prompt_id  TEXT NOT NULL,
    response   TEXT NOT NULL,
    embedding  BLOB
);
CREATE INDEX llm_cache_prompt ON llm_cache(prompt_id);
