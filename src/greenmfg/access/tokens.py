"""Bearer tokens: HS256-signed (JWT compact form), with an id and an expiry."""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
import json
import logging
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from greenmfg.errors import (
    NotAuthenticated,
)

logger = logging.getLogger(__name__)


def utc_now() -> datetime:
    return datetime.now(UTC)


@dataclass(frozen=True, slots=True)
class TokenClaims:
    username: str
    token_id: str
    issued_at: datetime
    expires_at: datetime


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")


def _unb64(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


_JWT_HEADER = _b64(json.dumps({"alg": "HS256", "typ": "JWT"}, separators=(",", ":")).encode())
_ISSUER = "greenmfg"


class TokenCodec:
    """Bearer tokens signed with HMAC-SHA256 (the JWT compact form, ``alg`` fixed to HS256).

    Parameters
    ----------
    secret
        The server's signing secret (``GREENMFG_SECRET_KEY``).
    ttl
        How long a token stays valid after it is issued (a duration).
    clock
        The current time (timezone-aware); tests move it.
    """

    def __init__(self, secret: str, ttl: timedelta,
                 clock: Callable[[], datetime] = utc_now) -> None:
        if not secret:
            raise ValueError("a token codec needs a non-empty secret")
        self._key = secret.encode("utf-8")
        self.ttl = ttl
        self.clock = clock

    def _sign(self, signing_input: str) -> str:
        return _b64(hmac.new(self._key, signing_input.encode("ascii"), hashlib.sha256).digest())

    def encode(self, username: str, token_id: str) -> tuple[str, TokenClaims]:
        issued = self.clock().replace(microsecond=0)
        claims = TokenClaims(username, token_id, issued, issued + self.ttl)
        payload = _b64(json.dumps({
            "iss": _ISSUER, "sub": username, "jti": token_id,
            "iat": int(issued.timestamp()), "exp": int(claims.expires_at.timestamp())},
            separators=(",", ":"), sort_keys=True).encode())
        signing_input = f"{_JWT_HEADER}.{payload}"
        return f"{signing_input}.{self._sign(signing_input)}", claims

    def decode(self, token: str) -> TokenClaims:
        """The claims of a token this server signed and that has not expired.

        Raises :class:`~greenmfg.errors.NotAuthenticated` for anything else: another header
        (``alg: none`` included), a signature that does not match, bad encoding, expiry.
        """
        parts = token.split(".")
        if len(parts) != 3 or parts[0] != _JWT_HEADER:
            raise refused("token is not an HS256 token of this server")
        if not hmac.compare_digest(parts[2], self._sign(f"{parts[0]}.{parts[1]}")):
            raise refused("token signature does not match")
        try:
            body = json.loads(_unb64(parts[1]))
            claims = TokenClaims(str(body["sub"]), str(body["jti"]),
                                 datetime.fromtimestamp(int(body["iat"]), UTC),
                                 datetime.fromtimestamp(int(body["exp"]), UTC))
            issuer = body["iss"]
        except (ValueError, KeyError, TypeError, binascii.Error) as exc:
            raise refused("token payload cannot be read") from exc
        if issuer != _ISSUER:
            raise refused("token has another issuer")
        if self.clock() >= claims.expires_at:
            raise refused("token expired")
        return claims


def refused(reason: str) -> NotAuthenticated:
    """One message for every refusal (it tells an attacker nothing); the reason goes to the log."""
    logger.info("credentials refused: %s", reason)
    return NotAuthenticated(
        "the credentials are missing, wrong, expired or revoked; sign in again "
        "(POST /api/v1/auth/token) or use a valid API key",
        "凭据缺失、错误、已过期或已吊销；请重新登录（POST /api/v1/auth/token）或使用有效的 API 密钥")


