-- The clicker game. Every click a player makes is one row here, append-only, with what the Clicker grain
-- answered: accepted (it earns reward_raw), rate_limited (the player's bucket was empty) or banned. seq numbers one
-- player's clicks without gaps; client_nonce is unique per player for good, so a retried click gets its first
-- answer even after the grain has moved or restarted. The client's address and user agent are kept only as keyed
-- hashes: enough to tell that two accounts click from one place, not where that is.
CREATE TABLE IF NOT EXISTS click_events
(
    user_id      text           NOT NULL,
    seq          bigint         NOT NULL CHECK (seq > 0),
    client_nonce text           NOT NULL,
    clicked_at   timestamptz    NOT NULL,
    outcome      text           NOT NULL CHECK (outcome IN ('accepted', 'rate_limited', 'banned')),
    reward_raw   numeric(39, 0) NOT NULL CHECK (reward_raw >= 0),
    ip_hash      text           NULL,
    agent_hash   text           NULL,
    PRIMARY KEY (user_id, seq),
    UNIQUE (user_id, client_nonce)
);

-- Accepted clicks reach the reward journal in runs: one 'clicks' entry covers every accepted click of the player
-- up to click_seq, so the journal itself says how far clicks have been accrued, and a run is accrued at most once
-- whoever appends it.
ALTER TABLE reward_journal ADD COLUMN IF NOT EXISTS click_seq bigint NULL;
CREATE INDEX IF NOT EXISTS reward_journal_click_cursor ON reward_journal (user_id, click_seq) WHERE click_seq IS NOT NULL;

-- GET /api/v1/accounts/{address}/balance: what one address has been paid, newest first.
CREATE INDEX IF NOT EXISTS payouts_destination_sent ON payouts (destination, updated_at DESC) WHERE status = 'sent';
