"""The web pages in a real headless browser: Debian's Chromium driven by Playwright against a real
uvicorn server on loopback, with a QA Engine home seeded with synthetic calls through the pipeline.

Flows: an analyst logs in, opens a flagged call, plays the redacted audio from a piece of evidence and
overrides a criterion; a coach opens a scorecard and downloads its PDF; a compliance officer builds
and downloads an evidence packet; a user without the role is refused. Each flow leaves a screenshot
in ``test-output/screenshots/``.
"""

from __future__ import annotations

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
    from models.scoring import Score
    from qa_engine import db, services, users
    from qa_engine.pipeline import CallMeta, submit_audio, submit_transcript
    from qa_engine.synthetic import generate_call
    from qa_engine.synthetic.render import render_call

    services.ensure_database()
    # Tables added after the last generated migration (web sessions, API keys) exist once the lead
    # regenerates it; until then create whatever is missing (a no-op afterwards).
    from sqlmodel import SQLModel

    import models.auth  # noqa: F401

    SQLModel.metadata.create_all(db.get_engine())
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
        flagged = sorted((c for c in calls if c.review_priority is not None), key=lambda c: -(c.review_priority or 0))
        scores = {s.call_id: list(s.flags) for s in session.exec(select(Score))}
        session.commit()
    assert all(s == "scored" for s in statuses.values()), statuses
    return {"calls": call_ids, "audio_call": audio_call, "flagged": [c.id for c in flagged], "flags": scores,
            "month": now.strftime("%Y-%m")}


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture(scope="module")
def web_home(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Path, dict[str, Any]]]:
    from audits.signing import set_key_path
    from qa_engine.db import get_engine
    from qa_engine.settings import get_settings

    home = tmp_path_factory.mktemp("web") / "home"
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("QA_ENGINE_HOME", str(home))
        for name in ("QA_ENGINE_DATABASE_URL", "QA_ENGINE_DATA_KEY", "QA_ENGINE_STORAGE_DIR", "QA_ENGINE_KEY_FILE"):
            mp.delenv(name, raising=False)
        get_settings.cache_clear()
        get_engine.cache_clear()
        # Sign checkpoints with this home's key, as the server will (api.app does the same), whatever
        # key an earlier test in this process configured.
        set_key_path(lambda: get_settings().signing_key_path)
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


# Form controls without an accessible name, and pages without the landmarks screen readers jump between.
UNLABELLED_JS = """() => Array.from(document.querySelectorAll('input:not([type=hidden]), select, textarea'))
  .filter(el => !(el.labels && el.labels.length) && !el.getAttribute('aria-label')
                && !el.getAttribute('aria-labelledby'))
  .map(el => el.name || el.id)"""


def assert_accessible_basics(page: Any) -> None:
    assert page.evaluate(UNLABELLED_JS) == []
    assert page.locator("main#main").count() == 1
    assert page.locator("nav[aria-label=Main]").count() == 1
    assert page.locator("h1").count() == 1


def login(page: Any, username: str, password: str = PASSWORD) -> None:
    page.goto("/login")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_load_state("networkidle")


# ---------------------------------------------------------------- flows


def test_analyst_plays_evidence_and_overrides_a_criterion(context: Any, web_home: tuple[Path, dict[str, Any]]) -> None:
    _, info = web_home
    audio_call = info["audio_call"]
    assert audio_call in info["flagged"], "the flawed audio call should be in the review queue"
    page = context.new_page()
    login(page, "ana.analyst")
    assert page.url.endswith("/review")
    page.get_by_role("heading", name="Review queue").wait_for()
    rows = page.locator("#queue-results tbody tr")
    assert rows.count() == len(info["flagged"])
    assert_accessible_basics(page)
    assert rows.first.get_attribute("id") == f"row-{info['flagged'][0]}"  # most urgent first
    # Filtering by a flag (htmx swaps the results in place) keeps only the calls with that flag.
    flag = info["flags"][audio_call][0]
    expected = {c for c in info["flagged"] if flag in info["flags"][c]}
    with page.expect_response(lambda r: "/review?" in r.url and f"flag={flag}" in r.url):
        page.get_by_label("Flag", exact=True).select_option(flag)
    page.wait_for_function(f"location.search.includes('flag={flag}')")  # htmx pushed the filtered URL
    page.wait_for_function(f"document.querySelectorAll('#queue-results tbody tr').length === {len(expected)}")
    assert {r.get_attribute("id").removeprefix("row-") for r in rows.all()} == expected
    # Assignment from the queue (an htmx POST carrying the CSRF header) updates the row.
    page.get_by_label(f"Assign call {audio_call[:8]} to").select_option(label="ana.analyst")
    page.locator(f"#row-{audio_call}").get_by_role("button", name="Assign").click()
    page.locator(f"#row-{audio_call} [role=status]", has_text="Assigned to ana.analyst").wait_for()
    shot(page, "analyst-queue")
    page.set_viewport_size({"width": 820, "height": 1000})
    assert page.evaluate("document.documentElement.scrollWidth") <= 820  # the table scrolls in its card
    shot(page, "analyst-queue-tablet")
    page.set_viewport_size({"width": 1280, "height": 900})
    page.locator(f'a[href="/calls/{audio_call}"]').click()
    page.wait_for_load_state("networkidle")
    assert page.get_by_role("heading", name="Redacted transcript").is_visible()
    # PHI appears only as tags in the redacted transcript.
    assert page.locator("#transcript .phi").count() > 0

    audio = page.locator("#call-audio")
    assert audio.count() == 1
    page.wait_for_function("document.getElementById('call-audio').readyState >= 1")
    evidence = page.locator(".evidence.seek-btn").filter(has_not=page.locator("[data-seek='0.00']"))
    targets = [float(b.get_attribute("data-seek")) for b in page.locator(".evidence.seek-btn").all()]
    later = [t for t in targets if t > 1.0]
    assert later, "the audio call's evidence should have timestamps"
    button = page.locator(f".evidence.seek-btn[data-seek='{later[0]:.2f}']").first
    button.click()
    page.wait_for_function(f"document.getElementById('call-audio').currentTime >= {later[0] - 0.5}")
    position = page.evaluate("document.getElementById('call-audio').currentTime")
    assert position >= later[0] - 0.5
    del evidence
    # The transcript line of that evidence is highlighted.
    assert page.locator(".line.is-focus").count() == 1
    shot(page, "analyst-call-playing")
    # The same with the keyboard: a transcript line's time is a button.
    line_button = page.locator(".line .seek-btn").nth(1)
    line_start = float(line_button.get_attribute("data-seek"))
    line_button.focus()
    page.keyboard.press("Enter")
    page.wait_for_function(f"Math.abs(document.getElementById('call-audio').currentTime - {line_start}) < 1.5")
    assert_accessible_basics(page)

    # An override without a reason is refused in place; with one it is saved and stands.
    first = page.locator("li.criterion").first
    criterion_id = first.get_attribute("id").removeprefix("crit-")
    first.locator("summary", has_text="Override this criterion").click()
    first.get_by_label("Score").fill("5")
    first.get_by_role("button", name="Save override").click()
    page.wait_for_load_state("networkidle")
    alert = page.locator(f"#err-{criterion_id} .alert")
    assert "reason" in alert.inner_text().lower()
    assert page.locator(f"#reason-{criterion_id}").get_attribute("aria-invalid") == "true"
    crit = page.locator(f"#crit-{criterion_id}")
    crit.get_by_label("Score").fill("5")
    crit.get_by_label("Reason").fill("Verification was completed off the recorded line per the supervisor note.")
    crit.get_by_role("button", name="Save override").click()
    page.wait_for_load_state("networkidle")
    assert "Override saved" in page.locator("#override-status").inner_text()
    crit = page.locator(f"#crit-{criterion_id}")
    assert crit.locator(".badge", has_text="Human override").count() == 1
    assert "5 /" in crit.locator(".points").inner_text()
    assert "Human review" in page.locator(".kpis").inner_text()
    shot(page, "analyst-override-saved")
    page.set_viewport_size({"width": 820, "height": 1100})
    # Tablet width: one column, nothing wider than the screen.
    assert page.evaluate("document.documentElement.scrollWidth") <= 820
    shot(page, "analyst-call-tablet")


def test_coach_opens_scorecard_and_downloads_pdf(context: Any, web_home: tuple[Path, dict[str, Any]]) -> None:
    _, info = web_home
    page = context.new_page()
    login(page, "cole.coach")
    assert page.url.split("?")[0].endswith("/scorecards")
    page.get_by_role("link", name="Jordan Ellis").click()
    page.wait_for_load_state("networkidle")
    assert page.get_by_role("heading", name="Jordan Ellis").is_visible()
    # Chart.js drew both charts.
    page.wait_for_function("document.querySelectorAll('canvas[data-chart]').length === 2 && "
                           "Array.from(document.querySelectorAll('canvas[data-chart]')).every(c => Chart.getChart(c))")
    assert int(page.locator(".kpi", has_text="Calls scored").locator(".value").inner_text()) >= 1
    assert_accessible_basics(page)

    page.locator("summary", has_text="Add a coaching note").click()
    page.get_by_role("textbox", name="Note").fill(
        "Great empathy on call one; verify identity before discussing appointments.")
    page.get_by_role("textbox", name="Goal").fill("Verify every caller first")
    page.get_by_role("combobox", name="Measured by").select_option("verification_compliance")
    page.get_by_role("spinbutton", name="Target").fill("0.95")
    page.get_by_role("button", name="Save note").click()
    page.wait_for_load_state("networkidle")
    assert "Coaching note saved" in page.locator("#notes-status").inner_text()
    page.get_by_role("textbox", name="Agent's comment").fill("Understood")
    page.get_by_role("button", name="Record acknowledgement").click()
    page.wait_for_load_state("networkidle")
    assert page.locator(".badge", has_text="Acknowledged").count() == 1

    with page.expect_download() as download_info:
        page.get_by_role("link", name="Download PDF").click()
    download = download_info.value
    data = Path(download.path()).read_bytes()
    assert data.startswith(b"%PDF") and len(data) > 2000
    shot(page, "coach-scorecard")

    # From one of the agent's calls, the coach raises a dispute for the agent; an analyst resolves it.
    page.locator("section[aria-labelledby=worst-title] h3 a, section[aria-labelledby=best-title] h3 a").first.click()
    page.wait_for_load_state("networkidle")
    call_url = page.url.split("#")[0].split("?")[0]
    page.locator("summary", has_text="Raise a dispute").click()
    page.get_by_role("textbox", name="Reason").fill("The caller was verified on an earlier call the same day.")
    page.get_by_role("button", name="Raise dispute").click()
    page.wait_for_load_state("networkidle")
    assert "Dispute raised" in page.locator("#dispute-status").inner_text()
    assert page.locator(".timeline .badge", has_text="raised").count() == 1
    page.get_by_role("button", name="Sign out").click()
    login(page, "ana.analyst")
    page.goto(call_url)
    page.get_by_label("Decision").select_option("partially_accepted")
    page.get_by_role("textbox", name="Reason").fill("Verification was partial; one point restored.")
    page.get_by_role("button", name="Resolve").click()
    page.wait_for_load_state("networkidle")
    assert "Dispute resolved" in page.locator("#dispute-status").inner_text()
    assert page.locator(".timeline .badge", has_text="partially accepted").count() == 1
    shot(page, "dispute-resolved")


def test_compliance_builds_packet_and_reads_unredacted_with_purpose(
        context: Any, web_home: tuple[Path, dict[str, Any]], tmp_path: Path) -> None:
    import zipfile

    _, info = web_home
    page = context.new_page()
    login(page, "cora.compliance")
    assert page.url.split("?")[0].endswith("/compliance")
    assert page.locator("#chain-status").inner_text() == "Intact"
    assert_accessible_basics(page)
    page.get_by_role("button", name="Build packet").click()
    page.wait_for_load_state("networkidle")
    assert "built and signed" in page.locator("#packet-status").inner_text()
    with page.expect_download() as download_info:
        page.get_by_role("link", name="Download packet").first.click()
    path = tmp_path / "packet.zip"
    download_info.value.save_as(str(path))
    with zipfile.ZipFile(path) as packet:
        names = packet.namelist()
    assert "manifest.json" in names
    shot(page, "compliance-packet")

    # The unredacted view needs a stated purpose and says the access is recorded.
    call_id = info["calls"][0]
    page.goto(f"/calls/{call_id}/unredacted")
    assert "This access is recorded" in page.locator("[role=note]").inner_text()
    page.get_by_role("button", name="Record the access and show the transcript").click()
    page.wait_for_load_state("networkidle")
    assert page.locator("#purpose").get_attribute("aria-invalid") == "true"
    page.get_by_role("textbox", name="Purpose").fill("HIPAA audit 2026-Q4")
    page.get_by_role("button", name="Record the access and show the transcript").click()
    page.wait_for_load_state("networkidle")
    assert page.locator(".transcript .line").count() > 0
    assert page.locator(".transcript .phi").count() == 0
    shot(page, "compliance-unredacted")
    page.goto("/compliance")
    assert page.locator("td", has_text="HIPAA audit 2026-Q4").count() >= 1


def test_user_without_the_role_is_refused(context: Any, web_home: tuple[Path, dict[str, Any]]) -> None:
    page = context.new_page()
    login(page, "cole.coach")
    assert page.get_by_role("link", name="Compliance").count() == 0  # not in a coach's navigation
    reply = page.goto("/compliance")
    assert reply is not None and reply.status == 403
    assert page.get_by_role("heading", name="You do not have access to this page").is_visible()
    reply = page.goto("/review")
    assert reply is not None and reply.status == 403
    shot(page, "coach-refused")
    # A change without the session's CSRF token is refused, even from a logged-in browser.
    _, info = web_home
    reply = page.request.post(f"/calls/{info['calls'][0]}/disputes", form={"reason": "forged from another site"})
    assert reply.status == 403
    reply = page.request.post(f"/calls/{info['calls'][0]}/disputes",
                              form={"reason": "forged from another site", "csrf_token": "wrong"})
    assert reply.status == 403
    # Signed out, a page sends the browser to the login form.
    page.get_by_role("button", name="Sign out").click()
    page.wait_for_load_state("networkidle")
    page.goto("/review")
    assert "/login" in page.url
    page.get_by_label("Username").fill("cole.coach")
    page.get_by_label("Password").fill("wrong-password")
    page.get_by_role("button", name="Sign in").click()
    assert "Wrong username or password" in page.locator("#login-errors").inner_text()


def test_admin_rubric_edit_shows_errors_in_place_then_saves_a_version(context: Any) -> None:
    page = context.new_page()
    login(page, "adam.admin")
    page.goto("/rubrics/scheduling")
    editor = page.locator("#rubric-yaml")
    original = editor.input_value()
    lines = original.split("\n")
    weight_line = next(i for i, line in enumerate(lines) if line.strip().startswith("weight:")) + 1
    broken = "\n".join(line.replace(line.strip(), "weight: 300") if i + 1 == weight_line else line
                       for i, line in enumerate(lines))
    editor.fill(broken)
    page.get_by_role("button", name="Validate and save").click()
    page.wait_for_load_state("networkidle")
    errors = page.locator("#rubric-errors")
    assert "was not saved" in errors.inner_text()
    assert errors.locator(f"button[data-goto-line='{weight_line}']").count() == 1
    assert editor.get_attribute("aria-invalid") == "true"
    assert page.locator(f"#rubric-gutter .err:text-is('{weight_line}')").count() == 1
    shot(page, "admin-rubric-errors")
    editor.fill(original)
    page.get_by_role("button", name="Validate and save").click()
    page.wait_for_load_state("networkidle")
    assert "Saved as version 2" in page.locator("#rubric-status").inner_text()
    assert page.locator(".timeline a", has_text="v2").count() == 1
