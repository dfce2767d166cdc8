"""Request dependencies: the server's state, the signed-in principal and its workspace view.

The embedded DuckDB workspace is one connection, so requests that touch it take the server's
lock for the length of the handler (``scope="function"``): one at a time, in order. The lock is an
async one, taken in the event loop: a waiting request holds no worker thread, so any number of
them cannot starve the handler that holds the lock of the thread it runs in (a thread lock taken
in sync dependencies deadlocks past 40 concurrent requests). A PostgreSQL workspace is served
the same way, over one connection; a connection per request could come behind the same
dependencies.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from dataclasses import dataclass
from typing import Annotated

import anyio
from fastapi import Depends, Query, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.security import APIKeyHeader, OAuth2PasswordBearer

from greenmfg.access import Access, TenantWorkspace, UserAdmin
from greenmfg.api.schemas import MAX_PAGE, PageParams
from greenmfg.api.settings import ApiSettings
from greenmfg.api.throttle import LoginThrottle

TOKEN_URL = "/api/v1/auth/token"
API_KEY_HEADER = "X-API-Key"

_bearer = OAuth2PasswordBearer(tokenUrl=TOKEN_URL, auto_error=False,
                               description="Bearer token from POST /api/v1/auth/token")
_api_key = APIKeyHeader(name=API_KEY_HEADER, auto_error=False,
                        description="API key of a machine client (`greenmfg user api-key`)")


@dataclass(frozen=True, slots=True)
class ServerState:
    """What the app holds while it runs: set up and torn down by its lifespan."""

    access: Access
    settings: ApiSettings
    lock: anyio.Lock
    throttle: LoginThrottle


async def server(request: Request) -> ServerState:
    state = getattr(request.app.state, "greenmfg", None)
    if not isinstance(state, ServerState):
        raise RuntimeError("the greenmfg app has not started; run it with its lifespan "
                           "(uvicorn does; use TestClient as a context manager)")
    return state


ServerDep = Annotated[ServerState, Depends(server)]


async def _locked_access(srv: ServerDep) -> AsyncIterator[Access]:
    async with srv.lock:
        yield srv.access


def _sign_in(access: Access, bearer: str | None, api_key: str | None) -> TenantWorkspace:
    return access.tenant(access.authenticate(bearer=bearer, api_key=api_key))


async def _tenant(srv: ServerDep, bearer: Annotated[str | None, Depends(_bearer)],
                  api_key: Annotated[str | None, Depends(_api_key)]
                  ) -> AsyncIterator[TenantWorkspace]:
    async with srv.lock:
        yield await run_in_threadpool(_sign_in, srv.access, bearer, api_key)


@dataclass(frozen=True, slots=True)
class Credentials:
    """What the request presented, not yet checked: for routes that sign in themselves."""

    bearer: str | None
    api_key: str | None


async def _credentials(bearer: Annotated[str | None, Depends(_bearer)],
                       api_key: Annotated[str | None, Depends(_api_key)]) -> Credentials:
    return Credentials(bearer, api_key)


CredentialsDep = Annotated[Credentials, Depends(_credentials)]


def _as_admin(access: Access, bearer: str | None, api_key: str | None) -> UserAdmin:
    return UserAdmin(access, access.authenticate(bearer=bearer, api_key=api_key))


async def _user_admin(srv: ServerDep, bearer: Annotated[str | None, Depends(_bearer)],
                      api_key: Annotated[str | None, Depends(_api_key)]
                      ) -> AsyncIterator[UserAdmin]:
    async with srv.lock:
        yield await run_in_threadpool(_as_admin, srv.access, bearer, api_key)


AccessDep = Annotated[Access, Depends(_locked_access, scope="function")]
TenantDep = Annotated[TenantWorkspace, Depends(_tenant, scope="function")]
UserAdminDep = Annotated[UserAdmin, Depends(_user_admin, scope="function")]


def _page(limit: Annotated[int, Query(ge=1, le=MAX_PAGE, description="items per page")] = 50,
          offset: Annotated[int, Query(ge=0, description="items to skip")] = 0) -> PageParams:
    return PageParams(limit=limit, offset=offset)


PageDep = Annotated[PageParams, Depends(_page)]
