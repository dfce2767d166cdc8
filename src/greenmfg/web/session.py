"""Browser sessions: the signed bearer token in an HttpOnly, SameSite=Strict cookie, a
double-submit form token against cross-site posts, and the language choice.

The session cookie holds the same signed, revocable token that ``POST /api/v1/auth/token``
issues, so signing out (or disabling the user) ends it exactly as it ends an API token. Every
form that posts carries ``csrf_token``: the HMAC-SHA256, under the server's secret, of a random
value kept in its own SameSite=Strict cookie; another site can neither read that cookie nor
forge the form value.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from urllib.parse import urlsplit

from fastapi import Request, Response

from greenmfg.i18n import Lang

SESSION_COOKIE = "greenmfg_session"
CSRF_COOKIE = "greenmfg_csrf"
LANG_COOKIE = "greenmfg_lang"
_YEAR_S = 365 * 24 * 3600


def _secure(request: Request) -> bool:
    return request.url.scheme == "https"


def set_session(response: Response, request: Request, token: str, max_age_s: int) -> None:
    response.set_cookie(SESSION_COOKIE, token, max_age=max_age_s, path="/", httponly=True,
                        samesite="strict", secure=_secure(request))


def clear_session(response: Response) -> None:
    response.delete_cookie(SESSION_COOKIE, path="/", httponly=True, samesite="strict")


def csrf_seed(request: Request) -> tuple[str, bool]:
    """The browser's CSRF cookie value, and whether it is new (then the response sets it)."""
    seed = request.cookies.get(CSRF_COOKIE, "")
    if len(seed) >= 32:
        return seed, False
    return secrets.token_urlsafe(32), True


def set_csrf_seed(response: Response, request: Request, seed: str) -> None:
    response.set_cookie(CSRF_COOKIE, seed, max_age=_YEAR_S, path="/", httponly=True,
                        samesite="strict", secure=_secure(request))


def csrf_token(secret: str, seed: str) -> str:
    """The form token for a CSRF cookie value.

    >>> csrf_token("k" * 32, "seed") == csrf_token("k" * 32, "seed")
    True
    >>> csrf_token("k" * 32, "seed") == csrf_token("k" * 32, "other")
    False
    """
    return hmac.new(secret.encode(), f"csrf:{seed}".encode(), hashlib.sha256).hexdigest()


def csrf_ok(secret: str, request: Request, submitted: str) -> bool:
    """Whether a posted form token matches the request's CSRF cookie."""
    seed = request.cookies.get(CSRF_COOKIE, "")
    return bool(seed) and hmac.compare_digest(csrf_token(secret, seed), submitted)


def language(request: Request) -> tuple[Lang, bool]:
    """The page language: ``?lang=`` (then remembered in a cookie), else the cookie, else
    Chinese. Returns the language and whether the response should remember it."""
    asked = request.query_params.get("lang")
    if asked in {lang.value for lang in Lang}:
        return Lang(asked), True
    cookie = request.cookies.get(LANG_COOKIE)
    if cookie in {lang.value for lang in Lang}:
        return Lang(cookie), False
    return Lang.ZH, False


def set_language(response: Response, request: Request, lang: Lang) -> None:
    response.set_cookie(LANG_COOKIE, lang.value, max_age=_YEAR_S, path="/", samesite="strict",
                        secure=_secure(request))


def local_path(target: str | None, default: str = "/") -> str:
    """``target`` if it is a path on this site, else ``default`` (no open redirects).

    >>> local_path("/park/P1?year=2024")
    '/park/P1?year=2024'
    >>> local_path("//evil.example/")
    '/'
    >>> local_path("https://evil.example/")
    '/'
    """
    if not target or not target.startswith("/") or target.startswith("//") or "\\" in target:
        return default
    parts = urlsplit(target)
    return default if parts.scheme or parts.netloc else target
