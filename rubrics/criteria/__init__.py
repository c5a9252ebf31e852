"""One scorer per criterion kind, behind one registry.

Each module in this package defines one kind with ``@register(kind, Params)`` on a function
``score(spec, ctx) -> CriterionResult``; every module here is imported on first use, so adding a kind
is adding one file.
"""

from __future__ import annotations

import importlib
import pkgutil
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from pydantic import BaseModel, ConfigDict

from models.interchange import CriterionResult, Evidence, Transcript


class Params(BaseModel):
    """Base for a kind's parameters: unknown keys are errors, so a typo in a rubric is caught."""

    model_config = ConfigDict(extra="forbid")


@dataclass
class Context:
    """What a scorer sees: the call, the rubric's organization overrides, and a PHI-safe quote function."""

    transcript: Transcript
    org: Any = None  # rubrics.schema.OrgOverrides | None
    quote: Callable[[int], str] = lambda i: ""
    shared: dict[str, Any] = field(default_factory=dict)  # results one scorer computes and another reuses

    def evidence(self, segment: int) -> Evidence:
        seg = self.transcript.segments[segment]
        return Evidence(segment=segment, start=round(seg.start, 2), quote=self.quote(segment))


Scorer = Callable[[Any, Context], CriterionResult]


@dataclass(frozen=True)
class Criterion:
    kind: str
    params_model: type[Params]
    score: Scorer


REGISTRY: dict[str, Criterion] = {}


def register(kind: str, params_model: type[Params]) -> Callable[[Scorer], Scorer]:
    def wrap(fn: Scorer) -> Scorer:
        REGISTRY[kind] = Criterion(kind, params_model, fn)
        return fn

    return wrap


def _load_all() -> None:
    for info in pkgutil.iter_modules(__path__):
        if not info.name.startswith("_") and info.name != "common":
            importlib.import_module(f"{__name__}.{info.name}")


_load_all()
