"""Versioned SQL migrations, applied in order by :mod:`greenmfg.store.migrate`."""
