"""Users and their API keys, managed by an admin: the API twin of ``greenmfg user …``."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Path, Response

from greenmfg.api.deps import PageDep, UserAdminDep
from greenmfg.api.error_map import error_responses
from greenmfg.api.schemas import page_slice
from greenmfg.api.user_schemas import (
    ApiKeyCreated,
    ApiKeyIn,
    ApiKeyPublic,
    PasswordIn,
    UserIn,
    UserPage,
    UserPublic,
)

router = APIRouter(prefix="/users", tags=["users"])

Username = Annotated[str, Path(description="user name", max_length=64)]
KeyId = Annotated[str, Path(description="the API key's id (gmk_<id>_…)", max_length=64)]


@router.get("", response_model=UserPage, responses=error_responses(401, 403, 422))
def list_users(admin: UserAdminDep, page: PageDep) -> UserPage:
    """Every user, in user-name order, one page at a time (never a password or hash)."""
    users = admin.users()
    return UserPage(items=[UserPublic.of(u) for u in page_slice(users, page)],
                    total=len(users), limit=page.limit, offset=page.offset)


@router.post("", status_code=201, response_model=UserPublic,
             responses=error_responses(401, 403, 404, 422))
def create_user(body: UserIn, admin: UserAdminDep) -> UserPublic:
    """Create a user; the password is stored only as its argon2id hash."""
    return UserPublic.of(admin.add_user(body.username, body.password.get_secret_value(),
                                        role=body.role, org_code=body.org_code))


@router.get("/{username}", response_model=UserPublic,
            responses=error_responses(401, 403, 404, 422))
def get_user(username: Username, admin: UserAdminDep) -> UserPublic:
    return UserPublic.of(admin.user(username))


@router.post("/{username}/disable", response_model=UserPublic,
             responses=error_responses(401, 403, 404, 422))
def disable_user(username: Username, admin: UserAdminDep) -> UserPublic:
    """Disable a user: sign-in refused, its tokens and API keys revoked."""
    return UserPublic.of(admin.disable_user(username))


@router.put("/{username}/password", status_code=204, response_class=Response,
            responses=error_responses(401, 403, 404, 422))
def reset_password(username: Username, body: PasswordIn, admin: UserAdminDep) -> Response:
    """Give a user a new password; its bearer tokens are revoked (API keys stay)."""
    admin.set_password(username, body.password.get_secret_value())
    return Response(status_code=204)


@router.post("/{username}/api-keys", status_code=201, response_model=ApiKeyCreated,
             responses=error_responses(401, 403, 404, 422))
def create_api_key(username: Username, body: ApiKeyIn, admin: UserAdminDep) -> ApiKeyCreated:
    """A new API key acting as the user; the key is in this answer only, never again."""
    info, key = admin.add_api_key(username, body.name)
    return ApiKeyCreated(**ApiKeyPublic.of(info).model_dump(), api_key=key)


@router.delete("/{username}/api-keys/{key_id}", response_model=ApiKeyPublic,
               responses=error_responses(401, 403, 404, 422))
def revoke_api_key(username: Username, key_id: KeyId, admin: UserAdminDep) -> ApiKeyPublic:
    """Revoke one of the user's API keys; it is refused from now on."""
    return ApiKeyPublic.of(admin.revoke_api_key(username, key_id))
