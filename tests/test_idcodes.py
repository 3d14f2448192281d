import datetime as dt

import pytest

from caseflow.idcodes import (
    check_party_code,
    check_resident_id,
    check_uscc,
    resident_id_check_character,
    uscc_check_character,
)

# Computed with the GB 32100-2015 weights; the first is the example files' party.
VALID_USCC = ["91440300MA5FXXXX1Y", "121000004000000010", "51440300MJL0000002"]
# The first is GB 11643-1999's own example; the second was computed for a 1985 birth.
VALID_IDS = ["11010519491231002X", "440307198503121234"]


@pytest.mark.parametrize("code", VALID_USCC)
def test_company_credit_code_with_right_check_character_is_accepted(code):
    assert check_uscc(code) is None


def test_check_character_is_computed_over_the_first_seventeen_characters():
    assert uscc_check_character("91440300MA5FXXXX1") == "Y"
    assert resident_id_check_character("11010519491231002") == "X"


def test_credit_code_with_wrong_check_character_names_the_right_one():
    assert check_uscc("91440300MA5FXXXX13") == "check character should be Y, got 3"


@pytest.mark.parametrize(
    ("code", "reason"),
    [
        ("91440300MA5FXXXX1", "must be 18 characters, got 17"),
        ("91440300ma5fxxxx1y", "letters must be upper case"),
        ("91440300MA5FOXXX1Y", "character 'O' at position 13 is not allowed (no I, O, S, V, Z)"),
        (
            "B1440300MA5FXXXX1Y",
            "position 1 (registration authority) 'B' is not a known authority code",
        ),
        ("9A440300MA5FXXXX1Y", "position 2 (organization type) must be a digit 1-9, got 'A'"),
        (
            "9144A300MA5FXXXX1Y",
            "positions 3-8 (administrative division code) must be digits, got '44A300'",
        ),
        (None, "must be a string"),
    ],
)
def test_malformed_credit_code_is_rejected_with_its_reason(code, reason):
    assert check_uscc(code) == reason


@pytest.mark.parametrize("code", VALID_IDS)
def test_resident_id_with_right_check_character_is_accepted(code):
    assert check_resident_id(code) is None


@pytest.mark.parametrize(
    ("code", "reason"),
    [
        ("110105194912310021", "check character should be X, got 1"),
        ("11010519491231002x", "check character X must be upper case"),
        ("1101051949123100", "must be 18 characters, got 16"),
        ("1101051949A231002X", "the first 17 characters must be digits"),
        ("11010519491231002Y", "check character must be a digit or X, got 'Y'"),
        ("99010519491231002X", "positions 1-2 '99' are not a province code"),
        ("110105194902300021", "positions 7-14 '19490230' are not a valid birth date"),
        (12345, "must be a string"),
    ],
)
def test_malformed_resident_id_is_rejected_with_its_reason(code, reason):
    assert check_resident_id(code) == reason


def test_resident_id_born_in_the_future_is_rejected():
    base = "11010520300101001"
    code = base + resident_id_check_character(base)
    assert (
        check_resident_id(code, today=dt.date(2024, 1, 1))
        == "birth date 2030-01-01 is out of range"
    )


def test_party_code_is_checked_by_the_party_kind():
    assert check_party_code("organization", "91440300MA5FXXXX1Y") is None
    assert check_party_code("individual", "11010519491231002X") is None
    # An organization's code is not an ID number and the other way round.
    assert check_party_code("individual", "91440300MA5FXXXX1Y") is not None
    assert check_party_code("organization", "11010519491231002X") is not None
    assert check_party_code("robot", "x") == "unknown party kind 'robot'"
