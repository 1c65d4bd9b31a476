"""The tables behind `dvc plots show`, one per plot, each row naming its skill where panels are per skill."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import numpy as np
import pandas as pd
import xgboost as xgb

from skillsynth.contract import FEATURE_COLUMNS, score_column

DIGITS = 6


def pred_vs_actual_table(test: pd.DataFrame, actual: np.ndarray, predicted: np.ndarray) -> pd.DataFrame:
    """Held-out rows: predicted against rated score, with grade and level for tooltips."""
    return pd.DataFrame(
        {
            "sample_id": test["sample_id"].to_numpy(),
            "grade": test["grade"].to_numpy(),
            "level": test["level"].to_numpy(),
            "actual": actual.round(DIGITS),
            "predicted": predicted.round(DIGITS),
        }
    )


def pred_vs_actual_by_skill(tables: Mapping[str, pd.DataFrame]) -> pd.DataFrame:
    """Every skill's held-out rows in one table, each row naming its skill (one plot panel per skill)."""
    return pd.concat([table.assign(skill=skill) for skill, table in tables.items()], ignore_index=True).loc[
        :, ["skill", "sample_id", "grade", "level", "actual", "predicted"]
    ]


def residuals_table(skill: str, test: pd.DataFrame, actual: np.ndarray, predicted: np.ndarray) -> pd.DataFrame:
    """Held-out residuals (predicted - rated) by grade: does the model work as well for every grade?"""
    return pd.DataFrame(
        {
            "skill": skill,
            "sample_id": test["sample_id"].to_numpy(),
            "grade": test["grade"].to_numpy(),
            "residual": (predicted - actual).round(DIGITS),
        }
    )


def importance_table(skill: str, booster: xgb.XGBRegressor) -> pd.DataFrame:
    """Each feature's share of the model's total gain (0 for features no split used), largest first."""
    gain = booster.get_booster().get_score(importance_type="total_gain")
    values = np.array([gain.get(name, 0.0) for name in FEATURE_COLUMNS])
    shares = values / values.sum() if values.sum() > 0 else values
    table = pd.DataFrame({"skill": skill, "feature": list(FEATURE_COLUMNS), "importance": shares.round(DIGITS)})
    return table.sort_values(["importance", "feature"], ascending=[False, True], kind="stable", ignore_index=True)


def score_by_level_table(frame: pd.DataFrame, skill: str) -> pd.DataFrame:
    """Rated scores of ``skill`` on the samples whose prompt targeted it, with their level."""
    targeted = frame[frame["skill"] == skill]
    return pd.DataFrame(
        {
            "skill": skill,
            "sample_id": targeted["sample_id"].to_numpy(),
            "level": targeted["level"].to_numpy(),
            "score": targeted[score_column(skill)].to_numpy().round(DIGITS),
        }
    )


def learning_curve_table(sizes: Sequence[int], r2_by_skill: Mapping[str, Sequence[float]]) -> pd.DataFrame:
    """Held-out R² of each skill (a column each) against the number of training rows."""
    return pd.DataFrame({"train_rows": list(sizes), **{skill: list(v) for skill, v in r2_by_skill.items()}})
