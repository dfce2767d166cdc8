"""Sign in (OAuth2 password flow), sign out, who am I."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Request, Response
from fastapi.security import OAuth2PasswordRequestForm

from greenmfg.api.deps import AccessDep, ServerDep, TenantDep
from greenmfg.api.error_map import error_responses
from greenmfg.api.schemas import PrincipalPublic, TokenPublic

router = APIRouter(prefix="/auth", tags=["auth"])


@router.post("/token", response_model=TokenPublic, responses=error_responses(401, 422, 429))
def issue_token(form: Annotated[OAuth2PasswordRequestForm, Depends()], access: AccessDep,
                srv: ServerDep, request: Request) -> TokenPublic:
    """Exchange a user name and password (form fields) for a bearer token.

    Repeated failures for one user name or from one address answer 429 with ``Retry-After``
    for a while (``GREENMFG_LOGIN_*`` settings).
    """
    address = request.client.host if request.client else "unknown"
    issued = srv.throttle.login(access, form.username, form.password, address)
    return TokenPublic(access_token=issued.access_token, expires_in=issued.expires_in_s)


@router.post("/logout", status_code=204, response_class=Response,
             responses=error_responses(401, 403))
def logout(tenant: TenantDep, srv: ServerDep) -> Response:
    """Revoke the bearer token of this request; it is refused from now on."""
    srv.access.logout(tenant.principal)
    return Response(status_code=204)


@router.get("/me", response_model=PrincipalPublic, responses=error_responses(401))
def me(tenant: TenantDep) -> PrincipalPublic:
    """The signed-in user, its role and organisation."""
    return PrincipalPublic.of(tenant.principal)
