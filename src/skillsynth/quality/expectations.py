"""Custom Great Expectations checks the library lacks: ordered group means, and balanced cells."""

from __future__ import annotations

from itertools import pairwise
from typing import Any, ClassVar

from great_expectations.execution_engine import PandasExecutionEngine
from great_expectations.expectations.expectation import BatchExpectation, ColumnAggregateExpectation
from great_expectations.expectations.metrics.column_aggregate_metric_provider import (
    ColumnAggregateMetricProvider,
)
from great_expectations.expectations.metrics.metric_provider import metric_value
from great_expectations.expectations.metrics.table_metric_provider import TableMetricProvider

CELL_SEPARATOR = " | "


class ColumnGroupMeans(ColumnAggregateMetricProvider):
    """Mean of a column within each value of ``group_column`` (rows passing any row_condition)."""

    metric_name = "column.group_means"
    value_keys = ("group_column",)

    @metric_value(engine=PandasExecutionEngine)
    def _pandas(cls, execution_engine, metric_domain_kwargs, metric_value_kwargs, metrics, runtime_configuration):
        frame, _, accessor = execution_engine.get_compute_domain(metric_domain_kwargs, domain_type="column")
        means = frame.groupby(metric_value_kwargs["group_column"], observed=True)[accessor["column"]].mean()
        return {str(group): float(mean) for group, mean in means.items()}


class ExpectColumnMeansToBeOrderedByGroup(ColumnAggregateExpectation):
    """Expect the column's mean to fall group by group in ``order``: strictly, and by at least ``min_gap``.

    A group with no rows fails the expectation (its mean is unknown), and is named in the result.
    """

    group_column: str
    order: list[str]
    min_gap: float = 0.0

    metric_dependencies: ClassVar[tuple[str, ...]] = ("column.group_means",)
    success_keys: ClassVar[tuple[str, ...]] = ("group_column", "order", "min_gap")
    args_keys: ClassVar[tuple[str, ...]] = ("column", "group_column", "order", "min_gap")

    def _validate(self, metrics: dict, runtime_configuration: dict | None = None, execution_engine=None) -> dict:
        means: dict[str, float] = metrics["column.group_means"]
        missing = [group for group in self.order if group not in means]
        pairs = list(pairwise(self.order))
        gaps = {f"{upper} - {lower}": means[upper] - means[lower] for upper, lower in pairs if not missing}
        broken = [pair for pair, gap in gaps.items() if gap < self.min_gap or gap <= 0]
        return {
            "success": not missing and not broken,
            "result": {
                "observed_value": {group: round(means[group], 4) for group in self.order if group in means},
                "details": {
                    "missing_groups": missing,
                    "gaps": {pair: round(gap, 4) for pair, gap in gaps.items()},
                    "gaps_below_min": broken,
                },
            },
        }


class TableCellCounts(TableMetricProvider):
    """Row count of every combination of ``columns``' values, keyed by the values joined with ' | '."""

    metric_name = "table.cell_counts"
    value_keys = ("columns",)

    @metric_value(engine=PandasExecutionEngine)
    def _pandas(cls, execution_engine, metric_domain_kwargs, metric_value_kwargs, metrics, runtime_configuration):
        frame, _, _ = execution_engine.get_compute_domain(metric_domain_kwargs, domain_type="table")
        counts = frame.groupby(list(metric_value_kwargs["columns"]), observed=True).size()
        return {
            CELL_SEPARATOR.join(str(part) for part in (key if isinstance(key, tuple) else (key,))): int(size)
            for key, size in counts.items()
        }


def cell_key(values: tuple[Any, ...]) -> str:
    """The key ``TableCellCounts`` uses for one combination of values."""
    return CELL_SEPARATOR.join(str(value) for value in values)


class ExpectTableCellCountsToBeBalanced(BatchExpectation):
    """Expect every listed combination of ``columns`` to hold rows, and cell sizes to differ by at most ``max_spread``.

    Cells outside ``cells`` count as unbalanced too: they are combinations the design never made.
    """

    columns: list[str]
    cells: list[list[Any]]
    max_spread: int = 1

    metric_dependencies: ClassVar[tuple[str, ...]] = ("table.cell_counts",)
    success_keys: ClassVar[tuple[str, ...]] = ("columns", "cells", "max_spread")
    args_keys: ClassVar[tuple[str, ...]] = ("columns", "cells", "max_spread")

    def _validate(self, metrics: dict, runtime_configuration: dict | None = None, execution_engine=None) -> dict:
        counts: dict[str, int] = metrics["table.cell_counts"]
        expected = {cell_key(tuple(cell)): counts.get(cell_key(tuple(cell)), 0) for cell in self.cells}
        unplanned = {key: size for key, size in counts.items() if key not in expected}
        smallest, largest = min(expected.values()), max(expected.values())
        floor = smallest if largest - smallest <= self.max_spread else largest - self.max_spread
        off = {key: size for key, size in expected.items() if size < floor}
        unexpected = sum(floor - size for size in off.values()) + sum(unplanned.values())
        total = max(sum(counts.values()), 1)
        return {
            "success": largest - smallest <= self.max_spread and not unplanned,
            "result": {
                "observed_value": {"smallest_cell": smallest, "largest_cell": largest},
                "element_count": total,
                "unexpected_count": unexpected,
                "unexpected_percent": 100.0 * unexpected / total,
                "details": {
                    "short_cells": dict(sorted(off.items(), key=lambda item: item[1])[:10]),
                    "unplanned_cells": dict(sorted(unplanned.items())[:10]),
                },
            },
        }
