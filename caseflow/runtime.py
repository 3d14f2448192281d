"""Everything a process needs to run cases, built from settings, no Flask required.

The CLI, the web, the API and the tests all build this one object.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pluggy
from sqlalchemy.engine import Engine as DBEngine
from sqlalchemy.orm import Session, sessionmaker

from caseflow import settings
from caseflow.db import make_engine, make_session_factory
from caseflow.engine.catalogue import check_registrations, warn_if_no_rules
from caseflow.engine.engine import Engine
from caseflow.engine.registry import WorkflowRegistry, load_registry
from caseflow.engine.steps import collect_steps
from caseflow.plugins import manager_from_config


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
    # Each path was checked to exist, naming its plugin, as the plugin returned it.
    paths += [Path(p) for found in pm.hook.caseflow_register_workflows() for p in found]
    return load_registry(paths, collect_steps(pm))


def build_runtime(config: dict, extra_plugins=(), clock=None) -> Runtime:
    pm = manager_from_config(config, extra=extra_plugins)
    check_registrations(pm)
    warn_if_no_rules(pm)
    registry = load_workflows(pm, config["WORKFLOW_DIRS"])
    db = make_engine(config["DATABASE_URL"])
    engine = Engine(registry, pm, settings.from_config(pm, config), clock=clock)
    return Runtime(db, make_session_factory(db), pm, registry, engine, config)
