"""Missing inputs in training: rows whose telemetry or text features are hidden, as sessions come in.

A session may arrive without a game log, or without a transcript. Hiding one input family on a
share of the training rows (``model.telemetry_dropout``, ``model.text_dropout``) teaches every
tree where a missing value goes, so such sessions score from what they have. Which rows lose what
is drawn once per table from the seed, and travels with the rows as the ``dropped_inputs`` column.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from skillsynth.contract import BEHAVIORAL_COLUMNS, LINGUISTIC_COLUMNS

DROPPED = "dropped_inputs"  # "" (none), TELEMETRY or TEXT
TELEMETRY, TEXT = "telemetry", "text"
INPUT_FAMILIES: dict[str, tuple[str, ...]] = {TELEMETRY: BEHAVIORAL_COLUMNS, TEXT: LINGUISTIC_COLUMNS}


def draw_dropped_inputs(
    frame: pd.DataFrame, telemetry_dropout: float, text_dropout: float, rng: np.random.Generator
) -> np.ndarray:
    """Which input family each row of ``frame`` hides in training: about ``telemetry_dropout`` of the
    rows their telemetry, ``text_dropout`` their text features, never both (a row whose telemetry is
    already all missing keeps its text)."""
    draw = rng.random(len(frame))
    has_telemetry = frame.loc[:, list(BEHAVIORAL_COLUMNS)].notna().any(axis=1).to_numpy()
    hide_text = (draw >= telemetry_dropout) & (draw < telemetry_dropout + text_dropout) & has_telemetry
    return np.where(draw < telemetry_dropout, TELEMETRY, np.where(hide_text, TEXT, "")).astype(object)


def hide_inputs(features: pd.DataFrame, family: str, rows: np.ndarray | None = None) -> pd.DataFrame:
    """``features`` with the ``family`` columns (TELEMETRY or TEXT) missing on ``rows`` (a mask; all rows if None)."""
    hidden = features.copy()
    hidden.loc[slice(None) if rows is None else rows, list(INPUT_FAMILIES[family])] = np.nan
    return hidden
