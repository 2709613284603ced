-- Outbound webhooks to operators' endpoints (Standard Webhooks). Endpoints come from the admin API or from
-- integrations.yaml (ids config-1, config-2, …); each has its signing secret. Every event for an endpoint is a delivery
-- row first (unique per endpoint and message id, so an event published twice is delivered once), then the endpoint's
-- grain sends it, retrying with growing delays for about a day; a 410 disables the endpoint.
CREATE TABLE IF NOT EXISTS webhook_endpoints
(
    endpoint_id     text        NOT NULL PRIMARY KEY,
    url             text        NOT NULL,
    secret          text        NOT NULL,
    events          text[]      NOT NULL,
    enabled         boolean     NOT NULL DEFAULT true,
    disabled_reason text        NULL,
    created_by      text        NOT NULL,
    created_at      timestamptz NOT NULL
);

CREATE TABLE IF NOT EXISTS webhook_deliveries
(
    delivery_id     bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    endpoint_id     text        NOT NULL REFERENCES webhook_endpoints (endpoint_id),
    message_id      text        NOT NULL,
    event_type      text        NOT NULL,
    payload         text        NOT NULL,
    status          text        NOT NULL CHECK (status IN ('pending', 'delivered', 'failed', 'abandoned')),
    attempts        integer     NOT NULL DEFAULT 0,
    next_attempt_at timestamptz NOT NULL,
    last_status     integer     NULL,
    last_error      text        NULL,
    created_at      timestamptz NOT NULL,
    delivered_at    timestamptz NULL,
    UNIQUE (endpoint_id, message_id)
);

CREATE INDEX IF NOT EXISTS webhook_deliveries_due ON webhook_deliveries (endpoint_id, next_attempt_at) WHERE status = 'pending';
