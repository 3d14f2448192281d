"""Offline by design: no template or static file fetches anything from another host."""

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
URL = re.compile(r"(?:https?:)?//([a-z0-9.-]+\.[a-z]{2,}|localhost|\d+\.\d+\.\d+\.\d+)", re.I)
LOCAL = {"localhost", "127.0.0.1"}


def _files():
    for base in (ROOT / "templates", ROOT / "caseflow/static"):
        yield from (p for p in base.rglob("*") if p.is_file())


def test_no_template_or_static_file_names_an_external_url():
    offenders = []
    for path in _files():
        try:
            text = path.read_text(encoding="utf-8")
        except UnicodeDecodeError:
            continue  # binary assets carry no links
        for m in URL.finditer(text):
            if m.group(1).lower() not in LOCAL:
                offenders.append(f"{path.relative_to(ROOT)}: {m.group(0)}")
    assert offenders == []


def test_the_stylesheet_uses_the_system_chinese_font_stack_and_no_web_fonts():
    css = (ROOT / "caseflow/static/css/caseflow.css").read_text(encoding="utf-8")
    assert '"PingFang SC", "Microsoft YaHei", "Noto Sans CJK SC"' in css
    assert "@font-face" not in css and "@import" not in css
