"""User management as one signed-in principal may do it: the API's ``/users`` endpoints.

Only a role with the ``manage_users`` right (the admin) gets a :class:`UserAdmin`; any other
role is refused with :class:`~greenmfg.errors.PermissionDenied` before anything is read. Users
are not organisations: there is no scope to hide them in, so a park or regulator user is told
plainly that it may not manage users. Every change goes through the very :class:`Access`
methods that ``greenmfg user …`` calls, with the admin's name in the audit log.
"""

from __future__ import annotations

from greenmfg.access.rules import Principal, Right, a_or_an
from greenmfg.access.users import Access, ApiKeyInfo, UserInfo
from greenmfg.errors import InputError, NotFoundError, PermissionDenied

__all__ = ["UserAdmin"]


class UserAdmin:
    """Users and API keys, managed by ``principal`` (who must hold ``manage_users``)."""

    def __init__(self, access: Access, principal: Principal) -> None:
        if not principal.may(Right.MANAGE_USERS):
            raise PermissionDenied(
                f"{a_or_an(principal.role.value)} user may not manage users; ask an admin",
                f"{principal.role.value} 角色无权管理用户；请联系管理员")
        self.principal = principal
        self._access = access.acting_as(principal.username)

    def users(self) -> list[UserInfo]:
        """Every user, in user-name order."""
        return self._access.users()

    def user(self, username: str) -> UserInfo:
        return self._access.user(username)

    def add_user(self, username: str, password: str, *, role: str,
                 org_code: str | None) -> UserInfo:
        return self._access.add_user(username, password, role=role, org_code=org_code)

    def disable_user(self, username: str) -> UserInfo:
        """Disable a user (its tokens and keys revoked); an admin cannot disable itself, so that
        a workspace is never left without the admin who disabled the last one."""
        if username == self.principal.username:
            raise InputError("you cannot disable your own account; ask another admin",
                             "不能停用自己的账户；请另一位管理员操作", found=username)
        return self._access.disable_user(username)

    def set_password(self, username: str, password: str) -> UserInfo:
        return self._access.set_password(username, password)

    def add_api_key(self, username: str, name: str) -> tuple[ApiKeyInfo, str]:
        return self._access.add_api_key(username, name)

    def revoke_api_key(self, username: str, key_id: str) -> ApiKeyInfo:
        """Revoke ``username``'s key ``key_id`` (another user's key is not found here)."""
        try:
            key = self._access.api_key(key_id)
        except NotFoundError:
            key = None
        if key is None or key.username != username:
            raise NotFoundError(f"user '{username}' has no API key '{key_id}'",
                                f"用户“{username}”没有 API 密钥“{key_id}”")
        self._access.revoke_api_key(key_id)
        return self._access.api_key(key_id)
