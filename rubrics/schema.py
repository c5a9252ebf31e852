"""Rubrics as data: the pydantic schema, YAML parsing with located errors, the shipped library, versions.

A rubric is a YAML document::

    id: scheduling
    version: 1
    name: Appointment scheduling
    call_types: [scheduling]
    criteria:
      - {id: verification, kind: identity_verification, weight: 30, auto_fail: true,
         params: {identifiers: [name, dob]}}
    org:                       # optional organization overrides
      name: Riverside Health
      script_lines: {greeting: ["thank you for calling riverside health"]}
      verification_identifiers: [name, member_id]

Storing versions is the pipeline's job (table ``RubricVersion``); this module is pure functions.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator

LIBRARY_DIR = Path(__file__).parent / "library"

IDENTIFIERS = ("name", "dob", "member_id", "phone", "address", "ssn_last4", "mrn", "zip")
_PARAMS_MARK = "invalid parameters: "
_ID_RE = re.compile(r"^[a-z][a-z0-9_]{0,63}$")


class OrgOverrides(BaseModel):
    """What an organization changes in a rubric: its name, its own script lines, how callers are verified."""

    model_config = ConfigDict(extra="forbid")

    name: str | None = Field(default=None, description="The organization's name, expected in the greeting.")
    script_lines: dict[str, list[str]] = Field(
        default_factory=dict, description="Step id -> the organization's own wording for that step."
    )
    verification_identifiers: list[str] | None = Field(
        default=None, description="Identifiers that verify a caller, e.g. [name, member_id]."
    )
    prohibited_phrases: list[str] = Field(default_factory=list)

    @field_validator("verification_identifiers")
    @classmethod
    def _known_identifiers(cls, value: list[str] | None) -> list[str] | None:
        if value is not None:
            unknown = [v for v in value if v not in IDENTIFIERS]
            if unknown:
                raise ValueError(f"unknown identifier(s) {unknown}; allowed: {list(IDENTIFIERS)}")
            if not value:
                raise ValueError("at least one identifier is required")
        return value


class CriterionSpec(BaseModel):
    model_config = ConfigDict(extra="forbid")

    id: str
    kind: str
    weight: float = Field(ge=0, le=100)
    auto_fail: bool = False
    params: dict[str, Any] = Field(default_factory=dict)
    description: str = ""

    @field_validator("id")
    @classmethod
    def _id_format(cls, value: str) -> str:
        if not _ID_RE.match(value):
            raise ValueError("must be lowercase letters, digits and underscores, starting with a letter")
        return value

    @field_validator("kind")
    @classmethod
    def _known_kind(cls, value: str) -> str:
        from rubrics.criteria import REGISTRY

        if value not in REGISTRY:
            raise ValueError(f"unknown criterion kind {value!r}; known: {sorted(REGISTRY)}")
        return value

    @model_validator(mode="after")
    def _params_valid(self) -> CriterionSpec:
        from rubrics.criteria import REGISTRY

        # Normalize params through the kind's own model so scorers get defaults filled in; a bad
        # parameter surfaces as a located error (criteria.N.params.<name>).
        try:
            self.params = REGISTRY[self.kind].params_model.model_validate(self.params).model_dump()
        except ValidationError as exc:
            raise ValueError(f"params: {_PARAMS_MARK}" + "; ".join(
                f"{'.'.join(map(str, e['loc']))}: {e['msg']}" for e in exc.errors())) from None
        return self


class Rubric(BaseModel):
    model_config = ConfigDict(extra="forbid")

    id: str
    version: int = Field(default=1, ge=1)
    name: str
    description: str = ""
    call_types: list[str] = Field(default_factory=list)
    criteria: list[CriterionSpec] = Field(min_length=1)
    org: OrgOverrides | None = None
    low_score_threshold: float = Field(default=70.0, ge=0, le=100)
    low_confidence_threshold: float = Field(default=0.6, ge=0, le=1)

    @field_validator("id")
    @classmethod
    def _id_format(cls, value: str) -> str:
        if not _ID_RE.match(value):
            raise ValueError("must be lowercase letters, digits and underscores, starting with a letter")
        return value

    @field_validator("call_types")
    @classmethod
    def _call_types(cls, value: list[str]) -> list[str]:
        return [normalize_call_type(v) for v in value]

    @model_validator(mode="after")
    def _unique_ids(self) -> Rubric:
        seen: set[str] = set()
        for c in self.criteria:
            if c.id in seen:
                raise ValueError(f"criterion id {c.id!r} is used twice")
            seen.add(c.id)
        if sum(c.weight for c in self.criteria) <= 0:
            raise ValueError("the criteria's weights add up to zero")
        return self

    def criterion(self, criterion_id: str) -> CriterionSpec:
        for c in self.criteria:
            if c.id == criterion_id:
                return c
        raise KeyError(criterion_id)

    def to_yaml(self) -> str:
        return yaml.safe_dump(self.model_dump(exclude_defaults=False), sort_keys=False)


def normalize_call_type(call_type: str | None) -> str:
    return re.sub(r"[^a-z0-9]+", "_", (call_type or "").strip().lower()).strip("_")


# --- validation errors with locations -------------------------------------------------------------


@dataclass(frozen=True)
class Problem:
    """One validation problem: where (a dotted path such as ``criteria.2.weight``, and the YAML line and
    column, 1-based, when known) and what."""

    loc: str
    message: str
    line: int | None = None
    column: int | None = None

    def __str__(self) -> str:
        where = f"line {self.line}, column {self.column}: " if self.line else ""
        return f"{where}{self.loc or '<document>'}: {self.message}"


class RubricValidationError(ValueError):
    def __init__(self, problems: list[Problem]):
        self.problems = problems
        super().__init__("invalid rubric:\n" + "\n".join(f"  - {p}" for p in problems))


def _node_at(root: yaml.Node | None, loc: tuple[Any, ...]) -> yaml.Node | None:
    """The deepest YAML node along a pydantic error location (keys for mappings, indexes for sequences)."""
    node = root
    for part in loc:
        if isinstance(node, yaml.MappingNode):
            for key, value in node.value:
                if key.value == str(part):
                    node = value
                    break
            else:
                return node
        elif isinstance(node, yaml.SequenceNode) and isinstance(part, int) and part < len(node.value):
            node = node.value[part]
        else:
            return node
    return node


def parse_rubric_yaml(text: str) -> Rubric:
    """Parse and validate a rubric; raises RubricValidationError listing every problem with its location."""
    try:
        root = yaml.compose(text)
        data = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        problem = getattr(exc, "problem", None) or "malformed YAML"
        raise RubricValidationError(
            [Problem("", f"YAML syntax: {problem}", mark.line + 1 if mark else None, mark.column + 1 if mark else None)]
        ) from None
    if not isinstance(data, dict):
        raise RubricValidationError(
            [Problem("", "a rubric must be a mapping (id, version, name, criteria, ...)", 1, 1)])
    try:
        return Rubric.model_validate(data)
    except ValidationError as exc:
        problems = []
        for err in exc.errors():
            loc = tuple(err["loc"])
            if _PARAMS_MARK in err["msg"]:
                continue  # located below, parameter by parameter
            node = _node_at(root, loc)
            mark = node.start_mark if node is not None else None
            message = err["msg"].removeprefix("Value error, ")
            problems.append(
                Problem(".".join(str(p) for p in loc), message, mark.line + 1 if mark else None,
                        mark.column + 1 if mark else None)
            )
        # a criterion's params are checked even when another field of it failed (pydantic stops there)
        criteria = data.get("criteria")
        if isinstance(criteria, list):
            for k, c in enumerate(criteria):
                if isinstance(c, dict):
                    problems.extend(_params_problems(root, data, ("criteria", k)))
        raise RubricValidationError(problems) from None


def _params_problems(root: yaml.Node | None, data: dict[str, Any], loc: tuple[Any, ...]) -> list[Problem]:
    """Re-validate one criterion's params against its kind's model, to locate each bad parameter."""
    from rubrics.criteria import REGISTRY

    criterion = data
    for part in loc:
        criterion = criterion[part]
    kind = criterion.get("kind")
    if not isinstance(kind, str) or kind not in REGISTRY:
        return []
    try:
        REGISTRY[kind].params_model.model_validate(criterion.get("params") or {})
    except ValidationError as exc:
        problems = []
        for err in exc.errors():
            full = (*loc, "params", *err["loc"])
            node = _node_at(root, full)
            mark = node.start_mark if node is not None else None
            problems.append(Problem(".".join(map(str, full)), err["msg"].removeprefix("Value error, "),
                                    mark.line + 1 if mark else None, mark.column + 1 if mark else None))
        return problems
    return []


# --- the shipped library and versions -------------------------------------------------------------


@lru_cache(maxsize=1)
def _library() -> dict[tuple[str, int], Rubric]:
    rubrics: dict[tuple[str, int], Rubric] = {}
    for path in sorted(LIBRARY_DIR.glob("*.yaml")):
        try:
            rubric = parse_rubric_yaml(path.read_text())
        except RubricValidationError as exc:
            raise RubricValidationError(
                [Problem(f"{path.name}:{p.loc}", p.message, p.line, p.column) for p in exc.problems]
            ) from None
        rubrics[(rubric.id, rubric.version)] = rubric
    return rubrics


def list_rubrics() -> list[Rubric]:
    """The latest version of every rubric in the shipped library."""
    latest: dict[str, Rubric] = {}
    for (rid, version), rubric in sorted(_library().items()):
        if rid not in latest or version > latest[rid].version:
            latest[rid] = rubric
    return list(latest.values())


def load_rubric(rubric_id: str, version: int | None = None) -> Rubric:
    """A shipped rubric by id (the latest version unless one is named); KeyError if there is none."""
    lib = _library()
    if version is not None:
        if (rubric_id, version) not in lib:
            raise KeyError(f"no rubric {rubric_id!r} version {version}")
        return lib[(rubric_id, version)].model_copy(deep=True)
    versions = [v for (rid, v) in lib if rid == rubric_id]
    if not versions:
        raise KeyError(f"no rubric {rubric_id!r}; known: {sorted({rid for rid, _ in lib})}")
    return lib[(rubric_id, max(versions))].model_copy(deep=True)


def rubric_for_call_type(call_type: str | None) -> Rubric:
    """The library rubric that lists this call type, else ``default`` (a copy the caller may change)."""
    return shared_rubric_for_call_type(call_type).model_copy(deep=True)


@lru_cache(maxsize=256)
def shared_rubric_for_call_type(call_type: str | None) -> Rubric:
    """As rubric_for_call_type, but the cached instance itself: read it, never change it."""
    wanted = normalize_call_type(call_type)
    for rubric in list_rubrics():
        if wanted and wanted in rubric.call_types:
            return rubric
    return _library()[("default", max(v for r, v in _library() if r == "default"))]


def next_version(rubric: Rubric, edited_yaml: str) -> Rubric:
    """Validate an edit of ``rubric`` and return it as the next version (an edit never rewrites a version)."""
    edited = parse_rubric_yaml(edited_yaml)
    if edited.id != rubric.id:
        raise RubricValidationError([Problem("id", f"an edit keeps the rubric id {rubric.id!r}")])
    return edited.model_copy(update={"version": rubric.version + 1})


def with_org(rubric: Rubric, org: OrgOverrides | None) -> Rubric:
    """The rubric with an organization's overrides merged over its own (the call's org wins)."""
    if org is None:
        return rubric
    base = rubric.org or OrgOverrides()
    merged = OrgOverrides(
        name=org.name or base.name,
        script_lines={**base.script_lines, **org.script_lines},
        verification_identifiers=org.verification_identifiers or base.verification_identifiers,
        prohibited_phrases=[*base.prohibited_phrases, *org.prohibited_phrases],
    )
    return rubric.model_copy(update={"org": merged})
