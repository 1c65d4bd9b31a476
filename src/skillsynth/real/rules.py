"""What a file of real labelled sessions must hold: one set of rules, built from the data contract.

The `real` quality gate (Great Expectations, quality/suites.py) and the `real` stage (pandas,
real/sessions.py) both read these rules, so a file passes one exactly when it passes the other.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass

from skillsynth.contract import (
    COLUMNS,
    LABEL_COLUMNS,
    RATER_COLUMN,
    REAL_FILE_REQUIRED,
    REAL_GROUP_COLUMNS,
    REAL_ID_COLUMNS,
    TELEMETRY_COLUMNS,
    TEXT,
)

TEXT_KIND, INTEGER_KIND, NUMBER_KIND = "text", "integer", "number"
NUMERIC_COLUMNS: frozenset[str] = frozenset({"grade", *TELEMETRY_COLUMNS, *LABEL_COLUMNS})
LABEL_COLUMNS_TEXT = " or ".join(f"`{name}`" for name in LABEL_COLUMNS)
ID_COLUMNS_TEXT = " or ".join(f"`{name}`" for name in REAL_ID_COLUMNS)


@dataclass(frozen=True)
class ColumnRule:
    """What every cell of one column must be."""

    name: str
    kind: str  # TEXT_KIND, INTEGER_KIND or NUMBER_KIND
    nullable: bool  # an empty cell means "not known" (telemetry not logged, skill not rated)
    minimum: float | None = None
    maximum: float | None = None
    allowed: tuple | None = None

    @property
    def range_text(self) -> str:
        """The range in words, e.g. ``a number in [1, 4]``."""
        if self.maximum is None:
            return f"a number >= {self.minimum:g}"
        if self.minimum is None:
            return f"a number <= {self.maximum:g}"
        return f"a number in [{self.minimum:g}, {self.maximum:g}]"


@dataclass(frozen=True)
class RealFileRules:
    """The rules for a file with the given columns."""

    id_column: str | None  # the first of REAL_ID_COLUMNS the file has
    group_column: str | None  # the first of REAL_GROUP_COLUMNS the file has
    rater_column: str | None  # RATER_COLUMN when the file has it
    missing: tuple[str, ...]  # required columns the file lacks (besides an id)
    score_columns: tuple[str, ...]  # the <skill>_score columns the file has
    telemetry_columns: tuple[str, ...]  # the telemetry columns the file has
    columns: tuple[ColumnRule, ...]  # a rule for every column the file has that the pipeline reads
    key: tuple[str, ...]  # these columns' values together name one row: (id,) or (id, rater)
    per_session: tuple[str, ...]  # columns one session's rows (one per rater) must agree on
    ignored: tuple[str, ...]  # columns the pipeline does not read

    @property
    def has_shape(self) -> bool:
        """Whether the file has an id, the required columns and at least one score column."""
        return self.id_column is not None and not self.missing and bool(self.score_columns)


def _contract_rule(name: str, nullable: bool) -> ColumnRule:
    column = COLUMNS[name]
    kind = INTEGER_KIND if column.dtype == "int" else NUMBER_KIND
    return ColumnRule(name, kind, nullable, column.minimum, column.maximum, column.allowed)


def real_file_rules(columns: Collection[str], score_scale: tuple[float, float]) -> RealFileRules:
    """The rules for a real file with ``columns``, whose scores are on ``score_scale`` ([lowest, highest])."""
    present = list(columns)
    id_column = next((name for name in REAL_ID_COLUMNS if name in present), None)
    group_column = next((name for name in REAL_GROUP_COLUMNS if name in present), None)
    rater_column = RATER_COLUMN if RATER_COLUMN in present else None
    names = [name for name in (id_column, group_column, rater_column) if name]
    rules = [ColumnRule(name, TEXT_KIND, nullable=False) for name in names]
    if TEXT.name in present:
        rules.append(ColumnRule(TEXT.name, TEXT_KIND, nullable=False))
    if "grade" in present:
        rules.append(_contract_rule("grade", nullable=False))
    telemetry = tuple(name for name in TELEMETRY_COLUMNS if name in present)
    rules += [_contract_rule(name, nullable=True) for name in telemetry]
    scores = tuple(name for name in LABEL_COLUMNS if name in present)
    low, high = score_scale
    rules += [ColumnRule(name, NUMBER_KIND, True, float(low), float(high)) for name in scores]
    read = {rule.name for rule in rules}
    per_session: tuple[str, ...] = ()
    if rater_column and id_column:
        per_session = tuple(r.name for r in rules if r.name not in (id_column, rater_column, *scores))
    return RealFileRules(
        id_column=id_column,
        group_column=group_column,
        rater_column=rater_column,
        missing=tuple(name for name in REAL_FILE_REQUIRED if name not in present),
        score_columns=scores,
        telemetry_columns=telemetry,
        columns=tuple(rules),
        key=tuple(name for name in (id_column, rater_column) if name),
        per_session=per_session,
        ignored=tuple(name for name in present if name not in read),
    )
