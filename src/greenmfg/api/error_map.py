"""The one place where errors become HTTP answers.

====================================== ====== ===================
error                                  status code
====================================== ====== ===================
NotAuthenticated (bad, expired, forged  401    not_authenticated
or revoked credentials)
PermissionDenied (role lacks the right) 403    forbidden
NotFoundError (absent or out of scope)  404    not_found
StaleResult                             409    stale_result
AlreadyExists (a record to create)      409    already_exists
VersionConflict (If-Match is stale)     412    version_conflict
upload larger than the limit            413    too_large
TooManyAttempts (failed sign-ins)       429    too_many_attempts
RejectedRows (nothing stored)           422    rejected_rows
InputError (bad file, option, value)    422    input_error
request that fails its schema           422    invalid_request
PreconditionRequired (no If-Match)      428    precondition_required
body that cannot be parsed (bad JSON    422    invalid_request
or multipart)
any other GreenmfgError                 500    internal_error
====================================== ====== ===================

Every body is an :class:`~greenmfg.api.schemas.ErrorBody`. No body repeats a request's input (a
password could be in it), and out-of-scope answers are word for word those for absent things.
"""

from __future__ import annotations

from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException as StarletteHTTPException

from greenmfg.api.schemas import ErrorBody, FieldError, RejectedRowPublic
from greenmfg.api.throttle import TooManyAttempts
from greenmfg.errors import (
    AlreadyExists,
    GreenmfgError,
    InputError,
    NotAuthenticated,
    NotFoundError,
    PermissionDenied,
    PreconditionRequired,
    RejectedRows,
    StaleResult,
    VersionConflict,
)

__all__ = ["UploadTooLarge", "error_responses", "install_error_handlers"]


class UploadTooLarge(GreenmfgError):
    """An upload larger than the server accepts (``GREENMFG_MAX_UPLOAD_BYTES``)."""


_STATUS: tuple[tuple[type[GreenmfgError], int, str], ...] = (
    (NotAuthenticated, 401, "not_authenticated"),
    (PermissionDenied, 403, "forbidden"),
    (NotFoundError, 404, "not_found"),
    (StaleResult, 409, "stale_result"),
    (AlreadyExists, 409, "already_exists"),
    (VersionConflict, 412, "version_conflict"),
    (PreconditionRequired, 428, "precondition_required"),
    (UploadTooLarge, 413, "too_large"),
    (TooManyAttempts, 429, "too_many_attempts"),
    (RejectedRows, 422, "rejected_rows"),
    (InputError, 422, "input_error"),
)

_DESCRIPTIONS = {
    401: "Missing, wrong, expired, forged or revoked credentials",
    403: "In scope, but the role may not do this",
    404: "Does not exist, or is outside the caller's scope (the same answer)",
    409: "The result changed since it was computed, or the record to create exists already",
    412: "If-Match names a version that is no longer stored (someone changed it: read again)",
    428: "The change needs an If-Match header with the ETag of the version read",
    413: "The upload is larger than the server accepts",
    422: "Invalid request, input or file (rejected rows listed; nothing stored)",
    429: "Too many failed sign-ins for this user name or address; wait Retry-After seconds",
}


def error_responses(*statuses: int) -> dict[int | str, dict[str, Any]]:
    """OpenAPI ``responses`` for these error statuses, all with the ErrorBody schema."""
    responses: dict[int | str, dict[str, Any]] = {
        status: {"model": ErrorBody, "description": _DESCRIPTIONS[status]} for status in statuses}
    if 429 in responses:
        responses[429]["headers"] = {"Retry-After": {
            "description": "seconds to wait before signing in again",
            "schema": {"type": "integer", "minimum": 1}}}
    return responses


def _body(status: int, body: ErrorBody, retry_after_s: int | None = None) -> JSONResponse:
    headers = {"WWW-Authenticate": "Bearer"} if status == 401 else {}
    if retry_after_s is not None:
        headers["Retry-After"] = str(retry_after_s)
    return JSONResponse(body.model_dump(mode="json", exclude_none=True), status_code=status,
                        headers=headers)


def status_of(exc: GreenmfgError) -> tuple[int, str]:
    for kind, status, code in _STATUS:
        if isinstance(exc, kind):
            return status, code
    return 500, "internal_error"


async def _greenmfg_error(request: Request, exc: Exception) -> JSONResponse:
    if not isinstance(exc, GreenmfgError):  # pragma: no cover - registered for GreenmfgError
        raise exc
    status, code = status_of(exc)
    extra: dict[str, Any] = {}
    if isinstance(exc, RejectedRows):
        extra = {"rejected": [RejectedRowPublic.model_validate(r) for r in exc.rejected],
                 "rows_read": exc.rows_read}
    retry_after_s = exc.retry_after_s if isinstance(exc, TooManyAttempts) else None
    return _body(status, ErrorBody(detail=exc.message_en, detail_zh=exc.message_zh, code=code,
                                   **extra), retry_after_s)


async def _invalid_request(request: Request, exc: Exception) -> JSONResponse:
    if not isinstance(exc, RequestValidationError):  # pragma: no cover
        raise exc
    errors = [FieldError(loc=[p if isinstance(p, int) else str(p) for p in e.get("loc", ())],
                         msg=str(e.get("msg", "")), type=str(e.get("type", "")))
              for e in exc.errors()]  # no "input": it could hold a password
    fields = ", ".join(".".join(str(p) for p in e.loc) for e in errors)
    return _body(422, ErrorBody(detail=f"the request is invalid: {fields}",
                                detail_zh=f"请求无效：{fields}", code="invalid_request",
                                errors=errors))


#: Starlette's own answers (routing, body parsing) in Chinese; others keep their English text.
_HTTP_ZH = {
    404: "没有这个地址；API 的地址见 /api/v1/docs",
    405: "此地址不接受该请求方法；可用的方法见 /api/v1/docs",
}


async def _http_error(request: Request, exc: Exception) -> JSONResponse:
    if not isinstance(exc, StarletteHTTPException):  # pragma: no cover
        raise exc
    if exc.status_code == 400:  # Starlette could not parse the body (JSON or multipart form)
        return _body(422, ErrorBody(
            detail=f"the request body cannot be read ({exc.detail}); send JSON or a "
                   "multipart/form-data form as /api/v1/docs describes",
            detail_zh="无法读取请求体；请按 /api/v1/docs 的说明发送 JSON 或 multipart/form-data 表单",
            code="invalid_request"))
    code = "http_error"
    detail = str(exc.detail)
    zh = _HTTP_ZH.get(exc.status_code, detail)
    response = _body(exc.status_code, ErrorBody(detail=detail, detail_zh=zh, code=code))
    for name, value in (exc.headers or {}).items():
        response.headers[name] = value
    return response


def install_error_handlers(app: FastAPI) -> None:
    app.add_exception_handler(GreenmfgError, _greenmfg_error)
    app.add_exception_handler(RequestValidationError, _invalid_request)
    app.add_exception_handler(StarletteHTTPException, _http_error)
