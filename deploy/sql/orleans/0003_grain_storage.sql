-- Grain state for the ADO.NET grain storage provider (providers "faucet" and "PubSubStore").
--
-- A grain is identified by its type and id; the provider sends both as strings and as hashes. The unique
-- index leads with the hashes, so a lookup narrows to one entry at once, and it makes the first write of a
-- grain race-safe: of two activations that both think the state is new, exactly one insert wins.
-- Version is the ETag: a write names the version it read and succeeds only if it is still current.

CREATE TABLE IF NOT EXISTS orleans_storage
(
    service_id         varchar(150)   NOT NULL,
    grain_type_hash    integer        NOT NULL,
    grain_type         varchar(512)   NOT NULL,
    grain_id_hash      integer        NOT NULL,
    grain_id_n0        bigint         NOT NULL,
    grain_id_n1        bigint         NOT NULL,
    grain_id_extension varchar(512)   NULL,
    payload            bytea          NULL,
    version            integer        NOT NULL,
    modified_at        timestamptz(3) NOT NULL DEFAULT now()
);

CREATE UNIQUE INDEX IF NOT EXISTS orleans_storage_grain
    ON orleans_storage (grain_id_hash, grain_type_hash, service_id, grain_id_n0, grain_id_n1, grain_type,
                        COALESCE(grain_id_extension, ''));

-- Returns the new version on success and the version the caller sent (or NULL for a first write) when the
-- write lost a race; the provider turns the latter into an InconsistentStateException.
CREATE OR REPLACE FUNCTION orleans_storage_write(
    p_grain_id_hash integer, p_grain_id_n0 bigint, p_grain_id_n1 bigint, p_grain_type_hash integer,
    p_grain_type varchar, p_grain_id_extension varchar, p_service_id varchar, p_expected_version integer,
    p_payload bytea)
RETURNS integer LANGUAGE plpgsql AS $$
BEGIN
    IF p_expected_version IS NULL THEN
        INSERT INTO orleans_storage (service_id, grain_type_hash, grain_type, grain_id_hash, grain_id_n0,
                                     grain_id_n1, grain_id_extension, payload, version)
        VALUES (p_service_id, p_grain_type_hash, p_grain_type, p_grain_id_hash, p_grain_id_n0,
                p_grain_id_n1, p_grain_id_extension, p_payload, 1)
        ON CONFLICT DO NOTHING;
        RETURN CASE WHEN FOUND THEN 1 END;
    END IF;

    UPDATE orleans_storage
       SET payload = p_payload, version = version + 1, modified_at = now()
     WHERE grain_id_hash = p_grain_id_hash AND grain_type_hash = p_grain_type_hash
       AND service_id = p_service_id AND grain_id_n0 = p_grain_id_n0 AND grain_id_n1 = p_grain_id_n1
       AND grain_type = p_grain_type
       AND COALESCE(grain_id_extension, '') = COALESCE(p_grain_id_extension, '')
       AND version = p_expected_version;
    RETURN CASE WHEN FOUND THEN p_expected_version + 1 ELSE p_expected_version END;
END
$$;

INSERT INTO OrleansQuery (QueryKey, QueryText) VALUES
('WriteToStorageKey', '
    SELECT orleans_storage_write(@GrainIdHash, @GrainIdN0, @GrainIdN1, @GrainTypeHash, @GrainTypeString,
                                 @GrainIdExtensionString, @ServiceId, @GrainStateVersion, @PayloadBinary)
           AS NewGrainStateVersion;'),

('ReadFromStorageKey', '
    SELECT payload AS PayloadBinary, modified_at AS ModifiedOn, version AS Version
      FROM orleans_storage
     WHERE grain_id_hash = @GrainIdHash AND grain_type_hash = @GrainTypeHash
       AND service_id = @ServiceId AND grain_id_n0 = @GrainIdN0 AND grain_id_n1 = @GrainIdN1
       AND grain_type = @GrainTypeString
       AND COALESCE(grain_id_extension, '''') = COALESCE(@GrainIdExtensionString, '''');'),

-- Clearing keeps the row (and bumps the version) so that a stale writer still conflicts afterwards.
('ClearStorageKey', '
    UPDATE orleans_storage
       SET payload = NULL, version = version + 1, modified_at = now()
     WHERE grain_id_hash = @GrainIdHash AND grain_type_hash = @GrainTypeHash
       AND service_id = @ServiceId AND grain_id_n0 = @GrainIdN0 AND grain_id_n1 = @GrainIdN1
       AND grain_type = @GrainTypeString
       AND COALESCE(grain_id_extension, '''') = COALESCE(@GrainIdExtensionString, '''')
       AND version = @GrainStateVersion
    RETURNING version AS NewGrainStateVersion;')
ON CONFLICT (QueryKey) DO UPDATE SET QueryText = excluded.QueryText;
