"""Logging to a file in the home. Log lines carry ids and counts, never transcript text or PHI."""

from __future__ import annotations

import logging
from logging.handlers import RotatingFileHandler

from qa_engine.settings import get_settings

_configured: set[str] = set()


def configure_logging(level: int = logging.INFO) -> None:
    path = get_settings().resolved_home() / "logs" / "qa-engine.log"
    if str(path) in _configured:
        return
    path.parent.mkdir(parents=True, exist_ok=True)
    handler = RotatingFileHandler(path, maxBytes=10_000_000, backupCount=5)
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s %(message)s"))
    root = logging.getLogger()
    root.addHandler(handler)
    root.setLevel(level)
    _configured.add(str(path))
