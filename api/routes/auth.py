"""Log in and out (web pages), and who am I."""

from __future__ import annotations

from fastapi import APIRouter, Depends, Request, Response
from sqlmodel import Session

from api.auth import CSRF_COOKIE, SESSION_COOKIE, Principal, client_addr, get_principal, sign_cookie, unsign_cookie
from api.deps import get_session
from api.problems import Problem, responses
from api.schemas import LoginIn, Me
from qa_engine import users
from qa_engine.users import SESSION_HOURS

router = APIRouter(prefix="/v1", tags=["auth"])


def me_of(principal: Principal) -> Me:
    return Me(user_id=principal.user_id, username=principal.username, org_id=principal.org_id,
              role=principal.role, team=principal.team, via=principal.via,
              csrf_token=principal.csrf_token)


@router.post("/auth/login", response_model=Me, responses=responses(401, 422),
             summary="Log in with a password: sets the session cookie and the CSRF cookie")
def login(body: LoginIn, request: Request, response: Response, session: Session = Depends(get_session)) -> Me:
    from audits.chain import record_event

    addr = client_addr(request)
    user = users.authenticate(session, body.username, body.password)
    if user is None:
        # The username may be mistyped PHI-free text; it is not logged, only the failure.
        record_event(session, org_id=None, actor="anonymous", role="none", action="login_failed",
                     resource_type="session", outcome="denied", client_addr=addr)
        session.commit()
        raise Problem(401, "wrong username or password", kind="login-failed")
    token, row = users.create_web_session(session, user, addr)
    record_event(session, org_id=user.org_id, actor=user.username, role=user.role, action="login",
                 resource_type="session", client_addr=addr)
    secure = request.url.scheme == "https"
    response.set_cookie(SESSION_COOKIE, sign_cookie(token), max_age=SESSION_HOURS * 3600, httponly=True,
                        samesite="strict", secure=secure, path="/")
    # Readable by the page's script so it can echo it in X-CSRF-Token (double submit).
    response.set_cookie(CSRF_COOKIE, row.csrf_token, max_age=SESSION_HOURS * 3600, httponly=False,
                        samesite="strict", secure=secure, path="/")
    return Me(user_id=user.id, username=user.username, org_id=user.org_id, role=user.role, team=user.team,
              via="session", csrf_token=row.csrf_token)


@router.post("/auth/logout", status_code=204, response_class=Response, responses=responses(401, 403),
             summary="End the web session")
def logout(request: Request, principal: Principal = Depends(get_principal),
           session: Session = Depends(get_session)) -> Response:
    from audits.chain import record_event

    cookie = request.cookies.get(SESSION_COOKIE)
    token = unsign_cookie(cookie) if cookie else None
    if token:
        users.end_web_session(session, token)
    record_event(session, org_id=principal.org_id, actor=principal.username, role=principal.role,
                 action="logout", resource_type="session", client_addr=principal.client_addr)
    response = Response(status_code=204)
    response.delete_cookie(SESSION_COOKIE, path="/")
    response.delete_cookie(CSRF_COOKIE, path="/")
    return response


@router.get("/me", response_model=Me, responses=responses(401), summary="The caller: user, organization, role")
def me(principal: Principal = Depends(get_principal)) -> Me:
    return me_of(principal)
