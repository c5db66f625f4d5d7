-- Endpoint reliability rollups (docs/reliability.md). Materialized views fold
-- every insert into the raw telemetry tables into hourly and daily rows per
-- device. Instead of counters they keep roaring bitmaps of the instants they
-- saw (second of the hour or day for samples, millisecond for events): a
-- duplicate or re-sent sample sets the same bit again, so counts stay exact
-- without FINAL, and a late sample simply merges into its hour and day.
-- Pressure shares need, per gauge, the samples that carried it: kept as the
-- (usually empty) bitmap of samples *missing* the gauge, subtracted from
-- `samples` on read, because reading three near-full bitmaps per row cost
-- twice as much as one (bench:reliability).
-- Hourly rows serve short ranges and hour buckets; daily rows are kept far
-- longer (TTLs come from configuration, see store/retention.ts). The views
-- fold rows inserted after this migration; there was no release before it.

CREATE TABLE IF NOT EXISTS {{local reliability_device_hourly}} {{on_cluster}}
(
    tenant LowCardinality(String),
    hour DateTime('UTC'),
    device_id String,
    -- second of the hour of each distinct sample
    samples AggregateFunction(groupBitmap, UInt32),
    -- 15-minute slots of the hour (0-3) holding at least one sample: usage
    -- hours; 15 minutes so that an agent sampling that often counts fully (docs)
    usage_slots AggregateFunction(groupBitmap, UInt32),
    cpu_missing AggregateFunction(groupBitmap, UInt32),
    cpu_high AggregateFunction(groupBitmap, UInt32),
    mem_missing AggregateFunction(groupBitmap, UInt32),
    mem_high AggregateFunction(groupBitmap, UInt32),
    disk_missing AggregateFunction(groupBitmap, UInt32),
    disk_low AggregateFunction(groupBitmap, UInt32),
    first_sample_at SimpleAggregateFunction(min, DateTime64(3, 'UTC')),
    last_sample_at SimpleAggregateFunction(max, DateTime64(3, 'UTC'))
)
ENGINE = {{engine AggregatingMergeTree()}}
PARTITION BY toYYYYMM(hour)
ORDER BY (tenant, hour, device_id)
SETTINGS ttl_only_drop_parts = 1;

{{distributed reliability_device_hourly sipHash64(tenant)}};

CREATE MATERIALIZED VIEW IF NOT EXISTS {{local reliability_device_hourly_mv}} {{on_cluster}}
TO {{local reliability_device_hourly}}
AS SELECT
    tenant,
    toStartOfHour(toDateTime(occurred_at, 'UTC')) AS hour,
    device_id,
    groupBitmapState(toUInt32(toUnixTimestamp(occurred_at) % 3600)) AS samples,
    groupBitmapState(toUInt32(intDiv(toUnixTimestamp(occurred_at) % 3600, 900))) AS usage_slots,
    groupBitmapStateIf(toUInt32(toUnixTimestamp(occurred_at) % 3600), cpu_pct IS NULL) AS cpu_missing,
    groupBitmapStateIf(toUInt32(toUnixTimestamp(occurred_at) % 3600), cpu_pct > 90) AS cpu_high,
    groupBitmapStateIf(toUInt32(toUnixTimestamp(occurred_at) % 3600), mem_pct IS NULL) AS mem_missing,
    groupBitmapStateIf(toUInt32(toUnixTimestamp(occurred_at) % 3600), mem_pct > 90) AS mem_high,
    groupBitmapStateIf(toUInt32(toUnixTimestamp(occurred_at) % 3600), disk_free_pct IS NULL) AS disk_missing,
    groupBitmapStateIf(toUInt32(toUnixTimestamp(occurred_at) % 3600), disk_free_pct < 10) AS disk_low,
    min(occurred_at) AS first_sample_at,
    max(occurred_at) AS last_sample_at
FROM {{local endpoint_samples}}
GROUP BY tenant, hour, device_id;

CREATE TABLE IF NOT EXISTS {{local reliability_device_daily}} {{on_cluster}}
(
    tenant LowCardinality(String),
    day Date,
    device_id String,
    -- second of the (UTC) day of each distinct sample
    samples AggregateFunction(groupBitmap, UInt32),
    -- 15-minute slots of the day (0-95) holding at least one sample: usage
    usage_slots AggregateFunction(groupBitmap, UInt32),
    cpu_missing AggregateFunction(groupBitmap, UInt32),
    cpu_high AggregateFunction(groupBitmap, UInt32),
    mem_missing AggregateFunction(groupBitmap, UInt32),
    mem_high AggregateFunction(groupBitmap, UInt32),
    disk_missing AggregateFunction(groupBitmap, UInt32),
    disk_low AggregateFunction(groupBitmap, UInt32),
    first_sample_at SimpleAggregateFunction(min, DateTime64(3, 'UTC')),
    last_sample_at SimpleAggregateFunction(max, DateTime64(3, 'UTC'))
)
ENGINE = {{engine AggregatingMergeTree()}}
PARTITION BY toYYYYMM(day)
ORDER BY (tenant, day, device_id)
SETTINGS ttl_only_drop_parts = 1;

{{distributed reliability_device_daily sipHash64(tenant)}};

CREATE MATERIALIZED VIEW IF NOT EXISTS {{local reliability_device_daily_mv}} {{on_cluster}}
TO {{local reliability_device_daily}}
AS SELECT
    tenant,
    toDate(occurred_at, 'UTC') AS day,
    device_id,
    groupBitmapState(toUInt32(toUnixTimestamp(occurred_at) % 86400)) AS samples,
    groupBitmapState(toUInt32(intDiv(toUnixTimestamp(occurred_at) % 86400, 900))) AS usage_slots,
    groupBitmapStateIf(toUInt32(toUnixTimestamp(occurred_at) % 86400), cpu_pct IS NULL) AS cpu_missing,
    groupBitmapStateIf(toUInt32(toUnixTimestamp(occurred_at) % 86400), cpu_pct > 90) AS cpu_high,
    groupBitmapStateIf(toUInt32(toUnixTimestamp(occurred_at) % 86400), mem_pct IS NULL) AS mem_missing,
    groupBitmapStateIf(toUInt32(toUnixTimestamp(occurred_at) % 86400), mem_pct > 90) AS mem_high,
    groupBitmapStateIf(toUInt32(toUnixTimestamp(occurred_at) % 86400), disk_free_pct IS NULL) AS disk_missing,
    groupBitmapStateIf(toUInt32(toUnixTimestamp(occurred_at) % 86400), disk_free_pct < 10) AS disk_low,
    min(occurred_at) AS first_sample_at,
    max(occurred_at) AS last_sample_at
FROM {{local endpoint_samples}}
GROUP BY tenant, day, device_id;

-- Endpoint events per device, type and app: the bitmap holds the millisecond
-- of the hour (or day) of each distinct event, matching the raw table's key
-- (device, type, occurred_at, app), so a re-sent event counts once.
CREATE TABLE IF NOT EXISTS {{local reliability_events_hourly}} {{on_cluster}}
(
    tenant LowCardinality(String),
    hour DateTime('UTC'),
    device_id String,
    type LowCardinality(String),
    app LowCardinality(String),
    events AggregateFunction(groupBitmap, UInt32),
    first_at SimpleAggregateFunction(min, DateTime64(3, 'UTC')),
    last_at SimpleAggregateFunction(max, DateTime64(3, 'UTC'))
)
ENGINE = {{engine AggregatingMergeTree()}}
PARTITION BY toYYYYMM(hour)
ORDER BY (tenant, hour, device_id, type, app)
SETTINGS ttl_only_drop_parts = 1;

{{distributed reliability_events_hourly sipHash64(tenant)}};

CREATE MATERIALIZED VIEW IF NOT EXISTS {{local reliability_events_hourly_mv}} {{on_cluster}}
TO {{local reliability_events_hourly}}
AS SELECT
    tenant,
    toStartOfHour(toDateTime(occurred_at, 'UTC')) AS hour,
    device_id,
    type,
    app,
    groupBitmapState(toUInt32(toUnixTimestamp64Milli(occurred_at) % 3600000)) AS events,
    min(occurred_at) AS first_at,
    max(occurred_at) AS last_at
FROM {{local endpoint_events}}
GROUP BY tenant, hour, device_id, type, app;

CREATE TABLE IF NOT EXISTS {{local reliability_events_daily}} {{on_cluster}}
(
    tenant LowCardinality(String),
    day Date,
    device_id String,
    type LowCardinality(String),
    app LowCardinality(String),
    events AggregateFunction(groupBitmap, UInt32),
    first_at SimpleAggregateFunction(min, DateTime64(3, 'UTC')),
    last_at SimpleAggregateFunction(max, DateTime64(3, 'UTC'))
)
ENGINE = {{engine AggregatingMergeTree()}}
PARTITION BY toYYYYMM(day)
ORDER BY (tenant, day, device_id, type, app)
SETTINGS ttl_only_drop_parts = 1;

{{distributed reliability_events_daily sipHash64(tenant)}};

CREATE MATERIALIZED VIEW IF NOT EXISTS {{local reliability_events_daily_mv}} {{on_cluster}}
TO {{local reliability_events_daily}}
AS SELECT
    tenant,
    toDate(occurred_at, 'UTC') AS day,
    device_id,
    type,
    app,
    groupBitmapState(toUInt32(toUnixTimestamp64Milli(occurred_at) % 86400000)) AS events,
    min(occurred_at) AS first_at,
    max(occurred_at) AS last_at
FROM {{local endpoint_events}}
GROUP BY tenant, day, device_id, type, app;

-- Power history per device: boots (reported, or derived from uptime: a sample
-- taken uptime_s after a boot places that boot at occurred_at - uptime_s, so a
-- falling uptime counter shows a reboot even when no boot event arrives),
-- shutdowns with their clean flag, and OS crashes. Small (a few rows per
-- device-day), deduplicated by its key, and kept as long as daily rollups:
-- unclean-shutdown rates and boot percentiles read it.
CREATE TABLE IF NOT EXISTS {{local device_power}} {{on_cluster}}
(
    tenant LowCardinality(String),
    device_id String,
    at DateTime64(3, 'UTC'),
    -- boot | uptime_boot | shutdown | os_crash
    kind LowCardinality(String),
    clean Nullable(Bool),
    boot_duration_s Nullable(Float32),
    ingested_at DateTime64(3, 'UTC') DEFAULT now64(3)
)
ENGINE = {{engine ReplacingMergeTree(ingested_at)}}
PARTITION BY toYYYYMM(at)
ORDER BY (tenant, device_id, at, kind)
SETTINGS ttl_only_drop_parts = 1;

{{distributed device_power sipHash64(tenant)}};

CREATE MATERIALIZED VIEW IF NOT EXISTS {{local device_power_events_mv}} {{on_cluster}}
TO {{local device_power}}
AS SELECT tenant, device_id, occurred_at AS at, type AS kind, clean, boot_duration_s, ingested_at
FROM {{local endpoint_events}}
WHERE type IN ('boot', 'shutdown', 'os_crash');

-- Uptime is whole seconds, so the derived instant is kept to the minute; one
-- boot seen by a day of samples becomes one row per insert block.
CREATE MATERIALIZED VIEW IF NOT EXISTS {{local device_power_uptime_mv}} {{on_cluster}}
TO {{local device_power}}
AS SELECT
    tenant,
    device_id,
    toDateTime64(toStartOfMinute(toDateTime(occurred_at, 'UTC') - toIntervalSecond(uptime_s)), 3, 'UTC') AS at,
    'uptime_boot' AS kind,
    CAST(NULL AS Nullable(Bool)) AS clean,
    CAST(NULL AS Nullable(Float32)) AS boot_duration_s,
    max(ingested_at) AS ingested_at
FROM {{local endpoint_samples}}
WHERE uptime_s IS NOT NULL
GROUP BY tenant, device_id, at;

-- Which device (and app, from the `app` attribute) each ticket is about, and
-- when it was created: the link between the service desk and the fleet.
CREATE TABLE IF NOT EXISTS {{local ticket_devices}} {{on_cluster}}
(
    tenant LowCardinality(String),
    ticket_id String,
    device_id AggregateFunction(argMax, String, DateTime64(3, 'UTC')),
    app AggregateFunction(argMax, String, DateTime64(3, 'UTC')),
    created_at SimpleAggregateFunction(min, Nullable(DateTime64(3, 'UTC'))),
    first_event_at SimpleAggregateFunction(min, DateTime64(3, 'UTC'))
)
ENGINE = {{engine AggregatingMergeTree()}}
ORDER BY (tenant, ticket_id);

{{distributed ticket_devices sipHash64(tenant)}};

CREATE MATERIALIZED VIEW IF NOT EXISTS {{local ticket_devices_mv}} {{on_cluster}}
TO {{local ticket_devices}}
AS SELECT
    tenant,
    ticket_id,
    argMaxStateIf(device_id, occurred_at, device_id != '') AS device_id,
    argMaxStateIf(attributes['app'], occurred_at, attributes['app'] != '') AS app,
    minIf(toNullable(occurred_at), type = 'created') AS created_at,
    min(occurred_at) AS first_event_at
FROM {{local ticket_events}}
GROUP BY tenant, ticket_id;
