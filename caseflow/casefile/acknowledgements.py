"""Who acknowledges the defects (瑕疵) of a case file imported live, and whether they did.

Format 1.1: a step of a file with a defect is taken live only with an
acknowledgement — the file's own (``acknowledged``, naming people of the file) or
the importing head's, given with the request. A head always signs; where the defect
touches the decision (APL-60-90DAY), also a legal reviewer who is not an officer of
the case (legal-rules.md, revision 2). A file short of them is refused as a whole,
naming each defect and who still must sign.
"""

from __future__ import annotations

from dataclasses import dataclass

from caseflow.engine.findings import Finding
from caseflow.engine.pending import HEAD, REVIEWER, Acknowledgement, roles_owed
from caseflow.engine.record import CaseRecord
from caseflow.models import User


@dataclass(frozen=True)
class OwedDefect:
    """A defect of step ``step`` and the roles whose acknowledgement it still lacks."""

    finding: Finding
    step: int
    required: tuple[str, ...]  # the roles the rule asks for
    owed: tuple[str, ...]  # of those, the ones nobody named fills

    def to_dict(self) -> dict:
        return {
            "rule": self.finding.rule,
            "step": self.step,
            "message": self.finding.message,
            "must_acknowledge": list(self.required),
            "owed": list(self.owed),
            "who": who_must(self.required),
        }


# Who signs in each role, as a refusal names them.
SIGNERS = {
    HEAD: ("负责人", "a head"),
    REVIEWER: (
        "非本案执法人员的法制审核人员",
        "a legal reviewer who is not an officer of the case",
    ),
}


def who_must(roles) -> str:
    zh = "及".join(SIGNERS[r][0] for r in roles)
    en = " and ".join(SIGNERS[r][1] for r in roles)
    return f"{zh} / {en}"


def officers(record: CaseRecord) -> set[str]:
    """The officers of the case: everyone a step of the file names as acting (``by``)."""
    return {pid for s in record.steps for pid in s.by}


def filled(record: CaseRecord, by: list[str], importer: User | None) -> set[str]:
    """The roles the people of ``by`` (ids of the file) and the importing head fill."""
    roles = set()
    acting = officers(record)
    for pid in by:
        person = record.person(pid)
        if person is None:
            continue
        if HEAD in person.roles:
            roles.add(HEAD)
        if REVIEWER in person.roles and pid not in acting:
            roles.add(REVIEWER)
    if importer is not None and importer.has_role(HEAD):
        roles.add(HEAD)
    return roles


def unacknowledged(
    record: CaseRecord, findings: list[Finding], given: Acknowledgement | None, importer: User
) -> list[OwedDefect]:
    """Each defect among ``findings`` that neither the file nor the importing head (when
    ``given``) acknowledges as the rule requires."""
    out = []
    steps = {s.index: s for s in record.steps}
    for f in findings:
        if not f.is_defect or f.step not in steps:
            continue
        required = tuple(roles_owed([f]))
        ack = steps[f.step].acknowledged or {}
        have = filled(record, list(ack.get("by") or []), importer if given else None)
        owed = tuple(r for r in required if r not in have)
        if owed:
            out.append(OwedDefect(f, f.step, required, owed))
    return out


def all_owed(findings: list[Finding]) -> list[OwedDefect]:
    """Each defect with every role its rule requires (none of them was found to sign)."""
    out = []
    for f in findings:
        if f.is_defect and f.step is not None:
            required = tuple(roles_owed([f]))
            out.append(OwedDefect(f, f.step, required, required))
    return out


def signers(
    ack: dict | None, users: dict[str, User], importer: User, given: Acknowledgement | None
) -> tuple[tuple[User, Acknowledgement], ...]:
    """Who signs a step's defects live: the file's people (heads first), then the
    importing head with the acknowledgement he gave, each once."""
    out: list[tuple[User, Acknowledgement]] = []
    if ack:
        stated = Acknowledgement(ack["reason"], ack.get("category") or "other")
        people = [users[pid] for pid in ack["by"] if pid in users]
        people.sort(key=lambda u: not u.has_role(HEAD))
        out += [(u, stated) for u in people]
    if given is not None:
        out.append((importer, given))
    once: dict[int, tuple[User, Acknowledgement]] = {}
    for u, a in out:
        once.setdefault(u.id, (u, a))
    return tuple(once.values())


def refusal_message(owed: list[OwedDefect]) -> tuple[str, str]:
    zh = "；".join(
        f"步骤{d.step} {d.finding.rule}须由{'及'.join(SIGNERS[r][0] for r in d.owed)}确认"
        for d in owed
    )
    en = "; ".join(
        f"step {d.step} {d.finding.rule} needs the acknowledgement of "
        + " and ".join(SIGNERS[r][1] for r in d.owed)
        for d in owed
    )
    return (
        f"案卷中有未经确认的瑕疵，未导入：{zh}",
        f"the file has defects nobody acknowledged; nothing was imported: {en}",
    )
