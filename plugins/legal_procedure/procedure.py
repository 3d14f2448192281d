"""The procedure definition: what the workflows and the rules both rest on.

This module answers the definition hooks only (step vocabulary, periods), so an installation or a
test can load the procedure without the rules: register the module itself as a
plugin. The package registers it along with the rules.
"""

from __future__ import annotations

from caseflow.hookspecs import hookimpl

from .payments import ROUTES
from .periods import PERIODS
from .steps import STEP_KINDS


@hookimpl(trylast=True)
def caseflow_register_steps():
    return list(STEP_KINDS.values())


@hookimpl(trylast=True)
def caseflow_register_periods():
    return list(PERIODS.values())


@hookimpl(trylast=True)
def caseflow_register_routes():
    return list(ROUTES)
