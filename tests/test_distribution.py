"""Out-of-distribution flags: what the registry records of the training distribution, and which sessions it flags."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from skillsynth.config import Settings
from skillsynth.contract import TELEMETRY_COLUMNS
from skillsynth.errors import SkillsynthError
from skillsynth.inference.scoring import ScoringModels, score_sessions
from skillsynth.model.distribution import (
    MULTIVARIATE,
    TELEMETRY_ONLY,
    TEXT_ONLY,
    WHOLE,
    TrainingDistribution,
    checked_features,
    flag_summary,
    read_distribution,
    training_distribution,
)
from skillsynth.model.predictor import feature_matrix
from skillsynth.model.registry import read_registry
from skillsynth.stages._design import load_design


def _registry(settings: Settings) -> dict:
    return json.loads(Path(settings.paths.registry).read_text())


@pytest.fixture(scope="module")
def held_out(trained: Settings) -> pd.DataFrame:
    """The synthetic held-out rows of the trained run (what evaluate scores), every column."""
    table = pd.read_csv(trained.paths.training_data)
    scored = pd.read_csv(trained.paths.predictions)["sample_id"]
    return table[table["sample_id"].isin(scored)].reset_index(drop=True)


@pytest.fixture(scope="module")
def ordinary(held_out: pd.DataFrame, scoring_models: ScoringModels) -> pd.DataFrame:
    """The held-out rows the flags leave in distribution: the generator's ordinary sessions."""
    flags = score_sessions(held_out, scoring_models)
    assert flags["in_distribution"].mean() > 0.9
    return held_out[flags["in_distribution"].to_numpy()].reset_index(drop=True)


def test_the_registry_records_the_range_of_every_checked_feature(trained: Settings) -> None:
    registry = _registry(trained)
    distribution = registry["distribution"]
    assert distribution["features"] == checked_features(registry["features"], trained.ood.extra_features)
    # word_count is no model input, but a session gives itself away by it; every telemetry signal is recorded
    assert "word_count" in distribution["features"] and "word_count" not in registry["features"]
    assert set(TELEMETRY_COLUMNS) <= set(distribution["features"])
    design = load_design(trained.paths, read_registry(trained.paths.registry).split).design
    training = feature_matrix(design.train)
    margin, tail = distribution["range_margin"], distribution["range_tail"]
    for name in distribution["features"]:
        seen, values = distribution["ranges"][name], training[name]
        assert seen["rows"] == len(training) and (seen["min"], seen["max"]) == (values.min(), values.max())
        assert (seen["typical_low"], seen["typical_high"]) == tuple(values.quantile([0.005, 0.995]))
        width = seen["typical_high"] - seen["typical_low"]
        assert seen["high"] == max(
            seen["typical_high"] + margin * width, values.quantile(1 - tail, interpolation="higher")
        )
        assert seen["low"] == min(seen["typical_low"] - margin * width, values.quantile(tail, interpolation="lower"))
        assert seen["low"] <= seen["min"] and seen["high"] >= seen["max"]  # under 1,000 rows: every value is in
    multivariate = distribution["multivariate"]
    assert multivariate["method"] == "mahalanobis" and set(multivariate["thresholds"]) == {
        WHOLE,
        TEXT_ONLY,
        TELEMETRY_ONLY,
    }
    assert (np.linalg.eigvalsh(np.array(multivariate["covariance"])) > 0).all()
    assert 0.0 <= distribution["training_rows_flagged"] <= 2 * multivariate["tail"]


def test_a_600_word_response_is_flagged_naming_word_count(
    trained: Settings, ordinary: pd.DataFrame, scoring_models: ScoringModels
) -> None:
    # the generator's talkative grade-8 children say up to about 300 words, as real children do in a retelling
    assert _registry(trained)["distribution"]["ranges"]["word_count"]["high"] < 600
    words = (" ".join(ordinary["text"]).split() * 10)[:600]  # the generator's own words, run on
    session = ordinary.iloc[0]
    sessions = pd.DataFrame([session, session.copy()]).reset_index(drop=True)
    sessions.loc[1, "text"] = " ".join(words)
    flags = score_sessions(sessions, scoring_models)
    assert flags["in_distribution"].tolist() == [True, False]
    assert flags["out_of_distribution"][0] == [] and "word_count" in flags["out_of_distribution"][1]


@pytest.mark.parametrize(
    ("signal", "value"),
    [("retry_count", 400), ("time_on_task_s", 100_000.0), ("hint_requests", 250), ("calm_down_actions", 90)],
)
def test_telemetry_far_outside_the_simulated_range_is_flagged_naming_it(
    ordinary: pd.DataFrame, scoring_models: ScoringModels, signal: str, value: float
) -> None:
    sessions = ordinary.iloc[:3].assign(**{signal: value})
    flags = score_sessions(sessions, scoring_models)
    assert not flags["in_distribution"].any()
    assert all(signal in names for names in flags["out_of_distribution"])


def test_a_missing_input_never_flags_a_session(ordinary: pd.DataFrame, scoring_models: ScoringModels) -> None:
    """Ordinary sessions stay in distribution without their game log, or with only some of its signals,
    and scores still come: a missing input is normal."""
    no_log = ordinary.drop(columns=list(TELEMETRY_COLUMNS))
    some = ordinary.drop(columns=list(TELEMETRY_COLUMNS[4:])).assign(retry_count=np.nan)
    for sessions in (no_log, some):
        scored = score_sessions(sessions, scoring_models)
        assert scored["in_distribution"].all(), scored.loc[~scored["in_distribution"], "out_of_distribution"].tolist()
        assert scored.filter(like="_score").notna().all().all()


def test_each_session_is_flagged_alone(held_out: pd.DataFrame, scoring_models: ScoringModels) -> None:
    """A session's flags depend on it alone, whatever it is scored with (micro-batching mixes requests)."""
    sessions = held_out.iloc[:6].copy()
    sessions.loc[1, "retry_count"] = 400
    sessions.loc[[2, 4], list(TELEMETRY_COLUMNS)] = np.nan
    together = score_sessions(sessions, scoring_models)
    for position in range(len(sessions)):
        alone = score_sessions(sessions.iloc[[position]], scoring_models)
        assert alone["in_distribution"].iloc[0] == together["in_distribution"].iloc[position]
        assert alone["out_of_distribution"].iloc[0] == together["out_of_distribution"].iloc[position]


# --- the record itself, on small tables --------------------------------------------------------


def _table(rows: int, seed: int = 0) -> tuple[pd.DataFrame, np.ndarray]:
    """Two correlated text features and a telemetry signal, with 10 groups."""
    rng = np.random.default_rng(seed)
    words = rng.normal(80, 20, rows)
    sentences = words / 15 + rng.normal(0, 0.3, rows)
    retries = rng.poisson(3, rows).astype(float)
    frame = pd.DataFrame({"word_count": words, "sentence_count": sentences, "retry_count": retries})
    return frame, np.arange(rows) % 10


def _distribution(frame: pd.DataFrame, groups: np.ndarray, tail: float = 0.005) -> dict:
    return training_distribution(frame, groups, margin=0.25, range_tail=0.001, tail=tail, folds=5, seed=1)


def test_an_unusual_combination_alone_is_named_multivariate() -> None:
    frame, groups = _table(600)
    distribution = TrainingDistribution.from_record(_distribution(frame, groups))
    # each value inside its range, but many words in one short sentence: unlike every training row
    odd = pd.DataFrame({"word_count": [125.0, 80.0], "sentence_count": [1.0, 80 / 15], "retry_count": [3.0, 3.0]})
    flags = distribution.flags(odd)
    assert flags["out_of_distribution"].tolist() == [[MULTIVARIATE], []]
    assert flags["in_distribution"].tolist() == [False, True]


def test_the_multivariate_threshold_flags_the_configured_tail_of_new_rows() -> None:
    frame, groups = _table(2000)
    distribution = TrainingDistribution.from_record(_distribution(frame, groups, tail=0.01))
    fresh, _ = _table(4000, seed=1)
    share = flag_summary(distribution.flags(fresh))["share"]
    assert 0.002 < share < 0.03  # about the 1% asked for (the ranges add a little)


def test_a_feature_without_training_values_or_a_session_without_features_never_flags() -> None:
    frame, groups = _table(300)
    frame["pause_count"] = np.nan  # a signal no training row had
    record = _distribution(frame, groups)
    assert record["ranges"]["pause_count"] == {"rows": 0}
    assert "pause_count" not in record["multivariate"]["features"]
    distribution = TrainingDistribution.from_record(record)
    sessions = pd.DataFrame(
        {
            "word_count": [np.nan, 80.0],
            "sentence_count": [np.nan, 5.3],
            "retry_count": [np.nan, np.nan],
            "pause_count": [np.nan, 1e6],
        }
    )
    assert distribution.flags(sessions)["in_distribution"].tolist() == [True, True]


def test_the_record_is_plain_json_and_the_same_every_time() -> None:
    frame, groups = _table(500)
    first, again = _distribution(frame, groups), _distribution(frame, groups)
    assert json.dumps(first, sort_keys=True) == json.dumps(again, sort_keys=True)
    read_back = TrainingDistribution.from_record(json.loads(json.dumps(first)))
    probe = pd.concat([frame.iloc[:50], frame.iloc[:5] * 3])
    pd.testing.assert_frame_equal(read_back.flags(probe), TrainingDistribution.from_record(first).flags(probe))


def test_too_few_complete_rows_leave_only_the_ranges() -> None:
    frame, groups = _table(5)
    frame.loc[1:, "retry_count"] = np.nan  # most rows lack it: it stays out of the multivariate score
    frame.loc[[3, 4], "word_count"] = np.nan  # 3 rows of 5 have each of these, but only one row has both
    frame.loc[[1, 2], "sentence_count"] = np.nan
    record = _distribution(frame, groups)
    assert record["multivariate"] is None and record["ranges"]["word_count"]["rows"] == 3


def test_a_registry_without_a_distribution_is_refused_in_one_line() -> None:
    with pytest.raises(
        SkillsynthError, match=r"^models/model_registry.json: records no training distribution .*dvc repro train`$"
    ):
        read_distribution(None, "models/model_registry.json")
    with pytest.raises(SkillsynthError, match="not features this skillsynth computes"):
        read_distribution({"features": ["shoe_size"]}, "models/model_registry.json")
