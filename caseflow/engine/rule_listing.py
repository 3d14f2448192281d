"""What ``caseflow rules`` and ``GET /api/v1/rules`` say of each rule: its severities, its
legal source, and the settings it reads with their value, their versions (a dated
setting's rows of from-date and value) and the "to confirm" mark where a default is not
confirmed against the text in force."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping

from caseflow.engine.findings import RuleInfo


def settings_of(info: RuleInfo, settings: Mapping) -> list[str]:
    """The keys a rule reads: those it declares and every key under its id (a rule's
    periods are set as ``<rule id>.<name>`` too)."""
    keys = list(info.settings)
    keys += sorted(k for k in settings if k.startswith(f"{info.id}.") and k not in keys)
    return keys


def setting_doc(key: str, settings: Mapping) -> dict:
    entries = getattr(settings, "entries", {})
    entry = entries.get(key)
    value = settings.get(key)
    doc = {"key": key, "value": value, "versions": versions(value), "to_confirm": None}
    if entry is not None:
        doc["default"] = entry.default
        doc["to_confirm"] = entry.to_confirm or None
    return doc


def versions(value) -> list[dict] | None:
    """A dated setting's rows as ``[{"from": date, "value": v}]``; None for one value."""
    if not isinstance(value, list) or not value:
        return None
    rows = [r for r in value if isinstance(r, list | tuple) and len(r) == 2]
    if len(rows) != len(value):
        return None
    try:
        for r in rows:
            dt.date.fromisoformat(str(r[0]))
    except ValueError:
        return None
    return [{"from": str(d), "value": v} for d, v in rows]


def rule_doc(info: RuleInfo, settings: Mapping) -> dict:
    return {
        "id": info.id,
        "severity": str(info.severity),
        "severities": [str(s) for s in info.severities],
        "title_zh": info.title_zh,
        "title_en": info.title_en,
        "source": info.source,
        "steps": list(info.steps),
        "plugin": info.plugin,
        "settings": [setting_doc(k, settings) for k in settings_of(info, settings)],
    }


def text_lines(doc: dict) -> list[str]:
    """A rule as ``caseflow rules`` prints it: one line, then one per setting."""
    severities = "/".join(doc["severities"])
    out = [
        f"{doc['id']}\t{severities}\t{doc['plugin']}\t{doc['source']}\t"
        f"{doc['title_zh']} / {doc['title_en']}"
    ]
    for s in doc["settings"]:
        if s["versions"]:
            shown = "; ".join(f"{v['from']}起 {v['value']}" for v in s["versions"])
        else:
            shown = repr(s["value"]) if not isinstance(s["value"], str) else s["value"]
        line = f"    {s['key']} = {shown}"
        if s["to_confirm"]:
            line += f"\t待确认 / to confirm: {s['to_confirm']}"
        out.append(line)
    return out
