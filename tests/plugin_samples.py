"""What a well-formed registration looks like, for tests of plugins' hooks."""

from __future__ import annotations


def violation(code: str = "LOCAL-1", **changes) -> dict:
    """A catalogue entry in the format the built-in catalogue uses (fines in yuan)."""
    entry = {
        "code": code,
        "title_zh": "地方规定的违法行为",
        "title_en": "a locally defined violation",
        "law": "《某省安全生产条例》",
        "effective": "2024-01-01",
        "violated": "《某省安全生产条例》第十条",
        "penalty_basis": "《某省安全生产条例》第四十条",
        "tiers": {
            "initial": {
                "kinds": ["fine"],
                "min": 10000,
                "max": 50000,
                "bands": [
                    {"name": "较轻", "min": 10000, "max": 20000},
                    {"name": "一般", "min": 20000, "max": 35000},
                    {"name": "较重", "min": 35000, "max": 50000},
                ],
            },
            "overdue": {"kinds": ["fine", "suspension"], "min": 50000, "max": 100000},
        },
    }
    return {**entry, **changes}


def checklist(checklist_id: str = "dust", **changes) -> dict:
    """A checklist in the format the built-in checklist files use."""
    doc = {
        "id": checklist_id,
        "version": "1",
        "effective": "2024-01-01",
        "title_zh": "粉尘防爆检查表",
        "title_en": "Dust explosion prevention",
        "applies_to": {"zh": "涉爆粉尘企业", "en": "enterprises with explosive dust"},
        "sources": [{"ref": "应急管理部令第6号"}],
        "items": [
            {
                "id": "DX-01",
                "text_zh": "除尘系统按规定分区设置",
                "text_en": "dust removal systems are zoned as required",
                "source": "令6 第十条",
                "grade": "M",
                "criterion": "令10 8(1)",
            }
        ],
    }
    return {**doc, **changes}
