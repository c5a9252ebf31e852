"""An organization's own rubric versions beside the shipped library (table ``RubricVersion``).

An edit never rewrites a version: it is validated (``rubrics.schema``) and stored as the next version
number after both the library's and the organization's. The API and the web rubric editor call these
functions; invalid YAML raises ``rubrics.schema.RubricValidationError`` with every problem located.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any, Literal

from sqlalchemy import func
from sqlmodel import Session, col, select

from models.scoring import RubricVersion
from qa_engine.errors import NotFound
from qa_engine.phi_access import Accessor, record

Source = Literal["library", "organization"]


@dataclass(frozen=True)
class RubricEntry:
    rubric: Any  # rubrics.schema.Rubric, its version the stored one
    source: Source
    yaml_text: str | None = None


@dataclass(frozen=True)
class VersionInfo:
    version: int
    source: Source
    created_at: datetime | None


def org_versions(session: Session, org_id: str, rubric_id: str | None = None) -> list[RubricVersion]:
    query = select(RubricVersion).where(RubricVersion.org_id == org_id)
    if rubric_id:
        query = query.where(RubricVersion.rubric_id == rubric_id)
    return list(session.exec(query.order_by(col(RubricVersion.rubric_id), col(RubricVersion.version))))


def _parsed(row: RubricVersion) -> Any:
    from rubrics.schema import parse_rubric_yaml

    return parse_rubric_yaml(row.yaml_text).model_copy(update={"version": row.version})


def rubrics_in_force(session: Session, org_id: str) -> list[RubricEntry]:
    """Each rubric's newest version: the organization's where it has edited one, else the library's."""
    from rubrics.schema import list_rubrics

    latest: dict[str, RubricEntry] = {r.id: RubricEntry(r, "library") for r in list_rubrics()}
    for row in org_versions(session, org_id):
        if row.rubric_id not in latest or row.version >= latest[row.rubric_id].rubric.version:
            latest[row.rubric_id] = RubricEntry(_parsed(row), "organization")
    return sorted(latest.values(), key=lambda e: e.rubric.id)


def find(session: Session, org_id: str, rubric_id: str, version: int | None = None) -> RubricEntry:
    """One rubric with its YAML: the named version, else the newest (organization's or library's)."""
    from rubrics.schema import load_rubric

    rows = [r for r in org_versions(session, org_id, rubric_id) if version is None or r.version == version]
    try:
        lib = load_rubric(rubric_id, version)
    except KeyError:
        lib = None
    if rows and (lib is None or rows[-1].version >= lib.version):
        return RubricEntry(_parsed(rows[-1]), "organization", rows[-1].yaml_text)
    if lib is None:
        raise NotFound("no such rubric")
    return RubricEntry(lib, "library", lib.to_yaml())


def history(session: Session, org_id: str, rubric_id: str) -> list[VersionInfo]:
    """Every version of a rubric the organization can see, newest first."""
    from rubrics.schema import list_rubrics

    versions = [VersionInfo(r.version, "library", None) for r in list_rubrics() if r.id == rubric_id]
    versions += [VersionInfo(r.version, "organization", r.created_at) for r in org_versions(session, org_id, rubric_id)]
    return sorted(versions, key=lambda v: v.version, reverse=True)


def validate(text: str, rubric_id: str | None = None) -> Any:
    """The parsed rubric, or RubricValidationError; an edit of ``rubric_id`` must keep its id."""
    from rubrics.schema import Problem, RubricValidationError, parse_rubric_yaml

    rubric = parse_rubric_yaml(text)
    if rubric_id is not None and rubric.id != rubric_id:
        raise RubricValidationError([Problem("id", f"an edit keeps the rubric id {rubric_id!r}")])
    return rubric


def save_version(session: Session, actor: Accessor, rubric_id: str, text: str) -> RubricEntry:
    """Validate an edit and store it as the organization's next version (an audited rubric edit)."""
    from rubrics.schema import load_rubric

    edited = validate(text, rubric_id)
    try:
        base = load_rubric(rubric_id).version
    except KeyError:
        base = 0
    org_max = session.exec(select(func.max(RubricVersion.version)).where(
        RubricVersion.org_id == actor.org_id, RubricVersion.rubric_id == rubric_id)).one() or 0
    version = max(base, org_max) + 1
    rubric = edited.model_copy(update={"version": version})
    yaml_text = rubric.to_yaml()
    session.add(RubricVersion(org_id=actor.org_id, rubric_id=rubric_id, version=version, name=rubric.name,
                              yaml_text=yaml_text, created_by=actor.user_id))
    record(session, None, actor, action="rubric_edit", resource_type="rubric", resource_id=f"{rubric_id}@{version}")
    session.flush()
    return RubricEntry(rubric, "organization", yaml_text)
