"""Everything a plugin author imports: the one public module of the plugin contract.

``from caseflow.plugin import hookimpl, Finding, Severity, error`` and so on. What is
exported here keeps its name and meaning across releases; everything else in
CaseFlow is private and may change. The built-in plugins import from here too.
See ``docs/plugins.md`` for the hooks and the formats of what they return.

- Markers: :data:`hookimpl`.
- Findings: :class:`Finding`, :class:`Severity` (``error``, ``defect``, ``warning``),
  the shorthands :func:`error`, :func:`defect`, :func:`warning`, and :class:`RuleInfo`.
  A string severity is converted, an unknown one refused. A ``defect`` is refused like
  an error for now; its own handling (a head's acknowledgement) comes later.
- What a check reads: :class:`CaseRecord`, :class:`Step`, :class:`CheckContext` (its
  ``mode`` a :class:`Mode`: live, preview or review) and the
  record's parts (:class:`Person`, :class:`Certificate`, :class:`Unit`, :class:`Party`,
  :class:`Violation`, :class:`RelatedCase`).
- Periods and routing: :class:`BusinessCalendar` (working days, holidays, make-up
  days), :func:`weekdays_between`, :func:`route_value` (how a value picks a route).
- Formats: :data:`PENALTY_KINDS`, :data:`TIERS`, :data:`BAND_NAMES`,
  :data:`SERVICE_METHODS`, :data:`STEP_DATE_KEYS`; the validators every registration
  goes through, :func:`violation_problems` and :func:`checklist_problems` (with its parts,
  :func:`checklist_header_problems`, :func:`checklist_item_problems` and
  :func:`checklist_item_findings`).
- Registered data: :func:`violation_catalogue`, :func:`checklists`, :func:`rules`.
- Refusals, for tests: :class:`Refused`, :class:`RuleViolation`,
  :class:`UnacknowledgedWarnings`.
"""

from __future__ import annotations

from caseflow.casefile.vocabulary import PENALTY_KINDS, SERVICE_METHODS, TIERS
from caseflow.engine.calendar import BusinessCalendar, weekdays_between
from caseflow.engine.catalogue import checklists, rules, violation_catalogue
from caseflow.engine.checklist_format import as_date, checklist_problems
from caseflow.engine.checklist_format import header_problems as checklist_header_problems
from caseflow.engine.checklist_format import item_findings as checklist_item_findings
from caseflow.engine.checklist_format import item_problems as checklist_item_problems
from caseflow.engine.checks import CheckContext, Mode
from caseflow.engine.errors import Refused, RuleViolation, UnacknowledgedWarnings
from caseflow.engine.findings import Finding, RuleInfo, Severity, defect, error, warning
from caseflow.engine.machines import route_value
from caseflow.engine.record import (
    STEP_DATE_KEYS,
    CaseRecord,
    Certificate,
    Party,
    Person,
    RelatedCase,
    Step,
    Unit,
    Violation,
)
from caseflow.engine.violation_format import BAND_NAMES
from caseflow.engine.violation_format import entry_problems as violation_problems
from caseflow.hookspecs import hookimpl

__all__ = [
    "BAND_NAMES",
    "PENALTY_KINDS",
    "SERVICE_METHODS",
    "STEP_DATE_KEYS",
    "TIERS",
    "BusinessCalendar",
    "CaseRecord",
    "Certificate",
    "CheckContext",
    "Finding",
    "Mode",
    "Party",
    "Person",
    "Refused",
    "RelatedCase",
    "RuleInfo",
    "RuleViolation",
    "Severity",
    "Step",
    "UnacknowledgedWarnings",
    "Unit",
    "Violation",
    "as_date",
    "checklist_header_problems",
    "checklist_item_findings",
    "checklist_item_problems",
    "checklist_problems",
    "checklists",
    "defect",
    "error",
    "hookimpl",
    "route_value",
    "rules",
    "violation_catalogue",
    "violation_problems",
    "warning",
    "weekdays_between",
]
