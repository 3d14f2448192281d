"""The workflow registry: every definition version, compiled once."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from pathlib import Path

from transitions import Machine

from caseflow.engine.definition import WorkflowDefinition
from caseflow.engine.loader import WorkflowError, load_definition
from caseflow.engine.machines import compile_machine


class WorkflowRegistry:
    def __init__(self, definitions: Iterable[WorkflowDefinition] = ()):
        self._defs: dict[tuple[str, int], WorkflowDefinition] = {}
        self._machines: dict[tuple[str, int], Machine] = {}
        for d in definitions:
            self.add(d)

    def add(self, definition: WorkflowDefinition) -> None:
        key = definition.key
        if key in self._defs:
            other = self._defs[key].source
            raise WorkflowError(
                f"{definition.source}: workflow {key[0]} version {key[1]} is also defined in {other}"
            )
        self._defs[key] = definition
        self._machines[key] = compile_machine(definition)

    def get(self, name: str, version: int) -> WorkflowDefinition:
        try:
            return self._defs[(name, version)]
        except KeyError:
            raise KeyError(f"no workflow {name} version {version}") from None

    def machine(self, name: str, version: int) -> Machine:
        return self._machines[(name, version)]

    def latest(self, name: str) -> WorkflowDefinition:
        versions = [v for (n, v) in self._defs if n == name]
        if not versions:
            raise KeyError(f"no workflow named {name}")
        return self._defs[(name, max(versions))]

    def names(self) -> list[str]:
        return sorted({n for n, _ in self._defs})

    def versions(self, name: str) -> list[int]:
        return sorted(v for n, v in self._defs if n == name)

    def __iter__(self):
        return iter(sorted(self._defs.values(), key=lambda d: d.key))

    def check_links(self) -> None:
        """Cross-file checks: a step that spawns a case names a known workflow."""
        names = set(self.names())
        for d in self:
            for s in d.steps:
                if s.spawns and s.spawns not in names:
                    raise WorkflowError(
                        f"{d.source}:{s.line}: step '{s.name}' spawns unknown workflow '{s.spawns}'"
                    )


def load_registry(paths: Iterable[str | Path], kinds: Mapping | None = None) -> WorkflowRegistry:
    """Load every ``*.yaml`` file under the given files or folders, their steps shaped by
    the step ``kinds`` plugins define."""
    registry = WorkflowRegistry()
    for p in paths:
        p = Path(p)
        files = sorted(p.rglob("*.yaml")) if p.is_dir() else [p]
        for f in files:
            registry.add(load_definition(f, kinds))
    registry.check_links()
    return registry
