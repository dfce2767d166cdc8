"""greenmfg: trusted carbon and green-manufacturing numbers for factories, parks and regulators."""

__version__ = "0.1.0"
