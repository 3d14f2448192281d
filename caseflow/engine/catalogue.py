"""What plugins register, gathered: violation catalogue, rules, settings, checklists."""

from __future__ import annotations

from collections.abc import Mapping

import pluggy

from caseflow.engine.findings import RuleInfo
from caseflow.plugins import collect
from caseflow.settings import Settings
from caseflow.settings import load as load_settings


def violation_catalogue(pm: pluggy.PluginManager) -> dict[str, dict]:
    """Violation catalogue by code. A later-registered plugin may not silently replace
    a code: the first registration wins and a duplicate is reported."""
    out: dict[str, dict] = {}
    for plugin, entry in collect(pm, "caseflow_register_violations"):
        code = entry["code"]
        if code in out:
            raise ValueError(
                f"violation code {code} registered twice ({out[code].get('plugin')} and {plugin})"
            )
        out[code] = {**entry, "plugin": plugin}
    return out


def rules(pm: pluggy.PluginManager) -> list[RuleInfo]:
    """Every rule loaded, each with the plugin that provides it."""
    infos = [
        RuleInfo(**{**info.__dict__, "plugin": info.plugin or plugin})
        for plugin, info in collect(pm, "caseflow_register_rules")
    ]
    return sorted(infos, key=lambda r: r.id)


def rule_settings(pm: pluggy.PluginManager, overrides: Mapping | None = None) -> Settings:
    """Plugin defaults with ``overrides`` applied, each checked (caseflow.settings). An
    override for a setting no plugin declares is an error: a typo must not silently
    keep the default."""
    return load_settings(pm, values=overrides)


def checklists(pm: pluggy.PluginManager) -> list[dict]:
    return [{**c, "plugin": plugin} for plugin, c in collect(pm, "caseflow_register_checklists")]
