-- Player sessions. A sign-in starts a family of refresh tokens; each refresh consumes the presented token and
-- issues the next of the family. A consumed token presented again means it was copied: the whole family is revoked.
-- Only a SHA-256 of each token is stored. Access tokens name their family (sid), so revoking it ends them too.
-- One row per sign-in: rotation and revocation both lock it, so a token being rotated while its sign-in is ended is
-- either refused or revoked with the rest, never left alive.
CREATE TABLE IF NOT EXISTS refresh_families
(
    family_id  uuid        NOT NULL PRIMARY KEY,
    user_id    text        NOT NULL,
    started_at timestamptz NOT NULL,
    revoked_at timestamptz NULL
);

-- What every Api process polls: the sign-ins ended lately (an access token lives minutes).
CREATE INDEX IF NOT EXISTS refresh_families_revoked ON refresh_families (revoked_at) WHERE revoked_at IS NOT NULL;

CREATE TABLE IF NOT EXISTS refresh_tokens
(
    token_hash text        NOT NULL PRIMARY KEY,
    family_id  uuid        NOT NULL,
    user_id    text        NOT NULL,
    issued_at  timestamptz NOT NULL,
    expires_at timestamptz NOT NULL,
    used_at    timestamptz NULL,
    revoked_at timestamptz NULL
);

CREATE INDEX IF NOT EXISTS refresh_tokens_family ON refresh_tokens (family_id);

-- Wallet sign-in challenges: the exact text a key is asked to sign, kept until it is used once or expires.
CREATE TABLE IF NOT EXISTS auth_challenges
(
    nonce       text        NOT NULL PRIMARY KEY,
    did         text        NOT NULL,
    message     text        NOT NULL,
    issued_at   timestamptz NOT NULL,
    expires_at  timestamptz NOT NULL,
    consumed_at timestamptz NULL
);

-- E-mail and password sign-in: one Argon2id hash per e-mail address (lower case), with the parameters it was made
-- with. The row is written before the player is created, so a sign-in after a crash in between finishes the job.
CREATE TABLE IF NOT EXISTS password_credentials
(
    email      text        NOT NULL PRIMARY KEY,
    user_id    text        NOT NULL UNIQUE,
    hash       text        NOT NULL,
    created_at timestamptz NOT NULL
);

-- Discord sign-in: each state handed to Discord is recorded and consumed by the first callback that brings it back.
CREATE TABLE IF NOT EXISTS oauth_states
(
    state_hash  text        NOT NULL PRIMARY KEY,
    return_to   text        NOT NULL,
    expires_at  timestamptz NOT NULL,
    consumed_at timestamptz NULL
);
