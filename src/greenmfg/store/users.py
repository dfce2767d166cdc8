"""Users, API keys, issued tokens and sign-offs in the workspace (schema 4, ``0004_users.sql``).

Persistence only: this module receives hashes and ids, never a clear password, key or token, and
knows nothing of roles or tenancy (``greenmfg.access`` does). Times are stored as naive UTC and
come back timezone-aware. Writes run in the caller's transaction.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from greenmfg.store.backend import Backend

__all__ = ["StoredApiKey", "StoredSignoff", "StoredToken", "StoredUser", "UserStore"]


@dataclass(frozen=True, slots=True)
class StoredUser:
    username: str
    password_hash: str
    role: str
    org_code: str | None
    created_at: datetime
    disabled_at: datetime | None


@dataclass(frozen=True, slots=True)
class StoredApiKey:
    key_id: str
    username: str
    name: str
    key_sha256: str
    created_at: datetime
    revoked_at: datetime | None


@dataclass(frozen=True, slots=True)
class StoredToken:
    token_id: str
    username: str
    issued_at: datetime
    expires_at: datetime
    revoked_at: datetime | None


@dataclass(frozen=True, slots=True)
class StoredSignoff:
    signoff_id: str
    org_code: str
    year: int
    inventory_result_id: str
    co2e_t: float
    signed_by: str
    signed_at: datetime
    statement: str


def _naive_utc(at: datetime) -> datetime:
    return at.astimezone(UTC).replace(tzinfo=None)


def _aware(at: datetime | None) -> datetime | None:
    return None if at is None else at.replace(tzinfo=UTC)


def _at(at: datetime) -> datetime:
    return at.replace(tzinfo=UTC)


_USER_COLUMNS = "username, password_hash, role, org_code, created_at_utc, disabled_at_utc"


def _user(row: Sequence[Any]) -> StoredUser:
    return StoredUser(row[0], row[1], row[2], row[3], _at(row[4]), _aware(row[5]))


class UserStore:
    """Users, API keys, tokens and sign-offs on the workspace's database (DuckDB or
    PostgreSQL)."""

    def __init__(self, connection: Backend) -> None:
        self._con = connection

    def _rows(self, sql: str, params: Sequence[Any] = ()) -> list[tuple[Any, ...]]:
        return self._con.rows(sql, params)

    # -- users -------------------------------------------------------------------------------
    def insert_user(self, username: str, password_hash: str, role: str, org_code: str | None,
                    at: datetime) -> None:
        self._con.execute(f"INSERT INTO users ({_USER_COLUMNS}) VALUES (?, ?, ?, ?, ?, NULL)",
                          [username, password_hash, role, org_code, _naive_utc(at)])

    def update_user(self, username: str, *, password_hash: str, role: str,
                    org_code: str | None) -> None:
        self._con.execute("UPDATE users SET password_hash = ?, role = ?, org_code = ?, "
                          "disabled_at_utc = NULL WHERE username = ?",
                          [password_hash, role, org_code, username])

    def set_password_hash(self, username: str, password_hash: str) -> None:
        self._con.execute("UPDATE users SET password_hash = ? WHERE username = ?",
                          [password_hash, username])

    def disable_user(self, username: str, at: datetime) -> None:
        self._con.execute("UPDATE users SET disabled_at_utc = ? WHERE username = ? "
                          "AND disabled_at_utc IS NULL", [_naive_utc(at), username])

    def user(self, username: str) -> StoredUser | None:
        rows = self._rows(f"SELECT {_USER_COLUMNS} FROM users WHERE username = ?", [username])
        return _user(rows[0]) if rows else None

    def users(self) -> list[StoredUser]:
        return sorted((_user(r) for r in self._rows(f"SELECT {_USER_COLUMNS} FROM users")),
                      key=lambda u: u.username)

    # -- API keys ----------------------------------------------------------------------------
    def insert_api_key(self, key_id: str, username: str, name: str, key_sha256: str,
                       at: datetime) -> None:
        self._con.execute("INSERT INTO api_keys VALUES (?, ?, ?, ?, ?, NULL)",
                          [key_id, username, name, key_sha256, _naive_utc(at)])

    def api_key(self, key_id: str) -> StoredApiKey | None:
        rows = self._rows("SELECT key_id, username, name, key_sha256, created_at_utc, "
                          "revoked_at_utc FROM api_keys WHERE key_id = ?", [key_id])
        if not rows:
            return None
        r = rows[0]
        return StoredApiKey(r[0], r[1], r[2], r[3], _at(r[4]), _aware(r[5]))

    def revoke_api_key(self, key_id: str, at: datetime) -> None:
        self._con.execute("UPDATE api_keys SET revoked_at_utc = ? WHERE key_id = ? "
                          "AND revoked_at_utc IS NULL", [_naive_utc(at), key_id])

    # -- tokens ------------------------------------------------------------------------------
    def insert_token(self, token_id: str, username: str, issued_at: datetime,
                     expires_at: datetime) -> None:
        self._con.execute("INSERT INTO auth_tokens VALUES (?, ?, ?, ?, NULL)",
                          [token_id, username, _naive_utc(issued_at), _naive_utc(expires_at)])

    def token(self, token_id: str) -> StoredToken | None:
        rows = self._rows("SELECT token_id, username, issued_at_utc, expires_at_utc, "
                          "revoked_at_utc FROM auth_tokens WHERE token_id = ?", [token_id])
        if not rows:
            return None
        r = rows[0]
        return StoredToken(r[0], r[1], _at(r[2]), _at(r[3]), _aware(r[4]))

    def revoke_token(self, token_id: str, at: datetime) -> None:
        self._con.execute("UPDATE auth_tokens SET revoked_at_utc = ? WHERE token_id = ? "
                          "AND revoked_at_utc IS NULL", [_naive_utc(at), token_id])

    def revoke_tokens_of(self, username: str, at: datetime) -> None:
        self._con.execute("UPDATE auth_tokens SET revoked_at_utc = ? WHERE username = ? "
                          "AND revoked_at_utc IS NULL", [_naive_utc(at), username])

    def revoke_api_keys_of(self, username: str, at: datetime) -> None:
        self._con.execute("UPDATE api_keys SET revoked_at_utc = ? WHERE username = ? "
                          "AND revoked_at_utc IS NULL", [_naive_utc(at), username])

    # -- sign-offs ---------------------------------------------------------------------------
    def insert_signoff(self, signoff: StoredSignoff) -> None:
        self._con.execute("INSERT INTO signoffs VALUES (?, ?, ?, ?, ?, ?, ?, ?)", [
            signoff.signoff_id, signoff.org_code, signoff.year, signoff.inventory_result_id,
            signoff.co2e_t, signoff.signed_by, _naive_utc(signoff.signed_at), signoff.statement])

    def signoffs(self, org_code: str, year: int) -> list[StoredSignoff]:
        rows = self._rows(
            "SELECT signoff_id, org_code, year, inventory_result_id, co2e_t, signed_by, "
            "signed_at_utc, statement FROM signoffs WHERE org_code = ? AND year = ? "
            "ORDER BY signed_at_utc, signoff_id", [org_code, year])
        return [StoredSignoff(r[0], r[1], int(r[2]), r[3], float(r[4]), r[5], _at(r[6]), r[7])
                for r in rows]
