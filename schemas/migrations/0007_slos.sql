-- SLO definitions (docs/slo.md), one row per (tenant, version), versioned
-- apart from the SLA policy: they come from the same policy file, but a new
-- SLA version recomputes every clock, and changing an SLO must not. Like
-- `sla_policies`: `source` is the text as received, `definitions` the
-- normalised list as JSON, `checksum` its SHA-256, so saving unchanged SLOs
-- keeps the version in force. ReplacingMergeTree makes a retried insert
-- harmless; readers use FINAL. Small, and replicated whole in a cluster.
CREATE TABLE IF NOT EXISTS {{table slo_definitions}} {{on_cluster}}
(
    tenant LowCardinality(String),
    version UInt32,
    created_at DateTime64(3, 'UTC'),
    source String CODEC(ZSTD(3)),
    definitions String CODEC(ZSTD(3)),
    checksum String
)
ENGINE = {{engine_unsharded ReplacingMergeTree(created_at)}}
ORDER BY (tenant, version);
