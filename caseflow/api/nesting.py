"""How deep a JSON body nests, measured before it is parsed.

Python's parser recurses once per level: a body of a few thousand ``[`` exhausts the
stack and the request failed with a 500, before any login. No case file or request
this API takes nests deeper than about ten levels.
"""

from __future__ import annotations

MAX_DEPTH = 32
_OPEN, _CLOSE, _QUOTE, _BACKSLASH = b"[{", b"]}", ord('"'), ord("\\")


def too_deep(raw: bytes, limit: int = MAX_DEPTH) -> bool:
    """Whether ``raw`` opens more than ``limit`` arrays or objects inside one another.
    Brackets inside strings do not count; malformed JSON is left to the parser."""
    if raw.count(b"[") + raw.count(b"{") <= limit:
        return False  # the common case, counted in C
    depth = 0
    in_string = escaped = False
    for byte in raw:
        if in_string:
            if escaped:
                escaped = False
            elif byte == _BACKSLASH:
                escaped = True
            elif byte == _QUOTE:
                in_string = False
        elif byte == _QUOTE:
            in_string = True
        elif byte in _OPEN:
            depth += 1
            if depth > limit:
                return True
        elif byte in _CLOSE:
            depth -= 1
    return False
