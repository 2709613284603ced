-- Stripe webhook events already handled, by event id: a delivery of one again is answered and not handled twice. The
-- credit itself is exactly-once on its own (a ledger row keyed by the purchase id); this keeps replays cheap and
-- visible.
CREATE TABLE IF NOT EXISTS stripe_events
(
    event_id    text        NOT NULL PRIMARY KEY,
    type        text        NOT NULL,
    purchase_id text        NULL,
    handled_at  timestamptz NOT NULL
);
