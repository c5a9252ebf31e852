"""Spoken-form normalization: canonical text and an offset map that always points at the original."""

import datetime as dt

import pytest

from redactors.spoken import find_spoken_dates, normalize_spoken, parse_spoken_date, spoken_digits


@pytest.mark.parametrize(
    ("said", "canonical"),
    [
        ("five five five two one two", "555212"),
        ("five five five, two one two, oh one nine eight", "555, 212, 0198"),
        ("double five oh", "550"),
        ("four, double-oh, seven", "4, 00, 7"),
        ("a double-decker bus", "a double-decker bus"),
        ("that's g o n z a l e z", "that's gonzalez"),
        ("G-O-N-Z-A-L-E-Z", "gonzalez"),
        # two hyphenated words apart at a comma; a pause after three letters is still one word
        ("C-O-N-S-T-A-N-C-E, M-W-A-N-G-I", "constance, mwangi"),
        ("G-O-N, Z-A-L-E-Z", "gonzalez"),
        ("m as in mary, i as in ida", "mi"),
        ("my member id is w four five seven two nine one eight three", "my member id is w45729183"),
        ("j smith at yahoo dot com", "jsmith@yahoo.com"),
        ("john dot smith at gmail dot com", "john.smith@gmail.com"),
        ("one nine two dot one six eight dot one dot ten", "192.168.1.10"),
        ("i'm ninety three years old", "i'm 93 years old"),
        ("nine oh two one oh", "90210"),
        ("date of birth march fourth eighty two", "date of birth march 4th 82"),
        ("d o b is five slash thirty slash fifty eight", "dob is 5/30/58"),
        # a day in a list after another, or taken at the start of a turn; not a place in a race
        ("like the uh the twenty ninth or thirtieth", "like the uh the 29th or 30th"),
        ("eighteenth is good", "18th is good"),
        ("i came in fifth in the race", "i came in fifth in the race"),
        # a spelling ends at a sentence's "I", at a month before its day, after a letter named on its own
        ("O-K-A-F-O-R. I just need", "okafor. i just need"),
        ("B E L L A M Y, November second", "bellamy, november 2nd"),
        ("it's with a Y. K-A-T-H-R-Y-N.", "it's with a y. kathryn."),
        ("k i m, november, seven", "kimn7"),
    ],
)
def test_canonical_form(said, canonical):
    assert normalize_spoken(said).text == canonical


@pytest.mark.parametrize(
    ("said", "date"),
    [
        ("march fourth eighty two", dt.date(1982, 3, 4)),
        ("oh three oh four eighty two", dt.date(1982, 3, 4)),
        ("the fourth of march nineteen eighty two", dt.date(1982, 3, 4)),
        ("March 4th, 1982", dt.date(1982, 3, 4)),
        ("3/4/1982", dt.date(1982, 3, 4)),
        ("seven twelve sixty", dt.date(1960, 7, 12)),
        ("march fourth two thousand and five", dt.date(2005, 3, 4)),
        ("no date here", None),
        # a year broken off at its decade and said again whole
        ("February fourteenth, nineteen fifty... fifty-one.", dt.date(1951, 2, 14)),
        ("march third nineteen seventy -- seventy four", dt.date(1974, 3, 3)),
        ("march 3rd 1970, 74 pounds", dt.date(1970, 3, 3)),
    ],
)
def test_parse_spoken_date(said, date):
    assert parse_spoken_date(said) == date


def test_spoken_digits():
    assert spoken_digits("five five five, two one two, oh one nine eight") == "5552120198"
    assert spoken_digits("member id w forty five seventy two") == "4572"


def test_offsets_map_back_to_the_words_said():
    text = "Sure, it's G O N Z A L E Z and my number is five five five, two one two."
    norm = normalize_spoken(text)
    i = norm.text.index("gonzalez")
    s, e = norm.to_original(i, i + len("gonzalez"))
    assert text[s:e] == "G O N Z A L E Z"
    i = norm.text.index("555")
    s, e = norm.to_original(i, norm.text.index("212") + 3)
    assert text[s:e] == "five five five, two one two"
    # untouched words map character by character
    i = norm.text.index("number")
    assert norm.to_original(i + 1, i + 3) == (text.index("number") + 1, text.index("number") + 3)


def test_a_letter_named_with_its_case():
    assert normalize_spoken("M-A-C, capital A, U-L-A-Y").text == "macaulay"
    assert normalize_spoken("she's a capital city girl").text == "she's a capital city girl"


def test_a_day_then_a_clock_time_has_no_year():
    assert [d for _, _, d in find_spoken_dates(normalize_spoken("april sixth, eleven thirty"))] == [None]
    assert [d for _, _, d in find_spoken_dates(normalize_spoken("march fourth, eighty two"))] == [dt.date(1982, 3, 4)]
