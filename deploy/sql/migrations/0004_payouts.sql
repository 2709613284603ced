-- Payouts, for audit and queries ("what did user X get, when, in which round, with which block hash").
-- The Payout grain owns the state machine; it writes each transition here, idempotently, so the table
-- always shows the latest state and payout_events keeps the history.
CREATE TABLE IF NOT EXISTS payouts
(
    payout_id   text           NOT NULL PRIMARY KEY,
    user_id     text           NOT NULL,
    round_no    bigint         NOT NULL,
    destination text           NOT NULL,
    amount_raw  numeric(39, 0) NOT NULL CHECK (amount_raw > 0),
    status      text           NOT NULL CHECK (status IN ('pending', 'sent', 'failed', 'dry_run')),
    attempts    integer        NOT NULL DEFAULT 0,
    block_hash  text           NULL,
    last_error  text           NULL,
    created_at  timestamptz    NOT NULL,
    updated_at  timestamptz    NOT NULL
);

CREATE INDEX IF NOT EXISTS payouts_user ON payouts (user_id, created_at);
CREATE INDEX IF NOT EXISTS payouts_round ON payouts (round_no);

CREATE TABLE IF NOT EXISTS payout_events
(
    payout_id text        NOT NULL REFERENCES payouts (payout_id),
    seq       integer     NOT NULL,
    at        timestamptz NOT NULL,
    status    text        NOT NULL,
    detail    text        NULL,
    PRIMARY KEY (payout_id, seq)
);
