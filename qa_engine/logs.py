"""Logging to a file in the home. Log lines carry ids and counts, never transcript text or PHI."""

from __future__ import annotations

import logging
from logging.handlers import RotatingFileHandler

from qa_engine.settings import get_settings


def configure_logging(level: int = logging.INFO) -> None:
    path = get_settings().resolved_home() / "logs" / "qa-engine.log"
    root = logging.getLogger()
    logging.getLogger("presidio-analyzer").setLevel(logging.WARNING)  # a line per analyzed batch otherwise
    # Look at the root logger itself, not a flag: Celery's worker replaces the root handlers after the
    # CLI has configured them, and its forked processes must put the file handler back.
    if any(isinstance(h, RotatingFileHandler) and h.baseFilename == str(path) for h in root.handlers):
        root.setLevel(min(root.level or level, level))
        return
    path.parent.mkdir(parents=True, exist_ok=True)
    handler = RotatingFileHandler(path, maxBytes=10_000_000, backupCount=5)
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s %(message)s"))
    root.addHandler(handler)
    root.setLevel(level)
