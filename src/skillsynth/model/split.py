"""The held-out split: whole groups on one side, the same share of each stratum's groups held out."""

from __future__ import annotations

import numpy as np
import pandas as pd

from skillsynth.errors import SkillsynthError
from skillsynth.rng import stage_rng


def group_split(
    groups: pd.Series, test_size: float, seed: int, strata: pd.Series | None = None
) -> tuple[np.ndarray, np.ndarray]:
    """Row positions of the train and test parts; every group falls wholly on one side.

    Within each stratum (e.g. the skill a group's prompts target) ``test_size`` of its groups,
    rounded and at least one, go to the test part, so every stratum is measured. scikit-learn's
    ``GroupShuffleSplit`` draws groups from all strata at once, which with a few dozen groups can
    leave a skill out of the test part; ``StratifiedGroupKFold`` only splits into 1/k parts.
    """
    group_values = groups.astype(str).to_numpy()
    stratum_values = np.zeros(len(groups), dtype=int) if strata is None else strata.astype(str).to_numpy()
    rng = stage_rng(seed, "split")
    test_groups: list[str] = []
    for stratum in sorted(set(stratum_values.tolist())):
        members = np.unique(group_values[stratum_values == stratum])
        if len(members) < 2:
            raise SkillsynthError(
                f"split: stratum {stratum!r} has {len(members)} group(s); expected at least 2 so one can be held out"
            )
        held_out = min(max(1, round(test_size * len(members))), len(members) - 1)
        test_groups.extend(rng.permutation(members)[:held_out].tolist())
    is_test = np.isin(group_values, test_groups)
    return np.flatnonzero(~is_test), np.flatnonzero(is_test)
