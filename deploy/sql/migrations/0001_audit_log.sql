-- The audit log: one append-only row per admin action or suspicious event. Rows are never updated or
-- deleted by the application; the id orders them.
CREATE TABLE IF NOT EXISTS audit_log
(
    id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    occurred_at timestamptz NOT NULL DEFAULT now(),
    actor       text        NOT NULL,
    action      text        NOT NULL,
    subject     text        NULL,
    detail      jsonb       NOT NULL DEFAULT '{}'::jsonb
);

CREATE INDEX IF NOT EXISTS audit_log_subject ON audit_log (subject, id);
