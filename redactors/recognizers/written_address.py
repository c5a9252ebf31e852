"""Written postal addresses in chat, SMS and documents, wherever they come from: "6750 Koskikatu 25 Apt. 864,
Artilleros, CO, Uruguay 64677", "PSC 0413, Box 8144, APO AA 42323", multi-line blocks. A house number and street
start the address; unit, city, region, postal code and country lines that follow extend it."""

from __future__ import annotations

import re

from presidio_analyzer import EntityRecognizer, RecognizerResult

from redactors import lexicon
from redactors.recognizers.address import STATES, SUFFIXES
from redactors.recognizers.base import register
from redactors.spoken import STATE_ABBR

_L = r"[^\W\d_]"  # a letter, any script
_STREET_WORD = rf"{_L}[\w'.\-]*"
# "6750 Koskikatu 25", "86036 Rua do Arenque 1634", "233 Erzsébet tér 19.", "1987 74 Diakou Street"
_NUMBER_STREET_NUMBER = re.compile(
    rf"(?<![:\d])\b\d{{1,6}}\s+(?:\d{{1,4}}\s+)?(?P<street>(?:{_STREET_WORD}\s+){{0,4}}?{_STREET_WORD})"
    rf"\s+\d{{1,5}}[a-zA-Z]?\b\.?"
)
_NUMBER_STREET_SUFFIX = re.compile(
    rf"(?<![:\d])\b\d{{1,6}}\s+(?:\d{{1,4}}\s+)?(?P<street>(?:{_STREET_WORD}\s+){{1,4}})"
    rf"(?:{'|'.join(SUFFIXES)})\b\.?",
    re.IGNORECASE,
)
# European street names carry their suffix in the word: "Villacher Strasse 89", "Csabai kapu 39."
_EURO_STREET = re.compile(
    rf"\b(?:{_STREET_WORD}\s+){{0,2}}(?:{_L}*(?:strasse|straße|gasse|weg|vej|vejen|gata|gatan|katu|tie|kuja|polku|"
    r"straat|laan|gracht|plein|platz|allee|ring|utca|ucca|kapu|ulica|ul\.|rue|via|viale|vicolo|piazza|calle|avenida|"
    r"rua|travessa|largo|odos|sokak|cadde|caddesi|u\.|tér|körút))\s+\d{1,5}[a-zA-Z]?\b\.?",
    re.IGNORECASE,
)
# "the corner of 11 Botley Road St. and Herceg Gateway St."
_CORNER = re.compile(rf"\bthe corner of\s+[^\n,;!?]{{3,60}}?\s+and\s+(?:{_STREET_WORD}\s*){{1,4}}(?=[.,;!?\n]|$)")
_MILITARY = re.compile(
    r"\b(?:(?:PSC|Unit)\s+\d{3,5},?\s+Box\s+\d{3,5}|(?:USNS|USS|USNV|USCGC)\s+[A-Za-z]+)(?:\s*[,\n]\s*|\s+)"
    r"(?:APO|FPO|DPO)\s+(?:AA|AE|AP)\s+\d{5}\b",
    re.IGNORECASE,
)
_UNIT = re.compile(
    r"(?:(?:Apt|Apartment|Suite|Ste|Unit|Box|Flat|Floor|Fl|Room|Rm)\b\.?|#)\s*#?\s*[\w\-]{1,6}\b\.?", re.IGNORECASE
)
_POSTAL = re.compile(
    r"(?:\d{3,5}(?:[\- ]\d{3,4})?|[A-Z]\d[A-Z] ?\d[A-Z]\d|[A-Z]{1,2}\d[A-Z\d]? ?\d[A-Z]{2})\b", re.IGNORECASE
)
_SEP = re.compile(r"(?:[ \t]*[,\n][ \t\n,>?]*|[ \t]+)")
_PLACE_LINE = re.compile(rf"{_L}[\w'.\-]*(?:[ \t]+{_L}[\w'.\-]*){{0,3}}")
_BLOCKERS = {
    "and",
    "or",
    "the",
    "of",
    "in",
    "on",
    "at",
    "to",
    "for",
    "with",
    "from",
    "by",
    "is",
    "was",
    "are",
    "a",
    "an",
    "my",
    "your",
    "his",
    "her",
    "their",
    "our",
    "i",
    "you",
    "he",
    "she",
    "we",
    "they",
    "it",
    "that",
    "this",
    "which",
    "who",
    "after",
    "before",
    "since",
    "than",
    "then",
    "times",
    "years",
    "songs",
    "kids",
    "people",
    "days",
    "weeks",
    "months",
    "hours",
    "minutes",
    "dollars",
    "percent",
}
_BLOCKERS |= {"a.m.", "p.m.", "a.m..", "p.m..", "am", "pm", "o'clock"}
_PARTICLES = {
    "do",
    "da",
    "de",
    "del",
    "della",
    "di",
    "dos",
    "das",
    "van",
    "von",
    "der",
    "den",
    "la",
    "le",
    "el",
    "du",
    "des",
    "st",
    "st.",
    "u.",
    "str",
    "str.",
}
_STATES = {s.lower() for s in STATES} | {s.upper() for s in STATE_ABBR}


def _street_ok(street: str) -> bool:
    words = street.split()
    if not words:
        return True
    if any(w.lower() in _BLOCKERS and w.lower() not in _PARTICLES for w in words):
        return False
    # a street name is a name: capitalized, or a word rare in English ("hersnapvej")
    return any(
        w[0].isupper() or lexicon.zipf(lexicon.fold(w).strip(".")) < 3.5 for w in words if w.lower() not in _PARTICLES
    )


def _extend(text: str, end: int) -> int:
    """Consume unit, city, region, postal code and country parts that follow an address."""
    for _ in range(8):
        m = _SEP.match(text, end)
        if not m:
            break
        sep = m.group(0)
        pos = m.end()
        newline_or_comma = "\n" in sep or "," in sep
        part = _UNIT.match(text, pos) or _POSTAL.match(text, pos)
        if part is None:
            line = _PLACE_LINE.match(text, pos)
            capitalized_line = line and all(w[0].isupper() for w in line.group(0).split()[:3])
            # lowercase text: place words no English word list knows ("moosleerau"), or a country
            if line and not capitalized_line and text == text.lower():
                capitalized_line = lexicon.fold(line.group(0)) in lexicon.load()["countries"] or all(
                    lexicon.zipf(lexicon.fold(w)) < 3.0 or lexicon.fold(w) in lexicon.load()["countries"]
                    for w in line.group(0).split()
                )
            if not line or not (newline_or_comma or capitalized_line):
                break
            words = line.group(0).split()
            if any(w.lower() in _BLOCKERS for w in words):
                # keep only the words before a function word ("København V", not "for a business trip")
                keep = []
                for w in words:
                    if w.lower() in _BLOCKERS:
                        break
                    keep.append(w)
                if not keep:
                    break
                end = pos + len(" ".join(keep))
                break
            if not (
                all(w[0].isupper() for w in words)
                or text[pos : line.end()] in ("nan",)
                or lexicon.fold(line.group(0)).lower() in lexicon.load()["countries"]
                or line.group(0) in _STATES
                or text == text.lower()
            ):
                break
            part = line
        end = part.end()
    return end


@register
class WrittenAddressRecognizer(EntityRecognizer):
    def __init__(self) -> None:
        super().__init__(
            supported_entities=["STREET_ADDRESS"], supported_language="en", name="WrittenAddressRecognizer"
        )

    def load(self) -> None:
        pass

    def analyze(self, text, entities, nlp_artifacts=None, **kwargs) -> list[RecognizerResult]:
        if entities and "STREET_ADDRESS" not in entities:
            return []
        found: list[tuple[int, int, float]] = []
        for m in _MILITARY.finditer(text):
            found.append((m.start(), m.end(), 0.85))
        for m in _CORNER.finditer(text):
            found.append((m.start(), m.end(), 0.7))
        for pat in (_NUMBER_STREET_SUFFIX, _NUMBER_STREET_NUMBER, _EURO_STREET):
            for m in pat.finditer(text):
                if any(s < m.end() and m.start() < e for s, e, _ in found):
                    continue
                if "street" in pat.groupindex and not _street_ok(m.group("street")):
                    continue
                start = m.start()
                # "on Villacher Strasse 89": the words before a street name are not part of it
                while True:
                    w = re.match(r"([^\W\d_]+)\s+", text[start : m.end()])
                    if not w or w.group(1).lower() not in _BLOCKERS:
                        break
                    start += w.end()
                found.append((start, _extend(text, m.end()), 0.75))
        out = []
        for s, e, score in found:
            while e > s and text[e - 1] in " \t\n,.;:":
                e -= 1
            out.append(
                RecognizerResult(
                    entity_type="STREET_ADDRESS",
                    start=s,
                    end=e,
                    score=score,
                    recognition_metadata={
                        RecognizerResult.RECOGNIZER_NAME_KEY: self.name,
                        RecognizerResult.RECOGNIZER_IDENTIFIER_KEY: self.id,
                    },
                )
            )
        return out
