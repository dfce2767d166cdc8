"""One router per domain; each handler calls the access layer and converts what it returns."""
