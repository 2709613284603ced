-- Refunds and disputes made at Stripe reach a purchase through its payment: Stripe's charge and dispute events name the
-- PaymentIntent, which the purchase keeps once its Checkout Session is paid. A disputed purchase holds the disputed
-- share of its tokens (a 'dispute' debit in the token ledger), released by a credit of the same kind if the dispute is
-- won and kept if it is lost.
ALTER TABLE purchases ADD COLUMN IF NOT EXISTS payment_ref text NULL;
CREATE UNIQUE INDEX IF NOT EXISTS purchases_payment_ref ON purchases (payment_ref) WHERE payment_ref IS NOT NULL;

ALTER TABLE purchases DROP CONSTRAINT IF EXISTS purchases_status_check;
ALTER TABLE purchases ADD CONSTRAINT purchases_status_check
    CHECK (status IN ('pending', 'processing', 'completed', 'failed', 'cancelled', 'refunded', 'disputed'));

ALTER TABLE token_ledger DROP CONSTRAINT IF EXISTS token_ledger_kind_check;
ALTER TABLE token_ledger ADD CONSTRAINT token_ledger_kind_check
    CHECK (kind IN ('purchase', 'pull', 'job', 'refund', 'grant', 'dispute'));
