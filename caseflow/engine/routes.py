"""Routes: where a step leads when the domain, not a field's value, decides.

A route is named in a workflow (``to: {route: settled, values: {paid: paid,
partial: "="}}``) and answered by the plugin that defines it, from the case's
history: "paid" only once the payments reach what is due. The route declares its
possible answers, so a workflow that leaves one unmapped, or names a route nobody
defines, fails at start-up rather than on the day the answer comes.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

import pluggy

from caseflow.engine.loader import WorkflowError
from caseflow.plugins import collect


@dataclass(frozen=True)
class Route:
    name: str
    answers: tuple[str, ...]
    # (record as it stood before the step, the proposed step, check context) -> an answer
    decide: Callable[[Any, Any, Any], str]
    source: str = ""
    # The step keys the answer depends on: correcting one could change the route, so a
    # correction of them is refused (void the step and take it again).
    reads: tuple[str, ...] = ()


def collect_routes(pm: pluggy.PluginManager) -> dict[str, Route]:
    """Every route plugins define, by name; a name defined twice is an error."""
    out: dict[str, tuple[str, Route]] = {}
    for plugin, route in collect(pm, "caseflow_register_routes"):
        if route.name in out:
            raise ValueError(
                f"route {route.name} defined twice ({out[route.name][0]} and {plugin})"
            )
        out[route.name] = (plugin, route)
    return {name: r for name, (_plugin, r) in out.items()}


def check_routes(registry, routes: Mapping[str, Route]) -> None:
    """Load-time check: each route a workflow names is defined and every answer it can
    give leads somewhere."""
    problems = []
    for d in registry:
        for s in d.steps:
            if not s.dest_route:
                continue
            where = f"{d.source}:{s.line}: step '{s.name}'"
            route = routes.get(s.dest_route)
            if route is None:
                problems.append(
                    f"{where} routes by unknown route '{s.dest_route}'"
                    f" (defined: {', '.join(sorted(routes)) or 'none'})"
                )
                continue
            mapped = {answer for answer, _ in s.dest_by_value}
            if set(route.answers) - mapped:
                missing = ", ".join(sorted(set(route.answers) - mapped))
                problems.append(f"{where}: route '{route.name}' may answer {missing}, not mapped")
            if mapped - set(route.answers):
                extra = ", ".join(sorted(mapped - set(route.answers)))
                problems.append(f"{where}: route '{route.name}' never answers {extra}")
    if problems:
        raise WorkflowError("\n".join(problems))
