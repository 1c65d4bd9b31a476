"""The suite runner: Great Expectations' verdicts as one line per failure, a deterministic JSON report,
and Data Docs built fresh where asked."""

from __future__ import annotations

import json
from pathlib import Path

import great_expectations as gx
import numpy as np
import pandas as pd
import pytest
from great_expectations.expectations.row_conditions import Column as Where
from great_expectations.expectations.row_conditions import Condition

from skillsynth.quality.runner import Outcome, QualityReport, describe_condition, run_suite

TABLE = pd.DataFrame(
    {
        "sample_id": ["a", "b", "c", "d"],
        "skill": ["empathy", "empathy", "resilience", "resilience"],
        "empathy_score": [0.2, 1.7, 0.4, 0.9],
        "text": ["I helped.", None, "I tried again.", "I waited."],
    }
)


def _expectations() -> list:
    return [
        gx.expectations.ExpectColumnValuesToBeBetween(
            column="empathy_score",
            min_value=0.0,
            max_value=1.0,
            row_condition=Where("skill") == "empathy",
        ),
        gx.expectations.ExpectColumnValuesToNotBeNull(column="text"),
        gx.expectations.ExpectColumnValuesToBeUnique(column="sample_id"),
    ]


@pytest.fixture(scope="module")
def report() -> QualityReport:
    return run_suite(TABLE, "training", _expectations(), source="training_data.csv", notes=("a note",))


def test_each_failure_is_one_line_naming_column_condition_observed_and_expected(report: QualityReport) -> None:
    assert not report.success and report.rows == 4 and len(report.outcomes) == 3
    assert report.failure_lines() == [
        "FAILED training: expect_column_values_to_be_between column=empathy_score where skill == 'empathy': "
        "observed {'examples': [1.7]}; expected min_value=0.0, max_value=1.0; 1 of 4 rows broke it",
        "FAILED training: expect_column_values_to_not_be_null column=text: observed {'nulls': 1}; "
        "expected nulls=0; 1 of 4 rows broke it",
    ]
    [passed] = [outcome for outcome in report.outcomes if outcome.success]
    assert passed.expectation == "expect_column_values_to_be_unique"


def test_the_json_report_is_plain_and_the_same_on_every_run(report: QualityReport) -> None:
    summary = report.to_dict()
    assert {key: summary[key] for key in ("suite", "source", "rows", "success", "evaluated", "failed", "notes")} == {
        "suite": "training",
        "source": "training_data.csv",
        "rows": 4,
        "success": False,
        "evaluated": 3,
        "failed": 2,
        "notes": ["a note"],
    }
    assert summary["failures"] == report.failure_lines()
    assert [result["expectation"] for result in summary["results"]] == sorted(
        result["expectation"] for result in summary["results"]
    )
    again = run_suite(TABLE, "training", _expectations(), source="training_data.csv", notes=("a note",))
    assert json.dumps(again.to_dict(), sort_keys=True) == json.dumps(summary, sort_keys=True)  # no run ids or times


def test_a_clean_table_passes_and_data_docs_replace_what_was_there(tmp_path: Path) -> None:
    docs = tmp_path / "docs" / "training"
    docs.mkdir(parents=True)
    (docs / "stale.html").write_text("an earlier run")
    clean = TABLE.assign(empathy_score=[0.2, 0.3, 0.4, 0.9], text=["a", "b", "c", "d"])
    report = run_suite(clean, "training", _expectations(), source="training_data.csv", docs_dir=docs)
    assert report.success and report.failures == [] and report.failure_lines() == []
    assert (docs / "index.html").is_file() and not (docs / "stale.html").exists()


def test_numpy_values_become_plain_json_and_floats_are_rounded() -> None:
    outcome = Outcome(
        expectation="expect_column_mean_to_be_between",
        column="empathy_score",
        condition="",
        success=False,
        observed=np.float64(0.12345678),
        expected={"min_value": np.int64(0)},
        unexpected_count=None,
        details={"means": (np.float32(0.5), 0.1234567891)},
    )
    summary = QualityReport(suite="s", source="t.csv", rows=2, outcomes=[outcome]).to_dict()
    [result] = summary["results"]
    assert result["observed"] == 0.12345678 and type(result["expected"]["min_value"]) is int
    assert result["details"] == {"means": [0.5, 0.123457]}
    json.dumps(summary)  # nothing numpy is left


def test_a_failure_without_column_or_row_count_still_reads_as_one_line() -> None:
    outcome = Outcome(
        expectation="expect_table_row_count_to_equal",
        column="",
        condition="",
        success=False,
        observed=399,
        expected={"value": 400},
        unexpected_count=None,
        details={},
    )
    assert outcome.line("responses", 399) == (
        "FAILED responses: expect_table_row_count_to_equal column=-: observed 399; expected value=400"
    )


@pytest.mark.parametrize(
    ("condition", "text"),
    [
        (None, ""),
        ("skill == 'empathy'", "skill == 'empathy'"),
        (Where("skill") == "empathy", "skill == 'empathy'"),
        ((Where("skill") == "empathy") & (Where("level") == "high"), "skill == 'empathy' and level == 'high'"),
    ],
    ids=["none", "text", "comparison", "and"],
)
def test_row_conditions_read_as_text(condition: object, text: str) -> None:
    if isinstance(condition, Condition):  # as the runner gets it: serialised in the expectation's kwargs
        expectation = gx.expectations.ExpectColumnValuesToNotBeNull(column="text", row_condition=condition)
        condition = expectation.configuration.kwargs["row_condition"]
    assert describe_condition(condition) == text
