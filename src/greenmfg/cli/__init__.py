"""The ``greenmfg`` command line (Typer + Rich)."""
