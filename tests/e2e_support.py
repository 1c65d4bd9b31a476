"""Helpers for end-to-end tests: a fresh git copy of the project, and commands run inside it."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path


def tracked_files(repo: Path) -> list[str]:
    """Files git tracks or would track (not ignored) in ``repo``."""
    listed = subprocess.run(
        ["git", "ls-files", "--cached", "--others", "--exclude-standard", "-z"],
        cwd=repo, check=True, capture_output=True, text=True,
    ).stdout
    return [name for name in listed.split("\0") if name and (repo / name).is_file()]


def environment(copy: Path) -> dict[str, str]:
    """The environment commands run with in ``copy``: its own code, this venv, no analytics."""
    env = dict(os.environ)
    venv_bin = str(Path(sys.executable).parent)
    env.update(
        PATH=f"{venv_bin}{os.pathsep}{env.get('PATH', '')}",
        PYTHONPATH=str(copy / "src"),  # the copy's code, not the checkout's editable install
        GIT_AUTHOR_NAME="skillsynth test", GIT_AUTHOR_EMAIL="test@skillsynth.invalid",
        GIT_COMMITTER_NAME="skillsynth test", GIT_COMMITTER_EMAIL="test@skillsynth.invalid",
        GX_ANALYTICS_ENABLED="false", DVC_NO_ANALYTICS="1",
    )
    return env


def run(copy: Path, *command: str) -> subprocess.CompletedProcess:
    """Run ``command`` in the copy, failing the test with its output if it fails."""
    done = subprocess.run(command, cwd=copy, env=environment(copy), capture_output=True, text=True)
    assert done.returncode == 0, f"{' '.join(command)} failed:\n{done.stdout[-4000:]}\n{done.stderr[-4000:]}"
    return done


def stages_run(output: str) -> list[str]:
    """Names of the stages a `dvc repro`/`dvc exp run` output says it ran."""
    return re.findall(r"Running stage '([^']+)'", output)


def fresh_copy(repo: Path, copy: Path) -> Path:
    """``repo``'s files copied to ``copy`` as a new git repository with one commit, sharing this venv."""
    for name in tracked_files(repo):
        (copy / name).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(repo / name, copy / name)
    (copy / ".venv").symlink_to(Path(sys.executable).parents[1], target_is_directory=True)
    run(copy, "git", "init", "-q", "-b", "main")
    run(copy, "git", "add", "-A")
    run(copy, "git", "commit", "-q", "-m", "fresh clone")
    return copy
