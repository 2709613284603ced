-- Token purchases, one row per purchase, kept up to date by its Purchase grain (which holds the full status history):
-- what a buyer's purchase list and operators read. Tokens and amount are the package's when it was bought.
CREATE TABLE IF NOT EXISTS purchases
(
    purchase_id      text        NOT NULL PRIMARY KEY,
    user_id          text        NOT NULL,
    package_id       text        NOT NULL,
    tokens           bigint      NOT NULL CHECK (tokens > 0),
    amount_minor     bigint      NOT NULL CHECK (amount_minor >= 0),
    currency         text        NOT NULL,
    provider         text        NOT NULL CHECK (provider IN ('simulated', 'stripe')),
    method           text        NOT NULL,
    status           text        NOT NULL CHECK (status IN ('pending', 'processing', 'completed', 'failed', 'cancelled', 'refunded')),
    failure_reason   text        NULL,
    checkout_ref     text        NULL,
    created_at       timestamptz NOT NULL,
    updated_at       timestamptz NOT NULL
);

CREATE INDEX IF NOT EXISTS purchases_user ON purchases (user_id, created_at DESC, purchase_id DESC);
CREATE UNIQUE INDEX IF NOT EXISTS purchases_checkout_ref ON purchases (checkout_ref) WHERE checkout_ref IS NOT NULL;
