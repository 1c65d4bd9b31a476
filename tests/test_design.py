"""The training design: grouped held-out parts of synthetic and real rows, weight shares, and dropped inputs."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from skillsynth.contract import (
    BEHAVIORAL_COLUMNS,
    FEATURE_COLUMNS,
    LABEL_COLUMNS,
    LEVELS,
    LINGUISTIC_COLUMNS,
    REAL_COLUMNS,
    SKILLS,
)
from skillsynth.errors import SkillsynthError
from skillsynth.model.design import REAL, SYNTHETIC, InputDropout, build_design, mixing_weights
from skillsynth.model.dropout import DROPPED, TELEMETRY, TEXT
from skillsynth.model.fitting import fit_matrix, skill_fit_job


def synthetic_like(rows: int = 200, seed: int = 1, unseen_every: int = 0) -> pd.DataFrame:
    """A training-table-like frame: ids, prompt skill, level, 5 scenario groups per skill, features and
    scores; every ``unseen_every``-th row said in held-out wording."""
    rng = np.random.default_rng(seed)
    skills = [SKILLS[i % len(SKILLS)] for i in range(rows)]
    return pd.DataFrame(
        {
            "sample_id": [f"s{i:06d}" for i in range(rows)],
            "skill": skills,
            "level": [LEVELS[i % len(LEVELS)] for i in range(rows)],
            "grade": [2 + i % 7 for i in range(rows)],
            "template_id": [f"{skill}-{(i // 4) % 5}" for i, skill in enumerate(skills)],
            "wording": ["unseen" if unseen_every and i % unseen_every == 0 else "seen" for i in range(rows)],
            **{name: rng.uniform(0, 1, rows) for name in (*FEATURE_COLUMNS, *LABEL_COLUMNS)},
        }
    )


def real_sessions_like(rows: int = 40, seed: int = 2) -> pd.DataFrame:
    """The `real` stage's table: sessions in classrooms of 4; resilience never rated, empathy on half."""
    rng = np.random.default_rng(seed)
    table = pd.DataFrame(
        {
            "sample_id": [f"pilot-{i:03d}" for i in range(rows)],
            "group_id": [f"class-{i // 4}" for i in range(rows)],
            "grade": [3 + i % 5 for i in range(rows)],
            "text": "I tried again.",
            **{name: rng.uniform(0, 1, rows) for name in (*FEATURE_COLUMNS, *LABEL_COLUMNS)},
        }
    )
    table["resilience_score"] = np.nan
    table.loc[table.index % 2 == 1, "empathy_score"] = np.nan
    return table.loc[:, list(REAL_COLUMNS)]


@pytest.mark.parametrize("real_fraction", [0.1, 0.5, 0.9])
def test_real_rows_carry_their_share_of_weight(real_fraction: float) -> None:
    origin = np.array([SYNTHETIC] * 90 + [REAL] * 10)
    weights = mixing_weights(origin, real_fraction)
    assert weights.mean() == pytest.approx(1.0)
    assert weights[origin == REAL].sum() / weights.sum() == pytest.approx(real_fraction)


def test_without_real_rows_every_weight_is_one() -> None:
    assert (mixing_weights(np.array([SYNTHETIC] * 5), 0.7) == 1.0).all()


def test_groups_never_straddle_train_and_test() -> None:
    synthetic, real = synthetic_like(), real_sessions_like()
    design = build_design(synthetic, real, 0.25, 3, 0.5)
    assert design.has_real
    train_groups = set(design.groups)
    assert not train_groups & {f"{SYNTHETIC}:{g}" for g in design.test["template_id"]}
    assert not train_groups & {f"{REAL}:{g}" for g in design.real_test["group_id"]}
    assert {f"{REAL}:{g}" for g in design.real_train["group_id"]} <= train_groups
    assert len(design.train) + len(design.test) + len(design.real_test) == len(synthetic) + len(real)
    assert set(design.test.index) <= set(synthetic.index)  # positions kept, to line up with the truth


def test_every_skill_holds_out_its_share_of_scenarios() -> None:
    design = build_design(synthetic_like(400), real_sessions_like(0), 0.2, 5, 0.5)
    for skill in SKILLS:
        held_out = design.test.loc[design.test["skill"] == skill, "template_id"].nunique()
        trained = design.train.loc[design.train["skill"] == skill, "template_id"].nunique()
        assert (held_out, trained) == (1, 4)


def test_unseen_wording_rows_are_only_ever_held_out() -> None:
    synthetic = synthetic_like(400, unseen_every=7)
    design = build_design(synthetic, real_sessions_like(0), 0.2, 5, 0.5)
    unseen = synthetic.index[synthetic["wording"] == "unseen"]
    assert list(design.unseen_test.index) == list(unseen)
    assert set(design.train["wording"]) == set(design.test["wording"]) == {"seen"}
    assert len(design.train) + len(design.test) + len(design.unseen_test) == len(synthetic)


def test_a_skill_with_one_scenario_cannot_be_split() -> None:
    synthetic = synthetic_like().assign(template_id=lambda t: t["skill"])
    with pytest.raises(SkillsynthError, match="stratum 'empathy' has 1 group"):
        build_design(synthetic, real_sessions_like(0), 0.2, 1, 0.5)


def test_shares_of_zero_and_one_drop_an_origin_from_training_but_not_from_the_design() -> None:
    synthetic, real = synthetic_like(), real_sessions_like()
    only_synthetic = build_design(synthetic, real, 0.25, 3, 0.0)
    only_real = build_design(synthetic, real, 0.25, 3, 1.0)
    assert set(only_synthetic.train["origin"]) == {SYNTHETIC} and not only_synthetic.real_test.empty
    assert set(only_real.train["origin"]) == {REAL} and (only_real.weights == 1.0).all()
    for design in (only_synthetic, only_real):
        assert len(design.real_train) + len(design.real_test) == len(real)
        assert len(design.synthetic_train) + len(design.test) == len(synthetic)


@pytest.mark.parametrize("real_fraction", [0.2, 0.6])
def test_each_skill_trains_on_its_rated_rows_with_the_real_share(real_fraction: float) -> None:
    design = build_design(synthetic_like(), real_sessions_like(), 0.25, 3, real_fraction)
    origin = design.train["origin"].to_numpy()
    for skill, real_rated in (("problem_solving", 1.0), ("empathy", 0.5), ("resilience", 0.0)):
        rows, weights = design.rated(skill), design.skill_weights(skill)
        assert len(rows) == len(weights) and weights.mean() == pytest.approx(1.0)
        assert design.train[f"{skill}_score"].iloc[rows].notna().all()
        real_rows = origin[rows] == REAL
        assert real_rows.sum() == pytest.approx(real_rated * (origin == REAL).sum(), abs=1)
        share = weights[real_rows].sum() / weights.sum()
        assert share == pytest.approx(real_fraction if real_rated else 0.0)


def test_dropped_inputs_follow_the_seed_and_the_shares() -> None:
    synthetic = synthetic_like(4000)
    dropout = InputDropout(telemetry=0.2, text=0.1)
    design = build_design(synthetic, real_sessions_like().iloc[:0], 0.25, 3, 0.5, dropout=dropout)
    again = build_design(synthetic, real_sessions_like().iloc[:0], 0.25, 3, 0.5, dropout=dropout)
    dropped = design.train[DROPPED]
    assert dropped.equals(again.train[DROPPED])
    assert (dropped == TELEMETRY).mean() == pytest.approx(0.2, abs=0.02)
    assert (dropped == TEXT).mean() == pytest.approx(0.1, abs=0.02)
    inputs = fit_matrix(design.train)
    hidden_telemetry, hidden_text = (dropped == TELEMETRY).to_numpy(), (dropped == TEXT).to_numpy()
    assert inputs.loc[hidden_telemetry, list(BEHAVIORAL_COLUMNS)].isna().all().all()
    assert inputs.loc[hidden_telemetry, list(LINGUISTIC_COLUMNS)].notna().all().all()
    assert inputs.loc[hidden_text, list(LINGUISTIC_COLUMNS)].isna().all().all()
    assert inputs.loc[~hidden_telemetry & ~hidden_text].notna().all().all()
    assert (build_design(synthetic, real_sessions_like().iloc[:0], 0.25, 3, 0.5).train[DROPPED] == "").all()


def test_a_session_without_telemetry_keeps_its_text() -> None:
    real = real_sessions_like().assign(**{name: np.nan for name in BEHAVIORAL_COLUMNS})
    design = build_design(synthetic_like(), real, 0.25, 3, 0.5, dropout=InputDropout(0.0, 0.9))
    real_rows = design.train["origin"] == REAL
    assert (design.train.loc[real_rows, DROPPED] == "").all()
    assert (design.train.loc[~real_rows, DROPPED] == TEXT).mean() > 0.8


def test_real_rows_need_two_groups_to_hold_some_out() -> None:
    with pytest.raises(SkillsynthError, match="pilot.csv: group_id has 1 distinct value"):
        build_design(synthetic_like(), real_sessions_like(8).assign(group_id="one"), 0.2, 1, 0.5, "pilot.csv")


def test_training_on_real_rows_alone_needs_every_skill_rated() -> None:
    design = build_design(synthetic_like(), real_sessions_like(), 0.25, 3, 1.0)
    assert len(skill_fit_job(design, fit_matrix(design.train), "empathy").target) == len(design.rated("empathy"))
    with pytest.raises(
        SkillsynthError, match=r"resilience_score: no training row has a score \(data.real_fraction = 1"
    ):
        skill_fit_job(design, fit_matrix(design.train), "resilience")
