"""Stable content hashes for ids that must be reproducible across runs and machines."""

from __future__ import annotations

import hashlib
import json
from typing import Any


def stable_id(prefix: str, payload: Any, length: int = 16) -> str:
    """``prefix`` + the first ``length`` hex digits of the SHA-256 of canonical JSON.

    >>> stable_id("R-", {"b": 1, "a": [1.5, "x"]})
    'R-27edd5497e48a293'
    """
    text = json.dumps(payload, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return prefix + hashlib.sha256(text.encode()).hexdigest()[:length]
