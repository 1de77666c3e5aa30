"""Kanji numerals ↔ integers, in Python and in the browser twin (numerals.js)."""

from __future__ import annotations

import pytest
from citation_js_twins import run_js
from hypothesis import given
from hypothesis import strategies as st

from generator.normalize.numerals import (
    int_to_fullwidth,
    int_to_kanji,
    int_to_positional_kanji,
    kanji_to_int,
    to_int,
)

NUMERALS = [
    ("十九", 19),
    ("二十五", 25),
    ("二十七", 27),
    ("八", 8),
    ("十", 10),
    ("百二十", 120),
    ("百二十四", 124),
    ("千", 1000),
    ("千二十四", 1024),
    ("九千九百九十九", 9999),
    ("二〇二五", 2025),
    ("一〇", 10),
    ("三十の", None),
    ("元", 1),
    ("１９", 19),
    ("19", 19),
    ("壱万", 10000),
    ("", None),
    ("十九条", None),
]


@pytest.mark.parametrize(("text", "value"), NUMERALS)
def test_printed_numerals_in_assessments_convert_to_their_integer(text, value):
    if value is None:
        with pytest.raises(ValueError):
            to_int(text)
    else:
        assert to_int(text) == value


def test_the_browser_twin_reads_every_numeral_of_the_table_like_python():
    texts = [text for text, _ in NUMERALS]
    assert run_js(numerals=texts)["numerals"] == [value for _, value in NUMERALS]


def test_the_browser_twin_reads_every_kanji_numeral_from_1_to_9999_like_python():
    forms = [int_to_kanji(n) for n in range(1, 10_000)]
    forms += [int_to_positional_kanji(n) for n in range(0, 10_000, 7)]
    assert run_js(numerals=forms)["numerals"] == [kanji_to_int(text) for text in forms]


@given(st.integers(min_value=1, max_value=99_999_999))
def test_kanji_counting_form_round_trips_to_the_same_integer(number):
    assert kanji_to_int(int_to_kanji(number)) == number


@given(st.integers(min_value=0, max_value=10**12))
def test_positional_kanji_and_full_width_digits_round_trip(number):
    assert kanji_to_int(int_to_positional_kanji(number)) == number
    assert to_int(int_to_fullwidth(number)) == number


@pytest.mark.parametrize("number", [0, -1, 100_000_000])
def test_numbers_without_a_counting_form_are_rejected(number):
    with pytest.raises(ValueError):
        int_to_kanji(number)
