-- This database's ledger identity, made once. Payout ids carry it, because the node remembers every send id
-- for good: a database started afresh against the same wallet numbers its rounds from 1 again, and without it a
-- new payout could reuse an old id and be answered with the old block instead of being sent.
CREATE TABLE IF NOT EXISTS faucet_ledger
(
    one bool NOT NULL DEFAULT true PRIMARY KEY CHECK (one),
    id  uuid NOT NULL DEFAULT gen_random_uuid()
);

INSERT INTO faucet_ledger DEFAULT VALUES ON CONFLICT DO NOTHING;
