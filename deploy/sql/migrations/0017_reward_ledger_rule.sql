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
    -- What the entry does to each balance. A reserve beyond pending takes pending below 0, which the table's check
    -- refuses.
    to_pending  numeric(39, 0) := CASE WHEN NEW.kind IN ('kills', 'clicks', 'grant', 'release') THEN NEW.amount_raw
                                       WHEN NEW.kind = 'reserve' THEN -NEW.amount_raw ELSE 0 END;
    to_reserved numeric(39, 0) := CASE WHEN NEW.kind = 'reserve' THEN NEW.amount_raw
                                       WHEN NEW.kind IN ('commit', 'release') THEN -NEW.amount_raw ELSE 0 END;
    to_paid     numeric(39, 0) := CASE WHEN NEW.kind = 'commit' THEN NEW.amount_raw ELSE 0 END;
    kills_seen  bigint         := CASE WHEN NEW.kind IN ('baseline', 'kills') THEN NEW.kills END;
    held        numeric(39, 0);
    settled     bigint;
BEGIN
    CASE NEW.kind
        WHEN 'baseline' THEN
            IF NEW.kills IS NULL OR NEW.amount_raw <> 0 THEN
                RAISE EXCEPTION 'a kill baseline needs a kill count and earns nothing' USING ERRCODE = 'check_violation';
            END IF;
        WHEN 'kills' THEN
            IF NEW.kills IS NULL THEN
                RAISE EXCEPTION 'a kills entry needs a kill count' USING ERRCODE = 'check_violation';
            END IF;
        -- A run of clicks may earn nothing (an operator can set the reward per click to 0); it still moves the click
        -- cursor, which lives in the entry itself.
        WHEN 'clicks' THEN
            NULL;
        WHEN 'grant' THEN
            IF NEW.amount_raw <= 0 THEN
                RAISE EXCEPTION 'a grant must be more than 0 raw' USING ERRCODE = 'check_violation';
            END IF;
        WHEN 'reserve' THEN
            IF NEW.round_no IS NULL OR NEW.amount_raw <= 0 THEN
                RAISE EXCEPTION 'a reservation needs a round and an amount above 0' USING ERRCODE = 'check_violation';
            END IF;
            IF EXISTS (SELECT 1 FROM reward_journal j
                        WHERE j.user_id = NEW.user_id AND j.round_no = NEW.round_no AND j.entry_no <> NEW.entry_no) THEN
                RAISE EXCEPTION 'round % has already reserved from %', NEW.round_no, NEW.user_id USING ERRCODE = 'check_violation';
            END IF;
        WHEN 'commit', 'release' THEN
            -- Only an open reservation settles: the round reserved on this account and has neither committed nor
            -- released since, and it settles whole.
            SELECT sum(j.amount_raw) FILTER (WHERE j.kind = 'reserve'),
                   count(*) FILTER (WHERE j.kind IN ('commit', 'release') AND j.entry_no <> NEW.entry_no)
              INTO held, settled
              FROM reward_journal j WHERE j.user_id = NEW.user_id AND j.round_no = NEW.round_no;
            IF held IS NULL OR settled > 0 THEN
                RAISE EXCEPTION 'round % holds no reservation on %', NEW.round_no, NEW.user_id USING ERRCODE = 'check_violation';
            END IF;
            IF held <> NEW.amount_raw THEN
                RAISE EXCEPTION 'round % reserved % raw on %, not %', NEW.round_no, held, NEW.user_id, NEW.amount_raw USING ERRCODE = 'check_violation';
            END IF;
        ELSE
            RAISE EXCEPTION 'unknown kind of reward entry %', NEW.kind USING ERRCODE = 'check_violation';
    END CASE;

    UPDATE reward_balances
       SET pending_raw = pending_raw + to_pending, reserved_raw = reserved_raw + to_reserved, paid_raw = paid_raw + to_paid,
           kill_cursor = GREATEST(kill_cursor, COALESCE(kills_seen, 0)), last_entry_no = NEW.entry_no, changed_at = NEW.recorded_at
     WHERE user_id = NEW.user_id AND last_entry_no = NEW.entry_no - 1;
    IF NOT FOUND THEN
        -- A player's first entry cannot race another for the same player: both would be entry 1.
        IF NEW.entry_no <> 1 OR EXISTS (SELECT 1 FROM reward_balances WHERE user_id = NEW.user_id) THEN
            RAISE EXCEPTION 'reward entry % of % does not follow the last one', NEW.entry_no, NEW.user_id USING ERRCODE = 'check_violation';
        END IF;
        INSERT INTO reward_balances (user_id, pending_raw, reserved_raw, paid_raw, kill_cursor, last_entry_no, changed_at)
        VALUES (NEW.user_id, to_pending, to_reserved, to_paid, GREATEST(COALESCE(kills_seen, 0), 0), NEW.entry_no, NEW.recorded_at);
    END IF;
    RETURN NEW;
END
$$;
