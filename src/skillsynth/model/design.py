"""Which rows train and which are held out: grouped splits of the synthetic and real tables, and mixing weights."""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from skillsynth.contract import GROUP, WORDINGS, score_column
from skillsynth.errors import SkillsynthError
from skillsynth.model.dropout import DROPPED, draw_dropped_inputs
from skillsynth.model.registry import SplitRecord
from skillsynth.model.split import group_split
from skillsynth.rng import stage_rng

SYNTHETIC, REAL = "synthetic", "real"
UNSEEN = WORDINGS[1]


@dataclass(frozen=True)
class InputDropout:
    """Shares of training rows whose telemetry, or text features, are hidden (``model.*_dropout``)."""

    telemetry: float = 0.0
    text: float = 0.0


@dataclass(frozen=True)
class TrainingDesign:
    """The training pool with its weights and CV groups, and the held-out parts it never sees."""

    train: pd.DataFrame  # synthetic training rows, then real ones; column ``origin`` says which
    weights: np.ndarray  # one per training row, mean 1
    groups: np.ndarray  # origin-qualified template_id of each training row, for grouped K-fold
    test: pd.DataFrame  # synthetic held-out rows (index = row position in the synthetic table)
    real_test: pd.DataFrame  # real held-out rows; empty without real data
    real_fraction: float = 0.0  # the real rows' share of the training weight (of each skill's rated rows)
    # the synthetic training part, whatever its weight
    synthetic_train: pd.DataFrame = field(default_factory=pd.DataFrame)
    real_train: pd.DataFrame = field(default_factory=pd.DataFrame)  # the real training part, whatever its weight
    # synthetic rows in held-out wording; always held out
    unseen_test: pd.DataFrame = field(default_factory=pd.DataFrame)

    @property
    def has_real(self) -> bool:
        """Whether real samples take part (always held out in part, whatever ``real_fraction``)."""
        return not self.real_test.empty

    def rated(self, skill: str) -> np.ndarray:
        """Positions of the training rows that have a ``skill`` score (real rows may lack one)."""
        return np.flatnonzero(self.train[score_column(skill)].notna().to_numpy())

    def skill_weights(self, skill: str) -> np.ndarray:
        """Weights of the ``rated(skill)`` rows: the real ones carry ``real_fraction`` of them; mean 1."""
        origin = self.train["origin"].to_numpy()[self.rated(skill)]
        return normalised(mixing_weights(origin, self.real_fraction))


def normalised(weights: np.ndarray) -> np.ndarray:
    """``weights`` scaled to mean 1, so ``min_child_weight`` keeps its meaning."""
    return weights / weights.mean() if len(weights) else weights


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
    """The real sessions' own train and held-out parts, grouped by ``group_id`` (classroom, student or session)."""
    if real.empty:
        return real, real
    groups = real[GROUP.name].nunique()
    if groups < 2:
        raise SkillsynthError(
            f"{source}: {GROUP.name} has {groups} distinct value(s); expected at least 2 groups so "
            "some real sessions can be held out"
        )
    train_rows, test_rows = group_split(real[GROUP.name], test_size, seed)
    return real.iloc[train_rows], real.iloc[test_rows]


def _with_dropout(part: pd.DataFrame, origin: str, dropout: InputDropout, seed: int) -> pd.DataFrame:
    """A training part with its origin and the inputs each row hides in training, drawn per origin from the seed."""
    rng = stage_rng(seed, f"train.dropout.{origin}")
    return part.assign(origin=origin, **{DROPPED: draw_dropped_inputs(part, dropout.telemetry, dropout.text, rng)})


def split_groups(pool: pd.DataFrame) -> np.ndarray:
    """The origin-qualified group of each training row, for grouped K-fold: template (synthetic) or group_id (real)."""
    origin = pool["origin"].to_numpy().astype(object)
    group = np.empty(len(pool), dtype=object)
    for name, column in ((SYNTHETIC, "template_id"), (REAL, GROUP.name)):
        rows = origin == name
        if rows.any():
            group[rows] = pool.loc[rows, column].astype(str).to_numpy()
    return origin + ":" + group


def build_design(
    synthetic: pd.DataFrame,
    real: pd.DataFrame,
    test_size: float,
    seed: int,
    real_fraction: float,
    real_source: str = "real data",
    dropout: InputDropout = InputDropout(),
) -> TrainingDesign:
    """Split both tables by group, pool the training parts, weight them, and draw the inputs each hides.

    Synthetic rows are split by ``template_id`` (skill and scenario), the same share of each skill's
    scenarios held out; rows said in held-out wording (``wording`` unseen) never train and form a
    test part of their own. Rows whose weight is 0 (``real_fraction`` 0 or 1) leave the pool, so
    they cost nothing; both training parts stay in the design whole, for the transfer figures.
    """
    unseen = (synthetic["wording"] == UNSEEN).to_numpy()
    seen = synthetic.loc[~unseen]
    train_rows, test_rows = group_split(seen["template_id"], test_size, seed, strata=seen["skill"])
    real_train, real_test = split_real(real, test_size, seed, real_source)
    synthetic_train = _with_dropout(seen.iloc[train_rows], SYNTHETIC, dropout, seed)
    real_train = _with_dropout(real_train, REAL, dropout, seed) if not real_train.empty else real_train
    pool = pd.concat([part for part in (synthetic_train, real_train) if not part.empty], ignore_index=True)
    weights = mixing_weights(pool["origin"].to_numpy(), real_fraction)
    kept = weights > 0
    pool, weights = pool.loc[kept].reset_index(drop=True), normalised(weights[kept])
    return TrainingDesign(
        pool,
        weights,
        split_groups(pool),
        seen.iloc[test_rows],
        real_test,
        real_fraction,
        synthetic_train,
        real_train,
        synthetic.loc[unseen],
    )


def design_for(
    split: SplitRecord, synthetic: pd.DataFrame, real: pd.DataFrame, real_source: str = "real data"
) -> TrainingDesign:
    """The design ``split`` describes: the one `train` builds from its settings and records in the registry,
    and every later stage rebuilds from that record, so none drifts from it."""
    dropout = InputDropout(split.telemetry_dropout, split.text_dropout)
    return build_design(synthetic, real, split.test_size, split.seed, split.real_fraction, real_source, dropout)
