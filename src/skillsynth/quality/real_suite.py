"""The `real` suite: the real-file rules (real/rules.py) as Great Expectations checks, family by family."""

from __future__ import annotations

from collections.abc import Collection

import great_expectations as gx
from great_expectations.expectations.expectation import Expectation

from skillsynth.contract import LABEL_COLUMNS, REAL_FILE_REQUIRED, REAL_ID_COLUMNS
from skillsynth.quality.real_expectations import (
    ExpectColumnValuesToAgreeWithinGroups,
    ExpectColumnValuesToBeNumbers,
    ExpectTableToHaveOneOfColumns,
)
from skillsynth.real.rules import INTEGER_KIND, TEXT_KIND, RealFileRules


def _completeness(rules: RealFileRules) -> list[Expectation]:
    checks: list[Expectation] = [
        ExpectTableToHaveOneOfColumns(columns=list(REAL_ID_COLUMNS)),
        gx.expectations.ExpectTableColumnsToMatchSet(column_set=list(REAL_FILE_REQUIRED), exact_match=False),
        ExpectTableToHaveOneOfColumns(columns=list(LABEL_COLUMNS)),
        gx.expectations.ExpectTableRowCountToBeBetween(min_value=1),
    ]
    for rule in rules.columns:
        if not rule.nullable:
            checks.append(gx.expectations.ExpectColumnValuesToNotBeNull(column=rule.name))
        if rule.kind == TEXT_KIND:
            checks.append(gx.expectations.ExpectColumnValuesToMatchRegex(column=rule.name, regex=r"\S"))
    if len(rules.key) == 1:
        checks.append(gx.expectations.ExpectColumnValuesToBeUnique(column=rules.key[0]))
    elif rules.key:
        checks.append(gx.expectations.ExpectCompoundColumnsToBeUnique(column_list=list(rules.key)))
    if rules.id_column is not None:  # else per_session is empty
        checks += [
            ExpectColumnValuesToAgreeWithinGroups(column=name, group_column=rules.id_column)
            for name in rules.per_session
        ]
    return checks


def _ranges(rules: RealFileRules, numeric: Collection[str]) -> list[Expectation]:
    """Numbers, then their range and allowed set; a column holding text that is not a number fails
    the number check alone (a range cannot be judged on it)."""
    checks: list[Expectation] = []
    for rule in (r for r in rules.columns if r.kind != TEXT_KIND):
        checks.append(ExpectColumnValuesToBeNumbers(column=rule.name, whole=rule.kind == INTEGER_KIND))
        if rule.name not in numeric:
            continue
        if rule.allowed is not None:
            checks.append(gx.expectations.ExpectColumnValuesToBeInSet(column=rule.name, value_set=list(rule.allowed)))
        elif rule.minimum is not None or rule.maximum is not None:
            checks.append(
                gx.expectations.ExpectColumnValuesToBeBetween(
                    column=rule.name, min_value=rule.minimum, max_value=rule.maximum
                )
            )
    return checks


def real_suite_expectations(
    rules: RealFileRules, numeric: Collection[str], skip: Collection[str] = ()
) -> list[Expectation]:
    """Every expectation of the `real` suite for a file with ``rules``; ``numeric``: its columns read as numbers."""
    expectations: list[Expectation] = []
    if "completeness" not in skip:
        expectations += _completeness(rules)
    if "ranges" not in skip:
        expectations += _ranges(rules, numeric)
    return expectations
