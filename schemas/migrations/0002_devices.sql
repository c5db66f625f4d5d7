-- Latest inventory per device, maintained by a materialized view over samples.
-- argMax states keep, per field, the value of the newest sample that carried
-- it, so late samples and samples with partial inventory cannot overwrite
-- newer data.
CREATE TABLE IF NOT EXISTS {{local devices}} {{on_cluster}}
(
    tenant LowCardinality(String),
    device_id String,
    first_seen SimpleAggregateFunction(min, DateTime64(3, 'UTC')),
    last_seen SimpleAggregateFunction(max, DateTime64(3, 'UTC')),
    os AggregateFunction(argMax, String, DateTime64(3, 'UTC')),
    os_version AggregateFunction(argMax, String, DateTime64(3, 'UTC')),
    model AggregateFunction(argMax, String, DateTime64(3, 'UTC')),
    site AggregateFunction(argMax, String, DateTime64(3, 'UTC')),
    agent_version AggregateFunction(argMax, String, DateTime64(3, 'UTC'))
)
ENGINE = {{engine AggregatingMergeTree()}}
ORDER BY (tenant, device_id);

{{distributed devices sipHash64(tenant)}};

CREATE MATERIALIZED VIEW IF NOT EXISTS {{local devices_mv}} {{on_cluster}}
TO {{local devices}}
AS SELECT
    tenant,
    device_id,
    min(occurred_at) AS first_seen,
    max(occurred_at) AS last_seen,
    argMaxStateIf(toString(os), occurred_at, os != '') AS os,
    argMaxStateIf(toString(os_version), occurred_at, os_version != '') AS os_version,
    argMaxStateIf(toString(model), occurred_at, model != '') AS model,
    argMaxStateIf(toString(site), occurred_at, site != '') AS site,
    argMaxStateIf(toString(agent_version), occurred_at, agent_version != '') AS agent_version
FROM {{local endpoint_samples}}
GROUP BY tenant, device_id;

CREATE VIEW IF NOT EXISTS {{table devices_latest}} {{on_cluster}}
AS SELECT
    tenant,
    device_id,
    min(first_seen) AS first_seen,
    max(last_seen) AS last_seen,
    argMaxMerge(os) AS os,
    argMaxMerge(os_version) AS os_version,
    argMaxMerge(model) AS model,
    argMaxMerge(site) AS site,
    argMaxMerge(agent_version) AS agent_version
FROM {{table devices}}
GROUP BY tenant, device_id;
