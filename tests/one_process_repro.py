"""Every stage of the project's DVC pipeline, in dependency order, in one Python process: what `dvc repro`
runs, without paying the imports (spaCy, Great Expectations, XGBoost) once per stage. The shared test build
runs it, then lets `dvc commit` record the outputs in dvc.lock; `make run`'s own test runs `dvc repro`."""

from __future__ import annotations

import shlex
import sys
from pathlib import Path

import networkx as nx
from dvc.repo import Repo

from skillsynth.cli import main


def pipeline_commands(root: Path) -> list[str]:
    """The stages' commands, as DVC resolves them from dvc.yaml and params.yaml, each after those it needs."""
    graph = Repo(str(root)).index.graph  # an edge runs from a stage to a stage it depends on
    return [stage.cmd for stage in reversed(list(nx.topological_sort(graph))) if stage.cmd]


if __name__ == "__main__":
    for command in pipeline_commands(Path.cwd()):
        program, *arguments = shlex.split(command)
        if program != "skillsynth":
            sys.exit(f"one_process_repro: {command!r} is not a skillsynth command; run `dvc repro` instead")
        if code := main(arguments):
            sys.exit(f"one_process_repro: {command!r} failed with exit code {code}")
