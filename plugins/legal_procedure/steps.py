"""The procedure's step vocabulary, read once from ``steps.yaml`` beside this module."""

from __future__ import annotations

from pathlib import Path

import yaml

from caseflow.engine.definition import DocumentSpec, Label
from caseflow.engine.loader import field_spec
from caseflow.engine.steps import StepKind

_SOURCE = Path(__file__).with_name("steps.yaml")


def _kinds() -> dict[str, StepKind]:
    raw = yaml.safe_load(_SOURCE.read_text(encoding="utf-8"))["steps"]
    return {
        s["name"]: StepKind(
            name=s["name"],
            label=Label(**s["label"]),
            fields=tuple(field_spec(f) for f in s.get("fields") or ()),
            documents=tuple(DocumentSpec(**d) for d in s.get("documents") or ()),
        )
        for s in raw
    }


STEP_KINDS = _kinds()
