"""Where the tests find the domain documents: the repository's own copy.

``docs/domain`` is the product's canonical copy of the rule catalogue, the case-file
format, the checklists material, the example files and the statute texts. The team's
working copy at ``../shared/domain`` (beside a developer's checkout, absent from a
plain clone) is compared with it by ``tests/test_domain_copy.py``.
"""

from __future__ import annotations

import filecmp
import json
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
DOMAIN = REPO / "docs" / "domain"
DESIGN = REPO / "docs" / "design"
EXAMPLES = DOMAIN / "examples"
CATALOGUE_MD = DOMAIN / "legal-rules.md"
FORMAT_MD = DOMAIN / "case-file-format.md"
SHARED = REPO.parent / "shared"


def _files(root: Path) -> set[str]:
    return {p.relative_to(root).as_posix() for p in root.rglob("*") if p.is_file()}


def drift(copy: Path, source: Path) -> list[str]:
    """Every file that differs between the repository's copy and its source, named.

    Each entry says how: 'changed: X', 'missing from the copy: X', 'only in the copy: X'.
    """
    ours, theirs = _files(copy), _files(source)
    changed = [
        f"changed: {name}"
        for name in sorted(ours & theirs)
        if not filecmp.cmp(copy / name, source / name, shallow=False)
    ]
    missing = [f"missing from the copy: {name}" for name in sorted(theirs - ours)]
    extra = [f"only in the copy: {name}" for name in sorted(ours - theirs)]
    return changed + missing + extra


NOTICE_KEYS = ("facts", "basis", "statement_days", "method", "receipt_signed")


def with_notice_contents(doc: dict, name: str) -> dict:
    """A 1.0 example predates format 1.1's notice contents, which a live notice carries
    (APL-44-CONTENT): its notice takes them from the 1.1 example of the same case."""
    newer = json.loads((EXAMPLES / "1.1" / f"general-{name}-clean.json").read_text("utf-8"))
    contents = next(s for s in newer["steps"] if s["step"] == "notify")
    for step in doc["steps"]:
        if step["step"] == "notify":
            step.update({k: contents[k] for k in NOTICE_KEYS if k in contents})
    return doc
