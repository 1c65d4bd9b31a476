"""Simulated students: exact balance and latent skills that follow the design."""

from __future__ import annotations

import numpy as np
import pytest

from skillsynth.contract import LEVELS, SKILLS, TRUE_COLUMNS, true_column
from skillsynth.generate.students import balanced_design, draw_students

GRADES = list(range(2, 9))
MEANS = {"high": 0.9, "medium": 0.0, "developing": -0.9}


@pytest.mark.parametrize("count", [1, 2, 5, 83, 84, 85, 100, 130, 1000, 2000, 2017])
def test_design_is_exact_and_balanced(count: int) -> None:
    design = balanced_design(count, SKILLS, GRADES)
    assert len(design) == count
    cells = (
        design.groupby(["skill", "level", "grade"])
        .size()
        .reindex([(s, lv, g) for s in SKILLS for lv in LEVELS for g in GRADES], fill_value=0)
    )
    assert cells.max() - cells.min() <= 1
    for margin in ("skill", "level", "grade"):
        sizes = design[margin].value_counts()
        assert sizes.max() - sizes.min() <= 1, margin


def test_students_are_deterministic_and_ids_unique() -> None:
    first = draw_students(500, SKILLS, GRADES, MEANS, 0.45, 0.35, seed=7)
    again = draw_students(500, SKILLS, GRADES, MEANS, 0.45, 0.35, seed=7)
    other = draw_students(500, SKILLS, GRADES, MEANS, 0.45, 0.35, seed=8)
    assert first.equals(again)
    assert not first[list(TRUE_COLUMNS)].equals(other[list(TRUE_COLUMNS)])
    assert first["sample_id"].is_unique


def test_latent_skills_follow_level_and_correlate() -> None:
    students = draw_students(6000, SKILLS, GRADES, MEANS, 0.45, 0.35, seed=1)
    truth = students[list(TRUE_COLUMNS)].to_numpy()
    assert ((truth > 0) & (truth < 1)).all()
    target = students.apply(lambda row: row[true_column(row["skill"])], axis=1)
    by_level = target.groupby(students["level"]).mean()
    assert by_level["high"] > by_level["medium"] + 0.15 > by_level["developing"] + 0.3
    correlation = np.corrcoef(truth, rowvar=False)
    off_diagonal = correlation[~np.eye(4, dtype=bool)]
    assert (off_diagonal > 0.2).all()


def test_only_configured_skills_and_grades_appear() -> None:
    students = draw_students(90, ["empathy"], [3, 4], MEANS, 0.45, 0.0, seed=2)
    assert set(students["skill"]) == {"empathy"}
    assert set(students["grade"]) == {3, 4}
