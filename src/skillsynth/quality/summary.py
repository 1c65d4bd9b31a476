"""The quality gates' verdicts as Markdown: one row per gate, then every failed expectation (for CI summaries and
cards)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from skillsynth.markdown import table


def gate_table(reports: Sequence[Mapping[str, Any]]) -> str:
    """One row per gate: suite, status, rows, expectations evaluated and failed, source, notes."""
    rows = [
        [
            report["suite"],
            "passed" if report["success"] else "**FAILED**",
            report["rows"],
            report["evaluated"],
            report["failed"],
            report["source"],
            "; ".join(report.get("notes", [])) or None,
        ]
        for report in reports
    ]
    return table(["gate", "status", "rows", "expectations", "failed", "source", "notes"], rows)


def failures_table(reports: Sequence[Mapping[str, Any]]) -> str:
    """Every failed expectation: gate, expectation, column, condition, observed, expected, rows that broke it."""
    rows = [
        [
            report["suite"],
            f"`{result['expectation']}`",
            result["column"] or None,
            result["condition"] or None,
            result["observed"],
            result["expected"],
            f"{result['unexpected_count']} of {report['rows']}" if result.get("unexpected_count") else None,
        ]
        for report in reports
        for result in report.get("results", [])
        if not result["success"]
    ]
    return table(["gate", "expectation", "column", "where", "observed", "expected", "rows that broke it"], rows)


def gate_summary(reports: Sequence[Mapping[str, Any]]) -> str:
    """The Markdown section: a verdict line, the gate table, and the failures table when anything failed."""
    failed = [r["suite"] for r in reports if not r["success"]]
    if not reports:
        return "## Data-quality gates\n\nNo gate report found: run `dvc repro` first.\n"
    if failed:
        verdict = f"**{len(failed)} of {len(reports)} gates failed: {', '.join(failed)}.** `dvc repro` stopped there."
    else:
        verdict = f"All {len(reports)} gates passed."
    parts = ["## Data-quality gates", verdict, gate_table(reports)]
    if failed:
        parts += ["### Failed expectations", failures_table(reports)]
    return "\n\n".join(parts) + "\n"
