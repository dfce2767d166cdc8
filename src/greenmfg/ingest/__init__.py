"""Readers and validators: outside data becomes validated records or precisely rejected rows."""

from greenmfg.ingest.activity import validate_activity
from greenmfg.ingest.organisations import validate_organisations
from greenmfg.ingest.rejects import Rejection, write_rejects_csv
from greenmfg.ingest.tabular import RawRow, RawSheet, SheetKind, file_sha256, read_tables
from greenmfg.ingest.template import write_activity_template

__all__ = [
    "RawRow",
    "RawSheet",
    "Rejection",
    "SheetKind",
    "file_sha256",
    "read_tables",
    "validate_activity",
    "validate_organisations",
    "write_activity_template",
    "write_rejects_csv",
]
