"""``caseflow settings``: every rule setting, its default, its value and where it came from."""

from __future__ import annotations

import json

import click


def _value(v) -> str:
    return json.dumps(v, ensure_ascii=False)


@click.command("settings")
@click.option(
    "--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True
)
def settings_command(fmt):
    """List each rule setting: value, default, where the value came from (default,
    plugin, config file, environment), and the defaults still to confirm."""
    from caseflow.cli import _runtime
    from caseflow.settings import env_name

    with _runtime() as rt:
        settings = rt.engine.settings
        entries = [settings.entries[k] for k in sorted(settings)]
        file = rt.config.get("SETTINGS_FILE")
    if fmt == "json":
        docs = [
            {
                "key": s.key,
                "value": s.value,
                "default": s.default,
                "origin": s.origin,
                "where": s.where,
                "plugin": s.plugin,
                "to_confirm": s.to_confirm or None,
                "overrides": [{"plugin": p, "default": v} for p, v in s.overrides],
                "env": env_name(s.key),
            }  # fmt: skip
            for s in entries
        ]
        click.echo(json.dumps(docs, ensure_ascii=False, indent=2))
        return
    for line in text_lines(entries):
        click.echo(line)
    marked = sum(1 for s in entries if s.to_confirm)
    changed = sum(1 for s in entries if s.origin not in ("default", "plugin"))
    click.echo(
        f"共 {len(entries)} 项设置，{changed} 项由本单位设定，{marked} 项待确认 / "
        f"{len(entries)} settings, {changed} set by this installation, {marked} to confirm"
        f" (config file: {file})"
    )


def text_lines(entries) -> list[str]:
    """One line a setting: key, value, default, where the value came from, the mark."""
    out = []
    for s in entries:
        line = f"{s.key}\t{_value(s.value)}\tdefault {_value(s.default)}\t{s.source}"
        if s.overrides and s.origin != "plugin":
            over = ", ".join(f"{p} ({v!r})" for p, v in s.overrides)
            line += f"\tdeclared by {s.plugin} over {over}"
        if s.to_confirm:
            line += f"\t待确认 / to confirm: {s.to_confirm}"
        out.append(line)
    return out
