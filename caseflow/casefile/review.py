"""Case-file review (案卷评查): every rule run over a recorded file, reported.

The same rules that guard live steps judge a file after the fact; here they block
nothing and only report, for a legal reviewer (text) or a program (JSON).
"""

from __future__ import annotations

import datetime as dt
import json
import os
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace

import pluggy

from caseflow.casefile.reader import CaseFileError, ExtraFields, read_case_file
from caseflow.engine.calendar import BusinessCalendar
from caseflow.engine.catalogue import rule_settings, violation_catalogue
from caseflow.engine.checks import CheckContext, review
from caseflow.engine.findings import Finding, Severity
from caseflow.engine.steps import collect_steps, titles

SEVERITY_ZH = {s: s.label_zh for s in Severity}

EXIT_CLEAN, EXIT_ERRORS, EXIT_UNREADABLE = 0, 1, 2


@dataclass
class FileResult:
    """What review found in one file, or why the file could not be read."""

    file: str
    case_number: str | None = None
    findings: list[Finding] = field(default_factory=list)
    step_names: dict[int, str] = field(default_factory=dict)
    step_titles: dict[str, str] = field(default_factory=dict)  # kind -> its zh title
    warnings: list[str] = field(default_factory=list)  # the reader's notes
    # Step index -> the file's acknowledgement of that step's defects (format 1.1).
    acknowledgements: dict[int, dict] = field(default_factory=dict)
    # Step index -> (date of the act, day it was entered) for steps entered late (补录).
    late_entries: dict[int, tuple[dt.date, dt.date]] = field(default_factory=dict)
    errors: list[str] = field(default_factory=list)  # why the file is unreadable

    @property
    def readable(self) -> bool:
        return not self.errors

    @property
    def exit_status(self) -> int:
        if not self.readable:
            return EXIT_UNREADABLE
        # Format 1.1: a defect fails the review as an error does (exit 1), acknowledged
        # or not: an acknowledged defect is still a 瑕疵 of the file.
        blocking = any(f.is_error or f.is_defect for f in self.findings)
        return EXIT_ERRORS if blocking else EXIT_CLEAN

    def to_dict(self) -> dict:
        if not self.readable:
            return {"file": self.file, "errors": list(self.errors)}
        return {
            "case_number": self.case_number,
            "findings": [self._finding_dict(f) for f in self.findings],
        }

    def acknowledgement_of(self, f: Finding) -> dict | None:
        """The file's acknowledgement of ``f``, when ``f`` is a defect its step acknowledges."""
        if not f.is_defect or f.step is None:
            return None
        return self.acknowledgements.get(f.step)

    def _finding_dict(self, f: Finding) -> dict:
        out = {"rule": f.rule, "severity": str(f.severity), "step": f.step, "message": f.message}
        ack = self.acknowledgement_of(f)
        if ack is not None:
            # As the format's expected output has it: who, and why.
            out["acknowledged"] = {"by": list(ack["by"]), "reason": ack["reason"]}
        return out


def make_review_context(
    pm: pluggy.PluginManager,
    as_of: dt.date | None = None,
    overrides: Mapping | None = None,
    calendar: BusinessCalendar | None = None,
    settings: Mapping | None = None,
) -> CheckContext:
    """The context rules read in review: the installation's ``settings`` (or the
    plugins' defaults with ``overrides``), their violation catalogue, the business
    calendar."""
    return CheckContext(
        settings=settings if settings is not None else rule_settings(pm, overrides),
        calendar=calendar or BusinessCalendar(),
        violations=violation_catalogue(pm),
        as_of=as_of,
        mode="review",
    )


def plugin_step_fields(pm: pluggy.PluginManager) -> ExtraFields:
    """The fields plugins add to each step (``caseflow_step_fields``), so a case file
    keeps them. A case file names no workflow: plugins are asked with ``workflow=None``."""
    known: dict[str, tuple] = {}

    def fields_of(step: str) -> tuple:
        if step not in known:
            found = pm.hook.caseflow_step_fields(workflow=None, step=step)
            known[step] = tuple(spec for specs in found for spec in specs)
        return known[step]

    return fields_of


def review_file(
    path_or_source, pm: pluggy.PluginManager, ctx: CheckContext | None = None
) -> FileResult:
    """Read one case file and run every rule over it."""
    name = _name_of(path_or_source)
    try:
        case = read_case_file(path_or_source, collect_steps(pm), plugin_step_fields(pm))
    except CaseFileError as exc:
        return FileResult(file=name, errors=exc.errors)
    # A copy per file: review() fills in as_of from the file's last step when unset,
    # and that must not leak into the next file.
    ctx = replace(ctx, mode="review") if ctx is not None else make_review_context(pm)
    record = case.record
    findings = sorted(review(pm, record, ctx), key=_finding_order)
    return FileResult(
        file=name,
        case_number=record.case_number,
        findings=findings,
        step_names={s.index: s.step for s in record.steps},
        # The titles the procedure definition gives, as the case page shows them.
        step_titles=titles(collect_steps(pm)),
        warnings=case.warnings,
        acknowledgements={s.index: s.acknowledged for s in record.steps if s.acknowledged},
        late_entries={
            s.index: (s.date, s.recorded_on)
            for s in record.steps
            if s.recorded_on is not None and s.recorded_on > s.date
        },
    )


def exit_status(results: Sequence[FileResult]) -> int:
    """0 when no finding is an error or a defect, 1 when any is, 2 when a file cannot be
    read."""
    return max((r.exit_status for r in results), default=EXIT_CLEAN)


def render_json(results: Sequence[FileResult]) -> str:
    """One object for a single file, a list of them for several."""
    docs = [r.to_dict() for r in results]
    return json.dumps(docs[0] if len(docs) == 1 else docs, ensure_ascii=False, indent=2)


def render_text(results: Sequence[FileResult], lang: str = "zh") -> str:
    zh = lang == "zh"
    lines: list[str] = []
    for r in results:
        lines += _file_text(r, zh)
        lines.append("")
    lines.append(_summary(results, zh))
    return "\n".join(lines)


def _file_text(r: FileResult, zh: bool) -> list[str]:
    if not r.readable:
        # A reader of either language must see why the file was refused.
        return [f"无法读取案卷 / cannot read case file: {r.file}"] + [f"  {e}" for e in r.errors]
    head = f"案卷 {r.case_number}（{r.file}）" if zh else f"Case {r.case_number} ({r.file})"
    lines = [head]
    for f in r.findings:
        lines.append("  " + _finding_text(f, r.step_names, r.step_titles, zh))
        ack = r.acknowledgement_of(f)
        if ack is not None:
            lines.append("    " + _ack_text(ack, zh))
    if not r.findings:
        lines.append("  未发现问题" if zh else "  no findings")
    for index, (day, entered) in sorted(r.late_entries.items()):
        name = r.step_names.get(index, "?")
        if zh:
            lines.append(f"  补录：步骤{index} {r.step_titles.get(name, name)}"
                         f"（{day}的行为，{entered}录入）")  # fmt: skip
        else:
            lines.append(f"  entered late: step {index} {name} (act of {day}, entered {entered})")
    for w in r.warnings:
        lines.append(f"  {'读取提示' if zh else 'note'}: {w}")
    return lines


def _finding_text(
    f: Finding, step_names: Mapping[int, str], step_titles: Mapping[str, str], zh: bool
) -> str:
    if f.step is None:
        where = "全案" if zh else "whole file"
    else:
        name = step_names.get(f.step, "?")
        where = f"步骤{f.step} {step_titles.get(name, name)}" if zh else f"step {f.step} {name}"
    severity = SEVERITY_ZH[f.severity] if zh else str(f.severity)
    message = f.message_zh if zh else f.message_en
    return f"[{where}] {severity} {f.rule}: {message}"


def _ack_text(ack: dict, zh: bool) -> str:
    who = "、".join(ack["by"]) if zh else ", ".join(ack["by"])
    if zh:
        return f"已确认瑕疵：{who}（理由：{ack['reason']}）"
    return f"defect acknowledged by {who} (reason: {ack['reason']})"


def _summary(results: Sequence[FileResult], zh: bool) -> str:
    found = [(r, f) for r in results for f in r.findings]
    errors = sum(1 for _, f in found if f.is_error)
    defects = sum(1 for _, f in found if f.is_defect)
    acknowledged = sum(1 for r, f in found if r.acknowledgement_of(f) is not None)
    warnings = len(found) - errors - defects
    unreadable = sum(1 for r in results if not r.readable)
    # Defects are named only where there are some: a report without any reads as before.
    if zh:
        flaws = f"瑕疵 {defects} 项（已确认 {acknowledged} 项），" if defects else ""
        return (
            f"合计：案卷 {len(results)} 个，错误 {errors} 项，{flaws}警告 {warnings} 项，"
            f"无法读取 {unreadable} 个"
        )
    flaws = f"{defects} defects ({acknowledged} acknowledged), " if defects else ""
    return (
        f"Total: {len(results)} files, {errors} errors, {flaws}{warnings} warnings, "
        f"{unreadable} unreadable"
    )


def _finding_order(f: Finding):
    return (f.step is None, f.step or 0, list(Severity).index(f.severity), f.rule)


def _name_of(source) -> str:
    if isinstance(source, os.PathLike):
        return os.fspath(source)
    if isinstance(source, str) and source.lstrip()[:1] not in ("{", "["):
        return source
    return "<input>"
