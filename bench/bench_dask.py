"""Benchmark: the linguistic stage on compute=local vs compute=dask (1 and 2 workers), and Dask's overhead.

Run from the project root (`make bench` calls it):
    python bench/bench_dask.py --rows 100000 --overhead-rows 1000
For --rows samples it runs the real `skillsynth linguistic` command (a subprocess, cluster start-up
and spaCy loading included) locally and on a LocalCluster of each --workers count, checks that every
engine writes the same bytes, and prints one JSON line per run with wall time and texts per second.
For --overhead-rows samples it times linguistic, behavioral and label locally and on a 2-worker
LocalCluster: the difference is what the scheduler, cluster start-up and the task traffic cost.
"""

from __future__ import annotations

import argparse
import filecmp
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pandas as pd


def _stage(stage: str, data_dir: Path, *overrides: str) -> float:
    """Wall seconds of `skillsynth <stage>` with its outputs under ``data_dir``."""
    command = [sys.executable, "-m", "skillsynth.cli", stage, f"paths.data_dir={data_dir}", *overrides]
    started = time.perf_counter()
    done = subprocess.run(command, capture_output=True, text=True, env={**os.environ, "TQDM_DISABLE": "1"})
    wall = time.perf_counter() - started
    if done.returncode != 0:
        raise SystemExit(f"{' '.join(command)} failed:\n{done.stderr[-3000:]}")
    return wall


def _generated(folder: Path, rows: int) -> Path:
    data_dir = folder / "data"
    _stage("generate", data_dir, f"data.count={rows}")
    return data_dir


def _engines(workers: list[int]) -> dict[str, list[str]]:
    engines = {"local": ["compute=local"]}
    for count in workers:
        engines[f"dask-{count}w"] = ["compute=dask", f"compute.n_workers={count}"]
    return engines


def scaling(rows: int, workers: list[int], folder: Path) -> list[dict]:
    """The linguistic stage on each engine at ``rows`` samples; outputs compared byte for byte."""
    data_dir = _generated(folder, rows)
    output = data_dir / "interim/linguistic.parquet"
    distinct = int(pd.read_parquet(data_dir / "raw/responses.parquet", columns=["text"])["text"].nunique())
    results, reference = [], folder / "reference.parquet"
    for engine, overrides in _engines(workers).items():
        wall = _stage("linguistic", data_dir, f"data.count={rows}", *overrides)
        if engine == "local":
            output.replace(reference)
        results.append({
            "benchmark": "dask_linguistic", "engine": engine, "rows": rows, "distinct_texts": distinct,
            "wall_s": round(wall, 2), "texts_per_s": round(distinct / wall, 1),
            "same_bytes_as_local": engine == "local" or filecmp.cmp(output, reference, shallow=False),
        })
    return results


def overhead(rows: int, folder: Path) -> list[dict]:
    """Each block-seeded or parsing stage at ``rows`` samples, locally and on a 2-worker LocalCluster."""
    data_dir = _generated(folder, rows)
    results = []
    for stage in ("linguistic", "behavioral", "label"):
        local = _stage(stage, data_dir, f"data.count={rows}", "compute=local")
        dask = _stage(stage, data_dir, f"data.count={rows}", "compute=dask", "compute.n_workers=2")
        results.append({
            "benchmark": "dask_overhead", "stage": stage, "rows": rows, "local_s": round(local, 2),
            "dask_2w_s": round(dask, 2), "overhead_s": round(dask - local, 2),
        })
    return results


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=100_000, help="samples for the scaling runs")
    parser.add_argument("--workers", type=int, nargs="+", default=[1, 2], help="LocalCluster sizes to time")
    parser.add_argument("--overhead-rows", type=int, default=1000, help="samples for the overhead runs")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="skillsynth-bench-dask-") as folder:
        results = overhead(args.overhead_rows, Path(folder) / "overhead")
        results += scaling(args.rows, args.workers, Path(folder) / "scaling")
    for result in results:
        print(json.dumps({**result, "cpus": os.cpu_count()}))
    return 0 if all(r.get("same_bytes_as_local", True) for r in results) else 1


if __name__ == "__main__":
    sys.exit(main())
