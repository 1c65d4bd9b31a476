"""Every stage of the project's DVC pipeline, in dependency order, in one Python process, then recorded
as `dvc repro` records a stage it ran: the same outputs, dvc.lock, cache and run-cache, without paying the
imports (spaCy, Great Expectations, XGBoost) once per stage. The shared test build uses it; `make run`'s
own test runs `dvc repro`."""

from __future__ import annotations

import shlex
import sys
from pathlib import Path

import networkx as nx
from dvc.repo import Repo
from dvc.stage import PipelineStage

from skillsynth.cli import main


def pipeline_stages(repo: Repo) -> list[PipelineStage]:
    """The stages with a command, each after those it depends on."""
    graph = repo.index.graph  # an edge runs from a stage to a stage it depends on
    return [stage for stage in reversed(list(nx.topological_sort(graph))) if stage.cmd]


def record(stages: list[PipelineStage]) -> None:
    """What `dvc repro` does after running each stage (dvc.stage.Stage.run): hash and cache its outputs,
    keep a run-cache entry only when every output is cached, and write its dvc.lock entry. The entries
    go into dvc.lock in one write, in stage order, where `dvc repro` rewrites the file after each stage:
    the same file."""
    for stage in stages:
        uncached = any(not out.use_cache for out in stage.outs if not (out.is_metric or out.is_plot))
        stage.save(run_cache=not uncached)
        stage.commit()
    by_file: dict[str, list[PipelineStage]] = {}
    for stage in stages:
        by_file.setdefault(stage.dvcfile.path, []).append(stage)
    for its_stages in by_file.values():
        its_stages[0].dvcfile.dump_stages(its_stages, update_pipeline=False)


def build(root: Path) -> None:
    """Run and record every stage of the DVC project at ``root``; exit naming the stage that failed."""
    repo = Repo(str(root))
    stages = pipeline_stages(repo)
    for stage in stages:
        program, *arguments = shlex.split(stage.cmd)
        if program != "skillsynth":
            sys.exit(f"one_process_repro: stage {stage.addressing}: {stage.cmd!r} is not a skillsynth command")
        if code := main(arguments):
            sys.exit(f"one_process_repro: stage {stage.addressing}: {stage.cmd!r} failed with exit code {code}")
    with repo.lock:
        record(stages)


if __name__ == "__main__":
    build(Path.cwd())
