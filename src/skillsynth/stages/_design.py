"""The training design a stage works on: the training table and real sessions read, split as the registry says."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from skillsynth.config import Paths
from skillsynth.contract import REAL_COLUMNS, TRAINING_COLUMNS
from skillsynth.errors import SkillsynthError
from skillsynth.files import read_table
from skillsynth.model.design import TrainingDesign, design_for
from skillsynth.model.registry import DataRecord, SplitRecord, file_sha256


@dataclass(frozen=True)
class LoadedDesign:
    """The tables a design was built from, and the design."""

    synthetic: pd.DataFrame  # the whole training table
    real: pd.DataFrame  # the real sessions (no rows without real data)
    design: TrainingDesign


def _check_unchanged(path: str, recorded: str) -> None:
    if file_sha256(path) != recorded:
        raise SkillsynthError(f"{path}: changed since the models were trained; rerun `dvc repro train`")


def load_design(paths: Paths, split: SplitRecord, trained_on: DataRecord | None = None) -> LoadedDesign:
    """Read ``paths.training_data`` and ``paths.real_data`` and split them as ``split`` says: `train` with the
    split it is about to record, `evaluate` and `behaviour` with the registry's. With ``trained_on`` (the
    registry's data record) both files must be the ones the models were trained on."""
    synthetic = read_table(paths.training_data, required=TRAINING_COLUMNS)
    real = read_table(paths.real_data, required=REAL_COLUMNS)
    if trained_on is not None:
        _check_unchanged(paths.training_data, trained_on.sha256)
        _check_unchanged(paths.real_data, trained_on.real.sha256)
    return LoadedDesign(synthetic, real, design_for(split, synthetic, real, paths.real_data))
