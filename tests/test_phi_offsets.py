"""Property test: the spoken-form offset map always points inside the original, in order."""

import pytest

from redactors.spoken import normalize_spoken

hypothesis = pytest.importorskip("hypothesis")
st = hypothesis.strategies

_WORDS = [
    "five",
    "oh",
    "two",
    "double",
    "g",
    "o",
    "n",
    "at",
    "dot",
    "com",
    "march",
    "fourth",
    "eighty",
    "the",
    "m",
    "as",
    "in",
    "mary",
    "Smith",
    ",",
    "...",
    "-",
    "twenty",
    "hundred",
    "1982",
    "3/4",
    "é",
    "  ",
    "x-ray",
]


@hypothesis.given(st.lists(st.sampled_from(_WORDS), max_size=25), st.sampled_from([" ", "", ", "]))
@hypothesis.settings(max_examples=300, deadline=None)
def test_offset_map_is_monotone_and_in_bounds(words, sep):
    text = sep.join(words)
    norm = normalize_spoken(text)
    prev = (0, 0)
    for i in range(len(norm.text)):
        s, e = norm.to_original(i, i + 1)
        assert 0 <= s < e <= len(text)
        assert s >= prev[0]
        prev = (s, e)
    s, e = norm.to_original(0, len(norm.text))
    if norm.text:
        # the whole normalized text covers exactly the original's non-space extent
        assert text[:s].strip() == "" and text[e:].strip() == ""
