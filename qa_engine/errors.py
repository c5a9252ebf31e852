"""Domain errors that services raise and the API maps to problem+json (``api.problems``).

Services know nothing of HTTP; the kind of error says what went wrong, the message is safe to show
(never PHI), and ``kind`` is the short machine-readable tag of the problem type.
"""

from __future__ import annotations


class DomainError(Exception):
    kind = "error"

    def __init__(self, message: str, *, kind: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        if kind is not None:
            self.kind = kind


class NotFound(DomainError):
    """The resource does not exist, or is not the caller's to see (answered the same way)."""

    kind = "not-found"


class InvalidInput(DomainError):
    """The request names something that does not fit: an unknown criterion, an analyst of another
    organization, a score above the criterion's maximum."""

    kind = "validation"


class Conflict(DomainError):
    """The resource is not in a state that allows this: the call is not scored yet, the dispute is
    already resolved, the calibration session is closed."""

    kind = "conflict"
