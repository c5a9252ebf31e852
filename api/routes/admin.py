"""Administration: users, roles, API keys (create, rotate, revoke) and retention settings."""

from __future__ import annotations

from fastapi import APIRouter, Depends, Query, Request, Response
from sqlmodel import Session, col, select

from api.auth import Principal, get_principal, record_denied, require_roles
from api.deps import RowId, get_session, get_store, load_owned, not_found
from api.problems import Problem, responses
from api.schemas import (
    ApiKeyIn,
    ApiKeyOut,
    IssuedKeyOut,
    PurgeOut,
    RetentionIn,
    RetentionOut,
    RotateIn,
    UserIn,
    UserOut,
    UserPatch,
)
from models.auth import ApiKey
from models.calls import Organization, User
from qa_engine import users
from qa_engine.storage import BlobStore

router = APIRouter(prefix="/v1", tags=["admin"])
admin_only = require_roles("admin")


def user_out(user: User) -> UserOut:
    return UserOut(id=user.id or 0, username=user.username, org_id=user.org_id, role=user.role, team=user.team,
                   display_name=user.display_name, active=user.active, created_at=user.created_at)


def key_out(key: ApiKey) -> ApiKeyOut:
    return ApiKeyOut(id=key.id, user_id=key.user_id, name=key.name, created_at=key.created_at,
                     expires_at=key.expires_at, revoked_at=key.revoked_at, replaced_by=key.replaced_by)


def _user(session: Session, principal: Principal, user_id: int) -> User:
    return load_owned(session, principal, User, user_id, "user")  # type: ignore[return-value]


def _key(session: Session, principal: Principal, key_id: str) -> ApiKey:
    return load_owned(session, principal, ApiKey, key_id, "API key")  # type: ignore[return-value]


@router.get("/users", response_model=list[UserOut], responses=responses(401, 403), summary="Users of the organization")
def list_users(principal: Principal = Depends(admin_only), session: Session = Depends(get_session)) -> list[UserOut]:
    rows = session.exec(select(User).where(User.org_id == principal.org_id).order_by(col(User.id)))
    return [user_out(u) for u in rows]


@router.post("/users", status_code=201, response_model=UserOut, responses=responses(401, 403, 409, 422),
             summary="Create a user in the caller's organization")
def create_user(body: UserIn, principal: Principal = Depends(admin_only),
                session: Session = Depends(get_session)) -> UserOut:
    try:
        user = users.create_user(session, org_id=principal.org_id, username=body.username, role=body.role,
                                 password=body.password, team=body.team, display_name=body.display_name,
                                 actor=principal.username, actor_role=principal.role)
    except users.UserError as exc:
        raise Problem(409 if "taken" in str(exc) else 422, str(exc), kind="user") from None
    return user_out(user)


@router.patch("/users/{user_id}", response_model=UserOut, responses=responses(401, 403, 404, 422),
              summary="Change a user's role, team, password or deactivate them")
def update_user(user_id: RowId, body: UserPatch, principal: Principal = Depends(admin_only),
                session: Session = Depends(get_session)) -> UserOut:
    user = _user(session, principal, user_id)
    if user.id == principal.user_id and (body.active is False or (body.role and body.role != "admin")):
        raise Problem(422, "an administrator cannot demote or deactivate themselves", kind="user")
    try:
        users.update_user(session, user, role=body.role, team=body.team, active=body.active,
                          password=body.password, actor=principal.username, actor_role=principal.role)
    except users.UserError as exc:
        raise Problem(422, str(exc), kind="user") from None
    return user_out(user)


@router.get("/api-keys", response_model=list[ApiKeyOut], responses=responses(401, 403),
            summary="API keys of the organization (never the secrets)")
def list_keys(principal: Principal = Depends(admin_only), session: Session = Depends(get_session)) -> list[ApiKeyOut]:
    return [key_out(k) for k in users.list_api_keys(session, principal.org_id)]


@router.post("/users/{user_id}/api-keys", status_code=201, response_model=IssuedKeyOut,
             responses=responses(401, 403, 404, 422), summary="Issue an API key for a user (shown once)")
def create_key(user_id: RowId, body: ApiKeyIn, principal: Principal = Depends(admin_only),
               session: Session = Depends(get_session)) -> IssuedKeyOut:
    user = _user(session, principal, user_id)
    issued = users.create_api_key(session, user, name=body.name, expires_days=body.expires_days,
                                  actor=principal.username, actor_role=principal.role)
    return IssuedKeyOut(**key_out(issued.key).model_dump(), token=issued.token)


@router.post("/api-keys/{key_id}/rotate", status_code=201, response_model=IssuedKeyOut,
             responses=responses(401, 403, 404, 409, 422),
             summary="Replace a key: the old one is revoked now or after a grace period")
def rotate_key(key_id: str, body: RotateIn, request: Request, principal: Principal = Depends(get_principal),
               session: Session = Depends(get_session)) -> IssuedKeyOut:
    key = _key(session, principal, key_id)
    # Admins rotate any key; anyone may rotate the key they are calling with.
    if principal.role != "admin" and key.id != principal.key_id:
        record_denied(principal, "not_own_key", request, key.id)
        raise Problem(403, f"the {principal.role} role may rotate only the key it calls with", kind="forbidden")
    try:
        issued = users.rotate_api_key(session, key, grace_hours=body.grace_hours, actor=principal.username,
                                      actor_role=principal.role)
    except users.UserError as exc:
        raise Problem(409, str(exc), kind="key") from None
    return IssuedKeyOut(**key_out(issued.key).model_dump(), token=issued.token)


@router.delete("/api-keys/{key_id}", status_code=204, response_class=Response,
               responses=responses(401, 403, 404), summary="Revoke a key at once")
def revoke_key(key_id: str, principal: Principal = Depends(admin_only),
               session: Session = Depends(get_session)) -> Response:
    users.revoke_api_key(session, _key(session, principal, key_id), actor=principal.username,
                         actor_role=principal.role)
    return Response(status_code=204)


@router.get("/org/retention", response_model=RetentionOut, responses=responses(401, 403, 404),
            summary="The organization's retention settings in force")
def get_retention(principal: Principal = Depends(require_roles("admin", "compliance_officer")),
                  session: Session = Depends(get_session)) -> RetentionOut:
    from qa_engine.retention import retention_policy

    org = session.get(Organization, principal.org_id)
    if org is None:
        raise not_found("organization")
    return RetentionOut(**retention_policy(org))


@router.put("/org/retention", response_model=RetentionOut, responses=responses(401, 403, 404, 422),
            summary="Set how long raw audio is kept (audit records are always kept six years)")
def set_retention(body: RetentionIn, principal: Principal = Depends(admin_only),
                  session: Session = Depends(get_session)) -> RetentionOut:
    from audits.chain import record_event
    from qa_engine.retention import retention_policy

    org = session.get(Organization, principal.org_id)
    if org is None:
        raise not_found("organization")
    settings = dict(org.settings or {})
    before = settings.get("retention_days")
    settings["retention_days"] = body.raw_audio_days
    org.settings = settings
    session.add(org)
    record_event(session, org_id=org.id, actor=principal.username, role=principal.role,
                 action="retention_change", resource_type="organization", resource_id=org.id,
                 client_addr=principal.client_addr, details={"from": before, "to": body.raw_audio_days})
    return RetentionOut(**retention_policy(org))


@router.post("/org/retention/purge", response_model=PurgeOut, responses=responses(401, 403),
             summary="Destroy raw audio older than the retention period now (each purge is audited)")
def purge(dry_run: bool = Query(default=False, description="Only list what would be destroyed."),
          principal: Principal = Depends(admin_only), session: Session = Depends(get_session),
          store: BlobStore = Depends(get_store)) -> PurgeOut:
    from qa_engine.retention import purge_expired_audio

    result = purge_expired_audio(session, store=store, org_id=principal.org_id, actor=principal.username,
                                 role=principal.role, dry_run=dry_run)
    return PurgeOut(dry_run=dry_run, purged=len(result.purged), call_ids=list(result.purged),
                    blobs_missing=len(result.blobs_missing))
