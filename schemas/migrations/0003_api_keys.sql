-- API keys. Only a SHA-256 of the secret is stored; the key itself is shown
-- once, at creation. Revocation writes a newer row for the same key_id. In a
-- cluster the table is replicated to every node, not sharded: every ingest
-- replica must be able to authenticate every key.
CREATE TABLE IF NOT EXISTS {{table api_keys}} {{on_cluster}}
(
    key_id String,
    tenant LowCardinality(String),
    name String,
    scopes Array(LowCardinality(String)),
    secret_sha256 FixedString(64),
    created_at DateTime64(3, 'UTC'),
    revoked_at Nullable(DateTime64(3, 'UTC')),
    updated_at DateTime64(3, 'UTC')
)
ENGINE = {{engine_unsharded ReplacingMergeTree(updated_at)}}
ORDER BY key_id;
