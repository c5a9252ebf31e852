"""Rubrics: the shipped library plus the organization's own versions; edits make new versions."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Depends, Query, Request
from sqlalchemy import func
from sqlmodel import Session, col, select

from api.auth import Principal, require_roles
from api.deps import get_session, not_found
from api.problems import Problem, responses
from api.schemas import RubricDetail, RubricOut
from models.scoring import RubricVersion

router = APIRouter(prefix="/v1", tags=["rubrics"])
READERS = ("qa_analyst", "coach", "compliance_officer", "admin", "platform")
YAML_BODY = {
    "required": True,
    "content": {
        "application/yaml": {"schema": {"type": "string"}, "example": "id: scheduling\nname: ..."},
        "application/json": {"schema": {"type": "object", "required": ["yaml"],
                                        "properties": {"yaml": {"type": "string"}}}},
    },
}


def _out(rubric: Any, source: str, yaml_text: str | None = None) -> RubricDetail | RubricOut:
    fields = dict(id=rubric.id, version=rubric.version, name=rubric.name, call_types=list(rubric.call_types),
                  source=source)
    return RubricDetail(**fields, yaml=yaml_text) if yaml_text is not None else RubricOut(**fields)


def _org_versions(session: Session, org_id: str, rubric_id: str | None = None) -> list[RubricVersion]:
    query = select(RubricVersion).where(RubricVersion.org_id == org_id)
    if rubric_id:
        query = query.where(RubricVersion.rubric_id == rubric_id)
    return list(session.exec(query.order_by(col(RubricVersion.rubric_id), col(RubricVersion.version))))


@router.get("/rubrics", response_model=list[RubricOut], responses=responses(401, 403),
            summary="Rubrics in force: the organization's latest version of each, else the library's")
def list_rubrics(principal: Principal = Depends(require_roles(*READERS)),
                 session: Session = Depends(get_session)) -> list[RubricOut]:
    from rubrics.schema import list_rubrics as library
    from rubrics.schema import parse_rubric_yaml

    latest: dict[str, RubricOut] = {r.id: _out(r, "library") for r in library()}  # type: ignore[misc]
    for row in _org_versions(session, principal.org_id):
        if row.rubric_id not in latest or row.version >= latest[row.rubric_id].version:
            latest[row.rubric_id] = _out(parse_rubric_yaml(row.yaml_text).model_copy(
                update={"version": row.version}), "organization")  # type: ignore[assignment]
    return sorted(latest.values(), key=lambda r: r.id)


def _find(session: Session, org_id: str, rubric_id: str, version: int | None) -> tuple[Any, str, str]:
    from rubrics.schema import load_rubric, parse_rubric_yaml

    rows = [r for r in _org_versions(session, org_id, rubric_id) if version is None or r.version == version]
    try:
        lib = load_rubric(rubric_id, version)
    except KeyError:
        lib = None
    if rows and (lib is None or rows[-1].version >= lib.version):
        row = rows[-1]
        return parse_rubric_yaml(row.yaml_text).model_copy(update={"version": row.version}), "organization", \
            row.yaml_text
    if lib is None:
        raise not_found("rubric")
    return lib, "library", lib.to_yaml()


@router.get("/rubrics/{rubric_id}", response_model=RubricDetail, responses=responses(401, 403, 404),
            summary="One rubric (latest version unless one is named), with its YAML")
def get_rubric(rubric_id: str, version: int | None = Query(default=None, ge=1, le=100000),
               principal: Principal = Depends(require_roles(*READERS)),
               session: Session = Depends(get_session)) -> RubricDetail:
    rubric, source, text = _find(session, principal.org_id, rubric_id, version)
    return _out(rubric, source, text)  # type: ignore[return-value]


async def _yaml_text(request: Request) -> str:
    ctype = request.headers.get("content-type", "").split(";")[0].strip().lower()
    body = await request.body()
    if len(body) > 512 * 1024:
        raise Problem(413, "rubric YAML is larger than 512 KiB", kind="too-large")
    if ctype == "application/json":
        import json

        try:
            data = json.loads(body)
        except ValueError:
            raise Problem(422, "body is not valid JSON", kind="validation") from None
        if not isinstance(data, dict) or not isinstance(data.get("yaml"), str):
            raise Problem(422, "JSON body needs a `yaml` string", kind="validation")
        return data["yaml"]
    if ctype in ("application/yaml", "application/x-yaml", "text/yaml", "text/plain"):
        try:
            return body.decode()
        except UnicodeDecodeError:
            raise Problem(422, "rubric YAML must be UTF-8", kind="validation") from None
    raise Problem(415, "send application/yaml or JSON {\"yaml\": ...}", kind="unsupported-media")


def _invalid(exc: Any) -> Problem:
    errors = [{"loc": [p.loc or "<document>"], "type": "rubric", "msg": p.message, "line": p.line,
               "column": p.column} for p in exc.problems]
    return Problem(422, f"the rubric has {len(errors)} problem(s)", title="Invalid rubric", kind="invalid-rubric",
                   errors=errors)


@router.post("/rubrics/validate", response_model=RubricOut, openapi_extra={"requestBody": YAML_BODY},
             responses=responses(401, 403, 413, 415, 422), summary="Validate rubric YAML without saving it")
async def validate_rubric(request: Request,
                          principal: Principal = Depends(require_roles("admin", "qa_analyst"))) -> RubricOut:
    from rubrics.schema import RubricValidationError, parse_rubric_yaml

    try:
        rubric = parse_rubric_yaml(await _yaml_text(request))
    except RubricValidationError as exc:
        raise _invalid(exc) from None
    return _out(rubric, "organization")  # type: ignore[return-value]


@router.post("/rubrics/{rubric_id}/versions", status_code=201, response_model=RubricDetail,
             openapi_extra={"requestBody": YAML_BODY}, responses=responses(401, 403, 404, 413, 415, 422),
             summary="Save an edited rubric as the organization's next version (validated)")
async def create_version(rubric_id: str, request: Request,
                         principal: Principal = Depends(require_roles("admin"))) -> RubricDetail:
    import anyio

    text = await _yaml_text(request)
    return await anyio.to_thread.run_sync(_save_version, rubric_id, text, principal)


def _save_version(rubric_id: str, text: str, principal: Principal) -> RubricDetail:
    from audits.chain import record_event
    from qa_engine import db
    from rubrics.schema import Problem as RubricProblem
    from rubrics.schema import RubricValidationError, load_rubric, parse_rubric_yaml

    try:
        edited = parse_rubric_yaml(text)
        if edited.id != rubric_id:
            raise RubricValidationError([RubricProblem("id", f"an edit keeps the rubric id {rubric_id!r}")])
    except RubricValidationError as exc:
        raise _invalid(exc) from None
    with db.session_scope() as session:
        try:
            base = load_rubric(rubric_id).version
        except KeyError:
            base = 0
        org_max = session.exec(select(func.max(RubricVersion.version)).where(
            RubricVersion.org_id == principal.org_id, RubricVersion.rubric_id == rubric_id)).one() or 0
        version = max(base, org_max) + 1
        rubric = edited.model_copy(update={"version": version})
        yaml_text = rubric.to_yaml()
        session.add(RubricVersion(org_id=principal.org_id, rubric_id=rubric_id, version=version,
                                  name=rubric.name, yaml_text=yaml_text, created_by=principal.user_id))
        record_event(session, org_id=principal.org_id, actor=principal.username, role=principal.role,
                     action="rubric_edit", resource_type="rubric", resource_id=f"{rubric_id}@{version}",
                     client_addr=principal.client_addr)
    return _out(rubric, "organization", yaml_text)  # type: ignore[return-value]
