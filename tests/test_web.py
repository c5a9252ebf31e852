"""The web pages in a real headless browser: Debian's Chromium driven by Playwright against a real
uvicorn server on loopback, with a QA Engine home seeded with synthetic calls through the pipeline.

Flows: an analyst logs in, opens a flagged call, plays the redacted audio from a piece of evidence and
overrides a criterion; a coach opens a scorecard and downloads its PDF; a compliance officer builds
and downloads an evidence packet; a user without the role is refused. Each flow leaves a screenshot
in ``test-output/screenshots/``.
"""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

pytestmark = pytest.mark.browser

REPO = Path(__file__).resolve().parents[1]
CHROMIUM = Path("/usr/bin/chromium")
SCREENSHOTS = REPO / "test-output" / "screenshots"
ORG = "org-riverside"
PASSWORD = "correct-horse-42"
USERS = {  # username: (role, team)
    "ana.analyst": ("qa_analyst", None),
    "cole.coach": ("coach", "east"),
    "cora.compliance": ("compliance_officer", None),
    "adam.admin": ("admin", None),
}
AGENTS = {"agent-rfm-01": ("Jordan Ellis", "east"), "agent-rfm-02": ("Sam Rivera", "east")}
# (seed, service line, flaws): a mix of clean and flawed calls, so the queue has priorities to sort.
TRANSCRIPT_CALLS = [
    (11, "scheduling", ["discloses_before_verification"]),
    (12, "triage", ["misses_red_flag"]),
    (13, "patient_inquiry", ["no_empathy", "no_closing"]),
    (14, "insurance_verification", []),
    (15, "post_discharge", ["wrong_capture"]),
    (16, "scheduling", []),
]
AUDIO_CALL = (21, "scheduling", ["skips_verification"])

if not CHROMIUM.exists():
    pytest.skip("Debian's Chromium (/usr/bin/chromium) is absent: apt-get install chromium", allow_module_level=True)
playwright_api = pytest.importorskip("playwright.sync_api", reason="playwright for Python is not installed")


# ---------------------------------------------------------------- seeding a home through the pipeline


def seed_home(home: Path) -> dict[str, Any]:
    """Process synthetic calls (transcripts, and one short rendered audio call) and create users.
    Runs with ``QA_ENGINE_HOME`` pointing at ``home``; returns what the tests need to know."""
    from sqlmodel import select

    from models.calls import Agent, Call
    from qa_engine import db, services, users
    from qa_engine.pipeline import CallMeta, submit_audio, submit_transcript
    from qa_engine.synthetic import generate_call
    from qa_engine.synthetic.render import render_call

    services.ensure_database()
    store = services.blob_store()
    now = datetime.now(UTC).replace(microsecond=0)
    agent_ids = list(AGENTS)
    call_ids: list[str] = []
    with db.session_scope() as session:
        for i, (seed, line, flaws) in enumerate(TRANSCRIPT_CALLS):
            synthetic = generate_call(seed, service_line=line, flaws=flaws)
            meta = CallMeta(org_id=ORG, agent_id=agent_ids[i % 2], call_type=line,
                            started_at=now - timedelta(days=1, hours=i),
                            metadata={"patient_ref": f"pt-{1000 + i}"})
            call, _ = submit_transcript(session, store, synthetic.transcript, meta)
            call_ids.append(call.id)
        session.commit()
    audio_path = home / "audio-call.wav"
    seed, line, flaws = AUDIO_CALL
    render_call(generate_call(seed, service_line=line, flaws=flaws), audio_path)
    with db.session_scope() as session:
        meta = CallMeta(org_id=ORG, agent_id=agent_ids[0], call_type=line, started_at=now - timedelta(hours=2),
                        metadata={"patient_ref": "pt-2000"})
        call, _ = submit_audio(session, store, audio_path.read_bytes(), meta, name=audio_path.name)
        audio_call = call.id
        session.commit()
    for call_id in [*call_ids, audio_call]:
        services.run_call(call_id)
    with db.session_scope() as session:
        for agent_id, (name, team) in AGENTS.items():
            agent = session.get(Agent, agent_id)
            assert agent is not None
            agent.name, agent.team = name, team
            session.add(agent)
        for username, (role, team) in USERS.items():
            users.create_user(session, org_id=ORG, username=username, role=role, password=PASSWORD, team=team)
        calls = session.exec(select(Call).where(Call.org_id == ORG)).all()
        statuses = {c.id: c.status for c in calls}
        flagged = sorted((c for c in calls if c.review_priority is not None), key=lambda c: c.review_priority)
        session.commit()
    assert all(s == "scored" for s in statuses.values()), statuses
    return {"calls": call_ids, "audio_call": audio_call, "flagged": [c.id for c in flagged],
            "month": now.strftime("%Y-%m")}


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture(scope="module")
def web_home(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Path, dict[str, Any]]]:
    from qa_engine.db import get_engine
    from qa_engine.settings import get_settings

    home = tmp_path_factory.mktemp("web") / "home"
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("QA_ENGINE_HOME", str(home))
        for name in ("QA_ENGINE_DATABASE_URL", "QA_ENGINE_DATA_KEY", "QA_ENGINE_STORAGE_DIR", "QA_ENGINE_KEY_FILE"):
            mp.delenv(name, raising=False)
        get_settings.cache_clear()
        get_engine.cache_clear()
        try:
            info = seed_home(home)
        finally:
            get_settings.cache_clear()
            get_engine.cache_clear()
    yield home, info


@pytest.fixture(scope="module")
def server(web_home: tuple[Path, dict[str, Any]]) -> Iterator[str]:
    """uvicorn serving the real app on a free loopback port, in its own process."""
    home, _ = web_home
    port = _free_port()
    env = {k: v for k, v in os.environ.items() if not k.startswith("QA_ENGINE_")}
    env["QA_ENGINE_HOME"] = str(home)
    log = (home / "uvicorn.log").open("wb")
    proc = subprocess.Popen(
        [sys.executable, "-m", "uvicorn", "api.app:create_app", "--factory", "--host", "127.0.0.1",
         "--port", str(port), "--log-level", "warning"],
        cwd=REPO, env=env, stdout=log, stderr=subprocess.STDOUT,
    )
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while True:
        try:
            with urllib.request.urlopen(base + "/v1/health", timeout=2) as reply:
                if reply.status == 200:
                    break
        except OSError:
            pass
        if proc.poll() is not None or time.monotonic() > deadline:
            proc.kill()
            log.close()
            pytest.fail("uvicorn did not start:\n" + (home / "uvicorn.log").read_text()[-3000:])
        time.sleep(0.2)
    yield base
    proc.terminate()
    try:
        proc.wait(timeout=10)
    except subprocess.TimeoutExpired:
        proc.kill()
    log.close()


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    with playwright_api.sync_playwright() as p:
        chromium = p.chromium.launch(
            executable_path=str(CHROMIUM),
            args=["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                  "--disable-sync", "--no-first-run", "--autoplay-policy=no-user-gesture-required"],
        )
        yield chromium
        chromium.close()


@pytest.fixture
def context(browser: Any, server: str) -> Iterator[Any]:
    ctx = browser.new_context(base_url=server, viewport={"width": 1280, "height": 900}, accept_downloads=True)
    ctx.set_default_timeout(15000)
    yield ctx
    ctx.close()


def shot(page: Any, name: str) -> Path:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    path = SCREENSHOTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)
    return path


def login(page: Any, username: str, password: str = PASSWORD) -> None:
    page.goto("/login")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_load_state("networkidle")
