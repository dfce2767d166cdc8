"""Seeded demonstration data: a fictional park whose magnitudes come from public statistics."""

from greenmfg.demo.park import ACTIVITY_COLUMNS, ORGANISATION_COLUMNS, DemoPark, generate_park

__all__ = ["ACTIVITY_COLUMNS", "ORGANISATION_COLUMNS", "DemoPark", "generate_park"]
