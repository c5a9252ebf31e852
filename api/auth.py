"""Who is calling: bearer API keys for the platform and scripts, signed session cookies for the web
pages (with CSRF protection), and the role checks every route declares.

Denials are audit events. The session cookie is ``<token>.<hmac>``: the HMAC (key derived from the
data key, so no extra secret to manage) rejects forged cookies without a database read, the token's
SHA-256 finds the ``WebSession`` row, so logout and expiry work server-side. Unsafe methods on a
cookie session need the CSRF token (header ``X-CSRF-Token`` or form field ``csrf_token``); bearer
keys are not sent by browsers on their own, so they need none.
"""

from __future__ import annotations

import hashlib
import hmac
import logging
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache

from fastapi import Depends, Request, Response
from fastapi.concurrency import run_in_threadpool
from fastapi.security import APIKeyCookie, HTTPAuthorizationCredentials, HTTPBearer

import models.auth  # noqa: F401  (registers the auth tables)
from api.problems import Problem
from qa_engine import db, users

log = logging.getLogger("api.auth")

SESSION_COOKIE = "qae_session"
CSRF_COOKIE = "qae_csrf"
CSRF_HEADER = "X-CSRF-Token"
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})
ROLES = users.ROLES

bearer_scheme = HTTPBearer(auto_error=False, description="API key: `Authorization: Bearer qae_<id>_<secret>`")
cookie_scheme = APIKeyCookie(name=SESSION_COOKIE, auto_error=False, description="Web session (after /v1/auth/login)")


@dataclass(frozen=True)
class Principal:
    user_id: int | None
    username: str
    org_id: str
    role: str
    team: str | None = None
    key_id: str | None = None
    via: str = "api_key"  # api_key | session
    client_addr: str | None = None
    csrf_token: str | None = None


@lru_cache(maxsize=4)
def _cookie_key(key_path: str) -> bytes:
    from qa_engine.storage import KeyRing

    ring = KeyRing.load()
    # A separate key derived for cookies: the data key itself never signs anything.
    return hmac.new(ring.keys[ring.active], b"qa-engine session cookie v1", hashlib.sha256).digest()


def cookie_key() -> bytes:
    from qa_engine.settings import get_settings

    settings = get_settings()
    return _cookie_key(str(settings.key_path) + (settings.data_key or ""))


def sign_cookie(token: str) -> str:
    return f"{token}.{hmac.new(cookie_key(), token.encode(), hashlib.sha256).hexdigest()}"


def set_session_cookies(response: Response, token: str, csrf_token: str, *, secure: bool) -> None:
    """The signed session cookie (HTTP only) and the CSRF cookie, readable by the page's script so it
    can echo it in ``X-CSRF-Token`` (double submit)."""
    from qa_engine.users import SESSION_HOURS

    response.set_cookie(SESSION_COOKIE, sign_cookie(token), max_age=SESSION_HOURS * 3600, httponly=True,
                        samesite="strict", secure=secure, path="/")
    response.set_cookie(CSRF_COOKIE, csrf_token, max_age=SESSION_HOURS * 3600, httponly=False, samesite="strict",
                        secure=secure, path="/")


def clear_session_cookies(response: Response) -> None:
    response.delete_cookie(SESSION_COOKIE, path="/")
    response.delete_cookie(CSRF_COOKIE, path="/")


def session_token(request: Request) -> str | None:
    """The session token of the request's (verified) session cookie, if any."""
    cookie = request.cookies.get(SESSION_COOKIE)
    return unsign_cookie(cookie) if cookie else None


def unsign_cookie(value: str) -> str | None:
    token, _, sig = value.rpartition(".")
    if not token or not sig:
        return None
    expected = hmac.new(cookie_key(), token.encode(), hashlib.sha256).hexdigest()
    return token if hmac.compare_digest(sig, expected) else None


def client_addr(request: Request) -> str | None:
    return request.client.host if request.client else None


def _unauthorized(detail: str) -> Problem:
    return Problem(401, detail, kind="unauthenticated", headers={"WWW-Authenticate": 'Bearer realm="qa-engine"'})


async def _csrf_ok(request: Request, expected: str) -> bool:
    sent = request.headers.get(CSRF_HEADER)
    if sent is None and request.headers.get("content-type", "").startswith(
            ("application/x-www-form-urlencoded", "multipart/form-data")):
        form = await request.form()  # cached on the request: the route still sees it
        value = form.get("csrf_token")
        sent = value if isinstance(value, str) else None
    return bool(sent) and hmac.compare_digest(sent, expected)


async def get_principal(
    request: Request,
    bearer: HTTPAuthorizationCredentials | None = Depends(bearer_scheme),
    cookie: str | None = Depends(cookie_scheme),
) -> Principal:
    """The authenticated caller, or 401. Cookie sessions must carry the CSRF token on unsafe methods."""
    cached = getattr(request.state, "principal", None)
    if cached is not None:
        return cached
    addr = client_addr(request)
    # Database work runs in the thread pool: blocking the event loop on a pooled connection while
    # other requests hold connections until their responses are sent would stall the server.
    if bearer is not None:
        principal = _cached_key(bearer.credentials, addr) or await run_in_threadpool(_from_key, bearer.credentials,
                                                                                      addr)
        if principal is None:
            await run_in_threadpool(_record_auth_failure, addr, "invalid_api_key")
            raise _unauthorized("the API key is invalid, expired or revoked")
    elif cookie:
        principal = await run_in_threadpool(_from_cookie, cookie, addr)
        if principal is None:
            raise _unauthorized("the session has expired; log in again")
        if request.method not in SAFE_METHODS and not await _csrf_ok(request, principal.csrf_token or ""):
            await run_in_threadpool(record_denied, principal, "csrf_token_missing_or_wrong", request)
            raise Problem(403, "missing or wrong CSRF token", kind="csrf")
    else:
        raise _unauthorized("send an API key as `Authorization: Bearer …` or log in")
    request.state.principal = principal
    return principal


# Who a bearer token belongs to, kept a few seconds: saves two reads per request. A change in this
# process (revocation, rotation, role change) clears it at once (``users.generation``); another
# process's change takes effect within KEY_CACHE_S.
KEY_CACHE_S = 5.0
_key_cache: dict[str, tuple[float, int, Principal]] = {}


def _cached_key(token: str, addr: str | None) -> Principal | None:
    """A cache hit without leaving the event loop (no database work)."""
    import dataclasses
    import time

    hit = _key_cache.get(hashlib.sha256(token.encode()).hexdigest())
    if hit is not None and hit[0] > time.monotonic() and hit[1] == users.generation:
        return dataclasses.replace(hit[2], client_addr=addr)
    return None


def _from_key(token: str, addr: str | None) -> Principal | None:
    import time

    cached = _cached_key(token, addr)
    if cached is not None:
        return cached
    digest = hashlib.sha256(token.encode()).hexdigest()
    now = time.monotonic()
    generation = users.generation
    with db.session_scope() as session:
        found = users.resolve_api_key(session, token)
        if found is None:
            _key_cache.pop(digest, None)
            return None
        key, user = found
        principal = Principal(user_id=user.id, username=user.username, org_id=user.org_id, role=user.role,
                              team=user.team, key_id=key.id, via="api_key", client_addr=addr)
    if len(_key_cache) > 10_000:
        _key_cache.clear()
    expires = now + KEY_CACHE_S
    if key.expires_at is not None:
        from datetime import UTC, datetime

        left = (key.expires_at.replace(tzinfo=key.expires_at.tzinfo or UTC) - datetime.now(UTC)).total_seconds()
        expires = min(expires, now + max(0.0, left))
    _key_cache[digest] = (expires, generation, principal)
    return principal


def _from_cookie(value: str, addr: str | None) -> Principal | None:
    token = unsign_cookie(value)
    if token is None:
        return None
    with db.session_scope() as session:
        found = users.resolve_web_session(session, token)
        if found is None:
            return None
        row, user = found
        return Principal(user_id=user.id, username=user.username, org_id=user.org_id, role=user.role,
                         team=user.team, via="session", client_addr=addr, csrf_token=row.csrf_token)


def _record_auth_failure(addr: str | None, reason: str) -> None:
    from audits.chain import record_event

    try:
        with db.session_scope() as session:
            record_event(session, org_id=None, actor="anonymous", role="none", action="login_failed",
                         resource_type="api", client_addr=addr, outcome="denied", details={"reason": reason})
    except Exception as exc:  # the 401 must still be answered
        log.error("could not record an authentication failure (%s)", type(exc).__name__)


def record_denied(principal: Principal, reason: str, request: Request, resource_id: str | None = None) -> None:
    from audits.chain import record_event

    route = request.scope.get("route")
    with db.session_scope() as session:
        record_event(session, org_id=principal.org_id, actor=principal.username, role=principal.role,
                     action="denied", resource_type="api", resource_id=resource_id,
                     outcome="denied", client_addr=principal.client_addr,
                     details={"reason": reason, "method": request.method,
                              "route": getattr(route, "path", "")})


def require_roles(*roles: str) -> Callable[..., Principal]:
    """A dependency: the caller, if their role is one of ``roles``; otherwise 403 and a denial event."""
    unknown = set(roles) - set(ROLES)
    if unknown:
        raise ValueError(f"unknown roles {sorted(unknown)}")
    allowed = frozenset(roles)

    async def dependency(request: Request, principal: Principal = Depends(get_principal)) -> Principal:
        if principal.role not in allowed:
            await run_in_threadpool(record_denied, principal, "role_not_allowed", request)
            raise Problem(403, f"the {principal.role} role may not do this", kind="forbidden")
        return principal

    dependency.__name__ = f"require_{'_or_'.join(sorted(allowed))}"
    return dependency


ALL_ROLES = ROLES
