"""Lists leave the system as CSV: the rows a filter shows, every page of them.

UTF-8 with a byte-order mark, because the spreadsheet program on a bureau's desktop
reads a CSV without one as GBK and shows the Chinese as mojibake.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence
from urllib.parse import quote

from flask import Response


def csv_response(filename: str, header: Sequence[str], rows: Iterable[Sequence]) -> Response:
    out = io.StringIO()
    out.write("\ufeff")
    writer = csv.writer(out)
    writer.writerow(header)
    for row in rows:
        writer.writerow(["" if v is None else v for v in row])
    return Response(
        out.getvalue(),
        mimetype="text/csv",
        headers={"Content-Disposition": f"attachment; filename*=UTF-8''{quote(filename)}"},
    )
