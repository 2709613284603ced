-- The operator account each payout is sent from. Rounds pay over every configured source account at once, so the
-- account is chosen when the intent is written and kept with it: every attempt of a payout goes out from the same
-- account under the same id. Payouts recorded before this column existed went out from the first configured
-- account; they keep null, which means exactly that.
ALTER TABLE payouts ADD COLUMN IF NOT EXISTS source_account text NULL;
