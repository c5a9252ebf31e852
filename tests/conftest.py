"""Shared fixtures: an isolated QA Engine home per test, and real databases."""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"
PG_ADMIN_URL = os.environ.get("QA_ENGINE_TEST_PG", "postgresql://postgres@127.0.0.1:5432/test")


def shared_file(relative: str) -> Path:
    """A file from ../shared, or skip: a user's own clone does not have that folder."""
    path = SHARED / relative
    if not path.exists():
        pytest.skip(f"../shared/{relative} is absent (only the team's machines and CI have it)")
    return path


@pytest.fixture
def qa_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """A fresh QA Engine home (database, keys, storage) in a temporary folder."""
    from qa_engine.db import get_engine
    from qa_engine.settings import get_settings

    home = tmp_path / "home"
    monkeypatch.setenv("QA_ENGINE_HOME", str(home))
    for name in ("QA_ENGINE_DATABASE_URL", "QA_ENGINE_DATA_KEY", "QA_ENGINE_STORAGE_DIR", "QA_ENGINE_KEY_FILE"):
        monkeypatch.delenv(name, raising=False)
    get_settings.cache_clear()
    get_engine.cache_clear()
    yield home
    get_settings.cache_clear()
    get_engine.cache_clear()


def _pg_available() -> bool:
    try:
        import psycopg

        with psycopg.connect(PG_ADMIN_URL.replace("postgresql://", "postgresql://", 1), connect_timeout=3):
            return True
    except Exception:
        return False


@pytest.fixture
def pg_url() -> Iterator[str]:
    """A brand-new PostgreSQL database on 127.0.0.1:5432, dropped afterwards."""
    import psycopg

    if not _pg_available():
        if os.environ.get("CI"):
            pytest.fail("PostgreSQL at 127.0.0.1:5432 is required in CI")
        pytest.skip("PostgreSQL at 127.0.0.1:5432 is not running")
    name = f"qae_test_{uuid.uuid4().hex[:12]}"
    with psycopg.connect(PG_ADMIN_URL, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    url = PG_ADMIN_URL.rsplit("/", 1)[0] + f"/{name}"
    yield url.replace("postgresql://", "postgresql+psycopg://", 1)
    from qa_engine.db import get_engine

    get_engine.cache_clear()
    with psycopg.connect(PG_ADMIN_URL, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.fixture
def pg_home(qa_home: Path, pg_url: str, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A QA Engine home whose database is a fresh PostgreSQL database."""
    from qa_engine.db import get_engine
    from qa_engine.settings import get_settings

    monkeypatch.setenv("QA_ENGINE_DATABASE_URL", pg_url)
    get_settings.cache_clear()
    get_engine.cache_clear()
    return qa_home


@pytest.fixture(params=["sqlite", "postgres"])
def any_home(request: pytest.FixtureRequest, qa_home: Path) -> Path:
    """The same test on the embedded default (SQLite) and on PostgreSQL."""
    if request.param == "postgres":
        request.getfixturevalue("pg_home")
    return qa_home
