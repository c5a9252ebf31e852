"""Users, passwords, API keys and web sessions: services that know nothing of HTTP.

Passwords are hashed with scrypt (RFC 7914, n=2**14, r=8, p=1) and a random salt. API keys and
session tokens are 256-bit random values, so a fast SHA-256 digest is enough to keep them useless
to someone who reads the database. Every change is an audit event.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from sqlmodel import Session, col, select

from models.auth import ApiKey, WebSession
from models.calls import User, utcnow

ROLES = ("platform", "qa_analyst", "coach", "compliance_officer", "admin")
KEY_PREFIX = "qae"
SESSION_HOURS = 8
_SCRYPT = {"n": 2**14, "r": 8, "p": 1, "dklen": 32}


# Bumped by every change to a user, key or session in this process, so callers that cache who a
# token belongs to (the API, for a few seconds) drop their cache at once.
generation = 0


def _changed() -> None:
    global generation
    generation += 1


class UserError(ValueError):
    """A refused change; the message is safe to show (no secrets, no PHI)."""


# ---------------------------------------------------------------- passwords


def hash_password(password: str) -> str:
    salt = secrets.token_bytes(16)
    digest = hashlib.scrypt(password.encode(), salt=salt, **_SCRYPT)
    return f"scrypt${_SCRYPT['n']}${_SCRYPT['r']}${_SCRYPT['p']}${salt.hex()}${digest.hex()}"


def verify_password(password: str, stored: str | None) -> bool:
    if not stored:
        # Spend the same time as a real check so a missing user is not told apart by timing.
        hashlib.scrypt(password.encode(), salt=b"0" * 16, **_SCRYPT)
        return False
    try:
        scheme, n, r, p, salt, digest = stored.split("$")
    except ValueError:
        return False
    if scheme != "scrypt":
        return False
    candidate = hashlib.scrypt(password.encode(), salt=bytes.fromhex(salt), n=int(n), r=int(r), p=int(p),
                               dklen=len(digest) // 2)
    return hmac.compare_digest(candidate.hex(), digest)


def _sha256(value: str) -> str:
    return hashlib.sha256(value.encode()).hexdigest()


# ---------------------------------------------------------------- users


def _audit(session: Session, *, org_id: str, actor: str, role: str, action: str, resource_type: str,
           resource_id: str | None, details: dict | None = None) -> None:
    from audits.chain import record_event

    record_event(session, org_id=org_id, actor=actor, role=role, action=action, resource_type=resource_type,
                 resource_id=resource_id, details=details)


def create_user(
    session: Session, *, org_id: str, username: str, role: str, password: str | None = None,
    team: str | None = None, display_name: str = "", actor: str = "system", actor_role: str = "system",
) -> User:
    from qa_engine.pipeline import ensure_org

    if role not in ROLES:
        raise UserError(f"unknown role {role!r}; roles: {', '.join(ROLES)}")
    username = username.strip()
    if not username or len(username) > 128:
        raise UserError("username must be 1-128 characters")
    if session.exec(select(User).where(User.username == username)).first() is not None:
        raise UserError("username already taken")
    if password is not None and len(password) < 8:
        raise UserError("password must be at least 8 characters")
    ensure_org(session, org_id)
    user = User(org_id=org_id, username=username, role=role, team=team, display_name=display_name,
                password_hash=hash_password(password) if password else None)
    session.add(user)
    session.flush()
    _audit(session, org_id=org_id, actor=actor, role=actor_role, action="user_change", resource_type="user",
           resource_id=str(user.id), details={"change": "created", "role": role})
    return user


def update_user(
    session: Session, user: User, *, role: str | None = None, team: str | None = None,
    active: bool | None = None, password: str | None = None, actor: str = "system", actor_role: str = "system",
) -> User:
    changes: dict[str, object] = {}
    if role is not None and role != user.role:
        if role not in ROLES:
            raise UserError(f"unknown role {role!r}; roles: {', '.join(ROLES)}")
        changes["role"] = {"from": user.role, "to": role}
        user.role = role
    if team is not None and team != user.team:
        changes["team"] = True
        user.team = team or None
    if active is not None and active != user.active:
        changes["active"] = active
        user.active = active
    if password is not None:
        if len(password) < 8:
            raise UserError("password must be at least 8 characters")
        user.password_hash = hash_password(password)
        changes["password"] = True
    session.add(user)
    _changed()
    if not user.active:
        revoke_user_sessions(session, user.id or 0)
    if changes:
        _audit(session, org_id=user.org_id, actor=actor, role=actor_role,
               action="role_change" if "role" in changes else "user_change", resource_type="user",
               resource_id=str(user.id), details={"changed": sorted(changes)})
    return user


def authenticate(session: Session, username: str, password: str) -> User | None:
    user = session.exec(select(User).where(User.username == username)).first()
    ok = verify_password(password, user.password_hash if user else None)
    return user if ok and user is not None and user.active else None


# ---------------------------------------------------------------- API keys


@dataclass(frozen=True)
class IssuedKey:
    key: ApiKey
    token: str  # shown once, never stored


def _new_token() -> tuple[str, str, str]:
    key_id = secrets.token_hex(6)
    secret = secrets.token_urlsafe(32)
    return key_id, secret, f"{KEY_PREFIX}_{key_id}_{secret}"


def create_api_key(
    session: Session, user: User, *, name: str = "", expires_days: int | None = None,
    actor: str = "system", actor_role: str = "system",
) -> IssuedKey:
    key_id, secret, token = _new_token()
    key = ApiKey(id=key_id, org_id=user.org_id, user_id=user.id or 0, name=name[:128], secret_sha256=_sha256(secret),
                 expires_at=utcnow() + timedelta(days=expires_days) if expires_days else None)
    session.add(key)
    session.flush()
    _audit(session, org_id=user.org_id, actor=actor, role=actor_role, action="api_key_change",
           resource_type="api_key", resource_id=key_id, details={"change": "created", "user_id": user.id})
    return IssuedKey(key, token)


def revoke_api_key(session: Session, key: ApiKey, *, actor: str = "system", actor_role: str = "system") -> ApiKey:
    if key.revoked_at is None:
        key.revoked_at = utcnow()
        session.add(key)
        _changed()
        _audit(session, org_id=key.org_id, actor=actor, role=actor_role, action="api_key_change",
               resource_type="api_key", resource_id=key.id, details={"change": "revoked"})
    return key


def rotate_api_key(
    session: Session, key: ApiKey, *, grace_hours: float = 0, actor: str = "system", actor_role: str = "system",
) -> IssuedKey:
    """A new key for the same user; the old one is revoked now, or expires after a grace period so a
    platform can switch over without downtime."""
    if key.revoked_at is not None:
        raise UserError("key is revoked")
    user = session.get(User, key.user_id)
    if user is None:
        raise UserError("key has no user")
    issued = create_api_key(session, user, name=key.name, actor=actor, actor_role=actor_role)
    key.replaced_by = issued.key.id
    _changed()
    if grace_hours > 0:
        until = utcnow() + timedelta(hours=grace_hours)
        key.expires_at = min(_aware(key.expires_at), until) if key.expires_at else until
    else:
        key.revoked_at = utcnow()
    session.add(key)
    _audit(session, org_id=key.org_id, actor=actor, role=actor_role, action="key_rotation",
           resource_type="api_key", resource_id=key.id, details={"replaced_by": issued.key.id})
    return issued


def _aware(ts: datetime | None) -> datetime:
    assert ts is not None
    return ts if ts.tzinfo else ts.replace(tzinfo=UTC)


def parse_token(token: str) -> tuple[str, str] | None:
    parts = token.split("_", 2)
    if len(parts) != 3 or parts[0] != KEY_PREFIX or not parts[1] or not parts[2]:
        return None
    return parts[1], parts[2]


def resolve_api_key(session: Session, token: str) -> tuple[ApiKey, User] | None:
    """The active key and its active user for a bearer token, or None."""
    parsed = parse_token(token)
    if parsed is None:
        return None
    key = session.get(ApiKey, parsed[0])
    if key is None or not hmac.compare_digest(key.secret_sha256, _sha256(parsed[1])):
        return None
    now = utcnow()
    if key.revoked_at is not None or (key.expires_at is not None and _aware(key.expires_at) <= now):
        return None
    user = session.get(User, key.user_id)
    if user is None or not user.active or user.org_id != key.org_id:
        return None
    return key, user


def list_api_keys(session: Session, org_id: str, user_id: int | None = None) -> list[ApiKey]:
    query = select(ApiKey).where(ApiKey.org_id == org_id).order_by(col(ApiKey.created_at))
    if user_id is not None:
        query = query.where(ApiKey.user_id == user_id)
    return list(session.exec(query))


# ---------------------------------------------------------------- web sessions


def create_web_session(session: Session, user: User, client_addr: str | None = None) -> tuple[str, WebSession]:
    """A new session; returns (token for the cookie, row). The token is not stored."""
    token = secrets.token_urlsafe(32)
    row = WebSession(id=_sha256(token), user_id=user.id or 0, org_id=user.org_id,
                     csrf_token=secrets.token_urlsafe(24), expires_at=utcnow() + timedelta(hours=SESSION_HOURS),
                     client_addr=client_addr)
    session.add(row)
    session.flush()
    return token, row


def resolve_web_session(session: Session, token: str) -> tuple[WebSession, User] | None:
    row = session.get(WebSession, _sha256(token))
    if row is None or row.revoked_at is not None or _aware(row.expires_at) <= utcnow():
        return None
    user = session.get(User, row.user_id)
    if user is None or not user.active:
        return None
    return row, user


def end_web_session(session: Session, token: str) -> None:
    row = session.get(WebSession, _sha256(token))
    if row is not None and row.revoked_at is None:
        row.revoked_at = utcnow()
        session.add(row)
        _changed()


def revoke_user_sessions(session: Session, user_id: int) -> None:
    for row in session.exec(select(WebSession).where(WebSession.user_id == user_id,
                                                     col(WebSession.revoked_at).is_(None))):
        row.revoked_at = utcnow()
        session.add(row)
