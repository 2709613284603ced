-- What a reward journal entry does to a player's account is stated here and nowhere else: the trigger below derives
-- every balance (pending, reserved, paid, the kill cursor) from each entry as it is appended, and refuses an entry the
-- account cannot take. The RewardAccount grain and the settlement batches only append entries and read
-- reward_balances; Tests/Rewards/RewardLedgerRuleTests holds every writer to this rule, kind by kind.
--
-- Journal appends wait while this runs, so the balances filled in below are those of the journal as it stands.
LOCK TABLE reward_journal IN SHARE MODE;

ALTER TABLE reward_balances
    ADD COLUMN IF NOT EXISTS reserved_raw numeric(39, 0) NOT NULL DEFAULT 0 CHECK (reserved_raw >= 0),
    ADD COLUMN IF NOT EXISTS paid_raw     numeric(39, 0) NOT NULL DEFAULT 0 CHECK (paid_raw >= 0),
    ADD COLUMN IF NOT EXISTS kill_cursor  bigint         NOT NULL DEFAULT 0 CHECK (kill_cursor >= 0);

UPDATE reward_balances b
   SET reserved_raw = s.reserved, paid_raw = s.paid, kill_cursor = s.kill_cursor
  FROM (SELECT user_id,
               COALESCE(sum(amount_raw) FILTER (WHERE kind = 'reserve'), 0)
                 - COALESCE(sum(amount_raw) FILTER (WHERE kind IN ('commit', 'release')), 0) AS reserved,
               COALESCE(sum(amount_raw) FILTER (WHERE kind = 'commit'), 0) AS paid,
               GREATEST(COALESCE(max(kills) FILTER (WHERE kind IN ('baseline', 'kills')), 0), 0) AS kill_cursor
          FROM reward_journal
         GROUP BY user_id) s
 WHERE b.user_id = s.user_id;

-- A round's entries on one account, found without reading the rest of a long journal (clicks add an entry every few
-- seconds of play).
CREATE INDEX IF NOT EXISTS reward_journal_rounds ON reward_journal (user_id, round_no) WHERE round_no IS NOT NULL;

CREATE OR REPLACE FUNCTION reward_balances_follow_journal() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    pending  numeric(39, 0) := 0;
    reserved numeric(39, 0) := 0;
    paid     numeric(39, 0) := 0;
    seen     bigint         := 0;
    last_no  bigint         := 0;
    held     numeric(39, 0);
    known    boolean;
BEGIN
    SELECT b.pending_raw, b.reserved_raw, b.paid_raw, b.kill_cursor, b.last_entry_no
      INTO pending, reserved, paid, seen, last_no
      FROM reward_balances b WHERE b.user_id = NEW.user_id FOR UPDATE;
    known := FOUND;
    IF NOT known THEN
        pending := 0; reserved := 0; paid := 0; seen := 0; last_no := 0;
    END IF;

    IF NEW.entry_no <> last_no + 1 THEN
        RAISE EXCEPTION 'reward entry % of % follows entry %', NEW.entry_no, NEW.user_id, last_no USING ERRCODE = 'check_violation';
    END IF;

    CASE NEW.kind
        WHEN 'baseline' THEN
            IF NEW.kills IS NULL OR NEW.amount_raw <> 0 THEN
                RAISE EXCEPTION 'a kill baseline needs a kill count and earns nothing' USING ERRCODE = 'check_violation';
            END IF;
            seen := GREATEST(seen, NEW.kills);
        WHEN 'kills' THEN
            IF NEW.kills IS NULL THEN
                RAISE EXCEPTION 'a kills entry needs a kill count' USING ERRCODE = 'check_violation';
            END IF;
            seen := GREATEST(seen, NEW.kills);
            pending := pending + NEW.amount_raw;
        WHEN 'clicks' THEN
            -- A run of clicks may earn nothing (an operator can set the reward per click to 0); it still moves the
            -- click cursor, which lives in the entry itself.
            pending := pending + NEW.amount_raw;
        WHEN 'grant' THEN
            IF NEW.amount_raw <= 0 THEN
                RAISE EXCEPTION 'a grant must be more than 0 raw' USING ERRCODE = 'check_violation';
            END IF;
            pending := pending + NEW.amount_raw;
        WHEN 'reserve' THEN
            IF NEW.round_no IS NULL OR NEW.amount_raw <= 0 THEN
                RAISE EXCEPTION 'a reservation needs a round and an amount above 0' USING ERRCODE = 'check_violation';
            END IF;
            IF NEW.amount_raw > pending THEN
                RAISE EXCEPTION 'round % asks % for % raw; % raw is pending', NEW.round_no, NEW.user_id, NEW.amount_raw, pending
                    USING ERRCODE = 'check_violation';
            END IF;
            IF EXISTS (SELECT 1 FROM reward_journal j
                        WHERE j.user_id = NEW.user_id AND j.round_no = NEW.round_no AND j.entry_no <> NEW.entry_no) THEN
                RAISE EXCEPTION 'round % has already reserved from %', NEW.round_no, NEW.user_id USING ERRCODE = 'check_violation';
            END IF;
            pending := pending - NEW.amount_raw;
            reserved := reserved + NEW.amount_raw;
        WHEN 'commit', 'release' THEN
            -- Open: the round reserved on this account and has neither committed nor released since.
            SELECT r.amount_raw INTO held FROM reward_journal r
             WHERE r.user_id = NEW.user_id AND r.round_no = NEW.round_no AND r.kind = 'reserve'
               AND NOT EXISTS (SELECT 1 FROM reward_journal s
                                WHERE s.user_id = NEW.user_id AND s.round_no = NEW.round_no
                                  AND s.kind IN ('commit', 'release') AND s.entry_no <> NEW.entry_no);
            IF held IS NULL THEN
                RAISE EXCEPTION 'round % holds no reservation on %', NEW.round_no, NEW.user_id USING ERRCODE = 'check_violation';
            END IF;
            IF held <> NEW.amount_raw THEN
                RAISE EXCEPTION 'round % reserved % raw on %, not %', NEW.round_no, held, NEW.user_id, NEW.amount_raw USING ERRCODE = 'check_violation';
            END IF;
            reserved := reserved - held;
            IF NEW.kind = 'commit' THEN
                paid := paid + held;
            ELSE
                pending := pending + held;
            END IF;
        ELSE
            RAISE EXCEPTION 'unknown kind of reward entry %', NEW.kind USING ERRCODE = 'check_violation';
    END CASE;

    IF known THEN
        UPDATE reward_balances
           SET pending_raw = pending, reserved_raw = reserved, paid_raw = paid, kill_cursor = seen,
               last_entry_no = NEW.entry_no, changed_at = NEW.recorded_at
         WHERE user_id = NEW.user_id;
    ELSE
        -- A player's first entry cannot race another for the same player: both would be entry 1.
        INSERT INTO reward_balances (user_id, pending_raw, reserved_raw, paid_raw, kill_cursor, last_entry_no, changed_at)
        VALUES (NEW.user_id, pending, reserved, paid, seen, NEW.entry_no, NEW.recorded_at);
    END IF;
    RETURN NEW;
END
$$;
