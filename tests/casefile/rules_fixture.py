"""A small rule plugin of the tests' own, so review is tested apart from the real rules."""

from caseflow.engine.findings import RuleInfo, Severity, error, warning
from caseflow.hookspecs import hookimpl


class PaperRules:
    @hookimpl
    def caseflow_rule_settings(self):
        return {"paper_fine_limit": 50000}

    @hookimpl
    def caseflow_register_rules(self):
        return [
            RuleInfo("PAPER-FINE", Severity.ERROR, "罚款超限", "fine over the limit", "测试规则"),
            RuleInfo("PAPER-ASOF", Severity.WARNING, "评查基准日", "review date", "测试规则"),
        ]

    @hookimpl
    def caseflow_check_step(self, record, step, ctx):
        fine = (step.get("penalty") or {}).get("fine") or 0
        if step.step == "decide" and fine > ctx.setting("paper_fine_limit"):
            return [error("PAPER-FINE", f"罚款{fine}元超限", f"fine {fine} over the limit")]
        return []

    @hookimpl
    def caseflow_check_case(self, record, ctx):
        return [warning("PAPER-ASOF", f"评查基准日{ctx.as_of}", f"judged as of {ctx.as_of}")]
