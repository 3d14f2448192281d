"""The plugin manager: built-ins and outside plugins load the same way.

Every plugin, built-in or not, is found through the ``caseflow.plugins`` entry
point group. Loading a plugin runs its code, so an installation can allow-list
the entry points it trusts (``PLUGINS_ALLOW``) or turn autoload off; a name in the
allow-list that matches no installed plugin is a start-up error, never a silent
empty load. Hooks are called through pluggy (``pm.hook.<name>(**kwargs)``); each
implementation is guarded as it registers (:mod:`caseflow.plugin_guard`).
"""

from __future__ import annotations

import difflib
import importlib.metadata
import logging
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

import pluggy

from caseflow import hookspecs
from caseflow.plugin_guard import PluginError, guard, noting_results, stop_noting

ENTRY_POINT_GROUP = "caseflow.plugins"
log = logging.getLogger(__name__)

__all__ = [
    "PluginError",
    "PluginSetupError",
    "call_each",
    "collect",
    "describe",
    "diagnose",
    "make_manager",
    "manager_from_config",
]


class PluginSetupError(Exception):
    """The installation's plugins cannot be loaded as configured (a start-up error)."""


class Manager(pluggy.PluginManager):
    """A pluggy manager whose hook implementations fail by name (see plugin_guard)."""

    def register(self, plugin: Any, name: str | None = None) -> str | None:
        try:
            name = super().register(plugin, name)
        except pluggy.PluginValidationError as exc:
            raise PluginSetupError(f"plugin '{name or plugin}': {exc}") from None
        if name is None:
            return None
        for caller in self.get_hookcallers(plugin) or ():
            for impl in caller.get_hookimpls():
                if impl.plugin is plugin:
                    wrapper = bool(impl.wrapper or impl.hookwrapper)
                    impl.function = guard(impl.function, name, caller.name, wrapper)
        return name


def _hook_names() -> list[str]:
    return sorted(n for n in dir(hookspecs) if n.startswith("caseflow_"))


def _check_pending(pm: Manager) -> None:
    """Refuse a hook implementation that matches no spec: a misspelt name would
    otherwise never be called, silently."""
    try:
        pm.check_pending()
    except pluggy.PluginValidationError as exc:
        name = pm.get_name(exc.plugin) or repr(exc.plugin)
        unknown = [c.name for c in pm.get_hookcallers(exc.plugin) or () if c.spec is None]
        hook = unknown[0] if unknown else "?"
        near = difflib.get_close_matches(hook, _hook_names(), n=1)
        hint = f"; did you mean {near[0]}?" if near else ""
        raise PluginSetupError(f"plugin '{name}' implements unknown hook {hook}{hint}") from None


def make_manager(
    allow: Iterable[str] | None = None,
    autoload: bool = True,
    extra: Iterable[Any] = (),
) -> pluggy.PluginManager:
    """Build a plugin manager. ``allow`` (entry point names) limits what loads;
    ``None`` loads every installed plugin. ``extra`` registers objects directly
    (tests, embedding). Raises :class:`PluginSetupError` naming the plugin when one
    cannot be imported or registered, implements a hook that does not exist, or
    when ``allow`` names a plugin that is not installed."""
    pm = Manager("caseflow")
    pm.add_hookspecs(hookspecs)
    pm.caseflow_versions = {}
    if autoload:
        found = list(importlib.metadata.entry_points(group=ENTRY_POINT_GROUP))
        allowed = set(allow) if allow is not None else None
        if allowed is not None:
            missing = sorted(allowed - {ep.name for ep in found})
            if missing:
                installed = ", ".join(sorted({ep.name for ep in found})) or "none"
                raise PluginSetupError(
                    f"CASEFLOW_PLUGINS_ALLOW names {', '.join(missing)}, which no installed "
                    f"plugin is called (installed: {installed})"
                )
        for ep in found:
            if allowed is not None and ep.name not in allowed:
                log.info("plugin %s not in PLUGINS_ALLOW: not loaded", ep.name)
                continue
            if pm.get_plugin(ep.name) is not None:
                continue
            try:
                plugin = ep.load()
            except Exception as exc:  # noqa: BLE001 - any import failure, named
                raise PluginSetupError(
                    f"plugin '{ep.name}' ({ep.value}) cannot be imported: "
                    f"{type(exc).__name__}: {exc}"
                ) from exc
            pm.register(plugin, name=ep.name)
            pm.caseflow_versions[ep.name] = ep.dist.version if ep.dist else None
    for obj in extra:
        pm.register(obj, name=_name_for(pm, obj))
    _check_pending(pm)
    return pm


def _name_for(pm: pluggy.PluginManager, obj: Any) -> str:
    """A plugin registered directly is named for its module or class, so a failure
    names something a developer recognises (pluggy would use its id)."""
    base = getattr(obj, "__name__", None) or type(obj).__name__
    name, n = base, 1
    while pm.has_plugin(name) or pm.is_blocked(name):
        n += 1
        name = f"{base}-{n}"
    return name


def manager_from_config(config: Mapping, extra: Iterable[Any] = ()) -> pluggy.PluginManager:
    """The one way every command builds its manager from settings
    (``PLUGINS_ALLOW``, ``PLUGINS_AUTOLOAD``), so all of them load the same plugins."""
    return make_manager(
        allow=config.get("PLUGINS_ALLOW"),
        autoload=config.get("PLUGINS_AUTOLOAD", True),
        extra=extra,
    )


def call_each(pm: pluggy.PluginManager, hook: str, **kwargs) -> list[tuple[str, Any]]:
    """Call ``hook`` through pluggy and pair each result with the plugin that gave it
    (``"?"`` for a result a hook wrapper put in)."""
    seen, token = noting_results()
    try:
        results = getattr(pm.hook, hook)(**kwargs)
    finally:
        stop_noting(token)
    owners = {id(result): plugin for plugin, result in seen}
    return [(owners.get(id(r), "?"), r) for r in results]


def collect(pm: pluggy.PluginManager, hook: str, **kwargs) -> list[tuple[str, Any]]:
    """Concatenate the lists a ``register_*`` hook returns, each item with its plugin."""
    return [(name, item) for name, items in call_each(pm, hook, **kwargs) for item in items]


# -- describing and diagnosing -------------------------------------------------------------


@dataclass(frozen=True)
class PluginInfo:
    name: str
    module: str
    version: str | None
    hooks: tuple[str, ...]


def describe(pm: pluggy.PluginManager) -> list[PluginInfo]:
    """What ``caseflow plugins`` prints: each loaded plugin and the hooks it implements."""
    versions = getattr(pm, "caseflow_versions", {})
    out = []
    for name, plugin in pm.list_name_plugin():
        hooks = tuple(sorted(h.name for h in pm.get_hookcallers(plugin) or ()))
        out.append(
            PluginInfo(
                name=name,
                module=getattr(plugin, "__name__", type(plugin).__name__),
                version=versions.get(name),
                hooks=hooks,
            )
        )
    return sorted(out, key=lambda p: p.name)


@dataclass
class Diagnosis:
    """What ``caseflow plugins`` found: the plugins and every problem, each named."""

    plugins: list[PluginInfo] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    rules: list[str] = field(default_factory=list)
    # the merged settings (caseflow.settings.Settings), for the clashes between plugins
    settings: Any = None


def diagnose(config: Mapping, extra: Iterable[Any] = ()) -> Diagnosis:
    """Load the plugins as ``config`` says and call every registration hook, collecting
    what fails instead of stopping at it, so one run names every broken plugin."""
    from caseflow.engine import catalogue

    out = Diagnosis()
    try:
        pm = manager_from_config(config, extra)
    except PluginSetupError as exc:
        out.problems.append(str(exc))
        return out
    out.plugins = describe(pm)
    gathered = {
        "rules": catalogue.rules,
        "violations": catalogue.violation_catalogue,
        "checklists": catalogue.checklists,
        "settings": catalogue.rule_settings,
        "workflows": lambda pm: pm.hook.caseflow_register_workflows(),
    }
    for what, gather in gathered.items():
        try:
            found = gather(pm)
        except (PluginError, catalogue.RegistrationError, KeyError, ValueError) as exc:
            out.problems.append(f"{what}: {exc}")
            continue
        if what == "rules":
            out.rules = [r.id for r in found]
        elif what == "settings":
            out.settings = found
    out.warnings = [w for w in [catalogue.warn_if_no_rules(pm)] if w]
    return out
