"""Rule settings: the numbers rules use, declared by plugins, set by an installation.

One door for every process (the web, the API, every CLI command, ``audit-case``):
plugins declare each setting with its default (``caseflow_rule_settings``); the
installation sets values in its instance folder's ``caseflow.toml`` and in
``CASEFLOW_SETTING_<KEY>`` environment variables; embedding code may pass
``RULE_SETTINGS``. Every value is checked against the declared type when the
process starts: a string where a number belongs, or a key no plugin declares, is
a :class:`SettingsError` naming the key, never a failure three steps later.

The file is TOML (``tomllib``, in the standard library) rather than YAML: TOML
keeps ``15`` a number and ``"15"`` a string, and has no implicit conversions
(YAML reads ``no`` as false and ``2024-03-05`` as a date), so what an officer
writes is what the validation sees.

Precedence, lowest first: the declared default; an outside plugin's declaration
over a built-in one (pluggy's call order: built-ins are ``trylast``); the config
file; the environment; ``RULE_SETTINGS``.
"""

from __future__ import annotations

import datetime as dt
import difflib
import re
import tomllib
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pluggy

from caseflow.plugins import call_each

CONFIG_NAME = "caseflow.toml"
ENV_PREFIX = "CASEFLOW_SETTING_"

DEFAULT, PLUGIN, FILE, ENVIRONMENT, APPLICATION = (
    "default",
    "plugin",
    "config file",
    "environment",
    "application",
)


class SettingsError(ValueError):
    """A setting that cannot be used as given; the message names the key and where from."""


@dataclass(frozen=True)
class Declared:
    """A setting declared with more than its default. A plugin's
    ``caseflow_rule_settings`` may map a key to a plain default or to one of these.

    ``type`` defaults to the default's type; ``to_confirm`` says why the default
    is not confirmed against the text in force (``caseflow settings`` marks it)."""

    default: Any
    type: type | None = None
    to_confirm: str = ""
    note: str = ""


@dataclass(frozen=True)
class Dated:
    """The type of a setting the law may change over time: one value of ``base`` for
    every date, or rows ``[[from-date, value], ...]`` of which the row in force on a
    date applies (a legal period's length, a fine range)."""

    base: type

    @property
    def __name__(self) -> str:  # how an error names the type
        return f"{self.base.__name__} or rows of [from-date, {self.base.__name__}]"

    def accepts(self, value: Any) -> bool:
        if _is(value, self.base):
            return True
        if not isinstance(value, list) or not value:
            return False
        for row in value:
            if not (isinstance(row, list | tuple) and len(row) == 2 and _is(row[1], self.base)):
                return False
            try:
                dt.date.fromisoformat(str(row[0]))
            except ValueError:
                return False
        return True


def _is(value: Any, t: type) -> bool:
    if t is bool:
        return isinstance(value, bool)
    if t in (int, float):
        return isinstance(value, int | float if t is float else int) and not isinstance(value, bool)
    return isinstance(value, t)


@dataclass
class Setting:
    """One setting as the process uses it."""

    key: str
    default: Any
    type: type | None
    plugin: str
    to_confirm: str = ""
    note: str = ""
    value: Any = None
    origin: str = DEFAULT
    where: str = ""  # the file or variable the value came from
    overrides: list[tuple[str, Any]] = field(default_factory=list)  # (plugin, its default)

    @property
    def source(self) -> str:
        """Where the value came from, as ``caseflow settings`` prints it."""
        if self.origin == PLUGIN:
            over = ", ".join(f"{p} ({v!r})" for p, v in self.overrides)
            return f"plugin {self.plugin} over {over}"
        if self.where:
            return f"{self.origin} ({self.where})"
        return self.origin


class Settings(Mapping):
    """The values rules read (a mapping of key to value), and how each was arrived at."""

    def __init__(self, entries: dict[str, Setting]):
        self.entries = entries

    def __getitem__(self, key: str) -> Any:
        return self.entries[key].value

    def __iter__(self) -> Iterator[str]:
        return iter(self.entries)

    def __len__(self) -> int:
        return len(self.entries)

    def clashes(self) -> list[Setting]:
        """Settings more than one plugin declares: the first in pluggy's order wins."""
        return [s for s in self.entries.values() if s.overrides]


# -- declarations -----------------------------------------------------------------------


def _type_name(t: type | None) -> str:
    if isinstance(t, Dated):
        return f"{_type_name(t.base)} or rows of [from-date, value]"
    names = {bool: "true or false", int: "an integer", float: "a number", str: "a string"}
    return names.get(t, f"a {t.__name__}" if t else "anything")


def declarations(pm: pluggy.PluginManager) -> dict[str, Setting]:
    """Every declared setting. When two plugins declare one key, the one pluggy calls
    first wins (an outside plugin over a built-in, which is ``trylast``); both must
    agree on its type, so a number stays a number."""
    out: dict[str, Setting] = {}
    # Each plugin's answer is a dict of names already: the plugin guard checks the shape
    # as the hook returns and names the plugin (caseflow.plugin_guard).
    for plugin, declared in call_each(pm, "caseflow_rule_settings"):
        for key, item in declared.items():
            d = item if isinstance(item, Declared) else Declared(item)
            kind = d.type or (type(d.default) if d.default is not None else None)
            if key not in out:
                out[key] = Setting(key, d.default, kind, plugin, d.to_confirm, d.note)
                out[key].value = d.default
                continue
            first = out[key]
            try:
                _check(first, d.default, f"plugin '{plugin}'")
            except SettingsError:
                raise SettingsError(
                    f"setting '{key}': plugin '{first.plugin}' declares "
                    f"{_type_name(first.type)} ({first.default!r}), plugin '{plugin}' "
                    f"{_type_name(kind)} ({d.default!r})"
                ) from None
            first.overrides.append((plugin, d.default))
            first.origin = PLUGIN
    return out


# -- values -----------------------------------------------------------------------------


def _check(setting: Setting, value: Any, where: str) -> Any:
    """``value`` as the setting's type, or SettingsError naming the key."""
    t = setting.type
    ok = True
    if t is None:
        return value
    if isinstance(t, Dated):
        ok = t.accepts(value)
    elif t is bool:
        ok = isinstance(value, bool)
    elif t is int:
        ok = isinstance(value, int) and not isinstance(value, bool)
    elif t is float:
        ok = isinstance(value, int | float) and not isinstance(value, bool)
        value = float(value) if ok else value
    elif t is list:
        ok = isinstance(value, list)
        items = {type(v) for v in setting.default or ()}
        if ok and len(items) == 1:
            ok = all(isinstance(v, next(iter(items))) for v in value)
    else:
        ok = isinstance(value, t)
    if not ok:
        raise SettingsError(
            f"setting '{setting.key}' ({where}) must be {_type_name(t)} "
            f"like its default {setting.default!r}, not {value!r}"
        )
    return value


def _unknown(key: str, known, where: str) -> SettingsError:
    near = difflib.get_close_matches(key, list(known), n=1)
    hint = f"; did you mean '{near[0]}'?" if near else ""
    return SettingsError(f"unknown setting '{key}' ({where}){hint}")


def _flatten(table: Mapping, known: Mapping, prefix: str = "") -> Iterator[tuple[str, Any]]:
    """``[settings."AQ-REVIEW"] days = 15`` and ``"AQ-REVIEW.days" = 15`` alike; a table
    whose own key is a declared setting is that setting's value."""
    for name, value in table.items():
        key = f"{prefix}{name}"
        if isinstance(value, dict) and key not in known:
            yield from _flatten(value, known, key + ".")
        else:
            yield key, value


def read_file(path: Path, known: Mapping) -> dict[str, Any]:
    """The ``[settings]`` table of a config file; absent file, no values."""
    if not path.is_file():
        return {}
    try:
        doc = tomllib.loads(path.read_text(encoding="utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise SettingsError(f"{path}: not valid TOML: {exc}") from None
    extra = sorted(set(doc) - {"settings"})
    if extra:
        raise SettingsError(f"{path}: unknown section '{extra[0]}' (settings go under [settings])")
    return dict(_flatten(doc.get("settings", {}), known))


def env_name(key: str) -> str:
    """``AQ-REVIEW.days`` -> ``CASEFLOW_SETTING_AQ_REVIEW_DAYS`` (a shell takes no - or .)."""
    return ENV_PREFIX + re.sub(r"[^A-Za-z0-9]", "_", key).upper()


def _env_value(raw: str) -> Any:
    """An environment value read as a TOML value (``15``, ``true``, ``["a", "b"]``), else
    as the plain string, which the type check then judges."""
    try:
        return tomllib.loads(f"v = {raw}")["v"]
    except tomllib.TOMLDecodeError:
        return raw


def read_env(environ: Mapping[str, str], known: Mapping) -> dict[str, tuple[str, Any]]:
    by_name: dict[str, str] = {}
    for key in known:
        by_name.setdefault(env_name(key), key)
    out = {}
    for name, raw in environ.items():
        if not name.startswith(ENV_PREFIX):
            continue
        if name not in by_name:
            raise _unknown(name, [env_name(k) for k in known], "environment")
        out[by_name[name]] = (name, _env_value(raw))
    return out


def load(
    pm: pluggy.PluginManager,
    *,
    file: Path | str | None = None,
    environ: Mapping[str, str] | None = None,
    values: Mapping | None = None,
) -> Settings:
    """Declared settings with the installation's values applied, each checked."""
    entries = declarations(pm)
    layers: list[tuple[str, str, Mapping]] = []
    if file is not None:
        path = Path(file)
        layers.append((FILE, str(path), read_file(path, entries)))
    for key, (name, value) in read_env(environ or {}, entries).items():
        layers.append((ENVIRONMENT, name, {key: value}))
    layers.append((APPLICATION, "RULE_SETTINGS", dict(values or {})))
    for origin, where, given in layers:
        for key, value in given.items():
            if key not in entries:
                raise _unknown(key, entries, where)
            entry = entries[key]
            entry.value = _check(entry, value, where)
            entry.origin, entry.where = origin, where
    return Settings(entries)


def from_config(pm: pluggy.PluginManager, config: Mapping) -> Settings:
    """The settings of a process configured by ``config`` (see caseflow.config)."""
    file = config.get("SETTINGS_FILE")
    if file and config.get("SETTINGS_FILE_REQUIRED") and not Path(file).is_file():
        raise SettingsError(f"settings file {file} (CASEFLOW_SETTINGS_FILE) does not exist")
    return load(
        pm,
        file=file,
        environ=config.get("SETTINGS_ENV") or {},
        values=config.get("RULE_SETTINGS"),
    )
