-- Each player's customer at a payment provider that keeps one (Stripe), written by their PaymentMethods grain when the
-- provider makes it: with the first method saved, or before any when the player opens the provider's own page to add
-- one (Checkout in setup mode needs the customer the method will belong to). The same customer then holds every
-- method the player saves there, however many are removed in between.
CREATE TABLE IF NOT EXISTS payment_customers
(
    user_id      text        NOT NULL,
    provider     text        NOT NULL CHECK (provider IN ('simulated', 'stripe')),
    customer_ref text        NOT NULL,
    created_at   timestamptz NOT NULL,
    PRIMARY KEY (user_id, provider)
);

-- Customers made before this table, as their players' methods name them (the first per player and provider).
INSERT INTO payment_customers (user_id, provider, customer_ref, created_at)
SELECT DISTINCT ON (user_id, provider) user_id, provider, customer_ref, created_at
  FROM payment_methods
 WHERE customer_ref IS NOT NULL
 ORDER BY user_id, provider, created_at
ON CONFLICT DO NOTHING;
