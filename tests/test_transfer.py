"""A run with a real-shaped file: the `real` stage, transfer figures, agreement, and the features serving computes."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from real_world import SCALE, UNRATED_SKILL, real_shaped_file, write_real_file
from support import run_stages, settings_in

from skillsynth.cli import main
from skillsynth.config import Settings
from skillsynth.contract import LABEL_COLUMNS, SKILLS, score_column
from skillsynth.inference.scoring import load_scoring_models, score_sessions
from skillsynth.model.transfer import CURVE_COLUMNS, WITH_SYNTHETIC, WITHOUT_SYNTHETIC

RATED = [skill for skill in SKILLS if score_column(skill) != UNRATED_SKILL]
HEADLINE = ("real_r2", "real_r2_synthetic_only", "real_r2_real_only", "real_agreement")
SESSIONS = 320  # the real-shaped file's sessions: 64 held out
FAST = (
    "data.count=1000",
    "evaluation.cv_folds=3",
    "evaluation.learning_curve_sizes=[]",
    "evaluation.real_curve_sizes=[40,80]",
    f"data.real_score_scale=[{SCALE[0]},{SCALE[1]}]",
)


def _settings(root: Path, *overrides: str) -> Settings:
    return settings_in(root, *FAST, f"data.real_path={root}/data/real/pilot.csv", *overrides)


@pytest.fixture(scope="module")
def with_real(tmp_path_factory: pytest.TempPathFactory) -> Settings:
    """The whole pipeline, in-process, on 1,000 synthetic samples and a 320-session real-shaped file."""
    root = tmp_path_factory.mktemp("with_real")
    write_real_file(real_shaped_file(root / "world", count=SESSIONS), root)
    settings = _settings(root, "data.real_fraction=0.3")
    run_stages(settings)
    return settings


def _json(path: str) -> dict:
    return json.loads(Path(path).read_text())


def test_real_sessions_become_one_row_each_with_the_raters_mean(with_real: Settings) -> None:
    real = pd.read_parquet(with_real.paths.real_data)
    raw = pd.read_csv(Path(with_real.data.real_path))
    assert len(real) == raw["id"].nunique() == SESSIONS and len(raw) > SESSIONS  # some sessions rated twice
    assert real[UNRATED_SKILL].isna().all() and real["problem_solving_score"].notna().mean() > 0.6
    first = raw[raw["id"] == real["sample_id"].iloc[0]]
    expected = (first["empathy_score"].mean() - SCALE[0]) / (SCALE[1] - SCALE[0])
    assert real["empathy_score"].iloc[0] == pytest.approx(expected)
    assert real["error_recovery_rate"].isna().all()  # a signal the game never logged
    assert real["peer_help_count"].isna().any() and real["peer_help_count"].notna().mean() > 0.8


def test_headline_figures_per_rated_skill_and_detail_beside_them(with_real: Settings) -> None:
    metrics, detail = _json(with_real.paths.metrics), _json(with_real.paths.real_transfer)
    registry = _json(with_real.paths.registry)
    agreement = _json(with_real.paths.real_agreement)
    for skill in RATED:
        m = metrics[skill]
        assert set(HEADLINE) <= set(m) and not any(isinstance(m[key], dict) for key in HEADLINE)
        assert m["real_r2"] == detail[skill]["mixed"]["r2"] == registry["models"][skill]["real_heldout_metrics"]["r2"]
        assert m["real_r2_real_only"] == detail[skill]["real_only"]["r2"]
        assert m["real_agreement"] == agreement[skill]["alpha"] == detail[skill]["agreement"]["alpha"]
        assert 0.3 < m["real_agreement"] < 0.9  # two raters, each with noise 0.25 on a 1-4 scale
        assert detail[skill]["real_only_grouped_cv"]["folds"] == 3
    # On 64 held-out sessions a skill's figure is noisy (one skill's is below the mean rating for every
    # model), so the claims are checked on average: the mix beats predicting the mean rating, and adding
    # real rows beats synthetic data alone (whose rater knows nothing of this rater's bias).
    average = {key: np.mean([metrics[s][key] for s in RATED]) for key in ("real_r2", "real_r2_synthetic_only")}
    assert average["real_r2"] > np.mean([detail[s]["mean_rating_baseline_r2"] for s in RATED])
    assert average["real_r2"] > average["real_r2_synthetic_only"]
    assert not set(HEADLINE) & set(metrics["resilience"])  # never rated: no real figure
    # the share of real held-out sessions rated for the skill that are flagged out of distribution
    flags = detail["out_of_distribution"]
    assert 0 <= flags["flagged"] <= flags["rows"] == detail["rows"]["real_test"]
    for skill in RATED:
        assert 0.0 <= metrics[skill]["real_ood_share"] <= 1.0
    assert metrics["empathy"]["real_ood_share"] == flags["share"]  # rated on every session
    assert "real_ood_share" not in metrics["resilience"]
    assert detail["rows"]["real_train"] + detail["rows"]["real_test"] == SESSIONS


def test_the_curve_runs_from_synthetic_only_to_all_real_rows(with_real: Settings) -> None:
    curve = pd.read_csv(with_real.paths.plot_real_curve)
    detail = _json(with_real.paths.real_transfer)
    assert list(curve.columns) == list(CURVE_COLUMNS)
    all_rows = detail["rows"]["real_train"]
    for skill in RATED:
        lines = curve[curve["skill"] == skill]
        mixed = lines[lines["training"] == WITH_SYNTHETIC].set_index("real_train_rows")["r2"]
        alone = lines[lines["training"] == WITHOUT_SYNTHETIC].set_index("real_train_rows")["r2"]
        assert mixed.index.tolist() == [0, 40, 80, all_rows] and alone.index.tolist() == [40, 80, all_rows]
        assert mixed[0] == detail[skill]["synthetic_only"]["r2"]
        assert mixed[all_rows] == detail[skill]["mixed"]["r2"] and alone[all_rows] == detail[skill]["real_only"]["r2"]


def test_serving_sees_the_features_training_saw(with_real: Settings) -> None:
    """The scoring core on the raw file's held-out sessions gives evaluate's real predictions exactly,
    missing telemetry and all: one way from a session to its features."""
    expected = pd.read_csv(with_real.paths.real_predictions)
    raw = pd.read_csv(Path(with_real.data.real_path)).drop_duplicates("id").set_index("id")
    sessions = raw.loc[expected["sample_id"]].reset_index()
    models = load_scoring_models(with_real.paths.models_dir, needed_limits=())
    scores = score_sessions(sessions, models)
    np.testing.assert_allclose(
        scores[list(LABEL_COLUMNS)].to_numpy(), expected[list(LABEL_COLUMNS)].to_numpy(), rtol=0, atol=1e-6
    )
    # and the out-of-distribution flags evaluate reports are the ones predict and serve give these sessions
    reported = _json(with_real.paths.real_transfer)["out_of_distribution"]
    assert reported["rows"] == len(sessions) and reported["flagged"] == int((~scores["in_distribution"]).sum())
    named = pd.Series([name for names in scores["out_of_distribution"] for name in names]).value_counts().to_dict()
    assert reported["by_feature"] == named


def _minimal_file(root: Path) -> pd.DataFrame:
    """What a team may have and no more: an id, the text, the grade, three telemetry signals, two scores."""
    first = real_shaped_file(root).drop_duplicates("id").reset_index(drop=True)
    columns = ["id", "text", "grade", "task_completion_rate", "retry_count", "hint_requests"]
    return first[[*columns, "empathy_score", "self_regulation_score"]]


def test_a_minimal_real_file_passes_the_gate_and_is_mixed_in(with_real: Settings, tmp_path: Path, capsys) -> None:
    """The gate, then `real`, `train` and `evaluate` on the synthetic run with a minimal file instead.
    (That `dvc exp run -S data.real_path=...` runs these stages is tests/test_experiments_e2e.py's.)"""
    for name in ("data", "reports"):
        shutil.copytree(Path(getattr(with_real.paths, f"{name}_dir")), tmp_path / name)
    path = write_real_file(_minimal_file(tmp_path / "world"), tmp_path, "minimal.csv")
    settings = settings_in(tmp_path, *FAST, f"data.real_path={path}")
    params = tmp_path / "params.yaml"
    params.write_text(json.dumps(settings.model_dump(mode="json")))  # JSON is YAML
    assert main(["validate", "--suite", "real", "--params", str(params)]) == 0, capsys.readouterr().err
    assert _json(settings.paths.quality_reports["real"])["success"]
    run_stages(settings, ("real", "train", "evaluate"))
    metrics = _json(settings.paths.metrics)
    registry = _json(settings.paths.registry)
    assert registry["data"]["real"]["rows"] == 160
    for skill in ("empathy", "self_regulation"):
        m = metrics[skill]
        assert {"real_r2", "real_r2_synthetic_only", "real_r2_real_only", "text_only_r2"} <= set(m)
        assert "real_agreement" not in m  # one rater: nothing to agree on
        # 3 telemetry signals: the figures exist; how good they are is the full file's (above)
        assert all(-1.0 < m[name] < 1.0 for name in ("real_r2", "real_r2_synthetic_only", "real_r2_real_only"))
    assert not {"real_r2", "real_agreement"} & set(metrics["problem_solving"])  # never rated
    real_predictions = pd.read_csv(settings.paths.real_predictions)
    assert len(real_predictions) == registry["data"]["real"]["test_rows"]
    assert real_predictions["sample_id"].str.startswith("pilot-").all()


def test_real_fraction_zero_ships_the_synthetic_only_model_and_runs_repeat(with_real: Settings, tmp_path: Path) -> None:
    shutil.copytree(Path(with_real.paths.data_dir), tmp_path / "data")
    shutil.copytree(Path(with_real.paths.reports_dir), tmp_path / "reports")
    again = _settings(tmp_path, "data.real_fraction=0.3")
    run_stages(again, ("train", "evaluate"))
    for name in ("metrics", "real_transfer", "plot_real_curve", "real_predictions"):
        assert Path(getattr(again.paths, name)).read_bytes() == Path(getattr(with_real.paths, name)).read_bytes(), name
    synthetic_only = _settings(tmp_path, "data.real_fraction=0")
    run_stages(synthetic_only, ("train", "evaluate"))
    metrics = _json(synthetic_only.paths.metrics)
    for skill in RATED:
        assert metrics[skill]["real_r2"] == metrics[skill]["real_r2_synthetic_only"]
        assert metrics[skill]["real_r2_real_only"] == _json(with_real.paths.metrics)[skill]["real_r2_real_only"]
