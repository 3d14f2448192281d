"""The English catalogue is complete and current: every UI string has its English."""

from pathlib import Path

from babel.messages.extract import extract_from_dir
from babel.messages.pofile import read_po

ROOT = Path(__file__).resolve().parents[2]
PO = ROOT / "caseflow/translations/en/LC_MESSAGES/messages.po"
MO = PO.with_suffix(".mo")
KEYWORDS = {"_": None, "gettext": None, "_l": None, "N_": None, "ngettext": (1, 2)}


def _catalogue():
    with PO.open("rb") as fh:
        return read_po(fh, locale="en")


def test_english_catalogue_has_no_untranslated_or_fuzzy_entries():
    catalogue = _catalogue()
    untranslated = [m.id for m in catalogue if m.id and not m.string]
    fuzzy = [m.id for m in catalogue if m.id and m.fuzzy]
    assert untranslated == [] and fuzzy == []
    assert MO.exists() and MO.stat().st_mtime >= PO.stat().st_mtime - 1


def test_every_string_in_the_sources_is_in_the_catalogue():
    """A new _("...") without a catalogue update would show Chinese in English mode."""
    known = {m.id for m in _catalogue() if m.id}
    method_map = [("caseflow/web/**.py", "python"), ("templates/**.html", "jinja2")]
    found = set()
    for _file, _line, message, _comments, _ctx in extract_from_dir(
        str(ROOT), method_map, keywords=KEYWORDS
    ):
        found.add(message if isinstance(message, str) else message[0])
    assert sorted(found - known) == []


def test_english_mode_translates_the_login_page(client):
    client.post("/lang/en")
    page = client.get("/login").text
    assert "Log in" in page and "Username" in page and "登录" not in page.split("<main")[1]
