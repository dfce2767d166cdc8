-- greenmfg workspace schema, version 5: measured carbon per canonical unit of an activity
-- record (tC/t, the carbon mass fraction, for items counted in t; tC/10^4 Nm3 for gases), for
-- the carbon mass balances of the steel and chemicals methods. Nullable: not measured.
ALTER TABLE activity ADD COLUMN carbon_tc_per_unit DOUBLE PRECISION;
