"""Each plugin's hook implementations, guarded where they are registered.

Hooks are called through pluggy (``pm.hook.<name>(...)``), so ordering, ``tryfirst``
and wrappers behave as pluggy documents. What pluggy cannot do is say which plugin
failed and keep the others' results: so every implementation is wrapped when its
plugin registers. The wrapper checks the shape of what it returns with the same
validators the built-in data goes through, stamps each item with the plugin's name,
and turns any failure into one of two things, naming plugin, hook and exception type:

- in a check hook, a ``PLUGIN-FAILED`` error finding beside the other plugins' findings;
- in any other hook, a :class:`PluginError` (a start-up error for registrations, a
  refusal for a step's fields, documents and reactions).
"""

from __future__ import annotations

import contextvars
import functools
import importlib
import inspect
import logging
import os
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path
from typing import Any

from caseflow.engine.checklist_format import checklist_problems
from caseflow.engine.findings import Finding, RuleInfo, Severity
from caseflow.engine.violation_format import COMMON_KEYS, entry_problems

log = logging.getLogger("caseflow.plugins")

CHECK_HOOKS = frozenset({"caseflow_check_step", "caseflow_check_case"})


class PluginError(Exception):
    """A plugin failed in a hook: raised, or returned something of the wrong shape."""

    def __init__(self, plugin: str, hook: str, exc: BaseException):
        self.plugin, self.hook, self.exc = plugin, hook, exc
        super().__init__(f"plugin '{plugin}' failed in {hook}: {type(exc).__name__}: {exc}")


def plugin_failure(exc: PluginError) -> Finding:
    """The error finding that stands for a check a plugin could not make."""
    what = f"{exc.hook}: {type(exc.exc).__name__}: {exc.exc}"
    return Finding(
        rule="PLUGIN-FAILED",
        severity=Severity.ERROR,
        message_zh=f"插件“{exc.plugin}”检查时出错（{what}），其检查未能完成",
        message_en=f"plugin '{exc.plugin}' failed ({what}); its checks could not be made",
        plugin=exc.plugin,
    )


# -- what each hook must return ------------------------------------------------------


def _listed(result, what: str) -> list:
    if not isinstance(result, list | tuple):
        raise TypeError(f"returned a {type(result).__name__}, expected a list of {what}")
    return list(result)


def _items_of(kind: type, what: str):
    def check(plugin: str, result) -> list:
        out = []
        for i, item in enumerate(_listed(result, what)):
            if not isinstance(item, kind):
                raise TypeError(f"item {i} is a {type(item).__name__}, expected a {kind.__name__}")
            out.append(item if item.plugin else replace(item, plugin=plugin))
        return out

    return check


def _instances(module: str, name: str, what: str):
    """A list of instances of ``module.name`` (imported when checked: those modules rest
    on the plugin machinery this one belongs to)."""

    def check(plugin: str, result) -> list:
        kind = getattr(importlib.import_module(module), name)
        items = list(_listed(result, what))
        for i, item in enumerate(items):
            if not isinstance(item, kind):
                raise TypeError(f"item {i} is a {type(item).__name__}, expected a {name}")
        return items

    return check


def _dicts(what: str, problems: Callable[[Any], list[str]], key: str):
    def check(plugin: str, result) -> list:
        out = []
        for i, item in enumerate(_listed(result, what)):
            found = problems(item)
            if found:
                name = item.get(key) if isinstance(item, dict) else None
                raise ValueError(f"{name or f'item {i}'}: " + "; ".join(found))
            out.append({**item, "plugin": item.get("plugin") or plugin})
        return out

    return check


def _violation_problems(entry) -> list[str]:
    return entry_problems(entry, extra_keys=COMMON_KEYS | {"plugin"})


def _checklist_problems(doc) -> list[str]:
    if isinstance(doc, dict):
        doc = {k: v for k, v in doc.items() if k != "plugin"}
    return checklist_problems(doc)


def _required(*keys: str):
    def problems(item) -> list[str]:
        if not isinstance(item, dict):
            return [f"is a {type(item).__name__}, expected a mapping"]
        return [f"missing {k}" for k in keys if item.get(k) in (None, "")]

    return problems


def _workflows(plugin: str, result) -> list:
    out = []
    for i, path in enumerate(_listed(result, "workflow file paths")):
        if not isinstance(path, str | os.PathLike):
            raise TypeError(f"item {i} is a {type(path).__name__}, expected a path")
        if not Path(path).is_file():
            raise FileNotFoundError(f"workflow file {path} does not exist")
        out.append(path)
    return out


def _fields(plugin: str, result) -> list:
    from caseflow.engine.definition import FieldSpec
    from caseflow.engine.loader import field_spec

    out = []
    for i, spec in enumerate(_listed(result, "field specs")):
        if isinstance(spec, dict):
            spec = field_spec(spec)
        if not isinstance(spec, FieldSpec):
            raise TypeError(f"item {i} is a {type(spec).__name__}, expected a field spec dict")
        out.append(spec)
    return out


def _named(what: str):
    """A dict keyed by names (strings)."""

    def check(plugin: str, result) -> dict:
        if not isinstance(result, dict) or not all(isinstance(k, str) for k in result):
            raise TypeError(f"returned a {type(result).__name__}, expected a dict of {what}")
        return result

    return check


CHECKS: dict[str, Callable[[str, Any], Any]] = {
    "caseflow_check_step": _items_of(Finding, "findings"),
    "caseflow_check_case": _items_of(Finding, "findings"),
    "caseflow_register_rules": _items_of(RuleInfo, "RuleInfo"),
    "caseflow_register_violations": _dicts("violations", _violation_problems, "code"),
    "caseflow_register_checklists": _dicts("checklists", _checklist_problems, "id"),
    "caseflow_register_workflows": _workflows,
    "caseflow_step_fields": _fields,
    "caseflow_step_documents": _dicts("documents", _required("kind", "title_zh"), "kind"),
    "caseflow_dashboard_figures": _dicts(
        "figures", _required("key", "label_zh", "label_en", "value"), "key"
    ),
    "caseflow_rule_settings": _named("settings"),
    "caseflow_document_facts": _named("names"),
    "caseflow_register_steps": _instances("caseflow.engine.steps", "StepKind", "step kinds"),
    "caseflow_register_periods": _instances("caseflow.engine.periods", "Period", "periods"),
    "caseflow_register_routes": _instances("caseflow.engine.routes", "Route", "routes"),
}


# -- who returned what -----------------------------------------------------------------

# While set, each guarded implementation notes (plugin, result) here: call_each uses it
# to say which plugin gave each result of a call made through pluggy.
_returned: contextvars.ContextVar[list | None] = contextvars.ContextVar("returned", default=None)


def noting_results() -> tuple[list, contextvars.Token]:
    seen: list = []
    return seen, _returned.set(seen)


def stop_noting(token: contextvars.Token) -> None:
    _returned.reset(token)


# -- the guards --------------------------------------------------------------------------


def _failed(plugin: str, hook: str, exc: Exception):
    log.error("plugin %s failed in %s: %s: %s", plugin, hook, type(exc).__name__, exc, exc_info=exc)
    failure = PluginError(plugin, hook, exc)
    if hook in CHECK_HOOKS:
        return [plugin_failure(failure)]
    raise failure from exc


def guard(function: Callable, plugin: str, hook: str, wrapper: bool) -> Callable:
    """``function`` (a hook implementation of ``plugin``) made to fail by name."""
    if wrapper and inspect.isgeneratorfunction(function):

        @functools.wraps(function)
        def guarded_wrapper(*args):
            try:
                return (yield from function(*args))
            except PluginError:
                raise  # an inner implementation's failure, already named
            except Exception as exc:  # noqa: BLE001 - any failure of a plugin, named
                log.error("plugin %s failed wrapping %s: %s", plugin, hook, exc, exc_info=exc)
                raise PluginError(plugin, hook, exc) from exc

        return guarded_wrapper

    check = CHECKS.get(hook)

    @functools.wraps(function)
    def guarded(*args):
        try:
            result = function(*args)
            if result is not None and check is not None:
                result = check(plugin, result)
        except PluginError:
            raise
        except Exception as exc:  # noqa: BLE001 - any failure of a plugin, named
            result = _failed(plugin, hook, exc)
        seen = _returned.get()
        if seen is not None and result is not None:
            seen.append((plugin, result))
        return result

    return guarded
