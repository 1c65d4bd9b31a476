"""Three of the four quality suites — responses, features, training — built from the data contract and
`quality.*`; the fourth, real, lives in ``real_suite.py``."""

from __future__ import annotations

from collections.abc import Collection, Sequence
from dataclasses import dataclass
from itertools import product

import great_expectations as gx
from great_expectations.expectations.expectation import Expectation
from great_expectations.expectations.row_conditions import Column as Where

from skillsynth.config import Quality
from skillsynth.contract import COLUMNS, LEVELS, SKILLS, composite_column, score_column
from skillsynth.quality.catalog import SUITE_CHECKS, SUITE_COLUMNS
from skillsynth.quality.expectations import (
    ExpectColumnMeansToBeOrderedByGroup,
    ExpectTableCellCountsToBeBalanced,
)


@dataclass(frozen=True)
class Design:
    """What the synthetic design promises: the configured skills, grades and exact row count."""

    skills: Sequence[str]
    grades: Sequence[int]
    count: int


def _completeness(columns: Collection[str], present: Collection[str]) -> list[Expectation]:
    checks: list[Expectation] = [
        gx.expectations.ExpectTableColumnsToMatchSet(column_set=list(columns), exact_match=False)
    ]
    checks += [gx.expectations.ExpectColumnValuesToNotBeNull(column=c) for c in columns if c in present]
    if "text" in columns and "text" in present:
        checks.append(gx.expectations.ExpectColumnValuesToMatchRegex(column="text", regex=r"\S"))
    if "sample_id" in present:
        checks.append(gx.expectations.ExpectColumnValuesToBeUnique(column="sample_id"))
    return checks


def _ranges(columns: Collection[str], present: Collection[str]) -> list[Expectation]:
    checks: list[Expectation] = []
    for name in (c for c in columns if c in present):
        column = COLUMNS[name]
        if column.allowed is not None:
            checks.append(gx.expectations.ExpectColumnValuesToBeInSet(column=name, value_set=list(column.allowed)))
        elif column.minimum is not None or column.maximum is not None:
            checks.append(
                gx.expectations.ExpectColumnValuesToBeBetween(
                    column=name, min_value=column.minimum, max_value=column.maximum
                )
            )
    return checks


def _balance(design: Design) -> list[Expectation]:
    cells = [list(cell) for cell in product(design.skills, LEVELS, design.grades)]
    return [
        gx.expectations.ExpectTableRowCountToEqual(value=design.count),
        ExpectTableCellCountsToBeBalanced(columns=["skill", "level", "grade"], cells=cells, max_spread=1),
    ]


def _separation(columns: Collection[str], quality: Quality, skills: Sequence[str]) -> list[Expectation]:
    checks: list[Expectation] = []
    for skill in skills:
        target = Where("skill") == skill
        score = score_column(skill)
        if score in columns:
            checks.append(
                ExpectColumnMeansToBeOrderedByGroup(
                    column=score,
                    group_column="level",
                    order=list(LEVELS),
                    min_gap=quality.score_min_gap,
                    row_condition=target,
                )
            )
            for level in LEVELS:
                low, high = quality.score_bands[level]
                checks.append(
                    gx.expectations.ExpectColumnMeanToBeBetween(
                        column=score,
                        min_value=low,
                        max_value=high,
                        row_condition=target & (Where("level") == level),
                    )
                )
        if composite_column(skill) in columns:
            checks.append(
                ExpectColumnMeansToBeOrderedByGroup(
                    column=composite_column(skill),
                    group_column="level",
                    order=list(LEVELS),
                    min_gap=quality.behavior_min_gap,
                    row_condition=target,
                )
            )
    return checks


def separation_too_small(design: Design, quality: Quality) -> str | None:
    """Why the level-separation checks cannot judge this design, or None when they can.

    Group means of a handful of rows are noise: a 24-sample run has two rows per skill x level,
    and its means order themselves by chance. Below ``quality.min_rows_per_level`` rows per
    skill x level the separation checks are left out (and the report says so).
    """
    per_level = design.count / (len(design.skills) * len(LEVELS))
    if per_level >= quality.min_rows_per_level:
        return None
    return (
        f"separation checks skipped: {per_level:.1f} rows per skill x level "
        f"< quality.min_rows_per_level ({quality.min_rows_per_level})"
    )


def suite_expectations(
    suite: str,
    present: Collection[str],
    quality: Quality,
    design: Design,
    skip: Collection[str] = (),
) -> list[Expectation]:
    """Every expectation of ``suite`` for a table with columns ``present``.

    Columns the suite needs but the table lacks are caught once, by the column-set expectation;
    per-column checks run only on columns that exist, so one missing column is one failure.
    """
    columns = SUITE_COLUMNS[suite]
    families = [family for family in SUITE_CHECKS[suite] if family not in skip]
    expectations: list[Expectation] = []
    if "completeness" in families:
        expectations += _completeness(columns, present)
    if "ranges" in families:
        expectations += _ranges(columns, present)
    can_group = {"skill", "level", "grade"} <= set(present)
    if "balance" in families and can_group:
        expectations += _balance(design)
    if "separation" in families and can_group:
        targeted = [skill for skill in design.skills if skill in SKILLS]
        expectations += _separation([c for c in columns if c in present], quality, targeted)
    return expectations
