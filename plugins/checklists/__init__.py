"""Inspection checklists (检查清单) for work-safety enforcement, shipped as data: one YAML
file per checklist version, validated on load and registered through the same hook an
outside plugin uses."""

from __future__ import annotations

from caseflow.plugin import hookimpl
from caseflow_plugins.checklists.loader import ChecklistError, load_checklists
from caseflow_plugins.checklists.lookup import find_item

__all__ = ["ChecklistError", "caseflow_register_checklists", "find_item", "load_checklists"]


# trylast: an outside plugin's checklists are gathered first, so a province's own
# version of a checklist is found before the built-in one.
@hookimpl(trylast=True)
def caseflow_register_checklists():
    return load_checklists()
