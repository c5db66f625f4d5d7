-- SLA clocks and their rollups (docs/sla.md). The engine recomputes whole
-- tickets and writes each ticket's clocks as a versioned-collapsing pair: the
-- previous rows again with sign -1, the new ones with sign +1, in one insert.
-- Reading with FINAL gives the current clocks; every materialized view below
-- sums `sign`, so rollups stay exact when a late event changes a ticket.

-- The incremental job finds touched tickets by ingestion time.
ALTER TABLE {{local ticket_events}} {{on_cluster}}
    ADD INDEX IF NOT EXISTS ingested_at_minmax ingested_at TYPE minmax GRANULARITY 1;

-- Business intervals of each calendar in UTC seconds, with the business
-- seconds before each: business(a, b) = cum(b) - cum(a); deadlines are the
-- inverse lookup on cum_before. Keyed by a hash of the calendar's content, so
-- policy versions that share a calendar share its rows. Every shard joins
-- against it, so it is replicated whole, not sharded.
CREATE TABLE IF NOT EXISTS {{table sla_calendar_intervals}} {{on_cluster}}
(
    cal_key String,
    start_s Int64,
    end_s Int64,
    cum_before Int64
)
ENGINE = {{engine_unsharded ReplacingMergeTree()}}
ORDER BY (cal_key, start_s);

CREATE TABLE IF NOT EXISTS {{local sla_clocks}} {{on_cluster}}
(
    tenant LowCardinality(String),
    policy_version UInt32,
    ticket_id String,
    metric LowCardinality(String),
    cycle UInt32,
    state LowCardinality(String),
    started_at DateTime('UTC'),
    stopped_at Nullable(DateTime('UTC')),
    -- For open clocks: business seconds up to open_since; the rest is added at read time.
    elapsed_business_s Int64,
    paused_business_s Int64,
    target_s Nullable(Int64),
    breach_at Nullable(DateTime('UTC')),
    warn_at Nullable(DateTime('UTC')),
    breached UInt8,
    rule_id String,
    calendar_id String,
    cal_key String,
    open_since Nullable(DateTime('UTC')),
    priority LowCardinality(String),
    queue LowCardinality(String),
    computed_seq UInt64,
    sign Int8
)
ENGINE = {{engine VersionedCollapsingMergeTree(sign, computed_seq)}}
ORDER BY (tenant, policy_version, ticket_id, metric, cycle);

{{distributed sla_clocks sipHash64(tenant)}};

-- Open clocks only: what live panels and breach-risk lists read, small by nature.
CREATE TABLE IF NOT EXISTS {{local sla_open_clocks}} {{on_cluster}} AS {{local sla_clocks}}
ENGINE = {{engine VersionedCollapsingMergeTree(sign, computed_seq)}}
ORDER BY (tenant, policy_version, ticket_id, metric, cycle);

{{distributed sla_open_clocks sipHash64(tenant)}};

CREATE MATERIALIZED VIEW IF NOT EXISTS {{local sla_open_clocks_mv}} {{on_cluster}}
TO {{local sla_open_clocks}}
AS SELECT * FROM {{local sla_clocks}} WHERE state IN ('running', 'paused');

-- Stopped clocks by the hour they stopped, with the exact elapsed business
-- seconds as a key: counts, attainment and exact percentiles in one table.
CREATE TABLE IF NOT EXISTS {{local sla_clocks_hourly}} {{on_cluster}}
(
    tenant LowCardinality(String),
    policy_version UInt32,
    metric LowCardinality(String),
    priority LowCardinality(String),
    queue LowCardinality(String),
    hour DateTime('UTC'),
    state LowCardinality(String),
    has_target UInt8,
    elapsed_business_s Int64,
    clocks Int64
)
ENGINE = {{engine SummingMergeTree(clocks)}}
ORDER BY (tenant, policy_version, metric, hour, priority, queue, state, has_target, elapsed_business_s);

{{distributed sla_clocks_hourly sipHash64(tenant)}};

CREATE MATERIALIZED VIEW IF NOT EXISTS {{local sla_clocks_hourly_mv}} {{on_cluster}}
TO {{local sla_clocks_hourly}}
AS SELECT
    tenant, policy_version, metric, priority, queue,
    toStartOfHour(assumeNotNull(stopped_at)) AS hour,
    state,
    toUInt8(target_s IS NOT NULL) AS has_target,
    elapsed_business_s,
    toInt64(sign) AS clocks
FROM {{local sla_clocks}}
WHERE stopped_at IS NOT NULL;

-- Per-ticket facts for backlog, satisfaction, first-contact resolution and reopens.
CREATE TABLE IF NOT EXISTS {{local sla_tickets}} {{on_cluster}}
(
    tenant LowCardinality(String),
    policy_version UInt32,
    ticket_id String,
    created_at DateTime('UTC'),
    status String,
    category LowCardinality(String),
    priority LowCardinality(String),
    queue LowCardinality(String),
    is_open UInt8,
    solved_at Nullable(DateTime('UTC')),
    reopens UInt32,
    agent_replies UInt32,
    satisfaction_score Nullable(UInt8),
    satisfaction_at Nullable(DateTime('UTC')),
    computed_seq UInt64,
    sign Int8
)
ENGINE = {{engine VersionedCollapsingMergeTree(sign, computed_seq)}}
ORDER BY (tenant, policy_version, ticket_id);

{{distributed sla_tickets sipHash64(tenant)}};

CREATE TABLE IF NOT EXISTS {{local sla_open_tickets}} {{on_cluster}} AS {{local sla_tickets}}
ENGINE = {{engine VersionedCollapsingMergeTree(sign, computed_seq)}}
ORDER BY (tenant, policy_version, ticket_id);

{{distributed sla_open_tickets sipHash64(tenant)}};

CREATE MATERIALIZED VIEW IF NOT EXISTS {{local sla_open_tickets_mv}} {{on_cluster}}
TO {{local sla_open_tickets}}
AS SELECT * FROM {{local sla_tickets}} WHERE is_open = 1;

CREATE TABLE IF NOT EXISTS {{local sla_tickets_hourly}} {{on_cluster}}
(
    tenant LowCardinality(String),
    policy_version UInt32,
    priority LowCardinality(String),
    queue LowCardinality(String),
    hour DateTime('UTC'),
    solved Int64,
    reopened Int64,
    first_contact Int64,
    rated Int64,
    satisfied Int64,
    score_sum Int64
)
ENGINE = {{engine SummingMergeTree((solved, reopened, first_contact, rated, satisfied, score_sum))}}
ORDER BY (tenant, policy_version, hour, priority, queue);

{{distributed sla_tickets_hourly sipHash64(tenant)}};

-- Solved tickets count in the hour they were (last) solved. First-contact
-- resolution: solved with exactly one public agent reply and never reopened.
CREATE MATERIALIZED VIEW IF NOT EXISTS {{local sla_tickets_solved_mv}} {{on_cluster}}
TO {{local sla_tickets_hourly}}
AS SELECT
    tenant, policy_version, priority, queue,
    toStartOfHour(assumeNotNull(solved_at)) AS hour,
    toInt64(sign) AS solved,
    toInt64(sign * (reopens > 0)) AS reopened,
    toInt64(sign * (reopens = 0 AND agent_replies = 1)) AS first_contact,
    toInt64(0) AS rated, toInt64(0) AS satisfied, toInt64(0) AS score_sum
FROM {{local sla_tickets}}
WHERE solved_at IS NOT NULL;

-- ...and ratings in the hour they were given.
CREATE MATERIALIZED VIEW IF NOT EXISTS {{local sla_tickets_rated_mv}} {{on_cluster}}
TO {{local sla_tickets_hourly}}
AS SELECT
    tenant, policy_version, priority, queue,
    toStartOfHour(assumeNotNull(satisfaction_at)) AS hour,
    toInt64(0) AS solved, toInt64(0) AS reopened, toInt64(0) AS first_contact,
    toInt64(sign) AS rated,
    toInt64(sign * (assumeNotNull(satisfaction_score) >= 4)) AS satisfied,
    toInt64(sign * assumeNotNull(satisfaction_score)) AS score_sum
FROM {{local sla_tickets}}
WHERE satisfaction_at IS NOT NULL;

-- Where each tenant's incremental job got to, per policy version.
CREATE TABLE IF NOT EXISTS {{table sla_progress}} {{on_cluster}}
(
    tenant LowCardinality(String),
    policy_version UInt32,
    watermark DateTime64(3, 'UTC'),
    computed_seq UInt64,
    complete UInt8,
    updated_at DateTime64(3, 'UTC')
)
ENGINE = {{engine_unsharded ReplacingMergeTree(updated_at)}}
ORDER BY (tenant, policy_version);

-- Tickets the engine could not compute; skipped until they change again.
CREATE TABLE IF NOT EXISTS {{table sla_poisoned}} {{on_cluster}}
(
    tenant LowCardinality(String),
    policy_version UInt32,
    ticket_id String,
    error String,
    at DateTime64(3, 'UTC')
)
ENGINE = {{engine_unsharded ReplacingMergeTree(at)}}
ORDER BY (tenant, policy_version, ticket_id);
