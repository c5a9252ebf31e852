"""Account names said on the phone: "your username hbrzezinski57 is fine", "my login is jdoe_1984"."""

from __future__ import annotations

import re
from collections.abc import Iterable

from redactors.recognizers.base import SpokenRecognizer, register
from redactors.spoken import NormalizedText

# the name right after its cue: with a digit in it, or six characters and more ("my username is ottoline")
_USERNAME = re.compile(
    r"\b(?:user ?name|user id|login|log-in|screen name|handle)(?:\s+is|\s*:)?\s+"
    # ("precious underscore n": the separators said as words)
    r"(?P<v>[a-z0-9][a-z0-9._-]*(?:\s+(?:underscore|dot|dash)\s+[a-z0-9._-]+)+|"
    r"[a-z0-9._-]*\d[a-z0-9._-]*[a-z0-9]|[a-z][a-z0-9._-]{4,}[a-z0-9])\b"
)
_NOT_NAMES = {"please", "password", "button", "screen", "page", "again", "there", "first", "instead", "should"}


@register
class UsernameRecognizer(SpokenRecognizer):
    ENTITIES = ["OTHER_ID"]

    def find(self, norm: NormalizedText, text: str) -> Iterable[tuple[int, int, str, float]]:
        for m in _USERNAME.finditer(norm.text):
            if m.group("v") not in _NOT_NAMES:
                yield m.start("v"), m.end("v"), "OTHER_ID", 0.7
