"""The plugin contract: every hook CaseFlow calls, one docstring each.

Hooks are always called through pluggy with keyword arguments
(``pm.hook.<name>(**kwargs)``), so a spec can grow a new argument without breaking
plugins that do not take it; an implementation takes only the arguments it needs.
``register_*`` hooks return lists that are concatenated; plain event names notify.
Every implementation is guarded (:mod:`caseflow.plugin_guard`): what it returns is
checked, and a failure is named with the plugin, the hook and the exception type.
``docs/plugins.md`` is the reference for authors; ``caseflow.plugin`` is what they import.
"""

from __future__ import annotations

import datetime as dt
import os
from typing import TYPE_CHECKING, Any

import pluggy

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

    from caseflow.engine.checks import CheckContext
    from caseflow.engine.findings import Finding, RuleInfo
    from caseflow.engine.periods import Period
    from caseflow.engine.record import CaseRecord, Step
    from caseflow.engine.routes import Route
    from caseflow.engine.steps import StepKind
    from caseflow.models import Case

hookspec = pluggy.HookspecMarker("caseflow")
hookimpl = pluggy.HookimplMarker("caseflow")


# ---------------------------------------------------------------------------
# Definitions: workflows, catalogues, checklists, rules
# ---------------------------------------------------------------------------


@hookspec
def caseflow_register_workflows() -> list[str | os.PathLike]:
    """Workflow definition files (YAML) this plugin ships.

    :returns: a list of paths to existing files. Each is validated like the files in
        ``workflows/``; a missing file or a broken definition is a start-up error.
    """


@hookspec
def caseflow_register_violations() -> list[dict]:
    """Violation catalogue entries this plugin adds.

    :returns: a list of dicts with ``code``, ``title_zh``, ``title_en``, ``violated``,
        ``penalty_basis`` (provisions to paragraph and item), ``tiers`` (exactly
        ``initial`` and ``overdue``, each with penalty ``kinds``, the fine ``min`` and
        ``max`` in yuan with discretion ``bands`` named 较轻/一般/较重 where a fine
        applies, and ``persons_fine`` on the responsible persons), optional ``law``,
        ``effective`` and ``note``. Revision 2 adds, all optional: per tier
        ``may_kinds`` (kinds the provision allows but does not require; ``kinds`` are
        required), ``grades`` (fine range by accident grade) and ``income_share`` (a
        fine as a share of last year's income, WSL 95); per entry ``liable`` (``unit``,
        ``principal_head``, ``responsible_person``), ``accident`` (true: imposed only on
        an approved accident report) and ``earlier`` (versions under an earlier law,
        each with ``until``, ``tiers`` and ``penalty_basis``, pricing acts that ended by
        ``until``). Each is validated as the built-in catalogue is (min <= max, amounts
        >= 0, a fine above zero, bands inside the range); a code registered twice, by
        one plugin or two, is a start-up error.
    """


@hookspec
def caseflow_register_checklists() -> list[dict]:
    """Inspection checklists this plugin ships.

    :returns: a list of dicts with ``id``, ``version`` (a string), ``effective``,
        ``title_zh``, ``title_en``, ``applies_to`` (``zh``, ``en``), ``sources`` and
        ``items``; each item with ``id``, ``text_zh``, ``text_en``, ``source`` and
        ``grade``: ``M`` for a major hidden danger with its ``criterion``, or ``G``.
        Validated as the built-in checklist files are.
    """


@hookspec
def caseflow_register_rules() -> list[RuleInfo]:
    """The rules this plugin checks, so ``caseflow rules`` and the API list them.

    :returns: a list of :class:`caseflow.plugin.RuleInfo`. A rule id is unique across
        every plugin loaded; a clash is a start-up error that ``caseflow plugins`` reports.
    """


@hookspec
def caseflow_register_steps() -> list[StepKind]:
    """The step vocabulary this plugin defines: each kind once, with its one title.

    :returns: a list of :class:`caseflow.engine.steps.StepKind`, each with its name, one
        zh and one en title, its field specs and the documents it issues. A workflow
        step of that name takes title and fields from it and may only choose
        (``fields:``), require (``require:``) or narrow (``choices:``) them; forms, the
        API, case files and documents all read the same kind. A kind defined twice, or
        a workflow restating a title or a field, is a start-up error.
    """


@hookspec
def caseflow_register_periods() -> list[Period]:
    """The legal periods this plugin defines, each once.

    :returns: a list of :class:`caseflow.engine.periods.Period`: its name, label and
        legal source, working or calendar days, length as a versioned setting (rows of
        from-date and value, the row in force on the day the period starts applying),
        roll-forward past rest days, and the steps that stop and restart its clock. A
        workflow deadline opens one by name (``opens: [{period: ...}]``) and rules judge
        acts by the same object, so the case page, the API and a finding name one day.
        A deadline naming a period no plugin defines is a start-up error.
    """


@hookspec
def caseflow_register_routes() -> list[Route]:
    """Routes the domain decides from the history rather than from one field's value.

    :returns: a list of :class:`caseflow.engine.routes.Route`, each with its name, the
        answers it may give and the function that gives one from the case record. A
        workflow step leads by ``to: {route: name, values: {answer: state}}``; an
        unknown route or an answer left unmapped is a start-up error.
    """


@hookspec
def caseflow_rule_settings() -> dict[str, Any]:
    """The numbers this plugin's rules read (days, thresholds, amounts) with defaults.

    :returns: a dict of setting name to default: a plain value, or a
        :class:`caseflow.settings.Declared` carrying its type and why a default is still
        to confirm. The dicts of all plugins are merged; an outside plugin's declaration
        wins over a built-in's of the same key. An installation sets them in its
        instance's ``caseflow.toml`` or ``CASEFLOW_SETTING_<KEY>``, checked against the
        type at start-up.
    """


# ---------------------------------------------------------------------------
# Steps: checks before, fields, documents, deadlines, reactions after
# ---------------------------------------------------------------------------


@hookspec
def caseflow_check_step(record: CaseRecord, step: Step, ctx: CheckContext) -> list[Finding]:
    """Findings about ``step`` being taken on ``record``; live, in preview and in review.

    :param record: the case as it stood before the step (party, unit, people, violations,
        earlier steps, related cases).
    :param step: the proposed (or, in review, recorded) step: name, date and data.
    :param ctx: settings, business calendar, violation catalogue, ``as_of`` and ``mode``
        (``live``, ``preview`` or ``review``).
    :returns: a list of :class:`caseflow.plugin.Finding`; the lists of all plugins are
        concatenated. An error refuses the step; a defect holds it until a head (and,
        for a finding whose data has ``touches_decision``, a legal reviewer) acknowledges
        it; a warning must be acknowledged and is recorded on it. A plugin that fails gives a ``PLUGIN-FAILED``
        error instead of its findings; the other plugins' findings stand.
    """


@hookspec
def caseflow_check_case(record: CaseRecord, ctx: CheckContext) -> list[Finding]:
    """Findings about the whole record that no single step shows (a deadline that ran out
    with nothing done); used by review and dashboards, it never blocks a step.

    :param record: the case with every recorded step.
    :param ctx: as for :func:`caseflow_check_step`; ``ctx.as_of`` is the day judged.
    :returns: a list of :class:`caseflow.plugin.Finding`, concatenated across plugins;
        a failure gives a ``PLUGIN-FAILED`` finding.
    """


@hookspec
def caseflow_step_fields(workflow: str | None, step: str) -> list[dict]:
    """Fields ``step`` takes beyond those its workflow definition declares.

    :param workflow: the workflow's name; ``None`` when a case file is read (a file names
        only its procedure): return the fields the step takes in any workflow.
    :param step: the step's name.
    :returns: a list of field specs, dicts like a workflow file's ``fields`` entries
        (``name``, ``type``, ``required``, ``label``), concatenated across plugins. The
        values are validated live, exported, imported and seen by rules in review.
    """


@hookspec
def caseflow_step_documents(workflow: str, step: str, record: CaseRecord) -> list[dict]:
    """Enforcement documents that recording ``step`` issues beyond its definition's.

    :param workflow: the workflow's name.
    :param step: the step's name.
    :param record: the case as it stood before the step.
    :returns: a list of dicts with ``kind`` and ``title_zh``, concatenated across plugins.
    """


@hookspec
def caseflow_document_facts(kind: str, record: CaseRecord, day: dt.date, ctx: CheckContext) -> dict:
    """What a printed document of ``kind`` states that only the procedure knows how to
    read from the file: the facts found, the evidence, the figures of a payment demand.

    :param kind: the document's kind (``payment_demand``).
    :param record: the case as it stands.
    :param day: the document's date: the facts as they stood on it.
    :param ctx: the rules' context (settings, calendar).
    :returns: a dict of names the document's template reads under ``file``; the dicts of
        several plugins are merged, the first plugin's name winning.
    """


@hookspec
def caseflow_step_recorded(case: Case, step: Step, session: Session) -> None:
    """Called after ``step`` was recorded on ``case``, inside the same transaction:
    react (notify, open related records). Raising here refuses the step.

    :param case: the case row, already in its new state.
    :param step: the step as recorded.
    :param session: the database session of the step's transaction; flush, never commit.
    :returns: nothing; results are ignored.
    """


# ---------------------------------------------------------------------------
# Reporting
# ---------------------------------------------------------------------------


@hookspec
def caseflow_dashboard_figures(session: Session, unit_ids: list[int], as_of: dt.date) -> list[dict]:
    """Figures for the dashboard of the given units.

    :param session: a read-only database session.
    :param unit_ids: the units the viewer may see.
    :param as_of: the day the figures are for.
    :returns: a list of dicts with ``key``, ``label_zh``, ``label_en``, ``value`` and
        optional ``previous``, concatenated across plugins. A failing plugin's figures
        are left out (and logged); the dashboard still shows.
    """
