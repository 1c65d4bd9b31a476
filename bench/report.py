"""Record a benchmark's results in a section of the shared JSON report (reports/bench.json)."""

from __future__ import annotations

import json
import os
from pathlib import Path

DEFAULT_REPORT = Path("reports/bench.json")


def record(path: Path, section: str, result: dict, key: str | None = None) -> None:
    """Set ``report[section]`` to ``result``, or ``report[section][key]`` when ``key`` is given (one
    entry per configuration of a script that runs several times); other sections are kept. Written
    whole to a temporary file, then renamed."""
    report = json.loads(path.read_text()) if path.exists() else {}
    if key is None:
        report[section] = result
    else:
        report.setdefault(section, {})[key] = result
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_name(f".{path.name}.tmp")
    temporary.write_text(json.dumps(report, indent=2) + "\n")
    os.replace(temporary, path)
