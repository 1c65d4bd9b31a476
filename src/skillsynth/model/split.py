"""The held-out split, grouped by template so near-duplicate texts never sit on both sides."""

from __future__ import annotations

import numpy as np
import pandas as pd
from sklearn.model_selection import GroupShuffleSplit


def group_split(groups: pd.Series, test_size: float, seed: int) -> tuple[np.ndarray, np.ndarray]:
    """Row positions of the train and test parts; every group falls wholly on one side."""
    splitter = GroupShuffleSplit(n_splits=1, test_size=test_size, random_state=seed)
    train_rows, test_rows = next(splitter.split(np.zeros(len(groups)), groups=groups.to_numpy()))
    return np.sort(train_rows), np.sort(test_rows)
