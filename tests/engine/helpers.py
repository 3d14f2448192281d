"""Driving a case through the engine in tests.

The test is the caller, so it owns the transaction: each helper commits what the
engine flushed, as a request or a CLI command would."""

from __future__ import annotations

from caseflow.engine.cases import open_case


def committed(session, result):
    session.commit()
    return result


OFFICERS = {"by": ["officer1", "officer2"], "credentials_shown": True}


def new_case(rt, session, district, workflow="general_penalty", **kw):
    return committed(
        session,
        open_case(
            rt.engine,
            session,
            workflow=workflow,
            party=district["party"],
            unit=district["bureau"],
            actor=district["officer1"],
            **kw,
        ),
    )


def inspect(rt, session, case, district, **data):
    return committed(
        session,
        rt.engine.fire(
            session,
            case,
            "inspect",
            {**OFFICERS, "place": "生产车间", "signed_by_party": True, **data},
            district["officer1"],
        ),
    )


def register(rt, session, case, district, **data):
    return committed(
        session,
        rt.engine.fire(
            session,
            case,
            "register",
            {"discovered": "2024-03-05", **data},
            district["head1"],
            acknowledge=True,
        ),
    )
