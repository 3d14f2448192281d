"""The addressees the printed documents name, which no unit row records.

Each installation names them once (``caseflow.toml`` ``[settings]``); until it does
the documents leave a line to fill by hand rather than print another district's name.
"""

from __future__ import annotations

from caseflow.settings import Declared

DOCUMENT_SETTINGS = {
    "documents.review_bodies": Declared(
        {},
        type=dict,
        to_confirm="the people's government of each bureau, by unit code; without it the "
        "government of the unit's region (行政复议法 2023 art. 24)",
        note="复议机关 named in decisions, by the acting unit's code",
    ),
    "documents.police": Declared(
        "",
        to_confirm="the public security organ receiving transfers (国务院令第310号 art. 3)",
        note="公安机关 a 案件移送书 is addressed to",
    ),
    "documents.court": Declared(
        "",
        to_confirm="the basic people's court where the unit sits (行政诉讼法解释 art. 157)",
        note="人民法院 a 强制执行申请书 is addressed to",
    ),
    "documents.payment_method": Declared(
        "缴至指定银行或者通过电子支付系统缴纳",
        to_confirm="the designated bank and account (行政处罚法 art. 67)",
        note="how a fine is paid, as decisions and payment demands state it",
    ),
}
