"""The fidelity stage: synthetic responses against a reference corpus, here one the project generates."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from support import run_stages, settings_in

from skillsynth.config import Settings
from skillsynth.contract import LINGUISTIC_COLUMNS, SKILLS, true_column
from skillsynth.errors import SkillsynthError
from skillsynth.fidelity.compare import Detection, compare, detection_gate, length_diagnostics
from skillsynth.fidelity.reference import conform_reference, reference_file
from skillsynth.stages import fidelity

DETECTION = Detection(folds=5, max_synthetic_ratio=5.0, seed=0)


@pytest.fixture(scope="module")
def generated(trained: Settings, tmp_path_factory: pytest.TempPathFactory) -> Settings:
    """400 generated responses with their linguistic features: the shared run's, copied to a folder of our own."""
    root = tmp_path_factory.mktemp("fidelity")
    shutil.copytree(trained.paths.data_dir, root / "data")
    return settings_in(root, "data.count=400")


@pytest.fixture(scope="module")
def reference_texts(tmp_path_factory: pytest.TempPathFactory) -> pd.DataFrame:
    """A small "real" corpus: 120 responses of another seed, with only text and grade."""
    settings = settings_in(tmp_path_factory.mktemp("reference"), "data.count=120", "seed=9")
    run_stages(settings, ("generate",))
    return pd.read_parquet(settings.paths.responses)[["text", "grade"]]


def _with_reference(settings: Settings, table: pd.DataFrame, *overrides: str) -> Settings:
    root = Path(settings.paths.data_dir).parent
    folder = Path(settings.paths.reference_dir)
    folder.mkdir(parents=True, exist_ok=True)
    table.to_csv(folder / "transcripts.csv", index=False)
    return settings_in(root, "data.count=400", f"data.reference_path={folder}/transcripts.csv", *overrides)


def test_a_reference_from_the_same_generator_is_hard_to_tell_apart(generated, reference_texts) -> None:
    settings = _with_reference(generated, reference_texts)
    assert fidelity.run(settings) == 0
    metrics = json.loads(Path(settings.paths.fidelity).read_text())
    assert metrics["detection_auc_without_length"] < 0.7
    detail = json.loads(Path(settings.paths.fidelity_detail).read_text())
    assert detail["reference_rows"] == 120 and detail["compared_synthetic_rows"] == 400
    assert {row["feature"] for row in detail["per_feature"]} == set(LINGUISTIC_COLUMNS)
    sides = {(row["grade"], row["side"]) for row in detail["per_grade"]}
    assert {(grade, "reference") for grade in range(2, 9)} <= sides
    words = pd.read_csv(settings.paths.plot_fidelity_words)
    assert list(words.columns) == ["grade", "synthetic", "reference"] and len(words) == 7


GLOOM = " I hated it, it was awful and horrible and terrible."


def test_a_shifted_reference_is_told_apart_and_the_give_away_named(generated, reference_texts) -> None:
    gloomy = reference_texts.assign(text=reference_texts["text"] + GLOOM)
    settings = _with_reference(generated, gloomy)
    fidelity.run(settings)
    metrics = json.loads(Path(settings.paths.fidelity).read_text())
    assert metrics["detection_auc_without_length"] > 0.95
    detail = json.loads(Path(settings.paths.fidelity_detail).read_text())
    assert detail["give_aways"][0] in {"vader_compound", "textblob_polarity"}
    assert not set(detail["give_aways"]) & {"word_count", "sentence_count"}


def test_the_gate_fails_on_a_tight_threshold_after_writing_the_reports(generated, reference_texts, caplog) -> None:
    # a reference from the same generator is told apart by chance alone (AUC about 0.5, either side), so the
    # gate is tried on one that differs: gloomier children, told apart at an AUC above 0.95
    gloomy = reference_texts.assign(text=reference_texts["text"] + GLOOM)
    settings = _with_reference(generated, gloomy, "quality.max_detection_auc=0.9")
    Path(settings.paths.fidelity).unlink(missing_ok=True)
    assert fidelity.run(settings) == fidelity.EXIT_GATE_FAILED
    assert Path(settings.paths.fidelity).is_file()
    assert "FAILED fidelity: detection_auc_without_length" in caplog.text
    assert "quality.max_detection_auc 0.9" in caplog.text


def test_the_stage_is_deterministic(generated, reference_texts) -> None:
    settings = _with_reference(generated, reference_texts)
    fidelity.run(settings)
    first = Path(settings.paths.fidelity).read_bytes(), Path(settings.paths.fidelity_detail).read_bytes()
    fidelity.run(settings)
    assert (Path(settings.paths.fidelity).read_bytes(), Path(settings.paths.fidelity_detail).read_bytes()) == first


def test_without_a_reference_only_the_length_diagnostics(generated) -> None:
    assert fidelity.run(generated) == 0
    metrics = json.loads(Path(generated.paths.fidelity).read_text())
    assert metrics["detection_auc"] is None and metrics["detection_auc_without_length"] is None
    assert abs(metrics["length_skill_spearman_within_grade"]) < 0.2
    assert metrics["length_grade_spearman"] > 0.3


def _synthetic_like(rows: int, seed: int) -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    frame = pd.DataFrame({"skill": [SKILLS[i % 4] for i in range(rows)], "grade": 2 + np.arange(rows) % 7})
    for skill in SKILLS:
        frame[true_column(skill)] = rng.random(rows)
    return frame


def test_length_diagnostics_catch_length_that_gives_the_skill_away() -> None:
    frame = _synthetic_like(700, 1)
    target = [frame.loc[i, true_column(skill)] for i, skill in enumerate(frame["skill"])]
    leaky = frame.assign(word_count=np.round(20 + 80 * np.array(target)))
    assert length_diagnostics(leaky)["length_skill_spearman_within_grade"] > 0.99
    honest = frame.assign(word_count=30 + 10 * frame["grade"] + np.random.default_rng(2).integers(0, 5, 700))
    figures = length_diagnostics(honest)
    assert abs(figures["length_skill_spearman_within_grade"]) < 0.1 and figures["length_grade_spearman"] > 0.9


def test_a_small_synthetic_side_is_compared_whole_and_a_large_one_subsampled() -> None:
    rng = np.random.default_rng(0)
    features = ["a", "b"]

    def table(rows: int) -> pd.DataFrame:
        return pd.DataFrame(rng.random((rows, 2)), columns=features).assign(
            grade=3, word_count=rng.integers(10, 90, rows), sentence_count=4, lexical_diversity=0.8
        )

    reference = table(20)
    small = compare(_synthetic_like(60, 0).drop(columns="grade").join(table(60)), reference, features, [], DETECTION)
    large = compare(_synthetic_like(500, 0).drop(columns="grade").join(table(500)), reference, features, [], DETECTION)
    assert (small.detail["compared_synthetic_rows"], large.detail["compared_synthetic_rows"]) == (60, 100)
    assert small.metrics["detection_auc"] < 0.8  # the same distribution on both sides


@pytest.mark.parametrize(
    ("auc", "threshold", "fails"), [(0.9, None, False), (0.9, 0.95, False), (0.9, 0.8, True), (None, 0.6, False)]
)
def test_detection_gate(auc: float | None, threshold: float | None, fails: bool) -> None:
    failure = detection_gate({"detection_auc_without_length": auc}, threshold)
    assert (failure is not None) == fails
    if fails:
        assert failure.startswith("FAILED fidelity:") and "\n" not in failure


@pytest.mark.parametrize(
    ("frame", "message"),
    [
        (pd.DataFrame({"text": ["hi there"]}), r"missing column\(s\) \['grade'\]"),
        (pd.DataFrame({"text": [], "grade": []}), "no rows"),
        (pd.DataFrame({"text": ["ok", "  "], "grade": [3, 3]}), "column text, row 3: '  '; expected a non-empty"),
        (pd.DataFrame({"text": ["ok"], "grade": ["third"]}), "column grade, row 2: 'third'; expected a whole grade"),
        (pd.DataFrame({"text": ["ok"], "grade": [13]}), "column grade, row 2: 13"),
        (pd.DataFrame({"text": ["ok"], "grade": [3.5]}), "column grade, row 2: 3.5"),
    ],
)
def test_a_bad_reference_is_refused_with_one_line(frame: pd.DataFrame, message: str) -> None:
    with pytest.raises(SkillsynthError, match=message) as error:
        conform_reference(frame, "ref.csv")
    assert str(error.value).startswith("ref.csv: ") and "\n" not in str(error.value)


def test_telemetry_columns_are_kept_when_present() -> None:
    table = conform_reference(pd.DataFrame({"text": ["ok"], "grade": [4], "retry_count": [2], "note": ["x"]}), "r.csv")
    assert list(table.columns) == ["text", "grade", "retry_count"]


def test_the_reference_must_lie_inside_its_folder(tmp_path: Path) -> None:
    (tmp_path / "inside").mkdir()
    (tmp_path / "outside.csv").write_text("text,grade\nhi,3\n")
    with pytest.raises(SkillsynthError, match="expected a file inside"):
        reference_file(str(tmp_path / "outside.csv"), str(tmp_path / "inside"))
    with pytest.raises(SkillsynthError, match="no such file"):
        reference_file(str(tmp_path / "inside" / "missing.csv"), str(tmp_path / "inside"))
