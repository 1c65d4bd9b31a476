"""Benchmark the pipeline: seconds, samples/s and peak memory of every stage at 1k, 10k and 100k samples.

Each size runs in its own scratch folder: conf/ is composed with ``data.count=N`` into a params.yaml
there, then every stage's command is taken from dvc.yaml (paths filled in from params.yaml) and run
as a subprocess, so interpreter start-up and imports count as they do under ``dvc repro``. Peak
memory is the largest total RSS of the stage's process tree (workers included), sampled every
20 ms. The same run also times a plain ``nlp.pipe`` over the same texts with the model's full
default pipeline (the baseline the linguistic stage is compared to) and, at the largest size, the
four XGBoost fits alone.

    python bench/bench.py                          # what `make bench` runs: 1k, 10k, 100k
    python bench/bench.py --sizes 1000 10000 --ratio-size 1000
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import re
import shlex
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import psutil
import yaml
from report import record

REPO = Path(__file__).resolve().parents[1]
DATA_BUILD = (
    "generate",
    "validate_responses",
    "linguistic",
    "behavioral",
    "label",
    "validate_features",
    "assemble",
    "validate_training",
)
REAL_DATA = ("validate_real", "real")  # no rows by default (data.real_path ""), but train reads their output
STAGES = (*DATA_BUILD, *REAL_DATA, "train", "evaluate")
TARGETS = {
    "data_build_100k_s": 180.0,
    "data_build_1k_s": 10.0,
    "linguistic_speedup_vs_nlp_pipe": 2.0,
    "peak_memory_100k_mib": 2048.0,
    "train_100k_s": 15.0,
}
MIB = 2**20
SPEEDUP = "linguistic_speedup_vs_nlp_pipe"


def resident(process: psutil.Process) -> int:
    """Bytes of memory ``process`` holds: its proportional share (PSS) where the system reports it, so
    pages a forked worker shares with its parent count once, else its RSS."""
    try:
        return process.memory_full_info().pss
    except (AttributeError, psutil.AccessDenied):
        return process.memory_info().rss


def measure(command: list[str], cwd: Path, env: dict[str, str], log_path: Path) -> dict:
    """Run ``command``; its wall seconds, CPU seconds (workers included) and peak memory of its process tree.

    ``peak_mib`` is the largest sum of ``resident`` over the tree seen by 20 ms sampling;
    ``max_process_rss_mib`` the largest RSS of any one process in it, from the kernel.
    """
    peak = {"tree": 0}
    with log_path.open("w") as log:
        started = time.perf_counter()
        process = subprocess.Popen(command, cwd=cwd, env=env, stdout=log, stderr=subprocess.STDOUT)
        done = threading.Event()

        def sample() -> None:
            try:
                root = psutil.Process(process.pid)
            except psutil.NoSuchProcess:
                return
            while not done.is_set():
                total = 0
                try:
                    for member in (root, *root.children(recursive=True)):
                        total += resident(member)
                except psutil.NoSuchProcess:
                    pass
                peak["tree"] = max(peak["tree"], total)
                done.wait(0.02)

        sampler = threading.Thread(target=sample, daemon=True)
        sampler.start()
        _, status, usage = os.wait4(process.pid, 0)  # usage covers the stage and its waited-for workers
        seconds = time.perf_counter() - started
        process.returncode = os.waitstatus_to_exitcode(status)
        done.set()
        sampler.join()
    if process.returncode != 0:
        tail = log_path.read_text()[-3000:]
        raise SystemExit(f"bench: {shlex.join(command)} failed with exit code {process.returncode} in {cwd}:\n{tail}")
    return {
        "seconds": round(seconds, 3),
        "cpu_seconds": round(usage.ru_utime + usage.ru_stime, 3),
        "peak_mib": round((peak["tree"] or usage.ru_maxrss * 1024) / MIB, 1),  # sampling can miss a blink
        "max_process_rss_mib": round(usage.ru_maxrss * 1024 / MIB, 1),
    }


def stage_commands(params: dict) -> dict[str, list[str]]:
    """Each stage's command from dvc.yaml, with ``${...}`` filled in from params.yaml."""
    stages = yaml.safe_load((REPO / "dvc.yaml").read_text())["stages"]

    def lookup(match: re.Match) -> str:
        value = params
        for key in match.group(1).split("."):
            value = value[key]
        return str(value)

    return {name: shlex.split(re.sub(r"\$\{([\w.]+)\}", lookup, stages[name]["cmd"])) for name in STAGES}


def environment() -> dict[str, str]:
    env = dict(os.environ)
    env.update(
        PATH=f"{Path(sys.executable).parent}{os.pathsep}{env.get('PATH', '')}",
        PYTHONPATH=str(REPO / "src"),
        GX_ANALYTICS_ENABLED="false",
    )
    return env


def bench_size(size: int, scratch: Path, env: dict[str, str], with_baseline: bool, with_fit: bool) -> dict:
    """Every stage at ``size`` samples, in a fresh folder; optionally the nlp.pipe baseline and fit time."""
    folder = scratch / f"n{size}"
    shutil.copytree(REPO / "conf", folder / "conf")
    subprocess.run(["skillsynth", "params", f"data.count={size}"], cwd=folder, env=env, check=True, capture_output=True)
    params = yaml.safe_load((folder / "params.yaml").read_text())
    result: dict = {"samples": size, "stages": {}}
    for stage, command in stage_commands(params).items():
        load_before = os.getloadavg()[0]
        measured = measure(command, folder, env, folder / f"{stage}.log")
        measured["samples_per_s"] = round(size / measured["seconds"], 1)
        measured["load_average_before"] = round(load_before, 2)
        result["stages"][stage] = measured
        print(
            f"  {size:>7} {stage:<20} {measured['seconds']:8.2f} s {measured['peak_mib']:8.0f} MiB"
            f"  (load {load_before:.2f})",
            flush=True,
        )
    result["data_build_s"] = round(sum(result["stages"][s]["seconds"] for s in DATA_BUILD), 3)
    result["peak_mib"] = max(result["stages"][s]["peak_mib"] for s in STAGES)
    responses = folder / params["paths"]["responses"]
    if with_baseline:
        baseline = measure(
            [sys.executable, __file__, "--baseline-pipe", str(responses), params["nlp"]["model"]],
            folder,
            env,
            folder / "baseline.log",
        )
        baseline.update(json.loads((folder / "baseline.log").read_text().splitlines()[-1]))
        result["nlp_pipe_baseline"] = baseline
        result["linguistic_speedup_vs_nlp_pipe"] = round(
            baseline["pipe_seconds"] / result["stages"]["linguistic"]["seconds"], 2
        )
        print(
            f"  {size:>7} {'plain nlp.pipe':<20} {baseline['pipe_seconds']:8.2f} s  (full pipeline, model "
            f"load excluded): linguistic stage {result['linguistic_speedup_vs_nlp_pipe']}x faster",
            flush=True,
        )
    if with_fit:
        measure([sys.executable, __file__, "--fit-time", str(folder / "params.yaml")], folder, env, folder / "fit.log")
        result["fit_4_models_s"] = json.loads((folder / "fit.log").read_text().splitlines()[-1])["fit_seconds"]
        print(
            f"  {size:>7} {'4 XGBoost fits':<20} {result['fit_4_models_s']:8.2f} s (data already in memory)", flush=True
        )
    return result


def baseline_pipe(responses: str, model: str) -> None:
    """Print the seconds a plain ``nlp.pipe`` over every text takes with ``model``'s full default pipeline."""
    import pandas as pd
    import spacy

    texts = pd.read_parquet(responses, columns=["text"])["text"].tolist()
    started = time.perf_counter()
    nlp = spacy.load(model)
    loaded = time.perf_counter()
    for _ in nlp.pipe(texts):
        pass
    piped = time.perf_counter()
    print(
        json.dumps(
            {
                "load_seconds": round(loaded - started, 3),
                "pipe_seconds": round(piped - loaded, 3),
                "texts": len(texts),
                "components": nlp.pipe_names,
            }
        )
    )


def fit_time(params_path: str) -> None:
    """Print the seconds the four XGBoost fits take, the training table already read and split."""
    from skillsynth.config import load_settings
    from skillsynth.model.fitting import train_skill_models, xgboost_params
    from skillsynth.stages._design import load_design
    from skillsynth.stages.train import fit_engine, split_record

    settings = load_settings(params_path=Path(params_path))
    design = load_design(settings.paths, split_record(settings)).design
    started = time.perf_counter()
    fit = fit_engine(None, settings.model.n_jobs)  # here, as compute=local trains
    train_skill_models(design, xgboost_params(settings.model, settings.seed), fit)
    print(json.dumps({"fit_seconds": round(time.perf_counter() - started, 3), "train_rows": len(design.train)}))


STARTUP_PROBES = {
    "python_pandas": "import pandas",
    "great_expectations": "import pandas, great_expectations",
    "spacy_model": "import pandas, spacy; spacy.load({model!r}, exclude=['ner', 'lemmatizer', 'senter'])",
}


def startup_costs(model: str, env: dict[str, str], repeats: int = 3) -> dict[str, float]:
    """Best-of-``repeats`` wall seconds of a fresh interpreter doing only each probe's imports: the
    fixed cost every stage of that kind pays before its work, whatever the sample count."""
    costs = {}
    for name, code in STARTUP_PROBES.items():
        command = [sys.executable, "-c", code.format(model=model)]
        timings = []
        for _ in range(repeats):
            started = time.perf_counter()
            subprocess.run(command, env=env, check=True, capture_output=True)
            timings.append(time.perf_counter() - started)
        costs[name] = round(min(timings), 3)
    return costs


def verdicts(results: dict[int, dict]) -> dict[str, dict]:
    """Each target of the issue with the measured figure and whether it is met."""
    largest, smallest = results[max(results)], results[min(results)]
    measured = {
        "data_build_100k_s": largest["data_build_s"] if max(results) == 100_000 else None,
        "data_build_1k_s": smallest["data_build_s"] if min(results) == 1_000 else None,
        "linguistic_speedup_vs_nlp_pipe": next((r[SPEEDUP] for r in results.values() if SPEEDUP in r), None),
        "peak_memory_100k_mib": largest["peak_mib"] if max(results) == 100_000 else None,
        "train_100k_s": largest["stages"]["train"]["seconds"] if max(results) == 100_000 else None,
    }
    return {
        name: {
            "measured": value,
            "target": TARGETS[name],
            "met": None
            if value is None
            else (value >= TARGETS[name] if name.startswith("linguistic") else value < TARGETS[name]),
        }
        for name, value in measured.items()
    }


def growth(results: dict[int, dict], small: int, large: int) -> dict[str, dict]:
    """Per stage, how seconds and peak memory grow from ``small`` to ``large`` samples (linear: x large/small)."""

    def ratio(stage: str, key: str) -> float:
        return round(results[large]["stages"][stage][key] / results[small]["stages"][stage][key], 2)

    return {
        stage: {"seconds_ratio": ratio(stage, "seconds"), "memory_ratio": ratio(stage, "peak_mib")} for stage in STAGES
    }


def print_table(results: dict[int, dict], report: dict) -> None:
    sizes = sorted(results)
    print("\nseconds (peak MiB) per stage")
    print(f"{'stage':<20}" + "".join(f"{size:>20,}" for size in sizes))
    for stage in STAGES:
        cells = [
            f"{results[s]['stages'][stage]['seconds']:.1f} s ({results[s]['stages'][stage]['peak_mib']:.0f})"
            for s in sizes
        ]
        print(f"{stage:<20}" + "".join(f"{cell:>20}" for cell in cells))
    print(f"{'data build':<20}" + "".join(f"{results[s]['data_build_s']:>18.1f} s" for s in sizes))
    print("\ntargets")
    for name, verdict in report["targets"].items():
        state = {True: "met", False: "NOT met", None: "not measured"}[verdict["met"]]
        print(f"  {name:<34} {verdict['measured']!s:>10}  target {verdict['target']:<8} {state}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", type=int, nargs="+", default=[1_000, 10_000, 100_000])
    parser.add_argument(
        "--ratio-size",
        type=int,
        default=10_000,
        help="size at which to time the plain nlp.pipe baseline (it takes ~10 ms a text)",
    )
    parser.add_argument("--output", type=Path, default=REPO / "reports" / "bench.json")
    parser.add_argument("--keep", action="store_true", help="keep the scratch folders (data and stage logs)")
    parser.add_argument("--baseline-pipe", nargs=2, metavar=("RESPONSES", "MODEL"), help=argparse.SUPPRESS)
    parser.add_argument("--fit-time", metavar="PARAMS", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.baseline_pipe:
        return baseline_pipe(*args.baseline_pipe)
    if args.fit_time:
        return fit_time(args.fit_time)

    env = environment()
    scratch = Path(tempfile.mkdtemp(prefix="skillsynth-bench-"))
    print(f"bench: sizes {args.sizes} in {scratch}; {psutil.cpu_count()} cores; load {os.getloadavg()}", flush=True)
    try:
        results = {
            size: bench_size(
                size, scratch, env, with_baseline=size == args.ratio_size, with_fit=size == max(args.sizes)
            )
            for size in sorted(args.sizes)
        }
    finally:
        if not args.keep:
            shutil.rmtree(scratch, ignore_errors=True)
    model = yaml.safe_load((REPO / "params.yaml").read_text())["nlp"]["model"]
    startup = startup_costs(model, env)
    report = {
        "startup_seconds": startup,
        "machine": {
            "cores": psutil.cpu_count(),
            "memory_gib": round(psutil.virtual_memory().total / 2**30, 1),
            "python": platform.python_version(),
            "load_average_at_end": os.getloadavg(),
        },
        "sizes": {str(size): result for size, result in results.items()},
        "targets": verdicts(results),
    }
    if 10_000 in results and 100_000 in results:
        report["growth_10k_to_100k"] = growth(results, 10_000, 100_000)
    for section, value in report.items():  # the other bench scripts add their own sections
        record(args.output, section, value)
    print_table(results, report)
    print(
        "\nstart-up (fresh interpreter, imports only): "
        + ", ".join(f"{name} {seconds:.2f} s" for name, seconds in startup.items())
    )
    print(f"\nbench: wrote {args.output}")


if __name__ == "__main__":
    main()
