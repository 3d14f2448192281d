"""The plugin contract: every hook CaseFlow calls, one docstring each.

Hooks are always called with keyword arguments, so a spec can grow a new
argument without breaking plugins that do not take it. ``register_*`` hooks
return lists that are concatenated; plain event names notify.
"""

from __future__ import annotations

import pluggy

hookspec = pluggy.HookspecMarker("caseflow")
hookimpl = pluggy.HookimplMarker("caseflow")


# ---------------------------------------------------------------------------
# Definitions: workflows, catalogues, checklists, rules
# ---------------------------------------------------------------------------


@hookspec
def caseflow_register_workflows():
    """Return a list of paths to workflow definition files (YAML) this plugin ships."""


@hookspec
def caseflow_register_violations():
    """Return a list of violation catalogue entries: dicts with ``code``, ``title_zh``,
    ``title_en``, ``law``, ``effective``, ``violated`` and ``penalty_basis`` (provisions
    to paragraph and item), ``tiers`` (per tier: penalty ``kinds``, the fine ``min`` and
    ``max`` with discretion ``bands`` where a fine applies, ``persons_fine`` on the
    responsible persons) and an optional ``note``."""


@hookspec
def caseflow_register_checklists():
    """Return a list of inspection checklists (dicts with ``id``, ``version``,
    ``effective``, ``title_zh``, ``title_en`` and ``items``, each item with its source and
    grade: ``M`` for a major hidden danger with its criterion, or ``G``)."""


@hookspec
def caseflow_register_rules():
    """Return a list of :class:`caseflow.engine.findings.RuleInfo` for the rules this
    plugin checks, so ``caseflow rules`` can list them with id, severity and source."""


@hookspec
def caseflow_register_steps():
    """Return a list of :class:`caseflow.engine.steps.StepKind`: the step vocabulary,
    each kind once with its one title (zh and en) and its field specs. A workflow step
    of that name takes both from it and may only choose, require or narrow fields."""


@hookspec
def caseflow_register_periods():
    """Return a list of :class:`caseflow.engine.periods.Period`: each legal period once
    (start, length as a versioned setting, working or calendar days, roll-forward,
    source). A workflow deadline opens one by name (``opens: [{period: ...}]``) and
    rules judge acts against the same object."""


@hookspec
def caseflow_register_routes():
    """Return a list of :class:`caseflow.engine.routes.Route`: where a step leads when
    the history decides (``to: {route: name, values: {answer: state}}``), each with
    its possible answers so workflows are checked at start-up."""


@hookspec
def caseflow_rule_settings():
    """Return a dict of rule settings (days, thresholds, amounts) with their defaults.
    An installation overrides any of them in its configuration (``RULE_SETTINGS``)."""


# ---------------------------------------------------------------------------
# Steps: checks before, fields, documents, deadlines, reactions after
# ---------------------------------------------------------------------------


@hookspec
def caseflow_check_step(record, step, ctx):
    """Return a list of findings about ``step`` (a proposed :class:`Step`) being taken
    on ``record`` (the :class:`CaseRecord` as it stood before it). The same call serves
    the live check before a step and the case-file review of a recorded one; ``ctx``
    carries settings, the business calendar, the violation catalogue and the date the
    case is judged as of. An error finding refuses the step; a warning is recorded."""


@hookspec
def caseflow_check_case(record, ctx):
    """Return findings about the whole ``record`` as of ``ctx.as_of`` that no single step
    shows: a deadline that ran out with nothing done (review mode and dashboards)."""


@hookspec
def caseflow_step_fields(workflow, step):
    """Return extra field specs (dicts like a workflow file's ``fields`` entries) that
    ``step`` of ``workflow`` takes, beyond those its definition declares."""


@hookspec
def caseflow_step_documents(workflow, step, record):
    """Return the enforcement documents (dicts with ``kind`` and ``title_zh``) that
    recording ``step`` issues, beyond those its definition declares."""


@hookspec
def caseflow_step_recorded(case, step, session):
    """Called after ``step`` was recorded on ``case``, inside the same transaction:
    react (notify, open related records). Raising here refuses the step."""


# ---------------------------------------------------------------------------
# Reporting
# ---------------------------------------------------------------------------


@hookspec
def caseflow_dashboard_figures(session, unit_ids, as_of):
    """Return a list of figures (dicts with ``key``, ``label_zh``, ``label_en``,
    ``value`` and optional ``previous``) for the dashboard of the given units."""
