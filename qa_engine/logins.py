"""Password log-in and log-out of people (web sessions), each an audit event.

The REST API's ``/v1/auth/login`` and the login page both call these. A failed attempt is recorded
without the username typed (it may be mistyped free text); nothing here knows about cookies.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlmodel import Session

from models.calls import User
from qa_engine import users
from qa_engine.phi_access import Accessor


@dataclass(frozen=True)
class Login:
    user: User
    token: str  # goes into the signed session cookie; only its digest is stored
    csrf_token: str


def log_in(session: Session, username: str, password: str, client_addr: str | None) -> Login | None:
    """A new web session for the user, or None (wrong username or password, inactive user). Both are
    audit events, committed before the caller answers."""
    from audits.chain import record_event

    user = users.authenticate(session, username, password) if username and password else None
    if user is None:
        record_event(session, org_id=None, actor="anonymous", role="none", action="login_failed",
                     resource_type="session", outcome="denied", client_addr=client_addr)
        session.commit()
        return None
    token, row = users.create_web_session(session, user, client_addr)
    record_event(session, org_id=user.org_id, actor=user.username, role=user.role, action="login",
                 resource_type="session", client_addr=client_addr)
    session.commit()
    return Login(user=user, token=token, csrf_token=row.csrf_token)


def log_out(session: Session, actor: Accessor, token: str | None) -> None:
    """End the web session (if the token names one) and record the logout."""
    from audits.chain import record_event

    if token:
        users.end_web_session(session, token)
    record_event(session, org_id=actor.org_id, actor=actor.username, role=actor.role, action="logout",
                 resource_type="session", client_addr=getattr(actor, "client_addr", None))
