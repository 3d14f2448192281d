"""APL-44-CONTENT: what a pre-decision notice (行政处罚告知书) must state, and its proof of
service. APL-44-NOTICE (in ``hearing``) is about the notice existing and being served in
time; this rule is about what it says."""

from __future__ import annotations

from caseflow.casefile.vocabulary import SERVICE_METHODS

from .registry import WARNING, before_or_on, kinds_of, latest, rule

# The keys format 1.1 added to ``notify``; an older file may lack them all.
CONTENT_KEYS = (
    "facts",
    "basis",
    "proposed",
    "rights",
    "statement_days",
    "method",
    "receipt_signed",
)
NEEDED_RIGHTS = ("statement", "defence")
# Methods whose proof is the party's signed receipt (as APL-61-SERVICE reads ``serve``).
RECEIPT_METHODS = ("on_the_spot", "direct", "mail")


def _empty(value) -> bool:
    if value is None:
        return True
    if isinstance(value, str):
        return not value.strip()
    if isinstance(value, list | tuple | dict | set):
        return not value
    return False


def problems(record, notice) -> tuple[list[str], list[tuple[str, str]]]:
    """(keys absent, [(zh, en)] of what the notice states wrongly or not at all)."""
    absent = [k for k in CONTENT_KEYS if k not in notice.data]
    wrong: list[tuple[str, str]] = []
    for key in CONTENT_KEYS:
        if key in notice.data and _empty(notice.get(key)) and key != "receipt_signed":
            wrong.append((f"{key}为空，未载明内容", f"{key} is present but states nothing"))
    basis = notice.get("basis")
    if isinstance(basis, list) and basis:
        uncited = [v.code for v in record.violations if v.code not in basis]
        if uncited:
            wrong.append(
                (
                    f"未引用{'、'.join(uncited)}的条款",
                    f"the provisions of {', '.join(uncited)} are not cited",
                )
            )
    if (
        "proposed" in notice.data
        and notice.get("proposed")
        and not kinds_of(notice.get("proposed"))
    ):
        wrong.append(("拟处罚未载明处罚种类", "the proposed penalty names no kind"))
    rights = notice.get("rights")
    if "rights" in notice.data and rights:
        lacking = [x for x in NEEDED_RIGHTS if x not in rights]
        if lacking:
            wrong.append(
                (
                    f"未告知{'、'.join(lacking)}权利",
                    f"the rights of {', '.join(lacking)} are not stated",
                )
            )
    days = notice.get("statement_days")
    if (
        "statement_days" in notice.data
        and days is not None
        and (not isinstance(days, int) or days <= 0)
    ):
        wrong.append(("陈述申辩期限有误", f"the statement period {days!r} is not a number of days"))
    method = notice.get("method")
    if "method" in notice.data and method not in (None, "") and method not in SERVICE_METHODS:
        wrong.append((f"送达方式“{method}”不合法", f"service method '{method}' is not lawful"))
    signed = notice.get("receipt_signed") is True
    if method in RECEIPT_METHODS and "receipt_signed" in notice.data and not signed:
        wrong.append(("送达无签收回执", "no signed receipt proves its service"))
    if method == "left_with_witness" and notice.get("witness") is not True:
        wrong.append(("留置送达无见证", "left with no witness"))
    return absent, wrong


@rule(
    "APL-44-CONTENT",
    steps=("notify", "decide"),
    source="《行政处罚法》第四十四条、第六十一条",
    title_zh="告知书载明事实、理由、依据（具体到项）、拟处罚、陈述申辩权利与期限，并有送达凭证",
    title_en="The notice states facts, reasons, provisions, the proposed penalty, rights and "
    "the statement period, and its service is proved",
    also=(WARNING,),
)
def notice_content(r, record, step, ctx):
    """APL 44: 行政机关在作出行政处罚决定之前，应当告知当事人拟作出的行政处罚内容及事实、
    理由、依据，并告知当事人依法享有的陈述、申辩、要求听证等权利。"""
    if step.step == "notify":
        notice = step
    else:
        if step.get("outcome") != "penalty":
            return
        notice = latest(before_or_on(record, "notify", step.date))
        if notice is None:
            return  # no notice at all: APL-44-NOTICE
    absent, wrong = problems(record, notice)
    on = f"{notice.date}的告知书"
    on_en = f"the notice of {notice.date}"
    if wrong:
        yield r.finding(
            f"{on}：" + "；".join(zh for zh, _ in wrong),
            f"{on_en}: " + "; ".join(en for _, en in wrong),
        )
    if absent and ctx.mode == "review" and step is notice:
        # An older file without the format-1.1 keys: nothing to judge them by, so say so
        # once, on the notice (the decision resting on it adds nothing).
        yield r.finding(
            f"{on}未记载{'、'.join(absent)}，无法核对其内容",
            f"{on_en} does not record {', '.join(absent)}: its contents could not be checked",
            severity=WARNING,
            absent=absent,
        )
