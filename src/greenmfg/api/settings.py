"""Server settings, typed and read from the environment (``GREENMFG_*``) when the app is made.

Nothing here runs at import time: :func:`load_settings` reads the environment when it is called
(by ``greenmfg serve``, or by a test), and refuses an empty, short or well-known secret.
"""

from __future__ import annotations

import secrets
from typing import Any, Self

from pydantic import Field, SecretStr, ValidationError, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

from greenmfg.errors import InputError

__all__ = ["MIN_SECRET_LENGTH", "ApiSettings", "load_settings"]

MIN_SECRET_LENGTH = 32
_KNOWN_DEFAULTS = frozenset({"changethis", "changeme", "change-me", "secret", "secret-key",
                             "secret_key", "default", "password", "greenmfg", "dev", "test"})
_GENERATE = 'python -c "import secrets; print(secrets.token_urlsafe(32))"'


class ApiSettings(BaseSettings):
    """Settings of ``greenmfg serve``.

    Attributes
    ----------
    secret_key
        Signs bearer tokens (HMAC-SHA256); ``GREENMFG_SECRET_KEY``, at least 32 characters.
    token_ttl_minutes
        How long a bearer token stays valid, minutes (``GREENMFG_TOKEN_TTL_MINUTES``).
    max_upload_bytes
        The largest file an upload may be, bytes (``GREENMFG_MAX_UPLOAD_BYTES``).
    login_max_failures_per_username
        Failed sign-ins one user name may have inside the window before sign-in for it answers
        429 (``GREENMFG_LOGIN_MAX_FAILURES_PER_USERNAME``).
    login_max_failures_per_address
        The same for one client address (``GREENMFG_LOGIN_MAX_FAILURES_PER_ADDRESS``).
    login_window_seconds
        How long a failed sign-in counts, seconds (``GREENMFG_LOGIN_WINDOW_SECONDS``).
    dashboard_warmup
        Compute the park and region dashboard summaries in the background when the server
        starts (``GREENMFG_DASHBOARD_WARMUP``, default true; see :mod:`greenmfg.api.warmup`).
    """

    model_config = SettingsConfigDict(env_prefix="GREENMFG_", frozen=True, extra="forbid")

    secret_key: SecretStr = SecretStr("")
    token_ttl_minutes: int = Field(default=60, ge=1, le=7 * 24 * 60)
    max_upload_bytes: int = Field(default=20 * 1024 * 1024, ge=1024)
    login_max_failures_per_username: int = Field(default=5, ge=1)
    login_max_failures_per_address: int = Field(default=50, ge=1)
    login_window_seconds: int = Field(default=15 * 60, ge=1, le=24 * 60 * 60)
    dashboard_warmup: bool = True

    @model_validator(mode="after")
    def secret_key_is_not_a_default(self) -> Self:
        value = self.secret_key.get_secret_value()
        if len(value) < MIN_SECRET_LENGTH or value.strip().lower() in _KNOWN_DEFAULTS:
            raise ValueError(
                f"GREENMFG_SECRET_KEY is empty, a well-known default or shorter than "
                f"{MIN_SECRET_LENGTH} characters; set it to a random string (`{_GENERATE}`) or "
                "run `greenmfg serve --dev` for a throwaway secret")
        return self


def load_settings(*, dev: bool = False, **values: Any) -> ApiSettings:
    """Read the settings from the environment now; ``values`` override it.

    With ``dev`` the secret is a new random one for this process (tokens die with it), whatever
    the environment says. Invalid settings raise :class:`~greenmfg.errors.InputError` whose
    message never repeats a value (it could be the secret).
    """
    if dev:
        values["secret_key"] = SecretStr(secrets.token_urlsafe(32))
    try:
        return ApiSettings(**values)
    except ValidationError as exc:
        problems = "; ".join(
            f"{'.'.join(str(p) for p in e['loc']) or 'settings'}: {e['msg']}"
            for e in exc.errors(include_input=False, include_url=False))
        raise InputError(f"the server settings are invalid: {problems}",
                         f"服务器设置无效：{problems}") from None
