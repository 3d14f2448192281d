"""Labels for the coded values steps carry (choices, penalty kinds), in zh and en.

Workflow files label their fields but not every choice value; these are the
case-file vocabulary's words as an officer reads them on a form.
"""

from __future__ import annotations

VALUES: dict[str, tuple[str, str]] = {
    # penalty parts and kinds
    "kinds": ("处罚种类", "kinds"),
    "daily": ("按日连续处罚", "daily"),
    "warning": ("警告", "warning"),
    "fine": ("罚款", "fine"),
    "confiscation": ("没收违法所得", "confiscation"),
    "suspension": ("责令停产停业", "suspension"),
    "permit_downgrade": ("降低资质等级", "permit downgrade"),
    "permit_revocation": ("吊销许可证件", "permit revocation"),
    "closure": ("责令关闭", "closure"),
    "practice_ban": ("限制从业", "practice ban"),
    # results and outcomes
    "corrected": ("已整改", "corrected"),
    "not_corrected": ("未整改", "not corrected"),
    "approve": ("同意", "approve"),
    "return": ("退回补充调查", "return for investigation"),
    "penalty": ("给予行政处罚", "penalty"),
    "no_penalty_minor": ("违法轻微不予处罚", "no penalty (minor)"),
    "no_penalty_unproven": ("违法事实不成立不予处罚", "no penalty (not established)"),
    "transfer": ("移送司法机关", "transfer to judicial organs"),
    # evidence kinds
    "document": ("书证", "documentary"),
    "physical": ("物证", "physical"),
    "audio_video": ("视听资料", "audio/video"),
    "electronic": ("电子数据", "electronic data"),
    "witness": ("证人证言", "witness statement"),
    "party_statement": ("当事人陈述", "party's statement"),
    "expert_opinion": ("鉴定意见", "expert opinion"),
    "inspection_record": ("勘验笔录/现场检查记录", "inspection record"),
    "interview_record": ("询问笔录", "interview record"),
    "site_record": ("现场笔录", "site record"),
    "sampling": ("抽样取证", "sampling"),
    # fact elements
    "party": ("当事人身份", "party identity"),
    "act": ("违法行为", "the act"),
    "time": ("时间", "time"),
    "place": ("地点", "place"),
    "provision": ("违反的条款", "provision violated"),
    "consequence": ("后果", "consequence"),
    # rights stated
    "statement": ("陈述", "statement"),
    "defence": ("申辩", "defence"),
    "hearing": ("听证", "hearing"),
    # decision contents
    "facts": ("违法事实", "facts"),
    "evidence": ("证据", "evidence"),
    "basis": ("处罚种类和依据", "penalty and basis"),
    "payment": ("履行方式和期限", "how and when to pay"),
    "remedies": ("复议诉讼途径和期限", "review and lawsuit channels"),
    "unit": ("作出决定的机关", "deciding unit"),
    "seal": ("印章", "seal"),
    # service methods
    "on_the_spot": ("当场交付", "on the spot"),
    "direct": ("直接送达", "direct"),
    "mail": ("邮寄送达", "by mail"),
    "left_with_witness": ("留置送达", "left with a witness"),
    "public_notice": ("公告送达", "public notice"),
    # transfer attachments
    "transfer_letter": ("案件移送书", "transfer letter"),
    "investigation_report": ("案件调查报告", "investigation report"),
    "item_inventory": ("涉案物品清单", "inventory of items"),
    "expert_reports": ("检验鉴定报告", "test and expert reports"),
    "other": ("其他材料", "other material"),
    # party kinds
    "organization": ("单位", "organisation"),
    "individual": ("个人", "individual"),
    # unit levels
    "county": ("区县级", "county"),
    "street": ("街道", "street"),
    "city": ("市级", "city"),
    "province": ("省级", "province"),
    # tiers
    "initial": ("初次违法", "initial"),
    "overdue": ("逾期未改正", "overdue, not corrected"),
}


# Values whose meaning depends on the field: "electronic" evidence is data, an
# "electronic" service method is service by electronic means.
BY_FIELD: dict[tuple[str, str], tuple[str, str]] = {
    ("method", "electronic"): ("电子送达", "electronic service"),
    # Inside a penalty, the key "fine" is the amount, not the kind of penalty.
    ("penalty", "fine"): ("罚款金额（元）", "fine (yuan)"),
}


def value_label(value, field: str | None = None) -> str:
    """The label of a coded value in the current language, else the value itself."""
    from caseflow.web.i18n import pick

    if field and isinstance(value, str) and (field, value) in BY_FIELD:
        return pick(*BY_FIELD[(field, value)])

    if isinstance(value, bool):
        return pick("是", "yes") if value else pick("否", "no")
    if isinstance(value, str) and value in VALUES:
        zh, en = VALUES[value]
        return pick(zh, en)
    return "" if value is None else str(value)
