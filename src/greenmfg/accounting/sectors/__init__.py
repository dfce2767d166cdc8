"""Sector accounting methods, one module per sector, each tagged with its guideline and edition."""
