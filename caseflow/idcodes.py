"""Identity codes of parties: checked before a case file is believed.

A wrong check character is the commonest typing error in an exported file, and a
decision naming the wrong party is revoked on review, so the reader refuses it.
Each check returns None when the code is valid, else a short English reason.
"""

from __future__ import annotations

import datetime as dt

# GB 32100-2015 统一社会信用代码: 31 characters, no I, O, S, V, Z (easily misread).
USCC_CHARSET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
USCC_WEIGHTS = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)
# Registration management departments (登记管理部门代码), GB 32100-2015 table 1:
# 1 机构编制, 2 外交, 3 司法行政, 4 文化, 5 民政, 6 旅游, 7 宗教, 8 工会, 9 工商 (now 市场监管),
# A 中央军委改革和编制办公室, N 农业, Y 其他.
USCC_AUTHORITIES = frozenset("123456789ANY")

# GB 11643-1999 公民身份号码, check character by ISO 7064 MOD 11-2.
RESIDENT_ID_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
RESIDENT_ID_CHECK = "10X98765432"  # indexed by weighted sum mod 11
# Province-level division codes (GB/T 2260); 81-83 also head residence permits of
# Hong Kong, Macao and Taiwan residents, which carry the same check.
PROVINCE_CODES = frozenset(
    {"11", "12", "13", "14", "15", "21", "22", "23", "31", "32", "33", "34", "35", "36", "37"}
    | {"41", "42", "43", "44", "45", "46", "50", "51", "52", "53", "54"}
    | {"61", "62", "63", "64", "65", "71", "81", "82", "83"}
)


def uscc_check_character(first17: str) -> str:
    """The check character that completes the 17 leading characters of a USCC."""
    total = sum(USCC_CHARSET.index(c) * w for c, w in zip(first17, USCC_WEIGHTS, strict=True))
    return USCC_CHARSET[(31 - total % 31) % 31]


def check_uscc(code) -> str | None:
    """None when ``code`` is a well-formed unified social credit code (GB 32100-2015)."""
    if not isinstance(code, str):
        return "must be a string"
    if len(code) != 18:
        return f"must be 18 characters, got {len(code)}"
    if code != code.upper():
        return "letters must be upper case"
    for pos, c in enumerate(code, start=1):
        if c not in USCC_CHARSET:
            return f"character {c!r} at position {pos} is not allowed (no I, O, S, V, Z)"
    if code[0] not in USCC_AUTHORITIES:
        return f"position 1 (registration authority) {code[0]!r} is not a known authority code"
    if not "1" <= code[1] <= "9":
        return f"position 2 (organization type) must be a digit 1-9, got {code[1]!r}"
    if not code[2:8].isdigit():
        return f"positions 3-8 (administrative division code) must be digits, got {code[2:8]!r}"
    expected = uscc_check_character(code[:17])
    if code[17] != expected:
        return f"check character should be {expected}, got {code[17]}"
    return None


def resident_id_check_character(first17: str) -> str:
    """The check character that completes the 17 leading digits of an ID number."""
    total = sum(int(c) * w for c, w in zip(first17, RESIDENT_ID_WEIGHTS, strict=True))
    return RESIDENT_ID_CHECK[total % 11]


def check_resident_id(code, today: dt.date | None = None) -> str | None:
    """None when ``code`` is a well-formed 18-character resident ID number."""
    if not isinstance(code, str):
        return "must be a string"
    if len(code) != 18:
        return f"must be 18 characters, got {len(code)}"
    if not code[:17].isascii() or not code[:17].isdigit():
        return "the first 17 characters must be digits"
    if code[17] == "x":
        return "check character X must be upper case"
    if not (code[17].isascii() and code[17].isdigit()) and code[17] != "X":
        return f"check character must be a digit or X, got {code[17]!r}"
    if code[:2] not in PROVINCE_CODES:
        return f"positions 1-2 {code[:2]!r} are not a province code"
    try:
        born = dt.date(int(code[6:10]), int(code[10:12]), int(code[12:14]))
    except ValueError:
        return f"positions 7-14 {code[6:14]!r} are not a valid birth date"
    today = today or dt.date.today()
    if born.year < 1900 or born > today:
        return f"birth date {born.isoformat()} is out of range"
    expected = resident_id_check_character(code[:17])
    if code[17] != expected:
        return f"check character should be {expected}, got {code[17]}"
    return None


def check_party_code(kind: str, code) -> str | None:
    """A party's ``id_code`` checked by its ``kind``: a unified social credit code for
    an organization, a resident ID number for an individual."""
    if kind == "organization":
        return check_uscc(code)
    if kind == "individual":
        return check_resident_id(code)
    return f"unknown party kind {kind!r}"
