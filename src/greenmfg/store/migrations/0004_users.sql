-- greenmfg workspace schema, version 4: users, API keys, issued tokens and inventory sign-offs
-- for `greenmfg serve`. A password is stored only as its argon2id hash (a PHC string with its
-- own salt and parameters), an API key only as the SHA-256 of the key, and a bearer token only
-- as its id: the clear secret never reaches the workspace. Times are UTC.
CREATE TABLE users (
    username VARCHAR PRIMARY KEY,
    password_hash VARCHAR NOT NULL,
    role VARCHAR NOT NULL,
    org_code VARCHAR,
    created_at_utc TIMESTAMP NOT NULL,
    disabled_at_utc TIMESTAMP
);
CREATE TABLE api_keys (
    key_id VARCHAR PRIMARY KEY,
    username VARCHAR NOT NULL,
    name VARCHAR NOT NULL,
    key_sha256 VARCHAR NOT NULL,
    created_at_utc TIMESTAMP NOT NULL,
    revoked_at_utc TIMESTAMP
);
-- One row per bearer token issued at login; logout (or disabling the user) sets revoked_at_utc.
CREATE TABLE auth_tokens (
    token_id VARCHAR PRIMARY KEY,
    username VARCHAR NOT NULL,
    issued_at_utc TIMESTAMP NOT NULL,
    expires_at_utc TIMESTAMP NOT NULL,
    revoked_at_utc TIMESTAMP
);
-- A verifier's sign-off of one computed inventory (its result id pins inputs, factors, method).
CREATE TABLE signoffs (
    signoff_id VARCHAR PRIMARY KEY,
    org_code VARCHAR NOT NULL,
    year INTEGER NOT NULL,
    inventory_result_id VARCHAR NOT NULL,
    co2e_t DOUBLE PRECISION NOT NULL,
    signed_by VARCHAR NOT NULL,
    signed_at_utc TIMESTAMP NOT NULL,
    statement VARCHAR NOT NULL
);
