"""The repository carries its own copy of the domain documents, kept in step with the
team's working copy in ``../shared`` whenever that folder is beside the checkout."""

from __future__ import annotations

import shutil

import pytest

from tests.domain import DESIGN, DOMAIN, EXAMPLES, SHARED, drift

needs_shared = pytest.mark.skipif(
    not (SHARED / "domain").is_dir(),
    reason="no ../shared beside this checkout: the repository's copy stands alone",
)


def test_a_fresh_clone_holds_every_document_the_product_rests_on():
    for name in ("legal-rules.md", "case-file-format.md", "checklists.md", "seed-figures.md"):
        assert (DOMAIN / name).is_file(), name
    assert sorted(p.name for p in EXAMPLES.glob("*.json"))
    assert sorted(p.name for p in (EXAMPLES / "1.1").glob("*.json"))
    assert len(list((DOMAIN / "laws").glob("*.md"))) >= 10
    assert (DESIGN / "architecture.md").is_file() and (DESIGN / "style.md").is_file()


@needs_shared
@pytest.mark.parametrize("name", ["domain", "design"])
def test_the_repository_copy_matches_the_shared_documents(name):
    copy = DOMAIN if name == "domain" else DESIGN
    assert drift(copy, SHARED / name) == [], (
        f"docs/{name} differs from ../shared/{name}: bring the copy up to date in this change"
    )


def test_one_changed_byte_in_the_shared_documents_is_reported_by_name(tmp_path):
    shared = tmp_path / "shared-domain"
    shutil.copytree(DOMAIN, shared)
    target = shared / "legal-rules.md"
    data = bytearray(target.read_bytes())
    data[100] ^= 0x01
    target.write_bytes(bytes(data))
    assert drift(DOMAIN, shared) == ["changed: legal-rules.md"]


def test_a_document_added_or_removed_in_the_shared_folder_is_reported(tmp_path):
    shared = tmp_path / "shared-domain"
    shutil.copytree(DOMAIN, shared)
    (shared / "examples" / "1.1" / "new-case.json").write_text("{}")
    (shared / "seed-figures.md").unlink()
    assert drift(DOMAIN, shared) == [
        "missing from the copy: examples/1.1/new-case.json",
        "only in the copy: seed-figures.md",
    ]
