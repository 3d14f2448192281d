import copy
import json
from pathlib import Path

import pytest

from tests.domain import EXAMPLES

EXAMPLE_FILES = sorted(EXAMPLES.glob("*.json"))
SMALL = EXAMPLES / "general-small-clean.json"
HEARING = EXAMPLES / "general-hearing-clean.json"


def load_doc(path: Path = SMALL) -> dict:
    return json.loads(path.read_text(encoding="utf-8"))


@pytest.fixture
def doc() -> dict:
    """The small general-procedure example, fresh for each test to mutate."""
    return copy.deepcopy(load_doc(SMALL))


def step_index(doc: dict, name: str) -> int:
    return next(i for i, s in enumerate(doc["steps"]) if s["step"] == name)
