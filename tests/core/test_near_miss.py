"""The near-miss measure behind every "did you mean" about a slip of the keyboard."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from catalog_lint.near_miss import NameIndex, candidates, certain, distance, edits, max_edits


@pytest.mark.parametrize(("a", "b", "expected"), [
    ("checkout", "checkout", 0),
    ("chekout", "checkout", 1),  # a letter left out
    ("checkoutt", "checkout", 1),  # one added
    ("chackout", "checkout", 1),  # one changed
    ("chcekout", "checkout", 1),  # two neighbours swapped: one edit, not two
    ("ca", "abc", 3),  # optimal string alignment: no part is edited twice
    ("", "abc", 3),
])
def test_distance(a: str, b: str, expected: int) -> None:
    assert distance(a, b, 10) == expected
    assert distance(b, a, 10) == expected


def test_distance_stops_past_the_limit() -> None:
    assert distance("checkout", "payments", 2) == 3
    assert distance("a" * 50, "b" * 50, 2) == 3


@pytest.mark.parametrize(("length", "expected"), [(1, 0), (3, 0), (4, 1), (7, 1), (8, 2), (40, 2)])
def test_the_edits_allowed_grow_with_the_length(length: int, expected: int) -> None:
    assert max_edits(length) == expected


@pytest.mark.parametrize(("written", "known", "expected"), [
    ("chekout", "checkout", 1),
    ("lifecyle", "lifecycle", 1),
    ("descripton", "description", 1),
    ("ownr", "owner", 1),
    ("sytsem", "system", 1),
    ("Checkout", "checkout", 0),  # case alone: a near miss (Port compares exactly)
    ("cart-servcie", "cart-service", 1),
    ("chekcoutt", "checkout", 2),
    ("checkout", "checkout", None),  # the same name is not a near miss of itself
    ("team-a", "team-b", None),  # siblings on one pattern
    ("eu-west", "us-west", None),
    ("db-0001", "db-0002", None),  # numbers name different things
    ("api-v1", "api-v2", None),
    ("db", "dc", None),  # too short to tell
    ("tag", "tags", None),
    ("shop", "shipping", None),  # too far
    ("chkot", "checkout", None),
])
def test_edits(written: str, known: str, expected: int | None) -> None:
    assert edits(written, known) == expected


def test_candidates_closest_first_then_alphabetical() -> None:
    known = ["checkout", "chekouts", "checkouts", "payments", "chekout"]
    assert candidates("chekout", known) == ["checkout", "chekouts"]
    assert candidates("chekoutt", known) == ["chekout", "chekouts", "checkout", "checkouts"]
    assert candidates("zzzz", known) == []


def test_the_one_certain_candidate() -> None:
    assert certain("chekout", ["checkout", "payments"]) == "checkout"
    assert certain("chekout", ["checkout", "chekouts"]) is None  # two: ask
    assert certain("zzzz", ["checkout"]) is None


def test_an_index_keeps_the_values_and_their_order() -> None:
    index = NameIndex([("checkout", 1), ("Checkout", 2), ("payments", 3), ("checkout", 4)])
    assert index.candidates("chekout") == [("Checkout", 2), ("checkout", 1), ("checkout", 4)]
    assert index.certain("paymnts") == ("payments", 3)
    assert index.certain("chekout") is None


def test_an_index_finds_what_comparing_with_every_name_finds() -> None:
    names = [f"{stem}-{n:03d}" for stem in ("team", "db", "svc") for n in range(300)]
    names += ["checkout", "payments", "cart-service", "catalog", "search-api"]
    index = NameIndex((name, name) for name in names)
    for written in ("chekout", "team-0l2", "cart-servce", "searchapi", "db-007", "catalgo"):
        slow = sorted((edits(written, name), name) for name in names
                      if edits(written, name) is not None)
        assert [name for name, _ in index.candidates(written)] == [name for _, name in slow]


_NAMES = st.text(alphabet="abcdefgh-0123", max_size=12)


@given(_NAMES, _NAMES)
def test_distance_is_symmetric_and_bounded(a: str, b: str) -> None:
    d = distance(a, b, 20)
    assert d == distance(b, a, 20)
    assert abs(len(a) - len(b)) <= d <= max(len(a), len(b))
    assert (d == 0) == (a == b)
    assert distance(a, b, 1) == min(d, 2)  # the cut-off never changes an answer within it


def test_the_cut_off_holds_at_the_last_cell() -> None:
    # every row has a cell within 1, but the alignment as a whole costs 3
    assert distance("12", "200", 20) == 3
    assert distance("12", "200", 1) == 2


@given(_NAMES, _NAMES)
def test_a_near_miss_is_symmetric(a: str, b: str) -> None:
    assert (edits(a, b) is None) == (edits(b, a) is None)
