"""The CI workflow (linted by actionlint, only make targets) and the job summary it posts: gates and plots."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from skillsynth.ci_summary import main as ci_summary
from skillsynth.cli import main as cli
from skillsynth.config import Settings
from skillsynth.contract import SKILLS
from skillsynth.quality.summary import gate_summary

WORKFLOW = Path(".github/workflows/pipeline.yml")
ACTIONLINT = Path(sys.executable).parent / "actionlint"
# The make targets the workflow may use: each is run by the tests (make setup/run/test by every e2e
# copy and `.ci/run`; the summaries in test_pipeline_e2e.py).
TESTED_TARGETS = {"setup", "run", "test", "gate-summary", "metrics-diff", "plots-report"}


def passed(suite: str, rows: int = 10) -> dict:
    return {
        "suite": suite,
        "source": f"data/{suite}.csv",
        "rows": rows,
        "success": True,
        "evaluated": 2,
        "failed": 0,
        "notes": [],
        "failures": [],
        "results": [],
    }


def failed(suite: str) -> dict:
    result = {
        "expectation": "expect_column_values_to_be_between",
        "column": "empathy_score",
        "condition": "",
        "success": False,
        "observed": {"examples": [1.7]},
        "expected": {"min_value": 0.0, "max_value": 1.0},
        "unexpected_count": 1,
        "details": {},
    }
    ordered = {
        "expectation": "expect_column_means_to_be_ordered_by_group",
        "column": "empathy_score",
        "condition": "skill == 'empathy'",
        "success": False,
        "observed": {"high": 0.38, "medium": 0.54},
        "expected": {"order": ["high", "medium"], "min_gap": 0.08},
        "unexpected_count": None,
        "details": {},
    }
    return {
        **passed(suite, 2000),
        "success": False,
        "failed": 2,
        "notes": ["a | note"],
        "results": [result, {**result, "success": True, "column": "mae"}, ordered],
    }


def test_workflow_passes_actionlint(repo: Path) -> None:
    done = subprocess.run([str(ACTIONLINT), str(WORKFLOW)], cwd=repo, capture_output=True, text=True)
    assert done.returncode == 0, done.stdout + done.stderr


def test_actionlint_catches_a_broken_workflow(repo: Path, tmp_path: Path) -> None:
    broken = (repo / WORKFLOW).read_text().replace("runs-on: ubuntu-latest", "runs_on: ubuntu-latest")
    (tmp_path / ".github/workflows").mkdir(parents=True)
    (tmp_path / ".github/workflows/pipeline.yml").write_text(broken)
    done = subprocess.run(
        [str(ACTIONLINT), ".github/workflows/pipeline.yml"], cwd=tmp_path, capture_output=True, text=True
    )
    assert done.returncode == 1 and "runs_on" in done.stdout


def test_workflow_runs_on_pull_requests_with_caches_and_only_tested_make_targets(repo: Path) -> None:
    workflow = yaml.safe_load((repo / WORKFLOW).read_text())
    assert "pull_request" in workflow[True]  # YAML 1.1 reads the `on` key as True
    steps = workflow["jobs"]["pipeline"]["steps"]
    commands = [step["run"] for step in steps if "run" in step]
    targets = [re.fullmatch(r"make ([\w-]+)( BASE=\"\$BASE\")?", command).group(1) for command in commands]
    makefile_targets = set(re.findall(r"^([\w-]+):", (repo / "Makefile").read_text(), re.MULTILINE))
    assert set(targets) <= TESTED_TARGETS <= makefile_targets
    assert {"run", "test", "gate-summary", "metrics-diff", "plots-report"} <= set(targets)
    python = next(step for step in steps if step.get("uses", "").startswith("actions/setup-python"))
    assert python["with"]["cache"] == "pip" and "requirements.lock" in python["with"]["cache-dependency-path"]
    cache = next(step for step in steps if step.get("uses", "").startswith("actions/cache"))
    assert cache["with"]["path"] == ".dvc/cache" and "dvc.lock" in cache["with"]["key"]
    summaries = [step for step in steps if step.get("run", "").split()[1:2] in (["gate-summary"], ["metrics-diff"])]
    assert all("!cancelled()" in step["if"] for step in summaries), "summaries are posted when the pipeline fails"


def test_gate_summary_of_passing_gates_is_one_table() -> None:
    text = gate_summary([passed("responses"), passed("training")])
    assert "All 2 gates passed." in text and "Failed expectations" not in text
    assert "| training | passed | 10 | 2 | 0 | data/training.csv | - |" in text


def test_gate_summary_lists_every_failed_expectation_as_a_table_row() -> None:
    text = gate_summary([passed("responses"), failed("training")])
    assert "**1 of 2 gates failed: training.**" in text
    failures = text.split("### Failed expectations")[1].strip().splitlines()
    assert failures[0].startswith("| gate | expectation | column | where | observed | expected |")
    assert failures[2] == (
        '| training | `expect_column_values_to_be_between` | empathy_score | - | {"examples": [1.7]} '
        '| {"max_value": 1.0, "min_value": 0.0} | 1 of 2000 |'
    )
    assert "skill == 'empathy'" in failures[3] and len(failures) == 4  # the passing result is not listed
    assert "a \\| note" in text  # a pipe in a cell does not break the table


def test_gate_summary_without_reports_says_so() -> None:
    assert "No gate report found" in gate_summary([])


def write_params(output: Path, root: Path, repo: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A params.yaml at ``output`` with every path under ``root``."""
    monkeypatch.chdir(repo)  # conf/ is composed from here
    overrides = [f"paths.data_dir={root}/data", f"paths.models_dir={root}/models", f"paths.reports_dir={root}/reports"]
    assert cli(["params", "--output", str(output), *overrides, "data.count=400"]) == 0
    return output


@pytest.fixture
def params_for(trained: Settings, tmp_path: Path, repo: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A params.yaml whose paths are the small run's."""
    return write_params(tmp_path / "params.yaml", Path(trained.paths.data_dir).parent, repo, monkeypatch)


def test_gates_section_appends_to_the_summary_file_and_exits_1_on_a_failed_gate(
    tmp_path: Path, repo: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    params = write_params(tmp_path / "params.yaml", tmp_path, repo, monkeypatch)
    quality = tmp_path / "reports/quality"
    quality.mkdir(parents=True)
    for suite in ("responses", "features", "training", "real"):
        (quality / f"{suite}.json").write_text(json.dumps(passed(suite)))
    summary = tmp_path / "summary.md"
    summary.write_text("earlier step\n")
    assert ci_summary(["gates", "--params", str(params), "--output", str(summary)]) == 0
    text = summary.read_text()
    assert text.startswith("earlier step\n") and "All 4 gates passed." in text
    (quality / "training.json").write_text(json.dumps(failed("training")))
    assert ci_summary(["gates", "--params", str(params), "--output", str(summary)]) == 1
    assert "**1 of 4 gates failed: training.**" in summary.read_text()
    for report in quality.glob("*.json"):
        report.unlink()
    assert ci_summary(["gates", "--params", str(params), "--output", str(summary)]) == 1  # no verdict is no pass


def test_plots_section_holds_each_skills_curve_errors_and_features(params_for: Path, tmp_path: Path) -> None:
    summary = tmp_path / "summary.md"
    assert ci_summary(["plots", "--params", str(params_for), "--output", str(summary)]) == 0
    text = summary.read_text()
    for heading in ("Learning curve", "Mean absolute error by grade", "Top 5 features per model"):
        assert heading in text
    header = next(line for line in text.splitlines() if line.startswith("| training rows |"))
    assert header == "| training rows | " + " | ".join(SKILLS) + " |"
    assert "| 2 |" in text and "| 8 |" in text  # a row per grade


def test_a_missing_plot_file_stops_with_one_line(params_for: Path, tmp_path: Path, trained: Settings, capsys) -> None:
    curve = Path(trained.paths.plot_learning_curve)
    kept = curve.read_bytes()
    curve.unlink()
    try:
        assert ci_summary(["plots", "--params", str(params_for), "--output", str(tmp_path / "s.md")]) == 2
    finally:
        curve.write_bytes(kept)
    (line,) = capsys.readouterr().err.strip().splitlines()
    assert line.startswith("ci_summary plots: error:") and "learning_curve.csv" in line
