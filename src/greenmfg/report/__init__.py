"""Report documents: offline HTML summaries rendered from prepared results."""

from greenmfg.report.summary import render_park_summary, write_park_summary

__all__ = ["render_park_summary", "write_park_summary"]
