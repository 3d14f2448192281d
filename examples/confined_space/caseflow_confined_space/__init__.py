"""Example domain plugin: the confined-space checklist (令13) and one check.

It is written, installed and tested in docs/plugins.md, exactly as an outside
plugin would be; CaseFlow's test suite installs it and runs its own tests (in
tests/, using CaseFlow's shipped test kit) from outside CaseFlow's checkout.
"""

from caseflow.plugin import RuleInfo, Severity, error, hookimpl

RULE = "CS-MAJOR-CRITERION"
SOURCE = "《工贸企业重大事故隐患判定标准》（应急管理部令第10号）第十三条"


@hookimpl
def caseflow_register_checklists():
    return [
        {
            "id": "confined-space-example",
            "version": "2026.1",
            "effective": "2026-05-01",
            "title_zh": "有限空间作业检查表",
            "title_en": "Confined-space work",
            "applies_to": {
                "zh": "有限空间作业的工贸企业",
                "en": "enterprises working in confined spaces",
            },
            "sources": [{"ref": "应急管理部令第13号"}],
            "items": [
                {
                    "id": "CS-01",
                    "text_zh": "有限空间已辨识、建立台账并设置警示标志",
                    "text_en": "confined spaces identified, listed and signposted",
                    "source": "令13 第六条",
                    "grade": "M",
                    "criterion": "令10 13(1)",
                },
                {
                    "id": "CS-04",
                    "text_zh": "存在中毒窒息风险的作业经负责人审批",
                    "text_en": "work with a risk of poisoning or asphyxia approved by the person in charge",
                    "source": "令13 第七条",
                    "grade": "M",
                    "criterion": "令10 13(2)",
                },
                {
                    "id": "CS-06",
                    "text_zh": "作业现场设专人监护",
                    "text_en": "a dedicated attendant watches the work",
                    "source": "令13 第五条",
                    "grade": "M",
                    "criterion": "令10 13(2)",
                },
            ],
        }
    ]


@hookimpl
def caseflow_register_rules():
    return [
        RuleInfo(
            RULE,
            Severity.ERROR,
            "重大隐患整改指令须载明判定依据",
            "a major-hazard order cites its criterion",
            SOURCE,
            ("order_correction",),
        )
    ]


@hookimpl
def caseflow_check_step(record, step, ctx):
    if step.step == "order_correction" and step.get("major_hazard") and not step.get("criterion"):
        return [
            error(
                RULE,
                f"{step.date}的整改指令认定为重大事故隐患，但未载明判定依据条款，请填写（如“令10 13(2)”）",
                f"the order of {step.date} finds a major hidden danger but cites no criterion; "
                "cite it (e.g. '令10 13(2)')",
                SOURCE,
            )
        ]
    return []
