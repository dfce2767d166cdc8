-- greenmfg workspace schema, version 6: a version number on every activity record, for the
-- API's optimistic concurrency (ETag / If-Match on /orgs/{code}/activity/{record_id}). A record
-- is stored at version 1; every change to it (through the API, or a re-import with different
-- values) adds one. Existing records start at 1.
ALTER TABLE activity ADD COLUMN version INTEGER DEFAULT 1;
UPDATE activity SET version = 1 WHERE version IS NULL;
