"""The training design: grouped held-out parts of synthetic and real rows, and the real rows' weight share."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from test_real_data import real_like

from skillsynth.contract import SKILLS
from skillsynth.errors import SkillsynthError
from skillsynth.model.design import REAL, SYNTHETIC, build_design, mixing_weights


def synthetic_like(rows: int = 200, unseen_every: int = 0) -> pd.DataFrame:
    table = real_like(rows, seed=1).assign(source="template", wording="seen")
    table["sample_id"] = [f"s{i:06d}" for i in range(rows)]
    # 5 scenarios per skill, each a group of several rows
    table["template_id"] = [f"{skill}-{(i // 4) % 5}" for i, skill in enumerate(table["skill"])]
    if unseen_every:
        table.loc[table.index % unseen_every == 0, "wording"] = "unseen"
    return table


@pytest.mark.parametrize("real_fraction", [0.1, 0.5, 0.9])
def test_real_rows_carry_their_share_of_weight(real_fraction: float) -> None:
    origin = np.array([SYNTHETIC] * 90 + [REAL] * 10)
    weights = mixing_weights(origin, real_fraction)
    assert weights.mean() == pytest.approx(1.0)
    assert weights[origin == REAL].sum() / weights.sum() == pytest.approx(real_fraction)


def test_without_real_rows_every_weight_is_one() -> None:
    assert (mixing_weights(np.array([SYNTHETIC] * 5), 0.7) == 1.0).all()


def test_groups_never_straddle_train_and_test() -> None:
    synthetic, real = synthetic_like(), real_like(40)
    design = build_design(synthetic, real, 0.25, 3, 0.5)
    assert design.has_real
    train_groups = set(design.groups)
    assert not train_groups & {f"{SYNTHETIC}:{g}" for g in design.test["template_id"]}
    assert not train_groups & {f"{REAL}:{g}" for g in design.real_test["template_id"]}
    assert len(design.train) + len(design.test) + len(design.real_test) == len(synthetic) + len(real)
    assert set(design.test.index) <= set(synthetic.index)  # positions kept, to line up with the truth


def test_every_skill_holds_out_its_share_of_scenarios() -> None:
    design = build_design(synthetic_like(400), real_like(0), 0.2, 5, 0.5)
    for skill in SKILLS:
        held_out = design.test.loc[design.test["skill"] == skill, "template_id"].nunique()
        trained = design.train.loc[design.train["skill"] == skill, "template_id"].nunique()
        assert (held_out, trained) == (1, 4)


def test_unseen_wording_rows_are_only_ever_held_out() -> None:
    synthetic = synthetic_like(400, unseen_every=7)
    design = build_design(synthetic, real_like(0), 0.2, 5, 0.5)
    unseen = synthetic.index[synthetic["wording"] == "unseen"]
    assert list(design.unseen_test.index) == list(unseen)
    assert set(design.train["wording"]) == set(design.test["wording"]) == {"seen"}
    assert len(design.train) + len(design.test) + len(design.unseen_test) == len(synthetic)


def test_a_skill_with_one_scenario_cannot_be_split() -> None:
    synthetic = synthetic_like().assign(template_id=lambda t: t["skill"])
    with pytest.raises(SkillsynthError, match="stratum 'empathy' has 1 group"):
        build_design(synthetic, real_like(0), 0.2, 1, 0.5)


def test_shares_of_zero_and_one_drop_an_origin_from_training() -> None:
    synthetic, real = synthetic_like(), real_like(40)
    only_synthetic = build_design(synthetic, real, 0.25, 3, 0.0)
    only_real = build_design(synthetic, real, 0.25, 3, 1.0)
    assert set(only_synthetic.train["origin"]) == {SYNTHETIC} and not only_synthetic.real_test.empty
    assert set(only_real.train["origin"]) == {REAL} and (only_real.weights == 1.0).all()


def test_real_rows_need_two_groups_to_hold_some_out() -> None:
    with pytest.raises(SkillsynthError, match="pilot.csv: template_id has 1 distinct value"):
        build_design(synthetic_like(), real_like(8).assign(template_id="one"), 0.2, 1, 0.5, "pilot.csv")
