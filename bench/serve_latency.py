"""Benchmark: latency of `skillsynth serve` under a short, bounded load from this (second) process.

Run from the project root after `dvc repro` (or `make bench`):
    python bench/serve_latency.py --requests 400 --concurrency 4 --batch 1 --workers 2
It starts the real service (``--workers`` processes) on a free port of 127.0.0.1, waits until every
worker answers, sends a few warm-up requests per client, then at most ``--requests`` requests (stopping
early after ``--max-seconds``) from ``--concurrency`` threads, each with ``--batch`` new sessions, and
prints p50/p95/p99 latency and throughput. Loopback only.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import signal
import subprocess
import sys
import tempfile
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import httpx
import numpy as np
from report import DEFAULT_REPORT, record
from synthetic_sessions import synthetic_sessions

from skillsynth.config import load_settings
from skillsynth.contract import TELEMETRY_COLUMNS

WARM_UP_REQUESTS = 10


def start_service(models: Path, log: Path, workers: int) -> tuple[subprocess.Popen, str]:
    """The real service on a free loopback port, and its base URL, once every worker has started."""
    with open(log, "w") as handle:
        process = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "skillsynth.cli",
                "serve",
                "--models",
                str(models),
                "--host",
                "127.0.0.1",
                "--port",
                "0",
                "--workers",
                str(workers),
            ],
            stdout=handle,
            stderr=subprocess.STDOUT,
        )
    deadline = time.monotonic() + 180
    while time.monotonic() < deadline:
        text = log.read_text()
        found = re.search(r"listening on (http://\S+)", text)
        started = len(set(re.findall(r"Started server process \[(\d+)\]", text))) if workers > 1 else 1
        if found and started >= workers and httpx.get(f"{found.group(1)}/api/v1/health", timeout=60).status_code == 200:
            return process, found.group(1)
        if process.poll() is not None:
            raise SystemExit(f"serve exited with {process.returncode}:\n{text}")
        time.sleep(0.5)
    process.kill()
    raise SystemExit("serve did not start within 180 s")


def payloads(count: int, batch: int, seed: int) -> list[dict]:
    """``count`` request bodies of ``batch`` new sessions each."""
    sessions = synthetic_sessions(load_settings(), count * batch, seed)
    records = [
        {
            "id": row["id"],
            "text": row["text"],
            "grade": int(row["grade"]),
            "telemetry": {
                name: row[name].item() if hasattr(row[name], "item") else row[name] for name in TELEMETRY_COLUMNS
            },
        }
        for row in sessions.to_dict("records")
    ]
    return [{"sessions": records[i * batch : (i + 1) * batch]} for i in range(count)]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--models", type=Path, default=Path("models"))
    parser.add_argument("--requests", type=int, default=400, help="most requests to send (after warm-up)")
    parser.add_argument("--max-seconds", type=float, default=60.0, help="stop sending after this long")
    parser.add_argument("--concurrency", type=int, default=4)
    parser.add_argument("--batch", type=int, default=1, help="sessions per request")
    parser.add_argument("--workers", type=int, default=1, help="worker processes of the service")
    parser.add_argument("--seed", type=int, default=2025)
    parser.add_argument(
        "--output",
        type=Path,
        default=DEFAULT_REPORT,
        help="JSON report whose 'serve' section gets this configuration's entry",
    )
    args = parser.parse_args()
    warm_up = WARM_UP_REQUESTS * args.concurrency
    bodies = payloads(args.requests + warm_up, args.batch, args.seed)
    with tempfile.TemporaryDirectory(prefix="skillsynth-bench-") as folder:
        process, url = start_service(args.models, Path(folder) / "serve.log", args.workers)
        try:
            local = threading.local()

            def send(body: dict) -> tuple[float, int]:
                if not hasattr(local, "client"):
                    local.client = httpx.Client(base_url=url, timeout=60)
                started = time.perf_counter()
                status = local.client.post("/api/v1/inference", json=body).status_code
                return time.perf_counter() - started, status

            with ThreadPoolExecutor(args.concurrency) as pool:  # every client connects and warms up
                list(pool.map(send, bodies[:warm_up]))
            deadline = time.monotonic() + args.max_seconds

            def bounded(body: dict) -> tuple[float, int] | None:
                return send(body) if time.monotonic() < deadline else None

            started = time.perf_counter()
            with ThreadPoolExecutor(args.concurrency) as pool:
                outcomes = [o for o in pool.map(bounded, bodies[warm_up:]) if o is not None]
            elapsed = time.perf_counter() - started
        finally:
            process.send_signal(signal.SIGINT)
            try:
                process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                process.kill()
    latencies_ms = np.array([latency for latency, _ in outcomes]) * 1000
    errors = sum(status != 200 for _, status in outcomes)
    result = {
        "benchmark": "serve",
        "requests": len(outcomes),
        "errors": errors,
        "concurrency": args.concurrency,
        "workers": args.workers,
        "sessions_per_request": args.batch,
        "seconds": round(elapsed, 2),
        "requests_per_s": round(len(outcomes) / elapsed, 1),
        "sessions_per_s": round(len(outcomes) * args.batch / elapsed, 1),
        **{f"p{q}_ms": round(float(np.percentile(latencies_ms, q)), 1) for q in (50, 95, 99)},
        "max_ms": round(float(latencies_ms.max()), 1),
        "cpus": os.cpu_count(),
    }
    print(json.dumps(result))
    record(
        args.output, "serve", result, key=f"workers {args.workers}, concurrency {args.concurrency}, batch {args.batch}"
    )
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main())
