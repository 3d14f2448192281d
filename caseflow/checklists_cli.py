"""``caseflow checklists``: the inspection checklists every loaded plugin ships.

Without an id it lists each checklist version; with one it reads out that
checklist's items, Chinese first, as an inspector would take them on site.
"""

from __future__ import annotations

import json

import click

from caseflow.config import plugin_options
from caseflow.engine.catalogue import checklists
from caseflow.plugins import manager_from_config

EXIT_UNREADABLE = 2  # as audit-case: the installation's plugins cannot be read


def _summary(c: dict) -> dict:
    items = c.get("items", [])
    return {
        "id": c["id"],
        "version": str(c["version"]),
        "effective": str(c.get("effective", "")),
        "title_zh": c.get("title_zh", ""),
        "title_en": c.get("title_en", ""),
        "items": len(items),
        "major": sum(1 for i in items if i.get("grade") == "M"),
        "plugin": c.get("plugin"),
    }


def _pick(found: list[dict], checklist_id: str, version: str | None) -> dict | None:
    """The named version, or else the one that took effect last."""
    versions = [c for c in found if c["id"] == checklist_id]
    if version is not None:
        versions = [c for c in versions if str(c["version"]) == version]
    return max(versions, key=lambda c: (str(c.get("effective")), str(c["version"])), default=None)


def _item_line(item: dict, lang: str) -> str:
    grade = item.get("grade", "?")
    if grade == "M":
        grade = f"M {item.get('criterion', '')}"
    cond = item.get("conditional_grade")
    if cond:
        when, otherwise = cond.get(f"when_{lang}", ""), cond["otherwise"]
        zh, en = f"（{when}；否则 {otherwise}）", f" ({when}; otherwise {otherwise})"
        grade += zh if lang == "zh" else en
    flags = ""
    if item.get("review"):
        flags += "  [待核 review]"
    if item.get("superseded_by"):
        flags += f"  [→ {item['superseded_by']}]"
    text = item.get(f"text_{lang}") or item.get("text_zh", "")
    return f"{item['id']}\t{grade}\t{text}\t〔{item.get('source', '')}〕{flags}"


@click.command("checklists")
@click.argument("checklist_id", required=False)
@click.option("--version", "version", default=None, help="A version other than the latest.")
@click.option(
    "--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True
)
@click.option("--lang", type=click.Choice(["zh", "en"]), default="zh", show_default=True)
@click.pass_context
def checklists_command(ctx: click.Context, checklist_id, version, fmt, lang):
    """List inspection checklists, or the items of CHECKLIST_ID."""
    try:
        found = checklists(manager_from_config(plugin_options()))
    except Exception as exc:  # noqa: BLE001 - a broken checklist file, named, never a traceback
        click.echo(f"检查清单无法载入 / checklists cannot be loaded: {exc}", err=True)
        ctx.exit(EXIT_UNREADABLE)
    if checklist_id is None:
        rows = sorted((_summary(c) for c in found), key=lambda r: (r["id"], r["effective"]))
        if fmt == "json":
            click.echo(json.dumps(rows, ensure_ascii=False, indent=2))
            return
        for r in rows:
            title = r["title_zh"] if lang == "zh" else r["title_en"]
            click.echo(
                f"{r['id']}\tv{r['version']}\t{r['effective']}\t"
                f"{r['items']} items, {r['major']} M\t{title}"
            )
        click.echo(f"共 {len(rows)} 份检查清单 / {len(rows)} checklists")
        return
    chosen = _pick(found, checklist_id, version)
    if chosen is None:
        known = ", ".join(sorted({c["id"] for c in found}))
        raise click.BadParameter(f"no checklist {checklist_id} {version or ''} (known: {known})")
    if fmt == "json":
        click.echo(json.dumps(chosen, ensure_ascii=False, indent=2, default=str))
        return
    title = chosen.get(f"title_{lang}", "")
    applies = (chosen.get("applies_to") or {}).get(lang, "")
    click.echo(f"{title}  ({chosen['id']} v{chosen['version']}, {chosen.get('effective')})")
    if applies:
        click.echo(f"适用范围 / applies to: {applies}")
    for item in chosen.get("items", []):
        click.echo(_item_line(item, lang))
