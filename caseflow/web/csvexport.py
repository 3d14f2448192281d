"""Lists as CSV, the way offices open them: UTF-8 with a BOM so Excel reads Chinese,
and no cell that a spreadsheet would run as a formula."""

from __future__ import annotations

import csv
import io

from flask import Response

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def _cell(value) -> str:
    text = "" if value is None else str(value)
    # A party's name typed as "=HYPERLINK(...)" must stay text in the bureau's Excel.
    return "'" + text if text.startswith(FORMULA_START) else text


def csv_response(filename: str, header: list[str], rows) -> Response:
    buf = io.StringIO()
    writer = csv.writer(buf)
    writer.writerow(header)
    for row in rows:
        writer.writerow([_cell(v) for v in row])
    return Response(
        "\ufeff" + buf.getvalue(),
        mimetype="text/csv",
        headers={"Content-Disposition": f'attachment; filename="{filename}"'},
    )


def wants_csv(request) -> bool:
    return request.args.get("format") == "csv"
