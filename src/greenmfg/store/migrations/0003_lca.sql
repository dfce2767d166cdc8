-- greenmfg workspace schema, version 3: imported LCA databases (footprint engine).
-- One row per database in lca_databases; its processes, flows, exchanges, methods and factors
-- in long tables keyed by database_id. content_hash is the engine's hash of the tables' content:
-- a re-import with the same hash changes nothing, and the engine's product-system and
-- factorisation caches stay valid for it. No primary keys on the bulk tables: rows are written
-- in Arrow batches, one database at a time, and replaced whole.
CREATE TABLE lca_databases (
    database_id VARCHAR NOT NULL,
    name VARCHAR NOT NULL,
    source_format VARCHAR NOT NULL,
    file_name VARCHAR NOT NULL,
    file_sha256 VARCHAR NOT NULL,
    content_hash VARCHAR NOT NULL,
    flow_list_edition VARCHAR NOT NULL,
    imported_at_utc TIMESTAMP NOT NULL,
    actor VARCHAR NOT NULL,
    process_count INTEGER NOT NULL,
    flow_count INTEGER NOT NULL,
    exchange_count INTEGER NOT NULL,
    method_count INTEGER NOT NULL,
    factor_count INTEGER NOT NULL,
    report VARCHAR NOT NULL
);
CREATE TABLE lca_processes (
    database_id VARCHAR NOT NULL,
    process_id VARCHAR NOT NULL,
    code VARCHAR NOT NULL,
    name VARCHAR NOT NULL,
    location VARCHAR NOT NULL,
    reference_flow_id VARCHAR NOT NULL,
    description VARCHAR NOT NULL
);
CREATE TABLE lca_flows (
    database_id VARCHAR NOT NULL,
    flow_id VARCHAR NOT NULL,
    name VARCHAR NOT NULL,
    kind VARCHAR NOT NULL,
    compartment VARCHAR NOT NULL,
    subcompartment VARCHAR NOT NULL,
    cas VARCHAR NOT NULL,
    formula VARCHAR NOT NULL,
    unit VARCHAR NOT NULL
);
CREATE TABLE lca_exchanges (
    database_id VARCHAR NOT NULL,
    process_id VARCHAR NOT NULL,
    flow_id VARCHAR NOT NULL,
    amount DOUBLE PRECISION NOT NULL,
    is_input BOOLEAN NOT NULL,
    is_avoided BOOLEAN NOT NULL,
    is_reference BOOLEAN NOT NULL,
    provider_id VARCHAR,
    kind SMALLINT NOT NULL,
    loc DOUBLE PRECISION,
    scale DOUBLE PRECISION,
    minimum DOUBLE PRECISION,
    maximum DOUBLE PRECISION,
    comment VARCHAR NOT NULL
);
CREATE TABLE lca_methods (
    database_id VARCHAR NOT NULL,
    method_id VARCHAR NOT NULL,
    code VARCHAR NOT NULL,
    name VARCHAR NOT NULL,
    unit VARCHAR NOT NULL,
    method_group VARCHAR NOT NULL,
    description VARCHAR NOT NULL
);
CREATE TABLE lca_factors (
    database_id VARCHAR NOT NULL,
    method_id VARCHAR NOT NULL,
    flow_id VARCHAR NOT NULL,
    value DOUBLE PRECISION NOT NULL,
    kind SMALLINT NOT NULL,
    loc DOUBLE PRECISION,
    scale DOUBLE PRECISION,
    minimum DOUBLE PRECISION,
    maximum DOUBLE PRECISION
);
