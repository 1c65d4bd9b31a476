"""The per-skill telemetry composites: fixed definitions computed from the 9 game signals, at training and inference."""

from __future__ import annotations

import pandas as pd

from skillsynth.contract import DERIVED_COLUMNS, SKILLS, composite_column


def _saturating(count: pd.Series, half: float) -> pd.Series:
    """Map a count onto [0, 1): ``half`` events give 0.5."""
    return count / (count + half)


def derived_composites(telemetry: pd.DataFrame) -> pd.DataFrame:
    """The 4 per-skill composites, each in [0, 1], computed from the 9 telemetry signals only.

    These are fixed definitions (not tuned): the same function scores new sessions at inference.
    """
    composites = {
        "empathy": _saturating(telemetry["peer_help_count"], 2.0),
        "problem_solving": 0.6 * telemetry["task_completion_rate"]
        + 0.4 * (1.0 - _saturating(telemetry["hint_requests"], 3.0)),
        "self_regulation": 0.5 * _saturating(telemetry["pause_count"], 3.0)
        + 0.5 * _saturating(telemetry["calm_down_actions"], 2.0),
        "resilience": 0.4 * telemetry["persistence_after_failure"]
        + 0.3 * telemetry["error_recovery_rate"]
        + 0.3 * _saturating(telemetry["retry_count"], 3.0),
    }
    frame = pd.DataFrame({composite_column(s): composites[s].astype("float64") for s in SKILLS})
    return frame[list(DERIVED_COLUMNS)]
