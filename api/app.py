"""The FastAPI application: ``uvicorn api.app:create_app --factory`` (what ``qa-engine serve`` runs).

Everything under ``/v1`` is the REST API (bearer API keys or a web session); the web pages hang on
``api.pages.router``. Processing runs in the background queue (``qa_engine.jobs``); the API only
enqueues. Errors are RFC 9457 problem details.
"""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from importlib import import_module

from fastapi import FastAPI
from fastapi.openapi.utils import get_openapi

from api import problems
from api.schemas import HealthOut

log = logging.getLogger("api")

ROUTERS = ("auth", "calls", "review", "scorecards", "audits", "rubrics", "phi", "webhooks", "admin")
API_VERSION = "1.0.0"

DESCRIPTION = """\
QA Engine's REST API for call-center platforms and the QA team.

**Authentication**: `Authorization: Bearer qae_<id>_<secret>` (API keys, issued by an admin), or the
session cookie set by `POST /v1/auth/login` (web pages; unsafe methods then need `X-CSRF-Token`).

**Roles** (minimum necessary, 45 CFR 164.502(b)): `platform` submits calls and reads results;
`qa_analyst` reviews, overrides and calibrates; `coach` sees their team's calls and scorecards;
`compliance_officer` runs reports, disclosures and evidence packets and, stating a purpose
(`X-Purpose`), reads unredacted text and raw audio; `admin` manages users, keys, rubrics and
retention. Another organization's resources answer 404. Every PHI access, denial and export is
written to the tamper-evident audit log.

**Errors** are `application/problem+json` (RFC 9457) and never contain PHI.
"""


@asynccontextmanager
async def lifespan(app: FastAPI) -> AsyncIterator[None]:
    from qa_engine import jobs, webhooks

    webhooks.install()
    loop = webhooks.RetryLoop(interval=app.state.webhook_retry_interval)
    loop.start()
    if app.state.recover_jobs:
        try:
            count = jobs.recover()
            if count:
                log.info("re-queued %s unfinished jobs", count)
        except Exception as exc:  # a fresh database without tables: the API still answers
            log.warning("could not recover jobs (%s)", type(exc).__name__)
    try:
        yield
    finally:
        loop.stop()


def create_app(*, recover_jobs: bool = True, webhook_retry_interval: float = 10.0) -> FastAPI:
    app = FastAPI(
        title="QA Engine API", version=API_VERSION, description=DESCRIPTION, lifespan=lifespan,
        openapi_url="/v1/openapi.json", docs_url="/v1/docs", redoc_url=None,
        responses=problems.responses(500),
    )
    app.state.recover_jobs = recover_jobs
    app.state.webhook_retry_interval = webhook_retry_interval
    problems.install(app)
    for name in ROUTERS:
        app.include_router(import_module(f"api.routes.{name}").router)

    @app.get("/v1/health", response_model=HealthOut, tags=["health"], summary="Liveness and queue length")
    def health() -> HealthOut:
        from qa_engine.jobs import queued_count

        return HealthOut(status="ok", queued=queued_count())

    from api import pages

    app.include_router(pages.router)
    _mount_static(app)

    def openapi() -> dict:
        if app.openapi_schema is None:
            schema = get_openapi(title=app.title, version=app.version, description=app.description,
                                 routes=app.routes)
            schema.setdefault("components", {}).setdefault("schemas", {})
            from api.schemas import TranscriptSubmission

            schema["components"]["schemas"].setdefault(
                "TranscriptSubmission",
                TranscriptSubmission.model_json_schema(ref_template="#/components/schemas/{model}"))
            for name, sub in list(schema["components"]["schemas"]["TranscriptSubmission"].pop("$defs", {}).items()):
                schema["components"]["schemas"].setdefault(name, sub)
            schema["components"]["schemas"].setdefault(
                "ProblemModel", problems.ProblemModel.model_json_schema(ref_template="#/components/schemas/{model}"))
            app.openapi_schema = schema
        return app.openapi_schema

    app.openapi = openapi  # type: ignore[method-assign]
    return app


def _mount_static(app: FastAPI) -> None:
    from pathlib import Path

    from fastapi.staticfiles import StaticFiles

    static = Path(__file__).parent / "static"
    if static.is_dir() and not any(getattr(r, "path", None) == "/static" for r in app.routes):
        app.mount("/static", StaticFiles(directory=static), name="static")
