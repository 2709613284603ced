-- Every look the kill verifier took at a player's Fortnite stats, append-only: what the API said (kills, private,
-- unknown, rate_limited, unavailable) and the lifetime kills it reported. The verifier visits the players it looked at
-- longest ago first; a player's first answer with kills is their baseline (only kills after it earn).
CREATE TABLE IF NOT EXISTS kill_verifications
(
    id         bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    user_id    text        NOT NULL,
    epic_id    text        NOT NULL,
    checked_at timestamptz NOT NULL,
    outcome    text        NOT NULL CHECK (outcome IN ('kills', 'private', 'unknown', 'rate_limited', 'unavailable', 'error')),
    kills      bigint      NULL
);

CREATE INDEX IF NOT EXISTS kill_verifications_user ON kill_verifications (user_id, checked_at DESC);
