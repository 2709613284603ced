-- Players' tokens. Every credit and debit is a row here first, under an idempotency key unique per player, with the
-- balance before and after it; entry_no numbers a player's rows without gaps, so two writers cannot both append. The
-- TokenAccount grain's state is a cache of this table. A free pull is a pull row of 0 tokens.
CREATE TABLE IF NOT EXISTS token_ledger
(
    user_id         text        NOT NULL,
    entry_no        bigint      NOT NULL CHECK (entry_no > 0),
    idempotency_key text        NOT NULL,
    kind            text        NOT NULL CHECK (kind IN ('purchase', 'pull', 'job', 'refund', 'grant')),
    amount          bigint      NOT NULL,
    balance_before  bigint      NOT NULL CHECK (balance_before >= 0),
    balance_after   bigint      NOT NULL CHECK (balance_after >= 0),
    reference       text        NULL,
    recorded_at     timestamptz NOT NULL,
    PRIMARY KEY (user_id, entry_no),
    UNIQUE (user_id, idempotency_key),
    CHECK (balance_after = balance_before + amount),
    CHECK (amount <> 0 OR kind = 'pull')
);

-- Gacha pulls: what was asked, the key found (its did and how well it matched) and, once the player keeps it, its seed
-- sealed with the vanity master key (XChaCha20-Poly1305; the pull id and user id are the associated data).
CREATE TABLE IF NOT EXISTS vanity_pulls
(
    pull_id          text        NOT NULL PRIMARY KEY,
    user_id          text        NOT NULL,
    parts            text[]      NOT NULL,
    case_insensitive boolean     NOT NULL,
    fuzzy            boolean     NOT NULL,
    did              text        NOT NULL,
    score            integer     NOT NULL,
    of_parts         integer     NOT NULL,
    match            jsonb       NOT NULL,
    candidates       bigint      NOT NULL,
    tokens           bigint      NOT NULL,
    created_at       timestamptz NOT NULL,
    kept_at          timestamptz NULL,
    sealed_seed      bytea       NULL,
    nonce            bytea       NULL
);

CREATE INDEX IF NOT EXISTS vanity_pulls_user ON vanity_pulls (user_id, created_at DESC, pull_id DESC);
