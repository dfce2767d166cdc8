"""The dashboard pages: sign-in, role home, enterprise / park / region pages, upload.

Each page signs the visitor in from the session cookie, calls the tenancy-checked service
functions of :class:`~greenmfg.access.TenantWorkspace` (the ones behind ``/api/v1/dashboard``)
under the server's workspace lock, and renders what :mod:`greenmfg.web.views` prepared. Errors
become pages here, in one place: 401 sends the visitor to sign in, 403 / 404 / 422 show a page
in the visitor's language.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache
from typing import Annotated, Any
from urllib.parse import quote

from fastapi import APIRouter, File, Form, Request, UploadFile
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from jinja2 import Environment, PackageLoader, StrictUndefined

from greenmfg.access import Principal, Right, Role, TenantWorkspace
from greenmfg.api.deps import ServerState, server
from greenmfg.api.error_map import status_of
from greenmfg.api.uploads import saved_upload
from greenmfg.errors import (
    GreenmfgError,
    InputError,
    NotAuthenticated,
    PermissionDenied,
    RejectedRows,
)
from greenmfg.i18n import Lang
from greenmfg.model import OrgKind
from greenmfg.web import session
from greenmfg.web.texts import LANG_NAMES, LANGS, text, texts
from greenmfg.web.views import enterprise_view, park_view, region_view

router = APIRouter(include_in_schema=False)

#: What a page may load: only this site's own scripts, styles and images (ECharts sets inline
#: styles on the elements it draws).
_SECURITY_HEADERS = {
    "Content-Security-Policy": "default-src 'self'; img-src 'self' data:; "
                               "style-src 'self' 'unsafe-inline'; frame-ancestors 'none'; "
                               "form-action 'self'",
    "X-Frame-Options": "DENY",
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "same-origin",
    "Cache-Control": "no-store",
}
_HOME_OF_ROLE = {Role.ENTERPRISE: "enterprise", Role.PARK: "park", Role.REGULATOR: "region"}
_PAGE_OF_KIND = {OrgKind.ENTERPRISE: "enterprise", OrgKind.PARK: "park", OrgKind.REGION: "region"}


@lru_cache(maxsize=1)
def _environment() -> Environment:
    return Environment(loader=PackageLoader("greenmfg.web", "templates"), autoescape=True,
                       undefined=StrictUndefined, keep_trailing_newline=True)


@dataclass(frozen=True, slots=True)
class _Visit:
    """One page request: the server, the language, the CSRF seed and its form token."""

    request: Request
    srv: ServerState
    lang: Lang
    remember_lang: bool
    csrf_seed: str
    new_csrf_seed: bool

    @property
    def csrf(self) -> str:
        return session.csrf_token(self.srv.settings.secret_key.get_secret_value(), self.csrf_seed)


async def _visit(request: Request) -> _Visit:
    srv = await server(request)
    lang, remember = session.language(request)
    seed, new = session.csrf_seed(request)
    return _Visit(request, srv, lang, remember, seed, new)


def _finish(visit: _Visit, response: Response) -> Response:
    for name, value in _SECURITY_HEADERS.items():
        response.headers[name] = value
    if visit.remember_lang:
        session.set_language(response, visit.request, visit.lang)
    if visit.new_csrf_seed:
        session.set_csrf_seed(response, visit.request, visit.csrf_seed)
    return response


def _render(visit: _Visit, template: str, context: dict[str, Any], *,
            principal: Principal | None = None, status: int = 200) -> Response:
    path = visit.request.url.path
    query = [(k, v) for k, v in visit.request.query_params.items() if k != "lang"]
    switch = [{"lang": lang.value, "name": LANG_NAMES[lang], "current": lang is visit.lang,
               "href": f"{path}?" + "&".join(f"{quote(k)}={quote(v)}" for k, v in
                                             [*query, ("lang", lang.value)])}
              for lang in LANGS]
    user = None
    if principal is not None:
        user = {"name": principal.username,
                "role": text(f"role_{principal.role.value}", visit.lang),
                "may_import": principal.may(Right.IMPORT)}
    html = _environment().get_template(template).render(
        t=texts(visit.lang), lang=visit.lang.value, languages=switch, user=user,
        csrf=visit.csrf, **context)
    return _finish(visit, HTMLResponse(html, status_code=status))


def _redirect(visit: _Visit, url: str) -> Response:
    return _finish(visit, RedirectResponse(url, status_code=303))


def _to_login(visit: _Visit) -> Response:
    target = visit.request.url.path
    if visit.request.url.query:
        target += "?" + visit.request.url.query
    response = _redirect(visit, f"/login?next={quote(target)}")
    session.clear_session(response)
    return response


def _error_page(visit: _Visit, exc: GreenmfgError, principal: Principal | None) -> Response:
    status, _code = status_of(exc)
    if status not in (403, 404, 422):
        raise exc
    return _render(visit, "error.html.j2", {
        "status": status, "summary": text(f"error_{status}", visit.lang),
        "message": exc.message("zh-CN" if visit.lang is Lang.ZH else "en")},
        principal=principal, status=status)


async def _signed_in(visit: _Visit, build: Callable[[TenantWorkspace, Lang], Any]
                     ) -> tuple[Principal, Any] | Response:
    """Sign in from the cookie and run ``build`` under the workspace lock; a response (sign-in
    redirect or error page) when that fails."""
    token = visit.request.cookies.get(session.SESSION_COOKIE)
    if not token:
        return _to_login(visit)
    access = visit.srv.access
    principal: Principal | None = None

    def run() -> tuple[Principal, Any]:
        nonlocal principal
        principal = access.authenticate(bearer=token)
        return principal, build(access.tenant(principal), visit.lang)

    try:
        async with visit.srv.lock:
            return await run_in_threadpool(run)
    except NotAuthenticated:
        return _to_login(visit)
    except GreenmfgError as exc:
        return _error_page(visit, exc, principal)


def _years(path: str, years: tuple[int, ...], current: int) -> list[dict[str, Any]]:
    return [{"year": y, "href": f"{path}?year={y}", "current": y == current} for y in years]


# -- sign in and out ---------------------------------------------------------------------------
@router.get("/login")
async def login_page(request: Request, next: str = "/") -> Response:
    visit = await _visit(request)
    return _render(visit, "login.html.j2", {"next": session.local_path(next), "failed": False})


@router.post("/login")
async def login(request: Request, username: Annotated[str, Form(max_length=64)],
                password: Annotated[str, Form(max_length=256)],
                csrf_token: Annotated[str, Form(max_length=128)] = "",
                next: Annotated[str, Form(max_length=512)] = "/") -> Response:
    visit = await _visit(request)
    secret = visit.srv.settings.secret_key.get_secret_value()
    if not session.csrf_ok(secret, request, csrf_token):
        return _render(visit, "error.html.j2", {"status": 403,
                                                "summary": text("error_csrf", visit.lang),
                                                "message": ""}, status=403)
    try:
        async with visit.srv.lock:
            issued = await run_in_threadpool(visit.srv.access.login, username, password)
    except NotAuthenticated:
        return _render(visit, "login.html.j2", {"next": session.local_path(next),
                                                "failed": True}, status=401)
    response = _redirect(visit, session.local_path(next))
    session.set_session(response, request, issued.access_token, issued.expires_in_s)
    return response


@router.post("/logout")
async def logout(request: Request,
                 csrf_token: Annotated[str, Form(max_length=128)] = "") -> Response:
    visit = await _visit(request)
    secret = visit.srv.settings.secret_key.get_secret_value()
    token = request.cookies.get(session.SESSION_COOKIE)
    if token and session.csrf_ok(secret, request, csrf_token):
        try:
            async with visit.srv.lock:
                principal = await run_in_threadpool(visit.srv.access.authenticate, bearer=token)
                await run_in_threadpool(visit.srv.access.logout, principal)
        except NotAuthenticated:
            pass  # already ended: signing out again only clears the cookie
    response = _redirect(visit, "/login")
    session.clear_session(response)
    return response


# -- pages -------------------------------------------------------------------------------------
@router.get("/")
async def role_home(request: Request) -> Response:
    """Send each role to its page: an enterprise, park or regulator user to its organisation."""
    visit = await _visit(request)
    found = await _signed_in(visit, lambda tenant, _lang: tenant.principal)
    if isinstance(found, Response):
        return found
    principal = found[0]
    page = _HOME_OF_ROLE.get(principal.role)
    if page is not None and principal.org_code:
        return _redirect(visit, f"/{page}/{quote(principal.org_code)}")
    return _redirect(visit, "/home")


@router.get("/home")
async def home(request: Request) -> Response:
    """The organisations the visitor may see, each linked to its page."""
    visit = await _visit(request)

    def build(tenant: TenantWorkspace, lang: Lang) -> dict[str, Any]:
        return {"orgs": [{"code": o.code, "name": o.name,
                          "kind": text(f"kind_{o.kind.value}", lang),
                          "href": f"/{_PAGE_OF_KIND[o.kind]}/{quote(o.code)}"
                          if o.kind in _PAGE_OF_KIND else None}
                         for o in tenant.organisations()]}

    found = await _signed_in(visit, build)
    if isinstance(found, Response):
        return found
    return _render(visit, "home.html.j2", found[1], principal=found[0])


async def _summary_page(request: Request, kind: str, code: str, year: int | None) -> Response:
    """An enterprise, park or region page: the summary, its chart view and the year links."""
    visit = await _visit(request)
    views: dict[str, Callable[[Any, Lang], Any]] = {
        "enterprise": enterprise_view, "park": park_view, "region": region_view}
    view_of = views[kind]

    def build(tenant: TenantWorkspace, lang: Lang) -> dict[str, Any]:
        summary = getattr(tenant, f"{kind}_summary")(code, year)
        return {"summary": summary, "view": view_of(summary, lang),
                "years": _years(request.url.path, summary.years, summary.year)}

    found = await _signed_in(visit, build)
    if isinstance(found, Response):
        return found
    return _render(visit, f"{kind}.html.j2", found[1], principal=found[0])


@router.get("/enterprise/{code}")
async def enterprise_page(request: Request, code: str, year: int | None = None) -> Response:
    return await _summary_page(request, "enterprise", code, year)


@router.get("/park/{code}")
async def park_page(request: Request, code: str, year: int | None = None) -> Response:
    return await _summary_page(request, "park", code, year)


@router.get("/region/{code}")
async def region_page(request: Request, code: str, year: int | None = None) -> Response:
    return await _summary_page(request, "region", code, year)


# -- upload ------------------------------------------------------------------------------------
def _upload_targets(tenant: TenantWorkspace) -> list[dict[str, str]]:
    return [{"code": o.code, "name": o.name} for o in tenant.organisations()
            if o.kind in (OrgKind.ENTERPRISE, OrgKind.PARK)]


def _may_import(tenant: TenantWorkspace) -> None:
    if not tenant.principal.may(Right.IMPORT):
        raise PermissionDenied(f"a {tenant.principal.role.value} user may not upload data",
                               f"{tenant.principal.role.value} 角色无权上传数据")


@router.get("/upload")
async def upload_page(request: Request) -> Response:
    visit = await _visit(request)

    def build(tenant: TenantWorkspace, _lang: Lang) -> dict[str, Any]:
        _may_import(tenant)
        return {"targets": _upload_targets(tenant), "result": None, "rejected": [], "link": None,
                "selected": tenant.principal.org_code or ""}

    found = await _signed_in(visit, build)
    if isinstance(found, Response):
        return found
    return _render(visit, "upload.html.j2", found[1], principal=found[0])


@router.post("/upload")
async def upload(request: Request, org: Annotated[str, Form(max_length=64)],
                 file: Annotated[UploadFile, File()],
                 csrf_token: Annotated[str, Form(max_length=128)] = "") -> Response:
    """Import the file into ``org`` (all or nothing); the page lists any rejected rows."""
    visit = await _visit(request)
    secret = visit.srv.settings.secret_key.get_secret_value()
    if not session.csrf_ok(secret, request, csrf_token):
        return _render(visit, "error.html.j2", {"status": 403,
                                                "summary": text("error_csrf", visit.lang),
                                                "message": ""}, status=403)

    def build(tenant: TenantWorkspace, lang: Lang) -> dict[str, Any]:
        _may_import(tenant)
        context: dict[str, Any] = {"targets": _upload_targets(tenant), "selected": org,
                                   "rejected": [], "result": None, "link": None}
        with saved_upload(file, visit.srv.settings.max_upload_bytes) as path:
            try:
                report = tenant.import_file(org, path)
            except RejectedRows as exc:
                context["status"] = 422
                context["result"] = text("upload_rejected", lang,
                                         rows=len({(r.get("sheet"), r.get("row"))
                                                   for r in exc.rejected}))
                context["rejected"] = [
                    {"sheet": r.get("sheet", ""), "row": r.get("row", ""),
                     "column": r.get("column", ""), "value": r.get("value", ""),
                     "reason": r.get("reason_zh" if lang is Lang.ZH else "reason_en", "")}
                    for r in exc.rejected]
                return context
            except InputError as exc:
                context["status"] = 422
                context["result"] = exc.message("zh-CN" if lang is Lang.ZH else "en")
                return context
        context["result"] = text("upload_ok", lang, inserted=report.inserted,
                                 updated=report.updated, unchanged=report.unchanged)
        org_kind = next((o.kind for o in tenant.organisations() if o.code == org), None)
        if org_kind in _PAGE_OF_KIND:
            context["link"] = f"/{_PAGE_OF_KIND[org_kind]}/{quote(org)}"
        return context

    found = await _signed_in(visit, build)
    if isinstance(found, Response):
        return found
    context = found[1]
    return _render(visit, "upload.html.j2", context, principal=found[0],
                   status=context.pop("status", 200))
