"""The plugin manager: built-ins and outside plugins load the same way.

Every plugin, built-in or not, is found through the ``caseflow.plugins`` entry
point group. Loading a plugin runs its code, so an installation can allow-list
the entry points it trusts (``PLUGINS_ALLOW``) or turn autoload off.
"""

from __future__ import annotations

import importlib.metadata
import logging
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any

import pluggy

from caseflow import hookspecs

ENTRY_POINT_GROUP = "caseflow.plugins"
log = logging.getLogger(__name__)


class PluginError(Exception):
    """A plugin raised while a hook ran; carries the plugin's name."""

    def __init__(self, plugin: str, hook: str, exc: BaseException):
        self.plugin, self.hook, self.exc = plugin, hook, exc
        super().__init__(f"plugin '{plugin}' failed in {hook}: {type(exc).__name__}: {exc}")


def make_manager(
    allow: Iterable[str] | None = None,
    autoload: bool = True,
    extra: Iterable[Any] = (),
) -> pluggy.PluginManager:
    """Build a plugin manager. ``allow`` (entry point names) limits what loads;
    ``None`` loads every installed plugin. ``extra`` registers objects directly
    (tests, embedding)."""
    pm = pluggy.PluginManager("caseflow")
    pm.add_hookspecs(hookspecs)
    pm.caseflow_versions = {}
    if autoload:
        allowed = set(allow) if allow is not None else None
        for ep in importlib.metadata.entry_points(group=ENTRY_POINT_GROUP):
            if allowed is not None and ep.name not in allowed:
                log.info("plugin %s not in PLUGINS_ALLOW: not loaded", ep.name)
                continue
            if pm.get_plugin(ep.name) is not None:
                continue
            pm.register(ep.load(), name=ep.name)
            pm.caseflow_versions[ep.name] = ep.dist.version if ep.dist else None
    for obj in extra:
        pm.register(obj)
    return pm


def call_each(pm: pluggy.PluginManager, hook: str, **kwargs) -> Iterator[tuple[str, Any]]:
    """Call ``hook`` plugin by plugin, yielding (plugin name, result), so a failure can
    be pinned to the plugin that raised (as :class:`PluginError`)."""
    caller = getattr(pm.hook, hook)
    for impl in reversed(caller.get_hookimpls()):  # pluggy's own call order
        args = {k: kwargs[k] for k in impl.argnames if k in kwargs}
        try:
            result = impl.function(**args)
        except Exception as exc:  # noqa: BLE001 - any plugin failure refuses, named
            raise PluginError(impl.plugin_name, hook, exc) from exc
        if result is not None:
            yield impl.plugin_name, result


def collect(pm: pluggy.PluginManager, hook: str, **kwargs) -> list[tuple[str, Any]]:
    """Concatenate the lists a ``register_*`` hook returns, each item with its plugin."""
    return [(name, item) for name, items in call_each(pm, hook, **kwargs) for item in items]


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
