"""Legal-procedure rules: the catalogue's sections A–G (``legal-rules.md``).

Each rule lives with its metadata in the module of its section; this module
only answers the hooks. Every hook is ``trylast`` so an outside plugin wins.
"""

from __future__ import annotations

from caseflow.engine.periods import period_settings
from caseflow.plugin import hookimpl

from . import (  # noqa: F401 - importing a section registers its rules
    closing,
    compulsion,
    correction,
    decision,
    execution,
    filing,
    fines,
    handling,
    hazard,
    hearing,
    investigation,
    notice,
    penalty,
    transfer,
    work_safety_fines,
)
from .documents import DOCUMENT_SETTINGS, document_facts
from .periods import HANDLING_SETTINGS, OLD_LEVELS_KEY, PERIODS
from .procedure import (  # noqa: F401 - the package answers them too
    caseflow_register_periods,
    caseflow_register_routes,
    caseflow_register_steps,
)
from .registry import RULES, declared_settings, run_case, run_step
from .registry import default_settings as default_settings  # plain values, for checks run by hand


@hookimpl(trylast=True)
def caseflow_register_rules():
    return [r.info() for r in RULES.values()]


@hookimpl(trylast=True)
def caseflow_rule_settings():
    extension_levels = {k: v.declared() for k, v in HANDLING_SETTINGS.items()}
    return {
        **declared_settings(),
        **period_settings(PERIODS),
        **extension_levels,
        OLD_LEVELS_KEY: False,
        **DOCUMENT_SETTINGS,
    }


@hookimpl(trylast=True)
def caseflow_check_step(record, step, ctx):
    return run_step(record, step, ctx)


@hookimpl(trylast=True)
def caseflow_check_case(record, ctx):
    return run_case(record, ctx)


@hookimpl(trylast=True)
def caseflow_document_facts(kind, record, day, ctx):
    return document_facts(kind, record, day, ctx)
