"""Errors as RFC 9457 problem details (``application/problem+json``), never with PHI in them.

Routes raise ``Problem``; validation errors and anything unexpected are turned into problems here.
Validation problems name the location of each error and the error kind, never the value sent (it
could be PHI).
"""

from __future__ import annotations

import logging
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from pydantic import BaseModel, Field
from starlette.exceptions import HTTPException as StarletteHTTPException

from qa_engine.errors import Conflict, DomainError, InvalidInput, NotFound

log = logging.getLogger("api")

PROBLEM_TYPE = "application/problem+json"
TYPE_BASE = "https://qa-engine.dev/problems/"
TITLES = {
    400: "Bad request", 401: "Authentication required", 403: "Forbidden", 404: "Not found",
    405: "Method not allowed", 409: "Conflict", 413: "Content too large", 415: "Unsupported media type",
    416: "Range not satisfiable", 422: "Invalid request", 429: "Too many requests",
    500: "Internal error", 503: "Service unavailable",
}


class ProblemError(BaseModel):
    loc: list[str | int] = Field(description="Where the error is: body, query, header or path, then field names.")
    type: str
    msg: str


class ProblemModel(BaseModel):
    """RFC 9457 problem details."""

    type: str = "about:blank"
    title: str
    status: int
    detail: str | None = None
    instance: str | None = None
    errors: list[ProblemError] | None = None


class Problem(Exception):
    def __init__(self, status: int, detail: str | None = None, *, title: str | None = None,
                 kind: str | None = None, headers: dict[str, str] | None = None,
                 errors: list[dict[str, Any]] | None = None) -> None:
        super().__init__(detail or title or str(status))
        self.status = status
        self.title = title or TITLES.get(status, "Error")
        self.detail = detail
        self.kind = kind
        self.headers = headers or {}
        self.errors = errors


def problem_response(problem: Problem, request: Request | None = None) -> JSONResponse:
    body: dict[str, Any] = {
        "type": TYPE_BASE + problem.kind if problem.kind else "about:blank",
        "title": problem.title, "status": problem.status,
    }
    if problem.detail:
        body["detail"] = problem.detail
    if request is not None:
        body["instance"] = request.url.path
    if problem.errors:
        body["errors"] = problem.errors
    return JSONResponse(body, status_code=problem.status, headers=problem.headers, media_type=PROBLEM_TYPE)


DOMAIN_STATUS: tuple[tuple[type[DomainError], int], ...] = ((NotFound, 404), (InvalidInput, 422), (Conflict, 409))


def from_domain(exc: DomainError) -> Problem:
    """A service's domain error as the problem it answers (its message is safe to show)."""
    status = next((code for kind, code in DOMAIN_STATUS if isinstance(exc, kind)), 400)
    return Problem(status, exc.message, kind=exc.kind)


def _safe_msg(error: dict[str, Any]) -> str:
    # pydantic messages sometimes quote the input ("Input should be 'a' or 'b'" is fine, but
    # "Value error, <input>" may carry a value): keep the fixed part only.
    msg = str(error.get("msg", "invalid"))
    return msg.split(",", 1)[0] if msg.startswith("Value error") else msg[:200]


def install(app: FastAPI) -> None:
    @app.exception_handler(Problem)
    async def _problem(request: Request, exc: Problem) -> JSONResponse:
        return problem_response(exc, request)

    @app.exception_handler(RequestValidationError)
    async def _validation(request: Request, exc: RequestValidationError) -> JSONResponse:
        errors = [{"loc": [str(p) if not isinstance(p, int) else p for p in e.get("loc", ())],
                   "type": str(e.get("type", "invalid")), "msg": _safe_msg(e)} for e in exc.errors()]
        where = ", ".join(".".join(str(p) for p in e["loc"]) for e in errors[:5])
        return problem_response(Problem(422, f"invalid input at {where}" if where else None,
                                        kind="validation", errors=errors), request)

    @app.exception_handler(StarletteHTTPException)
    async def _http(request: Request, exc: StarletteHTTPException) -> JSONResponse:
        detail = exc.detail if isinstance(exc.detail, str) and exc.status_code != 500 else None
        return problem_response(Problem(exc.status_code, detail, headers=dict(exc.headers or {})), request)

    @app.exception_handler(DomainError)
    async def _domain(request: Request, exc: DomainError) -> JSONResponse:
        return problem_response(from_domain(exc), request)

    from audits.chain import AuditError

    @app.exception_handler(AuditError)
    async def _audit(request: Request, exc: AuditError) -> JSONResponse:
        # Refused by the audit log (a control character, an over-long field): the message names the
        # field, never its value.
        return problem_response(Problem(422, str(exc), kind="validation"), request)

    @app.exception_handler(Exception)
    async def _unexpected(request: Request, exc: Exception) -> JSONResponse:
        # The exception text may hold data; only its type goes to the log.
        log.error("unhandled %s on %s %s", type(exc).__name__, request.method, request.scope.get("route_path",
                  request.url.path))
        return problem_response(Problem(500, "an internal error occurred; it has been logged"), request)


def responses(*codes: int) -> dict[int | str, dict[str, Any]]:
    """OpenAPI ``responses=`` entries for the problems a route can answer."""
    return {code: {"model": ProblemModel, "description": TITLES.get(code, "Error"),
                   "content": {PROBLEM_TYPE: {"schema": {"$ref": "#/components/schemas/ProblemModel"}}}}
            for code in codes}
