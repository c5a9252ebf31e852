"""Names spelled letter by letter ("g o n z a l e z", "G-O-N", "m as in mary", NATO words)."""

from __future__ import annotations

from collections.abc import Iterable

from redactors.recognizers.base import SpokenRecognizer, register
from redactors.spoken import NormalizedText

# letters said one by one that are not a name: "d o b is oh three ...", "what's your m r n"
ABBREVIATIONS = {
    *("dob", "mrn", "ssn", "npi", "id", "er", "icu", "md", "np", "pa", "rn", "ok", "dr", "mri", "ct", "ekg"),
    *("acct", "mbi", "dl", "rx", "sn", "po", "apt", "ste", "ekg", "ecg", "cpt", "icd", "usa", "vac", "nicu", "icu"),
}


@register
class SpelledNameRecognizer(SpokenRecognizer):
    ENTITIES = ["PERSON"]

    def find(self, norm: NormalizedText, text: str) -> Iterable[tuple[int, int, str, float]]:
        for start, end, kind in norm.tokens:
            if kind == "letters" and norm.text[start:end] not in ABBREVIATIONS:
                yield start, end, "PERSON", 0.7
