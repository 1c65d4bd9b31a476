"""Test helpers: the pipeline run in-process in a temporary folder, or in a fresh git copy through `dvc`."""

from __future__ import annotations

import importlib
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import yaml

from skillsynth.config import Settings, load_settings

REPO = Path(__file__).resolve().parents[1]
GATE_COMMANDS = ("skillsynth check", "skillsynth validate")  # the config gate and the data-quality gates
TELEMETRY = {  # one session's game telemetry, every signal given
    "task_completion_rate": 0.7,
    "time_on_task_s": 640.5,
    "retry_count": 2,
    "hint_requests": 1,
    "peer_help_count": 3,
    "pause_count": 2,
    "error_recovery_rate": 0.5,
    "persistence_after_failure": 0.8,
    "calm_down_actions": 1,
}


def predict_arguments(models: Path | str, source: Path | str, output: Path | str) -> list[str]:
    """`skillsynth predict`'s arguments after the command itself: the models folder, input and output."""
    return ["predict", "--models", str(models), "--input", str(source), "--output", str(output)]


def dvc_stages(repo: Path = REPO) -> dict[str, dict[str, Any]]:
    """The stages of ``repo``'s dvc.yaml, by name, in file order."""
    return yaml.safe_load((repo / "dvc.yaml").read_text())["stages"]


def upstream(stages: dict[str, dict[str, Any]], stage: str) -> set[str]:
    """The stages ``stage`` descends from: those whose outputs (or metrics) it depends on, recursively."""
    producer = {
        next(iter(out)) if isinstance(out, dict) else out: name
        for name, spec in stages.items()
        for out in spec.get("outs", []) + spec.get("metrics", [])
    }
    found: set[str] = set()
    for dep in stages[stage].get("deps", []):
        if dep in producer:
            found |= {producer[dep], *upstream(stages, producer[dep])}
    return found


def _pipeline_stages() -> tuple[str, ...]:
    """`evaluate` and the stages it descends from, in dvc.yaml order, without the gates: the run that
    builds the data, trains and scores the models."""
    stages = dvc_stages()
    needed = {"evaluate", *upstream(stages, "evaluate")}
    return tuple(name for name, spec in stages.items() if name in needed and not spec["cmd"].startswith(GATE_COMMANDS))


PIPELINE_STAGES = _pipeline_stages()


def _tracked_files(repo: Path) -> list[str]:
    listed = subprocess.run(
        ["git", "ls-files", "--cached", "--others", "--exclude-standard", "-z"],
        cwd=repo,
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    return [name for name in listed.split("\0") if name and (repo / name).is_file()]


def _environment(copy: Path) -> dict[str, str]:
    env = dict(os.environ)
    venv_bin = str(Path(sys.executable).parent)
    env.update(
        PATH=f"{venv_bin}{os.pathsep}{env.get('PATH', '')}",
        PYTHONPATH=str(copy / "src"),  # the copy's code, not the checkout's editable install
        GIT_AUTHOR_NAME="skillsynth test",
        GIT_AUTHOR_EMAIL="test@skillsynth.invalid",
        GIT_COMMITTER_NAME="skillsynth test",
        GIT_COMMITTER_EMAIL="test@skillsynth.invalid",
        GX_ANALYTICS_ENABLED="false",
        DVC_NO_ANALYTICS="1",
    )
    return env


def attempt(copy: Path, *command: str) -> subprocess.CompletedProcess:
    """Run ``command`` in the copy and return what happened, whether or not it failed."""
    return subprocess.run(command, cwd=copy, env=_environment(copy), capture_output=True, text=True)


def run(copy: Path, *command: str) -> subprocess.CompletedProcess:
    """Run ``command`` in the copy, failing the test with its output if it fails."""
    done = attempt(copy, *command)
    assert done.returncode == 0, f"{' '.join(command)} failed:\n{done.stdout[-4000:]}\n{done.stderr[-4000:]}"
    return done


def stages_run(output: str) -> list[str]:
    """Names of the stages a `dvc repro`/`dvc exp run` output says it ran."""
    return re.findall(r"Running stage '([^']+)'", output)


def _share_venv(copy: Path) -> None:
    """Give ``copy`` this test run's installed venv, its install inputs dated back so that `make`
    finds the venv's .installed stamp newer and does not reinstall into it."""
    if not (copy / ".venv").is_symlink():  # a clone of a copy has it: git tracks the link
        (copy / ".venv").symlink_to(Path(sys.executable).parents[1], target_is_directory=True)
    for name in ("requirements.lock", "pyproject.toml"):
        os.utime(copy / name, (0, 0))


def fresh_copy(repo: Path, copy: Path) -> Path:
    """A new git repository at ``copy`` holding the project's tracked and unignored files, committed."""
    for name in _tracked_files(repo):
        (copy / name).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(repo / name, copy / name)
    _share_venv(copy)
    run(copy, "git", "init", "-q", "-b", "main")
    run(copy, "git", "add", "-A")
    run(copy, "git", "commit", "-q", "-m", "fresh clone")
    return copy


def git_clone(source: Path, clone: Path) -> Path:
    """A `git clone` of ``source`` at ``clone``: committed files only, as a colleague would get them."""
    run(source, "git", "clone", "-q", str(source), str(clone))
    _share_venv(clone)
    return clone


def built_copy(repo: Path, copy: Path, count: int) -> Path:
    """A fresh git copy whose conf/ composes ``count`` samples (so `dvc exp run -S ...` and `skillsynth
    params` keep it), built and up to date for DVC, its outputs committed. Its stages run in one process
    and are recorded as `dvc repro` records them (tests/one_process_repro.py): the same files, dvc.lock and
    DVC cache as `dvc repro`, in half the time."""
    fresh_copy(repo, copy)
    config = copy / "conf/config.yaml"
    default = config.read_text()
    assert "\n  count: 5000 " in default, "conf/config.yaml no longer sets data.count: 5000"
    config.write_text(default.replace("\n  count: 5000 ", f"\n  count: {count} ", 1))
    run(copy, "skillsynth", "params")
    run(copy, sys.executable, str(Path(__file__).with_name("one_process_repro.py")))
    assert "up to date" in run(copy, "dvc", "status").stdout
    run(copy, "git", "add", "-A")
    run(copy, "git", "commit", "-q", "-m", f"built with data.count={count}")
    return copy


def private_copy(project: Path, copy: Path) -> Path:
    """A copy of a built ``project`` at ``copy`` (git history, DVC cache, outputs and their times), for a
    test that changes it; the shared build stays as it was."""

    def dvc_scratch(folder: str, names: list[str]) -> list[str]:  # locks and the experiments queue
        return ["tmp"] if Path(folder) == project / ".dvc" else []

    shutil.copytree(project, copy, symlinks=True, ignore=dvc_scratch)
    return copy


def settings_in(root: Path, *overrides: str) -> Settings:
    """The project's config with every output under ``root``, plus Hydra ``overrides``."""
    outputs = [f"paths.data_dir={root}/data", f"paths.models_dir={root}/models", f"paths.reports_dir={root}/reports"]
    return load_settings([*outputs, *overrides], conf_dir=REPO / "conf")


def run_stages(settings: Settings, stages: tuple[str, ...] = PIPELINE_STAGES) -> None:
    """Run pipeline stages in-process, in order, as `dvc repro` would."""
    for stage in stages:
        importlib.import_module(f"skillsynth.stages.{stage}").run(settings)
