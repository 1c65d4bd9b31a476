"""Benchmark: the linguistic stage on compute=local vs compute=dask (1 and 2 workers), and Dask's overhead.

Run from the project root (`make bench` calls it):
    python bench/bench_dask.py --rows 100000 --overhead-rows 1000
For --rows samples it runs the real `skillsynth linguistic`, `behavioral`, `label` and `train` commands
(subprocesses: cluster start-up and spaCy loading included) locally and on a LocalCluster of each
--workers count, checks that every engine writes the same data bytes and records the models' held-out
R², and prints one JSON line per run with wall time and rows per second.
For --overhead-rows samples it times linguistic, behavioral and label locally and on a 2-worker
LocalCluster: the difference is what the scheduler, cluster start-up and the task traffic cost.
The results also go into the "dask" section of --output (reports/bench.json, shared with bench.py).
"""

from __future__ import annotations

import argparse
import filecmp
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pandas as pd
import yaml
from report import DEFAULT_REPORT, record

PATHS = yaml.safe_load(Path("params.yaml").read_text())["paths"]  # run from the project root


def _under(data_dir: Path, key: str) -> Path:
    """Where ``paths.<key>`` lands when ``paths.data_dir`` is ``data_dir``."""
    return data_dir / Path(PATHS[key]).relative_to(PATHS["data_dir"])


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


OUTPUT_OF = {"linguistic": "linguistic", "behavioral": "behavioral", "label": "labels"}  # stage -> paths key


def scaling(rows: int, workers: list[int], folder: Path) -> list[dict]:
    """Every stage compute=dask changes, at ``rows`` samples on each engine.

    Linguistic, behavioral and label outputs are compared byte for byte with compute=local; the
    training table is assembled once, then ``train`` runs on each engine (xgboost.dask on the
    cluster) and its held-out R² is recorded, since models may differ in the last digits.
    """
    data_dir = _generated(folder, rows)
    distinct = int(pd.read_parquet(_under(data_dir, "responses"), columns=["text"])["text"].nunique())
    reference = folder / "reference"
    reference.mkdir()
    results = []
    for engine, overrides in _engines(workers).items():
        for stage, key in OUTPUT_OF.items():
            wall = _stage(stage, data_dir, f"data.count={rows}", *overrides)
            output = _under(data_dir, key)
            if engine == "local":
                shutil.copyfile(output, reference / output.name)
            results.append(
                {
                    "benchmark": "dask_scaling",
                    "stage": stage,
                    "engine": engine,
                    "rows": rows,
                    "distinct_texts": distinct,
                    "wall_s": round(wall, 2),
                    "rows_per_s": round(rows / wall, 1),
                    "same_bytes_as_local": filecmp.cmp(output, reference / output.name, shallow=False),
                }
            )
    for stage in ("assemble", "real"):
        _stage(stage, data_dir, f"data.count={rows}")
    for engine, overrides in _engines(workers).items():
        models_dir = folder / f"models-{engine}"
        wall = _stage("train", data_dir, f"data.count={rows}", f"paths.models_dir={models_dir}", *overrides)
        registry_path = models_dir / Path(PATHS["registry"]).relative_to(PATHS["models_dir"])
        registry = json.loads(registry_path.read_text())
        results.append(
            {
                "benchmark": "dask_scaling",
                "stage": "train",
                "engine": engine,
                "rows": rows,
                "wall_s": round(wall, 2),
                "rows_per_s": round(rows / wall, 1),
                "heldout_r2": {
                    skill: round(entry["heldout_metrics"]["r2"], 4) for skill, entry in registry["models"].items()
                },
            }
        )
    return results


def overhead(rows: int, folder: Path) -> list[dict]:
    """Each block-seeded or parsing stage at ``rows`` samples, locally and on a 2-worker LocalCluster."""
    data_dir = _generated(folder, rows)
    results = []
    for stage in ("linguistic", "behavioral", "label"):
        local = _stage(stage, data_dir, f"data.count={rows}", "compute=local")
        dask = _stage(stage, data_dir, f"data.count={rows}", "compute=dask", "compute.n_workers=2")
        results.append(
            {
                "benchmark": "dask_overhead",
                "stage": stage,
                "rows": rows,
                "local_s": round(local, 2),
                "dask_2w_s": round(dask, 2),
                "overhead_s": round(dask - local, 2),
            }
        )
    return results


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=100_000, help="samples for the scaling runs")
    parser.add_argument("--workers", type=int, nargs="+", default=[1, 2], help="LocalCluster sizes to time")
    parser.add_argument("--overhead-rows", type=int, default=1000, help="samples for the overhead runs")
    parser.add_argument(
        "--output",
        type=Path,
        default=DEFAULT_REPORT,
        help="JSON report whose 'dask' section is (re)written; other sections are kept",
    )
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="skillsynth-bench-dask-") as folder:
        results = overhead(args.overhead_rows, Path(folder) / "overhead")
        results += scaling(args.rows, args.workers, Path(folder) / "scaling")
    for result in results:
        print(json.dumps({**result, "cpus": os.cpu_count()}))
    record(args.output, "dask", {"cpus": os.cpu_count(), "runs": results})
    print(f"bench_dask: wrote the 'dask' section of {args.output}")
    return 0 if all(r.get("same_bytes_as_local", True) for r in results) else 1


if __name__ == "__main__":
    sys.exit(main())
