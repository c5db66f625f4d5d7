-- Raw ticket lifecycle events, one row per event as received. Columns carry the
-- contract's field names (nested objects as named tuples), so a validated event
-- is inserted as its own JSON with the tenant added: no flattening on the hot path.
-- ReplacingMergeTree on (tenant, ticket_id, event_id): a repeated event_id is the
-- same event, and the newest copy wins. Readers use FINAL (or LIMIT 1 BY) so
-- duplicates never reach a count or a clock.
CREATE TABLE IF NOT EXISTS {{local ticket_events}} {{on_cluster}}
(
    tenant LowCardinality(String),
    event_id String,
    ticket_id String,
    type LowCardinality(String),
    occurred_at DateTime64(3, 'UTC') CODEC(Delta, ZSTD(1)),
    status LowCardinality(String),
    priority LowCardinality(String),
    queue LowCardinality(String),
    channel LowCardinality(String),
    category LowCardinality(String),
    organization String,
    requester_id String,
    assignee String,
    device_id String,
    comment Tuple(author_role LowCardinality(String), public Nullable(Bool)),
    satisfaction Tuple(score Nullable(UInt8), comment String),
    attributes Map(String, String) CODEC(ZSTD(3)),
    ingested_at DateTime64(3, 'UTC') DEFAULT now64(3) CODEC(Delta, ZSTD(1))
)
ENGINE = {{engine ReplacingMergeTree(ingested_at)}}
PARTITION BY toYYYYMM(occurred_at)
ORDER BY (tenant, ticket_id, event_id);

{{distributed ticket_events sipHash64(tenant)}};

-- Endpoint samples: gauges every few minutes per device. Duplicates of the same
-- (device, instant) collapse. Timestamps are regular, so DoubleDelta; gauges are
-- slowly varying floats, so Gorilla. TTL is set from configuration at start-up.
CREATE TABLE IF NOT EXISTS {{local endpoint_samples}} {{on_cluster}}
(
    tenant LowCardinality(String),
    device_id String,
    occurred_at DateTime64(3, 'UTC') CODEC(DoubleDelta, ZSTD(1)),
    cpu_pct Nullable(Float32) CODEC(Gorilla, ZSTD(1)),
    mem_pct Nullable(Float32) CODEC(Gorilla, ZSTD(1)),
    disk_free_pct Nullable(Float32) CODEC(Gorilla, ZSTD(1)),
    uptime_s Nullable(UInt32) CODEC(DoubleDelta, ZSTD(1)),
    os LowCardinality(String),
    os_version LowCardinality(String),
    model LowCardinality(String),
    site LowCardinality(String),
    agent_version LowCardinality(String),
    ingested_at DateTime64(3, 'UTC') DEFAULT now64(3) CODEC(Delta, ZSTD(1))
)
ENGINE = {{engine ReplacingMergeTree(ingested_at)}}
PARTITION BY toYYYYMM(occurred_at)
ORDER BY (tenant, device_id, occurred_at)
SETTINGS ttl_only_drop_parts = 1;

{{distributed endpoint_samples sipHash64(tenant)}};

-- Endpoint events: boots, shutdowns, crashes, hangs, patches. A repeat of the
-- same (device, type, instant, app) is the same event.
CREATE TABLE IF NOT EXISTS {{local endpoint_events}} {{on_cluster}}
(
    tenant LowCardinality(String),
    device_id String,
    occurred_at DateTime64(3, 'UTC') CODEC(Delta, ZSTD(1)),
    type LowCardinality(String),
    app LowCardinality(String),
    app_version LowCardinality(String),
    boot_duration_s Nullable(Float32),
    clean Nullable(Bool),
    code String,
    ingested_at DateTime64(3, 'UTC') DEFAULT now64(3) CODEC(Delta, ZSTD(1))
)
ENGINE = {{engine ReplacingMergeTree(ingested_at)}}
PARTITION BY toYYYYMM(occurred_at)
ORDER BY (tenant, device_id, type, occurred_at, app)
SETTINGS ttl_only_drop_parts = 1;

{{distributed endpoint_events sipHash64(tenant)}};
