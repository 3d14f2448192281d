"""Everything a process needs to run cases, built from settings, no Flask required.

The CLI, the web, the API and the tests all build this one object.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pluggy
from sqlalchemy.engine import Engine as DBEngine
from sqlalchemy.orm import Session, sessionmaker

from caseflow.db import make_engine, make_session_factory
from caseflow.engine.engine import Engine
from caseflow.engine.loader import WorkflowError
from caseflow.engine.registry import WorkflowRegistry, load_registry
from caseflow.engine.steps import collect_steps
from caseflow.plugins import collect, make_manager


@dataclass
class Runtime:
    db: DBEngine
    sessions: sessionmaker[Session]
    pm: pluggy.PluginManager
    registry: WorkflowRegistry
    engine: Engine
    config: dict


def load_workflows(pm: pluggy.PluginManager, dirs: list[str]) -> WorkflowRegistry:
    paths = [Path(d) for d in dirs]
    for plugin, path in collect(pm, "caseflow_register_workflows"):
        if not Path(path).exists():
            raise WorkflowError(f"plugin {plugin} registers missing workflow file {path}")
        paths.append(Path(path))
    return load_registry(paths, collect_steps(pm))


def build_runtime(config: dict, extra_plugins=(), clock=None) -> Runtime:
    pm = make_manager(
        allow=config.get("PLUGINS_ALLOW"),
        autoload=config.get("PLUGINS_AUTOLOAD", True),
        extra=extra_plugins,
    )
    registry = load_workflows(pm, config["WORKFLOW_DIRS"])
    db = make_engine(config["DATABASE_URL"])
    engine = Engine(registry, pm, config.get("RULE_SETTINGS"), clock=clock)
    return Runtime(db, make_session_factory(db), pm, registry, engine, config)
