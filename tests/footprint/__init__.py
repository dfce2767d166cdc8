"""Tests of the matrix LCA engine (greenmfg.footprint)."""
