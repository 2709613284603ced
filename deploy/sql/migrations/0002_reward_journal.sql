-- The reward journal: every change to a player's reward account, in order, append-only. It is the truth;
-- the RewardAccount grain's stored state is a cache of it that is replayed forward on activation.
--
-- entry_no numbers one player's entries without gaps, so two writers for the same player (a split brain)
-- cannot both append: the second insert of an entry_no fails and that writer replays before trying again.
-- idempotency_key makes a retried command a no-op that returns the first entry.
CREATE TABLE IF NOT EXISTS reward_journal
(
    user_id         text           NOT NULL,
    entry_no        bigint         NOT NULL CHECK (entry_no > 0),
    idempotency_key text           NOT NULL,
    kind            text           NOT NULL CHECK (kind IN ('baseline', 'kills', 'clicks', 'reserve', 'commit', 'release')),
    amount_raw      numeric(39, 0) NOT NULL CHECK (amount_raw >= 0),
    kills           bigint         NULL,
    round_no        bigint         NULL,
    recorded_at     timestamptz    NOT NULL DEFAULT now(),
    PRIMARY KEY (user_id, entry_no),
    UNIQUE (user_id, idempotency_key)
);

-- "What did the faucet credit, and when": accruals across all players by time.
CREATE INDEX IF NOT EXISTS reward_journal_recorded ON reward_journal (recorded_at) WHERE kind IN ('kills', 'clicks');
