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

-- The rule runs once per statement over the entries it appended, so that a settlement batch of thousands of entries
-- costs a few set-wide statements rather than a function call and an update per entry. The entries one statement
-- appends to an account move it together: the account must follow them on from its last entry, and its balances must
-- end within their checks (pending, reserved and paid never below 0).
DROP TRIGGER IF EXISTS reward_balances_follow_journal ON reward_journal;

CREATE OR REPLACE FUNCTION reward_balances_follow_journal() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    refused  text;
    accounts bigint;
    moved_on bigint;
BEGIN
    -- What each kind of entry must carry, and what it needs of the entries before it in its round.
    SELECT why INTO refused
      FROM (SELECT CASE
                     WHEN a.kind = 'baseline' AND (a.kills IS NULL OR a.amount_raw <> 0) THEN
                         'a kill baseline needs a kill count and earns nothing'
                     WHEN a.kind = 'kills' AND a.kills IS NULL THEN
                         'a kills entry needs a kill count'
                     -- A run of clicks may earn nothing (an operator can set the reward per click to 0); it still moves
                     -- the click cursor, which lives in the entry itself.
                     WHEN a.kind = 'clicks' THEN NULL
                     WHEN a.kind = 'grant' AND a.amount_raw <= 0 THEN
                         'a grant must be more than 0 raw'
                     WHEN a.kind = 'reserve' AND (a.round_no IS NULL OR a.amount_raw <= 0) THEN
                         'a reservation needs a round and an amount above 0'
                     WHEN a.kind = 'reserve' AND EXISTS (SELECT 1 FROM reward_journal j
                                                          WHERE j.user_id = a.user_id AND j.round_no = a.round_no
                                                            AND j.entry_no < a.entry_no) THEN
                         format('round %s has already reserved from %s', a.round_no, a.user_id)
                     -- Only an open reservation settles: the round reserved on this account before, and has neither
                     -- committed nor released, and it settles whole. (A round reserves first: entries of one statement
                     -- see each other, so "before" is by entry number.)
                     WHEN a.kind IN ('commit', 'release') THEN
                         (SELECT CASE
                                   WHEN r.held IS NULL OR r.settled > 0 THEN
                                       format('round %s holds no reservation on %s', a.round_no, a.user_id)
                                   WHEN r.held <> a.amount_raw THEN
                                       format('round %s reserved %s raw on %s, not %s', a.round_no, r.held, a.user_id, a.amount_raw)
                                 END
                            FROM (SELECT sum(j.amount_raw) FILTER (WHERE j.kind = 'reserve' AND j.entry_no < a.entry_no) AS held,
                                         count(*) FILTER (WHERE j.kind IN ('commit', 'release') AND j.entry_no <> a.entry_no) AS settled
                                    FROM reward_journal j
                                   WHERE j.user_id = a.user_id AND j.round_no = a.round_no) r)
                     WHEN a.kind NOT IN ('baseline', 'kills', 'grant', 'reserve') THEN
                         format('unknown kind of reward entry %s', a.kind)
                   END AS why
              FROM added a) judged
     WHERE why IS NOT NULL
     LIMIT 1;
    IF refused IS NOT NULL THEN
        RAISE EXCEPTION '%', refused USING ERRCODE = 'check_violation';
    END IF;

    -- What the entries do to each balance. A reserve beyond pending takes pending below 0, which the table's check
    -- refuses.
    WITH moved AS (
        SELECT a.user_id,
               min(a.entry_no) AS first_no,
               max(a.entry_no) AS last_no,
               count(*) AS entries,
               sum(CASE WHEN a.kind IN ('kills', 'clicks', 'grant', 'release') THEN a.amount_raw
                        WHEN a.kind = 'reserve' THEN -a.amount_raw ELSE 0 END) AS to_pending,
               sum(CASE WHEN a.kind = 'reserve' THEN a.amount_raw
                        WHEN a.kind IN ('commit', 'release') THEN -a.amount_raw ELSE 0 END) AS to_reserved,
               sum(CASE WHEN a.kind = 'commit' THEN a.amount_raw ELSE 0 END) AS to_paid,
               COALESCE(max(a.kills) FILTER (WHERE a.kind IN ('baseline', 'kills')), 0) AS kills_seen,
               (array_agg(a.recorded_at ORDER BY a.entry_no DESC))[1] AS changed_at
          FROM added a
         GROUP BY a.user_id),
    followed AS (
        UPDATE reward_balances b
           SET pending_raw = b.pending_raw + m.to_pending, reserved_raw = b.reserved_raw + m.to_reserved,
               paid_raw = b.paid_raw + m.to_paid, kill_cursor = GREATEST(b.kill_cursor, m.kills_seen),
               last_entry_no = m.last_no, changed_at = m.changed_at
          FROM moved m
         WHERE b.user_id = m.user_id AND b.last_entry_no = m.first_no - 1 AND m.last_no - m.first_no + 1 = m.entries
        RETURNING b.user_id),
    -- A player's first entries cannot race another writer's for the same player: both would hold entry 1.
    opened AS (
        INSERT INTO reward_balances (user_id, pending_raw, reserved_raw, paid_raw, kill_cursor, last_entry_no, changed_at)
        SELECT m.user_id, m.to_pending, m.to_reserved, m.to_paid, GREATEST(m.kills_seen, 0), m.last_no, m.changed_at
          FROM moved m
         WHERE m.first_no = 1 AND m.last_no = m.entries
           AND NOT EXISTS (SELECT 1 FROM reward_balances b WHERE b.user_id = m.user_id)
        RETURNING user_id)
    SELECT (SELECT count(*) FROM moved), (SELECT count(*) FROM followed) + (SELECT count(*) FROM opened)
      INTO accounts, moved_on;
    IF moved_on <> accounts THEN
        -- An account that did not follow its entries still names a last entry before them.
        SELECT format('reward entry %s of %s does not follow the last one', m.first_no, m.user_id) INTO refused
          FROM (SELECT a.user_id, min(a.entry_no) AS first_no, max(a.entry_no) AS last_no FROM added a GROUP BY a.user_id) m
          LEFT JOIN reward_balances b USING (user_id)
         WHERE b.last_entry_no IS DISTINCT FROM m.last_no
         LIMIT 1;
        RAISE EXCEPTION '%', COALESCE(refused, 'reward entries do not follow their accounts'' last ones') USING ERRCODE = 'check_violation';
    END IF;
    RETURN NULL;
END
$$;

CREATE TRIGGER reward_balances_follow_journal
    AFTER INSERT ON reward_journal
    REFERENCING NEW TABLE AS added
    FOR EACH STATEMENT EXECUTE FUNCTION reward_balances_follow_journal();
