-- Each player's pending balance, kept by the database itself from the reward journal in the same
-- transaction as every append, so it can never disagree with the journal. Settlement rounds find the
-- players to pay here (the partial index holds only those with something pending) instead of visiting
-- every account.
CREATE TABLE IF NOT EXISTS reward_balances
(
    user_id       text           NOT NULL PRIMARY KEY,
    pending_raw   numeric(39, 0) NOT NULL CHECK (pending_raw >= 0),
    last_entry_no bigint         NOT NULL,
    changed_at    timestamptz    NOT NULL
);

CREATE INDEX IF NOT EXISTS reward_balances_pending ON reward_balances (user_id) WHERE pending_raw > 0;

CREATE OR REPLACE FUNCTION reward_balances_follow_journal() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    delta numeric(39, 0) := CASE NEW.kind
        WHEN 'kills' THEN NEW.amount_raw
        WHEN 'clicks' THEN NEW.amount_raw
        WHEN 'release' THEN NEW.amount_raw
        WHEN 'reserve' THEN -NEW.amount_raw
        ELSE 0
    END;
BEGIN
    -- Update first: an upsert would check the (negative) delta of a reserve against the constraint as a row
    -- of its own. A player's first entry cannot race another for the same player: both would be entry 1.
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

DROP TRIGGER IF EXISTS reward_balances_follow_journal ON reward_journal;
CREATE TRIGGER reward_balances_follow_journal
    AFTER INSERT ON reward_journal
    FOR EACH ROW EXECUTE FUNCTION reward_balances_follow_journal();
