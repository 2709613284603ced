-- Proofs of work spent on a new player's sign-up, written by the SignUpProof grain of each challenge: a solved
-- challenge makes one player, however many Api processes it is sent to. A row is kept until its challenge has
-- expired (nobody can send it again then) and is removed by a later spend.
CREATE TABLE IF NOT EXISTS signup_proofs
(
    challenge  text        PRIMARY KEY,
    expires_at timestamptz NOT NULL,
    spent_at   timestamptz NOT NULL
);

CREATE INDEX IF NOT EXISTS signup_proofs_expires_at ON signup_proofs (expires_at);
