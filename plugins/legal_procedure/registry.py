"""The rule registry: each rule's metadata sits on the function that checks it.

A rule is a function of (record as it stood before the step, proposed step,
context) yielding findings. ``@rule`` records its id, severity, legal source,
titles, the steps it guards and its settings with their defaults; ``@rule.case``
attaches an as-of check for deadlines that ran out with nothing done.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Generator, Iterable
from dataclasses import dataclass, field, replace

from caseflow.plugin import Finding, RuleInfo, Severity
from caseflow.settings import Dated, Declared

ERROR = Severity.ERROR
DEFECT = Severity.DEFECT
WARNING = Severity.WARNING

# Pseudo step names: "*" guards every step; "*by" every act that carries officers.
EVERY_STEP = "*"
OFFICER_ACTS = "*by"

StepCheck = Callable[..., Iterable[Finding] | None]


@dataclass
class Rule:
    id: str
    severity: Severity
    steps: tuple[str, ...]
    source: str
    title_zh: str
    title_en: str
    settings: dict = field(default_factory=dict)
    check: StepCheck | None = None
    case_check: Callable[..., Iterable[Finding] | None] | None = None
    to_confirm: dict = field(default_factory=dict)  # setting -> why its default is unsure
    # Lateness of an act the law calls a minor flaw (revision 2): a defect, not an error.
    late: Severity | None = None
    # Other severities the rule gives besides its own (revision 2: APL-AMOUNT warns
    # outside the discretion band and refuses outside the statutory range).
    also: tuple[Severity, ...] = ()

    def info(self) -> RuleInfo:
        return RuleInfo(
            id=self.id,
            severity=self.severity,
            title_zh=self.title_zh,
            title_en=self.title_en,
            source=self.source,
            steps=self.steps,
            severities=((self.late,) if self.late else ()) + tuple(self.also),
            settings=tuple(f"{self.id}.{k}" for k in self.settings),
        )

    def guards(self, step) -> bool:
        if step.step in self.steps or EVERY_STEP in self.steps:
            return True
        # Officers are a list of people; case_returned's ``by`` names a body instead.
        return (
            OFFICER_ACTS in self.steps
            and "by" in step.data
            and isinstance(step.data["by"], list | tuple)
        )

    def setting(self, ctx, key: str):
        """The installation's value, else this rule's default."""
        default = self.settings[key]
        return ctx.setting(f"{self.id}.{key}", getattr(default, "default", default))

    def dated(self, ctx, key: str, on: dt.date):
        """A versioned setting's value in force on ``on`` (one value, or rows of
        [from-date, value]): a procedural number follows the date of the step that
        starts its period, a fine range the date the violation ended."""
        return value_on(self.setting(ctx, key), on)

    def finding(self, zh: str, en: str, severity: Severity | None = None, **data) -> Finding:
        return Finding(self.id, severity or self.severity, zh, en, self.source, data=data)

    def past(self, ctx, verdict, zh: str, en: str, *days: dt.date | None) -> Finding:
        """A finding on an act judged against a period, noting an estimated calendar."""
        return self.finding(
            *with_note(ctx, zh, en, verdict.start, verdict.due, *days), severity=self.late
        )


RULES: dict[str, Rule] = {}


def rule(
    rule_id: str,
    *,
    severity: Severity = ERROR,
    steps: tuple[str, ...],
    source: str,
    title_zh: str,
    title_en: str,
    settings: dict | None = None,
    to_confirm: dict | None = None,
    late: Severity | None = None,
    also: tuple[Severity, ...] = (),
):
    """Register the decorated function as the step check of ``rule_id``.

    The function is called as ``fn(r, record, step, ctx)`` where ``r`` is the
    :class:`Rule` (for settings and findings). ``to_confirm`` names the settings
    whose default is not confirmed against the text in force, each with why. ``late``
    is the severity of the rule's lateness findings (:meth:`Rule.past`) where it is
    not the rule's own: a defect for the acts revision 2 names. ``also`` lists the other
    severities its findings may carry, so ``caseflow rules`` shows them all."""
    if rule_id in RULES:
        raise ValueError(f"rule {rule_id} registered twice")

    def decorate(fn):
        RULES[rule_id] = Rule(
            rule_id, severity, tuple(steps), source, title_zh, title_en, dict(settings or {}), fn,
            to_confirm=dict(to_confirm or {}), late=late, also=tuple(also),
        )  # fmt: skip
        return fn

    return decorate


def case_check(rule_id: str):
    """Attach an as-of whole-case check, ``fn(r, record, ctx)``, to a registered rule."""

    def decorate(fn):
        RULES[rule_id].case_check = fn
        return fn

    return decorate


def default_settings() -> dict:
    return {
        f"{r.id}.{k}": getattr(v, "default", v)
        for r in RULES.values()
        for k, v in r.settings.items()
    }


def versioned(default, to_confirm: str = "") -> Declared:
    """A rule's number the 办法 may change by date: one value, or rows of [from-date,
    value] an installation sets (the 2007/2015 办法 until 2026-01-31, order No. 18 from
    2026-02-01)."""
    return Declared(default, type=Dated(type(default)), to_confirm=to_confirm)


def declared_settings() -> dict:
    """Every rule's settings as declared to the core: those whose default is unsure
    carry why (``caseflow settings`` marks them "to confirm")."""
    out = {}
    for r in RULES.values():
        for k, v in r.settings.items():
            why = r.to_confirm.get(k, "")
            if isinstance(v, Declared):
                out[f"{r.id}.{k}"] = Declared(v.default, v.type, why or v.to_confirm, v.note)
            else:
                out[f"{r.id}.{k}"] = Declared(v, to_confirm=why) if why else v
    return out


def value_on(value, day: dt.date):
    """A setting's value on ``day``: a plain value, or the row of [from-date, value] in
    force that day (a date before every row takes the oldest)."""
    if not isinstance(value, list | tuple) or not value or not isinstance(value[0], list | tuple):
        return value
    rows = sorted(
        (d if isinstance(d, dt.date) else dt.date.fromisoformat(str(d)), v) for d, v in value
    )
    in_force = [v for d, v in rows if d <= day]
    return in_force[-1] if in_force else rows[0][1]


class _ReadTracking(dict):
    """Step data that remembers which absent keys a rule asked for."""

    def __init__(self, data):
        super().__init__(data)
        self.missing: set[str] = set()

    def get(self, key, default=None):
        if key not in self:
            self.missing.add(key)
        return super().get(key, default)

    def __getitem__(self, key):
        if key not in self:
            self.missing.add(key)
        return super().__getitem__(key)

    def __contains__(self, key):
        found = super().__contains__(key)
        if not found:
            self.missing.add(key)
        return found


def run_step(record, step, ctx) -> list[Finding]:
    out: list[Finding] = []
    preview = getattr(ctx, "mode", "live") == "preview"
    for r in RULES.values():
        if r.check is None:
            continue
        if not preview:
            if r.guards(step):
                out.extend(r.check(r, record, step, ctx) or ())
            continue
        # Previewing "is this step open?": a finding that rests on input the officer has
        # not given yet (officers present, the fine) is not a reason the step is closed;
        # one that rests on the history (no notice served yet) is.
        tracked = _ReadTracking(step.data)
        probe = replace(step, data=tracked)
        if r.guards(probe):
            out.extend(_previewed(r, r.check(r, record, probe, ctx) or (), tracked))
    return out


def _previewed(r: Rule, found, tracked: _ReadTracking) -> list[Finding]:
    """The findings of one rule that preview can vouch for. Without any absent input read
    they all stand. With some, only the rule's lateness (its ``late`` severity) stands,
    and only when nothing absent was read on the way to it since the finding before:
    the act's date (today, in preview) and the history decide lateness, so the page says
    "allowed with a defect" exactly when taking the step would be held for one."""
    if not isinstance(found, Generator):
        # Computed all at once: what was read for which finding cannot be told apart.
        found = list(found)
        return [] if tracked.missing else found
    kept: list[Finding] = []
    read_before = 0
    for f in found:
        read_now = len(tracked.missing)
        lateness = r.late is not None and f.severity == r.late and r.late != r.severity
        if not tracked.missing or (lateness and read_now == read_before):
            kept.append(f)
        read_before = read_now
    return kept


def run_case(record, ctx) -> list[Finding]:
    out: list[Finding] = []
    for r in RULES.values():
        if r.case_check is not None:
            out.extend(r.case_check(r, record, ctx) or ())
    return out


# ---------------------------------------------------------------------------
# Small helpers the rule modules share
# ---------------------------------------------------------------------------


def with_note(ctx, zh: str, en: str, *days: dt.date | None) -> tuple[str, str]:
    """Append the calendar's fallback note when a window reaches an unknown year."""
    nzh, nen = ctx.calendar.fallback_note(*[d for d in days if d is not None])
    return zh + nzh, en + nen


def as_of(record, ctx) -> dt.date | None:
    if ctx.as_of is not None:
        return ctx.as_of
    return max((s.date for s in record.steps), default=None)


def before_or_on(record, names: tuple[str, ...] | str, day: dt.date) -> list:
    """Steps of these kinds dated on or before ``day`` (rules compare dates)."""
    if isinstance(names, str):
        names = (names,)
    return [s for s in record.steps_named(*names) if s.date <= day]


def latest(steps: list):
    return max(steps, key=lambda s: (s.date, s.index)) if steps else None


def fine_of(penalty) -> float:
    return float((penalty or {}).get("fine") or 0)


def kinds_of(penalty) -> set[str]:
    return set((penalty or {}).get("kinds") or ())


def money(x: float) -> str:
    return f"{x:,.0f}" if float(x).is_integer() else f"{x:,.2f}"


def is_head(record, pid) -> bool:
    p = record.person(pid)
    return p is not None and "head" in p.roles


def who(record, pid) -> str:
    p = record.person(pid)
    return f"{p.name}({pid})" if p else str(pid)


def officers_of(record) -> set[str]:
    """Everyone who acted in the investigation (carried in ``by``)."""
    return {pid for s in record.steps for pid in s.by}


def add_months(day: dt.date, months: int) -> dt.date:
    m = day.month - 1 + months
    y, m = day.year + m // 12, m % 12 + 1
    for d in (day.day, 30, 29, 28):
        try:
            return dt.date(y, m, d)
        except ValueError:
            continue
    raise ValueError(day)
