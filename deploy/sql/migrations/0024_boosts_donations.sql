-- Boosts: an accrual of kills or clicks earned under a boost names it, with its multiplier and what the accrual
-- would have been without it, so the books explain every raw of a boosted entry: amount = floor(unboosted × multiplier).
ALTER TABLE reward_journal ADD COLUMN IF NOT EXISTS boost            text           NULL;
ALTER TABLE reward_journal ADD COLUMN IF NOT EXISTS boost_multiplier numeric(4, 2)  NULL;
ALTER TABLE reward_journal ADD COLUMN IF NOT EXISTS unboosted_raw    numeric(39, 0) NULL;

ALTER TABLE reward_journal DROP CONSTRAINT IF EXISTS reward_journal_boost_explains_amount;
ALTER TABLE reward_journal ADD CONSTRAINT reward_journal_boost_explains_amount CHECK (
    (boost IS NULL AND boost_multiplier IS NULL AND unboosted_raw IS NULL)
    OR (kind IN ('kills', 'clicks') AND boost <> '' AND boost_multiplier > 1 AND boost_multiplier <= 10
        AND amount_raw = floor(unboosted_raw * boost_multiplier)));

-- Donations to the operator's donation address, found through the node and written by the Donations grain only:
-- one row per transfer, keyed by the hash of the donor's send block (the same whether the node shows the transfer as
-- receivable or as received), so a donation found twice counts once. found_at is when the faucet recorded it: the
-- week it counts in for the donors board and the donation milestones.
CREATE TABLE IF NOT EXISTS donations
(
    send_block   text           PRIMARY KEY CHECK (send_block ~ '^[0-9A-F]{64}$'),
    to_account   text           NOT NULL,
    from_account text           NOT NULL,
    amount_raw   numeric(39, 0) NOT NULL CHECK (amount_raw > 0),
    sent_at      timestamptz    NULL,
    found_at     timestamptz    NOT NULL
);

CREATE INDEX IF NOT EXISTS donations_found_at ON donations (found_at);
