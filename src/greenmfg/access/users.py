"""Users and their credentials: passwords (argon2id), API keys, sign-in, demo accounts."""

from __future__ import annotations

import copy
import hashlib
import hmac
import json
import logging
import os
import re
import secrets
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError

from greenmfg.access.rules import ROLE_ORG_KINDS, Principal, Role, a_or_an
from greenmfg.access.tenant import TenantWorkspace
from greenmfg.access.tokens import TokenCodec, refused, utc_now
from greenmfg.dashboard import Dashboard
from greenmfg.demo import DemoPark
from greenmfg.errors import (
    InputError,
    NotFoundError,
    PermissionDenied,
)
from greenmfg.model import OrgKind
from greenmfg.store.users import StoredUser, UserStore
from greenmfg.workspace import Workspace

logger = logging.getLogger(__name__)

_USERNAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.@-]{0,63}$")
MIN_PASSWORD_LENGTH = 8
_API_KEY = re.compile(r"^gmk_([0-9a-f]{12})_([A-Za-z0-9_-]{20,})$")


@dataclass(frozen=True, slots=True)
class UserInfo:
    """A user as shown to people: never the password hash."""

    username: str
    role: Role
    org_code: str | None
    created_at: datetime
    disabled_at: datetime | None

    @classmethod
    def of(cls, user: StoredUser) -> UserInfo:
        return cls(user.username, Role(user.role), user.org_code, user.created_at,
                   user.disabled_at)


@dataclass(frozen=True, slots=True)
class ApiKeyInfo:
    """An API key as shown to people: never the key or its hash."""

    key_id: str
    username: str
    name: str
    created_at: datetime
    revoked_at: datetime | None = None


@dataclass(frozen=True, slots=True)
class IssuedToken:
    access_token: str
    token_type: str
    expires_at: datetime
    expires_in_s: int


@dataclass(frozen=True, slots=True)
class DemoAccount:
    username: str
    password: str
    role: Role
    org: str | None


def _check_username(username: str) -> None:
    if not _USERNAME.match(username):
        raise InputError(
            f"user name {username!r} is not 1-64 letters, digits, '_', '.', '@' or '-' "
            "(starting with a letter or digit); choose another",
            f"用户名 {username!r} 须为 1–64 个字母、数字或 _ . @ -（以字母或数字开头）；请另选",
            expected="1-64 letters, digits, _ . @ -", found=username)


def _check_password(password: str) -> None:
    if len(password) < MIN_PASSWORD_LENGTH:
        raise InputError(
            f"the password has fewer than {MIN_PASSWORD_LENGTH} characters; choose a longer one",
            f"密码少于 {MIN_PASSWORD_LENGTH} 个字符；请设置更长的密码",
            expected=f"at least {MIN_PASSWORD_LENGTH} characters")


class Access:
    """Users, credentials and tenancy over one workspace.

    Parameters
    ----------
    workspace
        The workspace; its ``actor`` is written to the audit log for user management.
    tokens
        Signs and reads bearer tokens; only needed to sign in (the server has one, the CLI's
        user commands do not).
    hasher
        The argon2 password hasher (default parameters: argon2id, RFC 9106 low-memory profile).
    clock
        The current time, timezone-aware.
    """

    def __init__(self, workspace: Workspace, *, tokens: TokenCodec | None = None,
                 hasher: PasswordHasher | None = None,
                 clock: Callable[[], datetime] = utc_now) -> None:
        self.workspace = workspace
        self.tokens = tokens
        self._hasher = hasher or PasswordHasher()
        self._clock = clock
        self._users = UserStore(workspace.store.connection)
        self._dummy_hash: str | None = None
        #: The dashboard summaries, cached across requests by the workspace's data version.
        self.dashboard = Dashboard(workspace)
        self._principals: dict[tuple[str, str], Principal] = {}
        self._principals_seen = -1

    def acting_as(self, actor: str) -> Access:
        """This Access (same store, hasher and tokens) writing ``actor`` to the audit log: the
        server's signed-in admin who manages users."""
        view = copy.copy(self)
        view.workspace = self.workspace.acting_as(actor)
        return view

    # -- user management ---------------------------------------------------------------------
    def _check_binding(self, role: Role, org_code: str | None) -> None:
        """The one rule for which organisation a user of a role belongs to."""
        kinds = ROLE_ORG_KINDS[role]
        if not kinds:
            if org_code is not None:
                raise InputError(f"{a_or_an(role.value)} user belongs to no organisation; leave the "
                                 "organisation out", f"{role.value} 用户不属于任何组织；请不要指定组织")
            return
        if org_code is None:
            raise InputError(f"{a_or_an(role.value)} user belongs to an organisation; name it (--org)",
                             f"{role.value} 用户必须属于一个组织；请指定组织（--org）")
        org = self.workspace.organisation(org_code)
        if org.kind not in kinds:
            wanted = " or ".join(k.value for k in kinds)
            raise InputError(
                f"{a_or_an(role.value)} user belongs to {a_or_an(wanted)}, but '{org_code}' is "
                f"{a_or_an(org.kind.value)}; choose {a_or_an(wanted)}",
                f"{role.value} 用户须属于 {wanted}，而“{org_code}”是 {org.kind.value}",
                expected=wanted, found=org.kind.value)

    def add_user(self, username: str, password: str, *, role: Role | str,
                 org_code: str | None = None) -> UserInfo:
        """Create a user; the password is kept only as its argon2id hash."""
        role = _role(role)
        _check_username(username)
        _check_password(password)
        self._check_binding(role, org_code)
        if self._users.user(username) is not None:
            raise InputError(f"user '{username}' exists already; choose another name",
                             f"用户“{username}”已存在；请另选用户名", found=username)
        at = self._clock()
        password_hash = self._hasher.hash(password)
        with self.workspace.store.transaction():
            self._users.insert_user(username, password_hash, role.value, org_code, at)
            self.workspace.store.append_audit(self.workspace.actor, "user_add", username,
                                              {"role": role.value, "org": org_code})
        logger.info("user %s added (%s, %s)", username, role.value, org_code)
        return self.user(username)

    def reset_user(self, username: str, password: str, *, role: Role | str,
                   org_code: str | None = None) -> UserInfo:
        """Create the user, or give an existing one this password, role and organisation
        (enabled again, its tokens revoked)."""
        role = _role(role)
        if self._users.user(username) is None:
            return self.add_user(username, password, role=role, org_code=org_code)
        _check_password(password)
        self._check_binding(role, org_code)
        at = self._clock()
        password_hash = self._hasher.hash(password)
        with self.workspace.store.transaction():
            self._users.update_user(username, password_hash=password_hash, role=role.value,
                                    org_code=org_code)
            self._users.revoke_tokens_of(username, at)
            self.workspace.store.append_audit(self.workspace.actor, "user_reset", username,
                                              {"role": role.value, "org": org_code})
        logger.info("user %s reset (%s, %s)", username, role.value, org_code)
        return self.user(username)

    def disable_user(self, username: str) -> UserInfo:
        """Disable a user: sign-in refused, every token and API key revoked."""
        self.user(username)
        at = self._clock()
        with self.workspace.store.transaction():
            self._users.disable_user(username, at)
            self._users.revoke_tokens_of(username, at)
            self._users.revoke_api_keys_of(username, at)
            self.workspace.store.append_audit(self.workspace.actor, "user_disable", username, {})
        logger.info("user %s disabled", username)
        return self.user(username)

    def set_password(self, username: str, password: str) -> UserInfo:
        """Give a user a new password (kept only as its argon2id hash); every bearer token of the
        user is revoked, its API keys stay valid."""
        self.user(username)
        _check_password(password)
        password_hash = self._hasher.hash(password)
        with self.workspace.store.transaction():
            self._users.set_password_hash(username, password_hash)
            self._users.revoke_tokens_of(username, self._clock())
            self.workspace.store.append_audit(self.workspace.actor, "user_password_reset",
                                              username, {})
        logger.info("user %s given a new password", username)
        return self.user(username)

    def user(self, username: str) -> UserInfo:
        found = self._users.user(username)
        if found is None:
            raise NotFoundError(f"no user '{username}'; `greenmfg user list` shows them",
                                f"没有用户“{username}”；`greenmfg user list` 可查看用户")
        return UserInfo.of(found)

    def users(self) -> list[UserInfo]:
        return [UserInfo.of(u) for u in self._users.users()]

    def add_api_key(self, username: str, name: str) -> tuple[ApiKeyInfo, str]:
        """A new API key acting as ``username``; the key itself is returned once, never stored."""
        user = self.user(username)
        if user.disabled_at is not None:
            raise InputError(f"user '{username}' is disabled", f"用户“{username}”已停用")
        key_id = secrets.token_hex(6)
        key = f"gmk_{key_id}_{secrets.token_urlsafe(32)}"
        at = self._clock()
        with self.workspace.store.transaction():
            self._users.insert_api_key(key_id, username, name, _sha256(key), at)
            self.workspace.store.append_audit(self.workspace.actor, "api_key_add", username,
                                              {"key_id": key_id, "name": name})
        logger.info("API key %s added for %s", key_id, username)
        return ApiKeyInfo(key_id, username, name, at), key

    def api_key(self, key_id: str) -> ApiKeyInfo:
        found = self._users.api_key(key_id)
        if found is None:
            raise NotFoundError(f"no API key '{key_id}'", f"没有 API 密钥“{key_id}”")
        return ApiKeyInfo(found.key_id, found.username, found.name, found.created_at,
                          found.revoked_at)

    def revoke_api_key(self, key_id: str) -> None:
        self.api_key(key_id)
        with self.workspace.store.transaction():
            self._users.revoke_api_key(key_id, self._clock())
            self.workspace.store.append_audit(self.workspace.actor, "api_key_revoke", key_id, {})

    # -- signing in ------------------------------------------------------------------------------
    def login(self, username: str, password: str) -> IssuedToken:
        """Check a password and issue a bearer token; one refusal for every way it can fail."""
        if self.tokens is None:
            raise RuntimeError("this Access has no token codec; the server creates it with one")
        user = self._users.user(username)
        if user is None:  # spend the same time as a real check, so timing tells nothing
            self._dummy_hash = self._dummy_hash or self._hasher.hash(secrets.token_urlsafe(16))
            _verify(self._hasher, self._dummy_hash, password)
            raise refused(f"sign-in for unknown user {username!r}")
        if not _verify(self._hasher, user.password_hash, password):
            raise refused(f"wrong password for {username!r}")
        if user.disabled_at is not None:
            raise refused(f"sign-in for disabled user {username!r}")
        token_id = secrets.token_hex(16)
        token, claims = self.tokens.encode(username, token_id)
        with self.workspace.store.transaction():
            if self._hasher.check_needs_rehash(user.password_hash):
                self._users.set_password_hash(username, self._hasher.hash(password))
            self._users.insert_token(token_id, username, claims.issued_at, claims.expires_at)
        logger.info("user %s signed in (token id %s)", username, token_id)
        return IssuedToken(token, "bearer", claims.expires_at,
                           int((claims.expires_at - claims.issued_at).total_seconds()))

    def authenticate(self, *, bearer: str | None = None, api_key: str | None = None) -> Principal:
        """The principal behind a bearer token or an API key (the token wins if both come)."""
        if bearer:
            return self._from_token(bearer)
        if api_key:
            return self._from_api_key(api_key)
        raise refused("no credentials")

    def _active_user(self, username: str) -> StoredUser:
        user = self._users.user(username)
        if user is None or user.disabled_at is not None:
            raise refused(f"user {username!r} is unknown or disabled")
        return user

    def _from_token(self, token: str) -> Principal:
        if self.tokens is None:
            raise RuntimeError("this Access has no token codec")
        claims = self.tokens.decode(token)  # signature and expiry: checked every time
        # Tokens already checked are remembered until the users change: every change of a user
        # appends an audit entry, and logout clears the memory (only this process can write the
        # DuckDB workspace while it is open; on PostgreSQL other processes may, so no memory).
        store = self.workspace.store
        if not store.single_writer or self._principals_seen != store.audit_appends:
            self._principals.clear()
            self._principals_seen = self.workspace.store.audit_appends
        known = self._principals.get((claims.token_id, claims.username))
        if known is not None:
            return known
        stored = self._users.token(claims.token_id)
        if stored is None or stored.username != claims.username:
            raise refused(f"token id {claims.token_id} was never issued")
        if stored.revoked_at is not None:
            raise refused(f"token id {claims.token_id} was revoked")
        user = self._active_user(claims.username)
        principal = Principal(user.username, Role(user.role), user.org_code,
                              token_id=claims.token_id)
        self._principals[(claims.token_id, claims.username)] = principal
        return principal

    def _from_api_key(self, key: str) -> Principal:
        match = _API_KEY.match(key)
        stored = self._users.api_key(match.group(1)) if match else None
        if stored is None or not hmac.compare_digest(stored.key_sha256, _sha256(key)):
            raise refused("unknown API key")
        if stored.revoked_at is not None:
            raise refused(f"API key {stored.key_id} was revoked")
        user = self._active_user(stored.username)
        return Principal(user.username, Role(user.role), user.org_code, api_key_id=stored.key_id)

    def logout(self, principal: Principal) -> None:
        """Revoke the bearer token the principal signed in with."""
        if principal.token_id is None:
            raise PermissionDenied(
                "logout ends a bearer token; an API key is revoked with "
                "`greenmfg user revoke-key`", "注销仅适用于访问令牌；API 密钥请用 "
                "`greenmfg user revoke-key` 吊销")
        with self.workspace.store.transaction():
            self._users.revoke_token(principal.token_id, self._clock())
        self._principals.clear()
        logger.info("user %s signed out (token id %s)", principal.username, principal.token_id)

    def tenant(self, principal: Principal) -> TenantWorkspace:
        """The workspace as ``principal`` may see and change it."""
        return TenantWorkspace(self.workspace.acting_as(principal.username), principal,
                               self._users, self._clock, dashboard=self.dashboard)

    # -- demo ------------------------------------------------------------------------------------
    def create_demo_accounts(self, park: DemoPark) -> list[DemoAccount]:
        """One user per role over the demo park, each with a new random password.

        Running it again gives the same users new passwords (their old tokens are revoked).
        """
        rows = park.organisations
        park_row = next(r for r in rows if r["kind"] == OrgKind.PARK.value)
        enterprise = next(r["code"] for r in rows if r["kind"] == OrgKind.ENTERPRISE.value
                          and r["parent_code"] == park_row["code"])
        plan: list[tuple[str, Role, str | None]] = [
            ("demo-enterprise", Role.ENTERPRISE, enterprise),
            ("demo-park", Role.PARK, park_row["code"]),
            ("demo-regulator", Role.REGULATOR, park_row["parent_code"]),
            ("demo-verifier", Role.VERIFIER, park_row["code"]),
            ("demo-admin", Role.ADMIN, None),
        ]
        accounts = []
        for username, role, org in plan:
            password = secrets.token_urlsafe(12)
            self.reset_user(username, password, role=role, org_code=org)
            accounts.append(DemoAccount(username, password, role, org))
        return accounts


def _role(role: Role | str) -> Role:
    try:
        return Role(role)
    except ValueError as exc:
        raise InputError(f"no role '{role}'; choose one of {', '.join(r.value for r in Role)}",
                         f"没有角色“{role}”；可选：{', '.join(r.value for r in Role)}",
                         expected=", ".join(r.value for r in Role), found=str(role)) from exc


def _verify(hasher: PasswordHasher, password_hash: str, password: str) -> bool:
    try:
        return hasher.verify(password_hash, password)
    except (VerifyMismatchError, VerificationError, InvalidHashError):
        return False


def _sha256(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def write_demo_accounts(path: Path, accounts: Sequence[DemoAccount]) -> Path:
    """Write ``[{"username", "password", "role", "org"}]`` readable by its owner only."""
    body = json.dumps([{"username": a.username, "password": a.password, "role": a.role.value,
                        "org": a.org} for a in accounts], ensure_ascii=False, indent=2) + "\n"
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.{secrets.token_hex(4)}.tmp")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write(body)
        os.replace(tmp, path)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    return path


