"""Rubrics: the shipped library plus the organization's own versions; edits make new versions."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Depends, Query, Request
from sqlmodel import Session

from api.auth import Principal, require_roles
from api.deps import get_session
from api.problems import Problem, responses
from api.schemas import RubricDetail, RubricOut
from qa_engine import rubric_versions

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


def _out(entry: rubric_versions.RubricEntry, with_yaml: bool = False) -> RubricDetail | RubricOut:
    rubric = entry.rubric
    fields = dict(id=rubric.id, version=rubric.version, name=rubric.name, call_types=list(rubric.call_types),
                  source=entry.source)
    return RubricDetail(**fields, yaml=entry.yaml_text) if with_yaml else RubricOut(**fields)


@router.get("/rubrics", response_model=list[RubricOut], responses=responses(401, 403),
            summary="Rubrics in force: the organization's latest version of each, else the library's")
def list_rubrics(principal: Principal = Depends(require_roles(*READERS)),
                 session: Session = Depends(get_session)) -> list[RubricOut]:
    return [_out(e) for e in rubric_versions.rubrics_in_force(session, principal.org_id)]  # type: ignore[misc]


@router.get("/rubrics/{rubric_id}", response_model=RubricDetail, responses=responses(401, 403, 404),
            summary="One rubric (latest version unless one is named), with its YAML")
def get_rubric(rubric_id: str, version: int | None = Query(default=None, ge=1, le=100000),
               principal: Principal = Depends(require_roles(*READERS)),
               session: Session = Depends(get_session)) -> RubricDetail:
    return _out(rubric_versions.find(session, principal.org_id, rubric_id, version), True)  # type: ignore[return-value]


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
    from rubrics.schema import RubricValidationError

    try:
        rubric = rubric_versions.validate(await _yaml_text(request))
    except RubricValidationError as exc:
        raise _invalid(exc) from None
    return _out(rubric_versions.RubricEntry(rubric, "organization"))  # type: ignore[return-value]


@router.post("/rubrics/{rubric_id}/versions", status_code=201, response_model=RubricDetail,
             openapi_extra={"requestBody": YAML_BODY}, responses=responses(401, 403, 404, 413, 415, 422),
             summary="Save an edited rubric as the organization's next version (validated)")
async def create_version(rubric_id: str, request: Request,
                         principal: Principal = Depends(require_roles("admin"))) -> RubricDetail:
    import anyio

    text = await _yaml_text(request)
    return await anyio.to_thread.run_sync(_save, rubric_id, text, principal)


def _save(rubric_id: str, text: str, principal: Principal) -> RubricDetail:
    from qa_engine import db
    from rubrics.schema import RubricValidationError

    try:
        with db.session_scope() as session:
            entry = rubric_versions.save_version(session, principal, rubric_id, text)
    except RubricValidationError as exc:
        raise _invalid(exc) from None
    return _out(entry, True)  # type: ignore[return-value]
