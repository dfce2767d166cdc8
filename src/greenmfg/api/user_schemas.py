"""Schemas of the ``/users`` endpoints: what an admin sends and gets back.

Passwords travel only inward (``SecretStr``: write-only in the OpenAPI document, masked in any
repr or log); no answer holds a password, a hash or a stored key digest. A new API key is shown
once, in the answer that creates it.
"""

from __future__ import annotations

from datetime import datetime

from pydantic import Field, SecretStr

from greenmfg.access import ApiKeyInfo, Role, UserInfo
from greenmfg.access.users import MIN_PASSWORD_LENGTH
from greenmfg.api.schemas import _Page, _Public

#: argon2 hashes any length, but a megabyte of password only costs the server time.
MAX_PASSWORD_LENGTH = 1024


class UserPublic(_Public):
    username: str
    role: Role
    org_code: str | None
    created_at: datetime
    disabled_at: datetime | None

    @classmethod
    def of(cls, user: UserInfo) -> UserPublic:
        return cls.model_validate(user, from_attributes=True)


class UserPage(_Page):
    items: list[UserPublic]


class UserIn(_Public):
    """A new user: an admin binds to no organisation, every other role to one (see roles)."""

    username: str = Field(min_length=1, max_length=64,
                          description="1-64 letters, digits, _ . @ - (starting with a letter or "
                                      "digit)")
    password: SecretStr = Field(min_length=MIN_PASSWORD_LENGTH, max_length=MAX_PASSWORD_LENGTH)
    role: Role
    org_code: str | None = Field(default=None, max_length=64,
                                 description="the organisation the user belongs to (none for "
                                             "an admin)")


class PasswordIn(_Public):
    password: SecretStr = Field(min_length=MIN_PASSWORD_LENGTH, max_length=MAX_PASSWORD_LENGTH)


class ApiKeyIn(_Public):
    name: str = Field(default="machine client", min_length=1, max_length=200,
                      description="what the key is for")


class ApiKeyPublic(_Public):
    key_id: str
    username: str
    name: str
    created_at: datetime
    revoked_at: datetime | None

    @classmethod
    def of(cls, key: ApiKeyInfo) -> ApiKeyPublic:
        return cls.model_validate(key, from_attributes=True)


class ApiKeyCreated(ApiKeyPublic):
    api_key: str = Field(description="the key itself (header X-API-Key); shown this once only")
