"""Run a quality suite with Great Expectations and turn the result into lines, JSON and Data Docs."""

from __future__ import annotations

import logging
import os
import shutil
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

import pandas as pd

log = logging.getLogger(__name__)
os.environ.setdefault("GX_ANALYTICS_ENABLED", "false")

# kwargs that say where an expectation looks, not what it expects
_WHERE_KEYS = {"column", "row_condition", "condition_parser", "batch_id", "result_format"}
# What expectations without value kwargs expect, in words for the failure line
_IMPLIED_EXPECTATION = {
    "expect_column_values_to_not_be_null": {"nulls": 0},
    "expect_column_values_to_be_unique": {"duplicates": 0},
}


@dataclass(frozen=True)
class Outcome:
    """One expectation's verdict, in words a person can act on."""

    expectation: str
    column: str
    condition: str
    success: bool
    observed: Any
    expected: dict[str, Any]
    unexpected_count: int | None
    details: dict[str, Any]

    def line(self, suite: str, rows: int) -> str:
        """One line: suite, expectation, column, condition, observed, expected, rows that broke it."""
        where = f" where {self.condition}" if self.condition else ""
        broke = f"; {self.unexpected_count} of {rows} rows broke it" if self.unexpected_count else ""
        expected = ", ".join(f"{key}={value!r}" for key, value in self.expected.items())
        return (
            f"FAILED {suite}: {self.expectation} column={self.column or '-'}{where}: "
            f"observed {self.observed!r}; expected {expected}{broke}"
        )


@dataclass(frozen=True)
class QualityReport:
    """A suite's verdict on one table."""

    suite: str
    source: str
    rows: int
    outcomes: list[Outcome]
    notes: tuple[str, ...] = ()

    @property
    def success(self) -> bool:
        return all(outcome.success for outcome in self.outcomes)

    @property
    def failures(self) -> list[Outcome]:
        return [outcome for outcome in self.outcomes if not outcome.success]

    def failure_lines(self) -> list[str]:
        return [outcome.line(self.suite, self.rows) for outcome in self.failures]

    def to_dict(self) -> dict[str, Any]:
        """A deterministic summary (no timestamps or run ids), for reports/quality/<suite>.json."""
        return {
            "suite": self.suite,
            "source": self.source,
            "rows": self.rows,
            "success": self.success,
            "evaluated": len(self.outcomes),
            "failed": len(self.failures),
            "notes": list(self.notes),
            "failures": self.failure_lines(),
            "results": [_jsonable(asdict(outcome)) for outcome in self.outcomes],
        }


def _jsonable(value: Any) -> Any:
    """Plain JSON types for numpy scalars and nested containers."""
    if isinstance(value, dict):
        return {str(key): _jsonable(item) for key, item in value.items()}
    if isinstance(value, (list, tuple)):
        return [_jsonable(item) for item in value]
    if hasattr(value, "item") and not isinstance(value, (str, bytes)):
        return value.item()
    if isinstance(value, float):
        return round(value, 6)
    return value


def describe_condition(condition: Any) -> str:
    """A row_condition as text, e.g. ``skill == 'empathy' and level == 'high'``."""
    if not condition:
        return ""
    if hasattr(condition, "to_json_dict"):
        condition = condition.to_json_dict()
    if isinstance(condition, str):
        return condition
    if condition.get("type") == "comparison":
        return f"{condition['column']['name']} {condition['operator']} {condition['parameter']!r}"
    joiner = f" {condition.get('type', 'and')} "
    return joiner.join(describe_condition(part) for part in condition.get("conditions", []))


def _summarise(kind: str, observed: Any, expected: dict[str, Any], details: dict[str, Any]) -> tuple[Any, dict]:
    """Shorter observed/expected for expectations whose raw kwargs are long lists."""
    if kind == "expect_table_columns_to_match_set":
        missing = details.get("details", {}).get("mismatched", {}).get("missing", [])
        return {"missing_columns": missing}, {"columns": f"all {len(expected['column_set'])} of the suite"}
    if kind == "expect_table_cell_counts_to_be_balanced":
        short = details.get("details", {})
        observed = {**observed, **{k: v for k, v in short.items() if v}}
        cells = len(expected["cells"])
        return observed, {
            "cells": f"{cells} combinations of {' x '.join(expected['columns'])}",
            "max_spread": expected.get("max_spread", 1),
        }
    if isinstance(observed, float):
        observed = round(observed, 4)
    return observed, expected


def _outcome(result: Any) -> Outcome:
    config = result.expectation_config
    kwargs = dict(config.kwargs)
    details = dict(result.result or {})
    observed = details.pop("observed_value", None)
    unexpected = details.pop("unexpected_count", None)
    partial = details.pop("partial_unexpected_list", None)
    if config.type == "expect_column_values_to_not_be_null" and unexpected:
        observed = {"nulls": unexpected}
    elif observed is None and partial:
        observed = {"examples": partial[:5]}
    if result.exception_info and result.exception_info.get("raised_exception"):
        observed = {"error": str(result.exception_info.get("exception_message")).splitlines()[0]}
    expected = {k: v for k, v in kwargs.items() if k not in _WHERE_KEYS} or _IMPLIED_EXPECTATION.get(config.type, {})
    observed, expected = _summarise(config.type, observed, expected, details)
    return Outcome(
        expectation=config.type,
        column=str(kwargs.get("column", "")),
        condition=describe_condition(kwargs.get("row_condition")),
        success=bool(result.success),
        observed=_jsonable(observed),
        expected=_jsonable(expected),
        unexpected_count=int(unexpected) if unexpected is not None else None,
        details=_jsonable(details.get("details", {})),
    )


def run_suite(
    frame: pd.DataFrame,
    suite: str,
    expectations: list,
    source: str,
    docs_dir: Path | None = None,
    notes: tuple[str, ...] = (),
) -> QualityReport:
    """Validate ``frame`` against ``expectations``; with ``docs_dir``, also build GX Data Docs there."""
    import great_expectations as gx
    from great_expectations.data_context.types.base import ProgressBarsConfig

    context = gx.get_context(mode="ephemeral")
    context.variables.progress_bars = ProgressBarsConfig(globally=False)
    asset = context.data_sources.add_pandas("skillsynth").add_dataframe_asset(suite)
    batch = asset.add_batch_definition_whole_dataframe("whole table")
    # Built whole and added once: adding expectations one by one re-serialises the suite each time.
    gx_suite = context.suites.add(gx.ExpectationSuite(name=suite, expectations=expectations))
    definition = context.validation_definitions.add(gx.ValidationDefinition(data=batch, suite=gx_suite, name=suite))
    actions: list[gx.checkpoint.ValidationAction] = []
    if docs_dir is not None:
        docs_dir = Path(docs_dir).resolve()
        shutil.rmtree(docs_dir, ignore_errors=True)
        context.add_data_docs_site(
            site_name="skillsynth",
            site_config={
                "class_name": "SiteBuilder",
                "store_backend": {"class_name": "TupleFilesystemStoreBackend", "base_directory": str(docs_dir)},
                "site_index_builder": {"class_name": "DefaultSiteIndexBuilder"},
            },
        )
        actions.append(gx.checkpoint.UpdateDataDocsAction(name="data_docs", site_names=["skillsynth"]))
    checkpoint = context.checkpoints.add(
        gx.Checkpoint(
            name=f"{suite}_gate",
            validation_definitions=[definition],
            actions=actions,
            result_format={"result_format": "SUMMARY", "partial_unexpected_count": 5},
        )
    )
    result = checkpoint.run(batch_parameters={"dataframe": frame})
    outcomes = sorted(
        (_outcome(item) for run in result.run_results.values() for item in run.results),
        key=lambda outcome: (outcome.expectation, outcome.column, outcome.condition, repr(outcome.expected)),
    )
    return QualityReport(suite=suite, source=source, rows=len(frame), outcomes=outcomes, notes=notes)
