-- SLA policies, one row per (tenant, version). A version is never rewritten:
-- a change is a new version, so clocks computed under an old version can be
-- reproduced. `source` is the YAML or JSON text as received (comments and
-- all), for audit; `policy` is the normalised policy as JSON, which the engine
-- reads; `checksum` is the SHA-256 of `policy`, so saving an unchanged policy
-- keeps the current version. ReplacingMergeTree makes a retried insert of the
-- same version harmless; readers use FINAL. The table is small and every node
-- computes clocks with it, so in a cluster it is replicated whole, not sharded.
CREATE TABLE IF NOT EXISTS {{table sla_policies}} {{on_cluster}}
(
    tenant LowCardinality(String),
    version UInt32,
    created_at DateTime64(3, 'UTC'),
    description String,
    source String CODEC(ZSTD(3)),
    policy String CODEC(ZSTD(3)),
    checksum String
)
ENGINE = {{engine_unsharded ReplacingMergeTree(created_at)}}
ORDER BY (tenant, version);
