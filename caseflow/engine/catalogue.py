"""What plugins register, gathered: violation catalogue, rules, settings, checklists.

Each item was validated and stamped with its plugin as it was returned
(:mod:`caseflow.plugin_guard`); here clashes between plugins are found."""

from __future__ import annotations

import logging
from collections.abc import Mapping

import pluggy

from caseflow.engine.findings import RuleInfo
from caseflow.settings import Settings
from caseflow.settings import load as load_settings

log = logging.getLogger("caseflow.plugins")


class RegistrationError(ValueError):
    """Two plugins register the same thing (a violation code, a rule id)."""


def violation_catalogue(pm: pluggy.PluginManager) -> dict[str, dict]:
    """Violation catalogue by code, each entry validated (ranges, tiers, bands) as it
    was registered. No plugin may silently replace another's code: a clash is an error."""
    out: dict[str, dict] = {}
    for entries in pm.hook.caseflow_register_violations():
        for entry in entries:
            code = entry["code"]
            if code in out:
                raise RegistrationError(
                    f"violation code {code} registered twice "
                    f"({out[code].get('plugin')} and {entry.get('plugin')})"
                )
            out[code] = entry
    return out


def rules(pm: pluggy.PluginManager) -> list[RuleInfo]:
    """Every rule loaded, each with the plugin that provides it. A rule id is a public
    contract: two rules under one id (in one plugin or two) is an error."""
    by_id: dict[str, RuleInfo] = {}
    for infos in pm.hook.caseflow_register_rules():
        for info in infos:
            if info.id in by_id:
                raise RegistrationError(
                    f"rule id {info.id} registered twice "
                    f"({by_id[info.id].plugin} and {info.plugin})"
                )
            by_id[info.id] = info
    return sorted(by_id.values(), key=lambda r: r.id)


def rule_settings(pm: pluggy.PluginManager, overrides: Mapping | None = None) -> Settings:
    """Plugin defaults with ``overrides`` applied, each checked (caseflow.settings). An
    override for a setting no plugin declares is an error: a typo must not silently
    keep the default."""
    return load_settings(pm, values=overrides)


def checklists(pm: pluggy.PluginManager) -> list[dict]:
    """Every checklist registered, validated, each with its plugin."""
    return [c for found in pm.hook.caseflow_register_checklists() for c in found]


def check_registrations(pm: pluggy.PluginManager) -> None:
    """Gather what every plugin registers once at start-up, so a malformed checklist or
    a rule id used twice stops the process there, naming the plugin, and not later in
    the middle of a request. (The catalogue and settings are gathered by the engine.)"""
    rules(pm)
    checklists(pm)


def warn_if_no_rules(pm: pluggy.PluginManager) -> str | None:
    """Say so, loudly, when no plugin checks anything: every step would pass unchecked
    and every review would find nothing (an allow-list that left the rules out)."""
    if pm.hook.caseflow_check_step.get_hookimpls() or pm.hook.caseflow_check_case.get_hookimpls():
        return None
    message = (
        "未载入任何规则，步骤不经检查、评查无结果 / no rule is loaded: steps pass unchecked "
        "and reviews find nothing (see CASEFLOW_PLUGINS_ALLOW and CASEFLOW_PLUGINS_AUTOLOAD)"
    )
    log.warning(message)
    return message
