"""Log in and out (web pages), and who am I."""

from __future__ import annotations

from fastapi import APIRouter, Depends, Request, Response
from sqlmodel import Session

from api.auth import (
    Principal,
    clear_session_cookies,
    client_addr,
    get_principal,
    session_token,
    set_session_cookies,
)
from api.deps import get_session
from api.problems import Problem, responses
from api.schemas import LoginIn, Me
from qa_engine import logins

router = APIRouter(prefix="/v1", tags=["auth"])


def me_of(principal: Principal) -> Me:
    return Me(user_id=principal.user_id, username=principal.username, org_id=principal.org_id,
              role=principal.role, team=principal.team, via=principal.via,
              csrf_token=principal.csrf_token)


@router.post("/auth/login", response_model=Me, responses=responses(401, 422),
             summary="Log in with a password: sets the session cookie and the CSRF cookie")
def login(body: LoginIn, request: Request, response: Response, session: Session = Depends(get_session)) -> Me:
    done = logins.log_in(session, body.username, body.password, client_addr(request))
    if done is None:
        raise Problem(401, "wrong username or password", kind="login-failed")
    set_session_cookies(response, done.token, done.csrf_token, secure=request.url.scheme == "https")
    user = done.user
    return Me(user_id=user.id, username=user.username, org_id=user.org_id, role=user.role, team=user.team,
              via="session", csrf_token=done.csrf_token)


@router.post("/auth/logout", status_code=204, response_class=Response, responses=responses(401, 403),
             summary="End the web session")
def logout(request: Request, principal: Principal = Depends(get_principal),
           session: Session = Depends(get_session)) -> Response:
    logins.log_out(session, principal, session_token(request))
    response = Response(status_code=204)
    clear_session_cookies(response)
    return response


@router.get("/me", response_model=Me, responses=responses(401), summary="The caller: user, organization, role")
def me(principal: Principal = Depends(get_principal)) -> Me:
    return me_of(principal)
