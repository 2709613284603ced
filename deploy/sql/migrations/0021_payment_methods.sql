-- Players' saved payment methods, written by each player's PaymentMethods grain: what the provider said of a method it
-- holds (its id there, brand, last four, expiry, type), never a card number. A removed method keeps its row with
-- removed_at, so that what was bought with it can still name it; the same method (the provider's fingerprint) is
-- saved once among a player's methods in use, and one of them at most is the default. With Stripe a player's methods
-- belong to one Customer there (customer_ref), created with the first.
CREATE TABLE IF NOT EXISTS payment_methods
(
    method_id    text        NOT NULL PRIMARY KEY,
    user_id      text        NOT NULL,
    provider     text        NOT NULL CHECK (provider IN ('simulated', 'stripe')),
    provider_ref text        NOT NULL,
    customer_ref text        NULL,
    fingerprint  text        NOT NULL,
    type         text        NOT NULL CHECK (type IN ('card', 'debit', 'paypal')),
    brand        text        NOT NULL,
    last_four    text        NULL CHECK (last_four ~ '^[0-9]{4}$'),
    expiry       text        NULL CHECK (expiry ~ '^[0-9]{2}/[0-9]{4}$'),
    is_default   boolean     NOT NULL,
    created_at   timestamptz NOT NULL,
    removed_at   timestamptz NULL
);

CREATE UNIQUE INDEX IF NOT EXISTS payment_methods_in_use ON payment_methods (user_id, provider, fingerprint) WHERE removed_at IS NULL;
CREATE UNIQUE INDEX IF NOT EXISTS payment_methods_default ON payment_methods (user_id) WHERE is_default AND removed_at IS NULL;
