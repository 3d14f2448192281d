"""``caseflow audit-case`` and ``caseflow rules``: case-file review from the shell.

Exit status is a contract for scripts that review a folder of exports: 0 when no
finding is an error or a defect, 1 when any is (an acknowledged defect too), 2 when a file (or the installation's plugins)
cannot be read. Nothing else, and never a traceback.
"""

from __future__ import annotations

import json

import click

from caseflow.casefile.review import (
    EXIT_UNREADABLE,
    exit_status,
    make_review_context,
    render_json,
    render_text,
    review_file,
)
from caseflow.config import from_env, instance_path, plugin_options
from caseflow.engine.catalogue import rules, warn_if_no_rules
from caseflow.engine.rule_listing import rule_doc, text_lines
from caseflow.plugins import make_manager
from caseflow.settings import SettingsError, from_config


def _manager(ctx: click.Context):
    """The plugins as every command loads them (allow-list and autoload honoured)."""
    options = plugin_options()
    try:
        pm = make_manager(allow=options["PLUGINS_ALLOW"], autoload=options["PLUGINS_AUTOLOAD"])
    except Exception as exc:  # noqa: BLE001 - any plugin that fails to load is reported
        _fail(ctx, f"插件加载失败 / plugins failed to load: {type(exc).__name__}: {exc}")
    return pm


def _fail(ctx: click.Context, message: str):
    click.echo(message, err=True)
    ctx.exit(EXIT_UNREADABLE)


@click.command("audit-case")
@click.argument("files", nargs=-1, required=True)
@click.option(
    "--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True
)
@click.option(
    "--as-of",
    type=click.DateTime(formats=["%Y-%m-%d"]),
    default=None,
    help="Judge open deadlines as of this date (default: each file's last step).",
)
@click.option("--lang", type=click.Choice(["zh", "en"]), default="zh", show_default=True)
@click.pass_context
def audit_case(ctx: click.Context, files, fmt, as_of, lang):
    """Review case files (案卷评查) against every loaded rule."""
    pm = _manager(ctx)
    no_rules = warn_if_no_rules(pm)
    if no_rules:
        click.echo(no_rules, err=True)
    try:
        # The installation's settings, as the app reads them: review and live agree.
        settings = from_config(pm, from_env(instance_path()))
    except SettingsError as exc:
        _fail(ctx, f"设置有误 / settings: {exc}")
    try:
        base = make_review_context(pm, as_of=as_of.date() if as_of else None, settings=settings)
    except Exception as exc:  # noqa: BLE001 - a broken catalogue or setting, named
        _fail(ctx, f"规则配置无法载入 / rule configuration cannot be loaded: {exc}")
    results = [review_file(path, pm, base) for path in files]
    click.echo(render_json(results) if fmt == "json" else render_text(results, lang=lang))
    ctx.exit(exit_status(results))


@click.command("rules")
@click.option(
    "--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True
)
@click.pass_context
def rules_command(ctx: click.Context, fmt):
    """List every rule loaded: id, the severities it gives, legal source, plugin, and the
    settings it reads with their values, versions and "to confirm" marks."""
    pm = _manager(ctx)
    try:
        infos = rules(pm)
    except Exception as exc:  # noqa: BLE001 - a plugin failing in its hook, named
        _fail(ctx, f"规则列表无法载入 / rules cannot be listed: {exc}")
    try:
        settings = from_config(pm, from_env(instance_path()))
    except SettingsError as exc:
        _fail(ctx, f"设置有误 / settings: {exc}")
    docs = [rule_doc(r, settings) for r in infos]
    if fmt == "json":
        click.echo(json.dumps(docs, ensure_ascii=False, indent=2, default=str))
        return
    for doc in docs:
        for line in text_lines(doc):
            click.echo(line)
    marked = sum(1 for d in docs for s in d["settings"] if s["to_confirm"])
    click.echo(
        f"共 {len(infos)} 条规则，{marked} 项设置待确认 / {len(infos)} rules, "
        f"{marked} settings to confirm"
    )
