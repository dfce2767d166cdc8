"""Private helpers with specific names; nothing here is public API."""
