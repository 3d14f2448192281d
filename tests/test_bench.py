"""The benchmarks run and print their figures (they are measured, never asserted)."""

from __future__ import annotations

from click.testing import CliRunner

from caseflow.cli import main
from tests.domain import EXAMPLES

EXAMPLE = EXAMPLES / "general-small-clean.json"


def test_the_engine_benchmark_prints_steps_raw_commits_and_their_ratio():
    result = CliRunner().invoke(
        main, ["bench", "engine", "--cases", "1", "--steps", "2", "--raw", "5"]
    )
    assert result.exit_code == 0, result.output
    assert "persisted steps/s" in result.output and "commits/s" in result.output
    assert "ratio:" in result.output


def test_the_review_benchmark_prints_files_per_second():
    result = CliRunner().invoke(main, ["bench", "review", "--files", "3", str(EXAMPLE)])
    assert result.exit_code == 0, result.output
    assert "reviewed 3 files" in result.output and "(0 error findings)" in result.output


def test_the_draw_benchmark_prints_its_time_beside_hashing_the_pool_alone():
    result = CliRunner().invoke(
        main, ["bench", "draw", "--parties", "40", "--officers", "5", "--size", "10",
               "--inspected", "10"],
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    assert "10 of 10 drawn from a pool of 40" in result.output
    assert "reference: hashing 40 ids alone" in result.output
