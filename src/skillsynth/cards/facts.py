"""The tables the cards show, computed from the training table, the metrics and the other stages' reports."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import pandas as pd

from skillsynth.contract import COLUMNS, LEVELS, SKILLS, TELEMETRY_COLUMNS, score_column
from skillsynth.markdown import frame_table, table

# Per-skill figures of the results table, in reading order; a column appears when any skill has it.
RESULT_COLUMNS = (
    "r2",
    "mae",
    "rmse",
    "n",
    "baseline_r2",
    "level_only_r2",
    "cv_r2_mean",
    "cv_r2_std",
    "ceiling_r2",
    "r2_vs_truth",
    "unseen_wording_r2",
    "unseen_wording_mae",
    "text_only_r2",
)
HEADLINE_COLUMNS = ("r2", "mae", "cv_r2_mean", "ceiling_r2", "unseen_wording_r2", "real_r2")
JUDGE_COLUMNS = (
    "judge_truth_pearson",
    "judge_truth_spearman",
    "heuristic_truth_pearson",
    "heuristic_truth_spearman",
    "judge_heuristic_pearson",
    "judge_heuristic_mae",
    "judge_heuristic_bias",
    "judge_n",
)
REAL_COLUMNS = ("real_r2", "real_mae", "real_rmse", "real_n", "real_baseline_r2", "real_level_only_r2")
RANGE_FEATURES = ("word_count", "mean_sentence_length", "readability_grade", "time_on_task_s", "retry_count")
QUANTILES = {"p10": 0.1, "median": 0.5, "p90": 0.9}
CONTRACT_ORDER = {"skill": SKILLS, "level": LEVELS}  # rows and columns in the contract's order, not A-Z


def _in_contract_order(frame: pd.DataFrame, rows: str, columns: str | None = None) -> pd.DataFrame:
    """``frame`` with its index (named ``rows``) and columns (named ``columns``) in the contract's order."""

    def order(labels: pd.Index, name: str | None) -> list:
        known = CONTRACT_ORDER.get(name or "", ())
        return [v for v in known if v in labels] + [v for v in labels if v not in known]

    return frame.loc[order(frame.index, rows), order(frame.columns, columns)]


def metrics_table(metrics: Mapping[str, Mapping[str, Any]], columns: Sequence[str]) -> str | None:
    """One row per skill with each of ``columns`` that any skill reports; None when none does."""
    present = [c for c in columns if any(c in m for m in metrics.values())]
    if not present:
        return None
    return table(["skill", *present], [[skill, *(m.get(c) for c in present)] for skill, m in metrics.items()])


def error_by_group_table(metrics: Mapping[str, Mapping[str, Any]], key: str, group: str) -> str | None:
    """MAE by grade or by level (``key`` = mae_by_grade / mae_by_level): a row per group, a column per skill."""
    by_skill = {skill: m[key] for skill, m in metrics.items() if key in m}
    if not by_skill:
        return None
    frame = _in_contract_order(pd.DataFrame(by_skill), group, "skill")
    if group == "grade":
        frame = frame.sort_index(key=lambda index: index.astype(int))
    return frame_table(frame, index_name=group)


def counts_table(frame: pd.DataFrame, rows: str, columns: str) -> str:
    """Samples per ``rows`` x ``columns`` cell, with totals."""
    counts = _in_contract_order(
        pd.crosstab(frame[rows], frame[columns], margins=True, margins_name="total"), rows, columns
    )
    total_last = [label for label in counts.index if label != "total"] + ["total"]
    return frame_table(
        counts.loc[total_last, [*(c for c in counts.columns if c != "total"), "total"]],
        index_name=f"{rows} / {columns}",
    )


def score_distribution_table(frame: pd.DataFrame) -> str:
    """Each skill's rated score on the samples whose prompt targeted it, by level: mean, sd and quantiles."""
    rows = []
    for skill in SKILLS:
        targeted = frame[frame["skill"] == skill]
        for level in LEVELS:
            scores = targeted.loc[targeted["level"] == level, score_column(skill)]
            if scores.empty:
                continue
            quantiles = scores.quantile(list(QUANTILES.values()))
            rows.append([skill, level, len(scores), scores.mean(), scores.std(), *quantiles])
    return table(["skill", "level", "samples", "mean", "sd", *QUANTILES], rows)


def by_grade_table(frame: pd.DataFrame, columns: Sequence[str]) -> str:
    """Mean and median of ``columns`` per grade (e.g. words per response rise with grade)."""
    grouped = frame.groupby("grade")[list(columns)]
    summary = pd.concat({"mean": grouped.mean(), "median": grouped.median()}, axis=1)
    summary.columns = [f"{column} ({stat})" for stat, column in summary.columns]
    return frame_table(summary[[f"{c} ({s})" for c in columns for s in ("mean", "median")]], index_name="grade")


def column_summary_table(frame: pd.DataFrame, columns: Sequence[str]) -> str:
    """Per column: its meaning (from the contract), mean, sd, min, quantiles and max."""
    rows = []
    for name in columns:
        values = frame[name]
        rows.append(
            [
                name,
                COLUMNS[name].description,
                values.mean(),
                values.std(),
                values.min(),
                *values.quantile(list(QUANTILES.values())),
                values.max(),
            ]
        )
    return table(["column", "meaning", "mean", "sd", "min", *QUANTILES, "max"], rows)


def telemetry_table(frame: pd.DataFrame) -> str:
    """Every simulated telemetry signal's distribution."""
    return column_summary_table(frame, TELEMETRY_COLUMNS)


def feature_range_table(frame: pd.DataFrame) -> str:
    """The training range of the features that most often fall outside it in new data."""
    return column_summary_table(frame, RANGE_FEATURES)


def settings_table(settings: Mapping[str, Any], prefix: str) -> str:
    """Every leaf of a config section as ``key | value`` (``prefix`` names the section)."""
    return table(["setting", "value"], flatten(settings, prefix))


def flatten(value: Any, prefix: str = "") -> list[tuple[str, Any]]:
    """Leaves of nested mappings as (dotted key, value); lists stay whole."""
    if isinstance(value, Mapping) and value:
        return [
            leaf for key, item in value.items() for leaf in flatten(item, f"{prefix}.{key}" if prefix else str(key))
        ]
    return [(prefix, value)]


def report_tables(report: Mapping[str, Any]) -> str:
    """Any stage's JSON report as tables: a mapping of like records becomes one table (a row per
    record), anything else a ``key | value`` list. The cards show reports they do not know this way."""
    records = {k: v for k, v in report.items() if isinstance(v, Mapping) and v and not _nested(v)}
    if len(records) >= 2 and len(records) == len(report):
        keys = list(dict.fromkeys(key for record in records.values() for key in record))
        return table(["", *keys], [[name, *(record.get(key) for key in keys)] for name, record in records.items()])
    return table(["figure", "value"], flatten(report))


def _nested(record: Mapping[str, Any]) -> bool:
    return any(isinstance(value, Mapping) for value in record.values())
