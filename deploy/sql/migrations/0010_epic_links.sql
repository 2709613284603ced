-- What Yunite last said of each Discord player: linked to an Epic account, or not (not_linked, not_found). The Player
-- grain writes it; settlement rounds leave out players who are not linked. Players who never signed in with Discord
-- have no row and are not held back.
CREATE TABLE IF NOT EXISTS player_epic_links
(
    user_id    text        NOT NULL PRIMARY KEY,
    status     text        NOT NULL CHECK (status IN ('linked', 'not_linked', 'not_found')),
    epic_id    text        NULL,
    epic_name  text        NULL,
    checked_at timestamptz NOT NULL
);

CREATE INDEX IF NOT EXISTS player_epic_links_blocked ON player_epic_links (user_id) WHERE status <> 'linked';
