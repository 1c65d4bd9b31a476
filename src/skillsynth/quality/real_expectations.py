"""Custom Great Expectations checks the real-file rules need: one of several columns, numbers, one value per session."""

from __future__ import annotations

from typing import ClassVar

import numpy as np
import pandas as pd
from great_expectations.execution_engine import PandasExecutionEngine
from great_expectations.expectations.expectation import (
    BatchExpectation,
    ColumnAggregateExpectation,
    ColumnMapExpectation,
)
from great_expectations.expectations.metrics.column_aggregate_metric_provider import (
    ColumnAggregateMetricProvider,
)
from great_expectations.expectations.metrics.map_metric_provider import (
    ColumnMapMetricProvider,
    column_condition_partial,
)
from great_expectations.expectations.metrics.metric_provider import metric_value


class ExpectTableToHaveOneOfColumns(BatchExpectation):
    """Expect the table to have at least one of ``columns`` (e.g. an id as `sample_id` or `id`)."""

    columns: list[str]

    metric_dependencies: ClassVar[tuple[str, ...]] = ("table.columns",)
    success_keys: ClassVar[tuple[str, ...]] = ("columns",)
    args_keys: ClassVar[tuple[str, ...]] = ("columns",)

    def _validate(self, metrics: dict, runtime_configuration: dict | None = None, execution_engine=None) -> dict:
        found = [name for name in self.columns if name in metrics["table.columns"]]
        return {"success": bool(found), "result": {"observed_value": {"found": found}}}


class ColumnValuesAreNumbers(ColumnMapMetricProvider):
    """Each value is a finite number (text that spells one counts), and whole where ``whole`` is set."""

    condition_metric_name = "column_values.are_numbers"
    condition_value_keys = ("whole",)

    @column_condition_partial(engine=PandasExecutionEngine)
    def _pandas(cls, column: pd.Series, whole: bool, **kwargs) -> pd.Series:
        numbers = pd.to_numeric(column, errors="coerce").astype("float64")
        good = np.isfinite(numbers)
        return good & (numbers == np.round(numbers)) if whole else good


class ExpectColumnValuesToBeNumbers(ColumnMapExpectation):
    """Expect every non-empty value to be a finite number, and a whole one when ``whole`` is true."""

    whole: bool = False

    map_metric = "column_values.are_numbers"
    success_keys: ClassVar[tuple[str, ...]] = ("whole", "mostly")
    args_keys: ClassVar[tuple[str, ...]] = ("column", "whole")


class ColumnGroupsWithSeveralValues(ColumnAggregateMetricProvider):
    """The values of ``group_column`` whose rows hold more than one value of the column (empty counts as one)."""

    metric_name = "column.groups_with_several_values"
    value_keys = ("group_column",)

    @metric_value(engine=PandasExecutionEngine)
    def _pandas(cls, execution_engine, metric_domain_kwargs, metric_value_kwargs, metrics, runtime_configuration):
        frame, _, accessor = execution_engine.get_compute_domain(metric_domain_kwargs, domain_type="column")
        groups = frame.groupby(metric_value_kwargs["group_column"], sort=True)
        distinct = groups[accessor["column"]].nunique(dropna=False)
        return [str(group) for group in distinct.index[distinct > 1]]


class ExpectColumnValuesToAgreeWithinGroups(ColumnAggregateExpectation):
    """Expect the rows of each ``group_column`` value to hold one value of the column (one session's rater rows)."""

    group_column: str

    metric_dependencies: ClassVar[tuple[str, ...]] = ("column.groups_with_several_values",)
    success_keys: ClassVar[tuple[str, ...]] = ("group_column",)
    args_keys: ClassVar[tuple[str, ...]] = ("column", "group_column")

    def _validate(self, metrics: dict, runtime_configuration: dict | None = None, execution_engine=None) -> dict:
        disagreeing: list[str] = metrics["column.groups_with_several_values"]
        return {
            "success": not disagreeing,
            "result": {"observed_value": {"groups_with_several_values": disagreeing[:5], "count": len(disagreeing)}},
        }
