"""The ceiling a model can reach under the heuristic rater, and the guard that calls a model above it leakage."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import numpy as np

from skillsynth.errors import SkillsynthError
from skillsynth.model.metrics import r2


def ceiling_r2(labels: np.ndarray, expected: np.ndarray) -> float:
    """Share of label variance explained by the latent truth: R² of E[score | true skill] against the labels.

    The heuristic rater's noise is independent of everything a model sees, so no model can beat
    this on the same rows except by chance on a handful of rows, or by leakage.
    """
    return r2(labels, expected)


def r2_vs_truth(predicted: np.ndarray, expected: np.ndarray) -> float:
    """R² of the model's predictions against E[score | true skill] (the noise-free rubric reading)."""
    return r2(expected, predicted)


def ceiling_violations(metrics: Mapping[str, Mapping[str, Any]], tolerance: float = 0.0) -> list[str]:
    """One line per skill whose held-out ``r2`` exceeds its ``ceiling_r2`` by more than ``tolerance``."""
    return [
        f"{skill}: r2 {m['r2']:.4f} > ceiling_r2 {m['ceiling_r2']:.4f}"
        for skill, m in metrics.items()
        if m.get("ceiling_r2") is not None and m["r2"] > m["ceiling_r2"] + tolerance
    ]


def check_below_ceiling(metrics: Mapping[str, Mapping[str, Any]], tolerance: float = 0.0) -> None:
    """Stop with one line if any model beats the ceiling: it must be reading the labels somehow."""
    violations = ceiling_violations(metrics, tolerance)
    if violations:
        raise SkillsynthError(
            f"held-out R² above the ceiling ({'; '.join(violations)}): a model above the ceiling means "
            "leakage of the labels into the features"
        )
