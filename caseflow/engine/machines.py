"""Compiling a workflow definition into one ``transitions`` machine.

One machine per (name, version), built once, with ``model=None``: it serves every
case row through a throwaway proxy holding the row's state, so no ``Machine`` is
built per request or per case. The database transaction, not the machine, is the
unit of truth: ``transitions`` does not undo a state change when a callback
raises, so the engine copies the proxy's state to the row only inside the
transaction that records the step.
"""

from __future__ import annotations

from dataclasses import dataclass

from transitions import Machine

from caseflow.engine.definition import PREVIOUS, StepSpec, WorkflowDefinition


@dataclass
class StateProxy:
    """What the shared machine moves: the state of one case, nothing else."""

    state: str


def route_value(value) -> str | None:
    """How a field's value is matched against a conditional step's routes: booleans
    (``approved: true`` in a case file) route as "true"/"false"."""
    if isinstance(value, bool):
        return "true" if value else "false"
    return None if value is None else str(value)


def _field_equals(field: str, value: str):
    def condition(event_data) -> bool:
        return route_value((event_data.kwargs.get("data") or {}).get(field)) == value

    condition.__name__ = f"{field}_is_{value}"
    return condition


def _given(key: str, value: str):
    """The engine supplies what the history says (``previous`` state, a route's
    ``answer``) alongside the step's data."""

    def condition(event_data) -> bool:
        return event_data.kwargs.get(key) == value

    condition.__name__ = f"{key}_is_{value}"
    return condition


def compile_machine(definition: WorkflowDefinition) -> Machine:
    machine = Machine(
        model=None,
        states=list(definition.states),
        initial=definition.initial,
        auto_transitions=False,
        send_event=True,
        model_attribute="state",
        ignore_invalid_triggers=False,
        name=f"{definition.name}@{definition.version}",
    )
    for step in definition.steps:
        sources = list(step.sources)
        if step.dest_field:
            for value, dest in step.dest_by_value:
                machine.add_transition(
                    step.name, sources, dest, conditions=[_field_equals(step.dest_field, value)]
                )
        elif step.dest_route:
            for answer, dest in step.dest_by_value:
                machine.add_transition(
                    step.name, sources, dest, conditions=[_given("answer", answer)]
                )
        elif step.dest == PREVIOUS:
            for state in sorted(definition.destinations(step)):
                machine.add_transition(
                    step.name, sources, state, conditions=[_given("previous", state)]
                )
        else:
            # "=" is transitions' reflexive transition: the step is recorded, the state stays.
            machine.add_transition(step.name, sources, step.dest or "=")
    return machine


def next_state(
    machine: Machine,
    step: StepSpec,
    state: str,
    data: dict,
    *,
    answer: str | None = None,
    previous: str | None = None,
) -> str | None:
    """The state ``step`` leads to from ``state`` with ``data`` (and, for steps the
    history routes, the route's ``answer`` or the ``previous`` state); None when no
    transition's condition holds (a conditional step given a value it does not route)."""
    proxy = StateProxy(state)
    moved = machine.events[step.name].trigger(proxy, data=data, answer=answer, previous=previous)
    return proxy.state if moved else None
