"""Where the learned criteria's models are read from.

The package ships fitted models in ``rubrics/data``; ``qa-engine rubrics train`` writes retrained ones into
the QA home. ``rubrics`` does not read settings (it is a lower layer), so the application tells it where
those live, once, with ``set_model_dir`` (``qa_engine.db`` does, from the settings, for every entry point).
A directory that holds a complete set of models is used; otherwise the packaged ones score.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from pathlib import Path

PACKAGED_DIR = Path(__file__).resolve().parent / "data"

_provider: Callable[[], Path | None] | None = None


def set_model_dir(provider: Callable[[], Path | None] | Path | str | None) -> None:
    """Tell ``rubrics`` where retrained models live: a path, or a function returning one (followed on each
    use, so a changed home is seen); ``None`` goes back to the packaged models only."""
    global _provider
    if provider is None or callable(provider):
        _provider = provider
    else:
        path = Path(provider)
        _provider = lambda: path  # noqa: E731


def configured_model_dir() -> Path | None:
    """The directory set with ``set_model_dir`` (whether or not it holds models yet)."""
    if _provider is None:
        return None
    found = _provider()
    return Path(found).expanduser() if found is not None else None


def model_dir(names: Iterable[str]) -> Path:
    """The configured directory when it holds every one of ``names`` (``<name>.joblib``), else the packaged
    one: a half-written or partial set is never mixed with the packaged models."""
    configured = configured_model_dir()
    names = tuple(names)
    if configured is not None and all((configured / f"{n}.joblib").is_file() for n in names):
        return configured
    return PACKAGED_DIR
