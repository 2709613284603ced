-- Who accepted which version of the terms of service and privacy policy, when, and the age they confirmed being at
-- least (0 when no age was asked). Append-only, written by the Player grain before it stores the acceptance, so the
-- record an operator may have to show is never behind what the faucet acted on. A player who accepts a version again
-- under a higher minimum age gets a second row.
CREATE TABLE IF NOT EXISTS terms_acceptances
(
    user_id       text        NOT NULL,
    version       text        NOT NULL,
    accepted_at   timestamptz NOT NULL,
    age_confirmed boolean     NOT NULL,
    minimum_age   integer     NOT NULL,
    PRIMARY KEY (user_id, version, minimum_age)
);
