-- The live feed's history is the payouts sent, newest first (GET /api/v1/feed/recent).
CREATE INDEX IF NOT EXISTS payouts_sent_recent ON payouts (updated_at DESC, payout_id DESC) WHERE status = 'sent';
