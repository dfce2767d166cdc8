-- greenmfg workspace schema, version 2: a measured or source-specific emission factor
-- (tonnes of the item's gas per canonical unit) on process activity records.
ALTER TABLE activity ADD COLUMN emission_factor_t_per_unit DOUBLE PRECISION;
