"""Helpers for the stories about keeping data: a case with evidence, the CLI on the
test database, and what a database holds, read so that two databases can be compared."""

from __future__ import annotations

from click.testing import CliRunner
from sqlalchemy import select

from caseflow.cli import main
from caseflow.engine.cases import open_case
from caseflow.models import Case, Event, EvidenceFile
from caseflow.web.evidence import save_and_record

NOTE = "现场检查笔录：危化品仓库入口未设置警示标志。\n".encode()


def case_with_evidence(rt, session, district, data: bytes = NOTE):
    case = open_case(
        rt.engine, session, workflow="general_penalty", party=district["party"],
        unit=district["bureau"], actor=district["officer1"], title="未设置警示标志",
    )  # fmt: skip
    save_and_record(rt.engine, session, rt.config, case, "officer1", data, "笔录.txt", "E1")
    return case


def cli(monkeypatch, app, *args: str):
    """``caseflow ARGS`` with the environment pointing at ``app``'s database and files."""
    monkeypatch.setenv("DATABASE_URL", app.config["DATABASE_URL"])
    monkeypatch.setenv("CASEFLOW_EVIDENCE_DIR", app.config["EVIDENCE_DIR"])
    monkeypatch.setenv("CASEFLOW_SECRET_KEY", "test")  # keep the checkout's instance/ out
    return CliRunner().invoke(main, list(args))


def holdings(session) -> dict:
    """Cases, events (with their hashes) and evidence hashes, by case label (the number
    once filed, the provisional reference before)."""
    cases = session.scalars(select(Case)).all()
    numbers = {c.id: c.label for c in cases}
    return {
        "cases": sorted((c.label, c.state, c.version) for c in cases),
        "events": sorted(
            (numbers[e.case_id], e.seq, e.kind, e.hash) for e in session.scalars(select(Event))
        ),
        "evidence": sorted(
            (numbers[f.case_id], f.sha256, f.filename)
            for f in session.scalars(select(EvidenceFile))
        ),
    }
