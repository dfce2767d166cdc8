"""Who may do what: users, roles, tenancy scopes, bearer tokens and API keys over a Workspace.

The tenancy rules live here and nowhere else. The API (and later the web pages) call
:class:`Access` and the :class:`TenantWorkspace` it hands out for a signed-in user; routes hold
no rule of their own.

Roles
-----
============ =========================== ==============================================
role         bound to                    may
============ =========================== ==============================================
enterprise   an enterprise               read it (and its sites); import into it
park         a park                      read the park and its enterprises; import into them
regulator    a region                    read the region and everything under it
verifier     a region, park or enterprise read everything under it; sign inventories off
admin        no organisation             read and import everywhere; manage users
============ =========================== ==============================================

A user's *scope* is the organisation the user is bound to and all its descendants in the
organisation tree (region > park > enterprise > site); an admin's scope is every organisation.
Outside the scope nothing exists: a lookup answers :class:`~greenmfg.errors.NotFoundError` word
for word as for a code that does not exist, so no answer tells whether it exists. Inside the
scope, an action the role lacks raises :class:`~greenmfg.errors.PermissionDenied`. Signing an
inventory off is the verifier's attestation, so not even an admin may do it.

Credentials
-----------
Passwords are hashed with argon2id (salted, PHC string) before they reach the workspace. Bearer
tokens are HS256-signed (JWT compact form) with the server's secret; each carries an id that the
workspace records at issue and revokes at logout, and an expiry. API keys (``gmk_<id>_<secret>``)
are stored as their SHA-256. Role and organisation are read from the workspace on every request,
never trusted from a token, so disabling a user or changing a role takes effect at once.

Modules: ``rules`` (roles, rights, scopes), ``tokens`` (signing bearer tokens), ``users`` (users,
credentials, sign-in: :class:`Access`), ``tenant`` (:class:`TenantWorkspace`, and the rule for
which rows an upload may hold), ``accounts`` (:class:`UserAdmin`: users managed by a signed-in
admin).
"""

from greenmfg.access.accounts import UserAdmin
from greenmfg.access.rules import (
    ROLE_ORG_KINDS,
    ROLE_RIGHTS,
    Principal,
    Right,
    Role,
    Scope,
    descendants,
    scope_of,
)
from greenmfg.access.tenant import TenantWorkspace
from greenmfg.access.tokens import TokenClaims, TokenCodec
from greenmfg.access.users import (
    Access,
    ApiKeyInfo,
    DemoAccount,
    IssuedToken,
    UserInfo,
    write_demo_accounts,
)

__all__ = [
    "ROLE_ORG_KINDS",
    "ROLE_RIGHTS",
    "Access",
    "ApiKeyInfo",
    "DemoAccount",
    "IssuedToken",
    "Principal",
    "Right",
    "Role",
    "Scope",
    "TenantWorkspace",
    "TokenClaims",
    "TokenCodec",
    "UserAdmin",
    "UserInfo",
    "descendants",
    "scope_of",
    "write_demo_accounts",
]
