"""Simulated students: a balanced design over skill x level x grade, and correlated latent skills."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from itertools import product

import numpy as np
import pandas as pd
from scipy.special import ndtr

from skillsynth.contract import LEVELS, SKILLS, TRUE_COLUMNS
from skillsynth.rng import sample_blocks, stage_rng


def balanced_design(count: int, skills: Sequence[str], grades: Sequence[int]) -> pd.DataFrame:
    """Exactly ``count`` rows of (skill, level, grade); every cell's size differs by at most one.

    Leftover rows (``count`` mod cells) go one per cell, each to the cell whose skill, level and
    grade have had the fewest leftovers so far, so the margins stay as even as the cells.
    """
    cells = list(product(skills, LEVELS, grades))
    base, extra = divmod(count, len(cells))
    sizes = np.full(len(cells), base, dtype=np.int64)
    given: dict[object, int] = {}
    for _ in range(extra):
        open_cells = [i for i, size in enumerate(sizes) if size == base]
        chosen = min(open_cells, key=lambda i: sum(given.get((axis, v), 0) for axis, v in enumerate(cells[i])))
        sizes[chosen] += 1
        for axis, value in enumerate(cells[chosen]):
            given[(axis, value)] = given.get((axis, value), 0) + 1
    design = pd.DataFrame(cells, columns=["skill", "level", "grade"]).loc[np.repeat(np.arange(len(cells)), sizes)]
    return design.reset_index(drop=True)


def skill_correlation_matrix(correlation: float) -> np.ndarray:
    """The 4x4 correlation matrix of a student's latent skills (equal off-diagonal)."""
    size = len(SKILLS)
    return np.full((size, size), correlation) + np.eye(size) * (1.0 - correlation)


def latent_skills(
    skills: Sequence[str],
    levels: Sequence[str],
    level_means: Mapping[str, float],
    within_level_sd: float,
    correlation: float,
    rng: np.random.Generator,
) -> np.ndarray:
    """Latent true skills in (0, 1), shape (n, 4) in contract order.

    Drawn on the probit scale: correlated normal noise, with the target skill centred on its
    level's mean and the other skills pulled towards it by the correlation, then mapped through
    the normal CDF.
    """
    target_index = np.array([SKILLS.index(skill) for skill in skills])
    centre = np.array([level_means[level] for level in levels])
    shift = np.outer(centre, np.full(len(SKILLS), correlation))
    shift[np.arange(len(skills)), target_index] = centre
    noise = rng.multivariate_normal(
        np.zeros(len(SKILLS)), skill_correlation_matrix(correlation), size=len(skills), method="cholesky"
    )
    return ndtr(shift + within_level_sd * noise)


def draw_students(
    count: int,
    skills: Sequence[str],
    grades: Sequence[int],
    level_means: Mapping[str, float],
    within_level_sd: float,
    correlation: float,
    seed: int,
) -> pd.DataFrame:
    """One row per simulated student: sample_id, skill, level, grade and true_<skill>, shuffled."""
    design = balanced_design(count, skills, grades)
    order = stage_rng(seed, "generate.design").permutation(len(design))
    students = design.iloc[order].reset_index(drop=True)
    truth = np.empty((count, len(SKILLS)))
    for rows, rng in sample_blocks(seed, "generate.latent", count):
        block = students.iloc[rows]
        truth[rows] = latent_skills(
            block["skill"].tolist(), block["level"].tolist(), level_means, within_level_sd, correlation, rng
        )
    width = max(6, len(str(count)))
    students.insert(0, "sample_id", [f"s{index:0{width}d}" for index in range(count)])
    students["grade"] = students["grade"].astype("int64")
    students[list(TRUE_COLUMNS)] = truth
    return students
