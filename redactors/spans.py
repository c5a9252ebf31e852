"""Overlapping PHI hits resolved into final, non-overlapping spans in original coordinates."""

from __future__ import annotations

import re
from collections.abc import Iterable

from models.interchange import PhiSpan


def resolve_spans(spans: Iterable[PhiSpan]) -> list[PhiSpan]:
    """Merge overlapping spans of one segment into their union.

    Redaction errs toward covering more: overlapping hits become one span over both. Its type is the type
    of the longest hit (a street address beats the name of the street inside it), ties by score."""
    by_seg: dict[int, list[PhiSpan]] = {}
    for s in spans:
        if s.end > s.start:
            by_seg.setdefault(s.segment, []).append(s)
    out: list[PhiSpan] = []
    for seg in sorted(by_seg):
        group: list[PhiSpan] = []
        end = -1
        for s in sorted(by_seg[seg], key=lambda x: (x.start, -x.end)):
            if group and s.start >= end:
                out.append(_merge(group))
                group = []
            group.append(s)
            end = max(end, s.end) if len(group) > 1 else s.end
        if group:
            out.append(_merge(group))
    return out


def _merge(group: list[PhiSpan]) -> PhiSpan:
    if len(group) == 1:
        return group[0]
    lead = max(group, key=lambda s: (s.end - s.start, s.score))
    return PhiSpan(
        segment=lead.segment,
        start=min(s.start for s in group),
        end=max(s.end for s in group),
        type=lead.type,
        score=max(s.score for s in group),
        recognizer=lead.recognizer,
    )


_ADDRESS_PARTS = {"STREET_ADDRESS", "ZIP_CODE", "LOCATION"}
# between two parts of one address: separators, at most one region code ("IL", "ON") or a missing-value marker
_ADDRESS_GAP = re.compile(r"[\s,>]*(?:[A-Za-z]{1,3}\.?)?[\s,>]*")


# a comma, a period or a hyphen ("denise. denise brown-okafor", "Mei-Ling"), a correction ("seven seven, no wait,
# seven one", "8 G... no, it's B G 4 7"), a spelling read in the phonetic alphabet ("t r a n, like tango romeo"), or
# the rest of a value ("Q, 9 0 0, 4 4 2, and then 0 1")
_GAP_WORDS = (
    r"no|sorry|wait|oops|i mean|actually|rather|uh|um|well|hyphen|dash|space|like|as in|it'?s|its|that'?s|"
    r"(?:and )?then|not(?: [a-z])?"
)
_ADDRESS_RESTART = re.compile(
    r"[\s,.]*(?:[a-z'-]+[\s,.]+){0,2}(?:no|sorry|i mean|uh|um|wait|actually)\b[\s,.]*(?:[a-z'-]+[\s,.]+)?", re.I
)
# ("ninth? no, the tenth. december tenth", "August? August 20th": a value asked back and said again)
_REPEAT_GAP = re.compile(rf"[\s,;.?\-]{{1,4}}|[\s,;.?]*(?:(?:{_GAP_WORDS})\b[\s,;.]*){{1,3}}", re.I)


# identifiers one recognizer may call an ID of one kind and another of another ("8 G... no, it's B G 4 7 1 0")
_ID_FAMILY = {"MEMBER_ID", "MRN", "OTHER_ID", "ACCOUNT_NUMBER", "DEVICE_ID", "LICENSE_NUMBER"}


def _family(entity: str) -> str:
    return "ID" if entity in _ID_FAMILY else entity


def _letters_of_ids(spans: list[PhiSpan], texts: list[str]) -> list[PhiSpan]:
    """A few letters spelled beside an ID are part of it, not a name: "w h i, uh, zero zero four ...",
    "nine nine zero four, d as in david, not b, seven seven one"."""
    from redactors.spoken import normalize_spoken

    out = list(spans)
    for k, sp in enumerate(out):
        if sp.type != "PERSON":
            continue
        norm = normalize_spoken(texts[sp.segment][sp.start : sp.end])
        words = [(norm.text[a:b], kind) for a, b, kind in norm.tokens if kind != "punct"]
        if not (len(words) == 1 and words[0][1] == "letters" and len(words[0][0]) <= 3):
            continue
        for m in (k - 1, k + 1):
            if 0 <= m < len(out) and out[m].segment == sp.segment and _family(out[m].type) == "ID":
                a, b = (out[m], sp) if m < k else (sp, out[m])
                if _REPEAT_GAP.fullmatch(texts[sp.segment][a.end : b.start]):
                    out[k] = sp.model_copy(update={"type": out[m].type})
                    break
    return out


def join_address_parts(spans: list[PhiSpan], texts: list[str]) -> list[PhiSpan]:
    """A street address followed by its city, region or postal code becomes one span over the whole block;
    two spans of one type with only a comma between them become one.

    "12 Main St\nSpringfield, IL 62704": the street, the city and the ZIP found apart leave "IL" and the
    separators between them; a reader sees one address, and span recall counts it as one."""
    out = _letters_of_ids(resolve_spans(spans), texts)
    changed = True
    while changed:
        changed = False
        for k in range(len(out) - 1):
            a, b = out[k], out[k + 1]
            if a.segment != b.segment:
                continue
            # one value said twice with a comma between ("greer, greer halvorsen") is one span, whatever type each
            # part was given ("josefina" a place, "josefina ruiz" a person)
            text = texts[a.segment]
            repeated = text[b.start : b.end].lower().startswith(text[a.start : a.end].lower())
            if (_family(a.type) == _family(b.type) or repeated) and _REPEAT_GAP.fullmatch(text[a.end : b.start]):
                out[k : k + 2] = [_merge([a, b])]
                changed = True
                break
            # an address restarted with a word or two corrected: "6620 east, sorry, west, 6620 west fairview avenue",
            # "5 5 0 1 tallow, no, talbot lane"
            if a.type == b.type == "STREET_ADDRESS" and _ADDRESS_RESTART.fullmatch(text[a.end : b.start]):
                out[k : k + 2] = [_merge([a, b])]
                changed = True
                break
            if a.type != "STREET_ADDRESS" or b.type not in _ADDRESS_PARTS:
                continue
            gap = texts[a.segment][a.end : b.start]
            if len(gap) <= 12 and _ADDRESS_GAP.fullmatch(gap) and ("\n" in gap or "," in gap or not gap.strip()):
                out[k : k + 2] = [
                    PhiSpan(
                        segment=a.segment,
                        start=a.start,
                        end=b.end,
                        type="STREET_ADDRESS",
                        score=max(a.score, b.score),
                        recognizer=a.recognizer,
                    )
                ]
                changed = True
                break
    return out


# words that make a name a place: "Port Whangarei", "Cité Merzgui", "Bashall Town", "Mill Village"
PLACE_BEFORE = {
    "port", "cite", "cité", "mount", "mt", "fort", "saint", "san", "santa", "lake", "upper", "lower", "little",
    "great", "new", "north", "south", "east", "west", "store", "stora", "lille", "bad", "sankt", "villa",
}  # fmt: skip
PLACE_AFTER = {
    "town", "village", "city", "beach", "springs", "falls", "heights", "ext", "bay", "harbour", "harbor",
    "creek", "valley", "hills", "nord", "sud", "township", "county", "parish",
}  # fmt: skip
_WORD_BEFORE = re.compile(r"([^\W\d_]+)\s$")
_WORD_AFTER = re.compile(r"^\s([^\W\d_]+)\b")


def extend_place_names(spans: list[PhiSpan], texts: list[str]) -> list[PhiSpan]:
    """A name found with a place word beside it ("Port" Whangarei, Bashall "Town") is a place: take the word in."""
    out = []
    for sp in spans:
        if sp.type in ("PERSON", "LOCATION"):
            text = texts[sp.segment]
            start, end = sp.start, sp.end
            m = _WORD_BEFORE.search(text[max(0, start - 12) : start])
            # (not "great will we'll see you then": a lowercase "great" is a word of thanks)
            if m and m.group(1).lower() in PLACE_BEFORE and m.group(1) != "great":
                start -= len(m.group(0))
            m = _WORD_AFTER.match(text[end : end + 14])
            if m and m.group(1).lower() in PLACE_AFTER:
                end += m.end()
            if (start, end) != (sp.start, sp.end):
                sp = sp.model_copy(update={"start": start, "end": end, "type": "LOCATION"})
        out.append(sp)
    return out
