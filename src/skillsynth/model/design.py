"""Which rows train and which are held out: grouped splits of the synthetic and real tables, and mixing weights."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from skillsynth.contract import WORDINGS
from skillsynth.errors import SkillsynthError
from skillsynth.model.split import group_split

SYNTHETIC, REAL = "synthetic", "real"
UNSEEN = WORDINGS[1]


@dataclass(frozen=True)
class TrainingDesign:
    """The training pool with its weights and CV groups, and the held-out parts it never sees."""

    train: pd.DataFrame  # synthetic training rows, then real ones; column ``origin`` says which
    weights: np.ndarray  # one per training row, mean 1
    groups: np.ndarray  # origin-qualified template_id of each training row, for grouped K-fold
    test: pd.DataFrame  # synthetic held-out rows (index = row position in the synthetic table)
    real_test: pd.DataFrame  # real held-out rows; empty without real data
    unseen_test: pd.DataFrame  # synthetic rows said in held-out wording (always held out); may be empty

    @property
    def has_real(self) -> bool:
        """Whether real samples take part (always held out in part, whatever ``real_fraction``)."""
        return not self.real_test.empty


def mixing_weights(origin: np.ndarray, real_fraction: float) -> np.ndarray:
    """Weights giving the real rows ``real_fraction`` of the total weight; mean weight 1.

    Without real rows every weight is 1. Rows of an origin whose share is 0 get weight 0.
    """
    is_real = origin == REAL
    n_real, n_all = int(is_real.sum()), len(origin)
    if n_real == 0:
        return np.ones(n_all)
    n_synthetic = n_all - n_real
    real_weight = real_fraction * n_all / n_real
    synthetic_weight = (1.0 - real_fraction) * n_all / n_synthetic if n_synthetic else 0.0
    return np.where(is_real, real_weight, synthetic_weight)


def split_real(real: pd.DataFrame, test_size: float, seed: int, source: str) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The real rows' own grouped train and held-out parts."""
    if real.empty:
        return real, real
    groups = real["template_id"].nunique()
    if groups < 2:
        raise SkillsynthError(
            f"{source}: template_id has {groups} distinct value(s); expected at least 2 groups so "
            "some real samples can be held out"
        )
    train_rows, test_rows = group_split(real["template_id"], test_size, seed)
    return real.iloc[train_rows], real.iloc[test_rows]


def build_design(
    synthetic: pd.DataFrame,
    real: pd.DataFrame,
    test_size: float,
    seed: int,
    real_fraction: float,
    real_source: str = "real data",
) -> TrainingDesign:
    """Split both tables by group, pool the training parts, and weight them.

    Synthetic rows are split by ``template_id`` (skill and scenario), the same share of each skill's
    scenarios held out; rows said in held-out wording (``wording`` unseen) never train and form a
    test part of their own. Rows whose weight is 0 (``real_fraction`` 0 or 1) leave the pool, so
    they cost nothing.
    """
    unseen = (synthetic["wording"] == UNSEEN).to_numpy()
    seen = synthetic.loc[~unseen]
    train_rows, test_rows = group_split(seen["template_id"], test_size, seed, strata=seen["skill"])
    real_train, real_test = split_real(real, test_size, seed, real_source)
    parts = [seen.iloc[train_rows].assign(origin=SYNTHETIC)]
    if not real_train.empty:
        parts.append(real_train.assign(origin=REAL))
    pool = pd.concat(parts, ignore_index=True)
    weights = mixing_weights(pool["origin"].to_numpy(), real_fraction)
    kept = weights > 0
    pool, weights = pool.loc[kept].reset_index(drop=True), weights[kept]
    weights = weights / weights.mean()  # mean 1 again, so min_child_weight keeps its meaning
    groups = (pool["origin"] + ":" + pool["template_id"].astype(str)).to_numpy()
    return TrainingDesign(pool, weights, groups, seen.iloc[test_rows], real_test, synthetic.loc[unseen])
