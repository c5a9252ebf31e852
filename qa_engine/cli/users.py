"""``qa-engine users``: create users, change roles, issue, rotate and revoke API keys.

    qa-engine users add USERNAME --org ORG --role ROLE [--team T] [--password]   (prompts for a password)
    qa-engine users list [--org ORG]
    qa-engine users role USERNAME ROLE
    qa-engine users deactivate USERNAME
    qa-engine users key USERNAME [--name N] [--expires-days D]    prints the key once
    qa-engine users keys [--org ORG]
    qa-engine users rotate-key KEY_ID [--grace-hours H]           prints the new key once
    qa-engine users revoke-key KEY_ID

Every change is an audit event with the actor ``cli:<OS user>``. Exit 2 on bad input.
"""

from __future__ import annotations

import getpass
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Annotated

import typer
from rich.table import Table

from qa_engine.cli.common import err, fail
from qa_engine.cli.common import out as console

users_app = typer.Typer(no_args_is_help=True, add_completion=False,
                        help="Users, roles and API keys (platform keys included).")


def _actor() -> str:
    try:
        return f"cli:{getpass.getuser()}"[:128]
    except Exception:  # no login name in some containers
        return "cli"


@contextmanager
def _session() -> Iterator[object]:
    import models.auth  # noqa: F401
    from audits.signing import set_key_path
    from qa_engine import db
    from qa_engine.settings import get_settings
    from qa_engine.users import UserError

    set_key_path(lambda: get_settings().signing_key_path)
    try:
        with db.session_scope() as session:
            yield session
    except UserError as exc:
        fail(str(exc))


def _user(session: object, username: str) -> object:
    from sqlmodel import select

    from models.calls import User

    user = session.exec(select(User).where(User.username == username)).first()  # type: ignore[attr-defined]
    if user is None:
        fail(f"no user {username!r}")
    return user


@users_app.command("add")
def add(
    username: Annotated[str, typer.Argument(help="Login name.")],
    org: Annotated[str, typer.Option(help="Organization id.")],
    role: Annotated[str, typer.Option(help="platform | qa_analyst | coach | compliance_officer | admin")],
    team: Annotated[str | None, typer.Option(help="Team (coaches see their team's agents).")] = None,
    password: Annotated[bool, typer.Option("--password", help="Prompt for a password (web login).")] = False,
) -> None:
    """Create a user."""
    from qa_engine import users

    secret = typer.prompt("password", hide_input=True, confirmation_prompt=True) if password else None
    with _session() as session:
        user = users.create_user(session, org_id=org, username=username, role=role, password=secret, team=team,
                                 actor=_actor(), actor_role="system")
        console.print(f"created user {user.username} (id {user.id}, {user.role}, org {user.org_id})", highlight=False)


@users_app.command("list")
def list_users(org: Annotated[str | None, typer.Option(help="Only this organization.")] = None) -> None:
    """List users."""
    from sqlmodel import col, select

    from models.calls import User

    with _session() as session:
        query = select(User).order_by(col(User.org_id), col(User.username))
        if org:
            query = query.where(User.org_id == org)
        table = Table("id", "username", "org", "role", "team", "active")
        for u in session.exec(query):  # type: ignore[attr-defined]
            table.add_row(str(u.id), u.username, u.org_id, u.role, u.team or "", "yes" if u.active else "no")
        console.print(table)


@users_app.command("role")
def set_role(username: str, role: str) -> None:
    """Change a user's role."""
    from qa_engine import users

    with _session() as session:
        users.update_user(session, _user(session, username), role=role, actor=_actor(),  # type: ignore[arg-type]
                          actor_role="system")
        console.print(f"{username} is now {role}", highlight=False)


@users_app.command("deactivate")
def deactivate(username: str) -> None:
    """Deactivate a user: their keys and sessions stop working."""
    from qa_engine import users

    with _session() as session:
        users.update_user(session, _user(session, username), active=False, actor=_actor(),  # type: ignore[arg-type]
                          actor_role="system")
        console.print(f"{username} deactivated", highlight=False)


@users_app.command("key")
def issue_key(
    username: str,
    name: Annotated[str, typer.Option(help="A label for the key.")] = "",
    expires_days: Annotated[int | None, typer.Option(help="Expire after this many days.")] = None,
) -> None:
    """Issue an API key for a user; the key is printed once and never stored."""
    from qa_engine import users

    with _session() as session:
        issued = users.create_api_key(session, _user(session, username), name=name,  # type: ignore[arg-type]
                                      expires_days=expires_days, actor=_actor(), actor_role="system")
        err.print(f"key {issued.key.id} for {username} (shown once):", highlight=False)
        print(issued.token)


@users_app.command("keys")
def list_keys(org: Annotated[str | None, typer.Option(help="Only this organization.")] = None) -> None:
    """List API keys (never the secrets)."""
    from sqlmodel import col, select

    from models.auth import ApiKey

    with _session() as session:
        query = select(ApiKey).order_by(col(ApiKey.created_at))
        if org:
            query = query.where(ApiKey.org_id == org)
        table = Table("id", "org", "user", "name", "created", "expires", "revoked")
        for k in session.exec(query):  # type: ignore[attr-defined]
            table.add_row(k.id, k.org_id, str(k.user_id), k.name, f"{k.created_at:%Y-%m-%d %H:%M}",
                          f"{k.expires_at:%Y-%m-%d %H:%M}" if k.expires_at else "",
                          f"{k.revoked_at:%Y-%m-%d %H:%M}" if k.revoked_at else "")
        console.print(table)


def _key(session: object, key_id: str) -> object:
    from models.auth import ApiKey

    key = session.get(ApiKey, key_id)  # type: ignore[attr-defined]
    if key is None:
        fail(f"no API key {key_id!r}")
    return key


@users_app.command("rotate-key")
def rotate_key(
    key_id: str,
    grace_hours: Annotated[float, typer.Option(help="Keep the old key valid this long.")] = 0.0,
) -> None:
    """Replace a key; the new one is printed once."""
    from qa_engine import users

    with _session() as session:
        issued = users.rotate_api_key(session, _key(session, key_id), grace_hours=grace_hours,  # type: ignore[arg-type]
                                      actor=_actor(), actor_role="system")
        err.print(f"key {key_id} replaced by {issued.key.id} (shown once):", highlight=False)
        print(issued.token)


@users_app.command("revoke-key")
def revoke_key(key_id: str) -> None:
    """Revoke a key at once."""
    from qa_engine import users

    with _session() as session:
        users.revoke_api_key(session, _key(session, key_id), actor=_actor(), actor_role="system")  # type: ignore[arg-type]
        console.print(f"key {key_id} revoked", highlight=False)
