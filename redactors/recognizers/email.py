"""Emails, URLs and IP addresses, written or spoken ("j smith at yahoo dot com", "www dot x dot com")."""

from __future__ import annotations

import re
from collections.abc import Iterable

from redactors.recognizers.base import SpokenRecognizer, register
from redactors.spoken import NormalizedText

_EMAIL = re.compile(r"[a-z0-9._%+\-]+@[a-z0-9.\-]+\.[a-z]{2,}")
_URL = re.compile(
    r"\b(?:https?://|www\.)[^\s,]+|\b[a-z0-9\-]+(?:\.[a-z0-9\-]+)*\.(?:com|org|net|edu|gov|io|us|"
    r"health|info|biz|co)(?:/[^\s,]*)?\b"
)
_IP = re.compile(r"\b(?:(?:25[0-5]|2[0-4]\d|1?\d?\d)\.){3}(?:25[0-5]|2[0-4]\d|1?\d?\d)\b")
# an address said in words, a part over a hundred said as "one sixty two" (normalized "1 62"): "seventy three dot one
# sixty two dot eight dot forty one"
_OCTET = r"(?:[12] \d\d|25[0-5]|2[0-4]\d|1?\d?\d)"
_SPOKEN_IP = re.compile(rf"(?<![\d.])(?:{_OCTET}\.){{3}}{_OCTET}(?![\d.])")


# "it's j pennington at hotmail", "shirin dot farahani at yahoo", "sasha dot koval, koval, 70, at outlook": a mail
# provider said without "dot com"
_BARE_PROVIDER = re.compile(
    r"\b(?P<local>[a-z0-9._]+(?:,? (?:dot )?[a-z0-9._]+){0,5}),? at (?:hotmail|gmail|yahoo|outlook|aol|icloud|"
    r"protonmail|proton mail|"
    r"comcast|verizon|live|msn)\b(?![.@])"
)
_NOT_A_HOST = {"it", "to", "is", "its", "that", "the", "a", "and", "or", "was", "at", "in", "on", "dot", "just", "so"}
_NOT_LOCAL_WORDS = {"is", "it's", "its", "was", "me", "email", "at", "on", "the", "my", "that's", "use", "him", "her"}


@register
class SpokenEmailRecognizer(SpokenRecognizer):
    ENTITIES = ["EMAIL_ADDRESS", "URL", "IP_ADDRESS"]

    def find(self, norm: NormalizedText, text: str) -> Iterable[tuple[int, int, str, float]]:
        t = norm.text
        emails = []
        for m in _EMAIL.finditer(t):
            if t[m.end() : m.end() + 1] == "/":
                continue  # "your results are in the portal at riversidemg.com/portal": a page, not a mailbox
            emails.append((m.start(), m.end()))
            yield m.start(), m.end(), "EMAIL_ADDRESS", 0.9
        for m in _BARE_PROVIDER.finditer(t):
            if any(s <= m.start() < e for s, e in emails):
                continue
            words = m.group("local").split()
            while words and words[0] in _NOT_LOCAL_WORDS:
                words = words[1:]
            if words and words[-1] not in _NOT_LOCAL_WORDS:
                start = m.end("local") - len(" ".join(words))
                yield start, m.end(), "EMAIL_ADDRESS", 0.7
        ips = []
        for m in _IP.finditer(t):
            ips.append(m.span())
            yield m.start(), m.end(), "IP_ADDRESS", 0.8
        for m in _SPOKEN_IP.finditer(t):
            if " " in m.group(0) and not any(s <= m.start() < e for s, e in ips):
                yield m.start(), m.end(), "IP_ADDRESS", 0.7
        for m in _URL.finditer(t):
            if any(s <= m.start() < e for s, e in emails) or _IP.fullmatch(m.group(0)):
                continue
            # "Is it dot net?", "Updated to dot net": a word of the sentence before "dot net", not a host
            if m.group(0).split(".")[0] in _NOT_A_HOST:
                continue
            yield m.start(), m.end(), "URL", 0.6
