-- Settlement works in batches of players: a round reads its batch's balances, wallets and cap history in one
-- query, reserves and records the intents of the whole batch in one statement, and records the node's answers
-- and the matching commits in one transaction. The tables below are what it reads and writes.

-- The wallet each player has linked. The Player grain owns the link (and the wallet identity makes the address
-- unique to one player); it writes the row before it stores the link, so a round can read every wallet in bulk.
CREATE TABLE IF NOT EXISTS player_wallets
(
    user_id   text        NOT NULL PRIMARY KEY,
    address   text        NOT NULL UNIQUE,
    linked_at timestamptz NOT NULL
);

-- The payouts table is the payout's own state now, not a copy of it: the intent row is written before the
-- first send, and each later state is a conditional update of it (a payout leaves 'pending' once).
ALTER TABLE payouts ADD COLUMN IF NOT EXISTS ledger text NOT NULL DEFAULT '';
ALTER TABLE payouts ADD COLUMN IF NOT EXISTS next_attempt_at timestamptz NULL;
-- Rows written before the column existed: the ledger is the payout id's first part.
UPDATE payouts SET ledger = split_part(payout_id, '-', 1) WHERE ledger = '';

-- One row per settlement round, for operators: when it ran, what it paid, and why it skipped if it did.
CREATE TABLE IF NOT EXISTS settlement_rounds
(
    round_no          bigint         NOT NULL PRIMARY KEY,
    status            text           NOT NULL CHECK (status IN ('paying', 'done', 'skipped')),
    seed              integer        NOT NULL,
    planned           integer        NOT NULL,
    payouts           integer        NOT NULL,
    total_raw         numeric(39, 0) NOT NULL,
    skipped_no_wallet integer        NOT NULL,
    skipped_by_caps   integer        NOT NULL,
    skip_reason       text           NULL,
    started_at        timestamptz    NOT NULL,
    finished_at       timestamptz    NULL
);
