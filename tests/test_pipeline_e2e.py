"""End to end: `make run` on the default config in a fresh git copy, then up-to-date checks, push and pull, and
the CI report steps, bit for bit as committed; a failing gate and experiments on a copy of the small shared build."""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
import pytest
import yaml
from support import PIPELINE_STAGES, attempt, dvc_stages, fresh_copy, git_clone, private_copy, run, stages_run

from skillsynth.cli import main
from skillsynth.contract import LEVELS, SKILLS, TRAINING_COLUMNS, score_column
from skillsynth.model.ceiling import check_below_ceiling
from skillsynth.model.summary import join_metrics

pytestmark = pytest.mark.e2e
STAGES = tuple(dvc_stages())


@pytest.fixture(scope="module")
def pipeline(repo: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A fresh git copy of the project after `make run`."""
    copy = fresh_copy(repo, tmp_path_factory.mktemp("pipeline") / "skillsynth")
    done = run(copy, "make", "run")
    # Every stage whose outputs DVC caches runs; the gates and llm_usage, whose small reports are
    # committed, may stay up to date: their inputs come out byte-identical to the committed run.
    ran = set(stages_run(done.stdout))
    assert set(PIPELINE_STAGES) <= ran <= set(STAGES)
    return copy


@pytest.fixture
def project(built_project: Path, tmp_path: Path) -> Path:
    """A copy of the shared small build (committed, up to date) for a test that changes it."""
    return private_copy(built_project, tmp_path / "skillsynth")


def test_make_run_builds_everything(pipeline: Path) -> None:
    table = pd.read_csv(pipeline / "data/processed/training_data.csv")
    assert len(table) == 5000 and list(table.columns) == list(TRAINING_COLUMNS)
    assert table.notna().all().all()
    assert table["text"].nunique() > 1000
    metrics = json.loads((pipeline / "reports/metrics.json").read_text())
    assert set(metrics) == set(SKILLS)
    for skill in SKILLS:
        assert (pipeline / f"models/{skill}.json").is_file()
        assert 0.0 < metrics[skill]["r2"] < 1.0
        mean_by_level = table[table["skill"] == skill].groupby("level")[score_column(skill)].mean()
        assert mean_by_level[LEVELS[0]] > mean_by_level[LEVELS[1]] > mean_by_level[LEVELS[2]]
    registry = json.loads((pipeline / "models/model_registry.json").read_text())
    assert "level" not in registry["features"] and not any(f.startswith("true_") for f in registry["features"])
    assert registry["distribution"]["ranges"]["word_count"]["high"] < 600  # a 600-word answer is flagged
    model_card, dataset_card = ((pipeline / f"reports/{n}_card.md").read_text() for n in ("model", "dataset"))
    assert f"| empathy | {metrics['empathy']['r2']:.3f} |" in model_card
    assert "| total | " in dataset_card and "| training | passed | 5000 |" in dataset_card


def test_default_config_beats_baselines_and_stays_below_the_ceiling(pipeline: Path) -> None:
    metrics = join_metrics(
        *(json.loads((pipeline / f"reports/{n}.json").read_text()) for n in ("metrics", "metrics_detail"))
    )
    registry = json.loads((pipeline / "models/model_registry.json").read_text())
    for skill in SKILLS:
        m = metrics[skill]
        assert m["r2"] > m["baseline_r2"], skill
        assert -1.0 < m["level_only_r2"] < 1.0 and 0.0 < m["cv_r2_mean"] < 1.0 and m["cv_r2_std"] >= 0.0
        assert 0.0 < m["r2_vs_truth"] < 1.0
        assert set(m["mae_by_grade"]) == {str(g) for g in range(2, 9)} and set(m["mae_by_level"]) == set(LEVELS)
        assert "real_r2" not in m and "real_agreement" not in m  # no real data by default
        assert 0.0 < m["text_only_r2"] < m["r2"] and 0.0 < m["telemetry_only_r2"] < m["r2"]
        # ordinary held-out sessions are rarely flagged out of distribution, also without one of their inputs;
        # answers in wording no training row has are new by design, and flagged a little more often
        for share in ("heldout_ood_share", "text_only_ood_share", "telemetry_only_ood_share"):
            assert m[share] < 0.02, (skill, share)
        assert m["unseen_wording_ood_share"] < 0.05, skill
        held_out = registry["models"][skill]["heldout_metrics"]
        assert held_out == {k: m[k] for k in ("r2", "mae", "rmse", "n")}, "registry and evaluate disagree"
    check_below_ceiling(metrics)  # above the ceiling means leakage


def test_dvc_exp_show_has_at_most_40_metric_columns(pipeline: Path) -> None:
    """Every metric column `dvc exp show` would print for the fresh build, whatever files define them."""

    def columns(value: object) -> int:  # exp show flattens nested keys into columns; a list is one cell
        return sum(columns(v) for v in value.values()) if isinstance(value, dict) else 1

    (workspace, *_) = json.loads(run(pipeline, "dvc", "exp", "show", "--json").stdout)
    metrics = workspace["data"]["metrics"]
    assert "reports/metrics.json" in metrics and "reports/llm_cost.json" in metrics
    counted = {path: columns(file["data"]) for path, file in metrics.items()}
    assert sum(counted.values()) <= 40, counted
    assert counted["reports/llm_cost.json"] == 1


def test_plots_render_as_html(pipeline: Path, tmp_path: Path) -> None:
    run(pipeline, "dvc", "plots", "show", "-o", str(tmp_path / "plots"))
    html = (tmp_path / "plots/index.html").read_text()
    for title in (
        "Predicted vs. actual score per skill",
        "Residual (predicted - rated) by grade",
        "Feature importance per model",
        "Rated score by level",
        "Learning curve",
    ):
        assert title in html, title
    # one plot each (two of fidelity, two of behaviour; the real-data curve empty without real data); the
    # per-skill ones have a panel per skill, each headed by the skill it shows
    assert html.count("vegaEmbed(") == 10
    assert html.count('"facet": {"field": "skill"') >= 4 and all(f'"skill": "{s}"' in html for s in SKILLS)
    assert '"train_rows": "100"' in html and '"feature": "word_count"' in html and '"box_y"' in html


def test_everything_up_to_date_after_run(pipeline: Path) -> None:
    status = run(pipeline, "dvc", "status")
    assert "up to date" in status.stdout
    again = run(pipeline, "dvc", "repro")
    assert stages_run(again.stdout) == []


def test_push_then_pull_in_a_fresh_clone_needs_no_rebuild(pipeline: Path) -> None:
    remote = pipeline.parent / "skillsynth-dvc-remote"  # the default remote: beside the checkout
    run(pipeline, "git", "add", "-A")
    run(pipeline, "git", "commit", "-q", "--allow-empty", "-m", "pipeline outputs")
    run(pipeline, "make", "push")
    assert any(path.is_file() for path in remote.rglob("*"))
    clone = git_clone(pipeline, pipeline.parent / "colleague")
    assert not (clone / "models/empathy.json").exists()
    run(clone, "make", "pull")
    for name in ("models/empathy.json", "models/model_registry.json", "data/processed/training_data.csv"):
        assert (clone / name).read_bytes() == (pipeline / name).read_bytes(), name
    assert "Data and pipelines are up to date" in run(clone, "dvc", "status").stdout
    assert stages_run(run(clone, "dvc", "repro").stdout) == []
    assert run(clone, "git", "status", "--porcelain").stdout == ""


def test_ci_summary_targets_write_the_job_summary(pipeline: Path, tmp_path: Path) -> None:
    """The workflow's report steps, as .github/workflows/pipeline.yml runs them (BASE: the base branch)."""
    summary = tmp_path / "summary.md"
    for target in ("gate-summary", "metrics-diff", "plots-report"):
        run(pipeline, "make", target, "BASE=HEAD", f"GITHUB_STEP_SUMMARY={summary}")
    text = summary.read_text()
    assert "## Data-quality gates" in text and "All 4 gates passed." in text
    assert "## Metrics: workspace against HEAD" in text and "reports/metrics.json" in text and "cv_r2_mean" in text
    assert "## Plots" in text and "Learning curve" in text
    assert (pipeline / "reports/ci/plots/index.html").is_file()
    assert run(pipeline, "git", "status", "--porcelain", "reports").stdout == ""  # reports/ci is not for git


def test_a_fresh_build_writes_the_committed_lock(pipeline: Path, repo: Path) -> None:
    """Same config and seed, byte-identical outputs: `make run` in a fresh copy, with nothing cached, rebuilt
    every output whose hash the committed dvc.lock records, and each came out with that hash."""

    def outputs(lock: Path) -> dict[str, str]:
        stages = yaml.safe_load(lock.read_text())["stages"]
        return {out["path"]: out.get("md5", "") for spec in stages.values() for out in spec.get("outs", [])}

    built, committed = outputs(pipeline / "dvc.lock"), outputs(repo / "dvc.lock")
    differ = sorted(path for path in committed if built.get(path) != committed[path])
    assert set(built) == set(committed) and not differ, (
        f"outputs differ from the committed dvc.lock: {differ} (after changing code or config, `dvc repro` "
        "and commit dvc.lock)"
    )
    assert (pipeline / "dvc.lock").read_text() == (repo / "dvc.lock").read_text()


def test_failed_gate_stops_repro_and_keeps_models_and_reports(project: Path) -> None:
    kept = {
        path: path.read_bytes()
        for path in [
            *(project / "models").glob("*.json"),
            *(project / "reports").rglob("*.csv"),
            project / "reports/metrics.json",
        ]
    }
    params = project / "params.yaml"
    original = params.read_text()
    params.write_text(original.replace("score_min_gap: 0.08", "score_min_gap: 0.9"))
    try:
        failed = attempt(project, "dvc", "repro")
    finally:
        params.write_text(original)
    assert failed.returncode != 0
    output = failed.stdout + failed.stderr
    assert "validate_training" in output and "FAILED training: expect_column_means_to_be_ordered_by_group" in output
    # CI's gate step: the job summary names the failed gate and lists its failed expectations.
    summary = project.parent / "failed-gate-summary.md"
    gate_step = attempt(project, "make", "gate-summary", f"GITHUB_STEP_SUMMARY={summary}")
    assert gate_step.returncode != 0
    assert "gates failed: training" in summary.read_text()
    assert "| training | `expect_column_means_to_be_ordered_by_group` | empathy_score |" in summary.read_text()
    assert "Running stage 'train'" not in output
    assert {path: path.read_bytes() for path in kept} == kept
    report = json.loads((project / "reports/quality/training.json").read_text())
    assert not report["success"] and (project / "reports/quality/docs/training/index.html").is_file()
    run(project, "dvc", "repro")  # back to the passing config: the gate passes again
    assert json.loads((project / "reports/quality/training.json").read_text())["success"]


def test_model_param_experiment_reruns_only_train_evaluate_and_cards(project: Path) -> None:
    cards = {n: (project / f"reports/{n}_card.md").read_text() for n in ("model", "dataset")}
    # (max_depth 3 is too shallow to read evidence in context: the behaviour gate fails it; docs/behaviour.md)
    done = run(project, "dvc", "exp", "run", "-S", "model.max_depth=5")
    assert stages_run(done.stdout) == ["check", "train", "evaluate", "behaviour", "cards"]
    for name, before in cards.items():  # new metrics: both cards follow
        assert (project / f"reports/{name}_card.md").read_text() != before, name
    params = (project / "params.yaml").read_text()
    assert "max_depth: 5" in params


def test_refused_value_stops_at_check_before_any_output_is_removed(
    project: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Finding 9 of issue 16: `-S model.max_depth=0` used to leave models/ empty (DVC removed train's
    outputs, then train refused the value) and block predict, which read params.yaml."""
    outputs = [
        *(project / "models").glob("*.json"),
        project / "data/processed/training_data.csv",
        project / "reports/metrics.json",
    ]
    kept = {path: path.read_bytes() for path in outputs}
    failed = attempt(project, "dvc", "exp", "run", "-S", "model.max_depth=0")
    assert failed.returncode != 0
    assert stages_run(failed.stdout) == ["check"]
    [error] = [line for line in failed.stderr.splitlines() if line.startswith("skillsynth check: error:")]
    assert "model.max_depth = 0" in error and "no other stage ran" in error and "`skillsynth params`" in error
    assert {path: path.read_bytes() for path in kept} == kept
    assert "max_depth: 0" in (project / "params.yaml").read_text()
    # predict needs only the models folder, so a bad params.yaml does not block scoring (in-process here,
    # from the project's folder: the command's own process is tests/test_predict.py's)
    table = pd.read_csv(project / "data/processed/training_data.csv").head(3)
    table.to_csv(tmp_path / "sessions.csv", index=False)
    monkeypatch.chdir(project)
    scored = ["predict", "--models", "models", "--input", str(tmp_path / "sessions.csv")]
    assert main([*scored, "--output", str(tmp_path / "scores.csv")]) == 0
    assert len(pd.read_csv(tmp_path / "scores.csv")) == 3
    run(project, "skillsynth", "params")  # the recovery the error names: params.yaml from conf/ again
    assert stages_run(run(project, "dvc", "repro").stdout) == ["check"]  # passes; no output was touched
    assert "max_depth: 4" in (project / "params.yaml").read_text()
    assert "up to date" in run(project, "dvc", "status").stdout
