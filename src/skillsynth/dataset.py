"""The training table: every stage's columns joined one row per sample, in contract order."""

from __future__ import annotations

import pandas as pd

from skillsynth.contract import COLUMNS, PANDAS_DTYPES, TRAINING_COLUMNS
from skillsynth.errors import SkillsynthError


def assemble_training_table(parts: dict[str, pd.DataFrame]) -> pd.DataFrame:
    """Join named stage outputs on ``sample_id``; each must cover exactly the same samples."""
    names = list(parts)
    first = parts[names[0]]
    reference = set(first["sample_id"])
    table = first
    for name in names[1:]:
        part = parts[name]
        ids = set(part["sample_id"])
        if ids != reference or part["sample_id"].duplicated().any():
            only_here = sorted(ids - reference)[:3]
            missing = sorted(reference - ids)[:3]
            raise SkillsynthError(
                f"{name}: sample_id does not match {names[0]} one-to-one "
                f"(extra {only_here}, missing {missing}); rerun the stages upstream of assemble"
            )
        overlap = [c for c in part.columns if c in table.columns and c != "sample_id"]
        table = table.merge(part.drop(columns=overlap), on="sample_id", how="left", validate="one_to_one")
    missing_columns = [c for c in TRAINING_COLUMNS if c not in table.columns]
    if missing_columns:
        raise SkillsynthError(f"training table: missing column(s) {missing_columns} from the stage outputs")
    table = table.loc[:, list(TRAINING_COLUMNS)]
    return table.astype({c: PANDAS_DTYPES[COLUMNS[c].dtype] for c in TRAINING_COLUMNS if COLUMNS[c].dtype != "str"})
