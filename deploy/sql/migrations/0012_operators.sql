-- What operators need to look after players: a directory to search, bans, flags for suspicious activity, manual
-- payouts with their approvals, and coarse regions for analytics.

-- One row per player, written by the Player grain before it stores its state (so the row is never behind it).
-- Searching by name, identity (discord:…, email:…, did:key:…) or id happens here, never by visiting grains.
CREATE TABLE IF NOT EXISTS players
(
    user_id           text        NOT NULL PRIMARY KEY,
    display_name      text        NOT NULL,
    identities        text[]      NOT NULL,
    created_at        timestamptz NOT NULL,
    ban_reason        text        NULL,      -- set while the player is banned
    banned_until      timestamptz NULL,      -- with a reason and no end: banned until an admin lifts it
    banned_by         text        NULL,
    analytics_opt_out boolean     NOT NULL DEFAULT false
);

CREATE INDEX IF NOT EXISTS players_identities ON players USING gin (identities);
CREATE INDEX IF NOT EXISTS players_name ON players (lower(display_name) text_pattern_ops);
CREATE INDEX IF NOT EXISTS players_created ON players (created_at DESC, user_id DESC);
CREATE INDEX IF NOT EXISTS players_banned ON players (user_id) WHERE ban_reason IS NOT NULL;

-- Suspicious activity for an operator to look at (a kill rate no hand reaches, …). Append-only; a flag holds nothing
-- back by itself: an operator decides, and bans if need be.
CREATE TABLE IF NOT EXISTS player_flags
(
    flag_id    bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    user_id    text        NOT NULL,
    kind       text        NOT NULL,
    detail     jsonb       NOT NULL,
    flagged_at timestamptz NOT NULL
);

CREATE INDEX IF NOT EXISTS player_flags_user ON player_flags (user_id, flagged_at);

-- A grant is BAN an operator gives a player (a manual payout): it accrues like kills, and its payout follows at once.
-- The wider check is added NOT VALID: it holds for every new row, and the rows already there met the narrower one, so
-- there is nothing to scan for. (The accruals index is rebuilt to take grants in; on a large journal that build holds
-- writes back for a while, like any index build inside the migration's transaction.) Silos of an older version cannot
-- read a grant: upgrade every silo before paying by hand.
ALTER TABLE reward_journal DROP CONSTRAINT IF EXISTS reward_journal_kind_check;
ALTER TABLE reward_journal ADD CONSTRAINT reward_journal_kind_check
    CHECK (kind IN ('baseline', 'kills', 'clicks', 'grant', 'reserve', 'commit', 'release')) NOT VALID;

DROP INDEX IF EXISTS reward_journal_recorded;
CREATE INDEX IF NOT EXISTS reward_journal_recorded ON reward_journal (recorded_at) WHERE kind IN ('kills', 'clicks', 'grant');

CREATE OR REPLACE FUNCTION reward_balances_follow_journal() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    delta numeric(39, 0) := CASE NEW.kind
        WHEN 'kills' THEN NEW.amount_raw
        WHEN 'clicks' THEN NEW.amount_raw
        WHEN 'grant' THEN NEW.amount_raw
        WHEN 'release' THEN NEW.amount_raw
        WHEN 'reserve' THEN -NEW.amount_raw
        ELSE 0
    END;
BEGIN
    UPDATE reward_balances
       SET pending_raw = pending_raw + delta, last_entry_no = NEW.entry_no, changed_at = NEW.recorded_at
     WHERE user_id = NEW.user_id;
    IF NOT FOUND THEN
        INSERT INTO reward_balances (user_id, pending_raw, last_entry_no, changed_at)
        VALUES (NEW.user_id, delta, NEW.entry_no, NEW.recorded_at);
    END IF;
    RETURN NEW;
END
$$;

-- Manual payouts an admin asked for. When a player's manual payouts of the last 24 hours would come to more than
-- operator.manual_payout_approval_ban, a second admin approves before anything moves. idempotency_key is the admin
-- client's Idempotency-Key: a request sent again is the same request. Its payout is an ordinary one (payouts table, same exactly-once sending) whose round number is the
-- request's number negated: rounds count up from 1, so the two never meet, and manual payouts never count against
-- a player's caps.
CREATE TABLE IF NOT EXISTS manual_payouts
(
    number          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    idempotency_key text           NOT NULL UNIQUE,
    user_id      text           NOT NULL,
    destination  text           NOT NULL,
    amount_raw   numeric(39, 0) NOT NULL CHECK (amount_raw > 0),
    reason       text           NOT NULL,
    requested_by text           NOT NULL,
    requested_at timestamptz    NOT NULL,
    -- settled_by_round: approved, but a settlement round set the grant aside first and pays it under the caps.
    status       text           NOT NULL CHECK (status IN ('awaiting_approval', 'approved', 'rejected', 'settled_by_round')),
    decided_by   text           NULL,
    decided_at   timestamptz    NULL,
    payout_id    text           NULL       -- set once its payout is recorded
);

CREATE INDEX IF NOT EXISTS manual_payouts_waiting ON manual_payouts (number) WHERE status = 'awaiting_approval';
CREATE INDEX IF NOT EXISTS manual_payouts_user ON manual_payouts (user_id, requested_at);

-- The last coarse region (country or country-region code from a trusted proxy header) each player was seen from,
-- and the day. Never an address; kept for analytics.retention_days; a player who opts out has no row.
CREATE TABLE IF NOT EXISTS player_regions
(
    user_id text NOT NULL PRIMARY KEY,
    region  text NOT NULL,
    seen_on date NOT NULL
);

CREATE INDEX IF NOT EXISTS player_regions_seen ON player_regions (seen_on);

-- Operators list payouts by status, newest first.
CREATE INDEX IF NOT EXISTS payouts_status_created ON payouts (status, created_at DESC, payout_id DESC);
