"""Half-year statistics (半年工作总结的数据), computed from the recorded steps.

The figures a district's half-year summary reports — inspections, hidden
dangers found and rectified, penalty cases, fines, transfers — for the half
year containing the dashboard's date, each beside the same half of the year
before, so the year-on-year change is read off the data, not typed in.
Built in, through the same hook any outside report plugin would use.
"""

from __future__ import annotations

from caseflow.plugin import hookimpl
from caseflow_plugins.statistics.figures import half_year, half_year_figures


@hookimpl(trylast=True)
def caseflow_dashboard_figures(session, unit_ids, as_of):
    current = half_year(as_of)
    previous = half_year(as_of.replace(year=as_of.year - 1))
    now = half_year_figures(session, unit_ids, *current)
    before = half_year_figures(session, unit_ids, *previous)
    label_zh = f"{current[0].year}年{'上' if current[0].month == 1 else '下'}半年"
    label_en = f"{current[0].year} H{1 if current[0].month == 1 else 2}"
    return [
        {
            **f,
            "label_zh": f"{label_zh}{f['label_zh']}",
            "label_en": f"{label_en} {f['label_en']}",
            "previous": before_f["value"],
        }
        for f, before_f in zip(now, before, strict=True)
    ]
