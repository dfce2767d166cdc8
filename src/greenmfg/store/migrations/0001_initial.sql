-- greenmfg workspace schema, version 1.
CREATE TABLE organisations (
    code VARCHAR PRIMARY KEY,
    name VARCHAR NOT NULL,
    kind VARCHAR NOT NULL,
    parent_code VARCHAR,
    industry_code VARCHAR,
    region_code VARCHAR,
    credit_code VARCHAR
);
CREATE TABLE activity (
    record_id VARCHAR PRIMARY KEY,
    org_code VARCHAR NOT NULL,
    site VARCHAR NOT NULL,
    source VARCHAR NOT NULL,
    item VARCHAR NOT NULL,
    period VARCHAR NOT NULL,
    year INTEGER NOT NULL,
    month INTEGER,
    quantity DOUBLE PRECISION NOT NULL,
    unit VARCHAR NOT NULL,
    quantity_canonical DOUBLE PRECISION NOT NULL,
    canonical_unit VARCHAR NOT NULL,
    ncv_gj_per_unit DOUBLE PRECISION,
    carbon_content_tc_per_gj DOUBLE PRECISION,
    oxidation_rate DOUBLE PRECISION,
    data_quality VARCHAR NOT NULL,
    evidence VARCHAR NOT NULL,
    origin VARCHAR NOT NULL,
    import_id VARCHAR NOT NULL,
    content_hash VARCHAR NOT NULL
);
CREATE INDEX activity_org_year ON activity (org_code, year);
CREATE TABLE imports (
    import_id VARCHAR PRIMARY KEY,
    file_name VARCHAR NOT NULL,
    sha256 VARCHAR NOT NULL,
    actor VARCHAR NOT NULL,
    imported_at_utc TIMESTAMP NOT NULL,
    rows_read INTEGER NOT NULL,
    rows_inserted INTEGER NOT NULL,
    rows_updated INTEGER NOT NULL,
    rows_unchanged INTEGER NOT NULL,
    rows_rejected INTEGER NOT NULL
);
CREATE TABLE rejected_rows (
    import_id VARCHAR NOT NULL,
    file VARCHAR NOT NULL,
    sheet VARCHAR,
    row_number INTEGER,
    column_name VARCHAR,
    value VARCHAR,
    reason_en VARCHAR NOT NULL,
    reason_zh VARCHAR NOT NULL,
    raw VARCHAR NOT NULL
);
CREATE TABLE audit_log (
    seq BIGINT PRIMARY KEY,
    logged_at_utc TIMESTAMP NOT NULL,
    actor VARCHAR NOT NULL,
    action VARCHAR NOT NULL,
    target VARCHAR NOT NULL,
    detail VARCHAR NOT NULL,
    input_sha256 VARCHAR,
    prev_hash VARCHAR NOT NULL,
    entry_hash VARCHAR NOT NULL
);
CREATE TABLE results (
    result_id VARCHAR PRIMARY KEY,
    kind VARCHAR NOT NULL,
    inventory_id VARCHAR NOT NULL,
    org_code VARCHAR NOT NULL,
    year INTEGER NOT NULL,
    body VARCHAR NOT NULL
);
