"""The training design: grouped held-out parts of synthetic and real rows, and the real rows' weight share."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from test_real_data import real_like

from skillsynth.errors import SkillsynthError
from skillsynth.model.design import REAL, SYNTHETIC, build_design, mixing_weights


def synthetic_like(rows: int = 200) -> pd.DataFrame:
    table = real_like(rows, seed=1).assign(source="template")
    table["sample_id"] = [f"s{i:06d}" for i in range(rows)]
    table["template_id"] = [f"empathy-{i // 2}" for i in range(rows)]  # pairs of near-duplicates
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


def test_shares_of_zero_and_one_drop_an_origin_from_training() -> None:
    synthetic, real = synthetic_like(), real_like(40)
    only_synthetic = build_design(synthetic, real, 0.25, 3, 0.0)
    only_real = build_design(synthetic, real, 0.25, 3, 1.0)
    assert set(only_synthetic.train["origin"]) == {SYNTHETIC} and not only_synthetic.real_test.empty
    assert set(only_real.train["origin"]) == {REAL} and (only_real.weights == 1.0).all()


def test_real_rows_need_two_groups_to_hold_some_out() -> None:
    with pytest.raises(SkillsynthError, match="pilot.csv: template_id has 1 distinct value"):
        build_design(synthetic_like(), real_like(8).assign(template_id="one"), 0.2, 1, 0.5, "pilot.csv")
