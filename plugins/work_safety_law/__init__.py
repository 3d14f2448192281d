"""Work-safety law violation catalogue (安全生产法 2021), shipped as data in
``violations.yaml`` and registered through the same hook an outside plugin uses."""

from __future__ import annotations

from caseflow.plugin import hookimpl
from caseflow_plugins.work_safety_law.catalogue import CatalogueError, load_catalogue

__all__ = ["CatalogueError", "caseflow_register_violations", "load_catalogue"]


# trylast: an outside plugin's codes are gathered first, so on a clash the message
# names the outside plugin against this one rather than the other way round.
@hookimpl(trylast=True)
def caseflow_register_violations():
    return load_catalogue()
