"""`pip install '.[serve]'` into a fresh venv (by uv, as `make setup` installs): `predict` and `serve` work
without dvc, GX, dask or openai."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import httpx
import pandas as pd
import pytest
from support import predict_arguments
from test_serve import session, stop, wait_for_url

from skillsynth.config import Settings
from skillsynth.contract import SKILLS, TELEMETRY_COLUMNS, score_column

pytestmark = pytest.mark.e2e
NOT_FOR_SERVING = ("dvc", "great_expectations", "dask", "distributed", "openai")


def venv_env() -> dict[str, str]:
    """This environment without the test run's venv or source folder on any search path, and with Python
    free to write bytecode: the new venv's modules compile at their first import, not at every one."""
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "VIRTUAL_ENV", "PYTHONDONTWRITEBYTECODE")}
    venv_bin = str(Path(sys.executable).parent)
    env["PATH"] = os.pathsep.join(p for p in env.get("PATH", "").split(os.pathsep) if p != venv_bin)
    return env


@pytest.fixture(scope="module")
def serve_venv(repo: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A new venv holding only ``skillsynth[serve]`` (versions held to requirements.lock)."""
    root = tmp_path_factory.mktemp("serve_install")
    source = root / "source"  # built from a copy: an in-tree build would write build/ into the checkout
    source.mkdir()
    for name in ("pyproject.toml", "README.md"):
        shutil.copy2(repo / name, source / name)
    shutil.copytree(repo / "src", source / "src", ignore=shutil.ignore_patterns("__pycache__", "*.egg-info"))
    venv = root / "venv"
    uv = str(Path(sys.executable).parent / "uv")  # as `make setup` installs; the extra's metadata is pip's too
    subprocess.run([uv, "venv", "--quiet", "--python", sys.executable, str(venv)], check=True, env=venv_env())
    done = subprocess.run(
        # no byte-compiling on install: the few modules the tests import compile when first imported
        [
            uv,
            "pip",
            "install",
            "--quiet",
            "--link-mode",
            "copy",  # nltk refuses to read a hard-linked file (VADER's lexicon); `make setup` copies only that package
            "--python",
            str(venv / "bin/python"),
            "--constraint",
            str(repo / "requirements.lock"),
            f"{source}[serve]",
        ],
        capture_output=True,
        text=True,
        env=venv_env(),
    )
    assert done.returncode == 0, f"uv pip install '.[serve]' failed:\n{done.stderr[-4000:]}"
    return venv


def test_serve_extra_installs_none_of_the_pipeline_llm_or_dask_packages(serve_venv: Path) -> None:
    code = f"import importlib.util as u, json; print(json.dumps([m for m in {NOT_FOR_SERVING!r} if u.find_spec(m)]))"
    done = subprocess.run([str(serve_venv / "bin/python"), "-c", code], capture_output=True, text=True, check=True)
    assert json.loads(done.stdout) == []


def test_the_built_package_carries_the_card_templates(serve_venv: Path) -> None:
    code = (
        "import importlib.resources as r; "
        "print(sorted(p.name for p in (r.files('skillsynth.cards') / 'templates').iterdir()))"
    )
    done = subprocess.run([str(serve_venv / "bin/python"), "-c", code], capture_output=True, text=True, check=True)
    assert json.loads(done.stdout.replace("'", '"')) == ["dataset_card.md.j2", "model_card.md.j2"]


def test_predict_scores_a_file_in_the_serve_only_venv(
    serve_venv: Path, repo: Path, trained: Settings, tmp_path
) -> None:
    rows = pd.read_csv(trained.paths.training_data).head(5)[["sample_id", "text", "grade", *TELEMETRY_COLUMNS]]
    rows.to_csv(tmp_path / "sessions.csv", index=False)
    done = subprocess.run(
        [
            str(serve_venv / "bin/skillsynth"),
            *predict_arguments(trained.paths.models_dir, tmp_path / "sessions.csv", tmp_path / "scores.csv"),
        ],
        cwd=repo,
        capture_output=True,
        text=True,
        env=venv_env(),
    )
    assert done.returncode == 0, done.stderr[-4000:]
    scores = pd.read_csv(tmp_path / "scores.csv")
    assert len(scores) == 5 and scores[[score_column(s) for s in SKILLS]].notna().all().all()


def test_serve_answers_in_the_serve_only_venv_and_imports_nothing_it_does_not_need(
    serve_venv: Path, repo: Path, trained: Settings, tmp_path
) -> None:
    log, modules = tmp_path / "serve.log", tmp_path / "modules.json"
    # `skillsynth serve`, recording at exit every module the process imported.
    code = (
        "import atexit, json, sys\n"
        f"atexit.register(lambda: open({str(modules)!r}, 'w').write(json.dumps(sorted(sys.modules))))\n"
        "from skillsynth.cli import main\n"
        f"sys.exit(main(['serve', '--models', {trained.paths.models_dir!r}, '--port', '0']))\n"
    )
    with open(log, "w") as handle:
        process = subprocess.Popen(
            [str(serve_venv / "bin/python"), "-c", code],
            cwd=repo,
            env=venv_env(),
            stdout=handle,
            stderr=subprocess.STDOUT,
        )
    try:
        url = wait_for_url(process, log)
        with httpx.Client(base_url=url, timeout=60) as client:
            answer = client.post("/api/v1/inference", json={"sessions": [session()]})
        assert answer.status_code == 200, answer.text
        assert set(answer.json()["results"][0]["scores"]) == set(SKILLS)
    finally:
        stop(process)
    assert process.returncode in (0, 130), log.read_text()  # 130: stopped by Ctrl-C, as `stop` does
    imported = {name.split(".")[0] for name in json.loads(modules.read_text())}
    assert not imported & set(NOT_FOR_SERVING)
