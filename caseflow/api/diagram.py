"""A workflow drawn as Graphviz DOT text, from its definition alone (no graphviz needed)."""

from __future__ import annotations

import json

from caseflow.engine.definition import PREVIOUS, STAY, WorkflowDefinition


def _q(text: str) -> str:
    return json.dumps(text, ensure_ascii=False)  # a DOT string is a C-style quoted string


def to_dot(definition: WorkflowDefinition) -> str:
    lines = [
        f"digraph {_q(f'{definition.name}.v{definition.version}')} {{",
        "  rankdir=LR;",
        '  node [shape=box, style=rounded, fontname="sans-serif"];',
        '  edge [fontname="sans-serif", fontsize=10];',
        '  __start [shape=point, label=""];',
        f"  __start -> {_q(definition.initial)};",
    ]
    for name, state in definition.states.items():
        shape = ", peripheries=2" if state.final else ""
        label = _q(state.label.zh + "\n" + state.label.en)  # DOT reads \n as a line break
        lines.append(f"  {_q(name)} [label={label}{shape}];")
    for step in definition.steps:
        for source in step.sources:
            if step.dest_by_value:
                chooser = step.dest_field or step.dest_route
                targets = [
                    (source if dest == STAY else dest, f"{step.name} ({chooser}={value})")
                    for value, dest in step.dest_by_value
                ]
            elif step.dest == PREVIOUS:
                targets = [(d, f"{step.name} (previous)") for d in definition.destinations(step)]
            else:
                targets = [(step.dest or source, step.name)]
            for dest, label in targets:
                lines.append(f"  {_q(source)} -> {_q(dest)} [label={_q(label)}];")
    lines.append("}")
    return "\n".join(lines) + "\n"
