"""Benchmark: throughput of `skillsynth predict` on N new sessions (default 10,000), end to end.

Run from the project root after `dvc repro` (or `make bench`):
    python bench/predict_throughput.py --rows 10000
It writes the sessions to a temporary CSV, runs the real command in a subprocess, and prints the
wall time (start-up, model loading, features, scoring and writing included) and rows per second.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from report import DEFAULT_REPORT, record
from synthetic_sessions import synthetic_sessions

from skillsynth.config import load_settings


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--models", type=Path, default=Path("models"))
    parser.add_argument("--rows", type=int, default=10_000)
    parser.add_argument("--seed", type=int, default=2024, help="not the training seed: these are new sessions")
    parser.add_argument(
        "--output",
        type=Path,
        default=DEFAULT_REPORT,
        help="JSON report whose 'predict' section is (re)written; other sections are kept",
    )
    args = parser.parse_args()
    settings = load_settings()
    with tempfile.TemporaryDirectory(prefix="skillsynth-bench-") as folder:
        source, output = Path(folder) / "sessions.csv", Path(folder) / "scores.csv"
        sessions = synthetic_sessions(settings, args.rows, args.seed)
        sessions.to_csv(source, index=False)
        command = [
            sys.executable,
            "-m",
            "skillsynth.cli",
            "predict",
            "--models",
            str(args.models),
            "--input",
            str(source),
            "--output",
            str(output),
            "--strict",
        ]
        started = time.perf_counter()
        done = subprocess.run(command, capture_output=True, text=True, env={**os.environ, "TQDM_DISABLE": "1"})
        wall = time.perf_counter() - started
        if done.returncode != 0:
            print(done.stderr, file=sys.stderr)
            return done.returncode
        scored = int(re.search(r"scored (\d+) of", done.stderr).group(1))
        result = {
            "benchmark": "predict",
            "rows": len(sessions),
            "distinct_texts": int(sessions["text"].nunique()),
            "scored": scored,
            "wall_s": round(wall, 2),
            "rows_per_s": round(scored / wall, 1),
            "cpus": os.cpu_count(),
        }
    print(json.dumps(result))
    record(args.output, "predict", result)
    return 0


if __name__ == "__main__":
    sys.exit(main())
