"""GitHub-flavoured Markdown tables from rows or data frames, for job summaries and cards."""

from __future__ import annotations

import json
import math
from collections.abc import Sequence
from typing import Any

import pandas as pd

MAX_CELL = 200  # characters of one cell; longer values (structures, long notes) are cut with an ellipsis
DIGITS = 3


def cell(value: Any) -> str:
    """One cell: numbers to ``DIGITS`` decimals, "-" for missing, compact JSON for structures, pipes escaped."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "-"
    if value == "":
        return '""'
    if isinstance(value, bool):
        text = str(value).lower()
    elif isinstance(value, float):
        text = f"{value:.{DIGITS}f}"
    elif isinstance(value, (dict, list, tuple)):
        text = json.dumps(value, sort_keys=True, default=str)
    else:
        text = str(value)
    text = " ".join(text.split()).replace("|", "\\|")
    return text if len(text) <= MAX_CELL else text[: MAX_CELL - 1] + "…"


def table(header: Sequence[str], rows: Sequence[Sequence[Any]]) -> str:
    """A Markdown table: ``header`` then one line per row."""
    lines = ["| " + " | ".join(cell(h) if h != "" else "" for h in header) + " |", "|" + "---|" * len(header)]
    lines += ["| " + " | ".join(cell(v) for v in row) + " |" for row in rows]
    return "\n".join(lines)


def frame_table(frame: pd.DataFrame, index_name: str | None = None) -> str:
    """``frame`` as a Markdown table, its index as the first column (named ``index_name``)."""
    header = [index_name or frame.index.name or "", *map(str, frame.columns)]
    rows = [[label, *row] for label, row in zip(frame.index.tolist(), frame.itertuples(index=False), strict=True)]
    return table(header, rows)
