"""``caseflow draw`` and ``caseflow verify-draw``: the same draw from the shell."""

from __future__ import annotations

from click.testing import CliRunner

from caseflow.cli import main
from caseflow.models import Draw, Party
from tests.factories import uscc

DRAW = ["draw", "--size", "3", "--from", "2024-04-01", "--to", "2024-04-30", "--as", "head1"]


def test_a_draw_from_the_shell_is_recorded_and_verifies(db_url, session, pool, plan, monkeypatch):
    monkeypatch.setenv("DATABASE_URL", db_url)
    runner = CliRunner()
    result = runner.invoke(main, [*DRAW, "--plan", str(plan.id), "--seed", "cli-1"])
    assert result.exit_code == 0, result.output
    assert "drew 3 of 3 from a pool of 13" in result.output
    row = session.query(Draw).one()
    assert row.fingerprint in result.output

    dry = runner.invoke(main, [*DRAW, "--plan", str(plan.id), "--seed", "cli-1", "--dry-run"])
    assert dry.exit_code == 0 and "DRY RUN" in dry.output
    assert f"fingerprint {row.fingerprint}" in dry.output, "same seed, same inputs, same draw"
    assert session.query(Draw).count() == 1

    ok = runner.invoke(main, ["verify-draw", row.number])
    assert ok.exit_code == 0, ok.output
    assert "same result" in ok.output and "unchanged" in ok.output

    session.add(Party(kind="organization", name="新企业", id_code=uscc(7777), unit=plan.unit))
    session.commit()
    changed = runner.invoke(main, ["verify-draw", row.number])
    assert changed.exit_code == 1
    assert "CHANGED" in changed.output and f"+ parties: {uscc(7777)}" in changed.output


def test_a_bad_draw_request_is_a_clear_error_not_a_traceback(db_url, pool, plan, monkeypatch):
    monkeypatch.setenv("DATABASE_URL", db_url)
    result = CliRunner().invoke(main, [*DRAW, "--plan", str(plan.id), "--seed", "two words"])
    assert result.exit_code == 1
    assert "seed:" in result.output
    nobody = CliRunner().invoke(main, [*DRAW[:-1], "officer1", "--plan", str(plan.id),
                                       "--seed", "x"])  # fmt: skip
    assert nobody.exit_code == 1 and "not a head" in nobody.output
