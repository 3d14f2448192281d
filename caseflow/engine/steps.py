"""Step kinds: the vocabulary a domain plugin defines once, which workflows use.

A step kind is a step's one title and its fields (name, type, label, choices), the
keys a live form, the API, a case file and a document all use. A workflow step
named for a kind takes its title and fields from it and may only choose among the
fields (``fields: [name, ...]``), require some (``require``) or narrow a choice
(``choices``); restating a title or a field is a load-time error, so a title or a
field list has one home.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

import pluggy

from caseflow.engine.definition import DocumentSpec, FieldSpec, Label
from caseflow.plugins import collect


@dataclass(frozen=True)
class StepKind:
    name: str
    label: Label
    fields: tuple[FieldSpec, ...] = ()
    documents: tuple[DocumentSpec, ...] = ()

    def field(self, name: str) -> FieldSpec | None:
        return next((f for f in self.fields if f.name == name), None)


def collect_steps(pm: pluggy.PluginManager) -> dict[str, StepKind]:
    """Every step kind plugins define, by name; a kind defined twice is an error."""
    out: dict[str, tuple[str, StepKind]] = {}
    for plugin, kind in collect(pm, "caseflow_register_steps"):
        if kind.name in out:
            raise ValueError(
                f"step kind {kind.name} defined twice ({out[kind.name][0]} and {plugin})"
            )
        out[kind.name] = (plugin, kind)
    return {name: k for name, (_plugin, k) in out.items()}


def titles(kinds: Mapping[str, StepKind], lang: str = "zh") -> dict[str, str]:
    return {n: k.label.get(lang) for n, k in kinds.items()}
